"""Versions of a Vorlage and the differences between two of them."""
from __future__ import annotations

from typing import Any

from flask import render_template, request
from flask_login import login_required

from ...extensions import db_session
from ...models import Paper
from ...services import paper_diff, paper_versions
from ...services.permissions import Permission
from ..guards import load_or_404, require
from . import bp

CURRENT = "aktuell"


@bp.route("/<int:paper_id>/versionen")
@login_required
def versions(paper_id: int) -> str:
    """The frozen versions with their hashes, and the diff of the two chosen (default: the last two)."""
    paper = load_or_404(Paper, paper_id)
    require(Permission.PAPER_READ, paper)
    snapshots = paper_versions.versions_for_display(db_session(), paper)
    contents: dict[str, tuple[str, dict[str, Any], str]] = {
        str(v.version): (f"Version {v.version}", v.content, v.content_hash) for v in snapshots
    }
    current_hash = paper_versions.current_hash(paper)
    if not snapshots or snapshots[-1].content_hash != current_hash or snapshots[-1].version != paper.version:
        contents[CURRENT] = (
            f"aktueller Stand (Version {paper.version}, noch nicht gezeichnet)",
            paper_versions.content_of(paper),
            current_hash,
        )
    keys = list(contents)
    default_old = keys[-2] if len(keys) >= 2 else (keys[0] if keys else "")
    default_new = keys[-1] if keys else ""
    old_key = request.args.get("von", default_old)
    new_key = request.args.get("bis", default_new)
    if old_key not in contents:
        old_key = default_old
    if new_key not in contents:
        new_key = default_new
    diffs = (
        paper_diff.diff_contents(contents[old_key][1], contents[new_key][1])
        if old_key and new_key and old_key != new_key
        else []
    )
    return render_template(
        "papers/versions.html",
        paper=paper,
        snapshots=snapshots,
        choices=[(key, label) for key, (label, _content, _hash) in contents.items()],
        old_key=old_key,
        new_key=new_key,
        old_label=contents[old_key][0] if old_key else "",
        new_label=contents[new_key][0] if new_key else "",
        diffs=diffs,
        current_hash=current_hash,
    )
