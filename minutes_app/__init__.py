"""Sitzungsdienst and Bürgerinformationssystem: the Flask application factory."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from .config import PROJECT_ROOT, load_config
from .database import Database
from .extensions import close_db_session, close_read_phase, csrf, login_manager


def _restrict_instance(app: Flask) -> None:
    """The instance folder and the file store hold the database, the secret key and non-public
    attachments: owner-only, whatever the umask of the process."""
    for folder in (Path(app.instance_path), Path(app.config["FILE_STORE_DIR"])):
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            if folder.stat().st_mode & 0o077:
                folder.chmod(0o700)
        except OSError:  # not ours to change: the operator decides
            continue


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Create and configure the application; ``config`` overrides the environment (tests)."""
    app = Flask(
        __name__,
        instance_path=str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder="static",
    )
    if config and "INSTANCE_PATH" in config:
        app.instance_path = str(config["INSTANCE_PATH"])
    app.config.update(load_config(Path(app.instance_path)))
    if config:
        app.config.update(config)

    _restrict_instance(app)
    app.extensions["minutes_database"] = Database.from_url(
        app.config["DATABASE_URL"], int(app.config.get("DATABASE_BUSY_TIMEOUT_MS", 15000))
    )
    app.teardown_appcontext(close_db_session)
    app.teardown_request(close_read_phase)
    csrf.init_app(app)
    login_manager.init_app(app)

    from . import cli, search
    from .web import register_web

    search.init_app(app)
    register_web(app)
    cli.register(app)
    return app
