"""Numeric repair with proof: a cell changes only when the table's own arithmetic proves the value.

Each rule looks for a reading of the printed digits (a lost decimal comma, a lost minus sign) that
the table confirms: budget arithmetic (Avvik i kr = Rev. bud. - Regnskap, Avvik i % = Avvik / Rev.
bud., Sum = sum of rows), the scale of the row's other cells (also for a '%' read as '9'), a scale printed in the label
("skala 1-5"), or two benchmark columns that are normally equal. A repaired cell keeps its raw text
and names its rule; an anomaly no rule can prove is flagged and left as read.
"""
from __future__ import annotations

import re
from collections import defaultdict

from pipeline.models import Cell, Table

AVVIK_KR_TOLERANCE = 2.0  # kroner (in the table's unit) of rounding between the printed columns
AVVIK_PCT_TOLERANCE = 0.1  # percentage points: the printed percentage has one decimal
SCALE_FACTOR = 3.0  # a value this many times the row's decimal values is out of scale
SUM_LABEL = re.compile(r"^(?:sum|totalt?|i alt)\b", re.IGNORECASE)
_LABEL_SCALE = re.compile(r"skala\s+(\d+)\s*[-–]\s*(\d+)", re.IGNORECASE)
_DECIMAL = re.compile(r"\d[,.]\d")


def readings(raw: str) -> list[float]:
    """Other values the printed digits may stand for: a lost decimal comma and/or a lost minus."""
    digits = re.sub(r"\D", "", raw)
    if not digits:
        return []
    values = {float(digits)}
    values |= {float(f"{digits[:k]}.{digits[k:]}") for k in range(1, len(digits))}
    return sorted(values | {-v for v in values})


def _repair(cell: Cell, value: float, rule: str) -> None:
    cell.value_num = value
    cell.repaired = True
    cell.repair_rule = rule
    cell.flag = None


def _flag(cell: Cell, flag: str) -> None:
    if not cell.repaired:
        cell.flag = flag


def _rows(table: Table) -> dict[int, dict[int, Cell]]:
    rows: dict[int, dict[int, Cell]] = defaultdict(dict)
    for cell in table.cells:
        rows[cell.row_idx][cell.col_idx] = cell
    return rows


def _column(table: Table, prefix: str) -> int | None:
    """The value-column index whose name starts with `prefix`."""
    for i, name in enumerate(table.columns[1:]):
        if name.lower().startswith(prefix):
            return i
    return None


def _prove(cell: Cell, expected: float, tolerance: float, rule: str, flag: str) -> None:
    """Keep the cell if it agrees with `expected`, else repair it to the one reading that agrees."""
    if cell.value_num is None or abs(cell.value_num - expected) <= tolerance:
        return
    matches = [v for v in readings(cell.raw) if abs(v - expected) <= tolerance]
    if matches:
        _repair(cell, min(matches, key=lambda v: abs(v - expected)), rule)
    else:
        _flag(cell, flag)


def repair_budget(table: Table) -> None:
    """Avvik i kr = Rev. bud. - Regnskap; Avvik i % = Avvik i kr / Rev. bud.; Sum = sum of the rows."""
    regnskap, revidert = _column(table, "regnskap"), _column(table, "rev")
    avvik_kr, avvik_pct = _column(table, "avvik i kr"), _column(table, "avvik i %")
    rows = _rows(table)
    for row in rows.values():
        if SUM_LABEL.match(next(iter(row.values())).row_label):
            continue
        _check_row(row, regnskap, revidert, avvik_kr, avvik_pct)
    for sum_row in (r for r in rows.values() if SUM_LABEL.match(next(iter(r.values())).row_label)):
        parts = [r for r in rows.values() if r is not sum_row]
        for col, cell in sum_row.items():
            if col == avvik_pct or any(col not in r or r[col].value_num is None for r in parts):
                continue
            total = sum(r[col].value_num for r in parts)
            _prove(cell, total, AVVIK_KR_TOLERANCE * len(parts), "sum_of_rows", "sum_mismatch")
        _check_row(sum_row, regnskap, revidert, avvik_kr, avvik_pct)


def _check_row(row: dict[int, Cell], regnskap, revidert, avvik_kr, avvik_pct) -> None:
    known = {c for c in (regnskap, revidert, avvik_kr) if c is not None and c in row and row[c].value_num is not None}
    if {regnskap, revidert, avvik_kr} <= known:
        expected = row[revidert].value_num - row[regnskap].value_num
        _prove(row[avvik_kr], expected, AVVIK_KR_TOLERANCE, "avvik_kr = rev_bud - regnskap", "avvik_kr_mismatch")
    if {revidert, avvik_kr} <= known and avvik_pct in row and row[revidert].value_num:
        expected = 100 * row[avvik_kr].value_num / row[revidert].value_num
        _prove(row[avvik_pct], round(expected, 1), AVVIK_PCT_TOLERANCE, "avvik_pct = avvik_kr / rev_bud",
               "avvik_pct_mismatch")


def repair_scale(table: Table) -> None:
    """A value printed without its decimal comma among the row's decimal values ('57' among 5,8 5,7)."""
    for row in _rows(table).values():
        cells = [c for c in row.values() if c.value_num is not None]
        label = cells[0].row_label if cells else ""
        scale = _LABEL_SCALE.search(label)
        for cell in cells:
            if _DECIMAL.search(cell.raw) or cell.repaired:
                continue
            if scale:
                low, high = float(scale.group(1)), float(scale.group(2))
                if cell.value_num > high:
                    _within(cell, low, high, "label_scale")
                continue
            refs = [c.value_num for c in cells if c is not cell and _DECIMAL.search(c.raw) and c.unit == cell.unit]
            if refs and abs(cell.value_num) > SCALE_FACTOR * max(abs(v) for v in refs):
                low, high = min(abs(v) for v in refs) / SCALE_FACTOR, max(abs(v) for v in refs) * SCALE_FACTOR
                _within(cell, low, high, "row_scale")


def _within(cell: Cell, low: float, high: float, rule: str) -> None:
    """Repair to the one reading with the cell's sign that lies in [low, high]; else flag."""
    sign = -1 if cell.value_num < 0 else 1
    matches = [v for v in readings(cell.raw) if low <= v * sign <= high and v * sign > 0 and v != cell.value_num]
    if len(matches) == 1:
        _repair(cell, matches[0], rule)
    else:
        _flag(cell, "out_of_scale")


def repair_percent_read_as_nine(table: Table) -> None:
    """'439' among '61 %' '91 %': the '%' sign read as a '9', proven by the row's percent scale."""
    for row in _rows(table).values():
        percents = [c.value_num for c in row.values() if c.unit == "%" and c.value_num]
        for cell in row.values():
            digits = re.sub(r"\D", "", cell.raw)
            if cell.unit or cell.value_num is None or len(percents) < 2 or not re.fullmatch(r"\d+9", digits):
                continue
            reading = float(digits[:-1])
            out_of_scale = cell.value_num > SCALE_FACTOR * max(percents)
            if out_of_scale and min(percents) / SCALE_FACTOR <= reading <= max(percents) * SCALE_FACTOR:
                _repair(cell, reading, "percent_read_as_9")
                cell.unit = "%"


def repair_benchmarks(table: Table) -> None:
    """KOSTRA's two benchmark columns (ASSS, KOSTRA-gruppe) are normally equal: a cell with the same
    digits as its neighbour but a lost decimal comma takes the neighbour's value."""
    n = len(table.columns) - 1
    for row in _rows(table).values():
        left, right = row.get(n - 2), row.get(n - 1)
        if left is None or right is None or None in (left.value_num, right.value_num):
            continue
        if left.value_num == right.value_num or re.sub(r"\D", "", left.raw) != re.sub(r"\D", "", right.raw):
            continue
        trusted, damaged = (left, right) if _DECIMAL.search(left.raw) else (right, left)
        if _DECIMAL.search(trusted.raw) and not _DECIMAL.search(damaged.raw):
            _repair(damaged, trusted.value_num, "equal_benchmark_columns")


def repair_table(table: Table) -> None:
    if table.kind == "budget":
        repair_budget(table)
        return
    if table.kind == "kostra":
        repair_benchmarks(table)
    repair_percent_read_as_nine(table)
    repair_scale(table)
