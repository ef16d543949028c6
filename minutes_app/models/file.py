"""Anlagen: uploaded files with checksum and extracted text."""
from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, IdMixin, OParlMixin


class File(IdMixin, OParlMixin, Base):
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
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: OParl ``date``: the date relevant for deadlines (e.g. the date printed on the document).
    date: Mapped[date | None]
    #: OParl ``fileLicense``: URL of the file's licence where it differs from the body's.
    file_license: Mapped[str] = mapped_column(String(300), default="")
    #: OParl ``externalServiceUrl``: e.g. a video platform showing the file.
    external_service_url: Mapped[str] = mapped_column(String(500), default="")
    #: OParl ``masterFile``: the file this one was derived from (e.g. the PDF of a DOCX).
    master_file_id: Mapped[int | None] = mapped_column(ForeignKey("files.id", ondelete="SET NULL"))

    master_file: Mapped[File | None] = relationship(
        remote_side="File.id", back_populates="derivative_files", foreign_keys=[master_file_id]
    )
    #: OParl ``derivativeFile``.
    derivative_files: Mapped[list[File]] = relationship(back_populates="master_file", foreign_keys=[master_file_id])
    #: Redacted copy the public channels serve instead of this file (Schwärzung); internal sees both.
    public_copy_id: Mapped[int | None] = mapped_column(ForeignKey("files.id", ondelete="SET NULL"))

    # Joined: every public channel asks for the copy of each file it lists, without a query per file.
    public_copy: Mapped[File | None] = relationship(
        remote_side="File.id", foreign_keys=[public_copy_id], lazy="joined", join_depth=1
    )
