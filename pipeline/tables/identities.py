"""The arithmetic a table's numbers satisfy, found from the rows that agree, never assumed.

A budget table may print Avvik as Rev. bud. − Regnskap or as Regnskap − Rev. bud., Avvik % of
either budget; a population table's Fødselsoverskudd row is Fødte − Døde; a Sum row adds the rows
above it. Rather than encode one report's convention, `find_relations` tries every small linear
relation between columns (a ± b = c, a = b) and between rows, every percentage (c = 100 · a / b)
and every total row, and keeps those most of the table's complete rows satisfy within the rounding
of the printed numbers. Repairs (`pipeline.tables.repair`) and validation (`pipeline.validate`)
both use these relations: one truth about a table's arithmetic.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations, permutations

import numpy as np

from pipeline.settings import TableSettings

# a row that adds up rows above it: "Sum", "Sum drift", "Totalt", "Total", "I alt", "Samlet"
TOTAL_LABEL = re.compile(r"^\s*(?:sum|totalt?|i\s+alt|samlet|tot\.)\b", re.IGNORECASE)
MIN_AGREEING = 2  # rows (or columns) that must satisfy a relation before it is believed


@dataclass(frozen=True)
class Num:
    """A printed number: its value and the digits printed after its decimal mark."""

    value: float
    decimals: int = 0

    @property
    def rounding(self) -> float:
        """Half a unit of the last printed digit: how far the printed value may be from the true one."""
        return 0.5 * 10 ** -self.decimals


Vector = Mapping[int, Num]  # position (column, or row) -> number; missing positions are absent


@dataclass(frozen=True)
class Relation:
    """sum(coefficient · v[position]) == 0 (linear), or v[t] == 100 · v[a] / v[b] (percent)."""

    kind: str  # linear | percent
    positions: tuple[int, ...]  # linear: the terms; percent: (t, a, b)
    coefficients: tuple[int, ...] = ()  # linear only, each +1 or -1
    slack: float = 0.5  # units of the last printed digit allowed beyond rounding

    def applies(self, vector: Vector) -> bool:
        return all(p in vector for p in self.positions)

    def solve(self, position: int, vector: Vector) -> float | None:
        """The value at `position` that makes the relation hold with the others as printed."""
        if self.kind == "linear":
            k = self.positions.index(position)
            rest = sum(c * vector[p].value for p, c in zip(self.positions, self.coefficients) if p != position)
            return -rest / self.coefficients[k]
        t, a, b = self.positions
        try:
            if position == t:
                return 100 * vector[a].value / vector[b].value
            if position == a:
                return vector[t].value * vector[b].value / 100
            return 100 * vector[a].value / vector[t].value
        except ZeroDivisionError:
            return None

    def tolerance(self, vector: Vector) -> float:
        """The worst case of the printed numbers' rounding, plus the slack."""
        if self.kind == "linear":
            return sum(vector[p].rounding * (1 + self.slack) for p in self.positions)
        t, a, b = (vector[p] for p in self.positions)
        if not b.value:
            return math.inf
        propagated = 100 * a.rounding / abs(b.value) + 100 * abs(a.value) * b.rounding / b.value ** 2
        return t.rounding * (1 + self.slack) + propagated

    def holds(self, vector: Vector) -> bool:
        target = self.positions[0]
        expected = self.solve(target, vector)
        return expected is not None and abs(expected - vector[target].value) <= self.tolerance(vector)

    def describe(self, names: Sequence[str], target: int | None = None) -> str:
        """'Avvik i kr = Rev. bud. 2023 − Regnskap 2023', with the positions' names, solved for
        `target` (by default the term whose sign differs from the others')."""
        if self.kind == "percent":
            t, a, b = (names[p] for p in self.positions)
            return f"{t} = 100 · {a} / {b}"
        signs = self.coefficients
        alone = self.positions.index(target) if target is not None else next(
            (i for i, c in enumerate(signs) if signs.count(c) == 1), len(signs) - 1)
        rest = [(names[p], -signs[i] * signs[alone]) for i, p in enumerate(self.positions) if i != alone]
        text = " ".join(f"{'+' if c > 0 else '−'} {n}" for n, c in rest).lstrip("+ ")
        text = "−" + text[1:] if text.startswith("−") else text
        return f"{names[self.positions[alone]]} = {text}"


@dataclass(frozen=True)
class Total:
    """Row `row` adds up `members` in every column it was found to (a Sum row)."""

    row: int
    members: tuple[int, ...]

    def relation(self, slack: float) -> Relation:
        return Relation("linear", (self.row, *self.members), (-1, *([1] * len(self.members))), slack)


def _informative(vector: Vector, relation: Relation) -> bool:
    """Rows of zeros satisfy any linear relation and prove nothing."""
    return any(vector[p].value for p in relation.positions)


def _arrays(vectors: Sequence[Vector], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Values and rounding of the vectors as (vectors x positions) arrays, NaN where absent."""
    values = np.full((len(vectors), n), np.nan)
    rounding = np.full((len(vectors), n), np.nan)
    for i, vector in enumerate(vectors):
        for p, num in vector.items():
            values[i, p] = num.value
            rounding[i, p] = num.rounding
    return values, rounding


@lru_cache(maxsize=64)
def _linear_candidates(n: int, equalities: bool) -> tuple[tuple[tuple[tuple[int, ...], ...], np.ndarray, np.ndarray], ...]:
    """The linear relations tried between n positions, by size: (terms, positions, coefficients)."""
    pairs = [((a, b), (1, -1)) for a, b in combinations(range(n), 2)] if equalities else []
    triples = [((a, b, c), signs) for a, b, c in combinations(range(n), 3)  # c = a + b, b = a + c, a = b + c
               for signs in ((1, 1, -1), (1, -1, 1), (-1, 1, 1))]
    return tuple((tuple(group), np.array([c[0] for c in group]), np.array([c[1] for c in group]))
                 for group in (pairs, triples) if group)


def _evaluate_linear(values, rounding, positions, coefficients, slack):
    """(applies, holds, tolerance) per vector x candidate for linear relations of one size."""
    terms = values[:, positions] * coefficients  # vectors x candidates x terms
    tolerance = (rounding[:, positions] * (1 + slack)).sum(-1)
    applies = ~np.isnan(terms).any(-1) & (np.nan_to_num(np.abs(terms)).max(-1) > 0)
    with np.errstate(invalid="ignore"):
        holds = applies & (np.abs(terms.sum(-1)) <= tolerance)
    return applies, holds, tolerance


def _evaluate_percent(values, rounding, positions, slack):
    t, a, b = (positions[:, k] for k in range(3))
    vt, va, vb = values[:, t], values[:, a], values[:, b]
    with np.errstate(invalid="ignore", divide="ignore"):
        tolerance = (rounding[:, t] * (1 + slack) + 100 * rounding[:, a] / np.abs(vb)
                     + 100 * np.abs(va) * rounding[:, b] / vb ** 2)
        applies = ~(np.isnan(vt) | np.isnan(va) | np.isnan(vb)) & (vb != 0) & ((vt != 0) | (va != 0))
        holds = applies & (np.abs(100 * va / vb - vt) <= tolerance)
    return applies, holds, tolerance


def _needed(checked: np.ndarray, lenient: np.ndarray | bool) -> np.ndarray:
    """Agreeing vectors a relation needs beside the chance bound: more than half of those it applies
    to (two budget columns are often equal in some rows), or a third where `lenient`: a column the
    table names as a percentage of others ('Avvik i %'), which rows satisfy by coincidence far more
    rarely and whose printed cells OCR damages most (a lost comma in three of five Avvik %)."""
    return np.where(lenient, np.ceil(checked / 3), checked // 2 + 1)


def _believed(applies, holds, tolerance, spread, tried: int, chance: float,
              lenient: np.ndarray | bool = False) -> np.ndarray:
    """Candidates a good share of whose complete vectors agree, unlikely to agree by chance: the
    chance of one agreeing vector is its tolerance window over the narrowest spread of the positions.
    The agreeing rows' chance, multiplied by the number of relations of the family `tried` (a Bonferroni
    bound), must be below `chance` (setting tables.relation_chance): with many columns or many small
    numbers, coincidences are common and need more agreeing rows."""
    checked, agreeing = applies.sum(0), holds.sum(0)
    with np.errstate(invalid="ignore", divide="ignore"):
        each = np.where(holds, np.minimum(1.0, 2 * tolerance / spread), 1.0)
    each = np.where(np.isnan(each), 1.0, each)
    bound = tried * np.prod(each, axis=0)
    return (agreeing >= MIN_AGREEING) & (agreeing >= _needed(checked, lenient)) & (bound < chance)


def find_relations(vectors: Sequence[Vector], percents: frozenset[int] = frozenset(), slack: float = 0.5,
                   equalities: bool = True, ratios: frozenset[int] = frozenset(),
                   chance: float = TableSettings.relation_chance) -> tuple[Relation, ...]:
    """The linear and percent relations between positions that the table's vectors show.

    `vectors` are the table's rows (positions: columns) or its columns (positions: rows);
    `percents` the positions that hold percentages, the only targets of a percent relation;
    `ratios` those of them named as percentages of others ('Avvik i %'), believed on fewer rows;
    `equalities` whether two positions may simply be equal (two benchmark columns; two equal rows
    are a repeated row, not arithmetic). A relation implied by two others is still kept: each may
    be the one a damaged cell breaks.
    """
    n = 1 + max((p for v in vectors for p in v), default=-1)
    if n < 2 or len(vectors) < MIN_AGREEING:
        return ()
    values, rounding = _arrays(vectors, n)
    present = ~np.isnan(values)
    high = np.where(present, values, -np.inf).max(axis=0)
    low = np.where(present, values, np.inf).min(axis=0)
    spreads = np.where(present.sum(axis=0) >= 2, high - low, 0.0)
    linear = _linear_candidates(n, equalities)
    tried = sum(len(group) for group, _, _ in linear)
    percent = [(t, a, b) for t in sorted(percents) if t < n for a, b in permutations(
        [p for p in range(n) if p != t], 2)]
    believed: list[Relation] = []
    for group, positions, coefficients in linear:
        applies, holds, tolerance = _evaluate_linear(values, rounding, positions, coefficients, slack)
        spread = spreads[positions].min(-1)
        for k in np.flatnonzero(_believed(applies, holds, tolerance, spread, tried, chance)):
            believed.append(Relation("linear", group[k][0], group[k][1], slack))
    if percent:
        positions = np.array(percent)
        applies, holds, tolerance = _evaluate_percent(values, rounding, positions, slack)
        spread = spreads[positions].min(-1)
        lenient = np.array([t in ratios for t, _, _ in percent])
        for k in np.flatnonzero(_believed(applies, holds, tolerance, spread, len(percent), chance, lenient)):
            believed.append(Relation("percent", percent[k], (), slack))
    return tuple(_best_percents(believed, vectors))


def _best_percents(relations: list[Relation], vectors: Sequence[Vector]) -> list[Relation]:
    """One percent relation per percentage and numerator: a percentage of two nearly equal columns
    (Regnskap and Rev. bud.) may pass for both, but the table prints it of one."""
    def fit(r: Relation) -> tuple[int, float]:
        checked = [v for v in vectors if r.applies(v)]
        misses = sum(abs(r.solve(r.positions[0], v) - v[r.positions[0]].value) for v in checked
                     if r.solve(r.positions[0], v) is not None)
        return sum(r.holds(v) for v in checked), -misses

    best: dict[tuple[int, int], Relation] = {}
    for r in relations:
        if r.kind == "percent":
            key = r.positions[:2]
            if key not in best or fit(r) > fit(best[key]):
                best[key] = r
    return [r for r in relations if r.kind != "percent" or best[r.positions[:2]] is r]


def find_totals(labels: Sequence[str], rows: Sequence[Vector], slack: float = 0.5,
                skip: frozenset[int] = frozenset()) -> tuple[Total, ...]:
    """Sum rows: a row labelled as a total that adds up the rows since the previous total (or all
    rows above, or the totals above) in most of the columns where all of them are printed.

    The label is the evidence, so agreement needs no chance bound; `skip` are columns that do not
    add up (percentages).
    """
    totals: list[Total] = []
    for at, label in enumerate(labels):
        if not TOTAL_LABEL.match(label) or at == 0:
            continue
        groups = member_groups(labels, at)
        for members in groups:
            relation = Total(at, members).relation(slack)
            columns = [_column(rows, (at, *members), c) for c in sorted(rows[at]) if c not in skip]
            checked = [v for v in columns if v is not None and _informative(v, relation)]
            agreeing = sum(relation.holds(v) for v in checked)
            if agreeing and 2 * agreeing >= len(checked) + (len(checked) > 2):
                totals.append(Total(at, members))
                break
    return tuple(totals)


def member_groups(labels: Sequence[str], at: int) -> list[tuple[int, ...]]:
    above = range(at)
    since: list[int] = []
    for r in reversed(above):
        if TOTAL_LABEL.match(labels[r]):
            break
        since.insert(0, r)
    groups = [tuple(since), tuple(r for r in above if not TOTAL_LABEL.match(labels[r])),
              tuple(r for r in above if TOTAL_LABEL.match(labels[r]))]
    return [g for g in dict.fromkeys(groups) if g]


def _column(rows: Sequence[Vector], row_positions: Sequence[int], column: int) -> dict[int, Num] | None:
    """One column across the given rows as a vector over row positions; None if a row lacks it."""
    if any(column not in rows[r] for r in row_positions):
        return None
    return {r: rows[r][column] for r in row_positions}


def transpose(rows: Sequence[Vector]) -> list[dict[int, Num]]:
    columns: dict[int, dict[int, Num]] = {}
    for r, row in enumerate(rows):
        for c, num in row.items():
            columns.setdefault(c, {})[r] = num
    return [columns[c] for c in sorted(columns)]
