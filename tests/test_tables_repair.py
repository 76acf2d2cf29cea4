"""Proven repairs: each fires when the table's own relations or scales prove the value, and stays
put when they do not. Tables go through build_table, the step every route shares."""
import pytest

from pipeline.settings import TableSettings
from pipeline.tables.build import build_table
from pipeline.tables.grid import GridCell, GridRow, TableGrid
from pipeline.tables.identities import Num, Relation, find_relations
from pipeline.tables.repair import readings

BUDGET = ("Programområder", "Regnskap 2024", "Oppr. bud. 2024", "Rev. bud. 2024", "Avvik i kr", "Avvik i %")


def built(columns, rows, kind=None):
    grid = TableGrid(columns=tuple(columns), route="text", page_no=1, header_kind=kind, rows=tuple(
        GridRow(label, tuple(GridCell(raw, line_no=10 + r) for raw in raws)) for r, (label, raws) in enumerate(rows)))
    table = build_table(grid, TableSettings())
    return table, {(c.row_idx, c.col_idx): c for c in table.cells}


def budget(rows):
    return built(BUDGET, rows, "budget")


def test_readings_of_printed_digits():
    values = {v for v, _ in readings("422 %")}
    assert {-42.2, 42.2, 4.22, 422.0} <= values
    assert (42.2, 1) in readings("422") and (4.22, 2) in readings("422")
    assert {v for v, _ in readings("4,2", decimals=1)} == {4.2, -4.2}  # a printed comma stays where it is
    edited = {v for v, _ in readings("4841", edits=True)}
    assert {4941.0, 4801.0, 484.0, 48411.0} <= edited


def test_lost_minus_and_comma_proven_by_the_rows_that_agree():
    table, cells = budget([("60-Kultur", ["30 000", "20 000", "25 000", "-5 000", "200 %"]),
                           ("61-Idrett", ["10 000", "11 000", "12 000", "2 000", "16,7 %"]),
                           ("62-Musikk", ["5 000", "5 500", "6 000", "1 000", "16,7 %"])])
    assert cells[0, 4].value_num == -20.0 and cells[0, 4].repaired and cells[0, 4].raw == "200 %"
    assert cells[0, 4].repair_rule == "ratio_identity"
    assert "Avvik i % = 100 · Avvik i kr / Rev. bud. 2024" in table.identities


def test_lost_minus_in_avvik():
    _, cells = budget([("60-Kultur", ["30 000", "20 000", "25 000", "5 000", "-20,0 %"]),
                       ("61-Idrett", ["10 000", "11 000", "12 000", "2 000", "16,7 %"]),
                       ("62-Musikk", ["5 000", "5 500", "6 000", "1 000", "16,7 %"])])
    assert cells[0, 3].value_num == -5000 and cells[0, 3].repair_rule == "difference_identity"


def test_avvik_printed_as_regnskap_minus_budget_is_repaired_by_that_convention():
    """A report printing Avvik = Regnskap − budsjett: its own rows say so, and a lost minus is mended
    in that convention, not flipped to the other one."""
    table, cells = budget([("60-Kultur", ["30 000", "20 000", "25 000", "5 000", "20,0 %"]),
                           ("61-Idrett", ["10 000", "12 000", "12 000", "-2 000", "-16,7 %"]),
                           ("62-Musikk", ["5 000", "6 000", "6 000", "1 000", "-16,7 %"]),
                           ("Sum", ["45 000", "38 000", "43 000", "2 000", "4,7 %"])])
    assert "Regnskap 2024 = Rev. bud. 2024 + Avvik i kr" in table.identities
    assert cells[2, 3].value_num == -1000 and cells[2, 3].repaired
    assert not any(c.repaired for key, c in cells.items() if key != (2, 3))


def test_consistent_budget_needs_no_repair():
    _, cells = budget([("60-Kultur", ["300", "200", "250", "-50", "-20,0 %"]),
                       ("61-Idrett", ["100", "120", "150", "50", "33,3 %"]),
                       ("Sum", ["400", "320", "400", "0", "0,0 %"])])
    assert not any(c.repaired or c.flag for c in cells.values())


def test_sum_row_lost_minus():
    table, cells = budget([("60-Kultur", ["300", "200", "250", "-50", "-20,0 %"]),
                           ("61-Idrett", ["100", "90", "80", "-20", "-25,0 %"]),
                           ("Sum", ["400", "290", "330", "70", "-21,2 %"])])
    assert cells[2, 3].value_num == -70 and cells[2, 3].repaired
    assert not cells[2, 4].repaired
    assert "Sum = sum of 2 rows" in table.identities


def test_unprovable_mismatch_is_flagged_not_changed():
    _, cells = budget([("60-Kultur", ["30 000", "20 000", "25 000", "-4 100", "-16,4 %"]),
                       ("61-Idrett", ["10 000", "11 000", "12 000", "2 000", "16,7 %"]),
                       ("62-Musikk", ["5 000", "5 500", "6 000", "1 000", "16,7 %"])])
    assert cells[0, 3].value_num == -4100 and not cells[0, 3].repaired
    assert cells[0, 3].flag == "identity_mismatch"


def test_misread_digit_mended_where_a_second_relation_names_the_cell():
    _, cells = budget([("22-Barnehage", ["194 758", "190 755", "199 699", "4841", "2,5 %"]),
                       ("24-Skole", ["318 949", "300 921", "308 597", "-10 352", "-3,4 %"]),
                       ("21-Barn", ["301 347", "283 843", "291 351", "-9 996", "-3,4 %"])])
    assert cells[0, 3].value_num == 4941 and cells[0, 3].repair_rule == "difference_identity"
    assert not cells[0, 0].repaired and not cells[0, 2].repaired


def test_rounding_is_not_a_repair():
    _, cells = budget([("60-Kultur", ["19 001", "20 000", "25 000", "5 998", "24,0 %"]),
                       ("61-Idrett", ["10 000", "11 000", "12 000", "2 000", "16,7 %"]),
                       ("62-Musikk", ["5 000", "5 500", "6 000", "1 000", "16,7 %"])])
    assert not any(c.repaired or c.flag for c in cells.values())


def test_relation_between_rows_repairs_a_lost_minus():
    rows = [("Fødte", ["211", "266", "241", "225"]), ("Døde", ["188", "229", "176", "238"]),
            ("Fødselsoverskudd", ["23", "37", "65", "13"])]
    table, cells = built(["Befolkning", "2020", "2021", "2022", "2023"], rows)
    assert "Fødte = Døde + Fødselsoverskudd" in table.identities
    assert cells[2, 3].value_num == -13 and cells[2, 3].repaired


def test_a_lost_digit_any_of_three_cells_could_explain_is_flagged_not_guessed():
    rows = [("Fødte", ["211", "266", "241", "238"]), ("Døde", ["188", "229", "176", "225"]),
            ("Fødselsoverskudd", ["23", "37", "65", "3"])]
    _, cells = built(["Befolkning", "2020", "2021", "2022", "2023"], rows)
    assert not any(c.repaired for c in cells.values())
    assert {cells[r, 3].flag for r in range(3)} == {"identity_mismatch"}


def test_small_counts_make_no_relation_by_coincidence():
    rows = [(name, [str(a), str(b)]) for name, a, b in [
        ("Kommunestyre", 7, 56), ("Formannskap", 17, 85), ("Utvalg A", 4, 24), ("Utvalg B", 22, 132),
        ("Utvalg C", 4, 20), ("Kontrollutvalget", 9, 72), ("Eldrerådet", 22, 66), ("Ungdomsrådet", 5, 20),
        ("Rådet", 10, 90), ("Partssammensatt", 12, 24), ("Klageutvalget", 14, 84)]]
    table, cells = built(["Utvalg", "Møter", "Saker"], rows)
    assert table.identities == () and not any(c.repaired or c.flag for c in cells.values())


def test_equal_columns_restore_a_lost_comma_only_where_the_table_shows_them_equal():
    columns = ["", "Moss 2023", "Halden", "Landet uten Oslo", "KOSTRA-gruppe 8"]
    rows = [("Andel A", ["3,1", "3,3", "42", "4,2"]), ("Andel B", ["5,0", "5,1", "6,3", "6,3"]),
            ("Andel C", ["7,7", "7,1", "8,0", "8,0"]), ("Andel D", ["2,2", "2,5", "1,9", "1,9"])]
    table, cells = built(columns, rows)
    assert cells[0, 2].value_num == 4.2 and cells[0, 2].repair_rule == "equal_columns"
    rows = [("Andel A", ["3,1", "3,3", "42", "4,2"]), ("Andel B", ["5,0", "5,1", "6,3", "6,9"]),
            ("Andel C", ["7,7", "7,1", "8,0", "8,4"]), ("Andel D", ["2,2", "2,5", "1,9", "1,1"])]
    table, cells = built(columns, rows)
    assert not any(c.repair_rule == "equal_columns" for c in cells.values())


def test_equal_columns_never_edit_a_digit():
    columns = ["", "Moss", "Landet uten Oslo", "KOSTRA-gruppe 8"]
    rows = [("Andel A", ["3,1", "18,2", "18,9"]), ("Andel B", ["5,0", "6,3", "6,3"]),
            ("Andel C", ["7,7", "8,0", "8,0"]), ("Andel D", ["2,2", "1,9", "1,9"])]
    _, cells = built(columns, rows)
    assert cells[0, 1].value_num == 18.2 and cells[0, 2].value_num == 18.9
    assert not cells[0, 1].repaired and not cells[0, 2].repaired


def test_row_scale_restores_lost_comma():
    _, cells = built(["", "2021", "2022", "2023"], [("Andel", ["6,1 %", "58 %", "5,9 %"])])
    assert cells[0, 1].value_num == 5.8 and cells[0, 1].repair_rule == "row_scale"
    _, cells = built(["", "2021", "2022", "2023"], [("Andel", ["6,1 %", "583 %", "5,9 %"])])
    assert cells[0, 1].value_num == 58.3 or cells[0, 1].value_num == 5.83  # one decimal preferred, in scale


def test_row_scale_prefers_the_decimals_the_series_prints():
    _, cells = built(["", "2021", "2022", "2023"], [("Dekning", ["69,1 %", "695%", "70,2 %"])])
    assert cells[0, 1].value_num == 69.5


def test_row_scale_does_not_fire_without_decimal_references_or_within_scale():
    _, cells = built(["", "2021", "2022", "2023"], [("Dekning", ["95 %", "130 %", "101 %"])])
    assert not any(c.repaired for c in cells.values())
    _, cells = built(["", "2021", "2022", "2023"], [("Andel", ["6,1 %", "12 %", "5,9 %"])])
    assert cells[0, 1].value_num == 12 and not cells[0, 1].repaired


def test_label_scale():
    _, cells = built(["Indikator", "2022", "2023"], [("Trivsel, skala 1-5 hvor 5 er best", ["43", "4,1"])])
    assert cells[0, 0].value_num == 4.3 and cells[0, 0].repair_rule == "label_scale"
    _, cells = built(["Indikator", "2022", "2023"], [("Trivsel, skala 1-5 hvor 5 er best", ["4", "5"])])
    assert not any(c.repaired for c in cells.values())


@pytest.mark.parametrize("columns", [["", "2022", "2023"], ["Indikator", "2022", "2023"]])
def test_text_cells_are_left_alone(columns):
    _, cells = built(columns, [("Andel", ["Ikke målt", "4,1"])])
    assert cells[0, 0].value_text == "Ikke målt" and not cells[0, 0].repaired


def test_percent_read_as_nine():
    _, cells = built(["Indikator", "2021", "2022", "2023", "2024"], [("Andel", ["339", "35 %", "52 %", "61 %"])])
    assert cells[0, 0].value_num == 33 and cells[0, 0].unit == "%" and cells[0, 0].repair_rule == "percent_read_as_9"


def test_nine_in_scale_is_not_a_percent_sign():
    _, cells = built(["Indikator", "2022", "2023", "2024"], [("Andel", ["49", "52 %", "61 %"])])
    assert cells[0, 0].value_num == 49 and not cells[0, 0].repaired
    _, cells = built(["", "2022", "2023", "2024"], [("Antall", ["1209", "1150", "1311"])])
    assert not any(c.repaired for c in cells.values())


def test_relation_describes_itself_solved_for_a_column():
    relation = Relation("linear", (2, 0, 1), (1, -1, 1))
    assert relation.describe(["Rev.", "Regnskap", "Avvik"], target=2) == "Avvik = Rev. − Regnskap"
    rows = [{0: Num(250), 1: Num(300), 2: Num(-50)}, {0: Num(120), 1: Num(100), 2: Num(20)},
            {0: Num(900), 1: Num(950), 2: Num(-50)}]
    assert find_relations(rows) == (Relation("linear", (0, 1, 2), (-1, 1, 1)),)


def test_a_named_percentage_is_proven_by_a_third_of_its_rows():
    """Three of five 'Avvik i %' lost their comma (and two their minus); the two rows that agree,
    in a column the table names as a percentage, prove the ratio and mend the others."""
    table, cells = budget([("41-Vei", ["57 966", "57 573", "58 238", "272", "05%"]),
                           ("42-Eiendom", ["56 383", "54 873", "57 558", "1 175", "2,0%"]),
                           ("43-Kultur", ["91 528", "85 910", "86 486", "-5 042", "58%"]),
                           ("44-Brann", ["68 125", "60 479", "64 568", "-3 557", "55%"]),
                           ("Sum", ["274 002", "258 835", "266 850", "-7 152", "-2,7%"])])
    assert "Avvik i % = 100 · Avvik i kr / Rev. bud. 2024" in table.identities
    assert [cells[r, 4].value_num for r in range(5)] == [0.5, 2.0, -5.8, -5.5, -2.7]


def test_percent_relations_between_unnamed_columns_need_most_rows():
    # 2023 = 100 · 2021 / 2022 in rows A and C only: a coincidence between indicators, not arithmetic
    rows = [("A", ["32 %", "32 %", "100 %"]), ("B", ["90 %", "92 %", "94 %"]), ("C", ["30 %", "60 %", "50 %"]),
            ("D", ["83 %", "49 %", "-1 %"]), ("E", ["12 %", "40 %", "33 %"])]
    table, cells = built(["Indikator", "2021", "2022", "2023"], rows)
    assert table.identities == () and not any(c.flag or c.repaired for c in cells.values())


def test_a_leading_zero_is_a_lost_decimal_mark():
    _, cells = built(["Kommune", "2021", "2022"], [("Lunner", ["0,7 %", "05%"]), ("Gran", ["1,2 %", "1,1 %"])])
    assert cells[0, 1].value_num == 0.5 and cells[0, 1].repair_rule == "leading_zero"
    _, cells = built(["Kommune", "2021", "2022"], [("Lunner", ["7", "05"]), ("Gran", ["12", "11"])])
    assert not cells[0, 1].repaired  # nothing in the table prints decimals


def test_a_table_of_one_unit_is_a_series_both_ways():
    rows = [("Lunner", ["0,7 %", "0,9 %", "0,4 %"]), ("Gran", ["12%", "18%", "17%"]), ("Hadeland", ["1,3 %", "1,1 %", "1,0 %"])]
    _, cells = built(["Kommune", "2021", "2022", "2023"], rows)
    assert [cells[1, c].value_num for c in range(3)] == [1.2, 1.8, 1.7]
