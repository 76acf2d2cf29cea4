"""The normalize stage over a document: every line's restored text beside its raw text."""
from __future__ import annotations

from dataclasses import replace

from pipeline.models import Document
from pipeline.normalize.restore import restore_lines
from pipeline.settings import NormalizeSettings


def restore_document(doc: Document, settings: NormalizeSettings = NormalizeSettings()) -> Document:
    """A new Document whose lines carry their restored text (the raw text is kept)."""
    restored = iter(restore_lines([line.raw for _, line in doc.lines()], settings=settings))
    return replace(doc, pages=tuple(
        replace(page, lines=tuple(replace(line, text=next(restored)) for line in page.lines))
        for page in doc.pages))
