"""Recovering tables from page text."""
from __future__ import annotations

from pipeline.models import Document, Table


def extract_tables(doc: Document) -> list[Table]:
    return []


def build_marts(tables: list[Table]) -> dict[str, list]:
    """Typed mart rows (budget_lines, kostra_values, indicator_values) from recovered tables."""
    return {}
