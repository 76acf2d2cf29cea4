"""Recovering tables: the text route reads OCR'd lines, the layout route PDF words and rulings.

Both routes hand on TableGrids (grid.py); build.py turns each into a Table the same way: number
conventions (conventions.py), kind (kinds.py) and the repairs the table's own arithmetic proves
(identities.py, repair.py). The marts (marts.py) are built from the finished tables.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from pipeline.models import Document, Issue, Stage, Table
from pipeline.settings import TableSettings
from pipeline.stages import each
from pipeline.tables.build import build_table
from pipeline.tables.conventions import told
from pipeline.tables.layout import page_tables
from pipeline.tables.text import text_grids

__all__ = ["TablesOutput", "extract_tables"]


@dataclass(frozen=True)
class TablesOutput:
    tables: tuple[Table, ...]
    issues: tuple[Issue, ...] = ()
    trace: dict[str, Any] = field(default_factory=dict)


def extract_tables(doc: Document, settings: TableSettings = TableSettings()) -> TablesOutput:
    """Every table of the document in page order, with ids; a page or table that fails is an issue."""
    layout, page_issues = each(Stage.TABLES, [p for p in doc.pages if p.words],
                               lambda page: page_tables(page, settings), lambda page: page.number)
    text, text_trace = text_grids(doc, settings)
    # the text route's tables read numbers as the document prints them where the table does not tell
    printed = told(token for _, line in doc.lines() for token in line.raw.split()) if text else None
    grids = [replace(g, numbers=printed) for g in text] + [grid for found in layout for grid in found.grids]
    grids.sort(key=lambda g: (g.page_no or 0, g.line_start or 0, g.bbox[1] if g.bbox else 0))
    built, table_issues = each(Stage.TABLES, grids, lambda grid: build_table(grid, settings),
                               lambda grid: grid.page_no)
    tables = tuple(replace(t, table_id=f"{doc.doc_id[:12]}-t{seq:04d}") for seq, t in enumerate(built, start=1))
    trace = {"tables": [_traced(t) for t in tables], "text_route": text_trace,
             "layout": [found.trace for found in layout]}
    return TablesOutput(tables, tuple(page_issues + table_issues), trace)


def _traced(table: Table) -> dict[str, Any]:
    return {"table_id": table.table_id, "route": table.route, "page_no": table.page_no, "kind": table.kind,
            "title": table.title, "columns": list(table.columns), "identities": list(table.identities),
            "flags": list(table.flags)}

