"""Duplicates: two records in one table position, or one figure stated with two different values."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from pipeline import codes
from pipeline.validate.findings import Finding, row_finding, rows_finding

# the position that identifies a mart row; a second record there is an extraction fault
POSITION: dict[str, Callable] = {
    "budget_lines": lambda r: (r.table_id, r.row_idx),
    "kostra_values": lambda r: (r.table_id, r.row_idx, r.col_idx),
    "indicator_values": lambda r: (r.table_id, r.row_idx, r.col_idx),
}

# what a figure is about; the same figure with two values is a contradiction worth a look
# (rows whose key is incomplete, e.g. a KOSTRA column without a year, are not compared)
MEANING: dict[str, tuple[Callable, Callable]] = {
    "facts": (lambda f: (f.key, f.period, f.unit), lambda f: f.value),
    "kostra_values": (lambda v: (v.indicator, v.region, v.year), lambda v: (v.value, v.value_text)),
}


def check_positions(table_name: str, rows: list) -> list[Finding]:
    seen = set()
    findings = []
    for row in rows:
        key = POSITION[table_name](row)
        if key in seen:
            findings.append(row_finding(table_name, row, codes.DUPLICATE_ROW, codes.DUPLICATE_ROW.message(position=key)))
        seen.add(key)
    return findings


def check_conflicts(table_name: str, rows: list) -> list[Finding]:
    key_of, value_of = MEANING[table_name]
    groups: dict[tuple, list] = defaultdict(list)
    for row in rows:
        if None not in (key := key_of(row)):
            groups[key].append(row)
    return [rows_finding(table_name, group, codes.CONFLICTING_DUPLICATE, codes.CONFLICTING_DUPLICATE.message(
                key=key, n=len(values), values=", ".join(str(v) for v in values)))
            for key, group in groups.items()
            if len(values := list(dict.fromkeys(value_of(r) for r in group))) > 1]
