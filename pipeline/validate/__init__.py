"""Row schemas and cross-row checks; failed checks become coded Issue records.

Rows that fail an error-level rule move to quarantine tables beside the marts (budget_lines ->
budget_lines_quarantine, facts -> facts_quarantine); warnings keep the row and list the rule in its
`flags`. Nothing is dropped: `validate` returns new records and leaves its inputs as they were.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pipeline.models import Fact, Issue
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


@dataclass(frozen=True)
class Validated:
    marts: dict[str, tuple]  # each mart's kept rows, and its quarantine (<mart>_quarantine, facts_quarantine)
    facts: tuple[Fact, ...]  # the facts that passed (with their warning flags)
    issues: tuple[Issue, ...]


def check(table_name: str, rows: tuple) -> list[Finding]:
    """Every finding about one warehouse table's rows of one document."""
    findings = check_rows(table_name, rows)
    if table_name in POSITION:
        duplicates = check_positions(table_name, rows)
        findings += duplicates
        # a second record at a position is an extraction fault, not part of the table's arithmetic
        repeated = {id(row) for f in duplicates for row in f.rows}
        rows = tuple(row for row in rows if id(row) not in repeated)
    if table_name in CROSS_ROW:
        findings += CROSS_ROW[table_name](rows)
    if table_name in MEANING:
        findings += check_conflicts(table_name, rows)
    return findings


def validate(marts: Mapping[str, tuple], facts: tuple[Fact, ...]) -> Validated:
    """Check every mart row and fact; warnings flag the rows, error-level rows go to quarantine."""
    checked = {name: tuple(marts.get(name, ())) for name in schema_tables() if name != "facts"}
    checked["facts"] = tuple(facts)
    kept_marts: dict[str, tuple] = {}
    issues: list[Issue] = []
    kept_facts: tuple[Fact, ...] = ()
    for table_name, rows in checked.items():
        findings = check(table_name, rows)
        issues += [f.issue for f in findings]
        kept, quarantined = split(rows, findings)
        if table_name == "facts":
            kept_facts = kept
        else:
            kept_marts[table_name] = kept
        kept_marts[table_name + SUFFIX] = quarantined
    return Validated(kept_marts, kept_facts, tuple(issues))


def unchecked(marts: Mapping[str, tuple], facts: tuple[Fact, ...]) -> Validated:
    """The rows as they are, for a document whose validation failed: loaded, with the failure as an issue."""
    return Validated(dict(marts), tuple(facts), ())
