"""Golden tables: the development gold of the sample report, recovered end to end."""
import json
from pathlib import Path

import pytest

from tests.table_scoring import score

ROOT = Path(__file__).resolve().parents[1]
GOLD = sorted((ROOT / "tests/data/gold/tables").glob("*.json"))
SAMPLE = ROOT / "raw/000_254b6088d6d1ac92.txt"


@pytest.fixture(scope="module")
def tables(sample_run):
    return sample_run.results[SAMPLE.name].tables


def test_gold_is_present():
    assert len(GOLD) == 20


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.stem)
def test_every_gold_table_is_found(path, tables):
    judged, correct, _ = score(json.loads(path.read_text(encoding="utf-8")), tables)
    assert correct >= 0.5 * judged


def test_cell_recall_and_precision(tables):
    totals = [score(json.loads(p.read_text(encoding="utf-8")), tables) for p in GOLD]
    judged, correct, extracted = (sum(t[i] for t in totals) for i in range(3))
    assert correct / judged >= 0.98
    assert correct / extracted >= 0.99


def test_repairs_keep_raw_text_and_rule(tables):
    repaired = [c for t in tables for c in t.cells if c.repaired]
    assert repaired and all(c.raw and c.repair_rule for c in repaired)
