"""Each repair rule: fires when the table proves the value, stays put when it does not."""
import pytest

from pipeline.models import Cell, Table
from pipeline.tables.repair import readings, repair_table
from pipeline.tables.numbers import parse_cell

BUDGET_COLUMNS = ["Programområder", "Regnskap 2024", "Oppr. bud. 2024", "Rev. bud. 2024", "Avvik i kr", "Avvik i %"]


def _table(kind, columns, rows):
    cells = []
    for r, (label, raws) in enumerate(rows):
        for c, raw in enumerate(raws):
            parsed = parse_cell(raw)
            cells.append(Cell(r, c, label, columns[c + 1], raw, parsed.number, parsed.text, parsed.unit))
    table = Table(title=None, kind=kind, columns=columns, cells=cells, page_no=1)
    repair_table(table)
    return {(c.row_idx, c.col_idx): c for c in table.cells}


def test_readings_of_printed_digits():
    assert {-42.2, 42.2, 4.22, 422.0} <= set(readings("422 %"))


def test_budget_lost_minus_and_comma_in_percent():
    cells = _table("budget", BUDGET_COLUMNS, [("60-Kultur", ["30 000", "20 000", "25 000", "-5 000", "200 %"])])
    assert cells[0, 4].value_num == -20.0 and cells[0, 4].repaired and cells[0, 4].raw == "200 %"
    assert cells[0, 4].repair_rule == "avvik_pct = avvik_kr / rev_bud"


def test_budget_lost_minus_in_avvik_kr():
    cells = _table("budget", BUDGET_COLUMNS, [("60-Kultur", ["30 000", "20 000", "25 000", "5 000", "-20,0 %"])])
    assert cells[0, 3].value_num == -5000 and cells[0, 3].repair_rule == "avvik_kr = rev_bud - regnskap"


def test_consistent_budget_needs_no_repair():
    cells = _table("budget", BUDGET_COLUMNS, [("60-Kultur", ["300", "200", "250", "-50", "-20,0 %"]),
                                              ("61-Idrett", ["100", "120", "150", "50", "33,3 %"]),
                                              ("Sum", ["400", "320", "400", "0", "0,0 %"])])
    assert not any(c.repaired or c.flag for c in cells.values())


def test_budget_sum_row_lost_minus():
    cells = _table("budget", BUDGET_COLUMNS, [("60-Kultur", ["300", "200", "250", "-50", "-20,0 %"]),
                                              ("61-Idrett", ["100", "90", "80", "-20", "-25,0 %"]),
                                              ("Sum", ["400", "290", "330", "70", "-21,2 %"])])
    assert cells[2, 3].value_num == -70 and cells[2, 3].repair_rule == "sum_of_rows"
    assert not cells[2, 4].repaired


def test_budget_does_not_repair_unprovable_mismatch():
    cells = _table("budget", BUDGET_COLUMNS, [("60-Kultur", ["30 000", "20 000", "25 000", "-4 100", "-16,4 %"])])
    assert cells[0, 3].value_num == -4100 and not cells[0, 3].repaired
    assert cells[0, 3].flag == "avvik_kr_mismatch"


def test_budget_rounding_is_not_a_repair():
    cells = _table("budget", BUDGET_COLUMNS, [("60-Kultur", ["19 001", "20 000", "25 000", "5 998", "24,0 %"])])
    assert not any(c.repaired or c.flag for c in cells.values())


def test_row_scale_restores_lost_comma():
    cells = _table("generic", ["", "2021", "2022", "2023"], [("Andel", ["6,1 %", "583 %", "5,9 %"])])
    assert cells[0, 1].value_num == 5.83  # the only reading of the digits in the row's scale
    cells = _table("generic", ["", "2021", "2022", "2023"], [("Andel", ["6,1 %", "58 %", "5,9 %"])])
    assert cells[0, 1].value_num == 5.8 and cells[0, 1].repair_rule == "row_scale"


def test_row_scale_does_not_fire_without_decimal_references():
    cells = _table("generic", ["", "2021", "2022", "2023"], [("Dekning", ["95 %", "130 %", "101 %"])])
    assert not any(c.repaired for c in cells.values())


def test_row_scale_does_not_fire_within_scale():
    cells = _table("generic", ["", "2021", "2022", "2023"], [("Andel", ["6,1 %", "12 %", "5,9 %"])])
    assert cells[0, 1].value_num == 12 and not cells[0, 1].repaired


def test_label_scale():
    cells = _table("indicator", ["Indikator", "2022", "2023"], [("Trivsel, skala 1-5 hvor 5 er best", ["43", "4,1"])])
    assert cells[0, 0].value_num == 4.3 and cells[0, 0].repair_rule == "label_scale"
    cells = _table("indicator", ["Indikator", "2022", "2023"], [("Trivsel, skala 1-5 hvor 5 er best", ["4", "5"])])
    assert not any(c.repaired for c in cells.values())


def test_equal_benchmark_columns():
    columns = ["", "Moss 2023", "Landet uten Oslo", "KOSTRA-gruppe 8"]
    cells = _table("kostra", columns, [("Andel", ["3,1", "42", "4,2"])])
    assert cells[0, 1].value_num == 4.2 and cells[0, 1].repair_rule == "equal_benchmark_columns"
    cells = _table("kostra", columns, [("Utgift", ["310", "42", "45"])])
    assert not any(c.repaired for c in cells.values())


@pytest.mark.parametrize("kind", ["generic", "kostra", "indicator"])
def test_text_cells_are_left_alone(kind):
    cells = _table(kind, ["", "2022", "2023"], [("Andel", ["Ikke målt", "4,1"])])
    assert cells[0, 0].value_text == "Ikke målt" and not cells[0, 0].repaired


def test_percent_read_as_nine():
    cells = _table("indicator", ["Indikator", "2021", "2022", "2023", "2024"], [("Andel", ["339", "35 %", "52 %", "61 %"])])
    assert cells[0, 0].value_num == 33 and cells[0, 0].unit == "%" and cells[0, 0].repair_rule == "percent_read_as_9"


def test_nine_in_scale_is_not_a_percent_sign():
    cells = _table("indicator", ["Indikator", "2022", "2023", "2024"], [("Andel", ["49", "52 %", "61 %"])])
    assert cells[0, 0].value_num == 49 and not cells[0, 0].repaired
    cells = _table("generic", ["", "2022", "2023", "2024"], [("Antall", ["1209", "1150", "1311"])])
    assert not any(c.repaired for c in cells.values())
