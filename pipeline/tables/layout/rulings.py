"""Ruled tables from a page's rulings: pdfplumber's chain of pure functions from edges to cells
(merge, intersect, cells, tables) run on our Ruling records, so rulings drawn in a PDF and
rulings found in a scanned image give grids the same way.

Not every grid of rulings is a table of one value per cell: shaded bands, boxes around a block of
text or a frame around two columns of figures also enclose cells. A grid is false when its cells
hold several values each (on several lines, or apart on one line): its words then go to the
unruled route, and its rulings still separate rows there.
"""
from __future__ import annotations

from dataclasses import dataclass

from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

from pipeline.models import BBox, Ruling
from pipeline.tables.grid import GridCell, GridRow
from pipeline.tables.layout.lines import Segment, TextLine, centre_in, data_row, header_size, label_column, union

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


Matrix = list[list[list[Segment]]]  # rows of cells, each cell the segments of its lines inside it


def grid_matrix(grid: RuledGrid, lines: list[TextLine]) -> Matrix:
    """Each cell's text, line by line: the segments (of the page's lines) whose middle lies in it."""
    matrix: Matrix = [[[] for _ in row] for row in grid.cells]
    for line in lines:
        for segment in line.segments:
            if not centre_in(segment.bbox, grid.bbox):  # the grid's box holds all its cells
                continue
            for r, row in enumerate(grid.cells):
                for c, box in enumerate(row):
                    if box is not None and centre_in(segment.bbox, box):
                        matrix[r][c].append(segment)
    return matrix


def overfull_cells(matrix: Matrix) -> int:
    """Cells holding more than one value: values on two lines, or a value apart from other text on
    its line (a row of figures inside one ruled box)."""
    count = 0
    for row in matrix:
        for cell in row:
            values_on_lines = {s.words[0].line_no for s in cell if s.value}
            by_line: dict[int | None, int] = {}
            for s in cell:
                by_line[s.words[0].line_no] = by_line.get(s.words[0].line_no, 0) + 1
            apart = any(n > 1 for line_no, n in by_line.items() if line_no in values_on_lines)
            count += len(values_on_lines) > 1 or apart
    return count


def is_false(matrix: Matrix, overfull: int, share: float) -> bool:
    """A grid whose cells hold several values each (`overfull` of them, at least `share` of its filled
    cells) is not a table of one value per cell."""
    filled = sum(1 for row in matrix for cell in row if cell)
    return overfull > 0 and overfull >= share * filled


def ruled_rows(matrix: Matrix, grid: RuledGrid, page_no: int) -> tuple[tuple[str, ...], list[GridRow]]:
    """Column names and rows of a ruled grid: the rows above the first row of data that print
    something over the value columns are the header; a row with text in its first cell only heads
    the rows below it."""
    texts = [[" ".join(s.text for s in sorted(cell, key=lambda s: (s.top, s.x0))) for cell in row] for row in matrix]
    n_header = header_size([data_row(row[1:]) for row in texts], [any(row[1:]) for row in texts])
    if n_header is None:  # no row of data: the first row names the columns
        n_header = 1 if len(texts) > 1 else 0
    width = len(grid.cells[0])
    labelled = label_column([row[0] for row in texts[n_header:]])
    names = tuple(" ".join(t for t in (row[c] for row in texts[:n_header]) if t) for c in range(width))
    columns = names if labelled else ("", *names)
    rows, group = [], None
    for r in range(n_header, len(texts)):
        label = texts[r][0] if labelled else ""
        values = texts[r][1:] if labelled else texts[r]
        if label and not any(values):
            group = label
            continue
        cells = []
        for c, text in enumerate(values, start=1 if labelled else 0):
            segments = matrix[r][c]
            cells.append(GridCell(text, min((s.words[0].line_no for s in segments if s.words[0].line_no),
                                            default=None), page_no, grid.cells[r][c]) if text else None)
        line_nos = sorted({w.line_no for cell in matrix[r] for s in cell for w in s.words if w.line_no})
        label_words = [w for s in matrix[r][0] for w in s.words] if labelled else []
        rows.append(GridRow(label=label, cells=tuple(cells), line_nos=tuple(line_nos), group=group,
                            label_bbox=union([w.bbox for w in label_words]) if label_words else None))
    return columns, rows
