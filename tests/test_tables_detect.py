"""Table detection over page text, marts and CSV exports."""
import csv
from dataclasses import replace

import pytest

from pipeline.models import Document, DocumentResult, Line, Page
from pipeline.tables import extract_tables
from pipeline.tables.marts import build_marts
from pipeline.warehouse.export import export_tables

PAGE = """Tjenesteområde Kultur og idrett omfatter bibliotek, kulturskole og idrett for alle i kommunen.

Økonomi
Beløp i 1000
Programområder Regnskap Oppr. bud. 2024 Rev. bud. 2024 Avviki Avviki
2024 kr %
70-Kultur 30 000 20 000 25 000 -5 000 200 %
71-Idrett og 10 000 12 000 12 000 2 000 16,7 %
friluftsliv
Sum 40 000 32 000 37 000 3 000 -8,1 %

Årsresultatet viser et merforbruk på 3 mill. kroner. Det vises til
årsberetningen for en nærmere beskrivelse.

Årsverk og ansatte
2024
Årsverk (antall) 120
Ansatte (antall) 131

KOSTRA-tall
Moss Moss Halden Sarpsborg Landet KOSTRA-
2023 2024 uten Oslo gruppe 8
Prioritet
Netto driftsutgifter per innbygger 410 422 398 377 405 405
(370) bibliotek (B) *) **)
Andel innbyggere med lånekort 30,1 % 31,2 % 29,0 % 27,5 % 30,6 % 30,6 %
*) Inflasjonsjustert med deflator

Side 4 av 9

Dette skal vi oppnå
KULTUR
Innbyggerne deltar i kulturlivet.
Indikator 2021 2022 2023 2024
Alle har et kulturtilbud nær seg.
Andel som besøker bibliotek
minst en gang i året 41 % 43 % lkke malt 45 %
Tilfredshet med kulturtilbudet, skala 1-6 hvor 6 er best 47 4,8 4,9 Tall kommer
Et delmål uten målinger ennå.
Indikator under utvikling
Vurdering og analyse
Kommunen har arbeidet godt med kulturtilbudet gjennom hele året, og mange har deltatt.
"""


@pytest.fixture(scope="module")
def tables():
    lines = [Line(i, text) for i, text in enumerate(PAGE.splitlines(), start=1)]
    doc = Document("d" * 64, "reports/moss_2024.txt", "txt", 1, [Page(4, lines)])
    return extract_tables(doc).tables


def _grid(table):
    return {(c.row_idx, c.col_idx): c for c in table.cells}


def test_tables_found_with_kinds_and_spans(tables):
    assert [(t.kind, t.title, t.line_start, t.line_end) for t in tables] == [
        ("budget", "Økonomi", 3, 10), ("workforce", "Årsverk og ansatte", 15, 18),
        ("kostra", "KOSTRA-tall", 20, 26), ("indicator", "Kultur: Innbyggerne deltar i kulturlivet", 34, 38)]
    assert tables[0].unit_note == "Beløp i 1000" and tables[0].page_no == 4


def test_budget_rows_and_proven_repair(tables):
    grid = _grid(tables[0])
    assert grid[1, 0].row_label == "71-Idrett og friluftsliv" and grid[1, 0].value_num == 10000
    assert grid[0, 4].value_num == -20.0 and grid[0, 4].raw == "200 %" and grid[0, 4].repaired
    assert grid[2, 3].value_num == -3000 and grid[2, 3].repaired  # Sum: minus sign proven by the rows
    assert tables[0].identities[:2] == ("Rev. bud. 2024 = Regnskap 2024 + Avvik i kr",
                                        "Avvik i % = 100 · Avvik i kr / Rev. bud. 2024")
    assert grid[0, 0].line_no == 7


def test_kostra_columns_groups_and_labels(tables):
    kostra = tables[2]
    assert list(kostra.columns[1:]) == ["Moss 2023", "Moss 2024", "Halden", "Sarpsborg", "Landet uten Oslo",
                                  "KOSTRA-gruppe 8"]
    grid = _grid(kostra)
    assert grid[0, 0].row_label == "Netto driftsutgifter per innbygger (370) bibliotek (B)"
    assert grid[0, 0].row_group == "Prioritet"
    assert grid[1, 5].value_num == 30.6 and grid[1, 5].unit == "%"


def test_indicator_rows_text_cells_and_scale(tables):
    grid = _grid(tables[3])
    assert grid[0, 0].row_label == "Andel som besøker bibliotek minst en gang i året"
    assert grid[0, 2].value_text == "Ikke målt" and grid[0, 2].value_num is None and grid[0, 2].raw == "lkke malt"
    assert grid[1, 0].value_num == 4.7 and grid[1, 0].repair_rule == "label_scale"
    assert grid[1, 3].value_text == "Tall kommer"
    assert grid[0, 0].row_group == "Alle har et kulturtilbud nær seg."


def test_titles_from_caption_lines_and_sentences():
    text = ["Tabellen under viser antall saker i utvalgene.", "Utvalg Møter Saker", "Formannskap 20 150",
            "Kontrollutvalget 8 60", "", "Boliger i 2024", "2023 2024", "Moss 310 290", "Rygge 120 140"]
    doc = Document("e" * 64, "r.txt", "txt", 1, [Page(1, [Line(i, t) for i, t in enumerate(text, start=1)])])
    assert [t.title for t in extract_tables(doc).tables] == ["Antall saker i utvalgene", "Boliger i 2024"]


def test_status_list_with_status_on_its_own_line():
    text = ["Temaplan Status", "Kultur Vedtatt 01.02.21", "Idrett og friluftsliv", "", "Vedtas 2. kvartal 2025",
            "Næring Vedtatt 03.04.22", "Etter tabellen følger en ny tekst uten status."]
    doc = Document("f" * 64, "r.txt", "txt", 1, [Page(1, [Line(i, t) for i, t in enumerate(text, start=1)])])
    (table,) = extract_tables(doc).tables
    assert table.kind == "status" and table.line_end == 6
    assert [(c.row_label, c.value_text, c.line_no) for c in table.cells] == [
        ("Kultur", "Vedtatt 01.02.21", 2), ("Idrett og friluftsliv", "Vedtas 2. kvartal 2025", 5),
        ("Næring", "Vedtatt 03.04.22", 6)]


def test_no_table_from_prose(tables):
    assert all(t.line_start > 2 for t in tables) and all(t.line_end < 40 for t in tables)


def test_marts(tables):
    marts = build_marts(tables)
    budget = {b.programomrade_code: b for b in marts["budget_lines"]}
    assert budget["70"].programomrade_name == "Kultur" and budget["70"].regnskap == 30_000_000
    assert budget["70"].avvik_pct == -20.0 and budget["70"].unit_multiplier == 1000
    assert budget["70"].tjenesteomrade == "Kultur og idrett" and budget["70"].year == 2024
    assert [b.is_sum for b in marts["budget_lines"]] == [False, False, True]
    kostra = {(k.row_idx, k.region, k.year): k.value for k in marts["kostra_values"]}
    assert kostra[0, "Moss", 2023] == 410 and kostra[0, "Landet uten Oslo", 2024] == 405
    indicators = [i for i in marts["indicator_values"] if i.row_idx == 0]
    assert [(i.year, i.value, i.status_text) for i in indicators] == [
        (2021, 41, None), (2022, 43, None), (2023, None, "Ikke målt"), (2024, 45, None)]
    assert indicators[0].satsingsomrade == "Kultur"


def test_unlabelled_rows_stay_out_of_marts(tables):
    budget = tables[0]
    cells = [replace(c, row_label="") if c.row_idx == 0 else c for c in budget.cells]
    marts = build_marts([replace(budget, cells=cells)])
    assert [b.row_idx for b in marts["budget_lines"]] == [1, 2]


def test_csv_export(tables, tmp_path):
    doc = Document("d" * 64, "reports/moss_2024.txt", "txt", 1, [])
    folder = export_tables(DocumentResult(document=doc, tables=tables), tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == [f"dddddddddddd-t000{k}.csv" for k in range(1, 5)]
    rows = list(csv.reader(open(folder / "dddddddddddd-t0001.csv", encoding="utf-8")))
    assert rows[0][:3] == ["Programområder", "Regnskap 2024", "Oppr. bud. 2024"]
    assert rows[1][0] == "70-Kultur" and rows[1][5] == "-20.0" and rows[1][7] == "7"
    assert "200 %" in rows[1][9]


def test_values_printed_after_the_next_header_return_to_the_labels_above():
    """OCR read a small table's labels, then the next table's header, then the small table's values."""
    text = ["Årsverk og ansatte", "", "2024", "", "Årsverk (antall)", "", "Ansatte (antall)", "", "KOSTRA-tall", "",
            "Gran — Gran", "2023 2024", "", "412", "488", "", "Lunner", "", "Hadeland", "", "Prioritet",
            "Netto driftsutgifter per innbygger 410 422 398 377", "(370) bibliotek", "",
            "Andel innbyggere med lånekort 30,1 % 31,2 % 29,0 % 27,5 %"]
    doc = Document("g" * 64, "r.txt", "txt", 1, [Page(1, [Line(i, t) for i, t in enumerate(text, start=1)])])
    small, kostra = extract_tables(doc).tables
    assert [(c.row_label, c.value_num, c.line_no) for c in small.cells] == [
        ("Årsverk (antall)", 412, 14), ("Ansatte (antall)", 488, 15)]
    assert list(kostra.columns) == ["", "Gran 2023", "Gran 2024", "Lunner", "Hadeland"]
    assert kostra.cells[0].row_label == "Netto driftsutgifter per innbygger (370) bibliotek"
