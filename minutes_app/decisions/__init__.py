"""Beschlusskontrolle: adopted resolutions followed to their implementation.

:mod:`.tracking` records and changes the implementation of a decision (department,
due date, status, dated progress reports; every change in the audit trail);
:mod:`.lists` answers the questions staff, the committee's "Bericht zur Umsetzung"
and the public portal ask. "Überfällig" is never stored: it follows from the due
date and the status (:meth:`DecisionImplementation.is_overdue`).
"""
