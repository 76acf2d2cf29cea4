"""PDF reports with pdfplumber: words with positions, rulings and text lines per page.

Pages without a text layer are rendered and OCR'd (pipeline.ingest.ocr), so every page reaches
the later stages as the same geometry: words, rulings, and lines built from the words. A page that
cannot be OCR'd becomes an issue; the document's other pages go on.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from statistics import median

import pdfplumber
from pdfplumber.utils import extract_words
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from pipeline import codes
from pipeline.errors import InputError
from pipeline.ingest.ocr import check_tesseract, ocr_pages
from pipeline.models import Line, Page, Ruling, Word
from pipeline.settings import IngestSettings
from pipeline.stages import STRICT

MIN_RULING = 3.0  # points: shorter edges are glyph strokes, not table rulings (pdfplumber's edge_min_length)


def pages_from_pdf(path: Path, given: str, settings: IngestSettings) -> tuple[list[Page], int]:
    """Pages with words, rulings and lines numbered through the whole document, and the page count;
    a page that could not be OCR'd keeps its error."""
    pages = text_layer_pages(path, given)
    scanned = [page.number for page in pages if page.needs_ocr]
    if scanned:
        check_tesseract(given, settings.ocr_language)
        pages = with_ocr(pages, ocr_pages(path, scanned, settings))
    return number_lines(pages), len(pages)


def text_layer_pages(path: Path, given: str) -> list[Page]:
    """Every page with its text layer's words and rulings; pages without one are marked needs_ocr."""
    try:
        with pdfplumber.open(path) as pdf:
            pages = [_read_page(number, pdf_page) for number, pdf_page in enumerate(pdf.pages, start=1)]
    except Exception as exc:  # pdfminer raises many types for damaged files
        raise _reading_error(exc, given) from exc
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
    if isinstance(exc, PdfminerException) and exc.args and isinstance(exc.args[0], Exception):
        exc = exc.args[0]  # pdfplumber wraps pdfminer's own error
    if isinstance(exc, (PDFEncryptionError, PDFPasswordIncorrect)) or "encrypt" in type(exc).__name__.lower():
        return InputError(codes.PDF_ENCRYPTED, given)
    detail = str(exc) if isinstance(exc, PDFSyntaxError) else f"{type(exc).__name__}: {exc}"
    return InputError(codes.PDF_CORRUPT, given, detail=detail.splitlines()[0][:200] if detail else "")


def _read_page(number: int, pdf_page) -> Page:
    width, height = float(pdf_page.width), float(pdf_page.height)
    chars = pdf_page.chars
    rotation = _sideways(chars)
    if rotation:  # read the page turned upright: its characters, and so its words, rulings and size
        chars = [_turned_char(c, rotation, width, height) for c in chars]
    words = tuple(Word(w["text"], w["x0"], w["top"], w["x1"], w["bottom"]) for w in extract_words(chars))
    if not words:
        return Page(number=number, needs_ocr=True, width=width, height=height)
    rulings = tuple(turned(Ruling(e["x0"], e["top"], e["x1"], e["bottom"]), rotation, width, height)
                    for e in pdf_page.edges if max(e["x1"] - e["x0"], e["bottom"] - e["top"]) >= MIN_RULING)
    if rotation in (90, 270):
        width, height = height, width
    return Page(number=number, words=words, rulings=rulings, width=width, height=height, rotation=rotation)


def _sideways(chars: list[dict]) -> int:
    """Degrees clockwise to turn the page so most of its characters stand upright: 90 when they run
    bottom to top, 270 when top to bottom, else 0."""
    sideways = [c for c in chars if not c["upright"]]
    if 2 * len(sideways) <= len(chars):
        return 0
    rising = sum(c["matrix"][1] > 0 for c in sideways)  # the text direction's y in PDF space points up
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
