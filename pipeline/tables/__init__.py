"""Recovering tables from page text: detect -> rows -> cells -> proven repairs; marts from the tables."""
from __future__ import annotations

from pipeline.models import Document, Table
from pipeline.tables.detect import find_tables
from pipeline.tables.marts import build_marts
from pipeline.tables.repair import repair_table

__all__ = ["build_marts", "extract_tables"]


def extract_tables(doc: Document) -> list[Table]:
    tables = find_tables(doc)
    for table in tables:
        repair_table(table)
    return tables
