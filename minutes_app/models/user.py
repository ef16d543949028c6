"""Benutzerkonten, their roles and the committees a secretary works for."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, IdMixin, TimestampMixin, enum_column, utc_now
from .enums import Role
from .task_notice import TaskNoticeMode

if TYPE_CHECKING:
    from .body import Body
    from .organization import Organization
    from .person import Person

#: Committees whose meetings and minutes a secretary manages.
user_committees = Table(
    "user_committees",
    Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
)

#: Bodies a user works for; a user without any row works for every body of the installation.
user_bodies = Table(
    "user_bodies",
    Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("body_id", ForeignKey("bodies.id", ondelete="CASCADE"), primary_key=True),
)


class UserRole(Base):
    """One role held by a user; a user may hold several."""

    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[Role] = mapped_column(enum_column(Role), primary_key=True)


class User(IdMixin, TimestampMixin, Base):
    """A login account."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("login"),)

    login: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(300))
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(default=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="SET NULL"))
    #: Raised on password change and deactivation; old sessions carry the old value and end.
    session_version: Mapped[int] = mapped_column(default=1)
    last_login_at: Mapped[datetime | None]
    #: Whether and how new tasks are announced by e-mail (chosen by the user in the profile).
    task_notice_mode: Mapped[TaskNoticeMode] = mapped_column(
        enum_column(TaskNoticeMode), default=TaskNoticeMode.OFF, server_default=TaskNoticeMode.OFF.value
    )
    task_digest_sent_at: Mapped[datetime | None]

    role_rows: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    person: Mapped[Person | None] = relationship()
    department: Mapped[Organization | None] = relationship(foreign_keys=[department_id])
    committees: Mapped[list[Organization]] = relationship(secondary=user_committees)
    bodies: Mapped[list[Body]] = relationship(secondary=user_bodies, order_by="Body.id", lazy="selectin")

    @property
    def roles(self) -> frozenset[Role]:
        """The roles this user holds."""
        return frozenset(row.role for row in self.role_rows)

    def set_roles(self, roles: set[Role]) -> None:
        """Replace the user's roles."""
        keep = [row for row in self.role_rows if row.role in roles]
        have = {row.role for row in keep}
        self.role_rows = keep + [UserRole(role=r) for r in sorted(roles - have)]

    def has_role(self, role: Role) -> bool:
        """Whether the user holds ``role``."""
        return role in self.roles

    def __repr__(self) -> str:
        return f"<User {self.id} {self.login!r}>"


class LoginThrottle(Base):
    """Failed logins per login name, shared by all workers through the database."""

    __tablename__ = "login_throttles"

    login: Mapped[str] = mapped_column(String(80), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    blocked_until: Mapped[datetime | None]
    last_failure_at: Mapped[datetime | None]


class UserSession(Base):
    """One signed-in browser session; logging out deletes the row, which ends the session server-side."""

    __tablename__ = "user_sessions"

    #: sha256 of the random token kept in the signed session cookie (a leaked table opens no session).
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created: Mapped[datetime] = mapped_column(default=utc_now)


# Flask-Login reads these attributes by duck typing; the model does not import Flask.
def _get_id(self: User) -> str:
    """Session identity: the id plus the session version, so a raised version ends old sessions."""
    return f"{self.id}:{self.session_version}"


User.get_id = _get_id  # type: ignore[attr-defined]
User.is_authenticated = True  # type: ignore[attr-defined]
User.is_anonymous = False  # type: ignore[attr-defined]
User.is_active = property(lambda self: self.active)  # type: ignore[attr-defined]
