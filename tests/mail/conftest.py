"""A real SMTP server (aiosmtpd) on a free loopback port, and an app that delivers to it."""

from __future__ import annotations

import asyncio
import socket
import ssl
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

REFUSED_MARK = "unbekannt"


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Mailbox:
    """Everything the server accepted; recipients containing REFUSED_MARK are refused with 550."""

    messages: list[EmailMessage] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)
    #: Seconds the server takes to accept each message (a slow mail server).
    delay: float = 0.0

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if REFUSED_MARK in address:
            return "550 5.1.1 Empfaenger unbekannt"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(self.delay)
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        """The messages delivered to ``address``."""
        return [m for m in self.messages if address in str(m["To"])]

    def wait_for(self, count: int, timeout: float = 10.0) -> None:
        """Wait until at least ``count`` messages arrived (background delivery)."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)


class SmtpServer:
    """Start and stop an aiosmtpd controller on a fixed port (so a test can take it down and up again)."""

    def __init__(
        self, port: int, *, login: tuple[str, str] | None = None, tls: str = "", certificate: Certificate | None = None
    ) -> None:
        self.port = port
        self.mailbox = Mailbox()
        self._login = login
        self._tls = tls
        self._certificate = certificate
        self._controller: Controller | None = None

    def _authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login.decode(), data.password.decode()) == self._login
        if ok:
            self.mailbox.logins.append(data.login.decode())
        return AuthResult(success=ok)

    def start(self) -> None:
        kwargs: dict[str, Any] = {}
        if self._login is not None:
            kwargs = {"authenticator": self._authenticate, "auth_require_tls": self._tls == "starttls"}
        if self._tls:
            assert self._certificate is not None
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(self._certificate.cert, self._certificate.key)
            if self._tls == "starttls":
                kwargs |= {"tls_context": context, "require_starttls": True}
            else:
                kwargs |= {"ssl_context": context}
        self._controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port, **kwargs)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def url(self) -> str:
        scheme = {"": "smtp", "starttls": "smtp+starttls", "smtps": "smtps"}[self._tls]
        if self._login:
            return f"{scheme}://{self._login[0]}:{self._login[1]}@127.0.0.1:{self.port}"
        return f"{scheme}://127.0.0.1:{self.port}"


@dataclass(frozen=True)
class Certificate:
    """A self-signed server certificate for 127.0.0.1 (it is its own CA)."""

    cert: str
    key: str


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    """Made by the openssl command line tool, valid for 127.0.0.1 and localhost."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "server.pem", folder / "server.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return Certificate(str(cert), str(key))


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A running SMTP server that accepts everything except addresses containing "unbekannt"."""
    server = SmtpServer(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def make_smtp_server() -> Iterator[Callable[..., SmtpServer]]:
    """Build servers that the test starts and stops itself."""
    made: list[SmtpServer] = []

    def make(**kwargs: Any) -> SmtpServer:
        server = SmtpServer(free_port(), **kwargs)
        made.append(server)
        return server

    yield make
    for server in made:
        server.stop()
