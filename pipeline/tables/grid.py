"""The one table model both routes produce: a grid of printed cell texts with their provenance.

A route (the text route for OCR'd lines, the layout route for PDF words and rulings) decides the
table's structure: its columns, its rows, which text sits in which cell, and where each came
from. It does not read numbers: `pipeline.tables.build` turns every grid into a `Table` the same
way (number convention, kind, proven repairs), whatever route found it.
"""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.models import BBox
from pipeline.tables.conventions import Convention


@dataclass(frozen=True)
class GridCell:
    """The text printed in one cell and where it was printed."""

    text: str
    line_no: int | None = None
    page_no: int | None = None
    bbox: BBox | None = None


@dataclass(frozen=True)
class GridRow:
    label: str  # the row label (column 0), wrapped lines joined, as restored
    cells: tuple[GridCell | None, ...]  # one per value column; None where nothing is printed
    line_nos: tuple[int, ...] = ()  # every source line the row was read from
    group: str | None = None  # the group heading above the row (Prioritet, a sub-goal)
    flags: tuple[str, ...] = ()  # codes of what the route could not place (too_few_values ...)
    label_bbox: BBox | None = None


@dataclass(frozen=True)
class TableGrid:
    columns: tuple[str, ...]  # column names, the row-label column first ('' where it has none)
    rows: tuple[GridRow, ...]
    route: str  # text | layout | grid
    page_no: int | None
    title: str | None = None
    unit_note: str | None = None
    section: str | None = None  # the service area named above the table
    line_start: int | None = None  # text sources: the table's first and last source line
    line_end: int | None = None
    bbox: BBox | None = None
    header_kind: str | None = None  # what the route's header matched: budget | kostra | status | years | words
    flags: tuple[str, ...] = ()  # codes of how the route read the whole table (false_grid, rotated_page)
    numbers: Convention | None = None  # how the page (or document) prints numbers, where its other numbers tell

    @property
    def n_values(self) -> int:
        return len(self.columns) - 1
