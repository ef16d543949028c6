"""Rebuilding beside the live index: generation directories and an atomic switch.

An index lives at ``SEARCH_INDEX_DIR/public`` (and ``…/internal``). A rebuild
writes a complete new index into a sibling directory (``public.g<time>-<pid>``)
while the live one keeps answering searches and taking updates; only when the
new index is committed does ``public`` become a symbolic link to it, by
renaming a prepared link over the old name (``rename`` is atomic, so every
process sees either the old or the new index, never none). A rebuild that
fails leaves the live index untouched and removes its half-written directory.

Searchers and writers resolve the link once when they open the index, so each
works on one generation throughout. The previous generation is kept for
searchers still open on it (in other worker processes) and removed at the
next switch. Updates saved while a rebuild runs are also noted as pending
(see :mod:`.indexer`) and applied to the new index right after the switch.

A rebuild in two processes writes two new directories per index, one per
process; before the switch, :func:`absorb` moves the segments of one into the
other (segments are self-contained: each numbers its documents from zero, and
a table of contents lists them), so the switch stays one rename.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.index import _DEF_INDEX_NAME, TOC, clean_files

#: Present in ``SEARCH_INDEX_DIR`` while a rebuild runs: every update also marks its ids pending.
REBUILD_MARKER = "rebuild-running"


def live(path: Path) -> Path:
    """The directory the index at ``path`` currently lives in (the link resolved)."""
    return path.resolve() if path.is_symlink() else path


def new_generation(path: Path) -> Path:
    """A fresh, empty directory beside ``path`` for a rebuild."""
    target = path.with_name(f"{path.name}.g{time.time_ns()}-{os.getpid()}")
    target.mkdir(parents=True)
    return target


def _generations(path: Path) -> list[Path]:
    return sorted(p for p in path.parent.glob(f"{path.name}.g*") if p.is_dir() and not p.is_symlink())


def switch(path: Path, target: Path) -> None:
    """Make ``path`` point to ``target`` in one atomic step, then remove generations older than the previous one."""
    previous = live(path) if path.exists() else None
    if path.exists() and not path.is_symlink():
        # An index from before rebuilds swapped: moved aside once (the only moment ``path`` is briefly missing).
        moved = path.with_name(f"{path.name}.g0-{os.getpid()}")
        os.rename(path, moved)
        previous = moved
    link = path.with_name(f".{path.name}.link-{os.getpid()}")
    link.unlink(missing_ok=True)
    os.symlink(target.name, link)
    os.replace(link, path)
    keep = {target.resolve(), previous.resolve() if previous is not None else None}
    for old in _generations(path):
        if old.resolve() not in keep:
            shutil.rmtree(old, ignore_errors=True)


def discard(target: Path) -> None:
    """Remove the directory of a rebuild that did not finish."""
    shutil.rmtree(target, ignore_errors=True)


def absorb(target: Path, part: Path) -> None:
    """Move the segments of the finished index in ``part`` into the one in ``target``, then remove ``part``.

    Both are new generations nobody searches or writes yet, so the new table
    of contents (the segments of ``target`` followed by those of ``part``) is
    written without a lock.
    """
    name = _DEF_INDEX_NAME
    storage = FileStorage(str(target))
    toc = TOC.read(storage, name)
    added = TOC.read(FileStorage(str(part)), name).segments
    segment_file = TOC._segment_pattern(name)
    for filename in os.listdir(part):
        if segment_file.match(filename):
            os.rename(part / filename, target / filename)
    segments = [*toc.segments, *added]
    TOC(toc.schema, segments, toc.generation + 1).write(storage, name)
    clean_files(storage, name, toc.generation + 1, segments)
    shutil.rmtree(part)
