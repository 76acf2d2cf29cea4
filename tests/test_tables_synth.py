"""A synthetic report of another municipality (tests/data/synth: Tesseract's English model reading
the scanned pages, so æøå are lost; gold tables with their page), recovered end to end. It holds
most failure classes at once: KOSTRA tables printed by columns, values printed after the footnotes
and after the next table's header, budget headers over two lines, 'Side N av M' footers."""
import json
from pathlib import Path

import pytest

from pipeline.batch import process_document
from tests.table_scoring import score

DATA = Path(__file__).resolve().parent / "data/synth"
GOLD = json.loads((DATA / "r2_gold_tables.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def tables():
    return process_document(str(DATA / "r2_ocr.txt")).tables


@pytest.mark.parametrize("gold", GOLD, ids=lambda g: f"p{g['page']}-{g['title']}")
def test_every_gold_table_is_found(gold, tables):
    judged, correct, _ = score(gold, tables)
    assert correct >= 0.5 * judged


def test_cell_recall_and_precision(tables):
    totals = [score(gold, tables) for gold in GOLD]
    judged, correct, extracted = (sum(t[i] for t in totals) for i in range(3))
    assert correct / judged >= 0.95
    assert correct / extracted >= 0.97
