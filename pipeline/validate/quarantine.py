"""Findings applied to the rows: warnings flag a kept row, errors move it to its table's quarantine."""
from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, replace

from pipeline.models import BudgetLine, Fact, IndicatorValue, KostraValue
from pipeline.validate.findings import ERROR, Finding

SUFFIX = "_quarantine"


@dataclass(frozen=True, kw_only=True)
class Held:
    """What a quarantined row carries beside its mart columns."""

    rules: tuple[str, ...] = ()  # the codes of the error-level rules it failed
    message: str = ""


@dataclass(frozen=True)
class QuarantinedBudgetLine(BudgetLine, Held):
    pass


@dataclass(frozen=True)
class QuarantinedKostraValue(KostraValue, Held):
    pass


@dataclass(frozen=True)
class QuarantinedIndicatorValue(IndicatorValue, Held):
    pass


@dataclass(frozen=True)
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
    return QUARANTINED[type(row)](**values, rules=tuple(sorted({f.issue.code for f in errors})),
                                  message="; ".join(dict.fromkeys(f.issue.message for f in errors)))


def split(rows: tuple, findings: list[Finding]) -> tuple[tuple, tuple]:
    """(kept rows with their warning flags, quarantined copies of the rows that failed an error rule)."""
    by_row: dict[int, list[Finding]] = defaultdict(list)
    for finding in findings:
        for row in finding.rows:
            by_row[id(row)].append(finding)
    kept, quarantined = [], []
    for row in rows:
        found = by_row.get(id(row), [])
        errors = [f for f in found if f.issue.severity == ERROR]
        if errors:
            quarantined.append(held(row, errors))
        else:
            kept.append(replace(row, flags=tuple(sorted({f.issue.code for f in found}))))
    return tuple(kept), tuple(quarantined)
