"""The pipeline's accounting: codes, settings, stage isolation, document status, --strict and --debug."""
from __future__ import annotations

import json
import re
from dataclasses import FrozenInstanceError, replace
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

import pipeline.batch as batch
from pipeline import codes
from pipeline.cli import app
from pipeline.errors import SettingsError
from pipeline.models import Line, Page
from pipeline.settings import Settings, TableSettings
from pipeline.validate.schema import ROW_SCHEMA_DIR

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "raw" / "004_a1a17b07a1d9badb.txt"


# --- codes ---------------------------------------------------------------------------------------

def test_every_code_is_listed_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in codes.CATALOGUE if f"`{name}`" not in readme]
    assert not missing


def test_every_code_is_used_and_every_schema_rule_is_a_code():
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "pipeline").rglob("*.py")
                       if p.name != "codes.py")
    schemas = "\n".join(p.read_text(encoding="utf-8") for p in ROW_SCHEMA_DIR.glob("*.json"))
    constants = dict(re.findall(r"^(\w+) = _code\(\"(\w+)\"", (ROOT / "pipeline/codes.py").read_text(), re.M))
    unused = [name for constant, name in constants.items()
              if f"codes.{constant}" not in source and f'"{name}"' not in schemas]
    assert not unused
    rules = set(re.findall(r'"x-rule":\s*"(\w+)"', schemas))
    assert rules and rules <= set(codes.CATALOGUE)


def test_a_code_formats_its_message_from_the_details():
    assert codes.INPUT_TOO_LARGE.message(size_mb=52.4, limit_mb=10) == (
        "52.4 MB of text is more than the limit of 10.0 MB (setting ingest.max_text_megabytes)")


def test_codes_command_lists_the_catalogue():
    result = CliRunner().invoke(app, ["codes", "--csv"])
    assert result.exit_code == 0
    rows = result.stdout.splitlines()
    assert rows[0] == "code,family,severity,message" and len(rows) == len(codes.CATALOGUE) + 1


# --- settings ------------------------------------------------------------------------------------

def test_settings_are_typed_from_strings_and_frozen():
    settings = Settings().with_overrides({"tables.max_gap_lines": "12", "ingest.ocr_language": "eng"})
    assert settings.tables.max_gap_lines == 12 and settings.ingest.ocr_language == "eng"
    assert Settings().tables.max_gap_lines == TableSettings().max_gap_lines  # the defaults are untouched
    with pytest.raises(FrozenInstanceError):
        settings.tables.max_gap_lines = 3


@pytest.mark.parametrize("overrides, code, key", [
    ({"tables.no_such_knob": "1"}, "setting_unknown", "tables.no_such_knob"),
    ({"nowhere.max_gap_lines": "1"}, "setting_unknown", "nowhere.max_gap_lines"),
    ({"tables.max_gap_lines": "many"}, "setting_invalid", "tables.max_gap_lines"),
    ({"tables.max_gap_lines": "0"}, "setting_invalid", "tables.max_gap_lines"),
    ({"metadata.fuzzy_cutoff": "101"}, "setting_invalid", "metadata.fuzzy_cutoff"),
])
def test_bad_settings_raise_naming_the_key(overrides, code, key):
    with pytest.raises(SettingsError) as raised:
        Settings().with_overrides(overrides)
    assert raised.value.code.name == code and key in str(raised.value)


def test_settings_from_a_toml_file_and_the_cli(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text("[tables]\nmax_gap_lines = 11\n[facts]\nsubject_words = 4\n", encoding="utf-8")
    settings = Settings().with_file(path)
    assert (settings.tables.max_gap_lines, settings.facts.subject_words) == (11, 4)
    listed = CliRunner().invoke(app, ["settings", "--settings", str(path), "--set", "tables.min_rows=3", "--csv"])
    assert listed.exit_code == 0
    assert "tables.max_gap_lines,11," in listed.stdout and "tables.min_rows,3," in listed.stdout
    bad = CliRunner().invoke(app, ["settings", "--set", "tables.min_rows=-1"])
    assert bad.exit_code == 2 and "tables.min_rows" in bad.stderr


# --- stages, status, strict, debug -----------------------------------------------------------------

def test_records_are_frozen_and_stages_return_new_ones():
    page = Page(1, [Line(1, "Side 1 av 1")])
    assert isinstance(page.lines, tuple)
    with pytest.raises(FrozenInstanceError):
        page.number = 2
    assert replace(page, number=2).number == 2 and page.number == 1


@pytest.fixture()
def broken_facts(monkeypatch):
    """The facts stage raising on every document, as a bug in it would."""
    import pipeline.facts

    def broken(doc, settings):
        raise RuntimeError("facts exploded")

    monkeypatch.setattr(pipeline.facts, "extract_facts", broken)


def test_a_failing_stage_is_an_issue_and_the_other_stages_still_load(broken_facts):
    result = batch.process_document(str(ROOT / "tests" / "data" / "synth" / "r2_ocr.txt"))
    assert result.status == "partial"
    failed = [(i.stage, i.code) for i in result.issues if codes.lookup(i.code).family == codes.Family.STAGE]
    assert failed == [("facts", "stage_failed")]
    assert "facts exploded" in next(i.message for i in result.issues if i.code == "stage_failed")
    assert result.tables and not result.facts and result.marts["budget_lines"]


def test_run_counts_partial_documents_and_strict_stops_with_the_traceback(broken_facts, tmp_path):
    db = str(tmp_path / "w.duckdb")
    result = CliRunner().invoke(app, ["run", str(ARTICLE), "--db", db])
    assert result.exit_code == 1  # not every document loaded fully
    assert "loaded 0, partial 1, failed 0" in result.stdout
    with duckdb.connect(db, read_only=True) as con:
        assert con.execute("select status from documents").fetchall() == [("partial",)]
        assert con.execute("select stage, code from document_issues").fetchall() == [("facts", "stage_failed")]
    strict = CliRunner().invoke(app, ["run", str(ARTICLE), "--db", str(tmp_path / "s.duckdb"), "--strict"])
    assert isinstance(strict.exception, RuntimeError) and "facts exploded" in str(strict.exception)


def test_debug_writes_each_documents_decisions(sample_run):
    dumps = {p.name.split("-")[0]: json.loads(p.read_text(encoding="utf-8")) for p in sample_run.debug.glob("*.json")}
    assert set(dumps) == {"000_254b6088d6d1ac92", "002_5e5253b93238e1d5", "004_a1a17b07a1d9badb"}
    report = dumps["000_254b6088d6d1ac92"]
    assert report["document"]["status"] == "loaded" and report["document"]["municipality"] == "Asker"
    tables = report["tables"]["tables"]
    assert tables and all({"route", "identities", "kind"} <= set(t) for t in tables)
    assert any("Sum = sum of" in i for t in tables for i in t["identities"])
    assert report["repairs"] and all(r["rule"] in codes.CATALOGUE for r in report["repairs"])
    reasons = {r["reason"] for r in report["facts"]["rejected_figures"]}
    assert reasons and reasons <= set(codes.CATALOGUE)


def test_settings_reach_the_stages_through_the_api():
    report = str(ROOT / "tests" / "data" / "synth" / "r2_ocr.txt")
    default = batch.process_document(report)
    strict = batch.process_document(report, Settings().with_overrides(
        {"tables.min_rows": "5", "tables.relation_chance": "1e-9", "metadata.kommune_weight": "0"}))
    assert 0 < len(strict.tables) < len(default.tables)
    assert all(len({c.row_idx for c in t.cells}) >= 5 for t in strict.tables) and strict.status == "loaded"
    assert sum(len(t.identities) for t in strict.tables) < sum(len(t.identities) for t in default.tables)
