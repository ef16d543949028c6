"""Where every OParl 1.1 field of the eleven object types lives in the data model.

Each entry says how the field is stored or derived; the OParl server reads
from there and the importer writes there. A test checks that every property of
the shared OParl schema files appears here, and that README.md carries the same
table (section "OParl-Abbildung des Datenmodells", made by :func:`markdown`).

Kinds: ``column`` (a column of the object's table), ``relation`` (a foreign key
or an association table), ``derived`` (computed from the columns named).
"""
from __future__ import annotations

from typing import NamedTuple


class Home(NamedTuple):
    """The home of one OParl field."""

    kind: str
    where: str


def _col(where: str) -> Home:
    return Home("column", where)


def _rel(where: str) -> Home:
    return Home("relation", where)


def _der(where: str) -> Home:
    return Home("derived", where)


#: Fields every OParl object carries; listed once, valid for all eleven types.
COMMON: dict[str, Home] = {
    "id": _der("URL of the OParl server from the row's `id`; the original id of an imported object is `oparl_id`"),
    "type": _der("fixed per table, e.g. `https://schema.oparl.org/1.1/Paper`"),
    "created": _col("`created`"),
    "modified": _col("`modified` (set on every change)"),
    "deleted": _der("`deleted_at IS NOT NULL` (soft deletion, row kept)"),
    "keyword": _col("`keywords` (JSON list)"),
    "web": _der("URL of the object's portal page (`/vorlagen/<id>`, `/sitzungen/<id>`, …)"),
    "license": _der("`bodies.license` of the object's body (File: `files.file_license` first)"),
}

FIELDS: dict[str, dict[str, Home]] = {
    "Body": {
        "system": _der("the one System object of the installation"),
        "shortName": _col("`bodies.short_name`"),
        "name": _col("`bodies.name`"),
        "website": _col("`bodies.website`"),
        "license": _col("`bodies.license`"),
        "licenseValidSince": _col("`bodies.license_valid_since`"),
        "oparlSince": _col("`bodies.oparl_since`"),
        "ags": _col("`bodies.ags`"),
        "rgs": _col("`bodies.rgs`"),
        "equivalent": _col("`bodies.equivalent` (JSON list of URLs)"),
        "contactEmail": _col("`bodies.contact_email`"),
        "contactName": _col("`bodies.contact_name`"),
        "organization": _der("list URL of the organizations with `body_id`"),
        "person": _der("list URL of the persons with `body_id`"),
        "meeting": _der("list URL of the meetings of the body's organizations"),
        "paper": _der("list URL of the papers with `body_id`"),
        "legislativeTerm": _rel("`legislative_terms.body_id` (embedded)"),
        "agendaItem": _der("list URL of the agenda items of the body's meetings"),
        "consultation": _der("list URL of the consultations of the body's papers"),
        "file": _der("list URL of the files linked to the body's papers, meetings and agenda items"),
        "locationList": _der("list URL of the locations with `body_id`"),
        "legislativeTermList": _der("list URL of `legislative_terms` with `body_id`"),
        "membership": _der("list URL of the memberships of the body's persons"),
        "classification": _col("`bodies.classification`"),
        "location": _rel("`bodies.location_id` → `locations`"),
    },
    "Organization": {
        "body": _rel("`organizations.body_id`"),
        "name": _col("`organizations.name`"),
        "membership": _rel("`memberships.organization_id`"),
        "meeting": _der("list URL of the meetings with `organization_id` or in `meeting_joint_organizations`"),
        "consultation": _der("list URL of the consultations with `organization_id`"),
        "shortName": _col("`organizations.short_name`"),
        "post": _col("`organizations.post` (JSON list)"),
        "subOrganizationOf": _rel("`organizations.parent_id`"),
        "organizationType": _der("`organizations.organization_type`: committee → Gremium, faction → Fraktion, "
                                 "department → Verwaltungsbereich, other → Sonstiges"),
        "classification": _col("`organizations.classification`"),
        "startDate": _col("`organizations.start_date`"),
        "endDate": _col("`organizations.end_date`"),
        "website": _col("`organizations.website`"),
        "location": _rel("`organizations.location_id` → `locations`"),
        "externalBody": _col("`organizations.external_body` (URL)"),
    },
    "Person": {
        "body": _rel("`persons.body_id`"),
        "name": _der("`Person.name`: title, given and family name"),
        "familyName": _col("`persons.family_name`"),
        "givenName": _col("`persons.given_name`"),
        "formOfAddress": _col("`persons.form_of_address`"),
        "affix": _col("`persons.affix`"),
        "title": _der("`persons.title` split at spaces (`Person.titles`)"),
        "gender": _col("`persons.gender`"),
        "phone": _der("`persons.phone` followed by `persons.further_phones` (`Person.phones`)"),
        "email": _der("`persons.email` followed by `persons.further_emails` (`Person.emails`)"),
        "location": _rel("`persons.location_id` → `locations`"),
        "locationObject": _rel("`persons.location_id` → `locations` (embedded)"),
        "status": _col("`persons.status` (JSON list)"),
        "membership": _rel("`memberships.person_id` (embedded)"),
        "life": _col("`persons.life`"),
        "lifeSource": _col("`persons.life_source`"),
    },
    "Membership": {
        "person": _rel("`memberships.person_id`"),
        "organization": _rel("`memberships.organization_id`"),
        "role": _der("German label of `memberships.role` (e.g. Vorsitz, Sachkundige/r Bürger/in, "
                     "2. stellv. Bürgermeister/in)"),
        "votingRight": _col("`memberships.voting_right`"),
        "startDate": _col("`memberships.start_date`"),
        "endDate": _col("`memberships.end_date`"),
        "onBehalfOf": _rel("`memberships.on_behalf_of_id`"),
    },
    "LegislativeTerm": {
        "body": _rel("`legislative_terms.body_id`"),
        "name": _col("`legislative_terms.name`"),
        "startDate": _col("`legislative_terms.start_date`"),
        "endDate": _col("`legislative_terms.end_date`"),
    },
    "Meeting": {
        "name": _col("`meetings.name`"),
        "meetingState": _der("`meetings.state`: planned → terminiert, invited → eingeladen, held → durchgeführt"),
        "cancelled": _der("`meetings.state = cancelled`"),
        "start": _col("`meetings.start_time`"),
        "end": _col("`meetings.end_time`"),
        "location": _rel("`meetings.location_id` → `locations`; free text in `meetings.location_text`"),
        "organization": _rel("`meetings.organization_id` first, then `meeting_joint_organizations`"),
        "participant": _der("persons of `attendances` with status present (after the meeting)"),
        "invitation": _rel("`meetings.invitation_file_id`; else the generated Einladung (DOCX)"),
        "resultsProtocol": _rel("`meetings.results_protocol_file_id`; else the generated public Niederschrift "
                                "once published"),
        "verbatimProtocol": _rel("`meetings.verbatim_protocol_file_id`"),
        "auxiliaryFile": _rel("`meeting_files`"),
        "agendaItem": _rel("`agenda_items.meeting_id`, ordered by `agenda_items.order` (embedded)"),
    },
    "AgendaItem": {
        "meeting": _rel("`agenda_items.meeting_id`"),
        "number": _col("`agenda_items.number`"),
        "order": _der("0-based position of the item in its meeting's items ordered by `agenda_items.order`"),
        "name": _col("`agenda_items.name` (non-public items: `public_name` or \"nichtöffentlich\")"),
        "public": _col("`agenda_items.public`"),
        "consultation": _rel("`consultations.agenda_item_id`"),
        "result": _der("`agenda_items.result_wording`, else the label of `agenda_items.result`"),
        "resolutionText": _col("`agenda_items.resolution_text`"),
        "resolutionFile": _rel("`agenda_items.resolution_file_id`"),
        "auxiliaryFile": _rel("`agenda_item_files`"),
        "start": _col("`agenda_items.start_time`"),
        "end": _col("`agenda_items.end_time`"),
    },
    "Paper": {
        "body": _rel("`papers.body_id`"),
        "name": _col("`papers.name`"),
        "reference": _col("`papers.reference` (generated, or recorded as it was with `reference_number` empty)"),
        "date": _col("`papers.date`"),
        "paperType": _der("German label of `papers.paper_type`"),
        "relatedPaper": _rel("`paper_related` in both directions (`Paper.related_papers`)"),
        "superordinatedPaper": _rel("`paper_hierarchy.superordinated_id` (`Paper.superordinated_papers`)"),
        "subordinatedPaper": _rel("`paper_hierarchy.subordinated_id` (`Paper.subordinated_papers`)"),
        "mainFile": _rel("`papers.main_file_id`"),
        "auxiliaryFile": _rel("`paper_files` without the main file (`Paper.auxiliary_files`)"),
        "location": _rel("`paper_locations`"),
        "originatorPerson": _rel("`paper_originator_persons`"),
        "underDirectionOf": _rel("`papers.originator_id` first, then `paper_further_leads` "
                                 "(`Paper.under_direction_of`)"),
        "originatorOrganization": _rel("`paper_originator_organizations`"),
        "consultation": _rel("`consultations.paper_id`, ordered by `position` (embedded)"),
    },
    "Consultation": {
        "paper": _rel("`consultations.paper_id`"),
        "agendaItem": _rel("`consultations.agenda_item_id`"),
        "meeting": _rel("`consultations.meeting_id`"),
        "organization": _rel("`consultations.organization_id` (a list of one)"),
        "authoritative": _col("`consultations.authoritative`"),
        "role": _der("German label of `consultations.role`"),
    },
    "File": {
        "name": _col("`files.name`"),
        "fileName": _col("`files.file_name`"),
        "mimeType": _col("`files.media_type`"),
        "date": _col("`files.date`"),
        "size": _col("`files.size`"),
        "sha1Checksum": _der("computed from the stored blob (`files.storage_key`); `files.sha256` is stored"),
        "sha512Checksum": _der("computed from the stored blob (`files.storage_key`)"),
        "text": _col("`files.text`"),
        "accessUrl": _der("portal download URL of the file"),
        "downloadUrl": _der("portal download URL with `Content-Disposition: attachment`"),
        "externalServiceUrl": _col("`files.external_service_url`"),
        "masterFile": _rel("`files.master_file_id`"),
        "derivativeFile": _rel("`files.master_file_id` of other files (`File.derivative_files`)"),
        "fileLicense": _col("`files.file_license`"),
        "meeting": _rel("`meeting_files`"),
        "agendaItem": _rel("`agenda_item_files`"),
        "paper": _rel("`paper_files`"),
    },
    "Location": {
        "description": _col("`locations.description`"),
        "geojson": _col("`locations.geojson`"),
        "streetAddress": _col("`locations.street_address`"),
        "room": _col("`locations.room`"),
        "postalCode": _col("`locations.postal_code`"),
        "subLocality": _col("`locations.sub_locality`"),
        "locality": _col("`locations.locality`"),
        "bodies": _rel("`bodies.location_id`"),
        "organizations": _rel("`organizations.location_id`"),
        "persons": _rel("`persons.location_id`"),
        "meetings": _rel("`meetings.location_id`"),
        "papers": _rel("`paper_locations`"),
    },
}

KIND_LABELS = {"column": "Spalte", "relation": "Beziehung", "derived": "abgeleitet"}


def home_of(object_type: str, field: str) -> Home | None:
    """The home of ``field`` of ``object_type`` (its own entry first, then the common fields)."""
    return FIELDS.get(object_type, {}).get(field) or COMMON.get(field)


def markdown() -> str:
    """The mapping as Markdown tables, as README.md carries it."""
    lines = ["#### Alle Objekte", "", "| OParl-Feld | Art | Abbildung |", "|---|---|---|"]
    lines += [f"| `{name}` | {KIND_LABELS[h.kind]} | {h.where} |" for name, h in COMMON.items()]
    for object_type, fields in FIELDS.items():
        lines += ["", f"#### {object_type}", "", "| OParl-Feld | Art | Abbildung |", "|---|---|---|"]
        lines += [f"| `{name}` | {KIND_LABELS[h.kind]} | {h.where} |" for name, h in fields.items()]
    return "\n".join(lines) + "\n"
