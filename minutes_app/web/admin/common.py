"""Helpers shared by the administration views: service errors on forms, saving, the body."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort, flash, redirect, render_template
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from ...bodies import scope
from ...extensions import db_session
from ...models import Body
from ...services.errors import ValidationFailed
from ..body_context import internal_body
from ..forms import show_errors, status_of
from ..guards import load_or_404
from ..pagination import Page, paginate  # noqa: F401  (re-exported for the admin views)

T = TypeVar("T")
#: Shown when a screen needs the body but the settings have never been saved.
NO_BODY = "Bitte legen Sie zuerst unter „Einstellungen“ die Körperschaft an."


def current_body() -> Body | None:
    """The body being administered (chosen with the body switcher among the user's); None before the first."""
    return internal_body()


def load_in_body(model: type[T], object_id: int) -> T:
    """The object with ``object_id`` if it belongs to the administered body; otherwise 404.

    An administrator of body A never reaches body B's objects, not even by a guessed address.
    """
    obj = load_or_404(model, object_id)
    body = internal_body()
    if body is None or scope.body_id_of(obj) != body.id:
        abort(404)
    return obj


def query_args(**values: Any) -> dict[str, Any]:
    """The non-empty filter values, for links that keep the filters (pagination)."""
    return {key: value for key, value in values.items() if value not in (None, "")}


def save_form(
    form: FlaskForm,
    save: Callable[[], T],
    *,
    success: str,
    next_url: Callable[[T], str],
    template: str,
    **context: Any,
) -> Response | tuple[str, int]:
    """The thin-view steps after authorization: validate, call the service once, commit, redirect.

    On invalid input the page is rendered again from the submitted form, so
    nothing the user typed is lost, with the German messages at the fields.
    """
    if form.validate_on_submit():
        try:
            obj = save()
        except ValidationFailed as failed:
            db_session().rollback()
            show_errors(form, failed)
        else:
            db_session().commit()
            flash(success, "success")
            return redirect(next_url(obj))
    return render_template(template, form=form, **context), status_of(form)
