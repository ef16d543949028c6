"""The "reindex pending" marker of the Whoosh indexes: ids whose update could not be written yet.

An update that finds the index busy or broken, or that runs while a rebuild
reads the database, appends its ids here; the next update (or the rebuild,
after its switch) claims and applies them (see :mod:`.indexer`).
"""
from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path

PENDING_FILE = "reindex-pending"


def mark_pending(pending_file: Path, ids: Iterable[str]) -> None:
    """Append ids to the "reindex pending" marker (one short append per call, safe across processes)."""
    pending_file.parent.mkdir(parents=True, exist_ok=True)
    data = "".join(f"{i}\n" for i in ids).encode()
    fd = os.open(pending_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def take_pending(pending_file: Path) -> set[str]:
    """Claim the ids of the marker (renamed away first, so two processes never both take them)."""
    if not pending_file.exists():
        return set()
    claimed = pending_file.with_name(f"{pending_file.name}.{os.getpid()}.{threading.get_ident()}")
    try:
        os.replace(pending_file, claimed)
    except FileNotFoundError:
        return set()
    try:
        return {line.strip() for line in claimed.read_text().splitlines() if line.strip()}
    finally:
        claimed.unlink(missing_ok=True)
