"""Shared builders of the Vorlagen and Sichtvermerk tests: a department with editor, a chain with signers."""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from minutes_app.models import (
    ConsultationRole,
    Organization,
    Paper,
    PaperType,
    Role,
    SignOffChain,
    SignOffPosition,
    User,
)
from minutes_app.services import accounts, consultations, sign_off_chains

from .factories import Factory


@pytest.fixture(autouse=True)
def fast_passwords(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """scrypt costs ~0.1 s per account; these tests check workflows, not hashing."""
    monkeypatch.setattr(accounts, "hash_password", lambda pw: generate_password_hash(pw, method="pbkdf2:sha256:1"))
    yield


@dataclass
class World:
    """A department with an editor, a committee and a three-position chain (one deputy at position 1)."""

    department: Organization
    committee: Organization
    editor: User
    head: User
    deputy: User
    dezernent: User
    landrat: User
    chain: SignOffChain

    @property
    def positions(self) -> list[SignOffPosition]:
        return list(self.chain.positions)


def build_world(factory: Factory, session: Session) -> World:
    """Department, editor, committee and the chain GBL (+ deputy) → Dezernat → Landrat."""
    department = factory.department("Fachbereich Soziales")
    committee = factory.committee("Ausschuss für Arbeit und Grundsicherung")
    editor = factory.user("sachbearbeitung", {Role.EDITOR}, department=department, display_name="Erika Editor")
    head = factory.user("gbl", {Role.SIGNER}, department=department, display_name="Koch")
    deputy = factory.user("gbl_vertretung", {Role.SIGNER}, display_name="Vertreterin Vogel")
    dezernent = factory.user("dezernent", {Role.SIGNER}, display_name="Rettenmaier")
    landrat = factory.user("landrat", {Role.SIGNER}, display_name="Pavel")
    chain = sign_off_chains.create_chain(session, None, body=factory.body, name="Standard")
    gbl = sign_off_chains.add_position(session, None, chain, "Geschäftsbereichsleitung")
    dez = sign_off_chains.add_position(session, None, chain, "Sozialdezernent")
    lr = sign_off_chains.add_position(session, None, chain, "Landrat")
    sign_off_chains.add_holder(session, None, gbl, head, is_deputy=False)
    sign_off_chains.add_holder(session, None, gbl, deputy, is_deputy=True)
    sign_off_chains.add_holder(session, None, dez, dezernent, is_deputy=False)
    sign_off_chains.add_holder(session, None, lr, landrat, is_deputy=False)
    sign_off_chains.add_rule(session, None, chain, department=None, paper_type=None)
    session.expire(chain, ["positions"])
    return World(department, committee, editor, head, deputy, dezernent, landrat, chain)


def ready_paper(factory: Factory, session: Session, world: World, **kw: object) -> Paper:
    """A Beschlussvorlage that may go into sign-off."""
    paper = factory.paper(
        world.department,
        actor=world.editor,
        name=kw.pop("name", "Umsetzung der geschäftspolitischen Herausforderungen"),
        paper_type=kw.pop("paper_type", PaperType.RESOLUTION),
        resolution_proposal=kw.pop("resolution_proposal", "Der Ausschuss nimmt Kenntnis."),
        reasoning=kw.pop("reasoning", "## I. Ausgangssituation\n\nDas Jobcenter hat **viel** erreicht."),
        **kw,
    )
    consultations.add_consultation(
        session, world.editor, paper, organization=world.committee, role=ConsultationRole.DECISION, authoritative=True
    )
    return paper


def pdf_bytes(text: str = "Hallo Welt") -> bytes:
    """A small valid one-page PDF that shows ``text`` (correct xref, so readers need no repair)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def docx_bytes(text: str = "Kostenübersicht Jobcenter") -> bytes:
    """A real DOCX made with python-docx."""
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bomb_docx(unpacked_mb: int = 40) -> bytes:
    """A file that looks like a DOCX but unpacks ``document.xml`` to many megabytes of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", b"\0" * (unpacked_mb * 1024 * 1024))
    return buffer.getvalue()


def multipart(fields: dict[str, str], file_name: str, data: bytes, field: str = "file") -> dict[str, object]:
    """Keyword arguments for a test-client POST with a hand-encoded multipart body.

    Werkzeug's own encoder spools bodies over 500 KB to a temporary file it never
    closes; encoding here keeps large uploads warning-free.
    """
    boundary = "----vorlagen-test-grenze"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{file_name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    body = b"".join(parts) + head + data + f"\r\n--{boundary}--\r\n".encode()
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


#: A complete 1×1 PNG (uploads are decoded in full, so it must be a real image).
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def jpeg_bytes() -> bytes:
    """A complete small JPEG."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), (0, 128, 255)).save(buffer, "JPEG")
    return buffer.getvalue()
EXE_BYTES = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
    + b"This program cannot be run in DOS mode."
)
