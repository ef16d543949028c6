"""A bounded, per-process cache of rendered anonymous pages, keyed by address and validator.

Only pages whose validator was computed for the anonymous viewer class go in;
a key holds the validator, so a change to the page's data makes a new key and
the old entry is never asked for again (it ages out of the LRU order).
"""
from __future__ import annotations

from collections import OrderedDict
from threading import Lock


class PageCache:
    """Least-recently-used map of (host, address, validator) → page bytes, at most ``entries`` pages."""

    def __init__(self, entries: int) -> None:
        self.entries = max(0, entries)
        self._pages: OrderedDict[tuple[str, str, str], bytes] = OrderedDict()
        # gthread workers serve several requests of one process at once.
        self._lock = Lock()

    def get(self, key: tuple[str, str, str]) -> bytes | None:
        """The page stored under ``key``, marked as recently used; None when absent."""
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: tuple[str, str, str], page: bytes) -> None:
        """Store ``page``, dropping the least recently used pages beyond the bound."""
        if self.entries == 0:
            return
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.entries:
                self._pages.popitem(last=False)

    def __len__(self) -> int:
        return len(self._pages)
