"""Typed marts from recovered tables."""
from __future__ import annotations

from pipeline.models import Table


def build_marts(tables: list[Table]) -> dict[str, list]:
    return {}
