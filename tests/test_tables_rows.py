"""Line roles from each line's own features, and rows assembled from roles: wrapped labels, group
headings, residue, column-major values."""
from pipeline.models import Document, Line, Page
from pipeline.settings import TableSettings
from pipeline.tables.text.lines import read_line, read_lines
from pipeline.tables.text.rows import assemble


def _reads(lines):
    page = Page(1, [Line(i, text) for i, text in enumerate(lines, start=1)])
    return read_lines(Document("a" * 64, "r.txt", "txt", 1, [page]), TableSettings())


def _rows(lines, n):
    return assemble(_reads(lines), n)


def _values(row):
    return [None if c is None else c[0].parsed.number if c[0].parsed.number is not None else c[0].parsed.text
            for c in row.cells]


def test_roles_from_each_line_alone():
    roles = {text: read_line(1, Line(1, text)).role.value for text in [
        "Side 4 av 12", "o, o, 0, o,", "*) **)", "2k)", "*) Justert for utgiftsbehov", "Kilde: SSB", "Beløp i 1000",
        "Indikator 2021 2022 2023", "Regnskap Oppr. bud. Rev. bud.", "Fødte 211 266 241", "1 396 1 402",
        "Prioritet", "(234) aktiv.- og servicetjenester", "Kommunen har en god økonomi.",
        "Kommunens netto driftsresultat ble bedre enn budsjettert i år, og fondet økte noe"]}
    assert roles == {
        "Side 4 av 12": "furniture", "o, o, 0, o,": "residue", "*) **)": "marker", "2k)": "marker",
        "*) Justert for utgiftsbehov": "footnote", "Kilde: SSB": "footnote", "Beløp i 1000": "unit_note",
        "Indikator 2021 2022 2023": "header", "Regnskap Oppr. bud. Rev. bud.": "header",
        "Fødte 211 266 241": "values", "1 396 1 402": "values_only", "Prioritet": "label",
        "(234) aktiv.- og servicetjenester": "continuation", "Kommunen har en god økonomi.": "sentence",
        "Kommunens netto driftsresultat ble bedre enn budsjettert i år, og fondet økte noe": "prose"}


def test_label_continues_below_value_line():
    rows = _rows(["Prioritet", "Netto driftsutgifter per innbygger 410 422 398",
                  "(120) administrasjon (B) *) **)", "Brutto driftsutgifter til 75 80 90", "Barnehager (B)"], 3)
    assert [r.label for r in rows] == ["Netto driftsutgifter per innbygger (120) administrasjon (B)",
                                       "Brutto driftsutgifter til Barnehager (B)"]
    assert rows[0].group == "Prioritet"


def test_label_starts_above_value_line_and_residue_is_dropped():
    rows = _rows(["Et delmål for området.", "Andel av brutto", "o, o, 0, o,",
                  "driftsinntekter (> 5 %) 6,1 % 5,0 % 4,4%"], 3)
    assert len(rows) == 1 and rows[0].label == "Andel av brutto driftsinntekter (> 5 %)"
    assert rows[0].group == "Et delmål for området."
    assert rows[0].lines == (2, 4)


def test_a_label_wrapped_around_its_values_keeps_its_threshold():
    rows = _rows(["Netto driftsresultat av driftsinntekter (> 1,75", "", "45% 5,0% 0,5% 1,0%", "%)"], 4)
    assert [(r.label, _values(r)) for r in rows] == [
        ("Netto driftsresultat av driftsinntekter (> 1,75 %)", [45, 5.0, 0.5, 1.0])]


def test_trailing_residue_is_stripped_from_label():
    rows = _rows(["Netto resultat som andel o o n7e o", "av inntekter 1,0 % 2,0 %"], 2)
    assert rows[0].label == "Netto resultat som andel av inntekter"


def test_values_below_their_label_one_a_line():
    rows = _rows(["Utgifter per innbygger (kr) 1101", "1200", "1150", "Andel (prosent) 5,1 %", "4,9 %"], 3)
    assert [(r.label, _values(r)) for r in rows] == [
        ("Utgifter per innbygger (kr)", [1101, 1200, 1150]), ("Andel (prosent)", [5.1, 4.9, None])]


def test_column_major_stops_when_row_is_full():
    rows = _rows(["Utgifter 10 11", "12"], 2)
    assert [_values(r) for r in rows] == [[10, 11], [12, None]]


def test_labels_printed_above_their_values_pair_in_order():
    rows = _rows(["Årsverk (antall)", "", "Ansatte (antall)", "", "1 800", "1 912"], 1)
    assert [(r.label, _values(r)) for r in rows] == [("Årsverk (antall)", [1800]), ("Ansatte (antall)", [1912])]


def test_wrapped_status_cell_joins_the_value_line():
    rows = _rows(["Andel som fullfører 80 % 81 % Tall", "innen fem år kommer"], 3)
    assert [(r.label, _values(r)) for r in rows] == [("Andel som fullfører innen fem år", [80, 81, "Tall kommer"])]


def test_prose_ending_in_a_number_has_no_values():
    read = read_line(1, Line(1, "bor i kommunen. Når andelen er over 100"))
    assert read.role.value == "prose" and read.atoms == ()
    assert read_line(1, Line(2, "Leger pr. innbygger 12")).atoms


def test_values_keep_raw_text_labels_take_restored_text():
    read = read_line(1, Line(1, "Andel forngyde 4,1 lkke malt", "Andel fornøyde 4,1 Ikke målt"))
    assert read.label == "Andel fornøyde" and [a.raw for a in read.atoms] == ["4,1", "lkke malt"]
    assert read.atoms[1].parsed.text == "Ikke målt"


def test_capital_o_slash_read_as_at_sign_starts_a_heading():
    rows = _rows(["Andel i 5,0 % 6,0 %", "prosent (B)", "@konomi", "Utgifter per bruker 1 200 1 300"], 2)
    assert [(r.label, r.group) for r in rows] == [("Andel i prosent (B)", None), ("Utgifter per bruker", "@konomi")]


def test_number_closing_a_bracket_is_label():
    assert read_line(1, Line(1, "Grunnlagsdata (Nivå 3)")).atoms == ()


def test_column_major_numbers_with_thousands_groups():
    rows = _rows(["Utgifter per km vei 403 110", "414 960", "506 178"], 3)
    assert [c[0].raw for c in rows[0].cells] == ["403 110", "414 960", "506 178"]


def test_a_status_wrapped_before_the_values_joins_them():
    rows = _rows(["Andelen som tror på et godt liv Ikke 69 % Ikke målt", "i fremtiden målt"], 3)
    assert [(r.label, _values(r)) for r in rows] == [("Andelen som tror på et godt liv i fremtiden",
                                                      ["Ikke målt", 69, "Ikke målt"])]
