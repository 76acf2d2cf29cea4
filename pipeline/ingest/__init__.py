"""Ingestion: any supported input file -> a Document of numbered pages and lines.

The PDF stack (pdfplumber, pdfium, Tesseract) is imported only when a PDF is read, so reading
text costs none of its start-up.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import codes
from pipeline.errors import InputError
from pipeline.models import Document
from pipeline.settings import IngestSettings

if TYPE_CHECKING:
    from pipeline.ingest.pdf import OcrPages

SUFFIXES = {".txt": "txt", ".pdf": "pdf", ".html": "html", ".htm": "html", ".md": "md"}


def check_input(path: str | Path, settings: IngestSettings = IngestSettings()) -> tuple[Path, str]:
    """The file and its format, or an InputError: missing, unsupported, empty or too much text."""
    given = str(path)
    path = Path(path)
    if not path.is_file():
        raise InputError(codes.INPUT_MISSING, given)
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InputError(codes.INPUT_UNSUPPORTED, given, suffix=path.suffix or "(none)",
                         suffixes=", ".join(sorted(SUFFIXES)))
    size = path.stat().st_size
    if size == 0:
        raise InputError(codes.INPUT_EMPTY, given)
    if fmt != "pdf" and size > settings.max_text_megabytes * 1e6:  # a scan's size says little of its text
        raise InputError(codes.INPUT_TOO_LARGE, given, size_mb=size / 1e6, limit_mb=settings.max_text_megabytes)
    return path, fmt


def document_id(path: Path) -> str:
    """The sha256 of the file's bytes: the same report under another name is the same document."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_document(path: str | Path, settings: IngestSettings = IngestSettings(),
                  ocr: OcrPages | None = None) -> Document:
    """Read one report; raises InputError with a coded one-line reason for anything unreadable.
    A page that cannot be read (its OCR failed) keeps its error and the other pages go on.
    `ocr` reads a PDF's scanned pages (see pages_from_pdf)."""
    given = str(path)
    path, fmt = check_input(path, settings)
    if fmt == "pdf":
        from pipeline.ingest.pdf import pages_from_pdf

        doc_id = document_id(path)
        pages, n_pages = pages_from_pdf(path, given, settings, ocr)
    else:
        from pipeline.ingest.article import html_to_text, markdown_to_text
        from pipeline.ingest.text import decode, pages_from_text

        data = path.read_bytes()  # at most ingest.max_text_megabytes: hashed and decoded from one read
        doc_id = hashlib.sha256(data).hexdigest()
        text = decode(data, given)
        if fmt == "html":
            text = html_to_text(text)
        elif fmt == "md":
            text = markdown_to_text(text)
        pages, n_pages = pages_from_text(text, settings)
    if not any(line.raw.strip() for page in pages for line in page.lines) and not any(p.error for p in pages):
        raise InputError(codes.INPUT_NO_TEXT, given)
    return Document(doc_id=doc_id, source_path=given, source_format=fmt, n_pages=n_pages, pages=tuple(pages))
