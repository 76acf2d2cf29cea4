"""Norwegian numbers, row splitting and cells under a column count."""
import pytest

from pipeline.tables.conventions import parse_cell
from pipeline.tables.text.atoms import Atom, cells, cells_over_lines, split_row


@pytest.mark.parametrize("raw, number, unit", [
    ("1 396", 1396, None), ("5,7 %", 5.7, "%"), ("-12110", -12110, None), ("−3,2", -3.2, None),
    ("14.8%", 14.8, "%"), ("115 kr/m?", 115, "kr/m²"), ("48,3 kg/m2", 48.3, "kg/m²"), ("714 GWh", 714, "GWh"),
    ("94 915(", 94915, None), ("|12 500|", 12500, None),
])
def test_parse_cell_numbers(raw, number, unit):
    parsed = parse_cell(raw)
    assert parsed.number == pytest.approx(number) and parsed.unit == unit and parsed.raw == raw


@pytest.mark.parametrize("raw, text", [("lkke malt", "Ikke målt"), ("Ikke mait", "Ikke målt"), ("Ikke male", "Ikke målt"),
                                       ("Tall kommer", "Tall kommer"), ("Vedtatt 01.02.21", "Vedtatt 01.02.21")])
def test_parse_cell_text(raw, text):
    parsed = parse_cell(raw)
    assert parsed.number is None and parsed.text == text


def _values(text, n):
    label, atoms = split_row(text)
    return label, [None if a.is_dash else a.parsed.number if a.parsed.number is not None else a.parsed.text
                   for a in cells(atoms, n)]


def test_split_row_reads_values_from_the_end():
    assert _values("Fraflytting, innenlands 4 120| 4 388 4210 | 5 002", 4) == (
        "Fraflytting, innenlands", [4120, 4388, 4210, 5002])


def test_grouping_prefers_values_of_one_scale():
    # "2 310" is one number: the other reading (512 733, 2, 310) mixes scales
    assert _values("Nye innbyggere 512 733 1950 2 310", 4)[1] == [512, 733, 1950, 2310]


def test_grouping_leaves_short_rows_alone():
    assert _values("Saker med frist 212 415 380 301 244 390", 7)[1] == [212, 415, 380, 301, 244, 390]


def test_leading_zero_group_always_joins():
    assert _values("Sum 998 215 1003 081 4120 1,2 %", 4)[1] == [998215, 1003081, 4120, 1.2]


def test_bars_delimit_cells():
    assert _values("Strømforbruk (kWh) 51 702311 | 60118 004 | 58 900 120", 3)[1] == [51702311, 60118004, 58900120]


def test_per_power_of_ten_stays_in_the_label():
    assert _values("Legeårsverk per 10 000 7,1 6,8 8,0", 3) == ("Legeårsverk per 10 000", [7.1, 6.8, 8.0])
    assert _values("Boliger per 12 14 9", 3) == ("Boliger per", [12, 14, 9])


def test_status_phrases_are_cells():
    assert _values("Andel fornøyde brukere lkke malt 71 % Tall kommer", 3) == (
        "Andel fornøyde brukere", ["Ikke målt", 71, "Tall kommer"])
    assert _values("Utslipp (tonn CO2) 2 463 2164 ~=‘Tall kommer", 3)[1] == [2463, 2164, "Tall kommer"]


def test_label_only_line_has_no_values():
    assert split_row("18-24 ar, av innbyggerne (19)-24") == ("18-24 ar, av innbyggerne (19)-24", [])
    assert split_row("1000 innbyggere (antall)")[1] == []
    assert split_row("Netto driftsresultat av driftsinntekter (> 1,75")[1] == []  # a threshold, not a value


def test_a_dash_is_a_minus_an_empty_cell_or_residue_as_the_count_needs():
    assert _values("Avvik - 3,2", 1)[1] == [-3.2]
    assert _values("Tilskudd 10 12 - 14", 4)[1] == [10, 12, None, 14]
    assert _values("Andel med fagbrev 81,7 % 80,5 % 79,1% — Tall kommer", 4)[1] == [81.7, 80.5, 79.1, "Tall kommer"]


def test_atoms_keep_raw_text():
    assert [a.raw for a in cells([Atom("1"), Atom("396")], 1)] == ["1 396"]


def test_a_number_never_spans_lines():
    lines = [[Atom("1"), Atom("363")], [Atom("1350")], [Atom("2207"), Atom("3"), Atom("033")]]
    assert [[a.raw for a in line] for line in cells_over_lines(lines, 4)] == [["1 363"], ["1350"], ["2207", "3 033"]]


def test_points_ocr_printed_for_commas_do_not_make_a_comma_column_read_thousands_as_decimals():
    """A KOSTRA column of a report that groups thousands by period and prints decimal commas, two of
    which OCR read as points: the column keeps the report's convention."""
    from pipeline.tables.conventions import NORWEGIAN, detect, parse_cell, told

    column = ["8921", "232.673", "137.484", "48", "6.0%", "87.4%", "36,8"]
    convention = detect(column, NORWEGIAN)
    assert convention.decimal == ","
    assert [parse_cell(raw, convention).number for raw in column] == [8921, 232673, 137484, 48, 6.0, 87.4, 36.8]
    # a report's own words tell its convention; English numbers repeat their thousands comma
    assert told("Driftsinntekter 1.234.567 kroner, 12,5 prosent og 3,1 prosent".split()).decimal == ","
    assert told("Revenue 7,389,208 and 150,544 rose 12.5 percent".split()).decimal == "."
    assert parse_cell("150,544", told("7,389,208 150,544 12.5".split())).number == 150544
