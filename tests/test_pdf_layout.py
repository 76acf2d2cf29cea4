"""Tables from word positions: small hand-placed pages, one behaviour each."""
from __future__ import annotations

from dataclasses import replace

from pipeline.ingest.pdf import lines_from_words
from pipeline.models import Page, Ruling, Word
from pipeline.settings import TableSettings
from pipeline.tables.build import build_table
from pipeline.tables import layout

CHAR, HEIGHT, PITCH = 5.0, 9.0, 13.0  # a 9 pt font: character width, word height, line pitch


def _page(lines: list[list[tuple[float, str]]], gaps: dict[int, float] | None = None) -> Page:
    """Words placed like a PDF's text layer: each line a list of (x of the cell, cell text)."""
    words, top = [], 100.0
    for i, cells in enumerate(lines):
        top += (gaps or {}).get(i, 0.0)
        for x, text in cells:
            for token in text.split():
                words.append(Word(token, x, top, x + CHAR * len(token), top + HEIGHT))
                x += CHAR * (len(token) + 1)
        top += PITCH
    placed, lines = lines_from_words(tuple(words), 0)
    return Page(1, words=placed, lines=lines)


def page_tables(page: Page, rulings: tuple[Ruling, ...] = ()):
    """The page's tables as the layout route and the shared build step make them."""
    settings = TableSettings()
    return [build_table(g, settings) for g in layout.page_tables(replace(page, rulings=rulings), settings).grids]


def _rows(table):
    rows = {}
    for cell in table.cells:
        rows.setdefault(cell.row_idx, [cell.row_label, {}])[1][cell.col_idx] = cell.raw
    return [(label, values) for label, values in rows.values()]


BUDGET = [
    [(50, "Økonomisk oversikt")],
    [(50, "Beløp i 1000")],
    [(50, "Tjeneste"), (250, "Regnskap"), (330, "Budsjett")],
    [(50, "Barnehage"), (250, "1 200"), (330, "1 150")],
    [(50, "Skole og"), (250, "3 400"), (330, "3 500")],
    [(50, "skolefritidsordning")],
    [(50, "Helse"), (250, "-75"), (330, "Ikke målt")],
]


def test_unruled_table_with_caption_unit_note_and_wrapped_label():
    (table,) = page_tables(_page(BUDGET))
    assert (table.title, table.unit_note, table.kind) == ("Økonomisk oversikt", "Beløp i 1000", "budget")
    assert table.columns == ("Tjeneste", "Regnskap", "Budsjett")
    assert _rows(table) == [("Barnehage", {0: "1 200", 1: "1 150"}),
                            ("Skole og skolefritidsordning", {0: "3 400", 1: "3 500"}),
                            ("Helse", {0: "-75", 1: "Ikke målt"})]
    assert [c.value_num for c in table.cells] == [1200, 1150, 3400, 3500, -75, None]


def test_group_heading_inside_a_table_is_not_a_data_row():
    lines = [[(50, "Indikator"), (250, "2022"), (330, "2023")],
             [(50, "Prioritet")],
             [(50, "Utgifter per elev"), (250, "110"), (330, "118")],
             [(50, "Kvalitet")],
             [(50, "Elever per lærer"), (250, "14,2"), (330, "15,0")]]
    (table,) = page_tables(_page(lines))
    assert table.columns == ("Indikator", "2022", "2023")
    assert _rows(table) == [("Utgifter per elev", {0: "110", 1: "118"}), ("Elever per lærer", {0: "14,2", 1: "15,0"})]


def test_missing_cell_stays_empty_in_its_column():
    lines = [[(50, "Enhet"), (250, "2023"), (330, "2024")],
             [(50, "Nord"), (250, "12"), (330, "13")],
             [(50, "Sør"), (330, "9")],
             [(50, "Vest"), (250, "4"), (330, "5")]]
    (table,) = page_tables(_page(lines))
    assert _rows(table)[1] == ("Sør", {1: "9"})


def test_blank_space_ends_a_table_and_prose_is_no_table():
    prose = [(50, "Kommunen hadde et godt år med flere innbyggere enn før.")]
    second = [[(50, "Nord"), (250, "12"), (330, "13")], [(50, "Sør"), (250, "8"), (330, "9")]]
    page = _page([prose, *BUDGET[2:5], *second, prose], gaps={4: 4 * HEIGHT})
    tables = page_tables(page)
    assert [len(_rows(t)) for t in tables] == [2, 2]
    assert [t.columns for t in tables] == [("Tjeneste", "Regnskap", "Budsjett"), ("", "", "")]


def test_table_without_row_labels_keeps_every_column_as_values():
    lines = [[(50, "2022"), (150, "2023"), (250, "2024")], [(50, "1 020"), (150, "1 100"), (250, "1 180")],
             [(50, "5,1 %"), (150, "5,3 %"), (250, "5,6 %")]]
    (table,) = page_tables(_page(lines))
    assert table.columns == ("", "2022", "2023", "2024")
    assert _rows(table) == [("", {0: "1 020", 1: "1 100", 2: "1 180"}), ("", {0: "5,1 %", 1: "5,3 %", 2: "5,6 %"})]


def test_ruled_grid_words_are_not_read_again_as_an_unruled_table():
    page = _page([[(50, "Ruter"), (250, "2024")], [(50, "Nord"), (250, "12")], [(50, "Sør"), (250, "8")]])
    bottom = 99 + 3 * PITCH
    rulings = tuple(Ruling(45, 99 + i * PITCH, 300, 99 + i * PITCH) for i in range(4)) + tuple(
        Ruling(x, 99, x, bottom) for x in (45, 200, 300))
    (table,) = page_tables(page, rulings)
    assert table.columns == ("Ruter", "2024") and table.bbox == (45, 99, 300, bottom) and table.route == "grid"
    assert _rows(table) == [("Nord", {0: "12"}), ("Sør", {0: "8"})]


def test_justified_prose_with_wide_spaces_and_a_number_is_no_table():
    justified = [[(50, "Netto"), (95, "driftsresultat"), (190, "ble"), (225, "2,1"), (260, "prosent")],
                 [(50, "av"), (80, "inntektene,"), (160, "mot"), (200, "1,75"), (245, "prosent"), (300, "i")],
                 [(50, "fjor"), (85, "og"), (115, "3,0"), (150, "prosent"), (205, "året"), (250, "før.")]]
    assert page_tables(_page(justified)) == []


def test_a_sentence_above_a_table_is_not_its_title():
    lines = [[(50, "Tabellen viser regnskapet for året.")], *BUDGET[2:4], BUDGET[6]]
    (table,) = page_tables(_page(lines))
    assert (table.title, table.unit_note) == (None, None)


def test_digit_groups_read_without_their_thin_space_are_joined_and_flagged():
    lines = [[(50, "Enhet"), (250, "2024")], [(50, "Nord"), (250, "1012 345")], [(50, "Sør"), (250, "2 004")]]
    (table,) = page_tables(_page(lines))
    repaired, plain = table.cells
    assert (repaired.raw, repaired.value_num, repaired.repaired, repaired.repair_rule) == (
        "1012 345", 1012345, True, "digit_groups_joined")
    assert (plain.value_num, plain.repaired) == (2004, False)
