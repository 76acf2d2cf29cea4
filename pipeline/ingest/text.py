"""Plain-text reports (OCR output, article text): decoding, page splitting and page furniture.

Pages are found by form feeds; by the OCR's page-start convention (a page's first line is indented
by one space); by page footers, which end a page; and by running headers, which start one.
Footers are read in every common form (`vocabulary.page_footer`: "Side 7 av 9", "Side 7",
"7 / 9", "2/19", "- 7 -", a bare "7", left, centred or right) and kept only where they make a
consistent sequence: worded forms must increase along the text (a fraction also keeps the page
count most fractions print), while a bare number, or a number beside text that repeats on every
page ("Årsrapport 2023 | 7"), must count up page by page over the whole document before it is
believed. Footers anchor the report's own page numbers. Footers and running headers are the
page's furniture (`Page.furniture`), which no later stage reads as content.
"""
from __future__ import annotations

import codecs
import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from pipeline import codes
from pipeline.errors import InputError
from pipeline.models import Line, Page
from pipeline.settings import IngestSettings
from pipeline.vocabulary import FURNITURE_MAX_WORDS, Footer, edge_number, page_footer

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


# --- footers ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Candidate:
    index: int  # line index
    footer: Footer
    weak: bool  # a bare number or a number beside text: believed only in a page-by-page sequence


def _candidates(lines: list[str]) -> list[_Candidate]:
    found = []
    edged: dict[str, list[tuple[int, int]]] = {}
    for i, line in enumerate(lines):
        if not line.strip() or len(line) > 120:
            continue
        footer = page_footer(line)
        if footer is not None:
            found.append(_Candidate(i, footer, footer.bare))
        elif (edge := edge_number(line)) and len(edge[1].split()) <= FURNITURE_MAX_WORDS:
            edged.setdefault(_furniture_key(edge[1]), []).append((i, edge[0]))
    # text beside a number is a footer's only where the same text recurs with other numbers
    for key, members in edged.items():
        if key and len({n for _, n in members}) >= 3:
            found += [_Candidate(i, Footer(n, None, False), True) for i, n in members]
    found.sort(key=lambda c: c.index)
    return found


def _furniture_key(text: str) -> str:
    """A line as furniture is compared: letters only, case folded (digits and OCR dashes vary)."""
    return re.sub(r"[^\w]|[\d_]", "", text).casefold()


def _consistent_totals(candidates: list[_Candidate]) -> list[_Candidate]:
    """Fractions ("7 / 9", "2/19") print the page count: keep those with the count most print."""
    totals = Counter(c.footer.total for c in candidates if c.footer.total)
    if not totals:
        return candidates
    total = totals.most_common(1)[0][0]
    return [c for c in candidates if c.footer.total in (None, total)]


def _weak_chain(candidates: list[_Candidate], min_lines: int) -> list[_Candidate]:
    """The longest run of weak candidates that counts pages up one or two at a time, each at
    least a page of lines after the last; believed when it has three members or more."""
    ends: dict[int, list[_Candidate]] = {}  # page number -> longest chain ending there, far enough back
    waiting: list[list[_Candidate]] = []  # chains whose last line is not yet a page of lines back
    longest: list[_Candidate] = []
    for cand in candidates:
        while waiting and cand.index - waiting[0][-1].index >= min_lines:
            chain = waiting.pop(0)
            page = chain[-1].footer.page
            if len(chain) > len(ends.get(page, [])):
                ends[page] = chain
        before = [ends.get(cand.footer.page - step, []) for step in (1, 2)]
        chain = max(before, key=len) + [cand]
        waiting.append(chain)
        longest = max(longest, chain, key=len)
    ones = sum(b.footer.page - a.footer.page == 1 for a, b in zip(longest, longest[1:]))
    return longest if len(longest) >= 3 and 3 * ones >= 2 * (len(longest) - 1) else []


def _increasing(candidates: list[_Candidate]) -> list[_Candidate]:
    """The longest subsequence whose page numbers increase along the text (O(n²), n footers)."""
    best: list[list[_Candidate]] = []
    for k, cand in enumerate(candidates):
        chain = [cand]
        for j in range(k):
            if best[j][-1].footer.page < cand.footer.page and len(best[j]) + 1 > len(chain):
                chain = best[j] + [cand]
        best.append(chain)
    return max(best, key=len, default=[])


def find_footers(lines: list[str], settings: IngestSettings = IngestSettings()) -> dict[int, Footer]:
    """Line index -> footer, for the footers that make the document's page sequence."""
    candidates = _consistent_totals(_candidates(lines))
    strong = [c for c in candidates if not c.weak]
    weak = _weak_chain([c for c in candidates if c.weak], settings.page_min_lines)
    chosen = _increasing(sorted(strong + weak, key=lambda c: c.index))
    return {c.index: c.footer for c in chosen}


# --- segments and running headers ------------------------------------------------------------------

@dataclass
class _Segment:
    lines: list[Line]
    anchor: int | None = None  # page number printed in a footer on this segment
    total: int | None = None  # page count printed in that footer ("av 134")
    furniture: list[int] = field(default_factory=list)  # line numbers of footers and running headers


def _segments(raw_lines: list[str], footers: dict[int, Footer]) -> list[_Segment]:
    has_form_feeds = any("\f" in line for line in raw_lines)
    starts = [i for i, line in enumerate(raw_lines)
              if PAGE_START.match(line) and not (i and PAGE_START.match(raw_lines[i - 1]))]
    use_indent = not has_form_feeds and len(starts) >= 2
    segments = [_Segment([])]
    for i, line in enumerate(raw_lines):
        number = i + 1
        if has_form_feeds and "\f" in line:
            # Each form feed opens a page. A blank part is no line of its own: the `\fNext page` of
            # Tesseract and pdftotext puts the line on the new page only (a line split with text on both
            # sides stands on both pages under its one number; the warehouse joins it again).
            parts = line.split("\f")
            blank = not any(part.strip() for part in parts)
            for k, part in enumerate(parts):
                if k:
                    segments.append(_Segment([]))
                if part.strip() or blank and k == len(parts) - 1:
                    segments[-1].lines.append(Line(number, part))
            continue
        if use_indent and PAGE_START.match(line) and i in starts and segments[-1].lines:
            segments.append(_Segment([]))
        segments[-1].lines.append(Line(number, line))
        if i in footers:
            segments[-1].anchor, segments[-1].total = footers[i].page, footers[i].total
            segments[-1].furniture.append(number)
            segments.append(_Segment([]))
    return segments


def _edges(segment: _Segment) -> list[Line]:
    """The first and last lines with text of a segment, its footer left out: where furniture sits."""
    content = [line for line in segment.lines if line.raw.strip() and line.number not in segment.furniture]
    return content[:1] + content[-1:] if len(content) > 1 else content


def running_headers(segments: list[_Segment], settings: IngestSettings = IngestSettings()) -> list[str]:
    """Text that opens or closes a good share of the pages (as OCR read it each time)."""
    clusters: list[tuple[str, set[int]]] = []  # representative text, segments it stands at the edge of
    for k, segment in enumerate(segments):
        for line in _edges(segment):
            text = line.raw.strip()
            if (not 2 <= len(text.split()) <= FURNITURE_MAX_WORDS or not re.search(r"[^\W\d_]{2}", text)
                    or text.endswith((".", ",", ":", "!", "?"))):
                continue  # a title of a few words, not a lone word or a sentence
            for representative, seen in clusters:
                if fuzz.ratio(representative, text) >= settings.furniture_similarity:
                    seen.add(k)
                    break
            else:
                clusters.append((text, {k}))
    needed = max(3, settings.running_header_share * len(segments))
    return [text for text, seen in clusters if len(seen) >= needed]


def _split_at_running_headers(segments: list[_Segment], headers: list[str], similarity: float) -> list[_Segment]:
    """Every line that is a running header is furniture, and starts a page where none started."""
    if not headers:
        return segments
    out: list[_Segment] = []
    for segment in segments:
        current = _Segment([], furniture=[])
        for line in segment.lines:
            text = line.raw.strip()
            if (text and len(text.split()) <= FURNITURE_MAX_WORDS and line.number not in segment.furniture
                    and any(fuzz.ratio(h, text) >= similarity for h in headers)):
                if any(x.raw.strip() for x in current.lines):
                    out.append(current)
                    current = _Segment([], furniture=[])
                current.furniture.append(line.number)
            current.lines.append(line)
        current.anchor, current.total = segment.anchor, segment.total
        current.furniture += segment.furniture
        out.append(current)
    return out


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


def pages_from_text(text: str, settings: IngestSettings = IngestSettings()) -> tuple[list[Page], int]:
    """Split decoded text into pages; returns the pages that hold text and the report's page count."""
    raw_lines = split_lines(text)
    # blank and picture pages leave no text behind, so a blank segment is no page
    segments = [s for s in _segments(raw_lines, find_footers(raw_lines, settings))
                if any(line.raw.strip() for line in s.lines)]
    segments = _split_at_running_headers(segments, running_headers(segments, settings), settings.furniture_similarity)
    numbers = number_pages(segments)
    pages: list[Page] = []
    for number, segment in zip(numbers, segments):
        if pages and pages[-1].number == number:
            pages[-1] = Page(number=number, lines=pages[-1].lines + tuple(segment.lines),
                             furniture=pages[-1].furniture + tuple(segment.furniture))
        else:
            pages.append(Page(number=number, lines=tuple(segment.lines), furniture=tuple(segment.furniture)))
    totals = Counter(s.total for s in segments if s.total)
    n_pages = totals.most_common(1)[0][0] if totals else 0
    n_pages = max([n_pages, *numbers]) if numbers else n_pages
    return pages, n_pages
