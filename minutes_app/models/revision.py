"""Revisions of an agenda item's minutes texts (Beratungsverlauf and Beschlusstext)."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, IdMixin, utc_now

if TYPE_CHECKING:
    from .agenda_item import AgendaItem
    from .user import User


class AgendaItemRevision(IdMixin, Base):
    """The texts of one agenda item as saved at one moment; append-only.

    A revision is written for every saved change of the texts. When a save is
    refused because another writer saved first, the refused texts are kept as a
    revision with ``conflict`` set, so nothing typed is ever lost.
    """

    __tablename__ = "agenda_item_revisions"

    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True)
    #: The item version these texts produced (for a conflict copy: the version the writer started from).
    item_version: Mapped[int]
    conflict: Mapped[bool] = mapped_column(default=False)
    #: Why the revision exists, e.g. "gespeichert" or "Beschlussvorschlag übernommen".
    reason: Mapped[str] = mapped_column(String(200), default="")
    minutes_text: Mapped[str] = mapped_column(Text, default="")
    resolution_text: Mapped[str] = mapped_column(Text, default="")
    created: Mapped[datetime] = mapped_column(default=utc_now)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: The author's name at the time (kept when the account is deleted).
    author_name: Mapped[str] = mapped_column(String(200), default="")

    agenda_item: Mapped[AgendaItem] = relationship()
    author: Mapped[User | None] = relationship()
