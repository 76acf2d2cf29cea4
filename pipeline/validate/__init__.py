"""Row schemas and cross-row checks; failed checks become Issue records.

Rows that fail an error-level rule move to quarantine tables beside the marts (budget_lines ->
budget_lines_quarantine, facts -> facts_quarantine); warnings keep the row and list the rule in its
`flags`. Nothing is dropped.
"""
from __future__ import annotations

from pipeline.models import DocumentResult
from pipeline.validate.budget import check_budget
from pipeline.validate.duplicates import MEANING, POSITION, check_conflicts, check_positions
from pipeline.validate.findings import Finding
from pipeline.validate.quarantine import SUFFIX, split
from pipeline.validate.schema import check_rows, schema_tables
from pipeline.validate.shape import check_indicator_years, check_kostra_regions

CROSS_ROW = {
    "budget_lines": check_budget,
    "kostra_values": check_kostra_regions,
    "indicator_values": check_indicator_years,
}


def check(table_name: str, rows: list) -> list[Finding]:
    """Every finding about one warehouse table's rows of one document."""
    findings = check_rows(table_name, rows)
    if table_name in POSITION:
        duplicates = check_positions(table_name, rows)
        findings += duplicates
        # a second record at a position is an extraction fault, not part of the table's arithmetic
        repeated = {id(row) for f in duplicates for row in f.rows}
        rows = [row for row in rows if id(row) not in repeated]
    if table_name in CROSS_ROW:
        findings += CROSS_ROW[table_name](rows)
    if table_name in MEANING:
        findings += check_conflicts(table_name, rows)
    return findings


def validate(result: DocumentResult) -> None:
    """Check every row of the result; add Issues and move error-level mart rows to quarantine."""
    checked = {name: result.marts.get(name, []) for name in schema_tables() if name != "facts"}
    checked["facts"] = result.facts
    for table_name, rows in checked.items():
        findings = check(table_name, rows)
        result.issues.extend(f.issue for f in findings)
        kept, quarantined = split(rows, findings)
        if table_name == "facts":
            result.facts = kept
        else:
            result.marts[table_name] = kept
        result.marts[table_name + SUFFIX] = quarantined
