"""Answer a public page from its validator: 304 or a cached copy for anonymous visitors, else render it.

Used by portal views whose page is the same for every anonymous visitor. The
validator is read before anything is rendered: first alone (enough for a 304
or a cached copy), and again on the request's own transaction when the page
must be rendered, so a stored page is never older than the validator it is
stored under. Logged-in users and visitors with a pending message always get
a freshly rendered page and never a cached one (their page differs).

The first reading is kept per process until anyone commits a change
(:mod:`minutes_app.freshness.changes`: PostgreSQL's notifications, SQLite's
data version): a 304 or a cached page then costs no query of the page's data.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import datetime
from threading import Lock

from flask import current_app, request, session
from flask_login import current_user
from sqlalchemy import Connection, Engine
from werkzeug.wrappers import Response

from ...extensions import database, db_session
from ...freshness import PageCache, PageState, release_stamp
from ...freshness.changes import ChangeFeed, ValidatorCache
from ..body_context import portal_body, portal_prefixed
from ..filters import BERLIN

VIEWER_ANONYMOUS = "anonym"
CACHE_EXTENSION = "minutes_page_cache"
BODY_MEMO_EXTENSION = "minutes_portal_body_memo"
VALIDATORS_EXTENSION = "minutes_validator_cache"
_validators_lock = Lock()
#: Distinct Host headers remembered per bodies version (anyone can send any Host).
BODY_MEMO_ENTRIES = 64


def page_cache() -> PageCache:
    """This process's cache of anonymous pages (``PAGE_CACHE_ENTRIES`` pages, 0 turns it off)."""
    cache = current_app.extensions.get(CACHE_EXTENSION)
    if cache is None:
        cache = PageCache(int(current_app.config.get("PAGE_CACHE_ENTRIES", 128)))
        current_app.extensions[CACHE_EXTENSION] = cache
    return cache  # type: ignore[no-any-return]


def validator_cache() -> ValidatorCache:
    """This process's validators, kept while nobody commits a change (PostgreSQL, SQLite files)."""
    cache = current_app.extensions.get(VALIDATORS_EXTENSION)
    if cache is None:
        with _validators_lock:
            cache = current_app.extensions.get(VALIDATORS_EXTENSION)
            if cache is None:
                db = database()
                feed = ChangeFeed.for_engine(db.read_engine)
                cache = ValidatorCache(feed)
                if feed is not None:
                    db.after_change.append(feed.changed)
                    db.on_dispose.append(feed.close)
                current_app.extensions[VALIDATORS_EXTENSION] = cache
    return cache  # type: ignore[no-any-return]


def _anonymous_without_messages() -> bool:
    if current_user.is_authenticated:
        return False
    # A flashed message belongs to one visitor's page only.
    return "_flashes" not in session


def _portal_body_id(bodies: str) -> int | None:
    """The portal body's id; for unprefixed addresses remembered per bodies version and host name."""
    if portal_prefixed():
        body = portal_body()
        return body.id if body is not None else None
    memo: dict[tuple[str, str], int | None] = current_app.extensions.setdefault(BODY_MEMO_EXTENSION, {})
    key = (bodies, request.host)
    if key not in memo:
        if len(memo) >= BODY_MEMO_ENTRIES:
            memo.clear()
        body = portal_body()
        memo[key] = body.id if body is not None else None
    return memo[key]


def _respond(page: bytes | None, etag: str) -> Response:
    response = Response(page, status=200 if page is not None else 304, mimetype="text/html")
    response.set_etag(etag.strip('"'))
    response.headers["Cache-Control"] = "no-cache"
    response.vary.add("Cookie")
    return response


def fresh_page(key: Hashable, state: Callable[[Engine | Connection], PageState | None],
               render: Callable[[], str]) -> Response | str:
    """The page from ``render``, unless its validator from ``state`` lets it be answered without rendering.

    ``state`` is asked first on the engine (latest committed state, no
    transaction of this request), or its answer is taken from the validator
    cache under ``key``: enough for a 304 or a cached copy. Only when the page
    must be rendered is it asked again on the request's own transaction, and
    the page is stored under that validator.
    """
    if not _anonymous_without_messages():
        return render()
    latest = validator_cache().get(key, lambda: state(database().read_engine))
    etag = _etag(latest)
    if etag is None:
        return render()  # not public here, or not covered by the validator: the view decides
    if etag.strip('"') in request.if_none_match:
        return _respond(None, etag)
    cache = page_cache()
    page = cache.get((request.host, request.full_path, etag))
    if page is None:
        etag = _etag(state(db_session().connection()))
        page = render().encode()
        if etag is None:  # changed in between: the page stands as rendered, without a validator
            return page.decode()
        cache.put((request.host, request.full_path, etag), page)
    return _respond(page, etag)


def _etag(page_state: PageState | None) -> str | None:
    """The validator of the page for anonymous visitors, or None where the page must always be rendered."""
    if page_state is None or not page_state.cacheable:
        return None
    portal_body_id = _portal_body_id(page_state.bodies)
    if page_state.body_id is not None and page_state.body_id != portal_body_id:
        return None
    return page_state.etag(
        viewer=VIEWER_ANONYMOUS, address=request.full_path, day=datetime.now(BERLIN).date().isoformat(),
        release=release_stamp(), portal_body_id=portal_body_id,
    )
