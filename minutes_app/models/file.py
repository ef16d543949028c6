"""Anlagen: uploaded files with checksum and extracted text."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, IdMixin, utc_now


class File(IdMixin, Base):
    """A stored file; linked to papers, meetings and agenda items through association tables."""

    __tablename__ = "files"
    __table_args__ = (CheckConstraint("size >= 0", name="size_not_negative"),)

    name: Mapped[str] = mapped_column(String(300))
    file_name: Mapped[str] = mapped_column(String(300))
    media_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    #: Server-generated name of the blob in the file store (never user input).
    storage_key: Mapped[str] = mapped_column(String(80), unique=True)
    #: Text extracted for search.
    text: Mapped[str] = mapped_column(Text, default="")
    public: Mapped[bool] = mapped_column(default=True)
    created: Mapped[datetime] = mapped_column(default=utc_now)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Redacted copy the public channels serve instead of this file (Schwärzung); internal sees both.
    public_copy_id: Mapped[int | None] = mapped_column(ForeignKey("files.id", ondelete="SET NULL"))

    public_copy: Mapped[File | None] = relationship(remote_side="File.id", foreign_keys=[public_copy_id])
