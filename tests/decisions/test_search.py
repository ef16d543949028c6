"""The Beschlusskontrolle as a search facet, and redacted passages kept out of the public index."""
from __future__ import annotations

import re
from datetime import date

from minutes_app.decisions import tracking
from minutes_app.models import ImplementationStatus, Role
from minutes_app.services import admin
from tests.conftest import login
from tests.search.conftest import decision


def _hits(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return re.sub(r"<[^>]+>", "", response.get_data(as_text=True).split("</form>", 1)[1])


def test_status_is_a_facet_and_a_filter(client, session, factory):
    department = factory.department("Fachbereich Ordnung")
    _paper, item, _meeting = decision(factory, name="Sicherheitskonzept für das Jobcenter")
    _paper2, other, _meeting2 = decision(factory, name="Sicherheitspaten an Schulen")
    session.commit()
    record = tracking.create(session, None, item, department, date(2020, 1, 1))
    tracking.create(session, None, other, department, None)
    session.commit()
    html = client.get("/suche?q=Sicherheit").get_data(as_text=True)
    assert "<h3>Umsetzung (Beschlusskontrolle)</h3>" in html and "umsetzung=open" in html
    tracking.update(session, None, record, department=department, due_date=None, status=ImplementationStatus.DONE)
    session.commit()
    done = _hits(client, "/suche?q=Sicherheit&umsetzung=done")
    assert "Sicherheitskonzept" in done and "Sicherheitspaten" not in done
    assert "Sicherheitspaten" in _hits(client, "/suche?q=Sicherheit&umsetzung=open")


def test_redacted_passages_and_listed_names_stay_out_of_the_public_index(client, session, factory):
    decision(factory, name="Lärmschutz an der Kreisstraße",
             text="Anwohner [[schwärzen: Hans Geheimrat]] beschwert sich; Frau Ilse Listenname ebenso.")
    admin_user = factory.user("verwaltung", roles={Role.ADMIN})
    session.commit()
    assert "Lärmschutz" not in _hits(client, "/suche?q=Geheimrat")
    assert "Lärmschutz" in _hits(client, "/suche?q=Listenname")
    body = factory.body
    admin.save_body_settings(session, None, body, admin.BodySettings(
        name=body.name, paper_reference_format=body.paper_reference_format, redacted_names="Ilse Listenname"))
    session.commit()  # the changed list reindexes the public entries
    assert "Lärmschutz" not in _hits(client, "/suche?q=Listenname")
    assert "Lärmschutz" in _hits(client, "/suche?q=Kreisstraße")
    login(client, admin_user)
    assert "Lärmschutz" in _hits(client, "/intern/suche?q=Geheimrat")
