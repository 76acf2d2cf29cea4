"""Where the values of a row short of values go.

A row that prints fewer values than the table has columns keeps its values in order, but which
columns are empty the text alone does not say. Two things the table itself shows do:
- a header printed one block a column (a narrow layout) and a row printed one line a block: the
  line that holds two values belongs under the block that names two columns ('Horten Sandefjord'
  over '1170 1054'), and the lines before and after it under the blocks before and after;
- columns the table's full rows show equal (two benchmark columns): a pair of equal values at the
  row's end belongs under them (`pipeline.tables.identities`, the relations the build step proves
  by too).
Among the placements these allow, the one that fills from the left is taken; a row they do not
inform stays filled from the left.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from itertools import combinations

from pipeline import codes
from pipeline.tables.identities import Num, find_relations
from pipeline.tables.text.rows import Row

_MAX_PLACEMENTS = 400  # a row missing many values of a wide table is left filled from the left


def _number(cell) -> float | None:
    return None if cell is None else cell[0].parsed.number


def equal_columns(rows: Sequence[Row], chance: float) -> list[tuple[int, int]]:
    """Pairs of columns the table's full rows show equal (`chance`: setting tables.relation_chance)."""
    full = [{k: Num(v) for k, c in enumerate(r.cells) if (v := _number(c)) is not None}
            for r in rows if codes.TOO_FEW_VALUES.name not in r.flags]
    return [r.positions for r in find_relations(full, chance=chance) if r.kind == "linear" and len(r.positions) == 2]


def _block_placements(line_sizes: list[int], widths: Sequence[int]) -> Iterator[tuple[int, ...]]:
    """Column positions of the values when each line sits under one block of at least its size, in
    order; a line fills its block from the left."""
    starts = [sum(widths[:j]) for j in range(len(widths))]

    def place(i: int, j: int) -> Iterator[tuple[int, ...]]:
        if i == len(line_sizes):
            yield ()
            return
        for b in range(j, len(widths) - (len(line_sizes) - i) + 1):
            if line_sizes[i] <= widths[b]:
                for rest in place(i + 1, b + 1):
                    yield tuple(range(starts[b], starts[b] + line_sizes[i])) + rest

    yield from place(0, 0)


def _score(values: list, positions: tuple[int, ...], equal: list[tuple[int, int]]) -> int:
    at = dict(zip(positions, values))
    return sum(1 if _number(at[a]) == _number(at[b]) else -1 for a, b in equal if a in at and b in at)


def placed(rows: Sequence[Row], n: int, widths: Sequence[int], chance: float) -> list[Row]:
    """The rows with the values of each short row moved under the columns the table shows them in."""
    if not any(codes.TOO_FEW_VALUES.name in row.flags for row in rows):
        return list(rows)
    equal = equal_columns(rows, chance)
    out = []
    for row in rows:
        count = max((k + 1 for k, c in enumerate(row.cells) if c is not None), default=0)
        values = list(row.cells[:count])
        if codes.TOO_FEW_VALUES.name not in row.flags or not values:
            out.append(row)
            continue
        lines = [c[1].number for c in values if c is not None]
        sizes = [sum(1 for c in values if c is not None and c[1].number == line) for line in dict.fromkeys(lines)]
        options: list[tuple[int, ...]] = []
        if len(sizes) > 1 and sum(widths) == n and None not in values:
            options = list(_block_placements(sizes, widths))
        if not options and len(values) > 1:
            options = [p for _, p in zip(range(_MAX_PLACEMENTS), combinations(range(n), len(values)))]
        if not options:
            out.append(row)
            continue
        best = max(options, key=lambda p: (_score(values, p, equal), [-x for x in p]))
        cells = [None] * n
        for position, cell in zip(best, values):
            cells[position] = cell
        out.append(replace(row, cells=tuple(cells)))
    return out
