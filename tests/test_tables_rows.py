"""Row assembly: wrapped labels, group headings, noise, column-major blocks."""
from pipeline.models import Line
from pipeline.tables.text.rows import assemble_rows, read_content, rejoin_wrapped_status


def _rows(lines, n):
    contents = [read_content(1, Line(i, text)) for i, text in enumerate(lines, start=1)]
    return assemble_rows(contents, n)


def test_label_continues_below_value_line():
    rows = _rows(["Prioritet", "Netto driftsutgifter per innbygger 410 422 398",
                  "(120) administrasjon (B) *) **)", "Brutto driftsutgifter til 75 80 90", "Barnehager (B)"], 3)
    assert [r.label for r in rows] == ["Netto driftsutgifter per innbygger (120) administrasjon (B)",
                                       "Brutto driftsutgifter til Barnehager (B)"]
    assert rows[0].group == "Prioritet"


def test_label_starts_above_value_line_and_noise_is_dropped():
    rows = _rows(["Et delmål for området.", "Andel av brutto", "o, o, 0, o,",
                  "driftsinntekter (> 5 %) 6,1 % 5,0 % 4,4%"], 3)
    assert len(rows) == 1 and rows[0].label == "Andel av brutto driftsinntekter (> 5 %)"
    assert rows[0].group == "Et delmål for området."
    assert [c.line.number for c in rows[0].contents] == [4, 2]


def test_trailing_noise_is_stripped_from_label():
    rows = _rows(["Netto resultat som andel o o n7e o", "av inntekter 1,0 % 2,0 %"], 2)
    assert rows[0].label == "Netto resultat som andel av inntekter"


def test_column_major_block():
    rows = _rows(["Utgifter per innbygger (kr) 1101", "1200", "1150", "Andel (prosent) 5,1 %", "4,9 %"], 3)
    assert [(r.label, [a.raw for a in r.atoms]) for r in rows] == [
        ("Utgifter per innbygger (kr)", ["1101", "1200", "1150"]), ("Andel (prosent)", ["5,1 %", "4,9 %"])]


def test_column_major_stops_when_row_is_full():
    rows = _rows(["Utgifter 10 11", "12"], 2)
    assert [len(r.atoms) for r in rows] == [2, 1]


def _rejoined(lines):
    contents = [read_content(1, Line(i, text)) for i, text in enumerate(lines, start=1)]
    return [(c.label, [a.parsed.number if a.parsed.number is not None else a.parsed.text for a in c.atoms])
            for c in rejoin_wrapped_status(contents)]


def test_wrapped_status_cell_joins_the_value_line():
    assert _rejoined(["Andel som fullfører 80 % 81 % Tall", "innen fem år kommer"]) == [
        ("Andel som fullfører", [80, 81, "Tall kommer"]), ("innen fem år", [])]
    assert _rejoined(["Plassering i Kommune- Tall", "NM hvor 1 er best 12 14 kommer"]) == [
        ("Plassering i Kommune-", []), ("NM hvor 1 er best", [12, 14, "Tall kommer"])]


def test_words_that_are_no_status_stay():
    assert _rejoined(["Andel som fullfører 80 % 81 % Tall", "innen fem år"])[0] == (
        "Andel som fullfører 80 % 81 % Tall", [])


def test_prose_ending_in_a_number_has_no_values():
    content = read_content(1, Line(1, "bor i kommunen. Når andelen er over 100"))
    assert content.atoms == [] and content.label == "bor i kommunen. Når andelen er over 100"
    assert read_content(1, Line(2, "Leger pr. innbygger 12")).atoms


def test_values_keep_raw_text_labels_take_restored_text():
    content = read_content(1, Line(1, "Andel forngyde 4,1 lkke malt", "Andel fornøyde 4,1 Ikke målt"))
    assert content.label == "Andel fornøyde" and [a.raw for a in content.atoms] == ["4,1", "lkke malt"]
    assert content.atoms[1].parsed.text == "Ikke målt"


def test_capital_o_slash_read_as_at_sign_starts_a_heading():
    rows = _rows(["Andel i 5,0 % 6,0 %", "prosent (B)", "@konomi", "Utgifter per bruker 1 200 1 300"], 2)
    assert [(r.label, r.group) for r in rows] == [("Andel i prosent (B)", None), ("Utgifter per bruker", "@konomi")]


def test_number_closing_a_bracket_is_label():
    assert read_content(1, Line(1, "Grunnlagsdata (Nivå 3)")).atoms == []


def test_column_major_numbers_with_thousands_groups():
    rows = _rows(["Utgifter per km vei 403 110", "414 960", "506 178"], 7)
    assert [a.raw for a in rows[0].atoms] == ["403 110", "414 960", "506 178"]
