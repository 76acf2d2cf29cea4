"""Ruled tables from a page's rulings: pdfplumber's chain of pure functions from edges to cells
(merge, intersect, cells, tables) run on our Ruling records, so rulings drawn in a PDF and
rulings found in a scanned image give grids the same way."""
from __future__ import annotations

from dataclasses import dataclass

from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

from pipeline.models import BBox, Ruling

SNAP = 3.0  # points: rulings this close are one line (pdfplumber's default)
MIN_LENGTH = 3.0


@dataclass(frozen=True)
class RuledGrid:
    """A ruled table: one bbox per cell position (None where a merged cell spans it), row by row."""

    cells: tuple[tuple[BBox | None, ...], ...]
    bbox: BBox


def _edge(ruling: Ruling) -> dict:
    vertical = ruling.vertical
    x = (ruling.x0 + ruling.x1) / 2
    y = (ruling.top + ruling.bottom) / 2
    x0, x1 = (x, x) if vertical else (ruling.x0, ruling.x1)
    top, bottom = (ruling.top, ruling.bottom) if vertical else (y, y)
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
            "orientation": "v" if vertical else "h", "object_type": "line"}


def ruled_grids(rulings: tuple[Ruling, ...]) -> list[RuledGrid]:
    if len(rulings) < 4:
        return []
    edges = merge_edges([_edge(r) for r in rulings], SNAP, SNAP, SNAP, SNAP)
    edges = [e for e in edges if (e["height"] if e["orientation"] == "v" else e["width"]) >= MIN_LENGTH]
    cells = intersections_to_cells(edges_to_intersections(edges, SNAP, SNAP))
    grids = []
    for group in cells_to_tables(cells):
        xs = sorted({c[0] for c in group})
        rows = []
        for top in sorted({c[1] for c in group}):
            by_x = {c[0]: c for c in group if c[1] == top}
            rows.append(tuple(by_x.get(x) for x in xs))
        bbox = (min(c[0] for c in group), min(c[1] for c in group), max(c[2] for c in group),
                max(c[3] for c in group))
        grids.append(RuledGrid(tuple(rows), bbox))
    return grids
