"""The layout route on small PDFs drawn with reportlab, one per way a table can be laid out.

Each test reads its PDF through ingest and the tables stage, as `pipeline run` does, and checks what
a reader of the warehouse gets: columns, row labels, values as numbers, flags and kind.
"""
from __future__ import annotations

import pytest
from layout_fixtures import (ENGLISH_ROWS, FRAMED_VALUES, PLANS, ROTATED_ROWS, RULED_ROWS, SHADED_ROWS,
                             STACKED_HEADER, STACKED_ROWS, WINES, WRAPPED, english_numbers, false_grid, rotated,
                             ruled, shaded_rows, small_table, stacked_header, text_only, wine_list, wrapped_labels)
from pdf_fixtures import build_image_only

from pipeline.ingest import read_document
from pipeline.settings import IngestSettings
from pipeline.tables import extract_tables
from pipeline.tables.conventions import NORWEGIAN, parse_cell


def tables_of(path, **ingest):
    return extract_tables(read_document(path, IngestSettings(**ingest))).tables


def only(path, **ingest):
    (table,) = tables_of(path, **ingest)
    return table


def rows(table) -> list[tuple[str, list]]:
    """(label, [value_num or value_text per column]) per row, in order."""
    found: dict[int, tuple[str, dict]] = {}
    for cell in table.cells:
        found.setdefault(cell.row_idx, (cell.row_label, {}))[1][cell.col_idx] = (
            cell.value_num if cell.value_num is not None else cell.value_text)
    width = len(table.columns) - 1
    return [(label, [cells.get(c) for c in range(width)]) for label, cells in found.values()]


def values(printed: list[str]) -> list:
    """What the warehouse should hold for printed cells (numbers read the Norwegian way)."""
    out = []
    for text in printed:
        parsed = parse_cell(text, NORWEGIAN)
        out.append(parsed.number if parsed.number is not None else parsed.text)
    return out


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("layout")


def test_english_number_formats_are_read_by_the_tables_own_convention(folder):
    table = only(english_numbers(folder / "english.pdf"))
    assert table.columns == ("", "2023", "2022")
    assert rows(table) == [("Operating revenue", [7389208, 6912077]), ("Operating expenses", [-106870, -98114]),
                           ("Net interest", [150544, 139021]), ("Result per share", [12.5, 11.75])]
    assert [label for label, *_ in ENGLISH_ROWS] == [label for label, _ in rows(table)]


def test_a_frame_around_columns_of_figures_is_a_false_grid_read_from_its_words(folder):
    table = only(false_grid(folder / "false_grid.pdf"))
    assert table.route == "layout" and "false_grid" in table.flags
    assert table.columns == ("Region", "Visits")
    assert rows(table) == [(label, values([value])) for label, value in FRAMED_VALUES]


def test_shaded_rows_stay_apart_and_a_row_of_text_is_kept_and_flagged(folder):
    table = only(shaded_rows(folder / "shaded.pdf"))
    assert rows(table) == [(label, values([a, b])) for label, a, b in SHADED_ROWS]
    text_row = [c for c in table.cells if c.row_label == "Skyss"]
    assert {c.flag for c in text_row} == {"text_only_row"} and {c.value_text for c in text_row} == {"Ikke målt"}


def test_a_table_of_text_only_is_found_with_its_header(folder):
    table = only(text_only(folder / "text.pdf"))
    assert (table.title, table.columns, str(table.kind)) == ("Temaplaner", ("Temaplan", "Status"), "status")
    assert rows(table) == [(plan, [status]) for plan, status in PLANS]


def test_text_columns_are_columns_and_a_price_keeps_its_unit(folder):
    table = only(wine_list(folder / "wine.pdf"))
    assert table.columns == ("Vin", "Distrikt", "Farge", "Pris")
    assert rows(table) == [(name, [region, colour, float(price.split()[0])]) for name, region, colour, price in WINES]
    assert {c.unit for c in table.cells if c.col_idx == 2} == {"€"}


@pytest.mark.parametrize("valign", ["TOP", "MIDDLE"])
def test_wrapped_labels_are_joined_wherever_the_values_sit(folder, valign):
    table = only(wrapped_labels(folder / f"wrapped_{valign}.pdf", valign))
    assert table.columns == ("Indikator", "2022", "2023") and str(table.kind) == "indicator"
    assert rows(table) == [(label, values([a, b])) for label, a, b in WRAPPED]
    assert {c.row_group for c in table.cells} == {"Kvalitet"}


def test_header_lines_are_joined_per_column(folder):
    table = only(stacked_header(folder / "stacked.pdf"))
    assert table.columns == ("", *(" ".join(name.split("\n")) for name in STACKED_HEADER[1:]))
    assert str(table.kind) == "kostra"
    assert rows(table) == [(label, values(list(printed))) for label, *printed in STACKED_ROWS]


def test_a_small_table_of_two_rows_and_one_column_is_found(folder):
    table = only(small_table(folder / "small.pdf"))
    assert (table.title, table.columns, str(table.kind)) == ("Årsverk og ansatte", ("", "2023"), "workforce")
    assert rows(table) == [("Årsverk (antall)", [508]), ("Ansatte (antall)", [590])]


@pytest.mark.parametrize("turned", [90, 270])
def test_a_sideways_page_is_read_upright(folder, turned):
    table = only(rotated(folder / f"turned_{turned}.pdf", turned))
    assert "rotated_page" in table.flags
    assert table.columns == ("Background characteristic", "Method 1", "Method 2", "Method 3")
    assert rows(table) == [(label, [float(v.replace(",", "")) for v in printed]) for label, *printed in ROTATED_ROWS]


@pytest.fixture(scope="module")
def scanned_ruled(folder):
    born = ruled(folder / "ruled.pdf")
    return born, build_image_only(born, folder / "ruled_scan.pdf")


def test_a_scanned_ruled_table_is_read_from_the_rulings_in_its_image(scanned_ruled):
    born, scan = scanned_ruled
    digital = only(born)
    image = only(scan, ocr_jobs=1)
    assert (digital.route, image.route) == ("grid", "grid")
    expected = [(label, values([a, b])) for label, a, b in RULED_ROWS]
    assert rows(digital) == rows(image) == expected
    assert image.columns == digital.columns == ("Område", "Skoler", "Elever")


def test_a_sideways_scan_is_turned_upright_before_it_is_read(folder):
    scan = build_image_only(rotated(folder / "turned_scan.pdf", 90), folder / "turned_scan_image.pdf")
    table = only(scan, ocr_jobs=1)
    assert "rotated_page" in table.flags
    assert [label for label, _ in rows(table)] == [label for label, *_ in ROTATED_ROWS]
    assert rows(table)[0][1] == [6.3, 63.0, 80.0]
