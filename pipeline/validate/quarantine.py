"""Findings applied to the rows: warnings flag a kept row, errors move it to its table's quarantine."""
from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field

from pipeline.models import BudgetLine, Fact, IndicatorValue, KostraValue
from pipeline.validate.findings import ERROR, Finding

SUFFIX = "_quarantine"


@dataclass(kw_only=True)
class Held:
    """What a quarantined row carries beside its mart columns."""

    rules: list[str] = field(default_factory=list)  # the error-level rules it failed
    message: str = ""


@dataclass
class QuarantinedBudgetLine(BudgetLine, Held):
    pass


@dataclass
class QuarantinedKostraValue(KostraValue, Held):
    pass


@dataclass
class QuarantinedIndicatorValue(IndicatorValue, Held):
    pass


@dataclass
class QuarantinedFact(Fact, Held):
    pass


QUARANTINED = {BudgetLine: QuarantinedBudgetLine, KostraValue: QuarantinedKostraValue,
               IndicatorValue: QuarantinedIndicatorValue, Fact: QuarantinedFact}


def held(row, errors: list[Finding]):
    """A quarantine copy of the row; values of the wrong type are left out, their messages keep them."""
    values = {f.name: getattr(row, f.name) for f in dataclasses.fields(row)}
    for finding in errors:
        if finding.unstorable and finding.issue.field_name in values:
            values[finding.issue.field_name] = None
    return QUARANTINED[type(row)](**values, rules=sorted({f.issue.rule for f in errors}),
                                  message="; ".join(dict.fromkeys(f.issue.message for f in errors)))


def split(rows: list, findings: list[Finding]) -> tuple[list, list]:
    """(kept rows with their warning flags, quarantined copies of the rows that failed an error rule)."""
    by_row: dict[int, list[Finding]] = defaultdict(list)
    for finding in findings:
        for row in finding.rows:
            by_row[id(row)].append(finding)
    kept, quarantined = [], []
    for row in rows:
        found = by_row.get(id(row), [])
        row.flags = sorted({f.issue.rule for f in found if f.issue.severity != ERROR})
        errors = [f for f in found if f.issue.severity == ERROR]
        if errors:
            quarantined.append(held(row, errors))
        else:
            kept.append(row)
    return kept, quarantined
