"""The register of job kinds: which plain function does each kind of background work.

Handlers register themselves where their work lives (printing, e-mail), and the runner
looks them up by the kind stored on the job's row. A kind registered twice by
different functions is a mistake worth failing loudly for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Handler = Callable[..., None]


@dataclass(frozen=True)
class Kind:
    """One kind of job: its handler, and the arguments that are personal data.

    `private_args` (like a resident's e-mail address) are blanked on the row once the
    job is done or has failed for good, so they are kept no longer than needed."""

    name: str
    handler: Handler
    private_args: tuple[str, ...] = ()


_KINDS: dict[str, Kind] = {}


def register(name: str, *, private_args: tuple[str, ...] = ()) -> Callable[[Handler], Handler]:
    """Decorate a handler `fn(job: JobContext, **args) -> None` as the one for `name`."""
    def decorate(handler: Handler) -> Handler:
        existing = _KINDS.get(name)
        if existing is not None and _qualified(existing.handler) != _qualified(handler):
            raise ValueError(f"Job kind {name!r} is already registered by "
                             f"{_qualified(existing.handler)}")
        _KINDS[name] = Kind(name, handler, tuple(private_args))
        return handler
    return decorate


def kind(name: str) -> Kind | None:
    return _KINDS.get(name)


def _qualified(function: Any) -> str:
    return f"{function.__module__}.{function.__qualname__}"
