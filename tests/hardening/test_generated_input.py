"""Generated hostile input against every route, for every role: never a 500, never a stored script.

For each demo role (and anonymous) the test crawls the site to learn real
addresses and forms, then lets Hypothesis post hostile values into every field
of every form and every query parameter of every route (routes nobody links to
get ids filled in from the database). Afterwards every page is read again by
every role: no script payload may appear unescaped. The run is derandomized
(same examples every time) and bounded to stay well under 90 s on two cores.
"""
from __future__ import annotations

import gc
import itertools
import logging
from collections import Counter
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from minutes_app.extensions import db_session
from minutes_app.models import (
    AgendaItem,
    Attendance,
    Body,
    Consultation,
    File,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Organization,
    Paper,
    Person,
    SignOffChain,
    User,
)

from . import fuzzing
from .conftest import DEMO_LOGINS, demo_client, dispose, make_demo_app

ROLES: tuple[str | None, ...] = (None, *DEMO_LOGINS)
#: Examples per route and role where the role may use the route (one where it is refused).
POST_EXAMPLES = 4
GET_EXAMPLES = 2
CRAWL_PAGES = 70
#: Never fuzzed: it would end the session the rest of the run needs (its CSRF check is tested separately).
SKIP_POST = {"auth.logout"}

hostile_text = st.one_of(
    st.sampled_from(fuzzing.HOSTILE + fuzzing.SCRIPT_PAYLOADS),
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    app = make_demo_app(tmp_path_factory.mktemp("fuzz-demo"))
    assert app.test_cli_runner().invoke(args=["search-rebuild"]).exit_code == 0
    yield app
    dispose(app)


class Probe:
    """Counts requests and routes, and checks every answer."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.adapter = app.url_map.bind("localhost")
        self.requests = 0
        self.routes: set[tuple[str, str]] = set()
        self.by_role: Counter[str] = Counter()
        self.failures: list[str] = []
        self.last = ""
        self.addresses = (f"198.51.100.{n}" for n in itertools.cycle(range(1, 255)))

    def send(self, client: FlaskClient, role: str | None, method: str, url: str, data=None):  # type: ignore[no-untyped-def]
        # Logins from the fuzzer come from many addresses, so its failures never throttle the real logins.
        environ = {"REMOTE_ADDR": next(self.addresses)}
        response = client.open(url, method=method, data=data, environ_base=environ)
        body = response.get_data()  # read and close every answer: downloads hold their file open until then
        response.close()
        self.requests += 1
        self.last = f"{role} {method} {url[:150]} {data!r:.400}"
        self.by_role[role or "anonym"] += 1
        endpoint = fuzzing.endpoint_of(self.adapter, url, method)
        if endpoint:
            self.routes.add((endpoint, method))
        if response.status_code >= 500 and response.status_code != 503:
            self.failures.append(f"{role or 'anonym'} {method} {url[:200]} {data!r:.300} → {response.status_code}")
        if response.mimetype == "text/html":
            found = fuzzing.unescaped_payloads(body.decode("utf-8", "replace"))
            if found:
                self.failures.append(f"{role or 'anonym'} {method} {url[:200]}: ungeschützt {found}")
        return response


def _ids(app: Flask) -> dict[str, list[int]]:
    models = {
        "paper_id": Paper, "meeting_id": Meeting, "item_id": AgendaItem, "committee_id": Organization,
        "organization_id": Organization, "file_id": File, "consultation_id": Consultation, "attendance_id": Attendance,
        "user_id": User, "membership_id": Membership, "location_id": Location, "person_id": Person,
        "term_id": LegislativeTerm, "chain_id": SignOffChain,
    }
    with app.app_context():
        found: dict[str, list] = {
            name: list(db_session().scalars(select(model.id).limit(3))) for name, model in models.items()
        }
        found["kuerzel"] = list(db_session().scalars(select(Body.slug).order_by(Body.id)))
        return found


def _crawl(probe: Probe, client: FlaskClient, role: str | None) -> tuple[dict[str, str], dict[str, fuzzing.Form]]:
    """One GET address and one form per endpoint that this role can reach by following links."""
    pages: dict[str, str] = {}
    forms: dict[str, fuzzing.Form] = {}
    queue, seen = ["/", "/intern/"], set()
    while queue and len(seen) < CRAWL_PAGES:
        url = queue.pop(0)
        endpoint = fuzzing.endpoint_of(probe.adapter, url, "GET")
        if url in seen or endpoint is None or endpoint in pages or endpoint == "static":
            continue
        seen.add(url)
        response = probe.send(client, role, "GET", url)
        if response.status_code != 200:
            continue
        pages[endpoint] = url
        if response.mimetype != "text/html":
            continue
        page_forms, links = fuzzing.parse_page(f"http://localhost{url}", response.get_data(as_text=True))
        for form in page_forms:
            target = fuzzing.endpoint_of(probe.adapter, form.action, form.method)
            if target and form.method == "POST" and target not in forms:
                forms[target] = form
            if target and form.method == "GET" and target not in pages:
                queue.append(fuzzing.local(form.action))
        queue.extend(fuzzing.local(link) for link in links)
    return pages, forms


def _fuzz_get(probe: Probe, client: FlaskClient, role: str | None, url: str) -> None:
    base = url.split("?", 1)[0]
    names = sorted(set(fuzzing.QUERY_NAMES) | set(fuzzing.query_names(url)))
    answers: list[int] = []

    @settings(max_examples=GET_EXAMPLES, derandomize=True, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(st.dictionaries(st.sampled_from(names), hostile_text, min_size=1, max_size=6))
    def run(query: dict[str, str]) -> None:
        if answers and answers[0] in fuzzing.CLOSED:
            return
        answers.append(probe.send(client, role, "GET", base, data=None).status_code if not query else
                       probe.send(client, role, "GET", f"{base}?{_encode(query)}").status_code)

    run()


def _encode(query: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode({k: v.replace("\x00", "") for k, v in query.items()})


def _fuzz_post(probe: Probe, client: FlaskClient, role: str | None, form: fuzzing.Form) -> None:
    url = fuzzing.local(form.action)
    names = [name for name, _ in form.fields] + [n for n in form.options if n not in dict(form.fields)]
    originals = dict(form.fields)
    answers: list[int] = []

    def field_value(name: str) -> st.SearchStrategy[str]:
        choices = [originals.get(name, "")] + form.options.get(name, [])
        return st.one_of(st.sampled_from(choices), hostile_text) if name != "csrf_token" else st.just("")

    strategy = st.fixed_dictionaries({name: field_value(name) for name in names}) if names else st.just({})

    @settings(max_examples=POST_EXAMPLES, derandomize=True, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy, st.dictionaries(st.sampled_from(fuzzing.QUERY_NAMES), hostile_text, max_size=1))
    def run(values: dict[str, str], extra: dict[str, str]) -> None:
        if answers and answers[0] in fuzzing.CLOSED and answers[0] != 400:
            return
        data = {**extra, **values}
        answers.append(probe.send(client, role, "POST", url, data=data).status_code)

    run()


def _destructive(url: str) -> bool:
    return any(word in url for word in ("loeschen", "entfernen", "absagen", "zurueckziehen", "passwort", "benutzer/"))


# Known defect outside this issue (reported to the search work): after some hostile writes Whoosh finds a
# segment it cannot read; the write is marked pending (nothing lost, search-rebuild repairs it), but Whoosh's
# failure path leaves reader files to the garbage collector, which pytest reports as unraisable warnings.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_generated_hostile_input_never_gives_500_or_stored_script(
    fuzz_app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    probe = Probe(fuzz_app)
    index_failures: list[str] = []

    class _IndexFailures(logging.Handler):
        """Counts search index writes that failed (they are marked pending, never lost; reported below)."""

        def emit(self, record: logging.LogRecord) -> None:
            if "nicht aktualisiert" in record.getMessage():
                index_failures.append(probe.last)

    spy = _IndexFailures()
    logging.getLogger("minutes_app.search.engine").addHandler(spy)
    ids = _ids(fuzz_app)
    rules = [r for r in fuzz_app.url_map.iter_rules() if r.endpoint != "static"]
    crawled: dict[str | None, dict[str, str]] = {}
    for role in ROLES:
        client = demo_client(fuzz_app, role)
        pages, forms = _crawl(probe, client, role)
        crawled[role] = pages
        get_targets = [pages.get(r.endpoint) or fuzzing.fill_rule(fuzz_app, r, ids) for r in rules if "GET" in r.methods]
        for url in filter(None, get_targets):
            _fuzz_get(probe, client, role, url)
        post_forms = []
        for rule in (r for r in rules if "POST" in r.methods and r.endpoint not in SKIP_POST):
            form = forms.get(rule.endpoint)
            if form is None:
                url = fuzzing.fill_rule(fuzz_app, rule, ids)
                form = fuzzing.Form("POST", f"http://localhost{url}") if url else None
            if form is not None:
                post_forms.append(form)
        own = {f"/benutzer/{i}" for i in ids["user_id"]}
        post_forms.sort(key=lambda f: _destructive(f.action))
        for form in post_forms:
            if any(form.action.endswith(mark) or f"{mark}/" in form.action for mark in own) and role == "admin":
                continue  # the administrator must not lock itself out in the middle of the run
            _fuzz_post(probe, client, role, form)
            if role and client.get("/intern/").status_code != 200:
                client = demo_client(fuzz_app, role)  # e.g. the password form ended the session
    # Every page any role reached is read again by every role: no stored payload may be live markup.
    for role in ROLES:
        client = demo_client(fuzz_app, role)
        for url in sorted({u for pages in crawled.values() for u in pages.values()}):
            probe.send(client, role, "GET", url)
        _crawl(probe, client, role)
    logging.getLogger("minutes_app.search.engine").removeHandler(spy)
    # The captured log records of those failed index writes hold their tracebacks and, through them, the reader
    # files Whoosh left open; release and collect them here, so no later, unrelated test reports them.
    caplog.clear()
    gc.collect()
    covered = {endpoint for endpoint, _ in probe.routes}
    print(f"\nGenerated-input test: {probe.requests} requests, {len(covered)} of {len(rules)} routes, "
          f"{len(probe.routes)} route/method pairs, per role: {dict(probe.by_role)}; "
          f"{len(index_failures)} search index writes failed (first after: {index_failures[:1]})")
    assert not probe.failures, "\n".join(probe.failures[:30])
    endpoints = {r.endpoint for r in rules}  # a body's /<kürzel>/ twin of a route runs the same view
    assert len(covered) >= len(endpoints) - 2, sorted(endpoints - covered)
