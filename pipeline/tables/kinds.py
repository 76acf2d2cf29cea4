"""What a table is (budget, KOSTRA, indicator, population, workforce, status, generic), the same way
for every route: from its header words, title, row labels and the kind of its cells."""
from __future__ import annotations

import re

from pipeline.models import TableKind
from pipeline.tables.conventions import parse_cell
from pipeline.tables.grid import TableGrid
from pipeline.vocabulary import is_account_word

_BENCHMARK = re.compile(r"kostra|\bASSS\b|landet\s+uten|\bgruppe\s*\d", re.IGNORECASE)
_INDICATOR = re.compile(r"^\s*(?:indikator|m[aå]leindikator|resultatindikator|m[aå]l)\w*\b", re.IGNORECASE)
_STATUS = re.compile(r"^\s*status\b", re.IGNORECASE)
_WORDS = (
    (TableKind.WORKFORCE, re.compile(r"\b[aå]rsverk\b|\bansatte\b|sykefrav", re.IGNORECASE)),
    (TableKind.POPULATION, re.compile(r"befolkning|folketall|folkevekst|folkemengde|\bbolig|arbeidsplass|syssels|"
                                      r"innbygger|flytting|f[øo]dte|^kommune$", re.IGNORECASE)),
)


def table_kind(grid: TableGrid) -> TableKind:
    header = " ".join(grid.columns)
    title = grid.title or ""
    if grid.header_kind in (TableKind.BUDGET, TableKind.KOSTRA, TableKind.STATUS):
        return TableKind(grid.header_kind)
    if _BENCHMARK.search(header) or re.search(r"kostra", title, re.IGNORECASE):
        return TableKind.KOSTRA
    if sum(map(is_account_word, header.split())) >= 2:
        return TableKind.BUDGET
    if _INDICATOR.match(grid.columns[0]):
        return TableKind.INDICATOR
    if _is_status(grid):
        return TableKind.STATUS
    texts = [title, grid.columns[0], *(r.label for r in grid.rows)]
    for kind, pattern in _WORDS:
        if any(pattern.search(t) for t in texts):
            return kind
    return TableKind.GENERIC


def _is_status(grid: TableGrid) -> bool:
    """A list of plans or measures with a status column of text ('Vedtatt 08.09.20', 'Pågår')."""
    status_columns = [i for i, name in enumerate(grid.columns[1:]) if _STATUS.match(name)]
    if not status_columns:
        return False
    cells = [row.cells[i] for row in grid.rows for i in status_columns if i < len(row.cells) and row.cells[i]]
    return bool(cells) and sum(parse_cell(c.text).number is None for c in cells) * 2 > len(cells)
