"""A region's lines as a table: header rows joined per column, then logical rows.

A logical row is an anchor, the line(s) holding its cells, with the label lines that belong to it.
Label lines are grouped into runs: consecutive label lines belong together unless a ruling or a
band edge lies between them, or the gap between them is a loose one. Whether a gap is loose is
learnt from the table itself: where its gaps between label lines fall into two sizes (wrapped lines
are set closer than rows), the larger ones separate rows; where they are all alike, none does.

- A run with one anchor is one row: its label is the run's lines, top to bottom, wherever the
  values sit (on the first line, the middle one, or between two of them).
- A run with several anchors (a table set without rulings or padding) is split at its anchors: a
  label line joins the anchor the table's own convention points to. The convention is read from
  the runs with one anchor (values on the first line, centred, or on the last); the default is the
  first line. A label line that could not be the wrapped tail of the line above it (that line ends
  short of the label column's width, so the next word would have fitted) is no continuation: it
  heads the rows below it instead.
- A run without anchors is a group heading ("Prioritet", a sub-goal): it names the rows below.

Header rows are the lines above the first row of data (values in half its cells; a year is a header
word) that print something over the value columns. A table of text mostly has one header line.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from pipeline import codes
from pipeline.models import BBox, Word
from pipeline.tables.grid import GridCell, GridRow
from pipeline.tables.layout.columns import Columns
from pipeline.tables.layout.lines import TextLine, data_row, header_size, is_value, label_column, union


@dataclass(frozen=True)
class Separator:
    """A horizontal ruling or band edge, in points."""

    y: float
    x0: float
    x1: float


@dataclass
class _Line:
    line: TextLine
    cells: list[list[Word]]
    spanning: bool = False  # one text over the label and value columns (a heading set across)

    @property
    def label(self) -> list[Word]:
        return self.line.words if self.spanning else self.cells[0]

    @property
    def values(self) -> list[list[Word]]:
        return [] if self.spanning else self.cells[1:]

    @property
    def anchor(self) -> bool:
        return any(self.values)

    @property
    def top(self) -> float:
        return min(w.top for w in self.label) if self.label else self.line.top

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.label) if self.label else self.line.bottom


@dataclass
class _Row:
    label_lines: list[_Line] = field(default_factory=list)
    anchors: list[_Line] = field(default_factory=list)


@dataclass(frozen=True)
class Body:
    header: tuple[str, ...]  # column names, label column first
    rows: tuple[GridRow, ...]
    bbox: BBox
    n_header: int  # header lines
    convention: str  # where values sit in a row of wrapped label lines: top | centre | bottom
    groups: tuple[str, ...]  # group headings found


def _text(words: list[Word]) -> str:
    return " ".join(w.text for w in sorted(words, key=lambda w: (w.line_no or 0, w.x0)))


def read_table(lines: list[TextLine], columns: Columns, separators: list[Separator], unit: float,
               page_no: int, loose_ratio: float) -> Body | None:
    """The table a region's lines print, or None when no row holds a cell."""
    placed = []
    for line in lines:
        spanning = len(line.segments) == 1 and len(columns.spanned(line.segments[0])) > 1 and \
            columns.index(line.x0) == 0
        placed.append(_Line(line, columns.cells(line), spanning))
    labelled = label_column([_text(p.cells[0]) for p in placed if not p.spanning])
    if not labelled:  # every column holds values: an empty label column goes in front of them
        for p in placed:
            p.cells = [[], *p.cells]
            p.spanning = False
        columns = Columns(((float("-inf"), float("-inf")), *columns.gutters))  # a gutter left of everything
    n_header = _header_size(placed)
    header = _header(lines[:n_header], columns)
    body = placed[n_header:]
    rows, convention, groups = _logical_rows(body, separators, unit, loose_ratio)
    grid_rows = [_grid_row(row, group, page_no) for row, group in rows]
    grid_rows = [r for r in grid_rows if any(r.cells)]
    if not grid_rows:
        return None
    if any(is_value(c.text) for r in grid_rows for c in r.cells if c):  # text rows among rows of numbers
        grid_rows = [replace(r, flags=(codes.TEXT_ONLY_ROW.name,)) if not any(is_value(c.text) for c in r.cells if c)
                     else r for r in grid_rows]
    used = [w for p in placed[:n_header] for w in p.line.words] + [
        w for row, _ in rows for p in row.label_lines + row.anchors for w in p.line.words]
    bbox = union([w.bbox for w in used])
    headed = [g for g in groups if any(group == g for _, group in rows)]  # not a note below the last row
    return Body(header, tuple(grid_rows), bbox, n_header, convention, tuple(headed))


def _header_size(placed: list[_Line]) -> int:
    """Lines above the first row of data that print something over the value columns."""
    size = header_size([data_row([_text(c) for c in p.values]) for p in placed], [bool(p.anchor) for p in placed])
    if size is None:  # text mostly: the first line names the columns
        return 1 if placed and placed[0].anchor else 0
    return size


def _header(lines: list[TextLine], columns: Columns) -> tuple[str, ...]:
    names: list[list[str]] = [[] for _ in range(len(columns))]
    for line in lines:
        for c, segments in enumerate(columns.header_cells(line)):
            names[c] += [s.text for s in segments]
    return tuple(" ".join(parts) for parts in names)


def _separated(upper: _Line, lower: _Line, separators: list[Separator]) -> bool:
    """A ruling or band edge between two lines, across the labels' extent."""
    x0 = min(w.x0 for w in upper.line.words + lower.line.words)
    x1 = max(w.x1 for w in upper.line.words + lower.line.words)
    low, high = upper.line.middle, lower.line.middle
    return any(low < s.y < high and s.x0 < x1 and s.x1 > x0 for s in separators)


def _loose_gap(gaps: list[float], ratio: float) -> float:
    """The gap from which label lines are apart as rows: between the two sizes of the table's gaps
    if it has two (the split that best explains them, the larger half again as large), else none."""
    sizes = sorted(max(g, 0.0) for g in gaps)
    best, threshold = 0.0, float("inf")
    for k in range(1, len(sizes)):
        low, high = sizes[:k], sizes[k:]
        mean_low, mean_high = sum(low) / len(low), sum(high) / len(high)
        between = len(low) * len(high) * (mean_high - mean_low) ** 2
        if between > best and mean_high >= ratio * mean_low:
            best, threshold = between, (sizes[k - 1] + sizes[k]) / 2
    return threshold


def _label_runs(labels: list[_Line], separators: list[Separator], loose_ratio: float) -> list[list[_Line]]:
    gaps = [b.top - a.bottom for a, b in zip(labels, labels[1:]) if not _separated(a, b, separators)]
    loose = _loose_gap(gaps, loose_ratio)
    runs: list[list[_Line]] = []
    for line in labels:
        if runs and not _separated(runs[-1][-1], line, separators) and line.top - runs[-1][-1].bottom < loose \
                and not runs[-1][-1].spanning and not line.spanning:
            runs[-1].append(line)
        else:
            runs.append([line])
    return runs


def _convention(runs: list[tuple[list[_Line], list[_Line]]]) -> str:
    """Where the table sets the values of a row with wrapped label lines: on the first line unless
    two rows or more, and most of them, show otherwise."""
    votes = {"top": 0, "centre": 0, "bottom": 0}
    for labels, anchors in runs:
        if len(anchors) != 1 or len(labels) < 2:
            continue
        middle = anchors[0].line.middle
        if middle <= labels[0].bottom:
            votes["top"] += 1
        elif middle >= labels[-1].top:
            votes["bottom"] += 1
        else:
            votes["centre"] += 1
    best = max(("centre", "bottom"), key=lambda k: votes[k])
    return best if votes[best] >= 2 and votes[best] > votes["top"] else "top"


@dataclass(frozen=True)
class _Width:
    """How wide the label column may be: at least its longest label, at most up to the first value."""

    least: float
    most: float


def _wraps(upper: _Line, lower: _Line, width: _Width, unit: float) -> bool:
    """Whether `lower` can be the wrapped tail of `upper`: its first word would not have fitted after
    the last word of `upper`. Where that depends on how wide the column really is, a line starting
    with a capital is taken for a heading, any other (lower case, a digit, "(", "*)") for a tail."""
    first = min(lower.label, key=lambda w: w.x0)
    needed = max(w.x1 for w in upper.label) + 0.3 * unit + (first.x1 - first.x0)
    if needed > width.most:
        return True
    if needed <= width.least:
        return False
    return not first.text[:1].isupper()


def _logical_rows(body: list[_Line], separators: list[Separator], unit: float, loose_ratio: float
                  ) -> tuple[list[tuple[_Row, str | None]], str, list[str]]:
    labels = [p for p in body if p.label]
    runs = _label_runs(labels, separators, loose_ratio)
    members: list[list[_Line]] = [[p for p in run if p.anchor] for run in runs]
    loose_rows: list[tuple[float, _Row]] = []
    for p in body:
        if p.label or not p.anchor:
            continue
        k = _run_of(p, runs, separators)
        if k is None:
            loose_rows.append((p.line.top, _Row([], [p])))
        else:
            members[k].append(p)
    convention = _convention(list(zip(runs, members)))
    least = max((max(w.x1 for w in p.label) for p in labels if not p.spanning), default=0.0)
    width = _Width(least, max(least, min((w.x0 for p in body for c in p.values for w in c), default=least)))
    placed: list[tuple[float, _Row | str]] = [(top, row) for top, row in loose_rows]
    for run, anchors in zip(runs, members):
        anchors.sort(key=lambda p: p.line.top)
        if not anchors:
            placed.append((run[0].top, _text([w for p in run for w in p.label])))
            continue
        for top, item in _split_run(run, anchors, convention, width, unit):
            placed.append((item.label_lines[0].top if isinstance(item, _Row) and item.label_lines else top, item))
    placed.sort(key=lambda item: item[0])
    rows: list[tuple[_Row, str | None]] = []
    groups: list[str] = []
    group = None
    for _, item in placed:
        if isinstance(item, str):
            group = item
            groups.append(item)
        else:
            rows.append((item, group))
    return rows, convention, groups


def _run_of(p: _Line, runs: list[list[_Line]], separators: list[Separator]) -> int | None:
    """The label run a line of values only belongs to: the one its middle lies in, else the nearest
    one with nothing between them."""
    middle = p.line.middle
    for k, run in enumerate(runs):
        if run[0].top <= middle <= run[-1].bottom:
            return k
    distances = []
    for k, run in enumerate(runs):
        if run[-1].bottom < middle:
            if not _separated(run[-1], p, separators):
                distances.append((middle - run[-1].bottom, k))
        elif not _separated(p, run[0], separators):
            distances.append((run[0].top - middle, k))
    return min(distances)[1] if distances else None


def _split_run(run: list[_Line], anchors: list[_Line], convention: str, width: _Width, unit: float
               ) -> list[tuple[float, _Row | str]]:
    """A run's rows, one per anchor, each label line with the anchor the convention points to; label
    lines no anchor takes (above the first one when values sit on the first line) head the rows below."""
    if len(anchors) == 1 and not anchors[0].label:  # values set between the lines of one label
        return [(run[0].top, _Row(list(run), anchors))]
    rows = {id(a): _Row([], [a]) for a in anchors}
    out: list[tuple[float, _Row | str]] = []
    heading: list[_Line] = []
    previous: _Line | None = None
    for line in run:
        if line.anchor:
            target = line
        else:
            target = None if heading else _target(line, anchors, previous, convention, width, unit)
        if target is None:
            heading.append(line)
        else:
            if heading:
                out.append((heading[0].top, _text([w for p in heading for w in p.label])))
                heading = []
            rows[id(target)].label_lines.append(line)
        previous = line
    if heading:
        out.append((heading[0].top, _text([w for p in heading for w in p.label])))
    for row in rows.values():
        row.label_lines.sort(key=lambda p: p.top)
        out.append((row.anchors[0].line.top, row))
    return out


def _target(line: _Line, anchors: list[_Line], previous: _Line | None, convention: str, width: _Width,
            unit: float) -> _Line | None:
    """The anchor a label-only line belongs to, or None for a heading."""
    above = [a for a in anchors if a.line.top < line.top]
    below = [a for a in anchors if a.line.top > line.top]
    if convention == "bottom":
        return (below or above[-1:] or [None])[0]
    if convention == "centre":
        middle = (line.top + line.bottom) / 2
        return min(above[-1:] + below[:1], key=lambda a: abs(a.line.middle - middle))
    if not above or previous is None:
        return None
    # rows set close together: a line that could not be the wrapped tail of the one above heads the next
    if len(anchors) > 1 and not _wraps(previous, line, width, unit):
        return None
    return above[-1]


def _grid_row(row: _Row, group: str | None, page_no: int) -> GridRow:
    label_words = [w for p in row.label_lines for w in p.label]
    n_values = len(row.anchors[0].values) if row.anchors else 0
    cells = []
    for c in range(n_values):
        words = [w for a in row.anchors for w in a.values[c]]
        if not words:
            cells.append(None)
            continue
        words.sort(key=lambda w: (w.top, w.x0))
        cells.append(GridCell(_text(words), min(w.line_no for w in words if w.line_no is not None)
                              if any(w.line_no is not None for w in words) else None, page_no,
                              union([w.bbox for w in words])))
    line_nos = sorted({w.line_no for p in row.label_lines + row.anchors for w in p.line.words if w.line_no})
    return GridRow(label=_text(label_words), cells=tuple(cells), line_nos=tuple(line_nos), group=group,
                   label_bbox=union([w.bbox for w in label_words]) if label_words else None)
