"""Freshness of public pages: validators from one cheap query, and a small cache of rendered pages.

A public page's validator (ETag) is computed before any rendering from what
the page shows: the latest ``modified`` and the number (and id sum, so a swap
of links is seen) of every kind of row on the page, the state that decides
visibility, the viewer class, the day (labels such as "überfällig") and the
application release. A browser that revalidates gets 304 without the page
being built; an anonymous request for a page another anonymous visitor just
saw is answered from :class:`~minutes_app.freshness.page_cache.PageCache`.

Rows change their ``modified`` through the ORM's ``onupdate``; app servers
sharing one database must therefore keep their clocks synchronised (NTP).
"""
from __future__ import annotations

from .page_cache import PageCache
from .validators import PageState, meeting_list_state, meeting_page_state, release_stamp

__all__ = ["PageCache", "PageState", "meeting_list_state", "meeting_page_state", "release_stamp"]
