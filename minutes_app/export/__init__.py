"""Export adapters: pure functions from domain objects to bytes (DOCX, iCalendar)."""
