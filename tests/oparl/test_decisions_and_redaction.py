"""OParl: the Beschlusskontrolle extension on AgendaItem, redaction in texts, the redacted copy of a file."""
from __future__ import annotations

import io
from datetime import date

from minutes_app.decisions import tracking
from minutes_app.models import AgendaItem, Body, File, Paper
from minutes_app.services import files as file_store

from ..papers_support import pdf_bytes
from .test_endpoint import BASE, _get, county  # noqa: F401  (the fixture)


def test_agenda_item_carries_the_implementation_status(client, session, factory, county):  # noqa: F811
    item = session.get(AgendaItem, county.public_item)
    department = factory.department("Fachbereich Straßen")
    tracking.create(session, None, item, department, date(2020, 1, 31))
    session.commit()
    found = _get(client, f"{BASE}/agendaItem/{item.id}")
    assert found["x-minutesapp:implementation"] == {
        "status": "open", "statusLabel": "überfällig", "overdue": True, "dueDate": "2020-01-31",
        "department": f"{BASE}/organization/{department.id}",
    }
    system = _get(client, f"{BASE}/system")
    assert "x-minutesapp:implementation" in str(system)


def test_redacted_passages_names_and_files(app, client, session, county):  # noqa: F811
    paper = session.get(Paper, county.paper)
    paper.reasoning = "Anwohner [[schwärzen: Hans Geheimrat]] klagt; Frau Ilse Listenname ebenso."
    session.get(Body, county.body).redacted_names = "Ilse Listenname"
    original = session.get(File, county.file)
    data = pdf_bytes("geschwaerzt")
    copy = file_store.store_upload(session, None, stream=io.BytesIO(data), file_name="kopie.pdf",
                                   store_dir=app.config["FILE_STORE_DIR"], max_mb=5)
    original.public_copy = copy
    session.commit()
    text = str(_get(client, f"{BASE}/paper/{paper.id}"))
    assert "Geheimrat" not in text and "Listenname" not in text and "[geschwärzt]" in text and "klagt" in text
    assert f"/file/{original.id}\"" not in text.replace("'", '"') and f"/file/{copy.id}" in text
    assert client.get(f"/oparl/v1/file/{original.id}").status_code == 404
    with client.get(f"/oparl/v1/file/{copy.id}/download") as response:
        assert response.status_code == 200 and response.get_data() == data
