"""Helpers of the import tests: run the real command, read what it stored."""
from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session


def run_import(app: Flask, *args: str, ok: bool = True) -> Any:
    """``flask oparl-import ARGS`` through the real CLI; returns the click result (stdout = the report)."""
    result = app.test_cli_runner().invoke(args=["oparl-import", *args, "--pause", "0"])
    if ok:
        assert result.exit_code == 0, result.output + repr(result.exception)
    return result


def count(session: Session, model: type, *, deleted: bool = False) -> int:
    """Rows of ``model``; with ``deleted`` the soft-deleted ones are counted too."""
    stmt = select(func.count()).select_from(model)
    return int(session.scalar(stmt.execution_options(include_deleted=deleted)) or 0)


def by_oparl_id(session: Session, model: type, oparl_id: str) -> Any:
    """The row imported under ``oparl_id`` (deleted ones included)."""
    return session.scalar(select(model).where(model.oparl_id == oparl_id).execution_options(include_deleted=True))
