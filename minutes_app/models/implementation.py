"""Beschlusskontrolle: how an adopted resolution is being implemented, with dated progress reports."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, IdMixin, TimestampMixin, enum_column, utc_now
from .enums import LabeledEnum

if TYPE_CHECKING:
    from .agenda_item import AgendaItem
    from .organization import Organization
    from .user import User


class ImplementationStatus(LabeledEnum):
    """The stored status; "überfällig" is computed from the due date (see ``is_overdue``)."""

    OPEN = "open", "offen"
    IN_PROGRESS = "in_progress", "in Umsetzung"
    DONE = "done", "umgesetzt"
    SETTLED = "settled", "erledigt ohne Umsetzung"

    @property
    def is_pending(self) -> bool:
        """Whether the decision still waits for its implementation."""
        return self in (ImplementationStatus.OPEN, ImplementationStatus.IN_PROGRESS)


OVERDUE_LABEL = "überfällig"


class DecisionImplementation(IdMixin, TimestampMixin, Base):
    """The implementation record of one adopted resolution (one agenda item)."""

    __tablename__ = "decision_implementations"

    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"), unique=True)
    #: The responsible department (Fachbereich or Dezernat).
    department_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="RESTRICT"), index=True)
    due_date: Mapped[date | None]
    status: Mapped[ImplementationStatus] = mapped_column(
        enum_column(ImplementationStatus), default=ImplementationStatus.OPEN
    )

    agenda_item: Mapped[AgendaItem] = relationship()
    department: Mapped[Organization] = relationship()
    reports: Mapped[list[ImplementationReport]] = relationship(
        back_populates="implementation",
        order_by="(ImplementationReport.report_date, ImplementationReport.id)",
        cascade="all, delete-orphan",
    )

    def is_overdue(self, today: date) -> bool:
        """Past its due date and not yet implemented or settled."""
        return self.status.is_pending and self.due_date is not None and self.due_date < today

    def status_label(self, today: date) -> str:
        """German status as users see it, "überfällig" where the due date has passed."""
        return OVERDUE_LABEL if self.is_overdue(today) else self.status.label

    def __repr__(self) -> str:
        return f"<DecisionImplementation {self.id} item={self.agenda_item_id} {self.status.value}>"


class ImplementationReport(IdMixin, Base):
    """A dated progress report (Sachstandsbericht) on an implementation."""

    __tablename__ = "implementation_reports"

    implementation_id: Mapped[int] = mapped_column(
        ForeignKey("decision_implementations.id", ondelete="CASCADE"), index=True
    )
    report_date: Mapped[date]
    text: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(200), default="")
    created: Mapped[datetime] = mapped_column(default=utc_now)

    implementation: Mapped[DecisionImplementation] = relationship(back_populates="reports")
    author: Mapped[User | None] = relationship()
