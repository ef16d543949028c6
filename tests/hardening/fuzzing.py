"""Helpers of the generated-input test: discover forms and links by crawling, fill route parameters, payloads."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

from flask import Flask
from werkzeug.exceptions import HTTPException
from werkzeug.routing import MapAdapter

#: Marker of the stored-XSS payloads; it must never reach a page unescaped.
MARK = "xssq7"
SCRIPT_PAYLOADS = (
    f"<script>alert('{MARK}')</script>",
    f'"><img src=x onerror=alert("{MARK}")>',
    f"<svg onload=alert('{MARK}')>",
    f"javascript:alert('{MARK}')",
    f"[klick](javascript:alert('{MARK}'))",
)
HOSTILE = (
    "²", "٣", "-1", "0", "99999999999999999999", "1e309", "NaN", "0001-01-01", "9999-12-31", "0001-01",
    "9999-12", "31.02.2026", "2026-13-01", "25:61", "", " ", "\x00", "\r\n/x", "/%09/evil.example",
    "'; DROP TABLE papers; --", "../../etc/passwd", "%s%n%x", "{{7*7}}", "{number:99999999d}", "{0.__class__}",
    "A" * 5000, "\u202e\u200b", "😀", "ö" * 300, "true", "[]",
)
#: Query parameter names the views read (besides those in links and GET forms).
QUERY_NAMES = (
    "jahr", "gremium", "seite", "page", "q", "von", "bis", "monat", "ansicht", "art", "status", "zeitraum",
    "sortierung", "ergebnis", "fassung", "department", "year", "state", "sort", "order", "next", "mine", "waiting",
    "paper_type",
)
#: Answers that end a role's interest in a route (no need for more examples there).
CLOSED = (302, 400, 403, 404, 405)


@dataclass
class Form:
    """One HTML form as a browser would submit it."""

    method: str
    action: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    options: dict[str, list[str]] = field(default_factory=dict)


class _FormParser(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url, self.forms, self.links = page_url, [], []
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.page_url, a["href"]))
        elif tag == "form":
            self._form = Form(a.get("method", "get").upper(), urljoin(self.page_url, a.get("action") or self.page_url))
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                self._form.options.setdefault(a["name"], []).append(a.get("value", "on"))
                if kind == "radio":
                    return
                return
            if kind not in ("submit", "button", "file"):
                self._form.fields.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._form.options.setdefault(self._select, [])
        elif tag == "option" and self._select:
            self._form.options[self._select].append(a.get("value", ""))
            if "selected" in a:
                self._form.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], []
        elif tag == "button" and a.get("name"):
            self._form.fields.append((a["name"], a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            if self._form is not None and self._select and not any(n == self._select for n, _ in self._form.fields):
                values = self._form.options.get(self._select) or [""]
                self._form.fields.append((self._select, values[0]))
            self._select = None
        elif tag == "textarea" and self._textarea and self._form is not None:
            self._form.fields.append((self._textarea, "".join(self._text)))
            self._textarea = None


def parse_page(url: str, html: str) -> tuple[list[Form], list[str]]:
    """Forms and same-site links of a page."""
    parser = _FormParser(url)
    parser.feed(html)
    links = [link for link in parser.links if urlsplit(link).netloc in ("", "localhost")]
    return parser.forms, links


def local(url: str) -> str:
    """Path and query of a URL."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def endpoint_of(adapter: MapAdapter, url: str, method: str) -> str | None:
    """The endpoint a URL reaches, or None."""
    try:
        endpoint, _args = adapter.match(urlsplit(url).path, method=method)
    except HTTPException:
        return None
    except Exception:
        return None
    return str(endpoint)


def query_names(url: str) -> list[str]:
    """Parameter names in a URL's query string."""
    return [name for name, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True)]


def fill_rule(app: Flask, rule, ids: dict[str, list[int]]) -> str | None:  # type: ignore[no-untyped-def]
    """A URL for a rule nobody linked to, from existing ids (route parameters by their names)."""
    values: dict[str, object] = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        if hasattr(converter, "items") and isinstance(converter.items, (set, frozenset, list, tuple)):
            values[name] = sorted(converter.items)[0]
        elif name.endswith("_id"):
            values[name] = (ids.get(name) or [1])[0]
        elif name == "filename":
            values[name] = "style.css"
        elif name == "kuerzel":  # a body's portal prefix: an existing Kürzel, else every route is a 404
            values[name] = (ids.get("kuerzel") or ["hoch"])[0]
        else:
            values[name] = "hoch"
    with app.test_request_context():
        try:
            from flask import url_for

            return str(url_for(rule.endpoint, **values))
        except Exception:
            return None


def unescaped_payloads(html: str) -> list[str]:
    """Script payloads that appear in ``html`` as markup, not as text."""
    found = []
    if re.search(rf"<script[^>]*>[^<]*{MARK}", html, re.I):
        found.append("script")
    if re.search(rf"<(img|svg)[^>]*\son\w+\s*=[^>]*{MARK}", html, re.I):
        found.append("event handler")
    if re.search(rf"href\s*=\s*[\"']?\s*javascript:[^\"'>]*{MARK}", html, re.I):
        found.append("javascript link")
    return found
