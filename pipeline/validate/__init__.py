"""Row schemas and cross-row checks; failed checks become Issue records."""
from __future__ import annotations

from pipeline.models import DocumentResult


def validate(result: DocumentResult) -> None:
    """Check every row of the result; add Issues and move error-level mart rows to quarantine."""
