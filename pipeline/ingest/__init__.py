"""Ingestion: any supported input file -> a Document of numbered pages and lines."""
from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.errors import InputError
from pipeline.ingest.article import html_to_text, markdown_to_text
from pipeline.ingest.pdf import PdfError, pages_from_pdf
from pipeline.ingest.text import DecodeError, decode, pages_from_text
from pipeline.models import Document

SUFFIXES = {".txt": "txt", ".pdf": "pdf", ".html": "html", ".htm": "html", ".md": "md"}


def read_document(path: str | Path, ocr_jobs: int = 1) -> Document:
    """Read one report; raises InputError with a one-line reason for anything unreadable."""
    path_str = str(path)
    path = Path(path)
    if not path.exists():
        raise InputError(path_str, "no such file")
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InputError(path_str, f"unsupported file type {path.suffix or '(none)'}; expected one of "
                                   f"{', '.join(sorted(SUFFIXES))}")
    data = path.read_bytes()
    if not data:
        raise InputError(path_str, "empty file")
    doc_id = hashlib.sha256(data).hexdigest()
    try:
        if fmt == "pdf":
            pages, n_pages = pages_from_pdf(path, ocr_jobs)
        else:
            text = decode(data)
            if fmt == "html":
                text = html_to_text(text)
            elif fmt == "md":
                text = markdown_to_text(text)
            pages, n_pages = pages_from_text(text)
    except (DecodeError, PdfError) as exc:
        raise InputError(path_str, str(exc)) from exc
    if not any(line.raw.strip() for page in pages for line in page.lines) and not any(p.needs_ocr for p in pages):
        raise InputError(path_str, "no text in file")
    return Document(doc_id=doc_id, source_path=path_str, source_format=fmt, n_pages=n_pages, pages=pages)
