"""One result per document: a Vorlage with its agenda items and attachments; committee names do not dominate."""
from __future__ import annotations

import re
from datetime import UTC, date, datetime

from minutes_app.models import AgendaItemResult, File, MeetingState, Minutes, MinutesState
from tests.search.conftest import decision


def _file(factory, owner, name, text, public=True):
    file = File(name=name, file_name=f"{name.lower().replace(' ', '_')}.pdf", media_type="application/pdf", size=10,
                sha256="0" * 64, storage_key=f"k-{name}", text=text, public=public)
    factory.session.add(file)
    owner.files.append(file)
    factory.session.flush()
    return file


def _hits(client, query):
    html = client.get(f"/suche?q={query}").get_data(as_text=True).split("</form>", 1)[1]
    return re.findall(r'<li class="hit">\s*<h3><a href="([^"]+)">', html), html


def test_a_vorlage_its_agenda_items_and_attachment_form_one_result(client, session, factory):
    committee = factory.committee("Ausschuss für Umwelt, Bau und Verkehr")
    paper, item, meeting = decision(
        factory, name="Neubau der Kläranlage Süd", committee=committee,
        text="Die Kläranlage Süd wird für 12 Mio. Euro erneuert; die Faulbehälter werden ersetzt.")
    later = factory.meeting(committee, state=MeetingState.HELD, name="Sitzung Kreistag",
                            start_time=datetime(2024, 4, 20, 16, tzinfo=UTC))
    second = factory.agenda_item(later, name="Neubau der Kläranlage Süd", resolution_text="Der Kreistag beschließt den Neubau.",
                                 result=AgendaItemResult.ADOPTED)
    factory.consultation(paper, factory.committee("Kreistag"), agenda_item=second, meeting=later,
                         result=AgendaItemResult.ADOPTED)
    session.add(Minutes(meeting=later, state=MinutesState.APPROVED))
    _file(factory, paper, "Kostenschätzung Kläranlage", "Kostenschätzung für den Neubau der Kläranlage Süd.")
    session.commit()
    links, html = _hits(client, "Kläranlage")
    assert len(links) == 1 and "1 Treffer" in html
    # The other parts are linked below the best snippet.
    assert "Auch gefunden in:" in html
    assert f'href="/vorlagen/{paper.id}"' in html
    assert f'href="/sitzungen/{meeting.id}#top-{item.id}"' in html
    assert f'href="/sitzungen/{later.id}#top-{second.id}"' in html
    assert "Kostenschätzung Kläranlage" in re.sub(r"<[^>]+>", "", html)


def test_a_non_public_part_never_lends_its_text_to_a_public_result(client, session, factory):
    paper, _item, _meeting = decision(factory, name="Grundstücksankauf Hafenstraße", text="Ankauf einer Fläche.")
    _file(factory, paper, "Wertgutachten", "Verkehrswert laut Gutachter Schwarzmann 480.000 Euro", public=False)
    _p, secret, _m = decision(factory, name="Grundstücksangelegenheit", item_public=False,
                              minutes_text="Verhandlungsführer Schwarzmann berichtet.")
    session.commit()
    links, html = _hits(client, "Schwarzmann")
    assert links == [] and "Schwarzmann" not in html
    links, html = _hits(client, "Hafenstraße")
    assert len(links) == 1 and "Wertgutachten" not in html and "480.000" not in html


def test_committee_names_do_not_bury_the_documents_about_the_word(client, session, factory):
    committee = factory.committee("Ausschuss für Umwelt, Bau und Verkehr")
    for month in range(1, 6):
        factory.meeting(committee, state=MeetingState.INVITED, name=f"{month}. Sitzung des Ausschusses für Umwelt, Bau und Verkehr",
                        start_time=datetime(2025, month, 10, 17, tzinfo=UTC))
    paper, _item, _m = decision(
        factory, name="Verkehrsentwicklungsplan 2035", committee=committee, day=date(2024, 6, 1),
        text="Der Plan ordnet den Verkehr in der Innenstadt neu: weniger Durchgangsverkehr, mehr Platz für Rad und Bus.")
    other, _item2, _m2 = decision(
        factory, name="Schulwegsicherung Grundschule Ost", committee=committee, day=date(2024, 7, 1),
        text="Tempo 30 vor der Schule beruhigt den Verkehr zu Schulbeginn.")
    session.commit()
    links, html = _hits(client, "Verkehr")
    assert links[:2] == [f"/vorlagen/{paper.id}", f"/vorlagen/{other.id}"] or set(links[:2]) == {
        f"/vorlagen/{paper.id}", f"/vorlagen/{other.id}"}
    # The meetings are still found by the committee's name.
    assert any(link.startswith("/sitzungen/") for link in links)
