"""What each field of each OParl type holds, as far as the repairs need to know.

Derived from the OParl 1.1 schemas (``shared/oparl/schema``). A field is described by a
kind; embedded objects name their type after a colon (``"obj:File"``, ``"objs:File"``).
Fields not listed here (vendor extensions, unknown additions) are passed through untouched.
"""
from __future__ import annotations

#: Kinds. ``line`` is a one-line text (names, numbers), ``block`` a text that may keep line breaks.
LINE, BLOCK, LINES = "line", "block", "lines"
DATE, DATETIME, BOOL, INT = "date", "datetime", "bool", "int"
URL, URLS, TYPE, LICENSE = "url", "urls", "type", "license"
AGS, RGS, GEOJSON, KEYWORDS = "ags", "rgs", "geojson", "keywords"
GENDER, MIME = "gender", "mime"
#: A field that is a list URL in the schema but that some servers fill with embedded objects.
LIST_URL = "list_url"

_COMMON: dict[str, str] = {
    "id": URL,
    "type": TYPE,
    "created": DATETIME,
    "modified": DATETIME,
    "deleted": BOOL,
    "keyword": KEYWORDS,
    "web": URL,
    "license": LICENSE,
}

_FIELDS: dict[str, dict[str, str]] = {
    "System": {
        "oparlVersion": URL, "otherOparlVersions": URLS, "body": LIST_URL, "name": LINE,
        "contactEmail": LINE, "contactName": LINE, "website": URL, "vendor": URL, "product": URL,
    },
    "Body": {
        "system": URL, "shortName": LINE, "name": LINE, "website": URL, "licenseValidSince": DATETIME,
        "oparlSince": DATETIME, "ags": AGS, "rgs": RGS, "equivalent": URLS, "contactEmail": LINE,
        "contactName": LINE, "organization": LIST_URL, "person": LIST_URL, "meeting": LIST_URL,
        "paper": LIST_URL, "legislativeTerm": "objs:LegislativeTerm", "agendaItem": LIST_URL,
        "consultation": LIST_URL, "file": LIST_URL, "locationList": LIST_URL, "legislativeTermList": LIST_URL,
        "membership": LIST_URL, "classification": LINE, "location": "obj:Location",
    },
    "LegislativeTerm": {"body": URL, "name": LINE, "startDate": DATE, "endDate": DATE},
    "Organization": {
        "body": URL, "name": LINE, "membership": URLS, "meeting": LIST_URL, "consultation": LIST_URL,
        "shortName": LINE, "post": LINES, "subOrganizationOf": URL, "organizationType": LINE,
        "classification": LINE, "startDate": DATE, "endDate": DATE, "website": URL,
        "location": "obj:Location", "externalBody": URL,
    },
    "Person": {
        "body": URL, "name": LINE, "familyName": LINE, "givenName": LINE, "formOfAddress": LINE, "affix": LINE,
        "title": LINES, "gender": GENDER, "phone": LINES, "email": LINES, "location": URL,
        "locationObject": "obj:Location", "status": LINES, "membership": "objs:Membership", "life": BLOCK,
        "lifeSource": LINE,
    },
    "Membership": {
        "person": URL, "organization": URL, "role": LINE, "votingRight": BOOL, "startDate": DATE,
        "endDate": DATE, "onBehalfOf": URL,
    },
    "Meeting": {
        "name": LINE, "meetingState": LINE, "cancelled": BOOL, "start": DATETIME, "end": DATETIME,
        "location": "obj:Location", "organization": URLS, "participant": URLS, "invitation": "obj:File",
        "resultsProtocol": "obj:File", "verbatimProtocol": "obj:File", "auxiliaryFile": "objs:File",
        "agendaItem": "objs:AgendaItem",
    },
    "AgendaItem": {
        "meeting": URL, "number": LINE, "order": INT, "name": LINE, "public": BOOL, "consultation": URL,
        "result": LINE, "resolutionText": BLOCK, "resolutionFile": "obj:File", "auxiliaryFile": "objs:File",
        "start": DATETIME, "end": DATETIME,
    },
    "Paper": {
        "body": URL, "name": LINE, "reference": LINE, "date": DATE, "paperType": LINE, "relatedPaper": URLS,
        "superordinatedPaper": URLS, "subordinatedPaper": URLS, "mainFile": "obj:File",
        "auxiliaryFile": "objs:File", "location": "objs:Location", "originatorPerson": URLS,
        "underDirectionOf": URLS, "originatorOrganization": URLS, "consultation": "objs:Consultation",
    },
    "Consultation": {
        "paper": URL, "agendaItem": URL, "meeting": URL, "organization": URLS, "authoritative": BOOL,
        "role": LINE,
    },
    "File": {
        "name": LINE, "fileName": LINE, "mimeType": MIME, "date": DATE, "size": INT, "sha1Checksum": LINE,
        "sha512Checksum": LINE, "text": BLOCK, "accessUrl": URL, "downloadUrl": URL, "externalServiceUrl": URL,
        "masterFile": URL, "derivativeFile": URLS, "fileLicense": URL, "meeting": URLS, "agendaItem": URLS,
        "paper": URLS,
    },
    "Location": {
        "description": BLOCK, "geojson": GEOJSON, "streetAddress": LINE, "room": LINE, "postalCode": LINE,
        "subLocality": LINE, "locality": LINE, "bodies": URLS, "organizations": URLS, "persons": URLS,
        "meetings": URLS, "papers": URLS,
    },
}

#: The twelve type names, as they end the type URL.
TYPE_NAMES = frozenset(_FIELDS)


def fields_of(type_name: str | None) -> dict[str, str]:
    """Field kinds of ``type_name`` (only the common fields for an unknown type)."""
    return {**_COMMON, **_FIELDS.get(type_name or "", {})}
