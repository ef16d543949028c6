"""The secretariat's work as real minutes need it: the documents of a meeting, result wording,
votes per Fraktion and per part, and the agenda's numbering with more levels and headings."""
