"""Import a council's history from an OParl 1.0/1.1 server or a folder of OParl JSON.

* :mod:`.sources` — where the JSON comes from: HTTP (timeouts, retries with
  backoff, a polite pause, a crawl cache for resuming) or a folder a crawler saved;
* :mod:`.catalog` — OParl types, lenient value parsing and the vocabularies
  (paper types, roles, results) mapped onto the model's enums;
* :mod:`.context` — one run's database lookups (OParl id → row) and reference resolution;
* :mod:`.structure`, :mod:`.papers`, :mod:`.meetings`, :mod:`.files` — the writers, one
  object per savepoint, idempotent by the kept OParl id (``oparl_id``);
* :mod:`.runner` — the order of the lists, batching, resume state and the search index;
* :mod:`.report` — the German report (imported, repaired, skipped, absent);
* :mod:`.cli` — ``flask oparl-import``.

The quirks of real servers are repaired by :mod:`.quirks` before anything is written.
"""
