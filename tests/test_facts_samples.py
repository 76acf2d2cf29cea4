"""End to end on the sample reports: the pipeline's facts against the development gold."""
import json
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parents[1]
GOLD = json.loads((ROOT / "tests/data/gold/facts_dev.json").read_text(encoding="utf-8"))
ARTICLE = "004_a1a17b07a1d9badb.txt"
OCR_REPORT = "000_254b6088d6d1ac92.txt"


@pytest.fixture(scope="module")
def results(sample_run):
    return sample_run.results


def _same(fact, gold):
    return (fact.key, fact.period, fact.unit) == (gold["key"], gold["period"], gold["unit"]) \
        and abs(fact.value - gold["value"]) <= 0.005 * abs(gold["value"])


def test_clean_article_yields_every_gold_fact(results):
    facts = results[ARTICLE].facts
    missed = [g for g in GOLD[ARTICLE] if not any(_same(f, g) for f in facts)]
    assert missed == []


@pytest.mark.parametrize("name", [ARTICLE, OCR_REPORT])
def test_every_fact_with_a_gold_key_is_right(results, name):
    keys = {g["key"] for g in GOLD[name]}
    wrong = [f for f in results[name].facts if f.key in keys and not any(_same(f, g) for g in GOLD[name])]
    assert wrong == []


@pytest.mark.parametrize("name", [ARTICLE, OCR_REPORT])
def test_facts_point_back_to_their_source_lines(results, name):
    document = results[name].document
    raw_lines = {line.number: line.raw for _, line in document.lines()}
    assert results[name].facts
    for fact in results[name].facts:
        assert fact.line_start <= fact.line_end
        assert fact.raw_value in fact.evidence
        source = " ".join(raw_lines[n].strip() for n in range(fact.line_start, fact.line_end + 1))
        assert fact.evidence_raw == source
        assert fact.raw_value.split()[0] in source


def test_entities_of_the_samples(results):
    article = {(e.label, e.text, e.role) for e in results["002_5e5253b93238e1d5.txt"].entities}
    assert ("PERSON", "Lene Conradi", "ordfører") in article
    report = results[OCR_REPORT].entities
    assert {"MUNICIPALITY", "ORG", "PLAN"} <= {e.label for e in report}
    assert all(e.page_no and e.line_no and e.evidence for e in report)


def test_every_fact_key_is_described_in_the_warehouse(sample_con):
    keys = dict(sample_con.execute("select key, units from fact_keys").fetchall())
    assert "netto_driftsresultat" in keys and "mill_kr" in keys["netto_driftsresultat"]
    facts = sample_con.execute("select key, unit from facts").fetchall()
    assert facts and all(unit in keys[key] for key, unit in facts)
