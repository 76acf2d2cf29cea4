"""From a route's grid to a Table, the same way for every route: each column's number convention,
each cell read by it, the table's kind, and the repairs its own arithmetic and scales prove."""
from __future__ import annotations

from pipeline import codes
from pipeline.models import Cell, Table
from pipeline.settings import TableSettings
from pipeline.tables.conventions import (NORWEGIAN, Convention, detect, grouped_thousands, joined_digit_groups,
                                         lookalike_digits, parse_cell)
from pipeline.tables.grid import TableGrid
from pipeline.tables.kinds import table_kind
from pipeline.tables.repair import Reading, prove

def column_conventions(grid: TableGrid) -> list[Convention]:
    """Each value column's convention; a column without telling numbers follows the table's, a table
    without them the page's (when the route knows it), else numbers grouped like thousands."""
    texts = [cell.text for row in grid.rows for cell in row.cells if cell]
    table = detect(texts, grid.numbers or grouped_thousands(texts) or NORWEGIAN)
    return [detect((row.cells[c].text for row in grid.rows if c < len(row.cells) and row.cells[c]), table)
            for c in range(grid.n_values)]


def _read(text: str, convention: Convention, numeric: bool) -> Reading:
    """A cell read by its column's convention; in a column of numbers, OCR damage that can only be a
    number (digit groups split by a space, one letter standing for a digit) is read as that number."""
    parsed = parse_cell(text, convention)
    if parsed.number is not None:
        return Reading.of(parsed)
    joined = joined_digit_groups(text, convention)
    if joined is not None:
        return Reading(joined, joined.number, joined.decimals, joined.unit, repair=codes.DIGIT_GROUPS_JOINED.name,
                       proof="digit groups in one cell")
    alike = lookalike_digits(text, convention) if numeric else None
    if alike is not None:
        return Reading(alike, alike.number, alike.decimals, alike.unit, repair=codes.LETTER_READ_AS_DIGIT.name,
                       proof="a column of numbers")
    return Reading.of(parsed)


def _numeric_columns(grid: TableGrid, conventions: list[Convention]) -> list[bool]:
    """Columns where most printed cells are numbers."""
    found = []
    for c, convention in enumerate(conventions):
        texts = [row.cells[c].text for row in grid.rows if c < len(row.cells) and row.cells[c]]
        found.append(2 * sum(parse_cell(t, convention).number is not None for t in texts) > len(texts))
    return found


def build_table(grid: TableGrid, settings: TableSettings) -> Table:
    conventions = column_conventions(grid)
    numeric = _numeric_columns(grid, conventions)
    matrix = [[_read(cell.text, conventions[c], numeric[c]) if cell is not None else None
               for c, cell in enumerate(row.cells[: grid.n_values])] for row in grid.rows]
    labels = [row.label for row in grid.rows]
    proofs = prove(matrix, labels, grid.columns[1:], scale_factor=settings.scale_factor,
                   chance=settings.relation_chance)
    cells = []
    for r, (row, readings) in enumerate(zip(grid.rows, proofs.matrix)):
        row_flag = next(iter(row.flags), None)
        for c, (source, reading) in enumerate(zip(row.cells, readings)):
            if source is None or reading is None:
                continue
            parsed = reading.parsed
            cells.append(Cell(
                row_idx=r, col_idx=c, row_label=row.label, col_label=grid.columns[c + 1], raw=parsed.raw,
                value_num=reading.value, value_text=parsed.text if reading.value is None else None,
                unit=reading.unit, repaired=reading.repair is not None, repair_rule=reading.repair,
                flag=reading.flag or row_flag, line_no=source.line_no, row_group=row.group, bbox=source.bbox,
                page_no=source.page_no))
    flags = sorted({f for row in grid.rows for f in row.flags} | {c.flag for c in cells if c.flag} | set(grid.flags))
    return Table(title=grid.title, kind=table_kind(grid), columns=grid.columns, cells=tuple(cells),
                 page_no=grid.page_no, line_start=grid.line_start, line_end=grid.line_end,
                 unit_note=grid.unit_note, bbox=grid.bbox, flags=tuple(flags), section=grid.section,
                 route=grid.route, identities=proofs.identities)
