"""Plain-text reports (OCR output, article text): decoding and page splitting.

Pages are found, in order of preference, by form feeds; by the OCR's page-start convention
(a page's first line is indented by one space) together with page footers, which end a page;
or by footers alone. Footers such as "Side 15 av 134" anchor the report's own page numbers.
"""
from __future__ import annotations

import codecs
import re
from collections import Counter
from dataclasses import dataclass

from pipeline import codes
from pipeline.errors import InputError
from pipeline.models import Line, Page
from pipeline.vocabulary import page_footer

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

# one space, then text that is not a bullet: the OCR's mark for a page's first line
PAGE_START = re.compile(r"^ (?=[^\s•·▪●■◦*\-–—])")


def decode(data: bytes, path: str = "") -> str:
    """Decode report bytes: BOM-marked Unicode, UTF-8, else Windows-1252 / Latin-1.

    The encoding is detected from the bytes: a BOM decides; otherwise strict UTF-8 is tried first
    (it almost never decodes non-UTF-8 text by accident), then cp1252, which covers Norwegian
    letters in legacy files, and Latin-1 for the five bytes cp1252 leaves undefined.
    """
    if not data.strip():
        raise InputError(codes.INPUT_EMPTY, path)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(codes.INPUT_BAD_BOM, path, encoding=encoding, reason=exc.reason) from exc
    if b"\x00" in data:
        raise InputError(codes.INPUT_BINARY, path, why="NUL bytes and no byte-order mark")
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(2, len(text) // 100):
        raise InputError(codes.INPUT_BINARY, path, why="control characters")
    return text


def split_lines(text: str) -> list[str]:
    """Normalise CRLF/CR line endings and split; form feeds stay inside the lines for splitting."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


@dataclass
class _Segment:
    lines: list[Line]
    anchor: int | None = None  # page number printed in a footer on this segment
    total: int | None = None  # page count printed in that footer ("av 134")


def _segments(raw_lines: list[str]) -> list[_Segment]:
    has_form_feeds = any("\f" in line for line in raw_lines)
    starts = [i for i, line in enumerate(raw_lines)
              if PAGE_START.match(line) and not (i and PAGE_START.match(raw_lines[i - 1]))]
    use_indent = not has_form_feeds and len(starts) >= 2
    segments = [_Segment([])]
    for i, line in enumerate(raw_lines):
        number = i + 1
        if has_form_feeds and "\f" in line:
            parts = line.split("\f")
            for j, part in enumerate(parts):
                if j:
                    segments.append(_Segment([]))
                if part or j == 0:
                    segments[-1].lines.append(Line(number, part))
            continue
        if use_indent and PAGE_START.match(line) and i in starts and segments[-1].lines:
            segments.append(_Segment([]))
        segments[-1].lines.append(Line(number, line))
        footer = page_footer(line)
        if footer and not footer.bare:
            segments[-1].anchor = footer.page
            segments[-1].total = footer.total
            segments.append(_Segment([]))
    # blank and picture pages leave no text behind, so a blank segment is no page
    return [s for s in segments if any(line.raw.strip() for line in s.lines)]


def _monotone_anchors(segments: list[_Segment]) -> dict[int, int]:
    """Segment index -> printed page number, keeping only anchors that increase with position."""
    anchors: dict[int, int] = {}
    last_page = 0
    for idx, seg in enumerate(segments):
        if seg.anchor is None:
            continue
        if seg.anchor > last_page:
            anchors[idx] = seg.anchor
            last_page = seg.anchor
    return anchors


def number_pages(segments: list[_Segment]) -> list[int]:
    """Page numbers for segments: footers anchor, the rest count on from the anchors around them.

    Where there are more segments between two footers than pages, an indented line inside a page
    was taken for a page start; such segments share a number and are merged into one page.
    """
    anchors = _monotone_anchors(segments)
    numbers: list[int] = []
    keys = sorted(anchors)
    for idx in range(len(segments)):
        if idx in anchors:
            numbers.append(anchors[idx])
            continue
        before = [k for k in keys if k < idx]
        after = [k for k in keys if k > idx]
        if before:
            number = anchors[before[-1]] + idx - before[-1]
            if after:
                number = min(number, anchors[after[0]] - (after[0] - idx))
        elif after:
            number = max(anchors[after[0]] - (after[0] - idx), idx + 1)
        else:
            number = idx + 1
        numbers.append(max(number, numbers[-1] if numbers else 1))
    return numbers


def pages_from_text(text: str) -> tuple[list[Page], int]:
    """Split decoded text into pages; returns the pages that hold text and the report's page count."""
    segments = _segments(split_lines(text))
    numbers = number_pages(segments)
    pages: list[Page] = []
    for number, segment in zip(numbers, segments):
        if pages and pages[-1].number == number:
            pages[-1] = Page(number=number, lines=pages[-1].lines + tuple(segment.lines))
        else:
            pages.append(Page(number=number, lines=tuple(segment.lines)))
    totals = Counter(s.total for s in segments if s.total)
    n_pages = totals.most_common(1)[0][0] if totals else 0
    n_pages = max([n_pages, *numbers]) if numbers else n_pages
    return pages, n_pages
