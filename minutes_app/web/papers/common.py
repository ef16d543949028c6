"""Helpers of the Vorlagen views (shared ones re-exported from web.forms and web.pagination)."""
from __future__ import annotations

from ..forms import perform, show_errors, status_of
from ..pagination import Page, paginate

PER_PAGE = 25

__all__ = ["PER_PAGE", "Page", "paginate", "perform", "show_errors", "status_of"]
