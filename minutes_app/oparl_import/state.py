"""Resume state of an import run, kept under the instance folder until the run completes.

After every committed page the runner writes which lists are done, where the
current list goes on, and the links from Beratungen to TOPs still to be made.
An interrupted run (Ctrl-C, a crash, a lost connection) is resumed by calling
the same command again: done lists are skipped, the current one continues
after its last committed page, and the HTTP crawl cache beside the state
saves fetching again. A complete run removes both.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def run_folder(work_dir: Path, source: str, body_id: str, since: str) -> Path:
    """The folder of one (source, body, since) run: resuming needs the same three."""
    key = hashlib.sha256(f"{source}\n{body_id}\n{since}".encode()).hexdigest()[:16]
    return work_dir / key


@dataclass
class RunState:
    """What is done of one run."""

    folder: Path
    done: list[str] = field(default_factory=list)
    phase: str | None = None
    token: str | None = None
    pending_items: dict[str, int] = field(default_factory=dict)
    resumed: bool = False

    @classmethod
    def load(cls, folder: Path) -> RunState:
        """The saved state, or a fresh one."""
        path = folder / "state.json"
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(folder)
        return cls(folder, list(data.get("done", [])), data.get("phase"), data.get("token"),
                   {str(k): int(v) for k, v in (data.get("pending_items") or {}).items()}, resumed=True)

    def save(self) -> None:
        """Write the state atomically (a crash mid-write keeps the previous one)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        temp = self.folder / "state.json.tmp"
        temp.write_text(json.dumps({"done": self.done, "phase": self.phase, "token": self.token,
                                    "pending_items": self.pending_items}), encoding="utf-8")
        os.replace(temp, self.folder / "state.json")

    def start_token(self, phase: str) -> str | None:
        """Where ``phase`` starts: after the last committed page when it was interrupted."""
        return self.token if self.phase == phase else None

    def page_done(self, phase: str, token: str | None) -> None:
        """Note a committed page of ``phase`` (``token`` None: the list is complete)."""
        if token is None:
            self.done.append(phase)
            self.phase, self.token = None, None
        else:
            self.phase, self.token = phase, token
        self.save()

    def finish(self) -> None:
        """The run is complete: remove state and crawl cache."""
        shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def cache_dir(self) -> Path:
        """Where the HTTP source keeps fetched documents for a resumed run."""
        return self.folder / "cache"
