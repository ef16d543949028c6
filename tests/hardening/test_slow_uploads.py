"""Finding 1 of issue 17: a slow upload never blocks other saves, extraction is capped, a lock timeout keeps input."""
from __future__ import annotations

import http.client
import re
import threading
import time
import uuid
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from minutes_app.extensions import db_session
from minutes_app.models import File, Paper, PaperState, Role
from minutes_app.uploads import extraction

from ..conftest import login
from ..factories import PASSWORD
from ..papers_support import docx_bytes


@pytest.fixture
def world(app, factory, session):
    department = factory.department("Jobcenter")
    editor = factory.user("anna", roles={Role.EDITOR}, department=department)
    other = factory.user("bernd", roles={Role.EDITOR}, department=department)
    paper = factory.paper(department, actor=editor)
    session.commit()
    return {"editor": editor, "other": other, "paper": paper.id}


@pytest.fixture
def live(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()
    thread.join(timeout=10)


def _session_cookie(port: int, login_name: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = f"login={login_name}&password={PASSWORD}"
    connection.request("POST", "/anmelden", body, {"Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    response.read()
    assert response.status == 302
    return re.search(r"session=([^;]+)", response.getheader("Set-Cookie")).group(1)


def test_a_slowly_arriving_upload_does_not_block_another_users_save(app, world, live):
    data = docx_bytes("Kostenübersicht Jobcenter")
    boundary = uuid.uuid4().hex
    head = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nAnlage 1\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bericht.docx\"\r\n"
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    body = head + data + f"\r\n--{boundary}--\r\n".encode()
    cookie_a, cookie_b = _session_cookie(live, "anna"), _session_cookie(live, "bernd")
    upload = http.client.HTTPConnection("127.0.0.1", live, timeout=60)
    upload.putrequest("POST", f"/intern/vorlagen/{world['paper']}/anlagen/neu")
    upload.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    upload.putheader("Content-Length", str(len(body)))
    upload.putheader("Cookie", f"session={cookie_a}")
    upload.endheaders()
    pieces = [body[i : i + len(body) // 6 + 1] for i in range(0, len(body), len(body) // 6 + 1)]
    upload.send(pieces[0])
    time.sleep(0.5)  # the server has started on the upload request

    started = time.monotonic()
    other = http.client.HTTPConnection("127.0.0.1", live, timeout=60)
    form = "paper_type=resolution&name=Vorlage+von+Bernd&public=1&resolution_proposal=Zustimmung.&reasoning=x&financial_impact="
    other.request("POST", "/intern/vorlagen/neu", form,
                  {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"session={cookie_b}"})
    answer = other.getresponse()
    answer.read()
    waited = time.monotonic() - started
    assert answer.status == 302, answer.status
    assert waited < 2.0, f"Bernd waited {waited:.1f} s for Anna's upload"

    for piece in pieces[1:]:
        time.sleep(0.5)
        upload.send(piece)
    result = upload.getresponse()
    result.read()
    assert result.status == 302
    with app.app_context():
        assert db_session().scalar(select(Paper).where(Paper.name == "Vorlage von Bernd")) is not None
        stored = db_session().scalar(select(File).where(File.name == "Anlage 1"))
        assert stored is not None and "Kostenübersicht Jobcenter" in stored.text
        assert stored.public is False  # finding 8: new attachments are not public unless chosen


def test_a_lock_timeout_asks_to_save_again_and_keeps_the_typed_text(tmp_path):
    from minutes_app import create_app
    from minutes_app.models import Base

    from ..databases import new_database_url, write_lock_held

    url = new_database_url(tmp_path, "l")
    app = create_app({
        "TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": url,
        "SEARCH_INDEX_DIR": str(tmp_path / "si"), "FILE_STORE_DIR": str(tmp_path / "files"),
        "INSTANCE_PATH": str(tmp_path / "instance"), "WTF_CSRF_ENABLED": False, "DATABASE_BUSY_TIMEOUT_MS": 300,
    })
    Base.metadata.create_all(app.extensions["minutes_database"].write_engine)
    with app.app_context():
        from ..factories import Factory
        factory = Factory(db_session())
        department = factory.department("Jobcenter")
        factory.user("anna", roles={Role.EDITOR}, department=department)
        db_session().commit()
    client = app.test_client()
    login(client, "anna")
    typed = {"paper_type": "resolution", "name": "Radweg an der K 12", "public": "1",
             "resolution_proposal": "Der Ausschuss stimmt zu.", "reasoning": "Lange Begründung\nmit Absätzen " * 5,
             "financial_impact": ""}
    # A real concurrent writer holds the write lock (as a long save in another worker would).
    with write_lock_held(url):
        response = client.post("/intern/vorlagen/neu", data=typed)
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert "Bitte erneut speichern" in html
    assert 'value="Radweg an der K 12"' in html and "Der Ausschuss stimmt zu." in html
    # Pressing "Erneut speichern" sends exactly the kept values again.
    action = re.search(r'<form method="post" action="([^"]+)"', html).group(1)
    kept = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    kept = {k: v.replace("&#10;", "\n").replace("&#39;", "'") for k, v in kept.items() if k != "csrf_token"}
    assert client.post(action, data=kept).status_code == 302
    with app.app_context():
        assert db_session().scalar(select(Paper).where(Paper.name == "Radweg an der K 12")).state is PaperState.DRAFT
    app.extensions["minutes_database"].dispose()


def _big_docx(path: Path, paragraphs: int) -> None:
    words = " ".join(f"Wort{i}" for i in range(40))
    body = "".join(f"<w:p><w:r><w:t>Absatz {n} {words}</w:t></w:r></w:p>" for n in range(paragraphs))
    document = (
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document)


def test_extraction_stops_at_its_byte_and_time_caps(tmp_path, monkeypatch):
    path = tmp_path / "gross.docx"
    _big_docx(path, 60_000)  # about 25 MB of XML
    monkeypatch.setattr(extraction, "MAX_XML_BYTES", 1024 * 1024)
    started = time.monotonic()
    text = extraction.inspect(path, extraction.DOCX)
    assert time.monotonic() - started < 5
    assert text.startswith("Absatz 0 ") and 1000 < text.count("Absatz") < 5000
    monkeypatch.setattr(extraction, "MAX_XML_BYTES", 1024**3)
    text = extraction.inspect(path, extraction.DOCX, seconds=0.05)
    assert 0 < text.count("Absatz") < 60_000


def test_isolated_extraction_reads_a_large_legal_docx_in_bounded_memory(tmp_path):
    path = tmp_path / "gross.docx"
    _big_docx(path, 60_000)
    started = time.monotonic()
    text = extraction.inspect_isolated(path, extraction.DOCX)
    assert time.monotonic() - started < 20
    assert "Absatz 59999" in text or len(text) >= extraction.MAX_TEXT_CHARS - 1000
