"""The validation stage on records built here: each rule fires on the fault it is meant for, and not on
values that agree within rounding."""
from __future__ import annotations

import json
from dataclasses import replace

import duckdb
import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from pipeline import codes
from pipeline.cli import app
from pipeline.models import BudgetLine, Document, DocumentResult, Fact, IndicatorValue, KostraValue
from pipeline.validate import validate
from pipeline.validate.schema import schema_tables, validator
from pipeline.warehouse.store import Warehouse

UNIT = 1000  # "Beløp i 1000"


def budget_row(row_idx, name, regnskap, budsjett, avvik=None, pct=None, is_sum=False, table_id="doc-t0001"):
    """A budget line in printed thousands; Avvik and Avvik % follow from the amounts unless given."""
    avvik = budsjett - regnskap if avvik is None else avvik
    pct = round(100 * avvik / budsjett, 1) if pct is None else pct
    return BudgetLine(table_id=table_id, row_idx=row_idx, tjenesteomrade="Oppvekst", programomrade_code=None,
                      programomrade_name=name, is_sum=is_sum, year=2024, regnskap=regnskap * UNIT,
                      opprinnelig_budsjett=budsjett * UNIT, revidert_budsjett=budsjett * UNIT,
                      avvik_kr=avvik * UNIT, avvik_pct=pct, unit_multiplier=UNIT, page_no=12, line_no=400 + row_idx,
                      raw=f"{name} {regnskap} {budsjett} {budsjett} {avvik} {pct}")


def budget_table(changes=None):
    """Three programområder and their Sum; changes={row_idx: {field: printed value}} corrupts cells."""
    rows = [budget_row(0, "21-Barnehage", 410_250, 402_100),
            budget_row(1, "22-Grunnskole", 988_430, 1_001_870),
            budget_row(2, "23-PPT", 35_118, 33_902)]
    rows.append(budget_row(3, "Sum", sum(r.regnskap for r in rows) / UNIT,
                           sum(r.revidert_budsjett for r in rows) / UNIT, is_sum=True))
    for row_idx, fields in (changes or {}).items():
        rows[row_idx] = replace(rows[row_idx], **{name: value * UNIT if name != "avvik_pct" else value
                                                  for name, value in fields.items()})
    return rows


def fact(key="sykefravaer", value=8.1, unit="pct", period=2024, page_no=4, raw_value="8,1 prosent"):
    return Fact(key=key, value=value, unit=unit, period=period, page_no=page_no, line_start=90, line_end=90,
                evidence="Sykefraværet var 8,1 prosent.", evidence_raw="Sykefravaeret var 8,1 prosent.",
                raw_value=raw_value)


def kostra(row_idx, col_idx, region, value, indicator="Andel barn i barnehage", unit="%", year=2024):
    return KostraValue(table_id="doc-t0002", row_idx=row_idx, col_idx=col_idx, indicator=indicator,
                       indicator_group="Dekningsgrad", region=region, year=year, value=value,
                       value_text=None if value is None else str(value), unit=unit, page_no=20, line_no=700 + row_idx,
                       raw="" if value is None else str(value).replace(".", ","))


def indicator(col_idx, year, value, row_idx=0):
    return IndicatorValue(table_id="doc-t0003", row_idx=row_idx, col_idx=col_idx, satsingsomrade=None, goal=None,
                          indicator="Elever som trives", year=year, value=value, status_text=None, unit=None,
                          page_no=30, line_no=900, raw=str(value))


def checked(budget=(), kostra_values=(), indicators=(), facts=()):
    return validate({"budget_lines": tuple(budget), "kostra_values": tuple(kostra_values),
                     "indicator_values": tuple(indicators)}, tuple(facts))


def as_result(validated):
    doc = Document(doc_id="d" * 64, source_path="reports/kommune_2024.txt", source_format="txt", n_pages=40, pages=[])
    return DocumentResult(document=doc, facts=validated.facts, marts=validated.marts, issues=validated.issues)


def rules(result, severity=None):
    return sorted((i.code, i.row_idx, i.field_name) for i in result.issues if severity in (None, i.severity))


@pytest.mark.parametrize("table", schema_tables())
def test_every_row_schema_is_valid_json_schema_and_names_catalogued_rules(table):
    schema = validator(table).schema
    Draft202012Validator.check_schema(schema)
    rules = {node["x-rule"] for node in _nodes(schema) if "x-rule" in node}
    assert rules <= set(codes.CATALOGUE)


def _nodes(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value)


def test_consistent_budget_table_passes_untouched():
    result = checked(budget=budget_table())
    assert result.issues == ()
    assert len(result.marts["budget_lines"]) == 4
    assert result.marts["budget_lines_quarantine"] == ()
    assert all(row.flags == () for row in result.marts["budget_lines"])


def test_rounding_within_tolerance_does_not_fire():
    # Avvik one printed unit off, Avvik % printed "1,3" for 1.34, Sum two units off over three rows: all rounding
    table = budget_table({0: {"avvik_kr": -8_149}, 1: {"avvik_pct": 1.3}, 3: {"opprinnelig_budsjett": 1_437_874}})
    result = checked(budget=table)
    assert result.issues == ()


def test_integer_percent_gets_the_rounding_of_an_integer():
    table = budget_table({2: {"avvik_pct": -4.0}})  # -1 216 / 33 902 = -3.59 %, printed "-4 %"
    result = checked(budget=table)
    assert result.issues == ()


def test_lost_minus_in_avvik_is_caught_and_quarantined():
    table = budget_table({0: {"avvik_kr": 8_150}})  # printed "8150" for "-8 150"
    result = checked(budget=table)
    assert ("avvik_arithmetic", 0, "avvik_kr") in rules(result, "error")
    kept = [r.row_idx for r in result.marts["budget_lines"]]
    held = result.marts["budget_lines_quarantine"]
    assert 0 not in kept
    assert [r.row_idx for r in held] == [0]
    assert "avvik_arithmetic" in held[0].rules
    assert "Avvik 8 150 but Avvik = Rev. bud. − Regnskap gives -8 150" in held[0].message
    issue = next(i for i in result.issues if i.code == "avvik_arithmetic")
    assert issue.raw == held[0].raw and issue.table_id == "doc-t0001"


def test_dropped_decimal_comma_in_percent_is_caught():
    table = budget_table({2: {"avvik_pct": -36.0}})  # "-3,6 %" read as "-36 %"
    result = checked(budget=table)
    assert rules(result) == [("avvik_pct_arithmetic", 2, "avvik_pct")]


def test_wrong_sum_row_is_caught_on_the_sum_row():
    table = budget_table({3: {"revidert_budsjett": 1_473_872}})  # a digit misread in the Sum
    result = checked(budget=table)
    assert ("sum_arithmetic", 3, "revidert_budsjett") in rules(result, "error")
    assert [r.row_idx for r in result.marts["budget_lines_quarantine"]] == [3]


def test_sum_of_subtotals_is_accepted():
    first = budget_table()
    second = [budget_row(4 + r.row_idx, r.programomrade_name, r.regnskap / UNIT + 10, r.revidert_budsjett / UNIT + 10,
                         is_sum=r.is_sum) for r in budget_table()]
    second[-1] = budget_row(7, "Sum", second[-1].regnskap / UNIT + 20, second[-1].revidert_budsjett / UNIT + 20,
                            is_sum=True)
    total = budget_row(8, "Sum totalt", (first[-1].regnskap + second[-1].regnskap) / UNIT,
                       (first[-1].revidert_budsjett + second[-1].revidert_budsjett) / UNIT, is_sum=True)
    result = checked(budget=first + second + [total])
    assert result.issues == ()


def test_reversed_avvik_convention_is_noted_not_an_error():
    table = [replace(row, avvik_kr=-row.avvik_kr, avvik_pct=-row.avvik_pct) for row in budget_table()]
    result = checked(budget=table)
    assert [i.code for i in result.issues] == ["avvik_sign_convention"]
    assert result.issues[0].severity == "info"
    assert "Avvik = Regnskap − Rev. bud." in result.issues[0].message
    assert len(result.marts["budget_lines"]) == 4
    assert result.marts["budget_lines"][0].flags == ("avvik_sign_convention",)


def test_fact_ranges_follow_the_unit():
    facts = [fact(), fact(key="netto_driftsresultat", value=-2.4), fact(key="innbyggere", value=-5, unit="count"),
             fact(key="andel", value=1250, unit="pct"), fact(key="driftsinntekter", value=-310, unit="mill_kr")]
    result = checked(facts=facts)
    assert sorted(i.code for i in result.issues) == ["count_range", "share_range"]
    assert [f.key for f in result.facts] == ["sykefravaer", "netto_driftsresultat", "driftsinntekter"]
    assert sorted(f.key for f in result.marts["facts_quarantine"]) == ["andel", "innbyggere"]


def test_year_range_and_missing_provenance_are_errors():
    facts = [fact(period=3024), fact(key="ansatte", value=4000, unit="count", page_no=None)]
    result = checked(facts=facts)
    assert rules(result, "error") == [("provenance", None, "page_no"), ("year_range", None, "period")]
    assert result.facts == ()


def test_value_of_wrong_type_is_quarantined_without_it():
    row = replace(budget_table()[0], year="2O24")
    result = checked(budget=[row])
    assert ("year_range", 0, "year") in rules(result, "error")
    held = result.marts["budget_lines_quarantine"][0]
    assert held.year is None and "'2O24' is not of type" in held.message


def test_out_of_range_avvik_percent_is_a_flagged_warning():
    table = budget_table()
    extreme = budget_row(4, "24-Kulturskole", 12_000, 1_000)  # -1 100 %
    result = checked(budget=table[:3] + [extreme])
    assert rules(result) == [("percent_range", 4, "avvik_pct")]
    assert result.marts["budget_lines"][-1].flags == ("percent_range",)


def test_kostra_row_short_of_a_region_is_flagged():
    values = [kostra(0, 0, "Kommune", 91.2), kostra(0, 1, "Fylket", 90.4), kostra(0, 2, "Landet", 89.9),
              kostra(1, 0, "Kommune", 12.0, indicator="Andel med kort utdanning"),
              kostra(1, 1, "Fylket", None, indicator="Andel med kort utdanning"),
              kostra(1, 2, "Landet", 14.1, indicator="Andel med kort utdanning")]
    result = checked(kostra_values=values)
    assert ("kostra_regions", 1, None) in rules(result, "warning")
    assert "2 of the table's 3 regions; missing: Fylket" in next(
        i.message for i in result.issues if i.code == "kostra_regions")
    assert not [i for i in result.issues if i.row_idx == 0]
    assert all("kostra_regions" in v.flags for v in result.marts["kostra_values"] if v.row_idx == 1)


def test_kostra_share_out_of_range_is_caught():
    values = [kostra(0, 0, "Kommune", 912.0 * 10), kostra(0, 1, "Landet", 89.9)]  # "91,2" read as 9120
    result = checked(kostra_values=values)
    assert rules(result, "error") == [("share_range", 0, "value")]
    assert [v.col_idx for v in result.marts["kostra_values_quarantine"]] == [0]


def test_indicator_years_out_of_order_are_caught_but_gaps_are_not():
    row = [indicator(0, 2019, 80), indicator(1, 2021, 82), indicator(2, 2023, 85)]
    misread = [indicator(0, 2020, 80, row_idx=1), indicator(1, 2021, 81, row_idx=1),
               indicator(2, 2012, 83, row_idx=1), indicator(3, 2023, 84, row_idx=1)]
    result = checked(indicators=row + misread)
    assert rules(result) == [("indicator_year_order", 1, "year")]
    assert [(v.row_idx, v.col_idx) for v in result.marts["indicator_values_quarantine"]] == [(1, 2)]


def test_duplicates():
    table = budget_table()
    twice = [fact(), fact(value=8.4, raw_value="8,4 prosent"), fact(key="innbyggere", value=1200, unit="count"),
             fact(key="innbyggere", value=1200, unit="count")]
    result = checked(budget=table + [budget_row(1, "22-Grunnskole", 988_430, 1_001_870)], facts=twice)
    assert rules(result) == [("conflicting_duplicate", None, None), ("duplicate_row", 1, None)]
    assert len(result.marts["budget_lines_quarantine"]) == 1 and len(result.marts["budget_lines"]) == 4
    assert [f.flags for f in result.facts] == [("conflicting_duplicate",), ("conflicting_duplicate",), (), ()]


def loaded_warehouse(tmp_path, validated):
    db = str(tmp_path / "w.duckdb")
    warehouse = Warehouse(db)
    warehouse.load(as_result(validated))
    warehouse.close()
    return db


def corrupted_result():
    result = checked(budget=budget_table({0: {"avvik_kr": 8_150}}),
                         kostra_values=[kostra(0, 0, "Kommune", 91.2), kostra(0, 1, "Landet", None)],
                         facts=[fact(period=3024)])
    return result


def test_quarantine_and_flags_land_in_the_warehouse(tmp_path):
    db = loaded_warehouse(tmp_path, corrupted_result())
    con = duckdb.connect(db, read_only=True)
    held = con.execute("SELECT row_idx, rules, message, raw FROM budget_lines_quarantine").fetchall()
    assert held[0][0] == 0 and "avvik_arithmetic" in held[0][1] and held[0][3].startswith("21-Barnehage")
    assert con.execute("SELECT count(*) FROM budget_lines").fetchone() == (3,)
    assert con.execute("SELECT period, rules FROM facts_quarantine").fetchall() == [(3024, ["year_range"])]
    assert con.execute("SELECT flags FROM kostra_values WHERE col_idx = 1").fetchone() == (
        ["empty_cell", "kostra_regions"],)
    assert con.execute("SELECT field_name FROM validation_issues WHERE rule = 'avvik_arithmetic'").fetchone() == (
        "avvik_kr",)


@pytest.mark.parametrize("fail_on, code", [("error", 1), ("warning", 1), ("never", 0)])
def test_cli_validate_fails_on_the_chosen_severity(tmp_path, fail_on, code):
    db = loaded_warehouse(tmp_path, corrupted_result())
    outcome = CliRunner().invoke(app, ["validate", "--db", db, "--fail-on", fail_on, "--json"])
    assert outcome.exit_code == code
    summary = json.loads(outcome.stdout)
    assert {"document": "reports/kommune_2024.txt", "severity": "error", "rule": "avvik_arithmetic",
            "table_name": "budget_lines", "issues": 1} in summary


def test_cli_validate_passes_with_warnings_only_unless_asked(tmp_path):
    result = checked(kostra_values=[kostra(0, 0, "Kommune", 91.2), kostra(0, 1, "Landet", None)])
    db = loaded_warehouse(tmp_path, result)
    assert CliRunner().invoke(app, ["validate", "--db", db, "--fail-on", "error"]).exit_code == 0
    listed = CliRunner().invoke(app, ["validate", "--db", db, "--issues", "--csv", "--fail-on", "warning"])
    assert listed.exit_code == 1
    assert "kostra_regions" in listed.stdout and "missing: Landet" in listed.stdout
