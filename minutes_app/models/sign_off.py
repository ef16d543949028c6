"""Sichtvermerke: the configured sign-off chains and the signatures on a Vorlage."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, IdMixin, TimestampMixin, enum_column
from .enums import PaperType, SignOffCapacity, SignOffState

if TYPE_CHECKING:
    from .organization import Organization
    from .paper import Paper
    from .user import User


class SignOffChain(IdMixin, TimestampMixin, Base):
    """An ordered list of positions that sign a Vorlage, e.g. GBL → Dezernat → Landrat."""

    __tablename__ = "sign_off_chains"

    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))

    positions: Mapped[list[SignOffPosition]] = relationship(
        back_populates="chain", order_by="SignOffPosition.order", cascade="all, delete-orphan"
    )
    rules: Mapped[list[SignOffChainRule]] = relationship(back_populates="chain", cascade="all, delete-orphan")


class SignOffPosition(IdMixin, Base):
    """One position of a chain, held by one or more users (holders and deputies)."""

    __tablename__ = "sign_off_positions"
    __table_args__ = (UniqueConstraint("chain_id", "order"),)

    chain_id: Mapped[int] = mapped_column(ForeignKey("sign_off_chains.id", ondelete="CASCADE"), index=True)
    order: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))

    chain: Mapped[SignOffChain] = relationship(back_populates="positions")
    holders: Mapped[list[SignOffPositionHolder]] = relationship(
        back_populates="position", cascade="all, delete-orphan"
    )


class SignOffPositionHolder(Base):
    """A user who may sign at a position, in their own right or as deputy."""

    __tablename__ = "sign_off_position_holders"

    position_id: Mapped[int] = mapped_column(
        ForeignKey("sign_off_positions.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    is_deputy: Mapped[bool] = mapped_column(default=False)

    position: Mapped[SignOffPosition] = relationship(back_populates="holders")
    user: Mapped[User] = relationship()


class SignOffChainRule(IdMixin, Base):
    """Which chain applies to a department and paper type (empty fields match everything)."""

    __tablename__ = "sign_off_chain_rules"
    __table_args__ = (UniqueConstraint("department_id", "paper_type"),)

    chain_id: Mapped[int] = mapped_column(ForeignKey("sign_off_chains.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    paper_type: Mapped[PaperType | None] = mapped_column(enum_column(PaperType))

    chain: Mapped[SignOffChain] = relationship(back_populates="rules")
    department: Mapped[Organization | None] = relationship()


class SignOff(IdMixin, TimestampMixin, Base):
    """A Sichtvermerk on one version of a Vorlage at one position of its chain."""

    __tablename__ = "sign_offs"
    __table_args__ = (UniqueConstraint("paper_id", "paper_version", "order"),)

    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), index=True)
    paper_version: Mapped[int]
    order: Mapped[int]
    position_id: Mapped[int | None] = mapped_column(ForeignKey("sign_off_positions.id", ondelete="SET NULL"))
    #: Copied from the position so that later changes of the chain do not rewrite history.
    position_title: Mapped[str] = mapped_column(String(200))
    state: Mapped[SignOffState] = mapped_column(enum_column(SignOffState), default=SignOffState.OPEN, index=True)
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    signed_at: Mapped[datetime | None]
    capacity: Mapped[SignOffCapacity | None] = mapped_column(enum_column(SignOffCapacity))
    comment: Mapped[str] = mapped_column(Text, default="")
    #: sha256 of the exact content version signed.
    content_hash: Mapped[str] = mapped_column(String(64), default="")

    paper: Mapped[Paper] = relationship(back_populates="sign_offs")
    position: Mapped[SignOffPosition | None] = relationship()
    signed_by: Mapped[User | None] = relationship()
