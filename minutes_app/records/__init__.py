"""Council records as they are, not as the live workflow makes them.

* :mod:`.deletion` — soft deletion of OParl objects (kept as ``deleted``);
* :mod:`.history` — Vorlagen recorded after the fact ("Altbestand"): the API the
  OParl importer and the secretary's history screens call;
* :mod:`.history_meetings` — past meetings with agenda, results, attendance and minutes;
* :mod:`.oparl_fields` — where every OParl field lives in the model.

Flask-free: functions flush, the caller commits.
"""
