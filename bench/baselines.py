"""The two engines our search is compared with: plain Whoosh (stock German analyzer) and SQLite FTS5.

Both get the same internal documents and the same query strings. Each is used
the straightforward way: Whoosh's own query parser, filters as filter queries,
facets through ``groupedby``, texts stored for highlighting; FTS5 with the
``unicode61`` tokenizer, a COUNT, three GROUP BY facet queries and the page.
"""
from __future__ import annotations

import re
import shutil
import sqlite3
import time
from pathlib import Path
from typing import Any

from whoosh import index, sorting
from whoosh.analysis import LanguageAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.qparser import AndGroup, MultifieldParser
from whoosh.query import And, NumericRange, Term


def _date_int(value: Any) -> int:
    return int(value.strftime("%Y%m%d"))


class WhooshBaseline:
    """A Whoosh index as the library's documentation suggests it."""

    name = 'Whoosh mit LanguageAnalyzer("de") (Standardaufbau)'

    def __init__(self, path: Path) -> None:
        self.path = path
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        analyzer = LanguageAnalyzer("de")
        self.schema = Schema(
            id=ID(stored=True, unique=True), title=TEXT(stored=True, analyzer=analyzer),
            body=TEXT(stored=True, analyzer=analyzer), committee=KEYWORD, type=ID, result=KEYWORD,
            year=ID(sortable=True),
            date=NUMERIC(int, bits=32, sortable=True, signed=False),
        )
        self.ix = index.create_in(str(path), self.schema)
        self.parser = MultifieldParser(["title", "body"], self.schema, group=AndGroup)
        self.searcher: Any = None

    def _fields(self, doc: dict[str, Any]) -> dict[str, Any]:
        return {"id": doc["id"], "title": doc["title"], "body": doc["body"], "committee": " ".join(doc["committee"]),
                "type": doc["type"], "result": " ".join(doc["result"]), "year": doc["year"],
                "date": _date_int(doc["date"])}

    def build(self, docs: list[dict[str, Any]]) -> float:
        start = time.perf_counter()
        writer = self.ix.writer(limitmb=256)
        for doc in docs:
            writer.add_document(**self._fields(doc))
        writer.commit()
        self.searcher = self.ix.searcher()
        return time.perf_counter() - start

    def search(self, text: str, filters: dict[str, Any], sort: str) -> int:
        query = self.parser.parse(text)
        conditions = [Term(k, str(v)) for k, v in filters.items() if k in ("committee", "type", "result")]
        if "date_from" in filters:
            conditions.append(NumericRange("date", _date_int(filters["date_from"]), _date_int(filters["date_to"])))
        facets = {"committee": sorting.FieldFacet("committee", allow_overlap=True), "type": sorting.FieldFacet("type"),
                  "year": sorting.FieldFacet("year")}
        results = self.searcher.search(
            query, filter=And(conditions) if conditions else None, limit=10, groupedby=facets,
            sortedby=sorting.FieldFacet("date", reverse=True) if sort == "date" else None,
        )
        for name in facets:
            results.groups(name)
        return len(results)

    def update(self, doc: dict[str, Any]) -> float:
        start = time.perf_counter()
        writer = self.ix.writer(timeout=10)
        writer.update_document(**{**self._fields(doc), "body": doc["body"] + " Ergänzung"})
        writer.commit()
        return time.perf_counter() - start

    def size(self) -> int:
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())

    def close(self) -> None:
        if self.searcher is not None:
            self.searcher.close()


_FTS_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def fts_query(text: str) -> str:
    """Our user syntax in FTS5 MATCH syntax (implicit AND, phrases, prefixes, OR, NOT)."""
    parts: list[str] = []
    for match in _FTS_TOKEN.finditer(text):
        minus, phrase, bare = match.groups()
        if bare in ("OR", "ODER"):
            parts.append("OR")
            continue
        raw = phrase if phrase is not None else bare.lstrip("-")
        words = re.findall(r"[^\W_]+", raw)
        if not words:
            continue
        term = '"' + " ".join(words) + '"' + ("*" if bare and bare.endswith("*") else "")
        parts.append(("NOT " if minus or (bare and bare.startswith("-")) else "") + term)
    return " ".join(parts)


class FtsBaseline:
    """SQLite FTS5 from Python's standard library."""

    name = "SQLite FTS5 (unicode61, remove_diacritics 2)"

    def __init__(self, path: Path) -> None:
        self.path = path
        path.unlink(missing_ok=True)
        self.db = sqlite3.connect(path)
        self.db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, committee UNINDEXED, type UNINDEXED, "
            "result UNINDEXED, year UNINDEXED, date UNINDEXED, tokenize='unicode61 remove_diacritics 2')"
        )

    def build(self, docs: list[dict[str, Any]]) -> float:
        start = time.perf_counter()
        self.db.executemany(
            "INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(d["id"], d["title"], d["body"], " ".join(d["committee"]), d["type"], " ".join(d["result"]), d["year"],
              _date_int(d["date"])) for d in docs],
        )
        self.db.commit()
        return time.perf_counter() - start

    def search(self, text: str, filters: dict[str, Any], sort: str) -> int:
        where, args = ["docs MATCH ?"], [fts_query(text)]
        for name in ("committee", "type", "result"):
            if name in filters:
                where.append(f"(' ' || {name} || ' ') LIKE ?")
                args.append(f"% {filters[name]} %")
        if "date_from" in filters:
            where.append("date BETWEEN ? AND ?")
            args += [_date_int(filters["date_from"]), _date_int(filters["date_to"])]
        clause = " AND ".join(where)
        total = self.db.execute(f"SELECT count(*) FROM docs WHERE {clause}", args).fetchone()[0]
        for facet in ("committee", "type", "year"):
            self.db.execute(f"SELECT {facet}, count(*) FROM docs WHERE {clause} GROUP BY {facet}", args).fetchall()
        order = "date DESC" if sort == "date" else "rank"
        self.db.execute(f"SELECT id, title FROM docs WHERE {clause} ORDER BY {order} LIMIT 10", args).fetchall()
        return int(total)

    def update(self, doc: dict[str, Any]) -> float:
        start = time.perf_counter()
        self.db.execute("UPDATE docs SET body = ? WHERE id = ?", (doc["body"] + " Ergänzung", doc["id"]))
        self.db.commit()
        return time.perf_counter() - start

    def size(self) -> int:
        return self.path.stat().st_size

    def close(self) -> None:
        self.db.close()


_TANTIVY_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


class TantivyBaseline:
    """tantivy (Rust, via the ``tantivy`` wheel): the near-limit reference, installed for the benchmark only.

    German stemming and ASCII folding, implicit AND, phrases, ``prefix*`` as a
    regular expression on the terms, filters as required clauses, facets as
    terms aggregations (one call), sorting by a fast date field.
    """

    name = "tantivy (Rust, deutscher Stemmer; Referenz nahe am Limit)"

    def __init__(self, path: Path) -> None:
        import tantivy

        self.tv = tantivy
        self.path = path
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        builder.add_text_field("title", stored=True, tokenizer_name="de_stem")
        builder.add_text_field("body", tokenizer_name="de_stem")
        for name in ("committee", "type", "result", "year"):
            builder.add_text_field(name, tokenizer_name="raw", fast=True)
        builder.add_unsigned_field("date", indexed=True, fast=True)
        self.schema = builder.build()
        self.ix = tantivy.Index(self.schema, path=str(path))
        analyzer = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.lowercase())
                    .filter(tantivy.Filter.ascii_fold()).filter(tantivy.Filter.stemmer("german")).build())
        self.ix.register_tokenizer("de_stem", analyzer)
        self.searcher: Any = None

    def _document(self, doc: dict[str, Any], extra: str = "") -> Any:
        document = self.tv.Document(id=doc["id"], title=doc["title"], body=doc["body"] + extra, type=doc["type"],
                                    year=doc["year"])
        for name in ("committee", "result"):
            for value in doc[name]:
                document.add_text(name, value)
        document.add_unsigned("date", _date_int(doc["date"]))
        return document

    def build(self, docs: list[dict[str, Any]]) -> float:
        start = time.perf_counter()
        writer = self.ix.writer(heap_size=256_000_000, num_threads=2)
        for doc in docs:
            writer.add_document(self._document(doc))
        writer.commit()
        writer.wait_merging_threads()
        self.ix.reload()
        self.searcher = self.ix.searcher()
        return time.perf_counter() - start

    def _query(self, text: str, filters: dict[str, Any]) -> Any:
        tv = self.tv
        clauses = []
        for match in _TANTIVY_TOKEN.finditer(text):
            minus, phrase, bare = match.groups()
            occur = tv.Occur.MustNot if (minus or (bare or "").startswith("-")) else tv.Occur.Must
            raw = phrase if phrase is not None else bare.lstrip("-")
            words = re.findall(r"[^\W_]+", raw.lower())
            if not words:
                continue
            if phrase is None and raw.endswith("*"):
                stem = words[0]
                query = tv.Query.boolean_query([(tv.Occur.Should, tv.Query.regex_query(self.schema, f, f"{stem}.*"))
                                                for f in ("title", "body")])
            else:
                quoted = f'"{" ".join(words)}"' if len(words) > 1 else words[0]
                query = self.ix.parse_query(quoted, ["title", "body"])
            clauses.append((occur, query))
        for name in ("committee", "type", "result"):
            if name in filters:
                clauses.append((tv.Occur.Must, tv.Query.term_query(self.schema, name, str(filters[name]))))
        if "date_from" in filters:
            clauses.append((tv.Occur.Must, tv.Query.range_query(
                self.schema, "date", tv.FieldType.Unsigned, _date_int(filters["date_from"]),
                _date_int(filters["date_to"]))))
        return tv.Query.boolean_query(clauses)

    def search(self, text: str, filters: dict[str, Any], sort: str) -> int:
        query = self._query(text, filters)
        found = self.searcher.search(query, 10, count=True, order_by_field="date" if sort == "date" else None)
        self.searcher.aggregate(query, {name: {"terms": {"field": name}} for name in ("committee", "type", "year")})
        for _score, address in found.hits:
            self.searcher.doc(address)
        return int(found.count)

    def update(self, doc: dict[str, Any]) -> float:
        start = time.perf_counter()
        writer = self.ix.writer(heap_size=50_000_000, num_threads=1)
        writer.delete_documents_by_term("id", doc["id"]) if hasattr(writer, "delete_documents_by_term") else \
            writer.delete_documents("id", doc["id"])
        writer.add_document(self._document(doc, " Ergänzung"))
        writer.commit()
        writer.wait_merging_threads()
        self.ix.reload()
        self.searcher = self.ix.searcher()
        return time.perf_counter() - start

    def size(self) -> int:
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())

    def close(self) -> None:
        self.searcher = None
