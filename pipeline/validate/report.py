"""What validation found in a warehouse: issue counts per document and rule, and the issues themselves."""
from __future__ import annotations

import duckdb

from pipeline.validate.findings import SEVERITIES

SUMMARY = """
SELECT d.source_path AS document, i.severity, i.rule, i.table_name, count(*) AS issues
FROM validation_issues i LEFT JOIN documents d USING (doc_id)
GROUP BY ALL ORDER BY document, i.severity, i.rule, i.table_name
"""

ISSUES = """
SELECT d.source_path AS document, i.severity, i.rule, i.table_name, i.table_id, i.row_idx, i.col_idx,
       {field_name} AS field_name, i.message, i.raw
FROM validation_issues i LEFT JOIN documents d USING (doc_id)
ORDER BY document, i.table_id, i.row_idx, i.col_idx, i.rule
"""


def issue_summary(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[tuple]]:
    cursor = con.execute(SUMMARY)
    return [d[0] for d in cursor.description], cursor.fetchall()


def issue_rows(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[tuple]]:
    """Every issue; a warehouse made before field_name existed shows it empty."""
    columns = {c[0] for c in con.execute("DESCRIBE validation_issues").fetchall()}
    cursor = con.execute(ISSUES.format(field_name="i.field_name" if "field_name" in columns else "NULL"))
    return [d[0] for d in cursor.description], cursor.fetchall()


def quarantined_rows(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows held in each quarantine table."""
    names = [n for (n,) in con.execute("SELECT table_name FROM information_schema.tables "
                                       "WHERE table_name LIKE '%\\_quarantine' ESCAPE '\\' ORDER BY 1").fetchall()]
    return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def fails(severities: list[str], fail_on: str) -> bool:
    """Whether any issue is at or above the fail_on severity ('never' never fails)."""
    if fail_on not in SEVERITIES:
        return False
    threshold = SEVERITIES.index(fail_on)
    return any(SEVERITIES.index(s) >= threshold for s in severities if s in SEVERITIES)
