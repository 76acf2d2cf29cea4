"""The text route on each failure class of reports it was not built from, each with its own small
fixture in another house style: a table running into the next, wrapped KOSTRA labels (printed by
rows and by columns), broken account headers, both Avvik conventions, plan/status lists, page
furniture between rows, and the trace that says why."""
from pipeline.ingest.text import pages_from_text
from pipeline.models import Document
from pipeline.tables import extract_tables
from pipeline.tables.marts import build_marts


def _tables(text, name="rapport.txt"):
    pages, n_pages = pages_from_text(text)
    return extract_tables(Document("f" * 64, name, "txt", n_pages, pages))


def _rows(table):
    rows = {}
    for cell in table.cells:
        rows.setdefault(cell.row_idx, (cell.row_label, {}))[1][cell.col_idx] = (
            cell.value_num if cell.value_num is not None else cell.value_text)
    return [(label, [cells.get(c) for c in range(len(table.columns) - 1)]) for label, cells in rows.values()]


def test_a_table_does_not_run_into_the_next():
    """A two-column committee table with the population table right under it, no blank between."""
    text = """Tabellen nedenfor viser møter og saker i de politiske organene.

Organ Møter Saker
Kommunestyret 8 64
Formannskapet 15 98
Hovedutvalg for oppvekst 6 40
Befolkningsutvikling 4. kvartal 2017 2018 | 2019 | 2020
Folkemengde ved kvartalets start 12 410 12 455 12 530 12 611
Levendefødte 121 118 126 119
Døde 98 104 101 97
"""
    committee, population = _tables(text).tables
    assert _rows(committee) == [("Kommunestyret", [8, 64]), ("Formannskapet", [15, 98]),
                                ("Hovedutvalg for oppvekst", [6, 40])]
    assert list(population.columns[1:]) == ["2017", "2018", "2019", "2020"]
    assert _rows(population)[0] == ("Folkemengde ved kvartalets start", [12410, 12455, 12530, 12611])
    assert population.line_start == 7 and committee.line_end == 6


def test_wrapped_kostra_labels_printed_by_rows():
    text = """KOSTRA-nøkkeltall
Gran Gran Lunner Hadeland Landet KOSTRA-
2022 2023 uten Oslo gruppe 2
Prioritet
Netto driftsutgifter per innbygger 910 955 1 012 880 901 901
(211) styrket tilbud til
førskolebarn (B) *) **)
Netto driftsutgifter per innbygger 1 410 1 455 1 520 1 380 1 470 1 470
(241) diagnose, behandling,
re-/habilitering (B) *)
Dekningsgrad
Andel barn 1-5 år med 91,2 % 92,0 % 93,1 % 90,4 % 92,5 % 92,5 %
barnehageplass (B)
*) Inflasjonsjustert
**) Justert for utgiftsbehov
"""
    (table,) = _tables(text).tables
    assert table.kind == "kostra"
    assert list(table.columns[1:]) == ["Gran 2022", "Gran 2023", "Lunner", "Hadeland", "Landet uten Oslo",
                                       "KOSTRA-gruppe 2"]
    assert _rows(table) == [
        ("Netto driftsutgifter per innbygger (211) styrket tilbud til førskolebarn (B)",
         [910, 955, 1012, 880, 901, 901]),
        ("Netto driftsutgifter per innbygger (241) diagnose, behandling, re-/habilitering (B)",
         [1410, 1455, 1520, 1380, 1470, 1470]),
        ("Andel barn 1-5 år med barnehageplass (B)", [91.2, 92.0, 93.1, 90.4, 92.5, 92.5])]
    assert {c.row_group for c in table.cells if c.row_idx == 2} == {"Dekningsgrad"}


def test_wrapped_kostra_labels_printed_by_columns():
    """A narrow layout: each header cell a block of lines, each value on its own line; a row's first
    value on its label line, two values on one line under the block naming two columns, a row short
    of a value whose equal benchmark pair still lands under the benchmark columns."""
    header = ["KOSTRA-tall", "", "Lillehamme", "r", "2022", "", "Lillehamme", "r", "2023", "", "Gjøvik", "",
              "Hamar Ringsaker", "", "Landet", "uten Oslo", "", "KOSTRA-", "gruppe 8", "", "Prioritet", ""]
    rows = ["Netto driftsutgifter per innbygger", "(213) voksenopplæring (B) *) **)", "", "191", "", "192", "",
            "173", "", "197 188", "", "176", "", "180", "",
            "Netto driftsutgifter per innbygger 1 363", "(234) aktiv.- og servicetjenester", "", "1 350", "",
            "1 519", "", "1 282 1 565", "", "1 382", "", "1 382", "",
            "Korrigerte brutto driftsutgifter pr.", "mottaker (i kroner) (B) *)", "", "306 334", "", "297 095", "",
            "319 858", "", "307 673", "", "281 507", "", "281 507", "",
            "*) Inflasjonsjustert med deflator"]
    (table,) = _tables("\n".join(header + rows)).tables
    assert list(table.columns[1:]) == ["Lillehammer 2022", "Lillehammer 2023", "Gjøvik", "Hamar", "Ringsaker",
                                       "Landet uten Oslo", "KOSTRA-gruppe 8"]
    assert _rows(table) == [
        ("Netto driftsutgifter per innbygger (213) voksenopplæring (B)", [191, 192, 173, 197, 188, 176, 180]),
        ("Netto driftsutgifter per innbygger (234) aktiv.- og servicetjenester",
         [1363, 1350, 1519, 1282, 1565, 1382, 1382]),
        ("Korrigerte brutto driftsutgifter pr. mottaker (i kroner) (B)",
         [306334, 297095, 319858, 307673, None, 281507, 281507])]


def test_a_broken_account_header_keeps_its_values_and_names():
    """'Oppr. bud.' printed a line above the other names, a bracketed note wrapped onto a third line."""
    text = """Sektor for helse og omsorg
Beløp i 1000 kr
Oppr. bud.
Enhet Regnskap 2020 2020 Rev. bud. (per 31.12. Avvik
2020)
Hjemmetjenester 12 345 12 000 12 500 155
Sykehjem 45 678 44 000 45 000 -678
Sum 58 023 56 000 57 500 -523
"""
    (table,) = _tables(text).tables
    assert table.kind == "budget" and table.unit_note == "Beløp i 1000 kr"
    assert list(table.columns) == ["Enhet", "Regnskap 2020", "Oppr. bud. 2020", "Rev. bud. per 31.12. 2020", "Avvik"]
    assert _rows(table)[2] == ("Sum", [58023, 56000, 57500, -523])
    (line, *_) = build_marts((table,))["budget_lines"]
    assert (line.regnskap, line.opprinnelig_budsjett, line.revidert_budsjett, line.avvik_kr) == (
        12_345_000, 12_000_000, 12_500_000, 155_000)


def test_both_avvik_conventions_in_another_house_style():
    """Thousands by period, negatives in brackets, Avvik printed as budget − account in one table
    and account − budget in the other; a lost minus is mended in each table's own convention."""
    text = """Oppvekst
Tall i 1 000 kroner
Tjeneste Regnskap 2022 Regnskap 2023 Budsjett 2023 Avvik Avvik %
Barnehage 101.432 104.118 103.500 (618) (0,6)
Grunnskole 210.004 214.990 220.100 5.110 2,3
Kulturskole 9.870 10.240 9.900 340 (3,4)
Sum 321.306 329.348 333.500 4.152 1,2

Helse
Tall i 1 000 kroner
Tjeneste Regnskap 2023 Justert budsjett Avvik Avvik %
Legevakt 14.200 13.900 300 2,2
Helsestasjon 8.100 8.400 (300) (3,6)
Fysioterapi 6.020 6.500 480 -7,4
Sum 28.320 28.800 (480) (1,7)
"""
    oppvekst, helse = _tables(text).tables
    assert "Budsjett 2023 = Regnskap 2023 + Avvik" in oppvekst.identities
    assert _rows(oppvekst)[2] == ("Kulturskole", [9870, 10240, 9900, -340, -3.4])  # minus lost, proven
    assert "Regnskap 2023 = Justert budsjett + Avvik" in helse.identities
    assert _rows(helse)[2] == ("Fysioterapi", [6020, 6500, -480, -7.4])
    repaired = {(c.row_label, c.col_label): c.repair_rule for t in (oppvekst, helse) for c in t.cells if c.repaired}
    assert repaired == {("Kulturskole", "Avvik"): "difference_identity", ("Fysioterapi", "Avvik"): "difference_identity"}
    marts = {(b.programomrade_name, b.year): b for b in build_marts((oppvekst, helse))["budget_lines"]}
    barnehage = marts["Barnehage", 2023]
    assert (barnehage.regnskap, barnehage.revidert_budsjett, barnehage.avvik_kr, barnehage.avvik_pct) == (
        104_118_000, 103_500_000, -618_000, -0.6)  # the 2023 account, not 2022's


def test_plan_and_status_lists_are_tables():
    text = """Tabellen viser status for planarbeidet.

Plan Status
Kommuneplanens samfunnsdel Pågår
Boligsosial handlingsplan Vedtatt 12.03.2023
Trafikksikkerhetsplan Under revisjon

Vi har også en rekke andre planer som er under arbeid i kommunen, og som vil bli lagt fram senere i år.

Planer
Kommuneplanens arealdel Vedtatt 12.03.2021
Klimaplan Pågår
Hovedplan vann Utsatt
"""
    status, planer = _tables(text).tables
    assert (status.kind, planer.kind, planer.title) == ("status", "status", "Planer")
    assert _rows(status) == [("Kommuneplanens samfunnsdel", ["Pågår"]),
                             ("Boligsosial handlingsplan", ["Vedtatt 12.03.2023"]),
                             ("Trafikksikkerhetsplan", ["Under revisjon"])]
    assert _rows(planer)[2] == ("Hovedplan vann", ["Utsatt"])


def test_page_furniture_never_enters_a_table():
    """A table across a page break: the footer ('3 / 9') and the running header stay out of it."""
    page = "Nordre Vik kommune | Årsmelding 2023\n\nTekst om kommunen og tjenestene i året som gikk.\n"
    text = (page + "Side 1\n" + page + "Side 2\n" + page
            + "Indikator 2021 2022 2023\nAndel fornøyde brukere 81 % 83 % 84 %\nSide 3\n"
            + "Nordre Vik kommune | Årsmelding 2023\nAndel ansatte med fagbrev 70 % 72 % 75 %\n"
            + "Sykefravær 7,1 % 6,8 % 6,5 %\nSide 4\n" + page + "Side 5\n")
    (table,) = _tables(text).tables
    assert [label for label, _ in _rows(table)] == ["Andel fornøyde brukere", "Andel ansatte med fagbrev",
                                                    "Sykefravær"]
    assert [c.page_no for c in table.cells if c.col_idx == 0] == [3, 4, 4]


def test_the_trace_says_why_each_line_and_table_was_read_so():
    text = """Utvalg Møter Saker
Kommunestyret 8 64
Formannskapet 15 98
*) Fellesmøter telles én gang
"""
    trace = _tables(text).trace["text_route"]
    assert trace["lines"][:2] == [[1, "label", "line_short_text"], [2, "values", "line_values"]]
    assert trace["lines"][-1] == [4, "footnote", "line_footnote"]
    (table,) = trace["tables"]
    assert (table["header_reason"], table["columns"], table["columns_reason"], table["ended"]) == (
        "header_over_rows", 2, "columns_from_header", "end_footnote")
