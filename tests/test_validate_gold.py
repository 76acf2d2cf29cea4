"""The hand-verified development gold tables, turned into mart records, pass every error-level rule:
the rules do not fire on true values of the genre (rounded amounts, signs, percent columns)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.models import BudgetLine, IndicatorValue, KostraValue
from pipeline.validate import validate

GOLD = Path(__file__).parent / "data" / "gold" / "tables"


def gold_tables(kind):
    tables = [(p.stem, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(GOLD.glob("*.json"))]
    return [(name, t) for name, t in tables if t["kind"] == kind]


def budget_lines(name, table):
    """Gold budget columns: label, Regnskap, Oppr. bud., Rev. bud., Avvik i kr, Avvik i % (Beløp i 1000)."""
    lines = []
    for row_idx, row in enumerate(table["rows"]):
        regnskap, opprinnelig, revidert, avvik, pct = row["values"]
        lines.append(BudgetLine(
            table_id=name, row_idx=row_idx, tjenesteomrade=None, programomrade_code=None,
            programomrade_name=row["label"], is_sum=row["label"].lower().startswith("sum"), year=None,
            regnskap=regnskap * 1000, opprinnelig_budsjett=opprinnelig * 1000, revidert_budsjett=revidert * 1000,
            avvik_kr=avvik * 1000, avvik_pct=pct, unit_multiplier=1000, page_no=1,
            line_no=table["line_start"] + row_idx, raw=" ".join([row["label"], *map(str, row["values"])])))
    return lines


def cell_values(name, table, record):
    return [record(name, row_idx, col_idx, row["label"], column, value)
            for row_idx, row in enumerate(table["rows"])
            for col_idx, (column, value) in enumerate(zip(table["columns"][1:], row["values"]))]


def kostra(name, row_idx, col_idx, label, column, value):
    return KostraValue(table_id=name, row_idx=row_idx, col_idx=col_idx, indicator=label, indicator_group=None,
                       region=column, year=None, value=value if not isinstance(value, str) else None,
                       value_text=value if isinstance(value, str) else None, unit=None, page_no=1, line_no=None,
                       raw=str(value))


def indicator(name, row_idx, col_idx, label, column, value):
    return IndicatorValue(table_id=name, row_idx=row_idx, col_idx=col_idx, satsingsomrade=None, goal=None,
                          indicator=label, year=int(column), value=value if not isinstance(value, str) else None,
                          status_text=value if isinstance(value, str) else None, unit=None, page_no=1,
                          line_no=None, raw=str(value))


def validated(marts):
    return validate(marts, ())


@pytest.mark.parametrize("name, table", gold_tables("budget"))
def test_gold_budget_tables_pass(name, table):
    result = validated({"budget_lines": budget_lines(name, table)})
    assert result.issues == ()


def test_gold_value_tables_have_no_errors():
    kostra_values = [v for name, t in gold_tables("kostra") for v in cell_values(name, t, kostra)]
    indicator_values = [v for name, t in gold_tables("indicator") for v in cell_values(name, t, indicator)]
    assert kostra_values and indicator_values
    result = validated({"kostra_values": kostra_values, "indicator_values": indicator_values})
    assert [i for i in result.issues if i.severity == "error"] == []
    assert not result.marts["kostra_values_quarantine"] and not result.marts["indicator_values_quarantine"]
