"""A page's text lines as the layout route reads them: each line's words split into segments at
gaps wider than a space, and the page's unit of length.

Lines come from ingest (`pipeline.ingest.pdf.number_lines` gives every word its line number), so a
born-digital and an OCR'd page are grouped into lines the same way. Every threshold of the layout
route is a multiple of the page's unit, the median height of its lines: a 9 pt table and a 12 pt one,
or a scan at any resolution, are read alike.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from itertools import groupby
from statistics import median

from pipeline.models import BBox, Word
from pipeline.tables.conventions import is_number
from pipeline.vocabulary import is_year


def is_value(text: str) -> bool:
    """A printed number, percentage or amount; a year alone is a header word, not a value."""
    return is_number(text) and not is_year(text.strip())


def data_row(texts: list[str]) -> bool:
    """A row of data rather than of column names: values in at least half of its printed value cells
    (a header prints years and words, and at most a stray number: the "12" of "KOSTRA-gruppe 12")."""
    printed = [text for text in texts if text]
    values = sum(is_value(text) for text in printed)
    return values > 0 and 2 * values >= len(printed)


def header_size(data: list[bool], over_values: list[bool]) -> int | None:
    """Rows above the first row of `data` that print something over the value columns (None where no
    row is data)."""
    first = next((k for k, is_data in enumerate(data) if is_data), None)
    if first is None:
        return None
    above = [k for k in range(first) if over_values[k]]
    return above[-1] + 1 if above else 0


def label_column(first_cells: list[str]) -> bool:
    """A first column of labels: fewer than half of its printed cells are values."""
    printed = [text for text in first_cells if text]
    return 2 * sum(is_value(text) for text in printed) < len(printed)


class _Words:
    """Where a run of words lies: the box around them (their `words`, left to right)."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass(frozen=True)
class Segment(_Words):
    """Words of one line with no gap wider than a cell gap between them: a cell's text, or a
    text spanning several cells (a heading, a line of prose)."""

    words: tuple[Word, ...]

    @cached_property
    def value(self) -> bool:
        return is_value(self.text)


@dataclass(frozen=True)
class TextLine(_Words):
    """One line of the page, left to right, as segments."""

    segments: tuple[Segment, ...]
    line_no: int | None

    @cached_property
    def words(self) -> tuple[Word, ...]:
        return tuple(w for s in self.segments for w in s.words)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def multi(self) -> bool:
        return len(self.segments) >= 2


def page_unit(words: list[Word] | tuple[Word, ...]) -> float:
    """The page's unit of length: the median height of its lines (words sharing a line number)."""
    heights = [max(w.bottom for w in line) - min(w.top for w in line)
               for _, line in groupby(sorted(words, key=lambda w: w.line_no or 0), key=lambda w: w.line_no)
               for line in [list(line)]]
    return median(heights) if heights else 1.0


def text_lines(words: list[Word] | tuple[Word, ...], cell_gap: float) -> list[TextLine]:
    """The words' lines top to bottom, each split into segments at gaps wider than `cell_gap` points."""
    lines = []
    for line_no, line in groupby(sorted(words, key=lambda w: (w.line_no or 0, w.x0)), key=lambda w: w.line_no):
        line = list(line)
        segments, current = [], [line[0]]
        for word in line[1:]:
            if word.x0 - max(w.x1 for w in current) > cell_gap:
                segments.append(Segment(tuple(current)))
                current = []
            current.append(word)
        segments.append(Segment(tuple(current)))
        lines.append(TextLine(tuple(segments), line_no))
    lines.sort(key=lambda line: line.middle)
    return lines


def union(boxes: list[BBox]) -> BBox:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def centre_in(box: BBox, outer: BBox) -> bool:
    """Whether the middle of `box` lies in `outer` (how pdfplumber assigns characters to cells)."""
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return outer[0] <= x <= outer[2] and outer[1] <= y <= outer[3]
