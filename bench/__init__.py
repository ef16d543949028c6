"""Benchmarks beside the app, not part of the installed package: ``python -m bench search|docx|oparl``.

They measure, they do not test. Each command prints its figures (the README records them)
and builds its own throw-away database and index, never touching the instance's data.
"""
