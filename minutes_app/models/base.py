"""Declarative base, constraint naming convention and shared column types.

Every table gets explicit, predictable constraint names so that Alembic can
alter them on SQLite (batch mode) and PostgreSQL alike.
"""
from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Enum, Integer, MetaData, String, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_now() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as naive UTC and always returned timezone-aware.

    SQLite has no time zones; storing naive UTC and re-attaching UTC on load
    keeps comparisons correct on SQLite and PostgreSQL.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; store timezone-aware values only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def enum_column(enum_cls: type[enum.Enum], **kwargs: Any) -> Any:
    """A portable enum column storing the enum's lowercase values with a CHECK constraint."""
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda cls: [member.value for member in cls],
        name=enum_cls.__name__.lower(),
        validate_strings=True,
        **kwargs,
    )


class Base(DeclarativeBase):
    """Base class of all models."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}


class TimestampMixin:
    """Creation and modification times (OParl ``created``/``modified``)."""

    created: Mapped[datetime] = mapped_column(default=utc_now)
    modified: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)


class IdMixin:
    """Integer surrogate primary key."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)


class OParlMixin(TimestampMixin):
    """What every OParl object carries besides its own fields.

    * ``created``/``modified`` (from :class:`TimestampMixin`);
    * ``deleted_at``: soft deletion. A deleted object keeps its row (id, type, dates)
      so an OParl client syncing with ``modified_since`` learns ``deleted: true``;
      :mod:`minutes_app.models.soft_delete` hides it from every ordinary query;
    * ``oparl_id``: the object's id (URL) in the OParl system it was imported from,
      unique per type, so a repeated import updates instead of duplicating;
    * ``keywords``: OParl ``keyword``, free tags.
    """

    oparl_id: Mapped[str | None] = mapped_column(String(500), unique=True, index=True)
    #: Indexed only where set (see :func:`.soft_delete.index_deleted_rows`).
    deleted_at: Mapped[datetime | None] = mapped_column()
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)

    @property
    def deleted(self) -> bool:
        """OParl ``deleted``: whether the object was soft-deleted."""
        return self.deleted_at is not None

    def mark_deleted(self, when: datetime | None = None) -> None:
        """Soft-delete the object; ``modified`` moves too so syncing clients notice."""
        moment = when or utc_now()
        self.deleted_at = moment
        self.modified = moment
