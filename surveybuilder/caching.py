"""A small, thread-safe, size-bounded cache for things that never change once made.

Published survey versions are immutable, so what is derived from one (the parsed
definition, the blank markup of a page) can be kept for the life of the process
instead of being rebuilt on every request. Each app keeps its own caches (see
`respond/blueprint.py`), so two apps in one process never share entries.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class LRUCache(Generic[T]):
    """Keeps the `size` most recently used values; the oldest is dropped first."""

    def __init__(self, size: int):
        self._size = size
        self._items: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key: Hashable, make: Callable[[], T]) -> T:
        """The value for `key`, made (outside the lock) and kept if it is not there.

        Two threads missing at once may both make it; either result is correct
        because the value depends only on the key."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        self.put(key, value)
        return value

    def get(self, key: Hashable) -> T | None:
        """The value for `key` if it is kept, else None (for callers that must not
        make it, such as one trusting a key sent by a browser)."""
        with self._lock:
            return self._items.get(key)

    def put(self, key: Hashable, value: T) -> None:
        """Keep `value` for `key`, replacing what was there."""
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)
