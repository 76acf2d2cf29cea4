"""PDF reports with pdfplumber: words with positions, ruled-table grids and text lines per page.

Pages without a text layer are rendered and OCR'd (pipeline.ingest.ocr), so every page reaches
the later stages as the same geometry: words, and lines built from the words.
"""
from __future__ import annotations

from pathlib import Path
from statistics import median

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils import cluster_objects
from pdfplumber.utils.exceptions import PdfminerException

from pipeline.ingest.ocr import OcrError, ocr_pages
from pipeline.models import Grid, Line, Page, Word


class PdfError(ValueError):
    """A PDF that cannot be read: encrypted, corrupt or truncated."""


def pages_from_pdf(path: Path, ocr_jobs: int = 1) -> tuple[list[Page], int]:
    """Pages with words, grids and lines numbered through the whole document; returns pages and page count.

    Pages without a text layer are OCR'd in `ocr_jobs` processes.
    """
    try:
        with pdfplumber.open(path) as pdf:
            pages = [_read_page(number, pdf_page) for number, pdf_page in enumerate(pdf.pages, start=1)]
    except Exception as exc:  # pdfminer raises many types for damaged files
        raise _reading_error(exc) from exc
    if not pages:
        raise PdfError("PDF has no pages")
    scanned = [page.number for page in pages if page.needs_ocr]
    if scanned:
        try:
            for number, words in ocr_pages(path, scanned, ocr_jobs).items():
                pages[number - 1].words = words
        except OcrError as exc:
            raise PdfError(str(exc)) from exc
    line_no = 0
    for page in pages:
        page.lines = lines_from_words(page.words, line_no)
        line_no += len(page.lines)
    return pages, len(pages)


def _reading_error(exc: Exception) -> PdfError:
    if isinstance(exc, PdfminerException) and exc.args and isinstance(exc.args[0], Exception):
        exc = exc.args[0]  # pdfplumber wraps pdfminer's own error
    if isinstance(exc, (PDFEncryptionError, PDFPasswordIncorrect)) or "encrypt" in type(exc).__name__.lower():
        return PdfError("encrypted PDF (password protected)")
    if isinstance(exc, PDFSyntaxError):
        return PdfError(f"corrupt or truncated PDF ({exc})")
    return PdfError(f"corrupt or truncated PDF ({type(exc).__name__}: {exc})")


def _read_page(number: int, pdf_page) -> Page:
    words = [Word(w["text"], w["x0"], w["top"], w["x1"], w["bottom"]) for w in pdf_page.extract_words()]
    if not words:
        return Page(number=number, needs_ocr=True)
    grids = [Grid(rows=table.extract(), cell_bboxes=[list(row.cells) for row in table.rows], bbox=table.bbox)
             for table in pdf_page.find_tables()]
    return Page(number=number, words=words, grids=grids)


def word_rows(words: list[Word]) -> list[list[Word]]:
    """Words grouped into rows by their vertical middle, top to bottom, each row left to right."""
    if not words:
        return []
    tolerance = median(w.bottom - w.top for w in words) / 2  # OCR boxes wobble by up to half a word height
    rows = cluster_objects(words, lambda w: (w.top + w.bottom) / 2, tolerance)
    return [sorted(row, key=lambda w: w.x0) for row in rows]


def lines_from_words(words: list[Word], last_line_no: int) -> list[Line]:
    """One Line per row of words, numbered on from `last_line_no`; each word learns its line number."""
    lines = []
    for number, row in enumerate(word_rows(words), start=last_line_no + 1):
        for word in row:
            word.line_no = number
        lines.append(Line(number, " ".join(w.text for w in row)))
    return lines
