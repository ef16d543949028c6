"""Checking e-mail addresses (syntax only, no DNS lookups) with German messages."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from ..services.errors import ValidationFailed

MAX_LENGTH = 254


def normalize(address: str, field: str = "email") -> str:
    """The address in normal form, or :class:`ValidationFailed` with a German message on ``field``."""
    address = address.strip()
    if not address:
        raise ValidationFailed({field: "Bitte geben Sie eine E-Mail-Adresse an."})
    if len(address) > MAX_LENGTH:
        raise ValidationFailed({field: f"Die E-Mail-Adresse darf höchstens {MAX_LENGTH} Zeichen lang sein."})
    try:
        # Deliverability would ask DNS; a refused address is caught later by the mail server's 5xx answer.
        result = validate_email(address, check_deliverability=False)
    except EmailNotValidError as error:
        raise ValidationFailed(
            {field: f"„{address}“ ist keine gültige E-Mail-Adresse (z. B. name@beispiel.de). {_reason(error)}".strip()}
        ) from error
    return result.normalized


def _reason(error: EmailNotValidError) -> str:
    text = str(error)
    if "@" in text and "must have" in text:
        return "Es fehlt das @-Zeichen."
    if "domain" in text.lower():
        return "Der Teil nach dem @ ist kein gültiger Domainname."
    return ""


def parse_list(text: str, field: str) -> list[str]:
    """Addresses separated by commas, semicolons or line breaks; all invalid ones are named in one message."""
    found: list[str] = []
    wrong: list[str] = []
    for part in text.replace(";", ",").replace("\n", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            address = normalize(part, field)
        except ValidationFailed:
            wrong.append(part)
            continue
        if address.lower() not in {a.lower() for a in found}:
            found.append(address)
    if wrong:
        listed = ", ".join(f"„{w}“" for w in wrong)
        raise ValidationFailed({field: f"Keine gültige E-Mail-Adresse: {listed}. Bitte korrigieren Sie die Eingabe."})
    return found
