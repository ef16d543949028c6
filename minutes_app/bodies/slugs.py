"""The Kürzel of a body: a short, URL-safe, unique path segment such as ``kreis-ploen``."""
from __future__ import annotations

import re
import unicodedata

#: First path segments the application itself uses; a Kürzel must never shadow them.
RESERVED = frozenset({
    "intern", "anmelden", "abmelden", "sitzungen", "vorlagen", "gremien", "suche", "kalender.ics", "healthz",
    "oparl", "static", "tagesordnungspunkte", "impressum", "datenschutz", "barrierefreiheit", "api", "admin",
    "koerperschaften", "favicon.ico", "robots.txt",
})
MAX_LENGTH = 40
SLUG_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"})


def slugify(text: str) -> str:
    """A Kürzel proposal from a name: umlauts spelled out, other letters folded, words joined by hyphens."""
    folded = unicodedata.normalize("NFKD", text.translate(_UMLAUTS)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    slug = slug[:MAX_LENGTH].rstrip("-")
    if slug and not slug[0].isalpha():
        slug = f"k-{slug}"[:MAX_LENGTH].rstrip("-")
    return slug


def slug_error(slug: str) -> str | None:
    """Why ``slug`` cannot be a Kürzel (German), or None."""
    if not slug:
        return "Bitte geben Sie ein Kürzel an, z. B. kreis-ploen."
    if len(slug) > MAX_LENGTH:
        return f"Das Kürzel darf höchstens {MAX_LENGTH} Zeichen lang sein."
    if not SLUG_RE.match(slug):
        return ("Das Kürzel darf nur Kleinbuchstaben ohne Umlaute, Ziffern und einzelne Bindestriche enthalten "
                "und muss mit einem Buchstaben beginnen, z. B. kreis-ploen.")
    if slug in RESERVED:
        return f"„{slug}“ ist eine Adresse des Systems und kann kein Kürzel sein."
    return None
