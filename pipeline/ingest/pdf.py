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
    """The pages with their OCR words (page number -> words, or the exception that page raised)."""
    pages = list(pages)
    for number, words in found.items():
        if isinstance(words, Exception):
            if STRICT.get():
                raise words
            pages[number - 1] = replace(pages[number - 1], error=f"{type(words).__name__}: {words}"[:300])
        else:
            pages[number - 1] = replace(pages[number - 1], words=tuple(words))
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
    words = tuple(Word(w["text"], w["x0"], w["top"], w["x1"], w["bottom"]) for w in pdf_page.extract_words())
    if not words:
        return Page(number=number, needs_ocr=True, width=float(pdf_page.width), height=float(pdf_page.height))
    rulings = tuple(Ruling(e["x0"], e["top"], e["x1"], e["bottom"]) for e in pdf_page.edges
                    if max(e["x1"] - e["x0"], e["bottom"] - e["top"]) >= MIN_RULING)
    return Page(number=number, words=words, rulings=rulings, width=float(pdf_page.width),
                height=float(pdf_page.height))


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
