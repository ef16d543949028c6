"""What an app server process does once the application is loaded.

:func:`settle` moves every object that exists after start-up (modules,
classes, functions, the ORM's mappers, the compound lexicon: some 175,000)
into the garbage collector's permanent generation. They live as long as the
process, yet every full collection walked all of them: 80–120 ms on 2 cores,
about once per 20 to 40 saves, in the middle of whatever request was running.
Frozen, a full collection walks only what came later (13–16 ms, measured over
80 saves at 100,000 Vorlagen). Reference counting still frees every object
that is no longer used; only garbage cycles among the frozen objects would be
missed, and start-up objects are meant to live as long as the process.

:func:`warm` opens the search indexes before the first request, so that
request does not wait for the per-segment arrays (1.2 s at 100,000 Vorlagen).

Only app servers warm and settle (:mod:`.wsgi`). Commands that build millions of
objects after start-up (the index rebuild, the OParl import) do not: with the
start-up frozen, the collector's "a quarter more long-lived objects" rule
starts full collections over their growing structures far more often
(rebuild at 20,000 Vorlagen 132 → 162 s when it was tried).
"""
from __future__ import annotations

import gc

from flask import Flask


def settle() -> None:
    """Collect what start-up left as garbage, then freeze everything that is left (see the module docstring)."""
    gc.collect()
    gc.freeze()


def warm(app: Flask) -> None:
    """Open the app's search indexes with their per-segment arrays (see :meth:`.search.SearchIndexes.warm`)."""
    from .search import EXTENSION

    indexes = app.extensions.get(EXTENSION)
    if indexes is not None:
        indexes.warm()
