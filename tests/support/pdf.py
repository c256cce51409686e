"""The `pdf` marker: tests that draw a PDF with WeasyPrint, so `-m "not pdf"` leaves them out.

Loaded as a pytest plugin from tests/conftest.py (`pytest_plugins = [..., "support.pdf"]`).

Drawing a PDF takes about a second a time, so `make test-fast` runs
`-m "not browser and not pdf and not servers"`. A marker that is forgotten would quietly make the
fast tier slow, so it is checked rather than trusted: every WeasyPrint layout
(`weasyprint.HTML.render`, which `write_pdf` calls too) is counted, and a test that
is not marked `pdf` but drew one fails with a message saying to mark it. The count
sees drawing done anywhere in the test's process: in the test, in the app it calls,
in the live server's thread for the browser, in the command-line runner.

WeasyPrint is not imported here (it takes a second or two and the fast tier never
needs it): the counter goes on when something first imports it.
"""

from __future__ import annotations

import functools
import importlib.abc
import importlib.util
import sys
import threading
from collections.abc import Iterator

import pytest

_lock = threading.Lock()
_drawn = [0]  # WeasyPrint layouts drawn in this process so far
_checked = [0]  # ...when the last test finished


def _count_renders(weasyprint) -> None:
    html = weasyprint.HTML
    if getattr(html.render, "_surveybuilder_counted", False):
        return
    render = html.render

    @functools.wraps(render)
    def counted(self, *args, **kwargs):
        with _lock:
            _drawn[0] += 1
        return render(self, *args, **kwargs)

    counted._surveybuilder_counted = True
    html.render = counted


class _CountOnImport(importlib.abc.MetaPathFinder):
    """Finds nothing itself: when `weasyprint` is first imported it hands back the real
    module spec, whose loader switches the counter on once the module is loaded."""

    def find_spec(self, name, path, target=None):
        if name != "weasyprint":
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        exec_module = loader.exec_module

        def exec_and_count(module):
            exec_module(module)
            _count_renders(module)

        # Only this import's loader object is changed; it keeps its other methods
        # (resource readers and the like).
        loader.exec_module = exec_and_count
        return spec


def pytest_configure(config: pytest.Config) -> None:
    if "weasyprint" in sys.modules:
        _count_renders(sys.modules["weasyprint"])
    else:
        sys.meta_path.insert(0, _CountOnImport())


@pytest.fixture(autouse=True)
def _pdf_marker_is_not_forgotten(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test that drew a PDF without the `pdf` marker.

    Counted from the end of the previous test, not from this fixture's start, so a
    module-scoped fixture that draws while this test is being set up (before any
    function-scoped fixture) is charged to this test too.
    """
    yield
    with _lock:
        drawn = _drawn[0] - _checked[0]
        _checked[0] = _drawn[0]
    if drawn and not request.node.get_closest_marker("pdf"):
        pytest.fail(
            f"{request.node.nodeid} drew {drawn} PDF(s) with WeasyPrint but is not marked "
            "pdf. Mark it (@pytest.mark.pdf, or pytestmark in a module of PDF tests) so "
            "that `make test-fast` leaves it out.", pytrace=False)
