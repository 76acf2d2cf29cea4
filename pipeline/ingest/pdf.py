"""PDF reports with pdfplumber: the text layer per page; pages without one are marked for OCR."""
from __future__ import annotations

from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError

from pipeline.models import Line, Page


class PdfError(ValueError):
    """A PDF that cannot be read: encrypted, corrupt or truncated."""


def pages_from_pdf(path: Path) -> tuple[list[Page], int]:
    """Text per page, lines numbered through the whole document; returns pages and page count."""
    pages: list[Page] = []
    line_no = 0
    try:
        with pdfplumber.open(path) as pdf:
            n_pages = len(pdf.pages)
            for index, pdf_page in enumerate(pdf.pages, start=1):
                text = pdf_page.extract_text() or ""
                lines = []
                for raw in text.split("\n"):
                    line_no += 1
                    lines.append(Line(line_no, raw))
                pages.append(Page(number=index, lines=lines if text.strip() else [], needs_ocr=not text.strip()))
    except (PDFEncryptionError, PDFPasswordIncorrect) as exc:
        raise PdfError("encrypted PDF (password protected)") from exc
    except PDFSyntaxError as exc:
        raise PdfError(f"corrupt or truncated PDF ({exc})") from exc
    except Exception as exc:  # pdfminer raises many types for damaged files
        if "encrypt" in type(exc).__name__.lower() or "password" in str(exc).lower():
            raise PdfError("encrypted PDF (password protected)") from exc
        raise PdfError(f"corrupt or truncated PDF ({type(exc).__name__}: {exc})") from exc
    if n_pages == 0:
        raise PdfError("PDF has no pages")
    return pages, n_pages
