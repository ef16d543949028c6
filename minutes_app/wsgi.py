"""The application for app servers: ``gunicorn 'minutes_app.wsgi:app'``.

Each worker process creates the app once, opens the search indexes and then settles (see :mod:`.serving`).
"""
from __future__ import annotations

from . import create_app, serving

app = create_app()
serving.warm(app)
serving.settle()
