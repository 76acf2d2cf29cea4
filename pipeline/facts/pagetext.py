"""A page's restored lines as one running text for sentence analysis, with a way back to the lines.

Wrapped prose lines are joined with a space (a word hyphenated at a line end is joined again);
a blank line, a table-like line or a short line before a capitalised one (a heading) is a hard
break, written as a blank line; sentences never cross one, and each block between breaks is
analysed on its own.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from pipeline.models import Line, Page
from pipeline.settings import FactSettings

HARD_BREAK = "\n\n"
_FIGURE = re.compile(r"\d+(?:[,.]\d+)?\s*%?")
_HYPHENATED = re.compile(r"\w-$")
# "kommune- og fylkestingsvalg": a hyphen before a conjunction is a shortened compound, not a break
_SUSPENDED = re.compile(r"^(?:og|eller|samt|til|enn)\b")
# No word or figure with its unit is this long; longer runs without a space (OCR residue, damaged
# input) are blanked, since spaCy's tokenizer takes time quadratic in a run's length.
MAX_TOKEN_CHARS = 64
_LONG_RUN = re.compile(rf"\S{{{MAX_TOKEN_CHARS + 1},}}")
# A block longer than this (no real paragraph is) is cut at a space, so that one run of damaged text
# without breaks is never analysed whole.
MAX_BLOCK_CHARS = 5000


@dataclass(frozen=True)
class PageText:
    page_no: int
    text: str
    starts: tuple[int, ...]  # offset in `text` where each line's text begins
    lines: tuple[Line, ...]

    def blocks(self) -> list[PageText]:
        """The text between hard breaks as views of their own (offsets relative to the block), long
        blocks cut at a space; together they cover every character of the page text."""
        views, start = [], 0
        for match in re.finditer(re.escape(HARD_BREAK) + "|$", self.text):
            while start < match.start():
                end = min(match.start(), start + MAX_BLOCK_CHARS)
                if end < match.start():
                    end = max(self.text.rfind(" ", start, end), start + 1)
                views.append(self._view(start, end))
                start = end
            start = match.end()
        return views

    def _view(self, start: int, end: int) -> PageText:
        return PageText(self.page_no, self.text[start:end], tuple(s - start for s in self.starts), self.lines)

    def line_at(self, offset: int) -> Line:
        return self.lines[max(0, bisect_right(self.starts, offset) - 1)]

    def raw_between(self, start: int, end: int) -> tuple[int, int, str]:
        """First and last source line of text[start:end] and those lines as read, joined."""
        first, last = self.line_at(start), self.line_at(max(start, end - 1))
        raw = " ".join(line.raw.strip() for line in self.lines if first.number <= line.number <= last.number)
        return first.number, last.number, raw


_WORD = re.compile(r"[^\W\d_]{2,}")


def prose_share(text: str) -> float:
    """The share of a text's tokens that are words: low in tables, runs of numbers and OCR residue."""
    tokens = text.split()
    return sum(1 for t in tokens if _WORD.match(t)) / len(tokens) if tokens else 0.0


def _table_like(text: str, settings: FactSettings) -> bool:
    """A table row left in the page text: figures among few words, no sentence end. A prose line
    with several figures ("ble 24 mill. kroner eller 1,0 prosent ... var 12") is not one."""
    return (len(_FIGURE.findall(text)) >= settings.table_row_figures and not text.rstrip().endswith((".", ","))
            and prose_share(text) < settings.table_row_word_share)


def _separator(prev: str, cur: str, longest: int, settings: FactSettings) -> str:
    if not prev or not cur or _table_like(prev, settings) or _table_like(cur, settings):
        return HARD_BREAK
    if _HYPHENATED.search(prev) and cur[0].islower() and not _SUSPENDED.match(cur):
        return ""
    heading = len(prev) < settings.heading_share * longest and cur[0].isupper() and not prev.endswith((",", "-"))
    return HARD_BREAK if heading else " "


def page_text(page: Page, settings: FactSettings = FactSettings()) -> PageText:
    texts = [line.text.strip() for line in page.lines]
    longest = max((len(t) for t in texts), default=0)
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for i, text in enumerate(texts):
        if i:
            sep = _separator(texts[i - 1], text, longest, settings)
            if sep == "":  # join the hyphenated word: drop the hyphen
                parts[-1] = parts[-1][:-1]
                offset -= 1
            parts.append(sep)
            offset += len(sep)
        starts.append(offset)
        parts.append(text)
        offset += len(text)
    text = _LONG_RUN.sub(lambda m: " " * len(m.group()), "".join(parts))
    return PageText(page.number, text, tuple(starts), tuple(page.lines))
