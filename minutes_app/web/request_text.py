"""Text from the request never carries NUL characters.

PostgreSQL refuses NUL (``\\x00``) in text columns, and no person types one: it
only arrives pasted from binary data or from a probe. Form fields and query
parameters are cleaned where the request parses them, before any form or view
sees them, so every field on every page is covered and both databases store
the same text. A NUL in the address itself names no page (404).
"""
from __future__ import annotations

from flask import Flask, Request, abort, request
from werkzeug.datastructures import MultiDict
from werkzeug.utils import cached_property

NUL = "\x00"


def _without_nul(values: MultiDict[str, str]) -> MultiDict[str, str]:
    if not any(NUL in key or NUL in value for key, value in values.items(multi=True)):
        return values
    return type(values)((key.replace(NUL, ""), value.replace(NUL, "")) for key, value in values.items(multi=True))


class CleanRequest(Request):
    """Flask's request whose ``form`` and ``args`` hold no NUL characters (file uploads are left as sent)."""

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.__dict__["form"] = _without_nul(self.__dict__["form"])

    @cached_property
    def args(self) -> MultiDict[str, str]:  # type: ignore[override]
        """The query parameters without NUL characters."""
        return _without_nul(Request.args.fget(self))  # type: ignore[attr-defined]


def _refuse_nul_in_path() -> None:
    if NUL in request.path:
        abort(404)


def register(app: Flask) -> None:
    """Use the cleaning request class and refuse addresses with a NUL."""
    app.request_class = CleanRequest
    app.before_request(_refuse_nul_in_path)
