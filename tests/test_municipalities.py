"""Invariants of the shipped municipality list (the 357 municipalities of 2024 and those merged away)."""
from collections import Counter, defaultdict

from pipeline.ingest.municipalities import municipalities, municipality_names

COUNTIES_2024 = {"Oslo", "Rogaland", "Møre og Romsdal", "Nordland", "Østfold", "Akershus", "Buskerud",
                 "Innlandet", "Vestfold", "Telemark", "Agder", "Vestland", "Trøndelag", "Troms", "Finnmark"}


def _current():
    return [m for m in municipalities() if m.current]


def test_there_are_357_current_municipalities_in_the_15_counties_of_2024():
    current = _current()
    assert len(current) == 357
    assert {m.county for m in current} == COUNTIES_2024


def test_numbers_are_four_digits_and_unique_over_current_and_former():
    numbers = [m.number for m in municipalities()]
    assert all(len(n) == 4 and n.isdigit() for n in numbers)
    assert [n for n, c in Counter(numbers).items() if c > 1] == []


def test_each_county_has_one_number_prefix_of_its_own():
    prefixes = defaultdict(set)
    for m in _current():
        prefixes[m.county].add(m.number[:2])
    assert all(len(p) == 1 for p in prefixes.values())
    assert len({p.pop() for p in prefixes.values()}) == len(COUNTIES_2024)


def test_only_the_official_name_pairs_repeat_among_current_municipalities():
    counts = Counter(m.name for m in _current())
    repeated = {name for name, c in counts.items() if c > 1}
    assert repeated == {"Herøy", "Våler"}
    for name in repeated:
        pair = [m for m in _current() if m.name == name]
        assert len({m.county for m in pair}) == 2


def test_spelling_and_numbers_of_well_known_municipalities():
    by_number = {m.number: m for m in municipalities()}
    assert (by_number["3203"].name, by_number["3203"].county) == ("Asker", "Akershus")
    assert by_number["3201"].name == "Bærum"
    assert by_number["0301"].name == "Oslo"
    assert (by_number["1515"].name, by_number["1515"].county) == ("Herøy", "Møre og Romsdal")
    assert (by_number["1818"].name, by_number["1818"].county) == ("Herøy", "Nordland")
    assert (by_number["3114"].county, by_number["3419"].county) == ("Østfold", "Innlandet")
    assert by_number["1580"].name == "Haram"  # re-established in 2024
    assert by_number["5001"].name == "Trondheim"
    assert by_number["5501"].name == "Tromsø"


def test_names_are_written_with_norwegian_letters_not_ascii_stand_ins():
    names = [m.name for m in municipalities()]
    assert not any(ascii_form in name for name in names for ascii_form in ("ae", "oe", "aa"))
    assert all(all(ch.isalpha() or ch in " -" for ch in name) for name in names)


def test_municipalities_merged_away_in_the_reform_are_kept_as_former():
    former = {m.name: m for m in municipalities() if not m.current}
    assert (former["Røyken"].number, former["Røyken"].county) == ("0627", "Buskerud")
    assert former["Hurum"].number == "0628"
    assert {"Ski", "Oppegård", "Skedsmo", "Lenvik", "Klæbu"} <= set(former)
    assert "Sandvika" not in former  # a town in Bærum, never a municipality
    current_names = {m.name for m in _current()}
    assert "Røyken" not in current_names


def test_municipality_names_lists_every_name_once_in_order():
    names = municipality_names()
    assert names == sorted(set(names))
    assert {"Asker", "Røyken", "Herøy"} <= set(names)
    assert len(names) == len({m.name for m in municipalities()})
