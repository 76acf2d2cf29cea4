"""Document metadata from the content: municipality, report year and kind."""
from pathlib import Path

import pytest

from pipeline.ingest import read_document
from pipeline.ingest.metadata import detect_kind, detect_metadata, detect_municipality, detect_year, match_name
from pipeline.models import Document, Line, Page

RAW = Path(__file__).resolve().parents[1] / "raw"

FILLER = ("Tjenestene har vært gode gjennom hele perioden, og de ansatte har gjort en stor innsats "
          "for innbyggerne i alle deler av organisasjonen.")


def make_doc(pages: list[str]) -> Document:
    numbered, n = [], 0
    for page_no, text in enumerate(pages, start=1):
        lines = []
        for raw in text.split("\n"):
            n += 1
            lines.append(Line(n, raw))
        numbered.append(Page(page_no, lines))
    return Document(doc_id="x", source_path="x.txt", source_format="txt", n_pages=len(pages), pages=numbered)


def report(cover: str, *pages: str) -> list[str]:
    """A multi-page report: a cover page, a foreword, the given pages and more ordinary pages."""
    foreword = "\n".join([FILLER] * 12)
    return [cover, foreword, *pages, *[FILLER] * 6]


def lines_of(pages: list[str]) -> list[str]:
    return "\n".join(pages).split("\n")


# --- whole documents --------------------------------------------------------------------------


def test_bodo_annual_report_names_its_year_and_municipality():
    doc = make_doc(report(
        "Bodø kommune\nÅrsberetning 2022",
        "Bodø kommune fikk et netto driftsresultat på 2,1 prosent i 2022.\n"
        "Samarbeidet med Fauske kommune om legevakt fortsetter i 2023.",
        "Handlingsprogram 2023-2026 ble vedtatt i desember. Årsberetningen for 2022 viser status.",
    ))
    doc = detect_metadata(doc)
    assert (doc.municipality, doc.report_year, doc.kind) == ("Bodø", 2022, "annual_report")


def test_lillestrom_handlingsprogram_is_a_budget_for_its_first_year():
    doc = make_doc(report(
        "Lillestrøm kommune\nHandlingsprogram med økonomiplan 2024–2027",
        "Regnskap 2022 viste et mindreforbruk. Årsrapport 2022 ligger på nettsidene.\n"
        "Lillestrøm kommune skal bygge to skoler i planperioden, den første i 2025 og den andre i 2026.",
        "I 2026 og 2027 øker driftsutgiftene. Innen 2026 skal nye boliger stå ferdig, og i 2027 en ny hall.",
    ))
    doc = detect_metadata(doc)
    assert (doc.municipality, doc.report_year, doc.kind) == ("Lillestrøm", 2024, "budget")


def test_baerum_article_is_an_article_about_baerum_and_its_year():
    doc = make_doc([
        "Bærum kommune la frem regnskapet for 2021 i dag.\n"
        "Resultatet i 2021 ble bedre enn ventet, sier ordføreren. Også Asker kommune fikk et godt år.\n"
        "Bærum kommune vil bruke overskuddet på skoler, og innbyggerne i Bærum får nye tilbud i 2022."
    ])
    doc = detect_metadata(doc)
    assert (doc.municipality, doc.report_year, doc.kind) == ("Bærum", 2021, "article")


def test_the_sample_reports_get_their_municipality_year_and_kind():
    found = {}
    for path in sorted(RAW.glob("*.txt")):
        doc = read_document(path)
        doc = detect_metadata(doc)
        found[path.name[:3]] = (doc.municipality, doc.report_year, doc.kind)
    assert found == {"000": ("Asker", 2023, "annual_report"),
                     "002": ("Asker", 2017, "article"),
                     "004": ("Asker", 2017, "article")}


def test_a_document_without_text_gets_no_metadata():
    doc = make_doc([""])
    doc = detect_metadata(doc)
    assert (doc.municipality, doc.report_year, doc.kind) == (None, None, None)


# --- municipality -----------------------------------------------------------------------------


def test_the_subject_wins_over_neighbours_named_first():
    lines = lines_of([
        "Oslo kommune og Frogn kommune samarbeider med Nordre Follo kommune om vannforsyning.\n"
        "Nordre Follo kommune har hatt sterk vekst, og Nordre Follo kommunes økonomi er god.\n"
        "Sammenlignet med Ås og Oslo har Nordre Follo kommune lavere gjeld."
    ])
    assert detect_municipality(lines) == "Nordre Follo"


def test_a_tie_goes_to_the_municipality_named_first():
    assert detect_municipality(["Arbeidet i Hamar kommune og Stange kommune startet i fjor."]) == "Hamar"


def test_ocr_damaged_names_are_matched_to_the_correct_spelling():
    assert detect_municipality(["Baerum kommune har vedtatt budsjettet."]) == "Bærum"
    assert detect_municipality(["Lillestrgm kommune har vedtatt budsjettet."]) == "Lillestrøm"
    assert detect_municipality(["ASKER KOMMUNE", "Arsrapport 2023"]) == "Asker"


def test_names_of_several_words_and_former_municipalities_are_found():
    assert detect_municipality(["Nore og Uvdal kommune har 2400 innbyggere."]) == "Nore og Uvdal"
    assert detect_municipality(["Tall for Indre Østfold kommune."]) == "Indre Østfold"
    assert detect_municipality(["Aurskog-Høland kommunes planer."]) == "Aurskog-Høland"
    assert detect_municipality(["Røyken kommune ble en del av Asker i 2020. Røyken kommune var egen."]) == "Røyken"


def test_ordinary_words_before_kommune_are_not_names():
    lines = ["Hver kommune har ansvar for dette. Denne kommune er ny.",
             "Nye kommune blir større. Fremtidens kommune er digital, sa Vertskommune-lederen."]
    assert detect_municipality(lines) is None


def test_a_name_opening_a_sentence_or_in_capitals_alone_is_not_evidence():
    assert detect_municipality(["Time etter time gikk. Moss vokser på steinen.", "Selskapet AS og NAV."]) is None
    assert detect_municipality(["Planen ble lagt fram i Tromsø i mai."]) == "Tromsø"


@pytest.mark.parametrize(("span", "expected"), [
    ("Baerum", ("Bærum", 100.0)),
    ("Bodø", ("Bodø", 100.0)),
    ("Bodg", None),  # too short to tell one wrong letter from another name
    ("Fremtidens", None),  # an ordinary word
    ("Sandvika", None),  # a town, not a municipality
])
def test_match_name(span, expected):
    assert match_name(span) == expected


def test_match_name_scores_a_fuzzy_match_below_an_exact_one():
    name, score = match_name("Lillestrgm")
    assert name == "Lillestrøm" and 85 <= score < 100


# --- kind -------------------------------------------------------------------------------------


def test_short_texts_are_articles_whatever_their_vocabulary():
    assert detect_kind(["Årsrapport 2023 for Bodø kommune er klar."], n_pages=1) == "article"


def test_a_long_text_is_an_article_only_if_short_in_words_too():
    many_words = [FILLER] * 200
    assert detect_kind(["Årsrapport 2023", *many_words], n_pages=1) == "annual_report"


def test_report_kind_follows_the_genre_words_and_the_cover():
    annual = lines_of(report("Årsmelding 2019", "Handlingsprogrammet ble fulgt opp. Årsmeldingen viser resultatene."))
    assert detect_kind(annual, n_pages=8) == "annual_report"
    budget = lines_of(report("Budsjett 2024", "Tallene bygger på regnskap 2022 og årsrapporten for 2022."))
    assert detect_kind(budget, n_pages=8) == "budget"
    assert detect_kind(lines_of(report("Kommunen i tall")), n_pages=8) is None


def test_budget_words_in_table_headers_do_not_make_an_annual_report_a_budget():
    annual = lines_of(report("Årsrapport 2023", *["Regnskap 2023 Budsjett 2023 Avvik"] * 5))
    assert detect_kind(annual, n_pages=11) == "annual_report"


# --- year -------------------------------------------------------------------------------------


def test_the_plan_period_gives_its_first_year_even_when_later_years_dominate():
    lines = ["Handlingsprogram 2017-2020", "I 2020 skal ny kommune være klar. Fra 2020 gjelder nye regler.",
             "Målet for 2020 er satt."]
    assert detect_year(lines, "budget") == 2017


def test_an_annual_report_without_a_title_phrase_takes_the_dominant_year():
    lines = ["Resultatet i 2023 ble godt.", "I 2023 økte folketallet, mer enn i 2022.", "Planen for 2024."]
    assert detect_year(lines, "annual_report") == 2023


def test_other_reports_cited_in_plural_do_not_set_the_year():
    lines = ["Se årsrapportene for 2020 og 2021.", "I 2022 økte skatteinngangen.", "Året 2022 var godt."]
    assert detect_year(lines, "annual_report") == 2022


def test_the_title_phrase_of_an_annual_report_beats_more_frequent_years():
    lines = ["Årsrapport og årsregnskap 2022", "Planene for 2023 er klare, og i 2023 kommer nye tiltak i 2023."]
    assert detect_year(lines, "annual_report") == 2022


def test_numbers_that_only_contain_a_year_are_not_years():
    assert detect_year(["Beløpet var 2023,5 millioner og 0,2019 prosent i 2018."], "article") == 2018
    assert detect_year(["Per 31.12.2019 og 31.12.2019 mot 2018."], "article") == 2019
    assert detect_year(["Ingen årstall her."], "article") is None
