"""Approved tables as files: one CSV per table, one line per cell, sorted by row and column.

A snapshot is named by the document's source file name and the table's place in it (page and first
source line, or the table's order on its page for PDF sources), never by the content-hash table_id,
so a snapshot survives a re-saved input and one table found or lost elsewhere renames no other.
"""
from __future__ import annotations

import csv
import dataclasses
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import duckdb


@dataclass(frozen=True)
class SnapshotCell:
    """A cell as its snapshot file holds it: every field as text, so files and warehouses compare exactly."""

    row_idx: int
    col_idx: int
    row_label: str
    col_label: str
    value_num: str
    value_text: str
    unit: str
    raw: str
    repaired: str
    flag: str

    @property
    def value(self) -> str:
        return self.value_num or self.value_text


COLUMNS = [f.name for f in dataclasses.fields(SnapshotCell)]

TABLES = """
SELECT d.doc_id, d.source_path, t.table_id, t.page_no, t.line_start
FROM tables t JOIN documents d USING (doc_id)
ORDER BY d.source_path, d.doc_id, t.page_no NULLS FIRST, t.line_start NULLS FIRST, t.table_id
"""
CELLS = f"SELECT table_id, {', '.join(COLUMNS)} FROM table_cells ORDER BY table_id, row_idx, col_idx"


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.15g}"
    return str(value)


def document_dirs(documents: list[tuple[str, str]]) -> dict[str, str]:
    """doc_id -> folder name: the source file's name, with the hash added where two documents share it."""
    names = Counter(Path(source).name for _, source in documents)
    return {doc_id: Path(source).name if names[Path(source).name] == 1 else f"{Path(source).name}-{doc_id[:8]}"
            for doc_id, source in documents}


def table_files(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """table_id -> snapshot path relative to the snapshot folder."""
    rows = con.execute(TABLES).fetchall()
    dirs = document_dirs(list(dict.fromkeys((doc_id, source) for doc_id, source, *_ in rows)))
    on_page: Counter = Counter()
    files = {}
    for doc_id, _, table_id, page_no, line_start in rows:
        on_page[doc_id, page_no] += 1
        place = f"l{line_start:05d}" if line_start is not None else f"n{on_page[doc_id, page_no]:02d}"
        name = f"{dirs[doc_id]}/p{page_no or 0:03d}-{place}.csv"
        files[table_id] = name if name not in files.values() else name.replace(".csv", f"-{table_id[-5:]}.csv")
    return files


def current_tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[SnapshotCell]]:
    files = table_files(con)
    tables: dict[str, list[SnapshotCell]] = {name: [] for name in files.values()}
    for table_id, row_idx, col_idx, *fields in con.execute(CELLS).fetchall():
        if table_id in files:
            tables[files[table_id]].append(SnapshotCell(row_idx, col_idx, *(as_text(v) for v in fields)))
    return tables


def read_snapshots(directory: Path) -> dict[str, list[SnapshotCell]]:
    """The approved tables; a folder that does not exist yet holds none."""
    tables = {}
    for path in sorted(directory.glob("*/*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            tables[path.relative_to(directory).as_posix()] = [
                SnapshotCell(**{**row, "row_idx": int(row["row_idx"]), "col_idx": int(row["col_idx"])})
                for row in csv.DictReader(handle)]
    return tables


def write_snapshots(directory: Path, tables: dict[str, list[SnapshotCell]]) -> None:
    """Make the folder hold exactly these tables: write each, remove snapshots of tables now gone."""
    for path in directory.glob("*/*.csv"):
        if path.relative_to(directory).as_posix() not in tables:
            path.unlink()
    for name, cells in tables.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(COLUMNS)
            writer.writerows(dataclasses.astuple(c) for c in sorted(cells, key=lambda c: (c.row_idx, c.col_idx)))
    for folder in directory.glob("*/"):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
