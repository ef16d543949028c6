"""The safe markup: structure of real Vorlagen, escaping, plain text."""
from __future__ import annotations

from minutes_app.services import markup
from minutes_app.services.markup import BulletList, Heading, LineBreak, NumberedList, Paragraph, Text

SAMPLE = """## I. Ausgangssituation und Allgemeines

Das Jobcenter hat **25.000 Menschen** integriert, *seit 2005*.
Diese Prozesse werden unterstützt durch

- Erkenntnisse aus der Arbeitsmarktstatistik
- Kennzahlenvergleiche gem. § 48a SGB II

### 1. Aktivierung

1. Regelgeschäft 1:150
2. Fallmanagement 1:75"""


def test_parse_gives_the_structure_of_a_vorlage():
    blocks = markup.parse(SAMPLE)

    assert [type(b) for b in blocks] == [Heading, Paragraph, BulletList, Heading, NumberedList]
    assert blocks[0] == Heading(1, (Text("I. Ausgangssituation und Allgemeines"),))
    assert blocks[1].inlines == (
        Text("Das Jobcenter hat "), Text("25.000 Menschen", bold=True), Text(" integriert, "),
        Text("seit 2005", italic=True), Text("."), LineBreak(), Text("Diese Prozesse werden unterstützt durch"),
    )
    assert len(blocks[2].items) == 2
    assert blocks[3].level == 2
    assert blocks[4].start == 1 and blocks[4].items[1] == (Text("Fallmanagement 1:75"),)


def test_html_escapes_everything_users_type():
    html = markup.to_html('<script>alert("x")</script> **<b onclick=x>fett</b>** <img src=x onerror=alert(1)>')

    assert "<script" not in html and "<b " not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert "<strong>&lt;b onclick=x&gt;fett&lt;/b&gt;</strong>" in html


def test_html_renders_headings_lists_and_emphasis():
    html = markup.to_html(SAMPLE)

    assert "<h3>I. Ausgangssituation und Allgemeines</h3>" in html
    assert "<h4>1. Aktivierung</h4>" in html
    assert "<strong>25.000 Menschen</strong>" in html and "<em>seit 2005</em>" in html
    assert "<ul><li>Erkenntnisse aus der Arbeitsmarktstatistik</li>" in html
    assert "<ol><li>Regelgeschäft 1:150</li>" in html
    assert "integriert, <em>seit 2005</em>.<br>Diese" in html


def test_lone_asterisks_and_escapes_stay_text():
    assert markup.to_plain("5 * 3 = 15 und \\*kein kursiv\\*") == "5 * 3 = 15 und *kein kursiv*"
    assert markup.to_html("2 * 3 * 4") == "<p>2 * 3 * 4</p>"


def test_numbered_list_keeps_its_start_and_blank_lines_do_not_split_lists():
    assert markup.to_html("3. drei\n\n4. vier") == '<ol start="3"><li>drei</li><li>vier</li></ol>'


def test_plain_text_keeps_structure_without_markers():
    plain = markup.to_plain(SAMPLE)

    assert plain.startswith("I. Ausgangssituation und Allgemeines\n\nDas Jobcenter hat 25.000 Menschen integriert")
    assert "- Kennzahlenvergleiche gem. § 48a SGB II" in plain
    assert "2. Fallmanagement 1:75" in plain
    assert "*" not in plain


def test_normalize_removes_carriage_returns_and_control_characters():
    assert markup.normalize("a\r\nb  \r\n\r\n\x00c\x07\n\n") == "a\nb\n\nc"
    assert markup.normalize(None) == ""
