"""Schwärzung: the markup, the audit trail of redactions, the always-redact names and redacted copies."""
from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import select

from minutes_app import redaction
from minutes_app.models import AuditEvent, MinutesState
from minutes_app.services import admin, markup
from minutes_app.services import minutes as minutes_service
from minutes_app.services.errors import ValidationFailed

from ..conftest import login
from ..minutes_fixtures import build_scene, complete


def test_public_rendering_replaces_passages_and_listed_names():
    text = "Frau **[[schwärzen: Erika Muster]]** fragt nach.\n- Herr Meier antwortet, nicht die Meiereien."
    html = str(markup.to_html(text, names=["Meier"]))
    assert "Erika" not in html and "Meier " not in html and "Meiereien" in html
    assert html.count("[geschwärzt]") == 2 and "fragt nach." in html
    revealed = str(markup.to_html(text, reveal=True))
    assert '<mark class="redacted"' in revealed and "Erika Muster" in revealed
    assert markup.to_plain(text) == "Frau [geschwärzt] fragt nach.\n\n- Herr Meier antwortet, nicht die Meiereien."


def test_unclosed_or_ascii_marker_still_redacts_to_end_of_line():
    text = "Anwohner [[schwaerzen: Hans Heimlich wohnt Weg 3\nZweite Zeile bleibt."
    public = markup.redact_source(text)
    assert "Heimlich" not in public and "Zweite Zeile bleibt." in public
    assert markup.redactions(text) == ["Hans Heimlich wohnt Weg 3"]


def test_saving_minutes_audits_added_and_removed_redactions(session, factory):
    scene = build_scene(factory)
    complete(session, scene)
    item = scene.paper_item
    data = minutes_service.ItemInput(item.version, "Es spricht [[schwärzen: Hans Heimlich]].", item.resolution_text,
                                     item.result,
                                     minutes_service.votes.Vote(4, 1, 0))
    assert minutes_service.save_item(session, scene.secretary, item, data).saved
    data = minutes_service.ItemInput(item.version, "Es spricht ein Anwohner.", item.resolution_text, item.result,
                                     minutes_service.votes.Vote(4, 1, 0))
    assert minutes_service.save_item(session, scene.secretary, item, data).saved
    summaries = list(session.scalars(
        select(AuditEvent.summary).where(AuditEvent.action.in_(["redaction_added", "redaction_removed"]))
        .order_by(AuditEvent.id)))
    assert summaries == [
        f"Schwärzung hinzugefügt ({item.number} Beratungsverlauf): „Hans Heimlich“",
        f"Schwärzung aufgehoben ({item.number} Beratungsverlauf): „Hans Heimlich“",
    ]


def test_name_list_setting_is_validated_audited_and_applied(session, factory, client):
    body = factory.body
    settings = admin.BodySettings(name=body.name, redacted_names="Erika Muster\n erika   muster \nAb")
    with pytest.raises(ValidationFailed) as failed:
        admin.save_body_settings(session, None, body, settings)
    assert "zu kurz" in failed.value.errors["redacted_names"]
    settings.redacted_names = "Erika Muster\n erika   muster "
    admin.save_body_settings(session, None, body, settings)
    assert body.redacted_names == "Erika Muster"
    assert redaction.public_names(session) == ("Erika Muster",)
    events = session.scalars(select(AuditEvent.summary).where(AuditEvent.action == "redaction_added")).all()
    assert "Name „Erika Muster“ wird immer geschwärzt" in events


def test_public_and_full_docx_of_minutes(app, session, factory, client):
    scene = build_scene(factory)
    complete(session, scene)
    item = scene.paper_item
    data = minutes_service.ItemInput(item.version, "Einwohner [[schwärzen: Hans Heimlich]] fragt.", item.resolution_text,
                                     item.result,
                                     minutes_service.votes.Vote(4, 1, 0))
    minutes_service.save_item(session, scene.secretary, item, data)
    scene.meeting.minutes.state = MinutesState.CLOSED
    session.commit()

    def docx_text(url):
        response = client.get(url)
        assert response.status_code == 200
        with zipfile.ZipFile(io.BytesIO(response.get_data())) as archive:
            return archive.read("word/document.xml").decode()

    public = docx_text(f"/sitzungen/{scene.meeting.id}/niederschrift.docx")
    assert "Heimlich" not in public and "[geschwärzt]" in public and "fragt." in public
    page = client.get(f"/sitzungen/{scene.meeting.id}").get_data(as_text=True)
    assert "Heimlich" not in page and "[geschwärzt]" in page
    login(client, scene.secretary)
    full = docx_text(f"/sitzungen/{scene.meeting.id}/niederschrift.docx?fassung=intern")
    assert "Hans Heimlich" in full and "[geschwärzt: " in full and 'w:highlight w:val="lightGray"' in full
    internal = client.get(f"/intern/niederschriften/{scene.meeting.id}/lesefassung").get_data(as_text=True)
    assert '<mark class="redacted" title="In der öffentlichen Fassung geschwärzt">Hans Heimlich</mark>' in internal


def test_redacted_copy_replaces_the_attachment_in_public(app, session, factory, client):
    from minutes_app.models import File, Role
    from minutes_app.services import files

    from ..papers_support import pdf_bytes

    scene = build_scene(factory)
    complete(session, scene)
    scene.meeting.minutes.state = MinutesState.CLOSED
    original = files.store_upload(session, None, stream=io.BytesIO(pdf_bytes("Gutachten Anwohner Hans Heimlich")),
                                  file_name="gutachten.pdf", store_dir=app.config["FILE_STORE_DIR"], max_mb=5,
                                  title="Gutachten", public=True)
    scene.paper.files.append(original)
    editor = factory.user("sachb", roles={Role.EDITOR}, department=scene.paper.originator)
    session.commit()
    with client.get(f"/vorlagen/{scene.paper.id}/anlagen/{original.id}") as before:
        assert before.status_code == 200

    login(client, editor)
    response = client.post(
        f"/intern/vorlagen/{scene.paper.id}/anlagen/{original.id}/geschwaerzt",
        data={"file": (io.BytesIO(pdf_bytes("Gutachten Anwohner [geschwaerzt]")), "gutachten-geschwaerzt.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    copy = session.scalar(select(File).where(File.file_name == "gutachten-geschwaerzt.pdf"))
    detail = client.get(f"/intern/vorlagen/{scene.paper.id}").get_data(as_text=True)
    assert "öffentlich nur geschwärzt:" in detail and "gutachten-geschwaerzt.pdf" in detail
    for file_id in (original.id, copy.id):
        with client.get(f"/intern/vorlagen/{scene.paper.id}/anlagen/{file_id}") as internal:
            assert internal.status_code == 200
    client.get("/abmelden")

    page = client.get(f"/vorlagen/{scene.paper.id}").get_data(as_text=True)
    assert f"/anlagen/{copy.id}" in page and f"/anlagen/{original.id}\"" not in page
    assert client.get(f"/vorlagen/{scene.paper.id}/anlagen/{original.id}").status_code == 404
    with client.get(f"/vorlagen/{scene.paper.id}/anlagen/{copy.id}") as served:
        assert served.status_code == 200 and b"Heimlich" not in served.get_data()
    events = session.scalars(select(AuditEvent.summary).where(AuditEvent.action == "redaction_added")).all()
    assert any("Geschwärzte Fassung „gutachten-geschwaerzt.pdf“" in e for e in events)
