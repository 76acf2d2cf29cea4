"""Per-document CSV exports of recovered tables: <out>/<document stem>/<table_id>.csv.

One CSV line per table row: the row label, one column per value column (the number, or the text
of a text cell), then provenance: page, source line of the values, the raw text of the row's
values and the repairs made to them.
"""
from __future__ import annotations

import csv
import shutil
from collections import defaultdict
from pathlib import Path

from pipeline.models import Cell, DocumentResult, Table

PROVENANCE = ["page_no", "line_no", "raw", "repairs", "flags"]


def table_rows(table: Table) -> list[list]:
    """The table as CSV rows, header first."""
    columns = [table.columns[0] or "row_label", *table.columns[1:]]
    by_row: dict[int, list[Cell]] = defaultdict(list)
    for cell in table.cells:
        by_row[cell.row_idx].append(cell)
    rows = [columns + PROVENANCE]
    for _, cells in sorted(by_row.items()):
        values: list = [""] * (len(columns) - 1)
        for cell in cells:
            values[cell.col_idx] = cell.value_num if cell.value_num is not None else cell.value_text or ""
        repairs = "; ".join(f"{table.columns[c.col_idx + 1]}: {c.raw!r} by {c.repair_rule}" for c in cells if c.repaired)
        flags = "; ".join(sorted({c.flag for c in cells if c.flag}))
        rows.append([cells[0].row_label, *values, table.page_no, cells[0].line_no,
                     " | ".join(c.raw for c in cells), repairs, flags])
    return rows


def export_tables(result: DocumentResult, out_dir: Path) -> Path:
    """Write every table of a document; earlier exports of the same document are replaced."""
    folder = out_dir / Path(result.document.source_path).stem
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    for table in result.tables:
        with open(folder / f"{table.table_id}.csv", "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(table_rows(table))
    return folder
