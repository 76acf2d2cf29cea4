"""PDF reports: words with positions, rulings and text lines per page.

The text layer is read with pdfium (pypdfium2), five to six times faster than pdfminer: each
character's box and direction, and the straight segments of the page's paths. Characters become
words by pdfplumber's word rules (`extract_words`), segments become Ruling records as pdfplumber's
edges would. Pages without a text layer are rendered and OCR'd (pipeline.ingest.ocr), so every page
reaches the later stages as the same geometry: words, rulings, and lines built from the words. A page
that cannot be OCR'd becomes an issue; the document's other pages go on.
"""
from __future__ import annotations

import ctypes
import math
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from statistics import median

import pypdfium2
import pypdfium2.raw as pdfium
from pdfplumber.utils import extract_words

from pipeline import codes
from pipeline.errors import InputError
from pipeline.models import Line, Page, Ruling, Word
from pipeline.settings import IngestSettings
from pipeline.stages import STRICT

MIN_RULING = 3.0  # points: shorter edges are glyph strokes, not table rulings (pdfplumber's edge_min_length)
# OCR of a document's scanned pages: page number -> words, or the exception that page raised
OcrPages = Callable[[Path, list[int], IngestSettings], dict[int, list[Word] | Exception]]
AXIS = 0.5  # points: a segment whose ends differ less than this across is horizontal or vertical
_SPACES = {0x20, 0xA0, 0x0A, 0x0D, 0xFFFE}  # characters that separate words
_LINE_END_HYPHEN = 0x02  # how pdfium reports a hyphen it takes for a line-end break: printed "-"


def pages_from_pdf(path: Path, given: str, settings: IngestSettings,
                   ocr: OcrPages | None = None) -> tuple[list[Page], int]:
    """Pages with words, rulings and lines numbered through the whole document, and the page count;
    a page that could not be OCR'd keeps its error. `ocr` reads the scanned pages (default: local
    processes, `ocr_pages`; a cluster run passes one that makes each page a task)."""
    pages = text_layer_pages(path, given, settings.max_pdf_pages)
    scanned = [page.number for page in pages if page.needs_ocr]
    if scanned:
        from pipeline.ingest.ocr import check_tesseract, ocr_pages  # image code only where pages need it

        check_tesseract(given, settings.ocr_language)
        pages = with_ocr(pages, (ocr or ocr_pages)(path, scanned, settings))
    return number_lines(pages), len(pages)


def text_layer_pages(path: Path, given: str, max_pages: int | None = None) -> list[Page]:
    """Every page with its text layer's words and rulings; pages without one are marked needs_ocr.
    A PDF of more than `max_pages` pages is refused before any page is read."""
    try:
        pdf = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as exc:
        raise _reading_error(exc, given) from exc
    if max_pages is not None and (count := len(pdf)) > max_pages:
        pdf.close()
        raise InputError(codes.PDF_TOO_MANY_PAGES, given, pages=count, limit=max_pages)
    try:
        pages = [_read_page(number, pdf[number - 1]) for number in range(1, len(pdf) + 1)]
    except Exception as exc:  # a damaged page the document opened with
        raise _reading_error(exc, given) from exc
    finally:
        pdf.close()
    if not pages:
        raise InputError(codes.PDF_NO_PAGES, given)
    return pages


def with_ocr(pages: list[Page], found: dict[int, list[Word] | Exception]) -> list[Page]:
    """The pages with their OCR words (page number -> words, or the exception that page raised);
    words that came with the image's rulings and rotation (ocr.OcrWords) bring those too."""
    pages = list(pages)
    for number, words in found.items():
        page = pages[number - 1]
        if isinstance(words, Exception):
            if STRICT.get():
                raise words
            pages[number - 1] = replace(page, error=f"{type(words).__name__}: {words}"[:300])
            continue
        rotation = getattr(words, "rotation", 0)
        width, height = (page.height, page.width) if rotation in (90, 270) else (page.width, page.height)
        pages[number - 1] = replace(page, words=tuple(words), rulings=getattr(words, "rulings", ()),
                                    rotation=rotation, width=width, height=height)
    return pages


def number_lines(pages: list[Page]) -> list[Page]:
    """Lines built from each page's words, numbered through the whole document."""
    numbered, line_no = [], 0
    for page in pages:
        words, lines = lines_from_words(page.words, line_no)
        numbered.append(replace(page, words=words, lines=lines))
        line_no += len(lines)
    return numbered


def _reading_error(exc: Exception, given: str) -> InputError:
    if getattr(exc, "err_code", None) == pdfium.FPDF_ERR_PASSWORD:
        return InputError(codes.PDF_ENCRYPTED, given)
    detail = str(exc) if isinstance(exc, pypdfium2.PdfiumError) else f"{type(exc).__name__}: {exc}"
    return InputError(codes.PDF_CORRUPT, given, detail=detail.splitlines()[0][:200] if detail else "")


def _read_page(number: int, pdf_page) -> Page:
    left, bottom, right, top = pdf_page.get_mediabox()
    width, height = right - left, top - bottom
    chars = _chars(pdf_page, left, top)
    rotation = _sideways(chars)
    if rotation:  # read the page turned upright: its characters, and so its words, rulings and size
        chars = [_turned_char(c, rotation, width, height) for c in chars]
    words = tuple(Word(w["text"], w["x0"], w["top"], w["x1"], w["bottom"]) for w in extract_words(chars))
    if not words:
        return Page(number=number, needs_ocr=True, width=width, height=height)
    rulings = tuple(turned(ruling, rotation, width, height) for ruling in _rulings(pdf_page, left, top))
    if rotation in (90, 270):
        width, height = height, width
    return Page(number=number, words=words, rulings=rulings, width=width, height=height, rotation=rotation)


def _chars(pdf_page, left: float, top: float) -> list[dict]:
    """The page's characters as pdfplumber's word rules take them: text, box from the top-left
    corner (the font's box, not the ink's), and whether they stand upright; spaces separate words."""
    text_page = pdf_page.get_textpage()
    raw, box, chars = text_page.raw, pdfium.FS_RECTF(), []
    try:
        for i in range(pdfium.FPDFText_CountChars(raw)):
            if pdfium.FPDFText_IsGenerated(raw, i) == 1:  # pdfium's guess of a space, wrong on turned text
                continue
            code = pdfium.FPDFText_GetUnicode(raw, i)
            code = ord("-") if code == _LINE_END_HYPHEN else code
            pdfium.FPDFText_GetLooseCharBox(raw, i, box)
            blank = code in _SPACES
            angle = pdfium.FPDFText_GetCharAngle(raw, i) % (2 * math.pi)
            chars.append({"text": " " if blank else chr(code), "x0": box.left - left, "x1": box.right - left,
                          "top": top - box.top, "bottom": top - box.bottom, "doctop": top - box.top,
                          "upright": min(angle, 2 * math.pi - angle) < 0.1, "angle": angle})
    finally:
        text_page.close()
    return chars


def _rulings(pdf_page, left: float, top: float) -> list[Ruling]:
    """Horizontal and vertical straight segments of the page's paths (forms included), at least
    MIN_RULING long: table rulings, and the edges of filled rectangles (shaded bands)."""
    found: list[Ruling] = []
    x, y = ctypes.c_float(), ctypes.c_float()

    def walk(obj, outer: tuple[float, ...]) -> None:
        kind = pdfium.FPDFPageObj_GetType(obj)
        if kind not in (pdfium.FPDF_PAGEOBJ_PATH, pdfium.FPDF_PAGEOBJ_FORM):
            return
        matrix = pdfium.FS_MATRIX()
        pdfium.FPDFPageObj_GetMatrix(obj, matrix)
        m = _product((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
        if kind == pdfium.FPDF_PAGEOBJ_FORM:
            for k in range(pdfium.FPDFFormObj_CountObjects(obj)):
                walk(pdfium.FPDFFormObj_GetObject(obj, k), m)
            return
        start = previous = None
        for k in range(pdfium.FPDFPath_CountSegments(obj)):
            segment = pdfium.FPDFPath_GetPathSegment(obj, k)
            pdfium.FPDFPathSegment_GetPoint(segment, x, y)
            point = (m[0] * x.value + m[2] * y.value + m[4], m[1] * x.value + m[3] * y.value + m[5])
            kind = pdfium.FPDFPathSegment_GetType(segment)
            if kind == pdfium.FPDF_SEGMENT_MOVETO:
                start = previous = point
                continue
            if kind == pdfium.FPDF_SEGMENT_LINETO and previous is not None:
                _edge(found, previous, point, left, top)
            previous = point
            if pdfium.FPDFPathSegment_GetClose(segment) and start is not None:
                _edge(found, previous, start, left, top)
                previous = start

    for k in range(pdfium.FPDFPage_CountObjects(pdf_page.raw)):
        walk(pdfium.FPDFPage_GetObject(pdf_page.raw, k), (1, 0, 0, 1, 0, 0))
    return found


def _product(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """The affine matrix m then n, in PDF's (a, b, c, d, e, f) form."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _edge(found: list[Ruling], a: tuple[float, float], b: tuple[float, float], left: float, top: float) -> None:
    (x0, y0), (x1, y1) = a, b
    if (abs(y0 - y1) < AXIS or abs(x0 - x1) < AXIS) and max(abs(x1 - x0), abs(y1 - y0)) >= MIN_RULING:
        found.append(Ruling(min(x0, x1) - left, top - max(y0, y1), max(x0, x1) - left, top - min(y0, y1)))


def _sideways(chars: list[dict]) -> int:
    """Degrees clockwise to turn the page so most of its characters stand upright: 90 when they run
    bottom to top, 270 when top to bottom, else 0."""
    sideways = [c for c in chars if not c["upright"] and c["text"] != " "]
    if 2 * len(sideways) <= sum(c["text"] != " " for c in chars):
        return 0
    # pdfium measures a character's angle clockwise: bottom-to-top text stands at 270 degrees
    rising = sum(abs(c["angle"] - 1.5 * math.pi) < math.pi / 4 for c in sideways)
    return 90 if 2 * rising >= len(sideways) else 270


def turned(box: Ruling, rotation: int, width: float, height: float) -> Ruling:
    """A box in the coordinates of the page turned clockwise by `rotation` degrees (0, 90, 270)."""
    x0, top, x1, bottom = box.x0, box.top, box.x1, box.bottom
    if rotation == 90:
        return Ruling(height - bottom, x0, height - top, x1)
    if rotation == 270:
        return Ruling(top, width - x1, bottom, width - x0)
    return box


def _turned_char(char: dict, rotation: int, width: float, height: float) -> dict:
    box = turned(Ruling(char["x0"], char["top"], char["x1"], char["bottom"]), rotation, width, height)
    return {**char, "x0": box.x0, "top": box.top, "x1": box.x1, "bottom": box.bottom, "doctop": box.top,
            "upright": True}


def word_rows(words: tuple[Word, ...]) -> list[list[Word]]:
    """Words grouped into rows, top to bottom, each row left to right.

    A word joins the row whose band (its words' median top to median bottom) it overlaps most, by at
    least half of the smaller height, and only if it overlaps none of the row's words sideways. So
    OCR boxes that wobble stay on their line, and a line of values set between two label lines (3 to
    6 points apart) is a line of its own instead of chaining the three into one.
    """
    rows: list[list[Word]] = []
    bands: list[tuple[float, float]] = []
    for word in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        best, best_overlap = None, 0.0
        for k in range(len(rows) - 1, max(-1, len(rows) - 4), -1):  # rows near the word's height
            top, bottom = bands[k]
            overlap = min(bottom, word.bottom) - max(top, word.top)
            if overlap >= 0.5 * min(bottom - top, word.bottom - word.top) and overlap > best_overlap and \
                    not any(w.x0 < word.x1 and word.x0 < w.x1 for w in rows[k]):
                best, best_overlap = k, overlap
        if best is None:
            rows.append([word])
            bands.append((word.top, word.bottom))
        else:
            rows[best].append(word)
            bands[best] = (median(w.top for w in rows[best]), median(w.bottom for w in rows[best]))
    return [sorted(row, key=lambda w: w.x0) for row in sorted(rows, key=lambda r: median(w.top for w in r))]


def lines_from_words(words: tuple[Word, ...], last_line_no: int) -> tuple[tuple[Word, ...], tuple[Line, ...]]:
    """One Line per row of words, numbered on from `last_line_no`, and the words with their line numbers."""
    placed: list[Word] = []
    lines = []
    for number, row in enumerate(word_rows(words), start=last_line_no + 1):
        placed += [replace(word, line_no=number) for word in row]
        lines.append(Line(number, " ".join(w.text for w in row)))
    return tuple(placed), tuple(lines)
