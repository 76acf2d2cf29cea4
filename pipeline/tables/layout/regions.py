"""Where the unruled tables of a page are: runs of lines whose cells keep to common column gutters.

A table's columns are separated by gutters, vertical strips of whitespace that every row leaves
free. Prose has no such strip: a justified line split at a wide space leaves its gap where the next
line has words. So a region starts at a line of several segments and grows downwards while each
further line of several segments keeps to the gutters found so far; a gutter that two or more rows
confirmed may be crossed by one cell (a wide text cell, "Tall kommer"), never by more.

Lines of one segment between such rows are taken in when a fitting row follows: a wrapped label or
a group heading inside the label column, a lone cell in a value column, and at most one line that
spans the columns (a group heading set across the table). A paragraph of prose spans them twice or
more and ends the region; so does blank space taller than `row_gap` units.

Each region keeps why it ended (the trace shows it).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.settings import TableSettings
from pipeline.tables.layout.lines import Segment, TextLine

INF = float("inf")


@dataclass(frozen=True)
class Gutter:
    x0: float
    x1: float
    left: int = 0  # lines of the region with text left of the gutter
    right: int = 0  # and right of it

    @property
    def inner(self) -> bool:
        """A gutter between columns (the page margins are no gutters)."""
        return -INF < self.x0 and self.x1 < INF

    @property
    def shown(self) -> bool:
        return self.inner and self.left >= 1 and self.right >= 1

    @property
    def confirmed(self) -> bool:
        """Text on both sides in two lines or more: no accident of one line's spacing."""
        return self.inner and self.left >= 2 and self.right >= 2


@dataclass(frozen=True)
class Region:
    start: int  # index of the region's first line
    end: int  # one past its last line
    gutters: tuple[tuple[float, float], ...]
    ended: str  # why the region ended: gap | prose | columns | bridge | page
    lines: tuple[TextLine, ...] = field(default=(), compare=False)


def _free(line: TextLine) -> list[tuple[float, float]]:
    """The line's free strips: before its first segment, between segments, after its last."""
    edges = [-INF]
    for segment in line.segments:
        edges += [segment.x0, segment.x1]
    edges.append(INF)
    return [(edges[i], edges[i + 1]) for i in range(0, len(edges), 2) if edges[i + 1] > edges[i]]


def _edges_meet(a: Segment, b: Segment, tolerance: float) -> bool:
    return abs(a.x0 - b.x0) <= tolerance or abs(a.x1 - b.x1) <= tolerance or \
        abs(a.x0 + a.x1 - b.x0 - b.x1) <= 2 * tolerance


def cut(gutters: list[Gutter], line: TextLine, min_width: float) -> tuple[list[Gutter], list[Gutter]]:
    """The gutters narrowed to what the line leaves free (a strip split where the line has a cell
    inside it), and the gutters it leaves no room of."""
    kept, crossed = [], []
    for gutter in gutters:
        pieces = [(max(gutter.x0, a), min(gutter.x1, b)) for a, b in _free(line)]
        pieces = [(a, b) for a, b in pieces if b - a >= min_width]
        if not pieces:
            crossed.append(gutter)
        for a, b in pieces:
            left = any(s.x1 <= a for s in line.segments)
            right = any(s.x0 >= b for s in line.segments)
            kept.append(Gutter(a, b, gutter.left + left, gutter.right + right))
    return kept, crossed


class _Growth:
    """A region being grown from its first row downwards."""

    def __init__(self, lines: list[TextLine], start: int, min_gutter: float, tolerance: float):
        self.lines, self.start, self.min_gutter, self.tolerance = lines, start, min_gutter, tolerance
        # every strip the first row leaves free, the margins included: later rows split them
        self.gutters, _ = cut([Gutter(-INF, INF)], lines[start], min_gutter)
        self.rows = 1  # lines of several segments taken so far
        self.end = start + 1
        self.pending: list[int] = []
        self.widest_gap = 0.0  # the widest gap between two lines of the region so far

    def fit(self, line: TextLine) -> list[Gutter] | None:
        """The gutters once `line` (several segments) is a row of the region, or None if it breaks them."""
        kept, crossed = cut(self.gutters, line, self.min_gutter)
        confirmed = [g for g in crossed if g.confirmed]
        if confirmed and (len(confirmed) > 1 or len(line.segments) < 3):
            return None
        kept = sorted(kept + confirmed, key=lambda g: g.x0)  # one wide cell over a confirmed gutter
        return kept if any(g.inner for g in kept) else None

    def spans(self, line: TextLine) -> bool:
        """Whether the line leaves no room of a gutter some row has shown."""
        _, crossed = cut(self.gutters, line, self.min_gutter)
        return any(g.shown for g in crossed)

    def bridges(self, line: TextLine) -> bool:
        """Whether a line of one segment may stand between two rows: inside one column, or the
        region's one spanning line."""
        return not self.spans(line) or not any(self.spans(self.lines[i]) for i in self.pending)

    def lines_up(self, line: TextLine) -> bool:
        """Whether most of the line's cells right of its first line up with a cell of the rows above
        in their column (a row after a heading set across the table must be a row of the same table)."""
        rows = [self.lines[i] for i in range(self.start, self.end) if self.lines[i].multi]
        bounds = [g.x0 for g in self.gutters if g.inner] + [INF]
        column = lambda s: sum(s.x0 > b for b in bounds)  # noqa: E731
        cells = line.segments[1:]
        aligned = sum(any(column(c) == column(o) and _edges_meet(c, o, self.tolerance)
                          for row in rows for o in row.segments) for c in cells)
        return 2 * aligned >= len(cells)

    def take(self, j: int, gutters: list[Gutter]) -> None:
        """Row j and the lines of one cell above it join the region. Only rows shape the gutters: a
        line of one cell is read against the final columns (rows.py), whether it spans them or not;
        one inside a column shows text beside the gutters all the same (a label beside a line of
        values set between two label lines)."""
        for i in self.pending:
            line = self.lines[i]
            if not self.spans(line):
                gutters = [Gutter(g.x0, g.x1, g.left + any(s.x1 <= g.x0 for s in line.segments),
                                  g.right + any(s.x0 >= g.x1 for s in line.segments)) for g in gutters]
        for i in range(self.end, j + 1):
            self.widest_gap = max(self.widest_gap, self.lines[i].top - self.lines[i - 1].bottom)
        self.gutters, self.rows, self.end, self.pending = gutters, self.rows + 1, j + 1, []


def _aligned(gutter: Gutter, rows: list[TextLine], tolerance: float) -> bool:
    """Whether the cells right of a gutter line up: on their left edges (text), right edges (numbers)
    or middles, in half of the rows that have one or more. Words of prose that happen to leave a
    strip free do not."""
    cells = [next(s for s in line.segments if s.x0 >= gutter.x1) for line in rows if line.x1 > gutter.x1]
    if len(cells) < 2:
        return False
    for edge in (lambda s: s.x0, lambda s: s.x1, lambda s: (s.x0 + s.x1) / 2):
        xs = sorted(edge(s) for s in cells)
        best = max(sum(1 for x in xs if abs(x - y) <= tolerance) for y in xs)
        if best >= 2 and 2 * best >= len(cells):
            return True
    return False


def _explained(gutters: list[Gutter], rows: list[TextLine]) -> bool:
    """Whether the gutters account for most of the rows' wide gaps: a table's rows break at its
    columns, lines of prose split at wide spaces break anywhere."""
    gaps = [(a.x1, b.x0) for line in rows for a, b in zip(line.segments, line.segments[1:])]
    explained = sum(any(x0 <= g.x0 and g.x1 <= x1 for g in gutters) for x0, x1 in gaps)
    return 2 * explained > len(gaps)


def find_regions(lines: list[TextLine], unit: float, settings: TableSettings) -> list[Region]:
    """The page's candidate table regions, top to bottom, as [start, end) line ranges."""
    regions: list[Region] = []
    i = 0
    while i < len(lines):
        region = _grow(lines, i, unit, settings) if lines[i].multi else None
        if region is None:
            i += 1
            continue
        regions.append(region)
        i = region.end
    return regions


def _grow(lines: list[TextLine], start: int, unit: float, settings: TableSettings) -> Region | None:
    growth = _Growth(lines, start, settings.min_gutter * unit, settings.align_tolerance * unit)
    if not any(g.inner for g in growth.gutters):
        return None
    ended = "page"
    for j in range(start + 1, len(lines)):
        line = lines[j]
        gap = line.top - lines[j - 1].bottom
        if gap > settings.row_gap * unit:
            ended = "gap"
            break
        if line.multi:
            kept = growth.fit(line)
            after_heading = any(growth.spans(lines[i]) for i in growth.pending)
            if kept is None or after_heading and not growth.lines_up(line):
                ended = "columns"
                break
            growth.take(j, kept)
            continue
        if len(growth.pending) >= settings.bridge_lines:
            ended = "bridge"
            break
        if gap > settings.break_gap * max(growth.widest_gap, unit):
            ended = "gap"
            break
        if not growth.bridges(line):
            ended = "prose"
            break
        growth.pending.append(j)
    rows = [line for line in lines[start:growth.end] if line.multi]
    confirmed = [g for g in growth.gutters if g.confirmed and _aligned(g, rows, settings.align_tolerance * unit)]
    if growth.rows < settings.min_rows or not confirmed or not _explained(confirmed, rows):
        return None
    gutters = tuple((g.x0, g.x1) for g in confirmed)
    # lines of one cell right below the last row may still continue its label (the rows decide)
    end = growth.end
    for j in growth.pending:
        if j != end or growth.spans(lines[j]):
            break
        end = j + 1
    return Region(start, end, gutters, ended, tuple(lines[start:end]))


def with_headers(regions: list[Region], lines: list[TextLine], unit: float, settings: TableSettings) -> list[Region]:
    """Each region with the header lines of one cell above its first row (a year over the value
    column, a spanning "Percent" over several): lines over the value columns, none over the labels."""
    extended, floor = [], 0
    for region in regions:
        start = region.start
        label_end = region.gutters[0][0]
        while start - 1 >= floor:
            line = lines[start - 1]
            if lines[start].top - line.bottom > settings.row_gap * unit or line.x0 < label_end or line.multi:
                break
            start -= 1
        extended.append(Region(start, region.end, region.gutters, region.ended, tuple(lines[start:region.end]))
                        if start != region.start else region)
        floor = region.end
    return extended
