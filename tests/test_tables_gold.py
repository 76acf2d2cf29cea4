"""Golden tables: the development gold of the sample report, recovered end to end."""
import json
from pathlib import Path

import pytest
from rapidfuzz import fuzz


ROOT = Path(__file__).resolve().parents[1]
GOLD = sorted((ROOT / "tests/data/gold/tables").glob("*.json"))
SAMPLE = ROOT / "raw/000_254b6088d6d1ac92.txt"


def _same(gold, cell):
    if isinstance(gold, dict):
        gold = gold.get("v")
    if gold is None or cell is None:
        return None if gold is None else False
    if isinstance(gold, (int, float)):
        return cell.value_num is not None and abs(cell.value_num - gold) <= 1e-6 * max(1.0, abs(gold))
    return cell.value_text is not None and cell.value_text.casefold().split() == str(gold).casefold().split()


def _pair_rows(gold, rows):
    """Gold rows paired one-to-one with extracted rows by label likeness plus agreeing values."""
    scored = []
    for gi, grow in enumerate(gold["rows"]):
        for key, cells in rows.items():
            label = next(iter(cells.values())).row_label
            agree = [_same(g, cells.get(ci)) for ci, g in enumerate(grow["values"])]
            agree = [a for a in agree if a is not None]
            score = fuzz.token_sort_ratio(grow["label"].casefold(), label.casefold()) / 100
            score += sum(agree) / len(agree) if agree else 0
            if score >= 0.6:
                scored.append((score, gi, key))
    pairs, used = {}, set()
    for _, gi, key in sorted(scored, reverse=True):
        if gi not in pairs and key not in used:
            pairs[gi] = key
            used.add(key)
    return pairs


@pytest.fixture(scope="module")
def tables(sample_run):
    return sample_run.results[SAMPLE.name].tables


def _score(gold, tables):
    pool = [t for t in tables if t.line_start <= gold["line_end"] and gold["line_start"] <= t.line_end]
    rows = {}
    for table in pool:
        for cell in table.cells:
            rows.setdefault((table.table_id, cell.row_idx), {})[cell.col_idx] = cell
    pairs = _pair_rows(gold, rows)
    judged = correct = extracted = 0
    for gi, grow in enumerate(gold["rows"]):
        cells = rows.get(pairs.get(gi), {})
        extracted += sum(1 for ci, c in cells.items() if (c.value_num is not None or c.value_text)
                         and (ci >= len(grow["values"]) or grow["values"][ci] is not None))
        for ci, g in enumerate(grow["values"]):
            ok = _same(g, cells.get(ci))
            if ok is not None:
                judged, correct = judged + 1, correct + ok
    return judged, correct, extracted


def test_gold_is_present():
    assert len(GOLD) == 20


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.stem)
def test_every_gold_table_is_found(path, tables):
    judged, correct, _ = _score(json.loads(path.read_text(encoding="utf-8")), tables)
    assert correct >= 0.5 * judged


def test_cell_recall_and_precision(tables):
    totals = [_score(json.loads(p.read_text(encoding="utf-8")), tables) for p in GOLD]
    judged, correct, extracted = (sum(t[i] for t in totals) for i in range(3))
    assert correct / judged >= 0.95
    assert correct / extracted >= 0.97


def test_repairs_keep_raw_text_and_rule(tables):
    repaired = [c for t in tables for c in t.cells if c.repaired]
    assert repaired and all(c.raw and c.repair_rule for c in repaired)
