"""The shape of value tables: every KOSTRA row has a value for each region, indicator years run in order."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from pipeline import codes
from pipeline.models import IndicatorValue, KostraValue
from pipeline.validate.findings import Finding, row_finding, rows_finding


def table_rows(values: Iterable) -> dict[str, dict[int, list]]:
    """table_id -> row_idx -> the row's values in column order."""
    tables: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for value in values:
        tables[value.table_id][value.row_idx].append(value)
    for rows in tables.values():
        for row in rows.values():
            row.sort(key=lambda v: v.col_idx)
    return tables


def check_kostra_regions(values: list[KostraValue]) -> list[Finding]:
    """A KOSTRA row compares one indicator over the table's regions; a row short of them lost values."""
    findings = []
    for rows in table_rows(values).values():
        regions = list(dict.fromkeys(v.region for row in rows.values() for v in row))
        for row in rows.values():
            present = {v.region for v in row if v.value is not None or v.value_text}
            missing = [r for r in regions if r not in present]
            if missing:
                findings.append(rows_finding("kostra_values", row, codes.KOSTRA_REGIONS, codes.KOSTRA_REGIONS.message(
                    indicator=row[0].indicator, present=len(present), regions=len(regions), missing=", ".join(missing))))
    return findings


def check_indicator_years(values: list[IndicatorValue]) -> list[Finding]:
    """Years of an indicator row rise from column to column; one that does not was misread or misplaced."""
    findings = []
    for rows in table_rows(values).values():
        for row in rows.values():
            latest = None
            for value in row:
                if value.year is None:
                    continue
                if latest is not None and value.year <= latest:
                    findings.append(row_finding("indicator_values", value, codes.INDICATOR_YEAR_ORDER,
                                                codes.INDICATOR_YEAR_ORDER.message(year=value.year, column=value.col_idx,
                                                                                   latest=latest), "year"))
                else:
                    latest = value.year
    return findings
