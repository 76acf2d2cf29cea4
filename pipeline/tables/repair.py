"""Proven repairs: a printed number changes only when the table itself proves what it should read.

OCR loses decimal commas ("57" for 5,7; "695%" for 69,5 %), minus signs and now and then a digit,
and prints a '%' as a '9'. For each damaged-looking cell the other readings of its printed digits
are tried (`readings`), and one is taken only when exactly one fits:
- the arithmetic the table's own rows satisfy (`pipeline.tables.identities`): column relations
  such as Avvik = Rev. bud. − Regnskap or its mirror, Avvik % = 100 · Avvik / budget, relations
  between rows (Fødselsoverskudd = Fødte − Døde) and Sum rows;
- the scale of the cell's series (its row in a time series or comparison, else its column) and the
  decimals that series prints, for cells no relation covers;
- a scale printed in the row label ("skala 1-5").
A repaired cell keeps its printed text and names its rule; a cell that breaks a relation no
reading mends is flagged and left as read.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pipeline import codes
from pipeline.settings import TableSettings
from pipeline.tables.conventions import ParsedValue
from pipeline.tables.identities import Num, Relation, Total, find_relations, find_totals, transpose

_LABEL_SCALE = re.compile(r"skala\s+(\d+)\s*[-–]\s*(\d+)", re.IGNORECASE)
MAX_DIGITS_FOR_EDITS = 7  # one-digit edits are tried on numbers up to this long


@dataclass(frozen=True)
class Reading:
    """A cell as the build step reads it: printed, then perhaps repaired or flagged."""

    parsed: ParsedValue
    value: float | None
    decimals: int | None
    unit: str | None
    repair: str | None = None  # code of the proving rule
    flag: str | None = None  # code of an anomaly left as read
    proof: str | None = None  # the relation or scale that proved the repair

    @classmethod
    def of(cls, parsed: ParsedValue) -> Reading:
        return cls(parsed, parsed.number, parsed.decimals, parsed.unit)

    @property
    def num(self) -> Num | None:
        return None if self.value is None else Num(self.value, self.decimals or 0)


Matrix = list[list[Reading | None]]


@dataclass(frozen=True)
class Proofs:
    matrix: tuple[tuple[Reading | None, ...], ...]
    identities: tuple[str, ...]  # the relations the table was found to satisfy, described


def _digits(raw: str) -> str:
    return re.sub(r"\D", "", raw.replace("²", ""))


def readings(raw: str, decimals: int = 0, edits: bool = False) -> list[tuple[float, int]]:
    """Other values the printed digits may stand for, with their decimals: a lost decimal mark
    (only where none is printed: OCR loses commas, it does not invent them) and a lost minus
    sign; with `edits`, also one digit misread, lost or added."""
    digits = _digits(raw)
    if not digits:
        return []
    forms = {digits}
    if edits and len(digits) <= MAX_DIGITS_FOR_EDITS:
        for i in range(len(digits) + 1):
            forms |= {digits[:i] + d + digits[i:] for d in "0123456789"}
            if i < len(digits):
                forms.add(digits[:i] + digits[i + 1:])
                forms |= {digits[:i] + d + digits[i + 1:] for d in "0123456789"}
        forms = {f for f in forms if f and not (len(f) > 1 and f[0] == "0")}
    values: set[tuple[float, int]] = set()
    for form in forms:
        if decimals:
            if len(form) > decimals:
                values.add((float(f"{form[:-decimals]}.{form[-decimals:]}"), decimals))
            continue
        values.add((float(form), 0))
        values |= {(float(f"{form[:k]}.{form[k:]}"), len(form) - k) for k in range(1, len(form))}
    return sorted(values | {(-v, d) for v, d in values})


def _vector(row: Sequence[Reading | None]) -> dict[int, Num]:
    return {c: r.num for c, r in enumerate(row) if r is not None and r.num is not None}


def _fits(relation: Relation, vector: dict[int, Num], position: int, value: float, decimals: int) -> bool:
    trial = dict(vector)
    trial[position] = Num(value, decimals)
    return relation.holds(trial)


def _mend(vector: dict[int, Num], relation: Relation, others: Sequence[Relation],
          raws: dict[int, str]) -> tuple[int, float, int] | None:
    """The one (position, value, decimals) whose reading makes `relation` hold without breaking a
    relation that held, trying plain readings before one-digit edits; None if none or several.
    `raws` are the printed texts of the cells that may change; `vector` holds their decimals."""
    applicable = [r for r in others if r.applies(vector)]
    held = [r for r in applicable if r is not relation and r.holds(vector)]
    # one-digit edits only where three or more numbers pin the value down: two equal columns
    # that differ in a digit may simply differ
    for edits in (False, True) if len(relation.positions) >= 3 else (False,):
        options: dict[tuple[int, float, int], tuple[int, float]] = {}
        for position in relation.positions:
            if position not in raws:
                continue
            for value, decimals in readings(raws[position], vector[position].decimals, edits):
                if value == vector[position].value or not _fits(relation, vector, position, value, decimals):
                    continue
                if all(_fits(r, vector, position, value, decimals) for r in held if position in r.positions):
                    options[position, value, decimals] = _score(applicable, vector, position, value, decimals)
        if options:
            return _clear_winner(options)
    return None


def _score(relations: Sequence[Relation], vector: dict[int, Num], position: int, value: float,
           decimals: int) -> tuple[int, float]:
    """How well a reading fits the table: the relations it satisfies (more is better; the damaged
    cell mends the most), then how far inside their tolerances (a smaller miss is better)."""
    trial = dict(vector)
    trial[position] = Num(value, decimals)
    satisfied, miss = 0, 0.0
    for r in relations:
        target = r.positions[0]
        expected = r.solve(target, trial)
        if expected is None:
            continue
        ratio = abs(expected - trial[target].value) / r.tolerance(trial)
        satisfied += ratio <= 1
        miss += min(ratio, 1.0)
    return satisfied, miss


def _clear_winner(options: dict[tuple[int, float, int], tuple[int, float]]) -> tuple[int, float, int] | None:
    """The best reading if it belongs to one cell and no other cell's reading comes close."""
    most = max(n for n, _ in options.values())
    best = sorted((miss, option) for option, (n, miss) in options.items() if n == most)
    cells = {option[0] for _, option in best}
    if len(cells) == 1:
        return best[0][1]
    rival = min(miss for miss, option in best if option[0] != best[0][1][0])
    return best[0][1] if best[0][0] < 0.5 * rival else None


def _code(relation: Relation) -> codes.Code:
    if relation.kind == "percent":
        return codes.RATIO_IDENTITY
    return codes.EQUAL_COLUMNS if len(relation.positions) == 2 else codes.DIFFERENCE_IDENTITY


def _apply_relations(matrix: Matrix, relations: Sequence[Relation], names: Sequence[str],
                     code: codes.Code | None = None, transposed: bool = False) -> None:
    """Mend or flag every vector (a row, or a column when transposed) that breaks a relation."""
    n_rows, n_cols = len(matrix), max((len(r) for r in matrix), default=0)
    outer = range(n_cols) if transposed else range(n_rows)
    for o in outer:
        def cell(p: int) -> Reading | None:
            r, c = (p, o) if transposed else (o, p)
            return matrix[r][c] if c < len(matrix[r]) else None

        def store(p: int, reading: Reading) -> None:
            r, c = (p, o) if transposed else (o, p)
            matrix[r][c] = reading

        positions = range(n_rows) if transposed else range(n_cols)
        for relation in relations:
            vector = {p: cell(p).num for p in positions if cell(p) is not None and cell(p).num is not None}
            if not relation.applies(vector) or relation.holds(vector):
                continue
            raws = {p: cell(p).parsed.raw for p in relation.positions if cell(p).repair is None}
            mended = _mend(vector, relation, relations, raws)
            proof = relation.describe(names)
            if mended is None and len(relation.positions) == 2:
                continue  # two columns that are usually equal may differ: no anomaly
            if mended is None:
                for p in relation.positions:
                    if cell(p).repair is None:
                        store(p, replace(cell(p), flag=codes.IDENTITY_MISMATCH.name, proof=proof))
                continue
            p, value, decimals = mended
            store(p, replace(cell(p), value=value, decimals=decimals, repair=(code or _code(relation)).name, flag=None,
                             proof=proof))


def _apply_totals(matrix: Matrix, totals: Sequence[Total], labels: Sequence[str], slack: float,
                  skip: frozenset[int]) -> None:
    kept = [[cell if c not in skip else None for c, cell in enumerate(row)] for row in matrix]
    for total in totals:
        _apply_relations(kept, [total.relation(slack)], labels, codes.SUM_IDENTITY, transposed=True)
    _merge(matrix, kept)


def _merge(matrix: Matrix, part: Matrix) -> None:
    """Write the cells of a part (the matrix with some columns blanked) back into the matrix."""
    for r, row in enumerate(part):
        for c, cell in enumerate(row):
            if cell is not None:
                matrix[r][c] = cell


def _series_by_row(matrix: Matrix) -> bool:
    """Whether a cell's peers are its row (a time series, a comparison of regions) rather than its
    column: the axis along which the printed magnitudes vary least."""
    def spread(groups: list[list[float]]) -> float:
        spreads = []
        for values in groups:
            logs = [math.log10(abs(v)) for v in values if v]
            if len(logs) >= 2:
                spreads.append(max(logs) - min(logs))
        return sum(spreads) / len(spreads) if spreads else math.inf

    rows = [[r.value for r in row if r is not None and r.value is not None] for row in matrix]
    width = max((len(r) for r in matrix), default=0)
    columns = [[row[c].value for row in matrix if c < len(row) and row[c] is not None and row[c].value is not None]
               for c in range(width)]
    return spread(rows) <= spread(columns)


def _peers(matrix: Matrix, r: int, c: int, by_row: bool) -> list[Reading]:
    """The other numbers of a cell's row (by_row) or column."""
    series = matrix[r] if by_row else [matrix[k][c] if c < len(matrix[k]) else None for k in range(len(matrix))]
    return [x for x in series if x is not None and x is not matrix[r][c] and x.value is not None]


def _apply_leading_zero(matrix: Matrix) -> None:
    """A number printed with a leading zero and no decimal mark ('05%') lost its mark after the
    zero: no convention prints an integer so. Read so where its row or column prints decimals."""
    for r, row in enumerate(matrix):
        for c, cell in enumerate(row):
            if cell is None or cell.value is None or cell.repair or cell.decimals:
                continue
            digits = _digits(cell.parsed.raw)
            if len(digits) < 2 or digits[0] != "0":
                continue
            if any(x.decimals for by_row in (True, False) for x in _peers(matrix, r, c, by_row)):
                sign = -1 if cell.value < 0 or cell.parsed.raw.lstrip()[:1] in "-−–" else 1
                row[c] = replace(cell, value=sign * float(f"0.{digits[1:]}"), decimals=len(digits) - 1,
                                 repair=codes.LEADING_ZERO.name, proof="a number does not start with 0")


def _apply_scale(matrix: Matrix, labels: Sequence[str], factor: float) -> None:
    """Cells no relation proved: a '%' read as '9', a scale printed in the label, a lost decimal
    mark that puts the cell out of the scale and decimals of its series (its row or column,
    whichever varies least in the table; for a percentage whose series prints no decimals, the
    other one where its decimals agree within the scale factor)."""
    by_row = _series_by_row(matrix)
    for r, row in enumerate(matrix):
        scale = _LABEL_SCALE.search(labels[r])
        for c, cell in enumerate(row):
            if cell is None or cell.value is None or cell.repair or cell.decimals:
                continue
            series = _peers(matrix, r, c, by_row)
            if scale:
                low, high = float(scale.group(1)), float(scale.group(2))
                if cell.value > high:
                    row[c] = _within(cell, low, high, set(), codes.LABEL_SCALE,
                                     f"skala {scale.group(1)}-{scale.group(2)}")
                continue
            percents = [x.value for x in series if x.unit == "%" and x.value]
            digits = _digits(cell.parsed.raw)
            if (cell.unit is None and len(percents) >= 2 and re.fullmatch(r"\d+9", digits)
                    and cell.value > factor * max(percents)
                    and min(percents) / factor <= float(digits[:-1]) <= max(percents) * factor):
                row[c] = replace(cell, value=float(digits[:-1]), unit="%", repair=codes.PERCENT_READ_AS_9.name,
                                 proof="the series prints percentages")
                continue
            row[c] = _decimals_of_series(matrix, r, c, by_row, factor)


def _decimals_of_series(matrix: Matrix, r: int, c: int, by_row: bool, factor: float) -> Reading:
    """A cell out of the scale of its series' decimals read as the one reading within it; for a
    percentage, the other series too where the first proves nothing (no decimals, no reading fits)
    and its decimals agree within the scale factor."""
    cell = matrix[r][c]
    first: Reading | None = None
    for along_row in (by_row, not by_row) if cell.unit == "%" else (by_row,):
        refs = [x for x in _peers(matrix, r, c, along_row) if x.decimals and x.unit == cell.unit]
        values = [abs(x.value) for x in refs]
        if not refs or along_row != by_row and (len(values) < 2 or max(values) > factor * min(values)):
            continue
        if abs(cell.value) <= factor * max(values):
            return cell
        low, high = min(values) / factor, max(values) * factor
        read = _within(cell, low, high, {x.decimals for x in refs}, codes.ROW_SCALE if along_row else
                       codes.COLUMN_DECIMALS, f"the {'row' if along_row else 'column'} prints decimals between "
                                              f"{low:g} and {high:g}")
        if read.repair:
            return read
        first = first or read
    return first or cell


def _within(cell: Reading, low: float, high: float, decimals: set[int], code: codes.Code, proof: str) -> Reading:
    """The one reading with the cell's sign inside [low, high] (among those with the decimals the
    series prints, if any has them); else the cell is flagged."""
    sign = -1 if cell.value < 0 else 1
    fits = {(v, d) for v, d in readings(cell.parsed.raw, cell.decimals or 0)
            if low <= v * sign <= high and v * sign > 0 and v != cell.value}
    fits = {f for f in fits if f[1] in decimals} or fits
    if len(fits) == 1:
        value, places = fits.pop()
        return replace(cell, value=value, decimals=places, repair=code.name, flag=None, proof=proof)
    return replace(cell, flag=codes.OUT_OF_SCALE.name, proof=proof)


def _named_percent(name: str) -> bool:
    return re.search(r"%|prosent", name, re.IGNORECASE) is not None


def _percent_positions(matrix: Matrix, names: Sequence[str], along_rows: bool) -> frozenset[int]:
    """Columns (or rows) that hold percentages: named so, or most of their numbers printed with '%'."""
    width = max((len(r) for r in matrix), default=0)
    count = len(matrix) if along_rows else width
    found = set()
    for k in range(count):
        cells = matrix[k] if along_rows else [row[k] for row in matrix if k < len(row)]
        numbers = [c for c in cells if c is not None and c.value is not None]
        marked = sum(c.unit == "%" for c in numbers)
        if _named_percent(names[k]) or numbers and 2 * marked > len(numbers):
            found.add(k)
    return frozenset(found)


def prove(matrix: Sequence[Sequence[Reading | None]], labels: Sequence[str], columns: Sequence[str],
          slack: float = 0.5, scale_factor: float = 3.0, rounds: int = 3,
          chance: float = TableSettings.relation_chance) -> Proofs:
    """Repair what the table's relations and scales prove; return the new readings and the relations.

    Relations are found again after each round of repairs: a row whose Avvik lost its minus does
    not show the percentage relation until the Avvik is mended.
    """
    work: Matrix = [list(row) for row in matrix]
    _apply_leading_zero(work)
    percent_columns = _percent_positions(work, columns, False)
    percent_rows = _percent_positions(work, labels, True)
    for _ in range(rounds):
        before = [list(row) for row in work]
        column_relations = find_relations([_vector(row) for row in work], percent_columns, slack, chance=chance,
                                          ratios=frozenset(k for k in percent_columns if _named_percent(columns[k])))
        _apply_relations(work, column_relations, columns)
        totals = find_totals(labels, [_vector(row) for row in work], slack, percent_columns)
        _apply_totals(work, totals, labels, slack, percent_columns)
        # percentages do not add up across rows
        additive = [[c if k not in percent_columns else None for k, c in enumerate(row)] for row in work]
        row_relations = find_relations(transpose([_vector(row) for row in additive]), percent_rows, slack,
                                       equalities=False, chance=chance) if len(work) >= 3 else ()
        _apply_relations(additive, row_relations, labels, transposed=True)
        _merge(work, additive)
        if work == before:
            break
    _apply_scale(work, labels, scale_factor)
    described = [r.describe(columns) for r in column_relations]
    described += [f"{labels[t.row]} = sum of {len(t.members)} rows" for t in totals]
    described += [r.describe(labels) for r in row_relations]
    return Proofs(tuple(tuple(row) for row in work), tuple(described))
