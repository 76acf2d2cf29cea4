"""Opening, migrating and loading the warehouse. It has one writer: the process running the batch.

Rows travel to DuckDB as newline-delimited JSON in a temporary file, read by DuckDB's own JSON
reader with each column's declared type: as fast as a DataFrame and without loading pandas at
every run (see README, "Start-up").
"""
from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipeline.models import Document, DocumentResult, Stage, Status
from pipeline.warehouse.connection import open_warehouse
from pipeline.warehouse.migrations import migrations

Rows = list[dict]


def _plain(record) -> dict:
    """A record as a row: tuples become lists (JSON arrays, DuckDB lists)."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(record).items()}


def _rows(records: Iterable) -> Rows:
    return [_plain(r) for r in records]


class Warehouse:
    """A read-write warehouse; `load` replaces one document's rows in a single transaction."""

    def __init__(self, db: str):
        Path(db).parent.mkdir(parents=True, exist_ok=True)
        self.db = db
        self.con = open_warehouse(db, read_only=False)
        self.migrate()
        self._types: dict[str, dict[str, str]] = {}  # table -> column -> DuckDB type, in column order
        for table, column, kind in self.con.execute(
                "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c "
                "JOIN information_schema.tables t USING (table_schema, table_name) "
                "WHERE c.table_schema = 'main' AND t.table_type = 'BASE TABLE' "
                "ORDER BY c.table_name, c.ordinal_position").fetchall():
            self._types.setdefault(table, {})[column] = kind

    def migrate(self) -> None:
        """Apply the schema files a warehouse has not seen yet, each in its own transaction."""
        self.con.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                         "(version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)")
        done = {v for (v,) in self.con.execute("SELECT version FROM schema_migrations").fetchall()}
        for version, path in migrations():
            if version in done:
                continue
            with self._transaction():
                self.con.execute(path.read_text(encoding="utf-8"))
                self.con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, path.name])

    def _insert(self, table: str, rows: Rows) -> str:
        """Insert the rows; the quoted names of the columns they filled (the others keep their default)."""
        if not rows:
            return ""
        types = self._types[table]
        columns = [c for c in types if any(c in row for row in rows)]
        names = ", ".join(f'"{c}"' for c in columns)
        fd, path = tempfile.mkstemp(suffix=".jsonl", prefix=f"{table}-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                for row in rows:
                    f.write(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False, default=str))
                    f.write("\n")
            spec = "{" + ", ".join(f"'{c}': '{types[c]}'" for c in columns) + "}"
            self.con.execute(f'INSERT INTO "{table}" ({names}) SELECT {names} FROM '
                             f"read_json(?, format = 'newline_delimited', columns = {spec})", [path])
        finally:
            os.unlink(path)
        return names

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """All statements inside land together or not at all (Ctrl-C included)."""
        self.con.execute("BEGIN")
        try:
            yield
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def load(self, result: DocumentResult) -> None:
        """Replace every row of this document: all of it lands, or none of it does. The rows are the
        result's own, or those in its `rows_folder` of Parquet files (`write_parquet`)."""
        doc = result.document
        rows = {} if result.rows_folder else document_rows(result)
        files = sorted(Path(result.rows_folder).glob("*.parquet")) if result.rows_folder else []
        if any(file.stem not in self._types for file in files):
            raise ValueError(f"{result.rows_folder}: a Parquet file for no warehouse table")
        if result.rows_folder and not any(file.stem == "documents" for file in files):
            # a folder the worker's files have not (yet) reached: loading it would delete the document
            raise ValueError(f"{result.rows_folder}: no documents.parquet")
        with self._transaction():
            for table, columns in self._types.items():
                if "doc_id" in columns:
                    self.con.execute(f'DELETE FROM "{table}" WHERE doc_id = ?', [doc.doc_id])
            for table, records in rows.items():
                self._insert(table, records)
            for file in files:
                self.con.execute(f'INSERT INTO "{file.stem}" BY NAME SELECT * FROM read_parquet(?)', [str(file)])

    def loaded_ids(self) -> frozenset[str]:
        """The doc_id of every document fully or partly loaded (a failed one may succeed when run again)."""
        return frozenset(doc_id for (doc_id,) in self.con.execute(
            "SELECT doc_id FROM documents WHERE status <> ?", [Status.FAILED]).fetchall())

    def replace_table(self, table: str, rows: Rows) -> None:
        """Replace every row of a reference table (not per document) in one transaction."""
        with self._transaction():
            self.con.execute(f'DELETE FROM "{table}"')
            self._insert(table, rows)

    def close(self) -> None:
        self.con.close()


def write_parquet(result: DocumentResult, folder: Path) -> None:
    """The document's warehouse rows as one Parquet file per table in `folder`, typed by the warehouse's
    own schema: they go through an in-memory warehouse, so loading them (`Warehouse.load`) gives the
    rows `document_rows` would."""
    folder.mkdir(parents=True, exist_ok=True)
    staging = Warehouse(":memory:")
    try:
        for table, records in document_rows(result).items():
            if records:
                names = staging._insert(table, records)
                staging.con.sql(f'SELECT {names} FROM "{table}"').write_parquet(str(folder / f"{table}.parquet"))
    finally:
        staging.close()


def _source_lines(doc: Document) -> Rows:
    """A row per source line, on the page where it starts; a line a form feed splits over two pages
    is one row again, its parts joined by the form feed as in the file."""
    rows: dict[int, dict[str, Any]] = {}
    for page, line in doc.lines():
        row = rows.get(line.number)
        if row is None:
            rows[line.number] = {"page_no": page.number, "line_no": line.number, "raw": line.raw, "text": line.text}
        else:
            row["raw"] += "\f" + line.raw
            row["text"] += "\f" + line.text
    return list(rows.values())


def document_rows(result: DocumentResult) -> dict[str, Rows]:
    """The warehouse rows of one document, keyed by table name, every row carrying doc_id."""
    doc = result.document
    checks = [i for i in result.issues if i.stage == Stage.VALIDATE]
    rows = {
        "documents": [{
            "doc_id": doc.doc_id, "source_path": doc.source_path, "sha256": doc.doc_id,
            "source_format": doc.source_format, "municipality": doc.municipality,
            "report_year": doc.report_year, "kind": doc.kind, "n_pages": doc.n_pages, "status": result.status}],
        "pages": [{"page_no": p.number, "raw_text": p.raw_text, "text": p.text, "needs_ocr": p.needs_ocr}
                  for p in doc.pages],
        "lines": _source_lines(doc),
        "tables": [{
            "table_id": t.table_id, "page_no": t.page_no, "line_start": t.line_start, "line_end": t.line_end,
            "title": t.title, "kind": t.kind, "unit_note": t.unit_note, "columns": list(t.columns),
            "flags": list(t.flags), "bbox": list(t.bbox) if t.bbox else None, "route": t.route,
            "identities": list(t.identities)} for t in result.tables],
        "table_cells": [dict(_plain(c), table_id=t.table_id) for t in result.tables for c in t.cells],
        "facts": _rows(result.facts),
        "entities": _rows(result.entities),
        "validation_issues": [dict(_plain(i), rule=i.code) for i in checks],
        "document_issues": _rows(i for i in result.issues if i.stage != Stage.VALIDATE),
    }
    for table, records in result.marts.items():
        rows[table] = _rows(records)
    for records in rows.values():
        for row in records:
            row["doc_id"] = doc.doc_id
    return rows
