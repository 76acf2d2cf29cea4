"""Recovering tables: PDF pages from their geometry, text pages from their lines; then proven repairs.

The layout route (layout.py) reads pages that carry PDF words; the text route (detect.py) reads the
lines of every other page. Both routes' tables go through the same arithmetic repairs (repair.py),
and the marts (marts.py) are built from the tables once they carry ids.
"""
from __future__ import annotations

from pipeline.models import Document, Table
from pipeline.tables.detect import find_tables
from pipeline.tables.layout import tables_from_layout
from pipeline.tables.marts import build_marts
from pipeline.tables.repair import repair_table

__all__ = ["build_marts", "extract_tables"]


def extract_tables(doc: Document) -> list[Table]:
    """Every table of the document in page order, repaired where the table proves it."""
    tables = sorted(tables_from_layout(doc) + find_tables(doc), key=lambda t: t.page_no or 0)
    for table in tables:
        repair_table(table)
    return tables
