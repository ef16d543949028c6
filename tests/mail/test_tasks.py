"""Task lists on the internal start page and e-mail notices of new tasks (immediately or daily)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from minutes_app.mail import tasks
from minutes_app.models import MailKind, MailMessage, MeetingState, Role, TaskNoticeMode, utc_now
from minutes_app.services import sign_offs

from ..conftest import login
from ..minutes_fixtures import build_scene
from ..papers_support import build_world, fast_passwords, ready_paper  # noqa: F401


def _tasks_mails(session):  # type: ignore[no-untyped-def]
    session.commit()
    return list(session.scalars(select(MailMessage).where(MailMessage.kind == MailKind.TASKS)))


def test_signers_and_their_deputy_see_the_vorlage_to_sign_with_a_direct_link(client, factory, session):
    world = build_world(factory, session)
    paper = ready_paper(factory, session, world)
    sign_offs.start_sign_off(session, world.editor, paper)
    session.commit()
    login(client, world.deputy)
    page = client.get("/intern/").get_data(as_text=True)
    assert "Vorlagen zeichnen" in page and f'href="/intern/zeichnung/{paper.id}"' in page
    assert "Sichtvermerk „Geschäftsbereichsleitung“ (in Vertretung)" in page
    client.post("/abmelden")
    login(client, world.dezernent)  # not their turn yet
    assert "Zurzeit liegen keine Aufgaben für Sie vor." in client.get("/intern/").get_data(as_text=True)


def test_the_author_sees_a_returned_vorlage_with_the_comment(client, factory, session):
    world = build_world(factory, session)
    paper = ready_paper(factory, session, world)
    sign_offs.start_sign_off(session, world.editor, paper)
    sign_offs.return_paper(session, world.head, paper, comment="Bitte die Kosten für 2027 ergänzen.")
    session.commit()
    login(client, world.editor)
    page = client.get("/intern/").get_data(as_text=True)
    assert "Zurückgegebene Vorlagen" in page and "Bitte die Kosten für 2027 ergänzen." in page
    assert f'href="/intern/vorlagen/{paper.id}"' in page


def test_the_secretary_sees_due_invitations_and_minutes_to_write(client, factory, session):
    scene = build_scene(factory)  # a held meeting without minutes
    soon = utc_now() + timedelta(days=9)
    planned = factory.meeting(scene.committee, MeetingState.PLANNED, name="Nächste Sitzung", start_time=soon)
    factory.meeting(
        scene.committee, MeetingState.PLANNED, name="Ferne Sitzung", start_time=utc_now() + timedelta(days=90)
    )
    session.commit()
    login(client, scene.secretary)
    page = client.get("/intern/").get_data(as_text=True)
    assert "Einladungen fällig" in page and "Nächste Sitzung" in page and "Ferne Sitzung" not in page
    assert f'href="/intern/sitzungen/{planned.id}/einladen"' in page and "Einladung spätestens am" in page
    assert "Niederschriften schreiben" in page and f'href="/intern/niederschriften/{scene.meeting.id}"' in page


def test_immediate_notice_mails_each_new_task_once(app, client, factory, session):
    world = build_world(factory, session)
    world.head.email = "koch@kreis.example"
    first = ready_paper(factory, session, world, name="Erste Vorlage")
    sign_offs.start_sign_off(session, world.editor, first)
    session.commit()
    login(client, world.head)
    page = client.get("/intern/profil/benachrichtigungen").get_data(as_text=True)
    assert "sofort bei jeder neuen Aufgabe" in page and "koch@kreis.example" in page
    response = client.post("/intern/profil/benachrichtigungen", data={"task_notice_mode": "immediate"})
    assert response.status_code == 302
    runner = app.test_cli_runner()
    runner.invoke(args=["mail-digest"])
    assert _tasks_mails(session) == []  # tasks already on the page when switching on are not mailed
    second = ready_paper(factory, session, world, name="Zweite Vorlage")
    sign_offs.start_sign_off(session, world.editor, second)
    session.commit()
    result = runner.invoke(args=["mail-digest"])
    assert "Aufgaben-Benachrichtigungen: 1" in result.output
    [mail] = _tasks_mails(session)
    assert mail.recipient_email == "koch@kreis.example" and mail.subject == "Neue Aufgabe im Sitzungsdienst"
    assert "Zweite Vorlage" in mail.text and "Erste Vorlage" not in mail.text
    assert f"/intern/zeichnung/{second.id}" in mail.text and "/intern/profil/benachrichtigungen" in mail.text
    runner.invoke(args=["mail-digest"])
    assert len(_tasks_mails(session)) == 1


def test_daily_digest_is_sent_at_most_once_a_day(factory, session):
    world = build_world(factory, session)
    world.head.email = "koch@kreis.example"
    tasks.set_mode(session, world.head, TaskNoticeMode.DAILY.value, utc_now())
    paper = ready_paper(factory, session, world)
    sign_offs.start_sign_off(session, world.editor, paper)
    morning = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
    assert tasks.send_notices(session, tasks.MailSettings(), None, morning) == 1
    other = ready_paper(factory, session, world, name="Nachmittagsvorlage")
    sign_offs.start_sign_off(session, world.editor, other)
    assert tasks.send_notices(session, tasks.MailSettings(), None, morning + timedelta(hours=6)) == 0
    assert tasks.send_notices(session, tasks.MailSettings(), None, morning + timedelta(days=1)) == 1


def test_a_member_without_work_sees_an_empty_list_and_the_notice_link(client, factory, session):
    member = factory.user("mitglied", roles={Role.MEMBER})
    session.commit()
    login(client, member)
    page = client.get("/intern/").get_data(as_text=True)
    assert "Zurzeit liegen keine Aufgaben für Sie vor." in page and "/intern/profil/benachrichtigungen" in page
