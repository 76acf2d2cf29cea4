"""Tables from page geometry (a PDF's text layer or OCR words): ruled grids found by pdfplumber, and
unruled tables from word positions (cells split at wide gaps, columns where cells overlap in x).

Both routes meet in a matrix of slots (row-label column first) and leave as the same Table/Cell
records as the text route, with the page and bounding boxes as provenance.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby
from statistics import median

from pipeline.models import Cell, Document, Grid, Page, Table, Word
from pipeline.tables.numbers import ParsedValue, parse_cell

BBox = tuple[float, float, float, float]

YEAR = re.compile(r"^(19|20)\d\d$")
# one cell holding digit groups that are not thousands ("1012 345"): OCR lost a thin space between groups
DIGIT_GROUPS = re.compile(r"^[-−–]?\d+( \d+)+(,\d+)?( ?%)?$")
# "Beløp i 1000", "Alle tall i mill. kr", "(Tall i hele tusen)": a table-level unit printed near the table
UNIT_NOTE = re.compile(r"^\(?(alle\s+)?(beløp|tall)(ene)?\b.{0,20}?\bi\s+(hele\s+)?(1[ .]?000|tusen|mill|mrd|kr)",
                       re.IGNORECASE)


@dataclass(frozen=True)
class LayoutSettings:
    cell_gap: float = 0.8  # words further apart than this many word heights sit in different cells
    row_gap: float = 2.0  # a table ends at blank space taller than this many word heights
    caption_gap: float = 3.0  # a title or unit note sits within this many word heights above the table
    caption_lines: int = 2  # lines above a table searched for its title and unit note


SETTINGS = LayoutSettings()


@dataclass
class Slot:
    """The text of one cell as printed, where it was printed, and the source line it sits on."""

    text: str
    bbox: BBox
    line_no: int | None

    @classmethod
    def of_words(cls, words: list[Word]) -> Slot:
        return cls(" ".join(w.text for w in words), _union([_box(w) for w in words]), words[0].line_no)


@dataclass
class Row:
    """One line of a page as cells: runs of words separated by wide gaps."""

    slots: list[Slot]

    @property
    def top(self) -> float:
        return min(s.bbox[1] for s in self.slots)

    @property
    def bottom(self) -> float:
        return max(s.bbox[3] for s in self.slots)


def tables_from_layout(doc: Document, settings: LayoutSettings = SETTINGS) -> list[Table]:
    """Tables of every page that carries geometry, in page order."""
    return [table for page in doc.pages for table in page_tables(page, settings)]


def page_tables(page: Page, settings: LayoutSettings = SETTINGS) -> list[Table]:
    """The page's ruled grids and unruled word tables, top to bottom; none for a page without words."""
    if not page.words:
        return []
    free = [w for w in page.words if not any(_inside(_box(w), grid.bbox) for grid in page.grids)]
    height = median(w.bottom - w.top for w in page.words)
    rows = page_rows(free, height * settings.cell_gap)
    found = []
    for grid in page.grids:
        above = [row for row in rows if row.bottom <= grid.bbox[1]]
        found.append((grid.bbox[1], _grid_table(grid, page, above, height, settings)))
    for start, end in table_regions(rows, height, settings):
        found.append((rows[start].top, _words_table(rows[start:end], rows[:start], page.number, height, settings)))
    return [table for _, table in sorted(found, key=lambda item: item[0]) if table is not None]


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
        rows.append(Row([Slot.of_words(c) for c in cells]))
    return rows


def read_cell(text: str) -> tuple[ParsedValue, str | None]:
    """The cell's value and the repair rule applied, if any."""
    parsed = parse_cell(text)
    if parsed.number is None and DIGIT_GROUPS.match(text):
        return parse_cell(text.replace(" ", "")), "digit_groups_joined"
    return parsed, None


def _is_number(text: str) -> bool:
    return read_cell(text)[0].number is not None and not YEAR.match(text.strip())


def _has_values(row: Row) -> bool:
    """A table row: numbers in at least half of the cells after the label (a justified prose line
    split at its wide spaces has a number here and there at most)."""
    numbers = sum(_is_number(s.text) for s in row.slots[1:])
    return numbers > 0 and 2 * numbers >= len(row.slots) - 1


def table_regions(rows: list[Row], height: float, settings: LayoutSettings) -> list[tuple[int, int]]:
    """[start, end) row ranges that form tables: runs of multi-cell rows holding numbers.

    A single-cell line may sit inside a run (a wrapped label or a group heading) when a multi-cell
    row follows it; blank space taller than `row_gap` word heights ends a run.
    """
    regions, start = [], None
    for i, row in enumerate(rows):
        joined = start is not None and row.top - rows[i - 1].bottom <= settings.row_gap * height
        inside = len(row.slots) >= 2 or (
            joined and i + 1 < len(rows) and len(rows[i + 1].slots) >= 2 and len(rows[i - 1].slots) >= 2)
        if inside and (joined or start is None):
            start = i if start is None else start
            continue
        if start is not None:
            regions.append((start, i))
        start = i if len(row.slots) >= 2 else None
    if start is not None:
        regions.append((start, len(rows)))
    return [(s, e) for s, e in regions if sum(_has_values(r) for r in rows[s:e]) >= 2]


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


def to_matrix(rows: list[Row], spans: list[tuple[float, float]]) -> list[list[Slot | None]]:
    """Rows as slots per column; cells falling into one column are joined."""
    matrix = []
    for row in rows:
        slots: list[Slot | None] = [None] * len(spans)
        for slot in row.slots:
            i = _column_of(slot, spans)
            held = slots[i]
            slots[i] = slot if held is None else Slot(f"{held.text} {slot.text}", _union([held.bbox, slot.bbox]),
                                                      held.line_no)
        matrix.append(slots)
    return matrix


# --- tables ------------------------------------------------------------------------------------


def header_size(matrix: list[list[Slot | None]]) -> int:
    """How many leading rows are header rows: no numbers but years, and data rows after them.

    Below the first header row, a line with text in the label column only is a group heading.
    """
    n = 0
    while n < len(matrix) - 1 and not any(s is not None and _is_number(s.text) for s in matrix[n]) and (
            n == 0 or any(matrix[n][1:])):
        n += 1
    return n


def caption(above: list[Row], top: float, height: float, settings: LayoutSettings) -> tuple[str | None, str | None]:
    """Title and unit note from the single-cell lines just above a table, up to the prose above it."""
    title = unit_note = None
    for row in reversed(above[-settings.caption_lines:]):
        if top - row.bottom > settings.caption_gap * height or len(row.slots) != 1:
            break
        text = row.slots[0].text
        if UNIT_NOTE.match(text) and unit_note is None:
            unit_note = text
        elif text.endswith(".") or _is_number(text):  # a sentence of the prose above, not a caption
            break
        elif title is None:
            title = text
        top = row.top
    return title, unit_note


def _words_table(rows: list[Row], above: list[Row], page_no: int, height: float,
                 settings: LayoutSettings) -> Table | None:
    matrix = to_matrix(rows, column_spans([row for row in rows if _has_values(row)]))
    n_header = header_size(matrix)
    first = [row[0] for row in matrix[n_header:] if row[0] is not None]
    if sum(_is_number(s.text) for s in first) * 2 >= len(first):  # no row labels: every column holds values
        matrix = [[None, *slots] for slots in matrix]
    title, unit_note = caption(above, rows[0].top, height, settings)
    bbox = _union([s.bbox for row in rows for s in row.slots])
    return build_table(matrix, n_header, page_no, title, unit_note, bbox)


def _grid_table(grid: Grid, page: Page, above: list[Row], height: float, settings: LayoutSettings) -> Table | None:
    matrix = []
    for texts, boxes in zip(grid.rows, grid.cell_bboxes):
        slots = []
        for text, box in zip(texts, boxes):
            text = " ".join((text or "").split())
            lines = [w.line_no for w in page.words if box and _inside(_box(w), box)]
            slots.append(Slot(text, box, min(lines, default=None)) if text and box else None)
        matrix.append(slots)
    n_header = header_size(matrix)
    title, unit_note = caption(above, grid.bbox[1], height, settings)
    return build_table(matrix, n_header, page.number, title, unit_note, grid.bbox)


def build_table(matrix: list[list[Slot | None]], n_header: int, page_no: int, title: str | None,
                unit_note: str | None, bbox: BBox) -> Table | None:
    """A Table from slots (column 0: row labels) whose first `n_header` rows are the header.

    A body line holding only a label is a wrapped label when it starts in lower case (joined to the
    row above), else a group heading inside the table (not a data row).
    """
    width = len(matrix[0])
    columns = [" ".join(row[i].text for row in matrix[:n_header] if row[i] is not None) for i in range(width)]
    data: list[list[Slot | None]] = []
    for slots in matrix[n_header:]:
        label = slots[0]
        if label is not None and not any(slots[1:]):
            if data and data[-1][0] is not None and label.text[:1].islower():
                held = data[-1][0]
                data[-1][0] = Slot(f"{held.text} {label.text}", _union([held.bbox, label.bbox]), held.line_no)
            continue
        data.append(list(slots))
    cells = [_cell(r, c - 1, row, columns[c], row[c]) for r, row in enumerate(data)
             for c in range(1, width) if row[c] is not None]
    if not cells:
        return None
    return Table(title=title, kind=table_kind(title, columns), columns=columns, cells=cells, page_no=page_no,
                 unit_note=unit_note, bbox=bbox)


def _cell(row_idx: int, col_idx: int, row: list[Slot | None], col_label: str, slot: Slot) -> Cell:
    parsed, rule = read_cell(slot.text)
    return Cell(row_idx=row_idx, col_idx=col_idx, row_label=row[0].text if row[0] else "", col_label=col_label,
                raw=slot.text, value_num=parsed.number, value_text=parsed.text, unit=parsed.unit,
                repaired=rule is not None, repair_rule=rule, line_no=slot.line_no, bbox=slot.bbox)


def table_kind(title: str | None, columns: list[str]) -> str:
    """budget | kostra | generic from the words of the header and title."""
    words = " ".join([title or "", *columns]).lower()
    if "kostra" in words:
        return "kostra"
    if "regnskap" in words or "budsjett" in words or "bud." in words:
        return "budget"
    return "generic"


# --- geometry ----------------------------------------------------------------------------------


def _box(word: Word) -> BBox:
    return (word.x0, word.top, word.x1, word.bottom)


def _union(boxes: list[BBox]) -> BBox:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _inside(box: BBox, outer: BBox, tolerance: float = 1.0) -> bool:
    return (box[0] >= outer[0] - tolerance and box[1] >= outer[1] - tolerance
            and box[2] <= outer[2] + tolerance and box[3] <= outer[3] + tolerance)
