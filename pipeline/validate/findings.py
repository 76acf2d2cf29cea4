"""A failed check together with the rows it condemns (error) or flags (warning)."""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.codes import Code, Severity
from pipeline.models import Fact, Issue, Stage

ERROR = Severity.ERROR
SEVERITIES = (Severity.INFO, Severity.WARNING, Severity.ERROR)  # in rising order


@dataclass(frozen=True)
class Finding:
    issue: Issue
    rows: tuple = ()  # the mart or fact records the issue is about; empty for table-level issues
    unstorable: bool = False  # the field's value has the wrong type and cannot go into a warehouse column


def raw_text(row) -> str:
    """The text a record was read from."""
    return row.raw_value if isinstance(row, Fact) else row.raw


def row_finding(table_name: str, row, code: Code, message: str, field_name: str | None = None,
                unstorable: bool = False, severity: str | None = None) -> Finding:
    issue = Issue(code=code.name, severity=severity or code.severity, message=message, stage=Stage.VALIDATE,
                  page_no=getattr(row, "page_no", None), table_name=table_name,
                  table_id=getattr(row, "table_id", None), row_idx=getattr(row, "row_idx", None),
                  col_idx=getattr(row, "col_idx", None), raw=raw_text(row), field_name=field_name)
    return Finding(issue, (row,), unstorable)


def rows_finding(table_name: str, rows: list, code: Code, message: str) -> Finding:
    """One issue about several rows of one table row or table (e.g. a KOSTRA row missing a region)."""
    first = rows[0]
    same_row = len({getattr(r, "row_idx", None) for r in rows}) == 1
    issue = Issue(code=code.name, severity=code.severity, message=message, stage=Stage.VALIDATE,
                  page_no=getattr(first, "page_no", None), table_name=table_name,
                  table_id=getattr(first, "table_id", None),
                  row_idx=getattr(first, "row_idx", None) if same_row else None,
                  raw=" | ".join(raw_text(r) for r in rows))
    return Finding(issue, tuple(rows))
