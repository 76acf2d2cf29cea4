"""Typed marts from recovered tables: budget lines, KOSTRA values and goal-indicator values."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace

from pipeline.models import BudgetLine, Cell, IndicatorValue, KostraValue, Table
from pipeline.tables.identities import TOTAL_LABEL
from pipeline.vocabulary import YEAR, account_field, unit_multiplier

_PROGRAMOMRADE = re.compile(r"^(?P<code>\d{1,3})\s*[-–]\s*(?P<name>.+)$")
_MART_FIELDS = ("regnskap", "opprinnelig_budsjett", "revidert_budsjett", "avvik_kr", "avvik_pct")


def column_year(label: str) -> int | None:
    years = [int(t) for t in label.split() if YEAR.match(t)]
    return years[-1] if years else None


def _rows(table: Table) -> dict[int, list[Cell]]:
    rows: dict[int, list[Cell]] = defaultdict(list)
    for cell in table.cells:
        rows[cell.row_idx].append(cell)
    return rows


def budget_fields(columns: tuple[str, ...]) -> dict[int, str]:
    """Value column index -> budget-mart field, by what each column's name says it holds
    (`vocabulary.account_field`). Where the table prints one field for several years ('Regnskap
    2022', 'Regnskap 2023'), the latest year's column is the field; the table's year is that year."""
    found: dict[str, list[tuple[int, int]]] = {}
    for k, name in enumerate(columns[1:]):
        field = account_field(name)
        if field in _MART_FIELDS:
            found.setdefault(field, []).append((column_year(name) or 0, k))
    return {max(options)[1]: field for field, options in found.items()}


def budget_lines(table: Table) -> list[BudgetLine]:
    multiplier = unit_multiplier(table.unit_note)
    fields = budget_fields(table.columns)
    years = [y for k in fields if (y := column_year(table.columns[k + 1]))] or [
        y for c in table.columns[1:] if (y := column_year(c))]
    years = [max(years)] if years else []
    lines = []
    for row_idx, cells in sorted(_rows(table).items()):
        label = cells[0].row_label
        amounts: dict[str, float | None] = {}
        for cell in cells:
            field = fields.get(cell.col_idx)
            if field and cell.value_num is not None:
                amounts[field] = cell.value_num if field == "avvik_pct" else cell.value_num * multiplier
        match = _PROGRAMOMRADE.match(label)
        lines.append(BudgetLine(
            table_id=table.table_id, row_idx=row_idx, tjenesteomrade=table.section,
            programomrade_code=match.group("code") if match else None,
            programomrade_name=match.group("name") if match else label,
            is_sum=bool(TOTAL_LABEL.match(label)), year=years[0] if years else None,
            regnskap=amounts.get("regnskap"), opprinnelig_budsjett=amounts.get("opprinnelig_budsjett"),
            revidert_budsjett=amounts.get("revidert_budsjett"), avvik_kr=amounts.get("avvik_kr"),
            avvik_pct=amounts.get("avvik_pct"), unit_multiplier=multiplier, page_no=table.page_no,
            line_no=cells[0].line_no, raw=" | ".join(c.raw for c in cells)))
    return lines


def kostra_values(table: Table) -> list[KostraValue]:
    """One value per indicator and region; a column without a year ('ASSS uten Oslo') is the table's
    latest year, the year the benchmarks are printed for."""
    years = [y for c in table.columns[1:] if (y := column_year(c))]
    latest = max(years) if years else None
    values = []
    for cell in table.cells:
        column = table.columns[cell.col_idx + 1]
        year = column_year(column)
        region = " ".join(t for t in column.split() if not YEAR.match(t)) or column
        values.append(KostraValue(
            table_id=table.table_id, row_idx=cell.row_idx, col_idx=cell.col_idx, indicator=cell.row_label,
            indicator_group=cell.row_group, region=region, year=year or latest, value=cell.value_num,
            value_text=cell.value_text, unit=cell.unit, page_no=table.page_no, line_no=cell.line_no, raw=cell.raw))
    return values


def indicator_values(table: Table) -> list[IndicatorValue]:
    """The satsingsområde is the heading in the table's title ('Økonomi: <goal of the area>')."""
    satsingsomrade = table.title.split(":")[0].strip() if table.title else None
    return [IndicatorValue(
        table_id=table.table_id, row_idx=cell.row_idx, col_idx=cell.col_idx, satsingsomrade=satsingsomrade,
        goal=cell.row_group, indicator=cell.row_label, year=column_year(table.columns[cell.col_idx + 1]),
        value=cell.value_num, status_text=cell.value_text, unit=cell.unit, page_no=table.page_no,
        line_no=cell.line_no, raw=cell.raw) for cell in table.cells]


MARTS = {"budget": ("budget_lines", budget_lines), "kostra": ("kostra_values", kostra_values),
         "indicator": ("indicator_values", indicator_values)}


def labelled(table: Table) -> Table:
    """The table without its unlabelled rows: a mart row names what it measures. Those cells stay
    in table_cells, flagged there."""
    return replace(table, cells=tuple(c for c in table.cells if c.row_label))


def build_marts(tables: tuple[Table, ...]) -> dict[str, tuple]:
    """Typed mart rows (budget_lines, kostra_values, indicator_values) from tables that carry ids."""
    marts: dict[str, list] = {name: [] for name, _ in MARTS.values()}
    for table in tables:
        if table.kind in MARTS:
            name, build = MARTS[table.kind]
            marts[name] += build(labelled(table))
    return {name: tuple(rows) for name, rows in marts.items()}
