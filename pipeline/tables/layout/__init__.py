"""The layout route: tables from a page's geometry (a PDF's text layer, or OCR words of a scan).

Ruled grids come from the page's rulings (`rulings.py`) unless they are false grids. Everywhere
else, tables come from word geometry: lines split into segments at wide gaps (`lines.py`), regions
whose rows keep to common column gutters (`regions.py`), columns between the gutters
(`columns.py`), and header and logical rows (`rows.py`). Every table leaves as a TableGrid with
its page and bounding boxes as provenance; the decisions go into a JSON-able trace.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from pipeline import codes
from pipeline.models import Page, overlaps
from pipeline.settings import TableSettings
from pipeline.tables.conventions import told
from pipeline.tables.grid import TableGrid
from pipeline.tables.layout.columns import Columns
from pipeline.tables.layout.lines import TextLine, centre_in, page_unit, text_lines
from pipeline.tables.layout.regions import find_regions, with_headers
from pipeline.tables.layout.rows import Separator, read_table
from pipeline.tables.layout.rulings import grid_matrix, is_false, overfull_cells, ruled_grids, ruled_rows
from pipeline.tables.titles import caption

__all__ = ["PageTables", "page_tables"]


@dataclass(frozen=True)
class PageTables:
    grids: tuple[TableGrid, ...]
    trace: dict[str, Any] = field(default_factory=dict)


def page_tables(page: Page, settings: TableSettings) -> PageTables:
    """The page's ruled and unruled tables, top to bottom, and how they were found."""
    if not page.words:
        return PageTables(())
    unit = page_unit(page.words)
    cell_gap = settings.cell_gap * unit
    lines = text_lines(page.words, cell_gap)
    page_flags = (codes.ROTATED_PAGE.name,) if page.rotation else ()
    numbers = told(w.text for w in page.words)
    trace: dict[str, Any] = {"page": page.number, "unit": round(unit, 2), "rotation": page.rotation,
                             "numbers": numbers.name if numbers else None, "grids": [], "regions": []}
    found: list[TableGrid] = []
    ruled, false_boxes = [], []
    for grid in ruled_grids(page.rulings):
        matrix = grid_matrix(grid, lines)
        overfull = overfull_cells(matrix)
        false = is_false(matrix, overfull, settings.false_grid_share)
        trace["grids"].append({"bbox": _rounded(grid.bbox), "shape": [len(grid.cells), len(grid.cells[0])],
                               "overfull_cells": overfull, "false_grid": false})
        if false:
            false_boxes.append(grid.bbox)
            continue
        ruled.append(grid)
        columns, rows = ruled_rows(matrix, grid, page.number)
        if any(cell for row in rows for cell in row.cells):
            found.append(_named(TableGrid(columns=columns, rows=tuple(rows), route="grid", page_no=page.number,
                                          bbox=grid.bbox, flags=page_flags, numbers=numbers), lines, grid.bbox[1],
                                unit, settings))
    free = [w for w in page.words if not any(centre_in(w.bbox, g.bbox) for g in ruled)]
    free_lines = text_lines(free, cell_gap) if len(free) != len(page.words) else lines
    separators = [Separator((r.top + r.bottom) / 2, r.x0, r.x1) for r in page.rulings
                  if not r.vertical and r.x1 - r.x0 >= unit]
    regions = with_headers(find_regions(free_lines, unit, settings), free_lines, unit, settings)
    for region in regions:
        body = read_table(list(region.lines), Columns(region.gutters), separators, unit, page.number,
                          settings.loose_gap_ratio)
        entry = {"lines": [region.lines[0].line_no, region.lines[-1].line_no], "ended": region.ended,
                 "gutters": [_rounded(g) for g in region.gutters]}
        trace["regions"].append(entry)
        if body is None:
            entry["table"] = None
            continue
        flags = page_flags + ((codes.FALSE_GRID.name,) if any(overlaps(body.bbox, b) for b in false_boxes) else ())
        entry.update(columns=list(body.header), header_lines=body.n_header, convention=body.convention,
                     groups=list(body.groups), rows=len(body.rows))
        found.append(_named(TableGrid(columns=body.header, rows=body.rows, route="layout", page_no=page.number,
                                      bbox=body.bbox, flags=flags, numbers=numbers), free_lines, body.bbox[1], unit,
                            settings))
    found.sort(key=lambda g: g.bbox[1] if g.bbox else 0)
    return PageTables(tuple(found), trace)


def _named(grid: TableGrid, lines: list[TextLine], top: float, unit: float, settings: TableSettings) -> TableGrid:
    """The grid with the caption and unit note printed right above it: lines of one segment, nearest
    first, up to a wide gap."""
    texts = []
    for line in reversed([line for line in lines if line.bottom <= top][-settings.caption_lines:]):
        if top - line.bottom > settings.caption_gap * unit or line.multi:
            break
        texts.append(line.text)
        top = line.top
    found = caption(texts, settings.caption_lines, settings.caption_words)
    return replace(grid, title=found.title, unit_note=found.unit_note)


def _rounded(values: tuple[float, ...]) -> list[float]:
    return [round(v, 1) for v in values]
