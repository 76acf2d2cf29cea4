"""Figures in running text: a Norwegian number and the unit printed after it ("296 mill. kroner",
"3,1 prosent", "99 000"), normalised to the catalogue's units (mill_kr, pct, count, tonn)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.facts.catalogue import UnitSpec, load_catalogue
from pipeline.tables.conventions import NUMBER_IN_TEXT, parse_cell
from pipeline.vocabulary import YEAR_AT_SENTENCE_END

COUNT = "count"


@dataclass(frozen=True)
class Quantity:
    start: int  # character offsets in the text searched
    end: int
    raw: str  # as printed, number and unit
    value: float  # in `unit`
    unit: str | None  # catalogue unit; None for units the catalogue does not use (kr, prosentpoeng)


def _alternatives(forms) -> str:
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(forms, key=len, reverse=True))


@cache
def _pattern() -> tuple[re.Pattern, dict[str, UnitSpec], dict[str, UnitSpec]]:
    units = load_catalogue().units
    by_form = {form: spec for spec in units for form in spec.forms}
    by_prefix = {form: spec for spec in units for form in spec.prefixes}
    # not part of a longer number, a range ("500-550") or a date ("09.05.23"); a unit ends at a word end
    pattern = re.compile(
        rf"(?<![\w,.\-–−])(?:(?P<prefix>{_alternatives(by_prefix)})\s*(?=[-−\d]))?"
        rf"(?P<number>{NUMBER_IN_TEXT.pattern})(?![\w]|[,.]\d|[-–]\d)"
        rf"(?:\s*(?P<unit>{_alternatives(by_form)})(?!\w))?", re.IGNORECASE)
    return pattern, by_form, by_prefix


def find_quantities(text: str) -> list[Quantity]:
    """Every figure in `text`; a bare number that looks like a year is a date, not a figure."""
    pattern, by_form, by_prefix = _pattern()
    found = []
    for m in pattern.finditer(text):
        start, number_text = m.start(), m.group("number")
        if m.group("sign") and m.group("sign")[-1].isspace():  # a dash between words, not a minus
            start = m.start("int")
            number_text = text[start:m.end("number")]
        number = parse_cell(number_text).number
        unit_text, prefix = m.group("unit"), m.group("prefix")
        if unit_text is None and prefix is None:
            if not YEAR_AT_SENTENCE_END.match(number_text):
                found.append(Quantity(start, m.end(), text[start:m.end()], number, COUNT))
            continue
        spec = by_form[_form(unit_text)] if unit_text else by_prefix[_form(prefix)]
        unit = spec.unit if spec.min_value is None or abs(number) >= spec.min_value else None
        value = round(number * spec.factor, 6) if unit else number
        found.append(Quantity(start, m.end(), text[start:m.end()], value, unit if unit in _catalogue_units() else None))
    return found


def _form(printed: str) -> str:
    return re.sub(r"\s+", " ", printed.lower())


@cache
def _catalogue_units() -> frozenset[str]:
    return frozenset(u for f in load_catalogue().facts for u in f.units)
