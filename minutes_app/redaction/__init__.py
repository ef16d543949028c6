"""Schwärzung: passages and names kept out of every public version.

Staff mark passages in long texts with ``[[schwärzen: …]]`` (see
:mod:`minutes_app.services.markup`); the body setting "Immer zu schwärzende
Namen" lists names that are redacted wherever they appear. Public channels
take their texts through :func:`public_text` (the visibility module's public
views, the public DOCX views, the public search documents) or render with
:func:`minutes_app.services.markup.to_html` in its public default, so every
channel shows the same placeholder. The audit trail records every redaction
that is added or removed (:func:`record_changes`).
"""
from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Body, File, User
from ..services import audit, markup

PLACEHOLDER = markup.PLACEHOLDER
MAX_NAMES = 500
MAX_NAME_LENGTH = 120


def parse_names(text: str | None) -> tuple[str, ...]:
    """The names of the always-redact setting: one per line, blanks and duplicates dropped."""
    seen: dict[str, str] = {}
    for line in (text or "").replace("\r", "\n").split("\n"):
        name = " ".join(line.split())
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return tuple(seen.values())


def check_names(text: str | None) -> str | None:
    """A German error message when the list is unusable, else None."""
    names = parse_names(text)
    if len(names) > MAX_NAMES:
        return f"Bitte höchstens {MAX_NAMES} Namen eintragen."
    for name in names:
        if len(name) < 3:
            return f"„{name}“ ist zu kurz: Namen mit weniger als drei Zeichen würden zu viel schwärzen."
        if len(name) > MAX_NAME_LENGTH:
            return f"Ein Name darf höchstens {MAX_NAME_LENGTH} Zeichen lang sein."
    return None


_CACHE_KEY = "redaction_names"


def public_names(session: Session) -> tuple[str, ...]:
    """All names on the always-redact lists.

    The union over every body: redacting a name one body lists in another
    body's text errs on the side of privacy. Read once per transaction (a page
    of OParl objects or search documents asks for every object); a body changed
    but not yet committed in this session is always read afresh.
    """
    transaction = session.get_transaction()
    cached = session.info.get(_CACHE_KEY)
    pending = any(isinstance(o, Body) for o in (*session.new, *session.dirty))
    if cached is not None and cached[0] is transaction and transaction is not None and not pending:
        return cached[1]  # type: ignore[no-any-return]
    names: list[str] = []
    for text in session.scalars(select(Body.redacted_names)):
        names.extend(parse_names(text))
    result = tuple(dict.fromkeys(names))
    session.info[_CACHE_KEY] = (transaction, result)
    return result


def public_text(session: Session, text: str | None) -> str:
    """The public version of a stored long text (still in markup)."""
    return markup.redact_source(text, public_names(session))


def record_name_changes(session: Session, actor: User | None, body: Body, old: str | None, new: str | None) -> None:
    """Audit every name added to or removed from the always-redact list."""
    before = {n.casefold(): n for n in parse_names(old)}
    after = {n.casefold(): n for n in parse_names(new)}
    for key in after.keys() - before.keys():
        audit.record(session, actor, body, "redaction_added", f"Name „{after[key]}“ wird immer geschwärzt")
    for key in before.keys() - after.keys():
        audit.record(session, actor, body, "redaction_removed", f"Name „{before[key]}“ wird nicht mehr geschwärzt")


def record_changes(
    session: Session, actor: User | None, obj: object, field_label: str, old: str | None, new: str | None
) -> int:
    """Write one audit event per redaction added to or removed from a text; returns how many."""
    before, after = Counter(markup.redactions(old)), Counter(markup.redactions(new))
    count = 0
    for passage, times in (after - before).items():
        for _ in range(times):
            summary = f"Schwärzung hinzugefügt ({field_label}): „{passage}“"
            audit.record(session, actor, obj, "redaction_added", summary)
            count += 1
    for passage, times in (before - after).items():
        for _ in range(times):
            summary = f"Schwärzung aufgehoben ({field_label}): „{passage}“"
            audit.record(session, actor, obj, "redaction_removed", summary)
            count += 1
    return count


def set_public_copy(session: Session, actor: User | None, original: File, copy: File) -> str | None:
    """Let public channels serve ``copy`` (a redacted version) instead of ``original``; internal sees both.

    Returns the storage key of a copy this one replaces; the caller deletes that blob after the commit.
    """
    replaced = remove_public_copy(session, None, original, audited=False)
    copy.public = True
    if copy.name == copy.file_name:
        copy.name = f"{original.name} (geschwärzt)"
    original.public_copy = copy
    session.flush()
    audit.record(
        session, actor, original, "redaction_added",
        f"Geschwärzte Fassung „{copy.file_name}“ für die Anlage „{original.name}“ hinterlegt",
    )
    return replaced


def remove_public_copy(session: Session, actor: User | None, original: File, *, audited: bool = True) -> str | None:
    """Serve the original again; returns the storage key of the removed copy (delete it after the commit)."""
    copy = original.public_copy
    if copy is None:
        return None
    original.public_copy = None
    key = copy.storage_key
    session.delete(copy)
    session.flush()
    if not audited:
        return key
    audit.record(
        session, actor, original, "redaction_removed",
        f"Geschwärzte Fassung der Anlage „{original.name}“ entfernt; öffentlich ist wieder das Original",
    )
    return key
