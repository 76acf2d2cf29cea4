"""Header lines recognised from their own features, and headers named for a column count."""
import pytest

from pipeline.tables.text.headers import column_names, header_counts, header_reason


@pytest.mark.parametrize("line, reason", [
    ("Indikator 2019 2020 2021", "line_year_columns"),
    ("2020 2021 2022 Snitt", "line_year_columns"),
    ("2024", "line_year_columns"),
    ("2021 2022 uten Oslo gruppe 8", "line_year_columns"),
    ("2024 kr %", "line_year_columns"),
    ("Folkemengde 1. januar 2017 2018 | 2019 | 2020", "line_year_columns"),
    ("Programområder Regnskap Oppr. bud. 2024 Rev. bud. 2024 Avviki Avviki", "line_column_words"),
    ("Regnskap Oppr. bud. Rev. bud.", "line_column_words"),
    ("Tjeneste Regnskap 2023 Budsjett 2023 Avvik Forbruk i %", "line_column_words"),
    ("Enhet Awvik i kr Awiki%", "line_column_words"),  # OCR's 'w' for 'vv'
    ("Enhet Avvik i kr", None),  # one column word is not enough
    ("Regnskap 2023 Justert budsjett Avvik", "line_column_words"),
    ("Moss Moss Halden Sarpsborg Landet KOSTRA-", "line_region_names"),
])
def test_header_lines_by_their_own_features(line, reason):
    found = header_reason(line)
    assert (found.name if found else None) == reason


@pytest.mark.parametrize("line", ["Det ble i 2023 vedtatt en ny plan", "2020 og 2022 ble gode år.",
                                  "Regnskapet viste et merforbruk i forhold til revidert budsjett",
                                  "Sum 126 673", "Vedtatt 2019", "Kultur 2019 2021"])
def test_rows_and_prose_are_no_headers(line):
    assert header_reason(line) is None


def test_account_header_over_two_lines():
    names = column_names([["Programområder Regnskap Oppr. Rev. bud. Avvikikr Avviki %", "2024 bud. 2024 2024"]], 5).columns
    assert list(names) == ["Programområder", "Regnskap 2024", "Oppr. bud. 2024", "Rev. bud. 2024", "Avvik i kr", "Avvik i %"]
    names = column_names([["Regnskap Oppr. bud. Rev. bud.", "Tjenesteområder 2022 2022 2022 Avvik i kr Avvik i %"]], 5).columns
    assert list(names) == ["Tjenesteområder", "Regnskap 2022", "Oppr. bud. 2022", "Rev. bud. 2022", "Avvik i kr", "Avvik i %"]


def test_region_header_joins_years_and_name_continuations():
    header = column_names([["Moss Moss Fredrikstad Sarpsborg Landet KOSTRA-"], ["2021 2022 uten Oslo gruppe 8"]], 6)
    assert list(header.columns) == ["", "Moss 2021", "Moss 2022", "Fredrikstad", "Sarpsborg", "Landet uten Oslo",
                                    "KOSTRA-gruppe 8"]
    assert header.used == 2 and header.widths == (6,)


def test_a_header_printed_one_column_a_block():
    blocks = [["Lillehamme", "r", "2022"], ["Lillehamme", "r", "2023"], ["Gjøvik"], ["Hamar Ringsaker"],
              ["Landet", "uten Oslo"], ["KOSTRA-", "gruppe 8"], ["Prioritet"]]
    header = column_names(blocks, 7)
    assert list(header.columns) == ["", "Lillehammer 2022", "Lillehammer 2023", "Gjøvik", "Hamar", "Ringsaker",
                                    "Landet uten Oslo", "KOSTRA-gruppe 8"]
    assert header.used == 6  # 'Prioritet' is a group heading below the header
    assert header.widths == (1, 1, 1, 2, 1, 1)


def test_header_counts_offer_a_label_column_first():
    assert header_counts([["Utvalg Avholdte møter | Saker behandlet"]]) == [2, 3]
    assert header_counts([["Indikator 2019 2020 2021"]]) == [3, 4]
    assert header_counts([["2020 2021 2022 Snitt"]]) == [4]
    assert header_counts([["Moss Moss Halden Sarpsborg Landet KOSTRA-", "2021 2022 uten Oslo gruppe 8"]]) == [6]


def test_names_of_one_line_cells_between_names_over_two_lines():
    """A two-line header whose one-line cells OCR read on the lower line, between the years and the
    ends of the two-line names ('Kongsvin' / 'ger' broken in a narrow cell)."""
    header = column_names([["Elverum Elverum Kongsvin Landet KOSTRA-", "2022 2023 Hamar Løten ger _utenOslo gruppe 5"]], 7)
    assert list(header.columns) == ["", "Elverum 2022", "Elverum 2023", "Hamar", "Løten", "Kongsvinger",
                                    "Landet uten Oslo", "KOSTRA-gruppe 5"]
