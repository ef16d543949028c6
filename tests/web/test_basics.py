"""Basics of every page: German error pages that reveal nothing, security headers, health check."""
from __future__ import annotations

from minutes_app.web.portal import pages as portal


def test_404_is_german_and_generic(client):
    response = client.get("/gibt-es-nicht")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Seite nicht gefunden" in html and '<html lang="de">' in html


def test_500_reveals_nothing_internal(app, client, monkeypatch):
    def boom() -> str:
        raise RuntimeError("geheime-interna SELECT * FROM users")

    app.view_functions["portal.imprint"] = boom
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/impressum")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Interner Fehler" in html
    assert "geheime-interna" not in html and "Traceback" not in html


def test_security_headers(client):
    response = client.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_internal_pages_not_cached(client):
    assert client.get("/anmelden").headers["Cache-Control"] == "no-store"


def test_every_page_has_skip_link_landmarks_and_no_external_resources(client):
    html = client.get("/").get_data(as_text=True)
    assert 'href="#inhalt"' in html and '<main id="inhalt"' in html
    assert "<nav" in html and "<footer" in html and "<header" in html
    assert "http://" not in html.replace("http://localhost", "") and "https://" not in html


def test_footer_pages(client, factory, session):
    factory.body.imprint_text = "Landkreis Teststadt, Kreishaus 1"
    factory.body.contact_email = "barrierefrei@example.org"
    session.commit()
    assert "Kreishaus 1" in client.get("/impressum").get_data(as_text=True)
    assert "barrierefrei@example.org" in client.get("/barrierefreiheit").get_data(as_text=True)
    assert "noch nicht hinterlegt" in client.get("/datenschutz").get_data(as_text=True)


def test_healthz_reports_database_failure(app, client, monkeypatch):
    def broken():
        raise RuntimeError("down")

    monkeypatch.setattr(portal, "db_session", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_static_css_is_served_locally(client):
    with client.get("/static/style.css") as response:
        assert response.status_code == 200
        assert "font-family" in response.get_data(as_text=True)
