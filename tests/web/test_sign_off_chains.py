"""Administration of Sichtvermerk chains in the browser."""
from __future__ import annotations

from sqlalchemy import select

from minutes_app.models import PaperType, Role, SignOffChain, SignOffChainRule
from tests.conftest import login
from tests.papers_support import fast_passwords  # noqa: F401


def test_admin_configures_a_chain_with_positions_holders_and_rules(client, session, factory):
    factory.user("admin", {Role.ADMIN})
    koch = factory.user("koch", {Role.SIGNER}, display_name="Koch")
    vogel = factory.user("vogel", {Role.SIGNER}, display_name="Vogel")
    editor = factory.user("sb", {Role.EDITOR}, display_name="Nur Sachbearbeitung")
    department = factory.department("Jobcenter")
    session.commit()
    login(client, "admin")

    assert "Zeichnungswege" in client.get("/intern/").get_data(as_text=True)
    assert client.post("/intern/verwaltung/zeichnungswege", data={"name": ""}).status_code == 422
    response = client.post("/intern/verwaltung/zeichnungswege", data={"name": "Dezernat V"})
    chain = session.scalar(select(SignOffChain))
    base = f"/intern/verwaltung/zeichnungswege/{chain.id}"
    assert response.headers["Location"].endswith(base)
    client.post(f"{base}/positionen", data={"position-title": "Geschäftsbereichsleitung"})
    client.post(f"{base}/positionen", data={"position-title": "Landrat"})
    session.expire_all()
    first, last = chain.positions
    client.post(f"{base}/positionen/{first.id}/personen", data={f"person{first.id}-user": koch.id})
    client.post(f"{base}/positionen/{first.id}/personen",
                data={f"person{first.id}-user": vogel.id, f"person{first.id}-is_deputy": "y"})
    refused = client.post(f"{base}/positionen/{last.id}/personen", data={f"person{last.id}-user": editor.id})
    assert refused.status_code == 422
    client.post(f"{base}/positionen/{last.id}/hoch")
    rule_data = {"regel-department": department.id, "regel-paper_type": "resolution"}
    client.post(f"{base}/regeln", data=rule_data)
    duplicate = client.post(f"{base}/regeln", data=rule_data)
    assert duplicate.status_code == 422 and "bereits der Zeichnungsweg" in duplicate.get_data(as_text=True)

    session.expire_all()
    assert [p.title for p in chain.positions] == ["Landrat", "Geschäftsbereichsleitung"]
    holders = {(h.user.login, h.is_deputy) for h in chain.positions[1].holders}
    assert holders == {("koch", False), ("vogel", True)}
    rule = session.scalar(select(SignOffChainRule))
    assert (rule.department, rule.paper_type) == (department, PaperType.RESOLUTION)
    page = client.get(base).get_data(as_text=True)
    assert "Vogel (vogel)" in page and "Vertretung" in page and "Jobcenter × Beschlussvorlage" in page
    listing = client.get("/intern/verwaltung/zeichnungswege").get_data(as_text=True)
    assert "Landrat → Geschäftsbereichsleitung" in listing


def test_only_admins_configure_chains(client, session, factory):
    factory.user("zeichnung", {Role.SIGNER})
    session.commit()
    login(client, "zeichnung")

    assert client.get("/intern/verwaltung/zeichnungswege").status_code == 403
    assert client.post("/intern/verwaltung/zeichnungswege", data={"name": "x"}).status_code == 403
