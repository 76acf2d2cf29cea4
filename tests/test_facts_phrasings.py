"""Key figures from sentences written for these tests, one group per phrasing family.

Each family has sentences that must yield a fact and sentences that must not (forecasts, targets,
changes, comparisons, other subjects)."""
import pytest

from pipeline.facts import extract_facts
from pipeline.models import Document, Line, Page


def facts_in(*lines: str, year: int | None = 2022, municipality: str | None = "Bærum"):
    doc = Document(doc_id="test", source_path="test.txt", source_format="txt", n_pages=1,
                   pages=[Page(7, [Line(n, text) for n, text in enumerate(lines, start=40)])],
                   municipality=municipality, report_year=year)
    return extract_facts(doc).facts


def keyed(facts):
    return {(f.key, f.value, f.unit, f.period) for f in facts}


# sentences that state a key figure, by phrasing family
FAMILIES = {
    "results": [
        ("Kommunen fikk et netto driftsresultat på 154 millioner kroner i 2022.",
         {("netto_driftsresultat", 154, "mill_kr", 2022)}),
        ("Netto driftsresultat endte på 2,4 prosent av driftsinntektene, tilsvarende 87 mill. kr.",
         {("netto_driftsresultat", 2.4, "pct", 2022), ("netto_driftsresultat", 87, "mill_kr", 2022)}),
        ("For 2021 viser regnskapet et netto driftsresultat på 1,2 mrd. kroner.",
         {("netto_driftsresultat", 1200, "mill_kr", 2021)}),
        ("Brutto driftsresultat ble 64 000 000 kroner.", {("brutto_driftsresultat", 64, "mill_kr", 2022)}),
        ("Netto driftsresultat landet på 3,3 prosent.", {("netto_driftsresultat", 3.3, "pct", 2022)}),
        ("Netto driftsresultat ble 75 mill. kroner mot budsjettert 20 mill. kroner.",
         {("netto_driftsresultat", 75, "mill_kr", 2022)}),
        ("Kommunen hadde et negativt netto driftsresultat på 12 mill. kroner.",
         {("netto_driftsresultat", -12, "mill_kr", 2022)}),
    ],
    "population_workforce": [
        ("Befolkningsveksten i kommunen var 0,8 prosent.", {("befolkningsvekst", 0.8, "pct", 2022)}),
        ("Innbyggertallet økte med 1,4 % i 2022.", {("befolkningsvekst", 1.4, "pct", 2022)}),
        ("Ved årsskiftet hadde kommunen 131 000 innbyggere.", {("innbyggere", 131000, "count", 2022)}),
        ("Det bor nå rundt 47 500 innbyggere i kommunen.", {("innbyggere", 47500, "count", 2022)}),
        ("Kommunen har om lag 4 200 ansatte fordelt på 180 enheter.", {("ansatte", 4200, "count", 2022)}),
        ("Totalt har Bærum kommune 9 800 ansatte i alle tjenester.", {("ansatte", 9800, "count", 2022)}),
        ("Sykefraværet i kommunen som helhet var 6,6 prosent.", {("sykefravaer", 6.6, "pct", 2022)}),
        ("Kommunen har i overkant av 5 000 ansatte.", {("ansatte", 5000, "count", 2022)}),
        ("Samtidig har kommunen 5 000 ansatte.", {("ansatte", 5000, "count", 2022)}),
        ("Det ble bosatt 30 flyktninger i løpet av året.", {("bosatte_flyktninger", 30, "count", 2022)}),
        ("Takk til alle kommunens 3100 medarbeidere.", {("ansatte", 3100, "count", 2022)}),
        ("Organisasjonen utgjorde 2 950 årsverk ved utgangen av året.", {("arsverk", 2950, "count", 2022)}),
        # a date after `per` is not a ratio; a stock on 1 January is the year before's
        ("Folketallet per 31.12.2022 var 18 230.", {("innbyggere", 18230, "count", 2022)}),
        ("Per 31. desember var innbyggertallet 18 230.", {("innbyggere", 18230, "count", 2022)}),
        ("Kommunen hadde 18 230 innbyggere per 1. januar 2023.", {("innbyggere", 18230, "count", 2022)}),
    ],
    "services_society": [
        ("Sykefraværet endte på 7,3 prosent i 2022.", {("sykefravaer", 7.3, "pct", 2022)}),
        ("Det samlede sykefraværet var 8,1 % dette året.", {("sykefravaer", 8.1, "pct", 2022)}),
        ("Valgdeltakelsen ved kommunestyrevalget ble 61,2 prosent.", {("valgdeltakelse", 61.2, "pct", 2022)}),
        ("Kommunen tok imot og bosatte 112 flyktninger i løpet av året.", {("bosatte_flyktninger", 112, "count", 2022)}),
        ("I fjor mottok kommunen 64 flyktninger.", {("bosatte_flyktninger", 64, "count", 2021)}),
        ("I 2022 ble det ferdigstilt 415 nye boliger.", {("fullforte_boliger", 415, "count", 2022)}),
        ("Totalt 280 boliger ble fullført i 2021.", {("fullforte_boliger", 280, "count", 2021)}),
        ("De samlede klimagassutslippene var 98 400 tonn CO2-ekvivalenter.", {("klimagassutslipp", 98400, "tonn", 2022)}),
    ],
    "financial_indicators": [
        ("Disposisjonsfondet utgjør 11,5 prosent av brutto driftsinntekter.", {("disposisjonsfond", 11.5, "pct", 2022)}),
        ("Disposisjonsfondet var 512 mill. kroner ved utgangen av året, som tilsvarer 8,7 prosent av inntektene.",
         {("disposisjonsfond", 8.7, "pct", 2022)}),
        ("Netto lånegjeld var 104,2 prosent av driftsinntektene.", {("netto_lanegjeld", 104.2, "pct", 2022)}),
        ("Gjeldsgraden endte på 88 prosent.", {("netto_lanegjeld", 88, "pct", 2022)}),
        ("Egenfinansieringen av investeringene var 41,0 prosent.",
         {("egenfinansiering_investeringer", 41.0, "pct", 2022)}),
        ("Avkastningen på energifondet ble 9,4 prosent, tilsvarende 210 mill. kroner.",
         {("avkastning_energifond", 9.4, "pct", 2022), ("avkastning_energifond", 210, "mill_kr", 2022)}),
        ("Tjenesteområdene hadde et samlet merforbruk på 23 millioner kroner.",
         {("merforbruk_tjenesteomrader", 23, "mill_kr", 2022)}),
        ("Tjenesteområdene brukte 18 mill. kroner mindre enn budsjettert.",
         {("mindreforbruk_tjenesteomrader", 18, "mill_kr", 2022)}),
    ],
}


@pytest.mark.parametrize("sentence, expected", [
    pytest.param(sentence, expected, id=f"{family}-{n}")
    for family, cases in FAMILIES.items() for n, (sentence, expected) in enumerate(cases)])
def test_phrasing_families(sentence, expected):
    assert keyed(facts_in(sentence)) == expected


@pytest.mark.parametrize("sentence", [
    # changes and points of comparison
    "Sykefraværet gikk ned 1,3 prosent fra 2021 til 2022.",
    "Sykefraværet er redusert med 0,6 prosentpoeng sammenlignet med året før.",
    "Netto driftsresultat ble 40 mill. kroner høyere enn i 2021.",
    "Klimagassutslippene ble redusert med 3 000 tonn.",
    "Kommunen har 12 fastleger per 10 000 innbyggere.",
    # targets, budgets and forecasts
    "Kommunen har et mål om 67 prosent egenfinansiering av investeringene.",
    "Målet er at netto driftsresultat over tid skal være 2 prosent av driftsinntektene.",
    "Netto driftsresultat skal være minst 1,75 prosent.",
    "Det forventes at befolkningsveksten blir 1,5 prosent i årene fremover.",
    "I 2026 vil kommunen ha rundt 140 000 innbyggere.",
    "Budsjettert netto driftsresultat var 35 mill. kroner.",
    "Disposisjonsfondet bør være minst 10 prosent av driftsinntektene, ifølge handlingsregelen.",
    # other subjects and variants
    "Sykefraværet i landet som helhet var 6,9 prosent.",
    "Nabokommunene hadde et sykefravær på 7,9 prosent.",
    "Uten bufferfondet er disposisjonsfondet på 2,1 prosent.",
    # a part of the municipality
    "Sykefraværet i barnehagene var 10,1 prosent.",
    "Sykefraværet for hjemmetjenesten endte på 12 prosent.",
    "Kommunen har 1 200 ansatte i helse og omsorg.",
    "Sykehjemmet har 120 ansatte og 80 årsverk.",
    "Netto driftsresultat for tjenesteområdet var 3 mill. kroner.",
    # `per` before a number that is no date is a ratio
    "Bærum hadde per 1 000 innbyggere 96 ansatte i helsetjenesten.",
    "Det er i gjennomsnitt ferdigstilt 350 boliger hvert år de siste fem årene.",
    "Tjenesteområdet hadde et merforbruk på 4 mill. kroner.",
    "Det legemeldte sykefraværet var 4,9 prosent.",
    "Valgdeltakelsen blant førstegangsvelgere var 51 prosent.",
    # figures that are not key figures
    "Over 900 ansatte svarte på medarbeiderundersøkelsen.",
    "Kommunen har 2 300 innbyggere i alderen 80 år og eldre.",
    "Kommunen ble bedt om å bosette 200 flyktninger i 2022.",
])
def test_sentences_that_state_no_key_figure(sentence):
    assert facts_in(sentence) == ()


def test_other_municipality_is_not_the_report_subject():
    assert facts_in("Oslo hadde et sykefravær på 6,5 prosent i 2022.") == ()
    assert keyed(facts_in("Bærum hadde et sykefravær på 6,5 prosent i 2022.")) == {("sykefravaer", 6.5, "pct", 2022)}
    in_own = facts_in("Bærum hadde et sykefravær på 6,5 prosent i 2022.", municipality="Bærum kommune")
    assert keyed(in_own) == {("sykefravaer", 6.5, "pct", 2022)}


def test_contrast_clause_keeps_only_the_first_figure():
    facts = facts_in("Valgdeltakelsen i kommunen var 70,1 prosent, mens den i landet var 64 prosent.")
    assert keyed(facts) == {("valgdeltakelse", 70.1, "pct", 2022)}


def test_period_from_sentence_over_report_year_and_comparison_year_ignored():
    assert keyed(facts_in("Sykefraværet var 6,2 prosent i 2020.")) == {("sykefravaer", 6.2, "pct", 2020)}
    facts = facts_in("Sykefraværet var 6,2 prosent, som er lavere enn i 2019.")
    assert keyed(facts) == {("sykefravaer", 6.2, "pct", 2022)}


def test_each_figure_takes_the_year_stated_with_it():
    facts = facts_in("Sykefraværet var 7,0 prosent i 2022 og 7,4 prosent i 2021.")
    assert keyed(facts) == {("sykefravaer", 7.0, "pct", 2022), ("sykefravaer", 7.4, "pct", 2021)}


def test_the_year_before_is_named_without_a_number():
    assert keyed(facts_in("Året før var sykefraværet 7,7 prosent.")) == {("sykefravaer", 7.7, "pct", 2021)}
    facts = facts_in("Sykefraværet var 7,1 prosent mot 7,7 prosent året før.")
    assert keyed(facts) == {("sykefravaer", 7.1, "pct", 2022)}


def test_year_after_the_report_year_is_a_forecast():
    assert facts_in("I 2025 er netto driftsresultat på 90 mill. kroner.") == ()


def test_without_a_report_year_only_the_sentence_gives_the_period():
    facts = facts_in("Sykefraværet var 5,5 prosent.", "", "Netto driftsresultat i 2021 var 12 mill. kroner.",
                     year=None)
    assert keyed(facts) == {("sykefravaer", 5.5, "pct", None), ("netto_driftsresultat", 12.0, "mill_kr", 2021)}


def test_repeated_figure_keeps_the_value_stated_most_often():
    facts = facts_in("Sykefraværet var 6,0 prosent.", "", "Sykefraværet var 6,4 prosent.", "",
                     "Sykefraværet var 6,4 prosent.")
    assert keyed(facts) == {("sykefravaer", 6.4, "pct", 2022)}


def test_provenance_and_evidence_span_the_wrapped_sentence():
    facts = facts_in("Året ga et godt resultat. Kommunens netto",
                     "driftsresultat ble 61 mill. kroner, som er godt over",
                     "målsettingen. Neste avsnitt.")
    [fact] = facts
    assert (fact.page_no, fact.line_start, fact.line_end) == (7, 40, 42)
    assert fact.evidence == "Kommunens netto driftsresultat ble 61 mill. kroner, som er godt over målsettingen."
    assert fact.evidence_raw == ("Året ga et godt resultat. Kommunens netto driftsresultat ble 61 mill. kroner, "
                                 "som er godt over målsettingen. Neste avsnitt.")
    assert fact.raw_value == "61 mill. kroner"


def test_heading_and_table_rows_are_not_read_as_sentences():
    facts = facts_in("Nøkkeltall", "Sykefravær 8,2 % 7,9 % 7,5 %", "Netto driftsresultat 1,1 % 2,0 % 3,4 %",
                     "Kommentar til tabellen følger under.")
    assert facts == ()


def test_a_prose_line_with_several_figures_does_not_cut_its_sentence():
    """Wrapped prose whose line holds several figures and ends in one is still prose, not a table row."""
    facts = facts_in("Kommunen fikk et godt år. Netto driftsresultatet i",
                     "2022 ble på 61 mill. kroner eller 2,3 prosent av inntektene. I fjor var netto driftsresultat 40",
                     "mill. kroner i 2021.")
    assert keyed(facts) == {("netto_driftsresultat", 61, "mill_kr", 2022), ("netto_driftsresultat", 2.3, "pct", 2022),
                            ("netto_driftsresultat", 40, "mill_kr", 2021)}
