"""Configuration read from the environment, with safe defaults for the embedded SQLite setup."""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _secret_key(instance_path: Path) -> str:
    """SECRET_KEY from the environment, else a random key kept in the instance folder.

    A key kept on disk survives restarts and is shared by all workers on the host.
    """
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def database_url_with_driver(url: str) -> str:
    """``url`` with the PostgreSQL driver the application ships (psycopg 3) when it names none.

    Operators often write ``postgresql://…`` or ``postgres://…`` as libpq does; SQLAlchemy would then look
    for the older psycopg2, which is not installed.
    """
    for scheme in ("postgresql://", "postgres://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme):]
    return url


def load_config(instance_path: Path) -> dict[str, Any]:
    """The configuration for a normal (non-test) run."""
    database_url = database_url_with_driver(
        os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'minutes.db'}"
    )
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "DATABASE_URL": database_url,
        # How long a save waits for another one to finish before the user is asked to save again.
        "DATABASE_BUSY_TIMEOUT_MS": int(os.environ.get("DATABASE_BUSY_TIMEOUT_MS", "15000")),
        # The public address of the portal (iCal UIDs and links); never taken from the request's Host header.
        "BASE_URL": os.environ.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        "SEARCH_INDEX_DIR": os.environ.get("SEARCH_INDEX_DIR", str(PROJECT_ROOT / "search_index")),
        # On PostgreSQL: search this server's Whoosh copy of the tables (in SEARCH_INDEX_DIR) when it is current.
        "SEARCH_REPLICA": os.environ.get("SEARCH_REPLICA", "1") != "0",
        "FILE_STORE_DIR": os.environ.get("FILE_STORE_DIR", str(instance_path / "files")),
        # Hard ceiling of a request body; the per-body upload limit is checked in the service.
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_UPLOAD_MB", "100")) * 1024 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "0") == "1",
        "PERMANENT_SESSION_LIFETIME": int(os.environ.get("SESSION_LIFETIME_SECONDS", str(8 * 3600))),
        "LOGIN_MAX_FAILURES": int(os.environ.get("LOGIN_MAX_FAILURES", "5")),
        "LOGIN_BLOCK_SECONDS": int(os.environ.get("LOGIN_BLOCK_SECONDS", "300")),
        "WTF_CSRF_TIME_LIMIT": None,
        # Mail: without SMTP_URL every mail stays in the Postausgang (the embedded default).
        "SMTP_URL": os.environ.get("SMTP_URL", ""),
        "SMTP_CA_FILE": os.environ.get("SMTP_CA_FILE", ""),
        "MAIL_SENDER": os.environ.get("MAIL_SENDER", "sitzungsdienst@localhost"),
        "MAIL_RETRY_BASE_SECONDS": int(os.environ.get("MAIL_RETRY_BASE_SECONDS", "60")),
        "MAIL_MAX_ATTEMPTS": int(os.environ.get("MAIL_MAX_ATTEMPTS", "8")),
        "MAIL_WORKER_INTERVAL_SECONDS": int(os.environ.get("MAIL_WORKER_INTERVAL_SECONDS", "30")),
        # With SMTP_URL set, a request that queued mail starts a delivery pass right after its response.
        "MAIL_DELIVER_AFTER_REQUEST": os.environ.get("MAIL_DELIVER_AFTER_REQUEST", "1") == "1",
        # Rendered public pages kept per worker process for anonymous visitors (0: none); see minutes_app.freshness.
        "PAGE_CACHE_ENTRIES": int(os.environ.get("PAGE_CACHE_ENTRIES", "128")),
    }
