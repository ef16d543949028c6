"""Which of a user's tasks have already been announced by e-mail, so each new task is mailed once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utc_now
from .enums import LabeledEnum


class TaskNoticeMode(LabeledEnum):
    OFF = "off", "keine E-Mail"
    IMMEDIATE = "immediate", "sofort bei jeder neuen Aufgabe"
    DAILY = "daily", "einmal täglich als Zusammenfassung"


class TaskNotice(Base):
    """A task (by key, e.g. ``sign:17``) already mailed to the user."""

    __tablename__ = "task_notices"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    task_key: Mapped[str] = mapped_column(String(80), primary_key=True)
    notified_at: Mapped[datetime] = mapped_column(default=utc_now)
