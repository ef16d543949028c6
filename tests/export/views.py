"""Hand-made view models: the builders are pure functions, so they are tested without a database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from minutes_app.services import minutes_view
from minutes_app.services.documents import (
    Audience,
    ExtractView,
    InvitationView,
    ItemView,
    MeetingHead,
    MinutesDocument,
)
from minutes_app.services.paper_document import ConsultationRow, PaperView, SignOffRow

START = datetime(2026, 3, 12, 16, 0, tzinfo=UTC)
CREATED = datetime(2026, 3, 20, 8, 0, tzinfo=UTC)
LONG_TEXT = "\n\n".join(
    f"## {n}. Abschnitt\n\nDer Ausschuss erörtert die Maßnahme ausführlich; **Kosten** und *Zeitplan* werden "
    "dargestellt und von den Mitgliedern hinterfragt. Die Verwaltung sagt eine Vorlage zur nächsten Sitzung zu.\n\n"
    "- erster Gesichtspunkt\n- zweiter Gesichtspunkt\n\n1. erster Schritt\n2. zweiter Schritt"
    for n in range(1, 4)
)


def head(name: str = "Kreisausschuss") -> MeetingHead:
    """The head of a meeting of ``name`` on 12 March 2026."""
    return MeetingHead(
        body_name="Landkreis Teststadt",
        meeting_name=f"Sitzung des {name}",
        committees=(name,),
        committee_short=name,
        number="3/2026",
        start=START,
        end=START + timedelta(hours=2),
        place="Landratsamt, Großer Sitzungssaal",
        cancelled=False,
    )


def item(number: str, title: str, public: bool = True, text: str = "Die Verwaltung berichtet.") -> ItemView:
    """An agenda item with discussion, resolution and vote."""
    return ItemView(
        number=number,
        title=title,
        public=public,
        is_supplement=False,
        paper_reference="001/2026",
        minutes_text=text,
        resolution_text=f"Beschluss zu {title}.",
        result_label="beschlossen",
        vote_label="9 Ja, 1 Nein, 0 Enthaltungen",
    )


def invitation() -> InvitationView:
    """An Einladung with both parts."""
    return InvitationView(
        audience=Audience.INTERNAL,
        head=head(),
        issued=START - timedelta(days=10),
        public_items=(item("Ö 1", "Haushaltssatzung 2026"), item("Ö 2", "Radwegekonzept")),
        non_public_items=(item("N 1", "Grundstücksangelegenheit", public=False),),
        chair="Dr. Helga Berger",
    )


def _reading_item(number: str, title: str, public: bool, text: str) -> minutes_view.ItemView:
    return minutes_view.ItemView(
        id=hash(number),
        number=number,
        name=title,
        public=public,
        paper=None,
        minutes_text=text,
        resolution_text=f"Beschluss zu {title}.",
        result_label="beschlossen",
        vote_label="9 Ja, 1 Nein, 0 Enthaltungen",
    )


def minutes(non_public_count: int = 6) -> MinutesDocument:
    """A full Niederschrift whose non-public part runs over several pages."""
    attendance = minutes_view.AttendanceView(
        present=[minutes_view.AttendeeLine(f"Mitglied {n:02d}", "Mitglied", "Bürgerliste") for n in range(45)],
        excused=[minutes_view.AttendeeLine("Erika Fern", "Mitglied", "Bürgerliste")],
    )
    reading = minutes_view.MinutesView(
        public=False,
        minutes=None,  # type: ignore[arg-type]  # the builder never reads the ORM object
        committee_names=["Kreisausschuss"],
        state_label="Genehmigt",
        started_at=START,
        ended_at=START + timedelta(hours=3),
        chair_name="Dr. Helga Berger",
        recorder_name="Sabine Schreiber",
        attendance=attendance,
        public_items=[
            _reading_item("Ö 1", "Haushaltssatzung 2026", True, "Die Verwaltung berichtet."),
            _reading_item("Ö 2", "Radwegekonzept", True, "Die Verwaltung berichtet."),
        ],
        non_public_items=[
            _reading_item(f"N {n}", f"Personalangelegenheit {n}", False, LONG_TEXT)
            for n in range(1, non_public_count + 1)
        ],
        has_non_public_part=True,
        approval_text="in der Sitzung vom 11.04.2026 unter Ö 1",
        approval_note="",
        approval_note_internal="",
    )
    return MinutesDocument(
        audience=Audience.INTERNAL,
        head=head(),
        reading=reading,
        draft=False,
        attendance_confirmed=True,
        supplement_ids=frozenset(),
        approved_at=START + timedelta(days=30),
        chair_signed_at=START + timedelta(days=2),
        recorder_signed_at=None,
    )


def paper(reasoning: str = LONG_TEXT) -> PaperView:
    """A released, public Vorlage."""
    return PaperView(
        audience=Audience.PUBLIC,
        body_name="Landkreis Teststadt",
        reference="001/2026",
        title="Radwegekonzept 2030",
        type_label="Beschlussvorlage",
        paper_date=date(2026, 2, 1),
        public=True,
        state_label="In Beratung",
        draft=False,
        version=1,
        originator="Fachbereich Verkehr",
        participants=("Kämmerei",),
        consultations=(
            ConsultationRow(
                "Ausschuss für Umwelt und Verkehr", "Vorberatung", START - timedelta(days=14), "Ö 3", "empfohlen"
            ),
            ConsultationRow("Kreisausschuss", "Entscheidung", START, "Ö 2", ""),
        ),
        resolution_proposal="Der Kreisausschuss beschließt das Radwegekonzept.",
        reasoning=reasoning,
        financial_impact="Kosten: 1,2 Mio. €.",
        files=(("Karte der Radwege", True),),
        sign_offs=(
            SignOffRow("Fachbereichsleitung", "Petra Koch", START - timedelta(days=40), False, ""),
            SignOffRow("Landrat", "Thomas Landmann", START - timedelta(days=39), True, ""),
        ),
    )


def extract() -> ExtractView:
    """The Beschlussauszug of a public item."""
    return ExtractView(
        audience=Audience.PUBLIC,
        head=head(),
        item=item("Ö 2", "Radwegekonzept"),
        departments=("Fachbereich Verkehr", "Kämmerei"),
        recorder="Sabine Schreiber",
        draft=False,
    )
