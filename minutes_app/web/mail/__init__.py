"""Mail in the web layer: Postausgang and dispatch log (staff), notice settings (profile), citizens' alerts.

Two blueprints, one per audience: ``mail`` under /intern for staff and
``alerts`` under /benachrichtigungen for the public. After a request that
queued mail, a background delivery pass starts when SMTP_URL is set (see
:mod:`.delivery`).
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("mail", __name__, url_prefix="/intern")
alerts_bp = Blueprint("alerts", __name__, url_prefix="/benachrichtigungen")

# Importing the view modules registers their routes.
from . import alert_views, dispatch_views, outbox_views, profile_views  # noqa: E402,F401
