"""Opening, migrating and loading the warehouse. It has one writer: the process running the batch."""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from pipeline import codes
from pipeline.errors import WarehouseError
from pipeline.models import DocumentResult, Stage, Status
from pipeline.warehouse.migrations import migrations


def _open(db: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    if read_only and not Path(db).exists():
        raise WarehouseError(codes.WAREHOUSE_MISSING, db)
    try:
        return duckdb.connect(db, read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise WarehouseError(codes.WAREHOUSE_BUSY, db) from exc
        raise WarehouseError(codes.WAREHOUSE_UNREADABLE, db, detail=str(exc).splitlines()[0]) from exc


def connect_read_only(db: str) -> duckdb.DuckDBPyConnection:
    return _open(db, read_only=True)


def _plain(record) -> dict:
    """A record as a row: tuples become lists (DuckDB reads a Python tuple as a STRUCT)."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(record).items()}


def _rows(records: Iterable) -> pd.DataFrame:
    return pd.DataFrame([_plain(r) for r in records])


class Warehouse:
    """A read-write warehouse; `load` replaces one document's rows in a single transaction."""

    def __init__(self, db: str):
        Path(db).parent.mkdir(parents=True, exist_ok=True)
        self.db = db
        self.con = _open(db, read_only=False)
        self.migrate()
        self._columns = {
            # not DESCRIBE "tables": DuckDB reads that as SHOW TABLES and lists the tables instead
            name: [c for (c,) in self.con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' "
                "AND table_name = ? ORDER BY ordinal_position", [name]).fetchall()]
            for (name,) in self.con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
                "AND table_type = 'BASE TABLE'").fetchall()
        }

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

    def _insert(self, table: str, frame: pd.DataFrame) -> str:
        """Insert the frame's rows; the quoted names of the columns it filled (the others keep their default)."""
        columns = [c for c in frame.columns if c in self._columns[table]]
        names = ", ".join(f'"{c}"' for c in columns)
        if frame.empty:
            return names
        self.con.register("_incoming", frame[columns])
        try:
            self.con.execute(f'INSERT INTO "{table}" ({names}) SELECT {names} FROM _incoming')
        finally:
            self.con.unregister("_incoming")
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
        if any(file.stem not in self._columns for file in files):
            raise ValueError(f"{result.rows_folder}: a Parquet file for no warehouse table")
        with self._transaction():
            for table in self._columns:
                if "doc_id" in self._columns[table]:
                    self.con.execute(f'DELETE FROM "{table}" WHERE doc_id = ?', [doc.doc_id])
            for table, frame in rows.items():
                self._insert(table, frame)
            for file in files:
                self.con.execute(f'INSERT INTO "{file.stem}" BY NAME SELECT * FROM read_parquet(?)', [str(file)])

    def loaded_ids(self) -> frozenset[str]:
        """The doc_id of every document fully or partly loaded (a failed one may succeed when run again)."""
        return frozenset(doc_id for (doc_id,) in self.con.execute(
            "SELECT doc_id FROM documents WHERE status <> ?", [Status.FAILED]).fetchall())

    def replace_table(self, table: str, frame: pd.DataFrame) -> None:
        """Replace every row of a reference table (not per document) in one transaction."""
        with self._transaction():
            self.con.execute(f'DELETE FROM "{table}"')
            self._insert(table, frame)

    def close(self) -> None:
        self.con.close()


def write_parquet(result: DocumentResult, folder: Path) -> None:
    """The document's warehouse rows as one Parquet file per table in `folder`, typed by the warehouse's
    own schema: they go through an in-memory warehouse, so loading them (`Warehouse.load`) gives the
    rows `document_rows` would."""
    folder.mkdir(parents=True, exist_ok=True)
    staging = Warehouse(":memory:")
    try:
        for table, frame in document_rows(result).items():
            if not frame.empty:
                names = staging._insert(table, frame)
                staging.con.sql(f'SELECT {names} FROM "{table}"').write_parquet(str(folder / f"{table}.parquet"))
    finally:
        staging.close()


def document_rows(result: DocumentResult) -> dict[str, pd.DataFrame]:
    """The warehouse rows of one document, keyed by table name, every row carrying doc_id."""
    doc = result.document
    checks = [i for i in result.issues if i.stage == Stage.VALIDATE]
    frames = {
        "documents": pd.DataFrame([{
            "doc_id": doc.doc_id, "source_path": doc.source_path, "sha256": doc.doc_id,
            "source_format": doc.source_format, "municipality": doc.municipality,
            "report_year": doc.report_year, "kind": doc.kind, "n_pages": doc.n_pages, "status": result.status}]),
        "pages": pd.DataFrame([{"page_no": p.number, "raw_text": p.raw_text, "text": p.text,
                                "needs_ocr": p.needs_ocr} for p in doc.pages]),
        "lines": pd.DataFrame([{"page_no": p.number, "line_no": line.number, "raw": line.raw, "text": line.text}
                               for p, line in doc.lines()]),
        "tables": pd.DataFrame([{
            "table_id": t.table_id, "page_no": t.page_no, "line_start": t.line_start, "line_end": t.line_end,
            "title": t.title, "kind": t.kind, "unit_note": t.unit_note, "columns": list(t.columns),
            "flags": list(t.flags), "bbox": list(t.bbox) if t.bbox else None, "route": t.route,
            "identities": list(t.identities)} for t in result.tables]),
        "table_cells": pd.DataFrame([
            dict(_plain(c), table_id=t.table_id) for t in result.tables for c in t.cells]),
        "facts": _rows(result.facts),
        "entities": _rows(result.entities),
        "validation_issues": pd.DataFrame([dict(_plain(i), rule=i.code) for i in checks]),
        "document_issues": _rows(i for i in result.issues if i.stage != Stage.VALIDATE),
    }
    for table, records in result.marts.items():
        frames[table] = _rows(records)
    for frame in frames.values():
        if not frame.empty or len(frame.columns):
            frame["doc_id"] = doc.doc_id
    return frames
