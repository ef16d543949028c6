"""Finding bodies: all of them, the first one, by Kürzel or by host name."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Body


def all_bodies(session: Session) -> list[Body]:
    """Every body of the installation, in order of creation."""
    return list(session.scalars(select(Body).order_by(Body.id)))


def first_body(session: Session) -> Body | None:
    """The first body: the one the unprefixed addresses of DESIGN §9 serve."""
    return session.scalar(select(Body).order_by(Body.id).limit(1))


def body_count(session: Session) -> int:
    """How many bodies the installation serves."""
    return session.scalar(select(func.count(Body.id))) or 0


def by_slug(session: Session, slug: str) -> Body | None:
    """The body with Kürzel ``slug`` (exact, lower case), or None."""
    return session.scalar(select(Body).where(Body.slug == slug.lower()))


def by_host(session: Session, host: str) -> Body | None:
    """The body whose portal answers under host name ``host`` (port ignored), or None."""
    name = host.split(":", 1)[0].strip().lower()
    if not name:
        return None
    return session.scalar(select(Body).where(Body.host_name == name))

