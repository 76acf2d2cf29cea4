"""Norwegian numbers as printed in reports: "1 396", "5,7 %", "-12110", "115 kr/m²", "−3,2".

A cell's text becomes a ParsedValue: the number (or None for a text cell such as "Ikke målt"),
the unit printed with it, and the text as read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# units printed inside cells, longest first so "kr/m²" wins over "kr"
UNITS = ["kr/m²", "kr/m2", "kg/m²", "kg/m2", "mill. kr", "mill.kr", "mrd. kr", "GWh", "MWh", "kWh", "tonn",
         "kr", "%", "‰", "prosent", "dager", "år"]
_UNIT_ALIASES = {"kr/m2": "kr/m²", "kg/m2": "kg/m²", "mill.kr": "mill. kr", "prosent": "%"}
_MINUS = "-−–"  # hyphen, minus sign, en dash
NUMBER = re.compile(
    r"(?P<sign>[-−–]\s?)?"
    r"(?P<int>\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)"  # "1 396" with thin/normal spaces, or plain digits
    r"(?:,(?P<frac>\d+))?"
)
_UNIT_RE = "|".join(re.escape(u) for u in UNITS)
CELL = re.compile(rf"^\s*(?P<number>{NUMBER.pattern})\s*(?P<unit>{_UNIT_RE})?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedValue:
    raw: str
    number: float | None
    unit: str | None
    text: str | None  # the cell's text when it is not a number


def _to_float(match: re.Match) -> float:
    digits = re.sub(r"\D", "", match.group("int"))
    value = float(f"{digits}.{match.group('frac')}") if match.group("frac") else float(digits)
    return -value if match.group("sign") else value


def parse_cell(raw: str) -> ParsedValue:
    """Parse one cell: a number with an optional unit, or text kept as printed."""
    cleaned = raw.strip().strip("|").strip()
    match = CELL.match(cleaned)
    if match:
        unit = match.group("unit")
        if unit:
            unit = _UNIT_ALIASES.get(unit.lower(), unit)
        return ParsedValue(raw=raw, number=_to_float(match), unit=unit, text=None)
    return ParsedValue(raw=raw, number=None, unit=None, text=cleaned or None)
