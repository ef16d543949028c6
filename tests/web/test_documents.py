"""DOCX downloads at the stable addresses: public versions for everyone, full versions by policy."""

from __future__ import annotations

import pytest

from minutes_app.models import MinutesState

from ..conftest import login
from ..export.reading import body_text, header_text, open_docx, package_text
from ..export.scenario import SECRET, build_county

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def county(factory, session):
    return build_county(factory, session, logins=True)


def _urls(county) -> dict[str, str]:
    return {
        "einladung": f"/sitzungen/{county.meeting.id}/einladung.docx",
        "niederschrift": f"/sitzungen/{county.meeting.id}/niederschrift.docx",
        "vorlage": f"/vorlagen/{county.paper.id}.docx",
        "beschlussauszug": f"/tagesordnungspunkte/{county.public_item.id}/beschlussauszug.docx",
    }


def test_anonymous_downloads_of_the_public_versions(client, county):
    names = {
        "einladung": "Einladung_Kreisausschuss_2026-03-12_oeffentlich.docx",
        "niederschrift": "Niederschrift_Kreisausschuss_2026-03-12_oeffentlich.docx",
        "vorlage": f"Vorlage_{county.paper.reference.replace('/', '-')}_oeffentlich.docx",
        "beschlussauszug": "Beschlussauszug_Kreisausschuss_2026-03-12_TOP_Oe_1_oeffentlich.docx",
    }
    for kind, url in _urls(county).items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.mimetype == DOCX
        disposition = response.headers["Content-Disposition"]
        assert disposition.startswith(f'attachment; filename="{names[kind]}"')
        assert "filename*=UTF-8''" in disposition and "%C3%B6ffentlich.docx" in disposition
        data = response.get_data()
        assert SECRET not in package_text(data), kind
        assert open_docx(data).core_properties.content_status == "Öffentliche Fassung"


def test_unpublished_and_non_public_documents_are_404_for_everyone_asking_publicly(client, session, county):
    assert client.get(f"/sitzungen/{county.planned.id}/einladung.docx").status_code == 404
    assert client.get(f"/sitzungen/{county.planned.id}/niederschrift.docx").status_code == 404
    assert client.get(f"/vorlagen/{county.secret_paper.id}.docx").status_code == 404
    assert client.get(f"/tagesordnungspunkte/{county.secret_item.id}/beschlussauszug.docx").status_code == 404
    assert client.get("/vorlagen/99999.docx").status_code == 404
    county.meeting.minutes.state = MinutesState.DRAFT
    session.commit()
    assert client.get(_urls(county)["niederschrift"]).status_code == 404
    assert client.get(_urls(county)["beschlussauszug"]).status_code == 404
    login(client, county.member)
    assert client.get(_urls(county)["niederschrift"]).status_code == 404


def test_full_version_is_404_for_anonymous_users(client, county):
    for url in _urls(county).values():
        assert client.get(f"{url}?fassung=intern").status_code == 404
    assert client.get(f"/vorlagen/{county.secret_paper.id}.docx?fassung=intern").status_code == 404


def test_member_of_the_committee_gets_the_full_minutes(client, county):
    login(client, county.member)
    response = client.get(f"/sitzungen/{county.meeting.id}/niederschrift.docx?fassung=intern")
    assert response.status_code == 200
    assert 'filename="Niederschrift_Kreisausschuss_2026-03-12_intern.docx"' in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]
    doc = open_docx(response.get_data())
    assert f"Ankauf beschlossen {SECRET}" in body_text(doc)
    assert "– nichtöffentlich –" in header_text(doc.sections[-1])
    extract = client.get(f"/tagesordnungspunkte/{county.secret_item.id}/beschlussauszug.docx?fassung=intern")
    assert extract.status_code == 200 and SECRET in body_text(open_docx(extract.get_data()))
    invitation = client.get(f"/sitzungen/{county.meeting.id}/einladung.docx?fassung=intern")
    assert f"Ankauf Flurstück {SECRET}" in body_text(open_docx(invitation.get_data()))


def test_full_version_is_403_without_the_right(client, county):
    login(client, county.editor)  # Sachbearbeitung of another department: no minutes, no non-public Vorlage
    assert client.get(f"/sitzungen/{county.meeting.id}/niederschrift.docx?fassung=intern").status_code == 403
    assert client.get(f"/sitzungen/{county.meeting.id}/einladung.docx?fassung=intern").status_code == 403
    assert (
        client.get(f"/tagesordnungspunkte/{county.secret_item.id}/beschlussauszug.docx?fassung=intern").status_code
        == 403
    )
    # The public version stays available to everyone.
    assert client.get(f"/sitzungen/{county.meeting.id}/niederschrift.docx").status_code == 200


def test_staff_get_the_full_vorlage(client, county):
    login(client, county.secretary)
    response = client.get(f"/vorlagen/{county.secret_paper.id}.docx?fassung=intern")
    assert response.status_code == 200
    doc = open_docx(response.get_data())
    assert "– nichtöffentlich –" in header_text(doc.sections[0])
    assert response.headers["Content-Disposition"].startswith('attachment; filename="Vorlage_')


def test_portal_pages_link_the_public_documents(client, session, county):
    html = client.get(f"/sitzungen/{county.meeting.id}").get_data(as_text=True)
    urls = _urls(county)
    for kind in ("einladung", "niederschrift", "beschlussauszug"):
        assert f'href="{urls[kind]}"' in html
    assert f"/tagesordnungspunkte/{county.secret_item.id}/" not in html
    html = client.get(f"/vorlagen/{county.paper.id}").get_data(as_text=True)
    assert f'href="{urls["vorlage"]}"' in html
    county.meeting.minutes.state = MinutesState.DRAFT
    session.commit()
    html = client.get(f"/sitzungen/{county.meeting.id}").get_data(as_text=True)
    assert f'href="{urls["einladung"]}"' in html
    assert "niederschrift.docx" not in html and "beschlussauszug.docx" not in html
