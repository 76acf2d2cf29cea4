"""The pieces under the key figures: figures and units, page text with line provenance, entities."""
import pytest

from pipeline.facts import extract_facts
from pipeline.facts.catalogue import compile_phrasing, load_catalogue
from pipeline.facts.pagetext import page_text
from pipeline.facts.quantities import find_quantities
from pipeline.models import Document, Line, Page


@pytest.mark.parametrize("text, value, unit", [
    ("296 mill. kroner", 296, "mill_kr"),
    ("12 millioner kroner", 12, "mill_kr"),
    ("1,8 mrd. kroner", 1800, "mill_kr"),
    ("2 milliarder kroner", 2000, "mill_kr"),
    ("45 000 000 kroner", 45, "mill_kr"),
    ("3,1 prosent", 3.1, "pct"),
    ("5,7 %", 5.7, "pct"),
    ("-0,4 %", -0.4, "pct"),
    ("12 500 tonn CO2-ekvivalenter", 12500, "tonn"),
    ("99 000", 99000, "count"),
    ("42 tusen", 42000, "count"),
    ("kr 45 000 000", 45, "mill_kr"),
    ("NOK 2,5 mrd.", 2500, "mill_kr"),
    ("850 tusen kroner", 0.85, "mill_kr"),
    ("4,2 pst.", 4.2, "pct"),
])
def test_units_are_normalised(text, value, unit):
    [q] = find_quantities(f"Tallet var {text} i fjor.")
    assert (q.value, q.unit, q.raw) == (value, unit, text)


@pytest.mark.parametrize("text", ["i 2023", "500-550 boliger", "vedtatt 09.05.23"])
def test_years_ranges_and_dates_are_not_figures(text):
    assert find_quantities(text) == []


def test_units_outside_the_catalogue_keep_no_unit():
    [pp, kr] = find_quantities("ned 0,4 prosentpoeng og 1000 kroner i avslag")
    assert (pp.unit, kr.unit) == (None, None)


def test_a_dash_between_words_is_not_a_minus():
    [q] = find_quantities("resultatet – 15 mill. kroner – var godt")
    assert q.value == 15


def _page(*texts):
    return Page(3, [Line(n, t) for n, t in enumerate(texts, start=10)])


def test_page_text_joins_wrapped_lines_and_hyphenated_words():
    page = page_text(_page("Kommunen har hatt en god befolknings-", "vekst og mange kommune- og", "fylkesvalg."))
    assert page.text == "Kommunen har hatt en god befolkningsvekst og mange kommune- og fylkesvalg."
    assert page.line_at(page.text.index("vekst og")).number == 11
    assert page.line_at(page.text.index("fylkesvalg")).number == 12


def test_page_text_breaks_at_blank_lines_headings_and_table_rows():
    page = page_text(_page("Et langt avsnitt med tekst som fyller hele linjen og mer til her.", "", "Overskrift",
                           "Tekst etter overskriften som fortsetter lenge nok til å være et avsnitt.",
                           "Rad 1,0 % 2,0 % 3,0 %", "siste linje."))
    assert page.text.split("\n\n") == [
        "Et langt avsnitt med tekst som fyller hele linjen og mer til her.", "", "Overskrift",
        "Tekst etter overskriften som fortsetter lenge nok til å være et avsnitt.",
        "Rad 1,0 % 2,0 % 3,0 %", "siste linje."]


def test_a_phrasing_must_name_its_figure_once():
    with pytest.raises(ValueError):
        compile_phrasing("netto driftsresultat ...", ("pct",), 8)


def test_every_catalogue_phrasing_compiles_and_uses_known_units():
    catalogue = load_catalogue()
    known = {u.unit for u in catalogue.units} | {"count"}
    for fact in catalogue.facts:
        assert set(fact.units) <= known, fact.key
        for phrasing in fact.phrasings:
            assert compile_phrasing(phrasing, fact.units, catalogue.gap_tokens)


def test_entities_with_roles_companies_municipalities_and_plans():
    lines = ["- Vi er fornøyde, sier ordfører Kari Nordmann etter møtet. Direktør Direktør Kommunalsjef",
             "Renovasjonen drives av Vestmark Avfall IKS, og kommunen eier Byutvikling Vest AS sammen med Bærum.",
             "Temaplan for idrett og friluftsliv ble vedtatt, og kommuneplanens samfunnsdel revideres.",
             "Kommunen samarbeider med Nordby og Sørby brann og redning IKS. Kommunen er medeier i mange gode AS.",
             "Prisen gikk til Lysverk AS og en lærling hos Grønn Hage AS."]
    doc = Document("e", "e.txt", "txt", 1, [Page(2, [Line(n, t) for n, t in enumerate(lines, start=5)])])
    entities = extract_facts(doc).entities
    found = {(e.label, e.text, e.role, e.line_no) for e in entities}
    assert found == {
        ("PERSON", "Kari Nordmann", "ordfører", 5),
        ("ORG", "Vestmark Avfall IKS", None, 6),
        ("ORG", "Byutvikling Vest AS", None, 6),
        ("MUNICIPALITY", "Bærum", None, 6),
        ("PLAN", "Temaplan for idrett", None, 7),
        ("PLAN", "kommuneplanens samfunnsdel", None, 7),
        ("ORG", "Nordby og Sørby brann og redning IKS", None, 8),
        ("ORG", "Lysverk AS", None, 9),
        ("ORG", "Grønn Hage AS", None, 9),
    }
    person = next(e for e in entities if e.label == "PERSON")
    assert person.page_no == 2 and person.evidence.startswith("- Vi er fornøyde, sier ordfører Kari Nordmann")


def test_pages_without_text_yield_nothing():
    doc = Document("p", "p.pdf", "pdf", 2, [Page(1, []), Page(2, [Line(1, "   "), Line(2, "")])])
    found = extract_facts(doc)
    assert found.facts == () and found.entities == () and found.issues == ()
