"""Finding 8 of issue 17: HSTS, Permissions-Policy, owner-only files, non-public attachments by default,
images decoded in full (polyglots fail), iCal addresses from the configured base URL."""
from __future__ import annotations

import io
import os
import stat
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import select

from minutes_app import create_app
from minutes_app.models import Base, File, MeetingState, Role, utc_now
from minutes_app.services import files
from minutes_app.services.errors import ValidationFailed

from ..conftest import login
from ..databases import new_database_url, on_postgresql
from ..papers_support import PNG_BYTES, jpeg_bytes


def test_hsts_only_with_secure_cookies_and_permissions_policy_always(app, client):
    plain = client.get("/")
    assert "Strict-Transport-Security" not in plain.headers
    assert "camera=()" in plain.headers["Permissions-Policy"]
    assert "geolocation=()" in plain.headers["Permissions-Policy"]
    app.config["SESSION_COOKIE_SECURE"] = True
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.fixture
def usual_umask():
    previous = os.umask(0o022)  # the usual umask of a service account: files world-readable unless we act
    yield
    os.umask(previous)


def test_database_instance_and_blobs_are_owner_only(tmp_path, usual_umask):
    instance = tmp_path / "instance"
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "INSTANCE_PATH": str(instance),
                      "DATABASE_URL": new_database_url(instance, "minutes"), "FILE_STORE_DIR": str(instance / "files"),
                      "SEARCH_INDEX_DIR": str(tmp_path / "si")})
    Base.metadata.create_all(app.extensions["minutes_database"].write_engine)
    with app.app_context():
        from minutes_app.extensions import db_session
        record = files.store_upload(db_session(), None, stream=io.BytesIO(PNG_BYTES), file_name="plan.png",
                                    store_dir=instance / "files", max_mb=5)
        db_session().commit()
        blob = files.blob_path(instance / "files", record.storage_key)
    app.extensions["minutes_database"].dispose()
    # On PostgreSQL the database is the server's, not a file of the instance.
    for path in (blob,) if on_postgresql() else (instance / "minutes.db", blob):
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
    for folder in (instance, instance / "files"):
        assert stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0, folder


def _png_with(trailer: bytes) -> bytes:
    return PNG_BYTES + trailer


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (_png_with(b"<html><script>alert(1)</script></html>"), "bild.png"),
        (_png_with(b"PK\x03\x04" + b"\0" * 40), "bild.png"),
        (jpeg_bytes() + b"%PDF-1.4\n<script>alert(1)</script>", "foto.jpg"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 100, "foto.jpg"),
        (PNG_BYTES[:40], "abgeschnitten.png"),
        (jpeg_bytes()[:-40] + b"\xff\xd9", "kaputt.jpg"),
    ],
)
def test_polyglot_and_broken_images_are_refused(tmp_path, session, data, name):
    with pytest.raises(ValidationFailed) as refused:
        files.store_upload(session, None, stream=io.BytesIO(data), file_name=name, store_dir=tmp_path / "s", max_mb=5)
    assert "Bild" in str(refused.value)
    assert session.scalars(select(File)).all() == []


def test_real_images_pass_the_full_decode(tmp_path, session):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 200, 30)).save(buffer, "PNG")
    for data, name in ((buffer.getvalue(), "plan.png"), (jpeg_bytes(), "foto.jpg")):
        record = files.store_upload(session, None, stream=io.BytesIO(data), file_name=name, store_dir=tmp_path / "s", max_mb=5)
        assert record.public is False


def test_the_upload_form_offers_non_public_by_default(client, session, factory):
    department = factory.department()
    editor = factory.user("anna", roles={Role.EDITOR}, department=department)
    paper = factory.paper(department, actor=editor)
    session.commit()
    login(client, "anna")
    html = client.get(f"/intern/vorlagen/{paper.id}/anlagen/neu").get_data(as_text=True)
    checkbox = next(line for line in html.splitlines() if 'name="public"' in line)
    assert "checked" not in checkbox


def test_ical_uids_and_links_use_the_configured_base_url(app, client, session, factory):
    app.config["BASE_URL"] = "https://buergerinfo.landkreis.example"
    committee = factory.committee("Kreisausschuss")
    meeting = factory.meeting(committee, state=MeetingState.INVITED, start_time=utc_now() + timedelta(days=3))
    session.commit()
    body = client.get("/kalender.ics", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert f"UID:sitzung-{meeting.id}@buergerinfo.landkreis.example" in body
    assert "https://buergerinfo.landkreis.example/sitzungen/" in body.replace("\r\n ", "")
    assert "evil.example" not in body
