"""Budget arithmetic: Avvik = Rev. bud. − Regnskap, Avvik % = Avvik / Rev. bud., Sum rows = sum of their rows.

Amounts are compared in the table's printed unit, where each printed number is rounded to ±0.5,
so the tolerances are the worst case of that rounding and nothing more.
"""
from __future__ import annotations

from collections import defaultdict

from pipeline.models import BudgetLine
from pipeline.validate.findings import ERROR, WARNING, Finding, row_finding

TABLE = "budget_lines"
AMOUNTS = ("regnskap", "opprinnelig_budsjett", "revidert_budsjett", "avvik_kr")


def check_budget(lines: list[BudgetLine]) -> list[Finding]:
    by_table: dict[str, list[BudgetLine]] = defaultdict(list)
    for line in lines:
        by_table[line.table_id].append(line)
    findings = []
    for rows in by_table.values():
        rows = sorted(rows, key=lambda r: r.row_idx)
        row_findings = check_avvik(rows)
        # a known-bad Avvik proves nothing about the percent or the Sum built on it: report the fault once
        bad = {(id(row), f.issue.field_name) for f in row_findings if f.issue.severity == ERROR for row in f.rows}
        findings += row_findings + check_avvik_pct(rows, bad) + check_sums(rows, bad)
    return findings


def printed(amount: float, line: BudgetLine) -> float:
    """An amount back in the table's printed unit ("Beløp i 1000")."""
    return amount / line.unit_multiplier if line.unit_multiplier else amount


def fmt(number: float) -> str:
    return f"{number:,.1f}".replace(",", " ").removesuffix(".0")


def check_avvik(rows: list[BudgetLine]) -> list[Finding]:
    """Avvik i kr against Rev. bud. − Regnskap, in the sign convention most rows of the table follow."""
    checked = [(r, printed(r.revidert_budsjett - r.regnskap, r), printed(r.avvik_kr, r)) for r in rows
               if None not in (r.revidert_budsjett, r.regnskap, r.avvik_kr)]
    tolerance = 1.5  # three rounded numbers
    forward = sum(abs(expected - avvik) <= tolerance for _, expected, avvik in checked)
    reverse = sum(abs(expected + avvik) <= tolerance for _, expected, avvik in checked)
    sign, findings = 1, []
    if reverse > forward:
        sign = -1
        findings.append(row_finding(TABLE, checked[0][0], "avvik_sign_convention", WARNING,
                                    "the table prints Avvik as Regnskap − Rev. bud. (overspending positive)",
                                    "avvik_kr"))
    for row, expected, avvik in checked:
        if abs(sign * expected - avvik) > tolerance:
            findings.append(row_finding(
                TABLE, row, "avvik_arithmetic", ERROR,
                f"Avvik {fmt(avvik)} but Rev. bud. {fmt(printed(row.revidert_budsjett, row))} − Regnskap "
                f"{fmt(printed(row.regnskap, row))} = {fmt(sign * expected)} (tolerance ±{tolerance})", "avvik_kr"))
    return findings


def check_avvik_pct(rows: list[BudgetLine], bad: set[tuple[int, str]]) -> list[Finding]:
    """Avvik i % against 100 · Avvik / Rev. bud., within the rounding of all three printed numbers."""
    findings = []
    for row in rows:
        if None in (row.avvik_pct, row.avvik_kr, row.revidert_budsjett) or not row.revidert_budsjett \
                or (id(row), "avvik_kr") in bad:
            continue
        budget, avvik = printed(row.revidert_budsjett, row), printed(row.avvik_kr, row)
        expected = 100 * avvik / budget
        printed_rounding = 0.5 if float(row.avvik_pct).is_integer() else 0.05
        tolerance = printed_rounding + 100 * 0.5 / abs(budget) * (1 + abs(avvik / budget)) + 1e-9
        if abs(row.avvik_pct - expected) > tolerance:
            findings.append(row_finding(
                TABLE, row, "avvik_pct_arithmetic", ERROR,
                f"Avvik % {row.avvik_pct:g} but Avvik {fmt(avvik)} / Rev. bud. {fmt(budget)} = {expected:.2f} % "
                f"(tolerance ±{tolerance:.2f})", "avvik_pct"))
    return findings


def sum_candidates(rows: list[BudgetLine], at: int) -> list[list[BudgetLine]]:
    """The groups a Sum row may add up: the rows since the previous Sum, all rows above, the Sums above."""
    above = rows[:at]
    since = []
    for row in reversed(above):
        if row.is_sum:
            break
        since.append(row)
    groups = [since, [r for r in above if not r.is_sum], [r for r in above if r.is_sum]]
    return [g for g in groups if g]


def check_sums(rows: list[BudgetLine], bad: set[tuple[int, str]]) -> list[Finding]:
    findings = []
    for at, row in enumerate(rows):
        if not row.is_sum:
            continue
        groups = sum_candidates(rows, at)
        for name in AMOUNTS:
            total = getattr(row, name)
            sums = [(sum(getattr(r, name) for r in g), len(g)) for g in groups
                    if all(getattr(r, name) is not None and (id(r), name) not in bad for r in g)]
            if total is None or not sums or (id(row), name) in bad:
                continue
            # n rounded rows and the rounded total: at most (n + 1) / 2 printed units apart
            if any(abs(printed(total - s, row)) <= (n + 1) / 2 for s, n in sums):
                continue
            closest, n = min(sums, key=lambda sn: abs(total - sn[0]))
            findings.append(row_finding(
                TABLE, row, "sum_arithmetic", ERROR,
                f"{name} {fmt(printed(total, row))} but the {n} rows above add up to "
                f"{fmt(printed(closest, row))}", name))
    return findings
