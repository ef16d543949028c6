"""Benchmark of the OParl import: ``python -m bench oparl-import`` (``make bench-oparl-import``).

Generates an OParl body as a crawler saves it (10,000 Vorlagen with about
16,000 Beratungen, 2,000 Sitzungen with about 16,000 TOPs, committees,
departments, Fraktionen, 200 persons with memberships; list pages of 500 in
arbitrary file names), then imports it twice without files into a throw-away
SQLite database, each time in a child process running the real command, and
prints wall time, CPU time and peak memory of each run. The second run must
change nothing. Target: the first run under five minutes.
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import click

BASE = "https://ris.bench.example/oparl"
V11 = "https://schema.oparl.org/1.1/"
TARGET_SECONDS = 300.0
COMMITTEES = 20
RESULTS = ("Unverändert beschlossen", "geändert beschlossen", "abgelehnt", "zur Kenntnis genommen", "vertagt")


def _obj(kind: str, path: str, seed: int, **fields: Any) -> dict[str, Any]:
    stamp = f"20{10 + seed % 14:02d}-{1 + seed % 12:02d}-{1 + seed % 28:02d}T10:00:00+01:00"
    return {"id": f"{BASE}/{path}", "type": V11 + kind, "created": stamp, "modified": stamp, **fields}


def _write_pages(folder: Path, name: str, objects: list[dict[str, Any]]) -> None:
    for start in range(0, len(objects), 500):
        page = {"data": objects[start:start + 500], "pagination": {}, "links": {}}
        (folder / f"{name}-{start // 500:04d}.json").write_text(json.dumps(page, ensure_ascii=False), encoding="utf-8")


def generate(folder: Path, papers: int, meetings: int) -> dict[str, int]:
    """Write the body into ``folder``; returns the object counts."""
    folder.mkdir(parents=True, exist_ok=True)
    body = f"{BASE}/body/1"
    (folder / "body.json").write_text(json.dumps({
        **_obj("Body", "body/1", 0, name="Benchstadt", ags="03455014"),
        **{k: f"{body}/{k}s" for k in ("organization", "person", "meeting", "paper")},
        "legislativeTerm": [_obj("LegislativeTerm", "term/1", 1, name="2021–2026", startDate="2021-11-01")],
    }), encoding="utf-8")
    committees = [_obj("Organization", f"organization/{i}", i, body=body, name=f"Ausschuss {i}",
                       organizationType="Gremium", classification="Ausschuss") for i in range(COMMITTEES)]
    departments = [_obj("Organization", f"organization/d{i}", i, body=body, name=f"Fachbereich {i}",
                        organizationType="Verwaltungsbereich") for i in range(10)]
    factions = [_obj("Organization", f"organization/f{i}", i, body=body, name=f"Fraktion {i}",
                     organizationType="Fraktion") for i in range(5)]
    _write_pages(folder, "organizations", committees + departments + factions)
    persons = [_obj("Person", f"person/{i}", i, body=body, familyName=f"Muster{i}", givenName="Alex",
                    name=f"Alex Muster{i}", membership=[
                        _obj("Membership", f"membership/{i}", i, organization=committees[i % COMMITTEES]["id"],
                             role="Mitglied", startDate="2021-11-01", onBehalfOf=factions[i % 5]["id"])])
               for i in range(200)]
    _write_pages(folder, "persons", persons)
    agenda: list[list[dict[str, Any]]] = [[] for _ in range(meetings)]
    paper_objects = []
    counter = 0
    for p in range(papers):
        steps = []
        for s in range(2 if p % 5 < 3 else 1):
            slot = min(counter // 8, meetings - 1)
            counter += 1
            meeting = agenda[slot]
            item_path = f"agendaItem/{slot}-{len(meeting)}"
            step = _obj("Consultation", f"consultation/{p}-{s}", p, organization=[f"{BASE}/organization/{slot % COMMITTEES}"],
                        role="Entscheidung" if s else "Vorberatung", authoritative=bool(s) or p % 5 >= 3,
                        meeting=f"{BASE}/meeting/{slot}", agendaItem=f"{BASE}/{item_path}")
            steps.append(step)
            meeting.append(_obj("AgendaItem", item_path, p, number=f"Ö {len(meeting) + 1}", order=len(meeting),
                                name=f"Vorlage {p}: Maßnahme zur Ortsentwicklung {p}", public=p % 17 != 0,
                                consultation=step["id"], result=RESULTS[p % len(RESULTS)],
                                resolutionText=f"Der Ausschuss beschließt die Maßnahme {p} wie vorgeschlagen."))
        paper_objects.append(_obj(
            "Paper", f"paper/{p}", p, body=body, name=f"Maßnahme zur Ortsentwicklung {p}",
            reference=f"{2010 + p % 14}/{p:05d}", date=f"{2010 + p % 14}-{1 + p % 12:02d}-{1 + p % 28:02d}",
            paperType=("Beschlussvorlage", "Antrag", "Mitteilungsvorlage")[p % 3],
            underDirectionOf=[departments[p % 10]["id"]], consultation=steps,
            relatedPaper=[f"{BASE}/paper/{p - 1}"] if p % 10 == 9 else []))
    _write_pages(folder, "papers", paper_objects)
    meeting_objects = [
        _obj("Meeting", f"meeting/{m}", m, name=f"{m // COMMITTEES + 1}. Sitzung des Ausschusses {m % COMMITTEES}",
             organization=[f"{BASE}/organization/{m % COMMITTEES}"], meetingState="durchgeführt",
             start=f"{2010 + m % 14}-{1 + m % 12:02d}-{1 + m % 28:02d}T17:00:00+01:00",
             end=f"{2010 + m % 14}-{1 + m % 12:02d}-{1 + m % 28:02d}T19:00:00+01:00",
             location={"type": V11 + "Location", "description": "Rathaus, Ratssaal"}, agendaItem=agenda[m])
        for m in range(meetings)]
    _write_pages(folder, "meetings", meeting_objects)
    return {"papers": papers, "consultations": counter, "meetings": meetings,
            "agenda_items": sum(len(a) for a in agenda)}


def _config(root: Path) -> dict[str, Any]:
    return {"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{root / 'bench.db'}",
            "SEARCH_INDEX_DIR": str(root / "search_index"), "FILE_STORE_DIR": str(root / "files"),
            "INSTANCE_PATH": str(root / "instance")}


def child(root: Path, folder: Path) -> None:
    """Run the real command once in this process; print its report and its own CPU time and peak memory."""
    from minutes_app import create_app

    app = create_app(_config(root))
    result = app.test_cli_runner().invoke(args=["oparl-import", str(folder), "--no-files"])
    own, helpers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    # Helpers: the forked builder of the public search index (a rebuild) counts, too.
    print(json.dumps({"exit": result.exit_code, "report": result.stdout, "error": repr(result.exception),
                      "cpu": own.ru_utime + own.ru_stime + helpers.ru_utime + helpers.ru_stime,
                      "peak_mb": max(own.ru_maxrss, helpers.ru_maxrss) / 1024}))
    app.extensions["minutes_database"].dispose()


def _measure(root: Path, folder: Path) -> dict[str, Any]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "bench.oparl_import_bench", str(root), str(folder)],
                          capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise click.ClickException(f"Import-Lauf fehlgeschlagen:\n{done.stderr[-3000:]}")
    outcome: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if outcome["exit"] != 0:
        raise click.ClickException(f"Import-Lauf fehlgeschlagen: {outcome['error']}\n{outcome['report']}")
    outcome["wall"] = wall
    return outcome


@click.command("oparl-import")
@click.option("--papers", default=10_000, show_default=True, help="Zahl der Vorlagen")
@click.option("--meetings", default=2_000, show_default=True, help="Zahl der Sitzungen")
def bench_oparl_import(papers: int, meetings: int) -> None:
    """Time the OParl import of a generated body (first run and idempotent second run)."""
    from minutes_app import create_app
    from minutes_app.models import Base

    with tempfile.TemporaryDirectory(prefix="oparl-import-bench-") as temp:
        root = Path(temp)
        counts = generate(root / "dump", papers, meetings)
        click.echo(f"Erzeugt: {counts['papers']} Vorlagen, {counts['consultations']} Beratungen, "
                   f"{counts['meetings']} Sitzungen, {counts['agenda_items']} TOPs.")
        app = create_app(_config(root))
        Base.metadata.create_all(app.extensions["minutes_database"].write_engine)
        app.extensions["minutes_database"].dispose()
        for label in ("Erster Lauf", "Zweiter Lauf (idempotent)"):
            outcome = _measure(root, root / "dump")
            click.echo(f"{label}: {outcome['wall']:.1f} s Wandzeit, {outcome['cpu']:.1f} s CPU, "
                       f"Spitzenspeicher {outcome['peak_mb']:.0f} MB")
            click.echo("  " + "\n  ".join(outcome["report"].split("\n\nRepariert")[0].splitlines()[2:]))
            if label.startswith("Erster"):
                verdict = "erreicht" if outcome["wall"] < TARGET_SECONDS else "VERFEHLT"
                click.echo(f"  Ziel unter {TARGET_SECONDS / 60:.0f} Minuten: {verdict}")


if __name__ == "__main__":
    child(Path(sys.argv[1]), Path(sys.argv[2]))
