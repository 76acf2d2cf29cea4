"""Document metadata detected from the content: municipality, report year and document kind."""
from __future__ import annotations

from pipeline.models import Document


def detect_metadata(doc: Document) -> None:
    """Fill municipality, report_year and kind from the (restored) text of the document."""
