"""The layout route: tables from a page's geometry (a PDF's text layer, or OCR words of a scan).

Ruled grids come from the page's rulings (`rulings.py`); elsewhere on the page, unruled tables
come from word positions: a line is split into cells at wide gaps, and columns are where cells
line up. Both leave as a TableGrid with the page and bounding boxes as provenance.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from statistics import median

from pipeline.models import BBox, Page, Word
from pipeline.settings import TableSettings
from pipeline.tables.conventions import is_number
from pipeline.tables.grid import GridCell, GridRow, TableGrid
from pipeline.tables.layout.rulings import RuledGrid, ruled_grids
from pipeline.tables.titles import caption
from pipeline.vocabulary import is_year


@dataclass(frozen=True)
class Slot:
    """The text of one cell as printed, where it was printed, and the source line it sits on."""

    text: str
    bbox: BBox
    line_no: int | None

    @classmethod
    def of_words(cls, words: list[Word]) -> Slot:
        return cls(" ".join(w.text for w in words), union([w.bbox for w in words]), words[0].line_no)

    def joined(self, other: Slot) -> Slot:
        return Slot(f"{self.text} {other.text}", union([self.bbox, other.bbox]), self.line_no)


@dataclass(frozen=True)
class Row:
    """One line of a page as cells: runs of words separated by wide gaps."""

    slots: tuple[Slot, ...]

    @property
    def top(self) -> float:
        return min(s.bbox[1] for s in self.slots)

    @property
    def bottom(self) -> float:
        return max(s.bbox[3] for s in self.slots)


Matrix = list[list[Slot | None]]


def page_grids(page: Page, settings: TableSettings) -> list[TableGrid]:
    """The page's ruled and unruled tables, top to bottom; none for a page without words."""
    if not page.words:
        return []
    grids = ruled_grids(page.rulings)
    free = [w for w in page.words if not any(centre_in(w.bbox, grid.bbox) for grid in grids)]
    height = median(w.bottom - w.top for w in page.words)
    rows = page_rows(free, height * settings.cell_gap)
    found = []
    for grid in grids:
        above = [row for row in rows if row.bottom <= grid.bbox[1]]
        found.append((grid.bbox[1], _ruled_table(grid, page, above, height, settings)))
    for start, end in table_regions(rows, height, settings):
        found.append((rows[start].top, _words_table(rows[start:end], rows[:start], page.number, height, settings)))
    return [grid for _, grid in sorted(found, key=lambda item: item[0]) if grid is not None]


# --- rows and regions --------------------------------------------------------------------------


def page_rows(words: list[Word], cell_gap: float) -> list[Row]:
    """The page's lines, top to bottom, each split into cells at gaps wider than `cell_gap` points."""
    rows = []
    for _, line in groupby(sorted(words, key=lambda w: (w.line_no or 0, w.x0)), key=lambda w: w.line_no):
        line = list(line)
        cells, current = [], [line[0]]
        for word in line[1:]:
            if word.x0 - current[-1].x1 > cell_gap:
                cells.append(current)
                current = []
            current.append(word)
        cells.append(current)
        rows.append(Row(tuple(Slot.of_words(c) for c in cells)))
    return rows


def _is_value(text: str) -> bool:
    return is_number(text) and not is_year(text.strip())


def _has_values(row: Row) -> bool:
    """A table row: numbers in at least half of the cells after the label (a justified prose line
    split at its wide spaces has a number here and there at most)."""
    numbers = sum(_is_value(s.text) for s in row.slots[1:])
    return numbers > 0 and 2 * numbers >= len(row.slots) - 1


def table_regions(rows: list[Row], height: float, settings: TableSettings) -> list[tuple[int, int]]:
    """[start, end) row ranges that form tables: runs of multi-cell rows holding numbers.

    A single-cell line may sit inside a run (a wrapped label or a group heading) when a multi-cell
    row follows it; blank space taller than `row_gap` word heights ends a run.
    """
    regions, start = [], None
    for i, row in enumerate(rows):
        joined = start is not None and row.top - rows[i - 1].bottom <= settings.row_gap * height
        inside_run = len(row.slots) >= 2 or (
            joined and i + 1 < len(rows) and len(rows[i + 1].slots) >= 2 and len(rows[i - 1].slots) >= 2)
        if inside_run and (joined or start is None):
            start = i if start is None else start
            continue
        if start is not None:
            regions.append((start, i))
        start = i if len(row.slots) >= 2 else None
    if start is not None:
        regions.append((start, len(rows)))
    return [(s, e) for s, e in regions if sum(_has_values(r) for r in rows[s:e]) >= settings.min_rows]


# --- columns -----------------------------------------------------------------------------------


def column_spans(rows: list[Row]) -> list[tuple[float, float]]:
    """Columns as the x-intervals where the rows' cells overlap, left to right."""
    spans: list[list[float]] = []
    for x0, x1 in sorted((s.bbox[0], s.bbox[2]) for row in rows for s in row.slots):
        if spans and x0 <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], x1)
        else:
            spans.append([x0, x1])
    return [(x0, x1) for x0, x1 in spans]


def _column_of(slot: Slot, spans: list[tuple[float, float]]) -> int:
    x0, x1 = slot.bbox[0], slot.bbox[2]
    overlaps = [min(x1, b) - max(x0, a) for a, b in spans]
    best = max(range(len(spans)), key=lambda i: overlaps[i])
    if overlaps[best] > 0:
        return best
    middle = (x0 + x1) / 2
    return min(range(len(spans)), key=lambda i: abs((spans[i][0] + spans[i][1]) / 2 - middle))


def to_matrix(rows: list[Row], spans: list[tuple[float, float]]) -> Matrix:
    """Rows as slots per column; cells falling into one column are joined."""
    matrix = []
    for row in rows:
        slots: list[Slot | None] = [None] * len(spans)
        for slot in row.slots:
            i = _column_of(slot, spans)
            slots[i] = slot if slots[i] is None else slots[i].joined(slot)
        matrix.append(slots)
    return matrix


# --- tables ------------------------------------------------------------------------------------


def header_size(matrix: Matrix) -> int:
    """How many leading rows are header rows: no numbers but years, and data rows after them.

    Below the first header row, a line with text in the label column only is a group heading.
    """
    n = 0
    while n < len(matrix) - 1 and not any(s is not None and _is_value(s.text) for s in matrix[n]) and (
            n == 0 or any(matrix[n][1:])):
        n += 1
    return n


def _caption_texts(above: list[Row], top: float, height: float, settings: TableSettings) -> list[str]:
    """Single-cell lines right above a table, nearest first, up to a wide gap or the prose."""
    texts = []
    for row in reversed(above[-settings.caption_lines:]):
        if top - row.bottom > settings.caption_gap * height or len(row.slots) != 1:
            break
        texts.append(row.slots[0].text)
        top = row.top
    return texts


def _words_table(rows: list[Row], above: list[Row], page_no: int, height: float,
                 settings: TableSettings) -> TableGrid | None:
    matrix = to_matrix(rows, column_spans([row for row in rows if _has_values(row)]))
    n_header = header_size(matrix)
    first = [row[0] for row in matrix[n_header:] if row[0] is not None]
    if sum(_is_value(s.text) for s in first) * 2 >= len(first):  # no row labels: every column holds values
        matrix = [[None, *slots] for slots in matrix]
    found = caption(_caption_texts(above, rows[0].top, height, settings), settings.caption_lines)
    bbox = union([s.bbox for row in rows for s in row.slots])
    return to_grid(matrix, n_header, page_no, found.title, found.unit_note, bbox, "layout")


def _ruled_table(grid: RuledGrid, page: Page, above: list[Row], height: float,
                 settings: TableSettings) -> TableGrid | None:
    matrix: Matrix = []
    for boxes in grid.cells:
        slots = []
        for box in boxes:
            words = [w for w in page.words if box and centre_in(w.bbox, box)]
            text = " ".join(w.text for w in sorted(words, key=lambda w: (w.line_no or 0, w.x0)))
            slots.append(Slot(text, box, min((w.line_no for w in words if w.line_no), default=None))
                         if text and box else None)
        matrix.append(slots)
    n_header = header_size(matrix)
    found = caption(_caption_texts(above, grid.bbox[1], height, settings), settings.caption_lines)
    return to_grid(matrix, n_header, page.number, found.title, found.unit_note, grid.bbox, "grid")


def to_grid(matrix: Matrix, n_header: int, page_no: int, title: str | None, unit_note: str | None,
            bbox: BBox, route: str) -> TableGrid | None:
    """A TableGrid from slots (column 0: row labels) whose first `n_header` rows are the header.

    A body line holding only a label is a wrapped label when it starts in lower case (joined to the
    row above), else a group heading inside the table (not a data row).
    """
    width = len(matrix[0])
    columns = tuple(" ".join(row[i].text for row in matrix[:n_header] if row[i] is not None) for i in range(width))
    data: Matrix = []
    for slots in matrix[n_header:]:
        label = slots[0]
        if label is not None and not any(slots[1:]):
            if data and data[-1][0] is not None and label.text[:1].islower():
                data[-1][0] = data[-1][0].joined(label)
            continue
        data.append(list(slots))
    rows = tuple(GridRow(label=row[0].text if row[0] else "",
                         cells=tuple(GridCell(s.text, s.line_no, page_no, s.bbox) if s else None for s in row[1:]),
                         line_nos=tuple(sorted({s.line_no for s in row if s and s.line_no})),
                         label_bbox=row[0].bbox if row[0] else None)
                 for row in data)
    if not any(cell for row in rows for cell in row.cells):
        return None
    return TableGrid(columns=columns, rows=rows, route=route, page_no=page_no, title=title, unit_note=unit_note,
                     bbox=bbox)


# --- geometry ----------------------------------------------------------------------------------


def union(boxes: list[BBox]) -> BBox:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def centre_in(box: BBox, outer: BBox) -> bool:
    """Whether the middle of `box` lies in `outer` (how pdfplumber assigns characters to cells)."""
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return outer[0] <= x <= outer[2] and outer[1] <= y <= outer[3]
