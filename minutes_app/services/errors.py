"""Domain errors with German messages that the web layer shows as they are."""
from __future__ import annotations


class DomainError(Exception):
    """Base of all errors a service raises on purpose; ``str(err)`` is a German message."""


class NotFound(DomainError):
    """The object does not exist (or must look as if it did not)."""


class NotAllowed(DomainError):
    """The actor lacks the permission for this action."""


class InvalidTransition(DomainError):
    """The object's state does not allow this action."""


class ValidationFailed(DomainError):
    """Input is invalid; ``errors`` maps field names to German messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors
