"""Each staff user's task list (internal start page) and the e-mail notice of new tasks.

Tasks are computed from the current state, never stored: Vorlagen waiting for
the user's Sichtvermerk (as holder or deputy of the position), the
department's returned Vorlagen with the comment, meetings whose invitation is
due within the Ladungsfrist, minutes to write, sign or have approved. Only
the keys of tasks already mailed are stored (:class:`TaskNotice`), so a user
who chose "sofort" or "täglich" is told of each new task once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..models import (
    Body,
    MailKind,
    MailMessage,
    MailState,
    Meeting,
    MeetingState,
    Minutes,
    MinutesState,
    Paper,
    PaperState,
    Role,
    SignOff,
    SignOffState,
    TaskNotice,
    TaskNoticeMode,
    User,
)
from ..services import meetings, sign_offs
from ..services.errors import ValidationFailed
from ..services.permissions import Permission, can
from . import MailSettings, outbox, texts

#: How far ahead a planned meeting's invitation deadline shows up as a task.
INVITATION_LOOKAHEAD_DAYS = 14


@dataclass(frozen=True)
class Task:
    """One entry of the task list, with a direct link."""

    key: str
    group: str
    title: str
    detail: str
    path: str
    urgent: bool = False


GROUPS = (
    "Vorlagen zeichnen",
    "Zurückgegebene Vorlagen",
    "Einladungen fällig",
    "Niederschriften schreiben",
    "Niederschriften unterschreiben",
    "Niederschriften genehmigen lassen",
    "Postausgang prüfen",
)


def _sign_tasks(session: Session, user: User) -> list[Task]:
    found = []
    for paper in sign_offs.waiting_papers(session, user):
        due = sign_offs.due_sign_off(paper)
        deputy = (
            due is not None
            and due.position is not None
            and any(h.user_id == user.id and h.is_deputy for h in due.position.holders)
        )
        position = due.position_title if due else ""
        found.append(
            Task(
                key=f"sign:{due.id if due else paper.id}",
                group=GROUPS[0],
                title=f"{paper.reference} {paper.name}",
                detail=f"Sichtvermerk „{position}“" + (" (in Vertretung)" if deputy else ""),
                path=f"/intern/zeichnung/{paper.id}",
            )
        )
    return found


def _returned_tasks(session: Session, user: User) -> list[Task]:
    if user.department_id is None or not user.has_role(Role.EDITOR):
        return []
    papers = session.scalars(
        select(Paper)
        .where(Paper.originator_id == user.department_id, Paper.state == PaperState.DRAFT, Paper.return_comment != "")
        .order_by(Paper.reference_year, Paper.reference_number)
    )
    found = []
    for paper in papers:
        returned = session.scalar(
            select(SignOff)
            .where(SignOff.paper_id == paper.id, SignOff.state == SignOffState.RETURNED)
            .order_by(SignOff.signed_at.desc(), SignOff.id.desc())
            .limit(1)
        )
        who = f" ({returned.position_title})" if returned is not None else ""
        found.append(
            Task(
                key=f"returned:{returned.id if returned else paper.id}",
                group=GROUPS[1],
                title=f"{paper.reference} {paper.name}",
                detail=f"Zurückgegeben{who}: {paper.return_comment}",
                path=f"/intern/vorlagen/{paper.id}",
            )
        )
    return found


def _secretary_meetings(session: Session, user: User, state: MeetingState) -> list[Meeting]:
    if not user.has_role(Role.SECRETARY) or not user.committees:
        return []
    stmt = meetings.meetings_query([c.id for c in user.committees], state=state)
    return list(session.scalars(stmt))


def _invitation_tasks(session: Session, user: User, today: date, now: datetime) -> list[Task]:
    found = []
    for meeting in _secretary_meetings(session, user, MeetingState.PLANNED):
        if meeting.start_time <= now:
            continue
        check = meetings.notice_check(meeting, today)
        if check.latest_dispatch_date > today + timedelta(days=INVITATION_LOOKAHEAD_DAYS):
            continue
        deadline = meetings.format_day(check.latest_dispatch_date)
        detail = (
            f"Einladung spätestens am {deadline} versenden"
            if check.on_time
            else f"Ladungsfrist versäumt (spätestens am {deadline}); nur mit Begründung der Dringlichkeit"
        )
        found.append(
            Task(
                key=f"invite:{meeting.id}",
                group=GROUPS[2],
                title=f"{meeting.name} am {texts.day(meeting.start_time)}",
                detail=detail,
                path=f"/intern/sitzungen/{meeting.id}/einladen",
                urgent=not check.on_time,
            )
        )
    return found


def _minutes_tasks(session: Session, user: User, now: datetime) -> list[Task]:
    found = []
    held = [
        *_secretary_meetings(session, user, MeetingState.HELD),
        *(m for m in _secretary_meetings(session, user, MeetingState.INVITED) if m.start_time <= now),
    ]
    for meeting in sorted(held, key=lambda m: m.start_time):
        minutes = meeting.minutes
        label = f"{meeting.name} am {texts.day(meeting.start_time)}"
        if minutes is None or minutes.state is MinutesState.DRAFT:
            detail = "Niederschrift anlegen" if minutes is None else "Entwurf fertigstellen und abschließen"
            found.append(
                Task(
                    key=f"write:{meeting.id}",
                    group=GROUPS[3],
                    title=label,
                    detail=detail,
                    path=f"/intern/niederschriften/{meeting.id}",
                )
            )
        elif minutes.state is MinutesState.CLOSED:
            found.append(
                Task(
                    key=f"approve:{minutes.id}",
                    group=GROUPS[5],
                    title=label,
                    detail="Abgeschlossen; Genehmigung in einer folgenden Sitzung vorsehen",
                    path=f"/intern/niederschriften/{meeting.id}",
                )
            )
    if user.person_id is not None:
        chair_drafts = session.scalars(
            select(Minutes).where(
                Minutes.chair_id == user.person_id,
                Minutes.state == MinutesState.DRAFT,
                Minutes.chair_signed_at.is_(None),
            )
        )
        for minutes in chair_drafts:
            if can(user, Permission.MINUTES_READ_INTERNAL, minutes.meeting):
                meeting = minutes.meeting
                found.append(
                    Task(
                        key=f"chair-sign:{minutes.id}",
                        group=GROUPS[4],
                        title=f"{meeting.name} am {texts.day(meeting.start_time)}",
                        detail="Als Vorsitz unterschreiben, sobald der Entwurf vollständig ist",
                        path=f"/intern/niederschriften/{meeting.id}/abschluss",
                    )
                )
    return found


def _outbox_tasks(session: Session, user: User) -> list[Task]:
    """For the administrator: mails that did not reach their recipient."""
    if not can(user, Permission.MAIL_OUTBOX):
        return []
    found = []
    for state in (MailState.REFUSED, MailState.FAILED, MailState.UNCERTAIN):
        count = session.scalar(select(func.count()).select_from(MailMessage).where(MailMessage.state == state)) or 0
        if count:
            found.append(
                Task(
                    key=f"outbox:{state.value}",
                    group=GROUPS[6],
                    title=f"{count} Mail{'s' if count != 1 else ''}: {state.label}",
                    detail="Adresse prüfen oder erneut in die Warteschlange stellen",
                    path=f"/intern/postausgang/?status={state.value}",
                    urgent=state is not MailState.REFUSED,
                )
            )
    return found


def tasks_for(session: Session, user: User, now: datetime) -> list[Task]:
    """The user's open tasks, grouped in the order of :data:`GROUPS`."""
    today = meetings.local_date(now)
    found = [
        *_sign_tasks(session, user),
        *_returned_tasks(session, user),
        *_invitation_tasks(session, user, today, now),
        *_minutes_tasks(session, user, now),
        *_outbox_tasks(session, user),
    ]
    return sorted(found, key=lambda t: GROUPS.index(t.group))


def grouped(found: list[Task]) -> list[tuple[str, list[Task]]]:
    """Tasks by group for the start page, groups without tasks left out."""
    return [(group, [t for t in found if t.group == group]) for group in GROUPS if any(t.group == group for t in found)]


def set_mode(session: Session, user: User, mode: str, now: datetime) -> TaskNoticeMode:
    """The user's choice of e-mail notices.

    Switching them on starts from the current list: the tasks already on the start page are not mailed,
    only those that arrive afterwards.
    """
    chosen = next((m for m in TaskNoticeMode if m.value == mode), None)
    if chosen is None:
        raise ValidationFailed({"task_notice_mode": "Bitte wählen Sie eine der Möglichkeiten."})
    if user.task_notice_mode is TaskNoticeMode.OFF and chosen is not TaskNoticeMode.OFF:
        session.execute(delete(TaskNotice).where(TaskNotice.user_id == user.id))
        for task in tasks_for(session, user, now):
            session.add(TaskNotice(user_id=user.id, task_key=task.key, notified_at=now))
    user.task_notice_mode = chosen
    session.flush()
    return chosen


def _due_users(session: Session, now: datetime) -> list[User]:
    users = session.scalars(
        select(User).where(User.active.is_(True), User.task_notice_mode != TaskNoticeMode.OFF, User.email != "")
    )
    today = meetings.local_date(now)
    return [
        u
        for u in users
        if u.task_notice_mode is TaskNoticeMode.IMMEDIATE
        or u.task_digest_sent_at is None
        or meetings.local_date(u.task_digest_sent_at) < today
    ]


def send_notices(session: Session, settings: MailSettings, body: Body | None, now: datetime) -> int:
    """Mail each opted-in user the tasks not yet announced ("sofort" each run, "täglich" once a day)."""
    sent = 0
    for user in _due_users(session, now):
        current = tasks_for(session, user, now)
        known = set(session.scalars(select(TaskNotice.task_key).where(TaskNotice.user_id == user.id)))
        new = [t for t in current if t.key not in known]
        # Done tasks are forgotten, so a task that comes back (e.g. returned again) is announced again.
        current_keys = {t.key for t in current}
        gone = known - current_keys
        if gone:
            session.execute(delete(TaskNotice).where(TaskNotice.user_id == user.id, TaskNotice.task_key.in_(gone)))
        if user.task_notice_mode is TaskNoticeMode.DAILY:
            user.task_digest_sent_at = now
        if not new:
            continue
        lines = [f"Guten Tag {user.display_name},", "", "im Sitzungsdienst gibt es neue Aufgaben für Sie:", ""]
        for group, items in grouped(new):
            lines.append(f"{group}:")
            for task in items:
                lines += [f"  {task.title}", f"    {task.detail}", f"    {settings.url(task.path)}"]
            lines.append("")
        lines += [
            "Alle Aufgaben: " + settings.url("/intern/"),
            "Benachrichtigungen ändern: " + settings.url("/intern/profil/benachrichtigungen"),
        ]
        subject = "Neue Aufgabe im Sitzungsdienst" if len(new) == 1 else f"{len(new)} neue Aufgaben im Sitzungsdienst"
        outbox.enqueue(
            session,
            settings,
            body=body,
            kind=MailKind.TASKS,
            to=user.email,
            name=user.display_name,
            subject=subject,
            text="\n".join(lines),
        )
        for task in new:
            session.add(TaskNotice(user_id=user.id, task_key=task.key, notified_at=now))
        sent += 1
    session.flush()
    return sent
