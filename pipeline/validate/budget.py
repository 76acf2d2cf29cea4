"""Budget arithmetic, checked with the same relations the tables stage repairs by
(`pipeline.tables.identities`): Avvik = budget − Regnskap (or its mirror, whichever the table's rows
follow), Avvik % = 100 · Avvik / a column, Sum rows = the sum of their rows.

Amounts are compared in the table's printed unit ("Beløp i 1000"), where each printed number is
rounded, so the tolerances are the worst case of that rounding and the relations' slack.
"""
from __future__ import annotations

from collections import defaultdict

from pipeline import codes
from pipeline.models import BudgetLine
from pipeline.tables.identities import Num, Relation, Total, member_groups
from pipeline.validate.findings import Finding, row_finding

TABLE = "budget_lines"
AMOUNTS = ("regnskap", "opprinnelig_budsjett", "revidert_budsjett", "avvik_kr")
NAMES = {"regnskap": "Regnskap", "opprinnelig_budsjett": "Oppr. bud.", "revidert_budsjett": "Rev. bud.",
         "avvik_kr": "Avvik", "avvik_pct": "Avvik %"}


def check_budget(lines: tuple[BudgetLine, ...]) -> list[Finding]:
    by_table: dict[str, list[BudgetLine]] = defaultdict(list)
    for line in lines:
        by_table[line.table_id].append(line)
    findings = []
    for rows in by_table.values():
        rows = sorted(rows, key=lambda r: r.row_idx)
        avvik_findings = check_avvik(rows)
        # a known-bad Avvik proves nothing about the percent or the Sum built on it: report the fault once
        bad = {(id(r), f.issue.field_name) for f in avvik_findings if f.issue.severity == codes.Severity.ERROR
               for r in f.rows}
        findings += avvik_findings + check_avvik_pct(rows, bad) + check_sums(rows, bad)
    return findings


def printed(amount: float, line: BudgetLine) -> float:
    """An amount back in the table's printed unit ("Beløp i 1000")."""
    return amount / line.unit_multiplier if line.unit_multiplier else amount


def _num(value: float) -> Num:
    """A printed number with the decimals its value shows (at most three)."""
    for decimals in range(4):
        if abs(round(value, decimals) - value) < 1e-9:
            return Num(value, decimals)
    return Num(value, 3)


def _vector(row: BudgetLine, fields: tuple[str, ...]) -> dict[int, Num]:
    values = [getattr(row, f) for f in fields]
    return {k: _num(v if f == "avvik_pct" else printed(v, row)) for k, (f, v) in enumerate(zip(fields, values))
            if v is not None}


def fmt(number: float) -> str:
    return f"{number:,.1f}".replace(",", " ").removesuffix(".0")


def _best(rows: list[BudgetLine], options: list[tuple[tuple[str, ...], Relation]]):
    """The option (fields, relation) that most rows satisfy, with the rows it applies to."""
    scored = []
    for fields, relation in options:
        vectors = [(row, _vector(row, fields)) for row in rows]
        vectors = [(row, v) for row, v in vectors if relation.applies(v)]
        scored.append((sum(relation.holds(v) for _, v in vectors), len(scored), fields, relation, vectors))
    best = max(scored, key=lambda s: (s[0], -s[1]))
    return best[2], best[3], best[4]


def check_avvik(rows: list[BudgetLine]) -> list[Finding]:
    """Avvik against budget − Regnskap, in the sign convention and against the budget column most
    rows of the table follow."""
    options = []
    for budget in ("revidert_budsjett", "opprinnelig_budsjett"):
        options.append(((budget, "regnskap", "avvik_kr"), Relation("linear", (2, 0, 1), (1, -1, 1))))
        options.append(((budget, "regnskap", "avvik_kr"), Relation("linear", (2, 1, 0), (1, -1, 1))))
    fields, relation, vectors = _best(rows, options)
    if not vectors:
        return []
    names = [NAMES[f] for f in fields]
    identity = relation.describe(names, target=2)
    findings = []
    if relation.positions != (2, 0, 1):
        findings.append(row_finding(TABLE, vectors[0][0], codes.AVVIK_SIGN_CONVENTION,
                                    codes.AVVIK_SIGN_CONVENTION.message(identity=identity), "avvik_kr"))
    for row, vector in vectors:
        if not relation.holds(vector):
            findings.append(row_finding(TABLE, row, codes.AVVIK_ARITHMETIC, codes.AVVIK_ARITHMETIC.message(
                avvik=fmt(vector[2].value), identity=identity, expected=fmt(relation.solve(2, vector)),
                tolerance=f"{relation.tolerance(vector):g}"), "avvik_kr"))
    return findings


def check_avvik_pct(rows: list[BudgetLine], bad: set[tuple[int, str]]) -> list[Finding]:
    """Avvik % against 100 · Avvik / the column (a budget, or Regnskap) most rows follow."""
    usable = [r for r in rows if (id(r), "avvik_kr") not in bad]
    options = [(("avvik_pct", "avvik_kr", base), Relation("percent", (0, 1, 2)))
               for base in ("revidert_budsjett", "opprinnelig_budsjett", "regnskap")]
    fields, relation, vectors = _best(usable, options)
    identity = relation.describe([NAMES[f] for f in fields])
    return [row_finding(TABLE, row, codes.AVVIK_PCT_ARITHMETIC, codes.AVVIK_PCT_ARITHMETIC.message(
                printed=f"{vector[0].value:g}", identity=identity, expected=f"{relation.solve(0, vector):.2f}",
                tolerance=f"{relation.tolerance(vector):.2f}"), "avvik_pct")
            for row, vector in vectors if not relation.holds(vector)]


def check_sums(rows: list[BudgetLine], bad: set[tuple[int, str]]) -> list[Finding]:
    """Each Sum row adds up the rows since the previous Sum, all rows above, or the Sums above."""
    labels = ["Sum" if r.is_sum else r.programomrade_name for r in rows]
    findings = []
    for at, row in enumerate(rows):
        if not row.is_sum:
            continue
        groups = [g for g in member_groups(labels, at)]
        for name in AMOUNTS:
            if getattr(row, name) is None or (id(row), name) in bad:
                continue
            vectors = []
            for members in groups:
                if all(getattr(rows[m], name) is not None and (id(rows[m]), name) not in bad for m in members):
                    vector = {k: _num(printed(getattr(rows[k], name), rows[k])) for k in (at, *members)}
                    vectors.append((Total(at, members).relation(0.5), vector, len(members)))
            if not vectors or any(relation.holds(vector) for relation, vector, _ in vectors):
                continue
            relation, vector, n = min(vectors, key=lambda v: abs(v[0].solve(at, v[1]) - v[1][at].value))
            findings.append(row_finding(TABLE, row, codes.SUM_ARITHMETIC, codes.SUM_ARITHMETIC.message(
                field=name, total=fmt(vector[at].value), n=n, sum=fmt(relation.solve(at, vector))), name))
    return findings
