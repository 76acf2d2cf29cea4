"""Header recognition from structure."""
from pipeline.tables.text.headers import budget_header, region_header, word_header, year_header


def test_year_header_with_label_and_trailing_column():
    assert year_header("Indikator 2019 2020 2021").columns == ["Indikator", "2019", "2020", "2021"]
    assert year_header("2020 2021 2022 Snitt").columns == ["", "2020", "2021", "2022", "Snitt"]
    assert year_header("2024").columns == ["", "2024"]


def test_year_header_rejects_prose_and_gaps():
    assert year_header("Det ble i 2023 vedtatt en ny plan") is None
    assert year_header("2020 og 2022") is None
    assert year_header("2023.") is None


def test_budget_header_over_two_lines():
    header = budget_header("Programområder Regnskap Oppr. Rev. bud. Avvikikr Avviki %", "2024 bud. 2024 2024")
    assert header.kind == "budget" and header.n_lines == 2
    assert header.columns == ["Programområder", "Regnskap 2024", "Oppr. bud. 2024", "Rev. bud. 2024",
                              "Avvik i kr", "Avvik i %"]


def test_budget_header_needs_budget_vocabulary():
    assert budget_header("Regnskapet viste et godt resultat", None) is None


def test_region_header_joins_years_and_name_continuations():
    header = region_header("Moss Moss Fredrikstad Sarpsborg Landet KOSTRA-", "2021 2022 uten Oslo gruppe 8")
    assert header.columns == ["", "Moss 2021", "Moss 2022", "Fredrikstad", "Sarpsborg", "Landet uten Oslo",
                              "KOSTRA-gruppe 8"]


def test_region_header_needs_benchmark_words():
    assert region_header("Moss Halden Fredrikstad", "2021 2022") is None


def test_word_header_splits_at_capitals():
    assert word_header("Utvalg Avholdte møter | Saker behandlet").columns == [
        "Utvalg", "Avholdte møter", "Saker behandlet"]
    assert word_header("Utvalg Avholdte møter", 3) is None
    assert word_header("Plan Status", 1).kind == "status"
