"""A region's columns: the strips between its gutters, and the cells of each line placed in them.

A segment inside one strip is that column's cell. A segment that crosses a gutter is split at the
gutter between its words (two cells the print set too close); in a header a segment that crosses
gutters without a gap at them spans those columns ("Percent fuel savings" over four), and its text
heads each of them.
"""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.models import Word
from pipeline.tables.layout.lines import Segment, TextLine


@dataclass(frozen=True)
class Columns:
    gutters: tuple[tuple[float, float], ...]

    def __len__(self) -> int:
        return len(self.gutters) + 1

    def index(self, x: float) -> int:
        """The column holding the point x (a gutter belongs half to each neighbour)."""
        return sum(x > (a + b) / 2 for a, b in self.gutters)

    def spanned(self, segment: Segment) -> range:
        """The columns a segment's extent overlaps beyond the gutters' middles."""
        return range(self.index(segment.x0), self.index(segment.x1) + 1)

    def cells(self, line: TextLine) -> list[list[Word]]:
        """The line's words per column, left to right (empty lists for empty cells)."""
        cells: list[list[Word]] = [[] for _ in range(len(self))]
        for segment in line.segments:
            for word in segment.words:
                cells[self.index((word.x0 + word.x1) / 2)].append(word)
        return cells

    def header_cells(self, line: TextLine) -> list[list[Segment]]:
        """A header line's segments per column; a segment over several columns heads each of them
        unless its words fall apart at the gutters (then each word heads its own column)."""
        cells: list[list[Segment]] = [[] for _ in range(len(self))]
        for segment in line.segments:
            columns = self.spanned(segment)
            crossed = self.gutters[columns.start:columns.stop - 1]
            gaps = list(zip(segment.words, segment.words[1:]))
            if all(any(a.x1 < x1 and b.x0 > x0 for a, b in gaps) for x0, x1 in crossed):
                by_column: dict[int, list[Word]] = {}
                for word in segment.words:
                    by_column.setdefault(self.index((word.x0 + word.x1) / 2), []).append(word)
                for c, words in by_column.items():
                    cells[c].append(Segment(tuple(words)))
            else:
                for c in columns:
                    cells[c].append(segment)
        return cells
