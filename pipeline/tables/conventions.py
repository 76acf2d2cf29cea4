"""Number conventions: how a table prints its numbers, detected from its cells, and cells read by it.

Reports print numbers in several conventions, and a table keeps to one:
- decimal comma or point: "5,7" / "5.7";
- thousands by space (also no-break or thin space), period, comma or apostrophe: "1 396", "1.396",
  "1,396", "1'396", or not at all: "1396";
- negatives as "-12", "−12", "–12" or "(1 234)";
- a unit before or after the number: "5,7 %", "115 kr/m²", "mill. kr", "10 €", "kr 45 000".

A separator followed by exactly three digits is ambiguous ("150,544" is 150.544 in Norwegian and
150544 in English); the table's unambiguous cells decide ("7,389,208" or "12,5" elsewhere in the
table), and without any the Norwegian reading wins. OCR sometimes prints a decimal comma as a
point ("14.8%" among "13,6 %"): a point followed by one or two digits is a decimal wherever it stands.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

# units printed with a number, longest first so "kr/m²" wins over "kr"; "m?" is OCR for "m²"
UNITS = ("kr/m²", "kr/m2", "kr/m?", "kg/m²", "kg/m2", "kg/m?", "mill. kr", "mill.kr", "mill kr", "mrd. kr",
         "mrd kr", "1000 kr", "GWh", "MWh", "kWh", "tonn", "kroner", "kr", "NOK", "EUR", "USD", "€", "$", "£", "%",
         "‰", "prosent", "pst.", "pst", "dager", "år", "timer", "km", "m²", "m2")
_UNIT_ALIASES = {"kr/m2": "kr/m²", "kr/m?": "kr/m²", "kg/m2": "kg/m²", "kg/m?": "kg/m²", "mill.kr": "mill. kr",
                 "mill kr": "mill. kr", "mrd kr": "mrd. kr", "prosent": "%", "pst.": "%", "pst": "%", "kroner": "kr",
                 "m2": "m²"}
_PREFIX_UNITS = ("kr", "NOK", "EUR", "USD", "€", "$", "£")
_UNIT_RE = "|".join(re.escape(u) for u in UNITS)
_PREFIX_RE = "|".join(re.escape(u) for u in _PREFIX_UNITS)
SEPARATORS = " \u00a0\u202f\u2009.,'’"
_SPACES = " \u00a0\u202f\u2009"
MINUS_SIGNS = "-−–"
# the number part: digits with separators, optionally signed or bracketed
_NUMERIC = rf"[{MINUS_SIGNS}]?\s?\(?[{MINUS_SIGNS}]?\d[\d{SEPARATORS}]*\)?"
CELL = re.compile(rf"^(?:(?P<prefix>{_PREFIX_RE})\s?)?(?P<number>{_NUMERIC})\s*(?P<unit>{_UNIT_RE})?$", re.IGNORECASE)
# a number in running text (facts): Norwegian convention, thousands by space, optional sign
NUMBER_IN_TEXT = re.compile(
    r"(?P<sign>[-−–]\s?)?"
    r"(?P<int>\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)"
    r"(?:(?:,(?P<frac>\d+))|(?:\.(?P<dotfrac>\d{1,2})(?!\d)))?"
)

# text cells of the genre, tolerant of the OCR confusions l/I/1/i, å/a and a lost or misread last
# letter ("mait", "mail", "male" for "målt"), with their printed form
STATUS_PHRASES = (
    (r"[Il1|]k[kl§]{1,2}e\s+m[aå&][lI1i|]{1,2}[tle]?", "Ikke målt"),
    (r"[Il1|]k[kl§]{1,2}e\s+relevant", "Ikke relevant"),
    (r"[Il1|]k[kl§]{1,2}e\s+aktuelt", "Ikke aktuelt"),
    (r"[Il1|]k[kl§]{1,2}e\s+tilgjengelig", "Ikke tilgjengelig"),
    (r"Tall\s+kommer", "Tall kommer"),
    (r"Under\s+utvikling", "Under utvikling"),
    (r"Ingen\s+data", "Ingen data"),
)
STATUS_TEXT = re.compile(r"(?<!\S)(?:" + "|".join(p for p, _ in STATUS_PHRASES) + r")(?!\S)", re.IGNORECASE)
# what text holding any of them holds in lower case (their first words' distinctive letters), to
# leave the rest out cheaply: `STATUS_HINT.search(text.lower())`
STATUS_HINT = re.compile(r"k[kl§]|tall|under|ingen")
_STATUS_EXACT = [(re.compile(pattern, re.IGNORECASE), printed) for pattern, printed in STATUS_PHRASES]
DASHES = "-−–—"  # a dash alone between values: a minus sign, an empty cell, or OCR residue


@dataclass(frozen=True)
class Convention:
    """How a table prints numbers: its decimal mark and its thousands separator ('' for none seen)."""

    decimal: str = ","
    thousands: str = " "

    @property
    def name(self) -> str:
        spaces = {" ": "space", ".": "period", ",": "comma", "'": "apostrophe", "": "none"}
        return f"decimal {'comma' if self.decimal == ',' else 'point'}, thousands by {spaces[self.thousands]}"


NORWEGIAN = Convention(",", " ")
ENGLISH = Convention(".", ",")


@dataclass(frozen=True)
class ParsedValue:
    raw: str
    number: float | None
    unit: str | None
    text: str | None  # the cell's text when it is not a number
    decimals: int | None = None  # digits printed after the decimal mark (None for text)


def canonical_status(text: str) -> str | None:
    """'lkke malt' -> 'Ikke målt': a status phrase of the genre in its printed form, else None."""
    text = text.strip()
    for pattern, printed in _STATUS_EXACT:
        if pattern.fullmatch(text):
            return printed
    return None


_FURNITURE = re.compile(r"[|\[\]]")
_WHITESPACE = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def _clean(raw: str) -> str:
    """Table furniture around a cell: printed bars, stray brackets OCR leaves after a number."""
    text = _FURNITURE.sub(" ", raw)
    text = _WHITESPACE.sub(" ", text).strip()
    if text.endswith("(") and "(" not in text[:-1]:
        text = text[:-1].strip()
    return text


@lru_cache(maxsize=8192)
def _evidence(body: str) -> Counter:
    """What one printed number (`_number_body`) says about its convention: ('decimal', mark) or
    ('thousands', sep). The Counter is shared by every caller (cached): read it, never change it."""
    found: Counter = Counter()
    marks = [(i, ch) for i, ch in enumerate(body) if ch in ".,'’"]
    if not marks:
        if re.search(rf"\d[{_SPACES}]\d{{3}}(?!\d)", body):
            found["thousands", " "] += 1
        return found
    kinds = {ch for _, ch in marks}
    last_at, last = marks[-1]
    after = len(body) - last_at - 1
    if len(kinds) == 2:  # "1.234,5" or "1,234.5": the last mark is the decimal one
        found["decimal", last] += 1
        found["thousands", marks[0][1]] += 1
    elif len(marks) > 1:  # "1,234,567": a repeated mark groups thousands
        found["thousands", last] += 1
    elif after != 3:  # "12,5", "0,25", "12.5": not a thousands group
        found["decimal", last] += 1
    return found


def _number_body(raw: str) -> str:
    """A cell's printed number without its brackets, minus sign and spaces ('' where it holds none)."""
    match = CELL.match(_clean(raw))
    return match.group("number").strip("()" + MINUS_SIGNS + _SPACES) if match else ""


def _votes(raws: Iterable[str]) -> tuple[Counter, Counter]:
    """How many of the cells' unambiguous numbers show each decimal mark and each thousands separator."""
    evidence: Counter = Counter()
    for raw in raws:
        body = _number_body(raw)
        if body:
            evidence.update(_evidence(body))
    decimals = Counter({mark: n for (kind, mark), n in evidence.items() if kind == "decimal"})
    thousands = Counter({sep: n for (kind, sep), n in evidence.items() if kind == "thousands"})
    return decimals, thousands


def detect(raws: Iterable[str], default: Convention = NORWEGIAN) -> Convention:
    """The convention the cells' unambiguous numbers show, against `default` (the table's, page's or
    document's): a thousands separator seen grouping ("1.234.567", "1,234.5") is structural and fixes
    the decimal mark; otherwise a decimal mark other than the default's must outvote it twice over,
    since OCR prints a decimal comma as a point now and then ("6.0%" among "5,1")."""
    return _decide(*_votes(raws), default)


def _decide(decimals: Counter, thousands: Counter, default: Convention) -> Convention:
    separator = thousands.most_common(1)[0][0] if thousands else None
    if separator in (".", ","):
        decimal = "," if separator == "." else "."
    else:
        other = "." if default.decimal == "," else ","
        decimal = other if decimals[other] >= 2 and decimals[other] > 2 * decimals[default.decimal] else default.decimal
    if separator is None or separator == decimal:
        separator = default.thousands if default.thousands != decimal else ("," if decimal == "." else " ")
    return Convention(decimal, "'" if separator == "’" else separator)


def told(raws: Iterable[str]) -> Convention | None:
    """The convention the numbers among `raws` decide (a page's or a document's words), or None where
    none tells: with many numbers, a plain majority of their marks."""
    # a number has a digit: most of a page's words are passed over before the parser
    numbers = [raw for raw in raws if any(ch.isdigit() for ch in raw) and is_number(raw)]
    decimals, thousands = _votes(numbers)
    if not decimals and not thousands:
        return None
    majority = decimals.most_common(1)[0][0] if decimals else ","
    return _decide(decimals, thousands, NORWEGIAN if majority == "," else ENGLISH)


_GROUPED = re.compile(r"^[1-9]\d{0,2}([.,])\d{3}$")


def grouped_thousands(raws: Iterable[str]) -> Convention | None:
    """Where no number decides: numbers that all print one mark followed by exactly three digits
    ("337,432", "28,106"), two or more, none starting "0,", group thousands by that mark. A column of
    values with three decimals each is far rarer than a column of thousands."""
    marks = []
    for raw in raws:
        body = _number_body(raw)
        if any(ch in body for ch in ".,'’"):
            grouped = _GROUPED.match(body)
            if grouped is None:
                return None
            marks.append(grouped.group(1))
    if len(marks) < 2 or len(set(marks)) != 1:
        return None
    return ENGLISH if marks[0] == "," else Convention(",", ".")


def _number(text: str, convention: Convention) -> tuple[float, int] | None:
    """The value of a printed number under a convention, and its count of decimals."""
    negative = False
    text = text.strip()
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    elif "(" in text or ")" in text:
        return None
    if text and text[0] in MINUS_SIGNS:
        negative, text = not negative, text[1:].strip()
    if text and text[0] in MINUS_SIGNS:
        return None
    if not text or not text[0].isdigit() or not text[-1].isdigit():
        return None
    body = re.sub(f"[{_SPACES}]", " ", text)
    if " " in body and not re.fullmatch(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?", body):
        return None  # spaces that do not group thousands: two numbers, not one
    body = body.replace(" ", "")
    marks = [(i, ch) for i, ch in enumerate(body) if ch in ".,'’"]
    decimal_at = None
    if marks:
        kinds = {ch for _, ch in marks}
        last_at, last = marks[-1]
        after = len(body) - last_at - 1
        if len(kinds) == 2:
            decimal_at = last_at if last in ".," else None
        elif len(marks) == 1 and (after != 3 or last == convention.decimal and convention.thousands != last):
            decimal_at = last_at if last in ".," else None
        groups = re.split(r"[.,'’]", body[:decimal_at] if decimal_at is not None else body)
        if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
            return None  # "12,34,5": not a grouping any convention prints
    integer = body[:decimal_at] if decimal_at is not None else body
    fraction = body[decimal_at + 1:] if decimal_at is not None else ""
    digits = re.sub(r"\D", "", integer)
    value = float(f"{digits}.{fraction}") if fraction else float(digits)
    return (-value if negative else value), len(fraction)


@lru_cache(maxsize=16384)
def parse_cell(raw: str, convention: Convention = NORWEGIAN) -> ParsedValue:
    """One cell: a number with an optional unit, or text kept as printed (a status phrase canonical)."""
    cleaned = _clean(raw)
    match = CELL.match(cleaned)
    if match:
        read = _number(match.group("number"), convention)
        if read is not None:
            unit = match.group("unit") or match.group("prefix")
            if unit:
                unit = _UNIT_ALIASES.get(unit.lower(), unit)
            return ParsedValue(raw=raw, number=read[0], unit=unit, text=None, decimals=read[1])
    text = canonical_status(cleaned) or cleaned
    return ParsedValue(raw=raw, number=None, unit=None, text=text or None)


# one cell holding digit groups that are not thousands ("1012 345"): the print lost a space between
# groups, or OCR merged them; read as one number only where nothing else parses
_DIGIT_GROUPS = re.compile(r"^[-−–]?\d+(?: \d+)+(?:,\d+)?(?: ?%)?$")


def joined_digit_groups(raw: str, convention: Convention = NORWEGIAN) -> ParsedValue | None:
    """'1012 345' read as 1012345 (its raw text kept), or None for anything else."""
    if not _DIGIT_GROUPS.match(raw.strip()):
        return None
    joined = parse_cell(raw.replace(" ", ""), convention)
    return ParsedValue(raw, joined.number, joined.unit, None, joined.decimals) if joined.number is not None else None


# letters OCR prints for the digits they resemble: "L,7 %" for 1,7 %, "T,1 %" for 7,1 %, "2O5" for 205
_LOOKALIKE_DIGITS = {"l": "1", "I": "1", "L": "1", "|": "1", "O": "0", "o": "0", "T": "7", "S": "5", "B": "8", "Z": "2"}
_LOOKALIKES = str.maketrans(_LOOKALIKE_DIGITS)
_LOOKALIKE_CHARS = re.escape("".join(_LOOKALIKE_DIGITS))
_LOOKALIKE_NUMBER = re.compile(rf"^[-−–(]?[\d{_LOOKALIKE_CHARS}][\d {_LOOKALIKE_CHARS},.]*\)?(?: ?%)?$")


def lookalike_digits(raw: str, convention: Convention = NORWEGIAN) -> ParsedValue | None:
    """'L,7 %' read as 1,7 % (its raw text kept): one letter among digits read as the digit it looks
    like, or None for anything else (a word, a unit, two letters)."""
    text = raw.strip()
    letters = sum(ch.isalpha() or ch == "|" for ch in text)
    if letters != 1 or not any(ch.isdigit() for ch in text) or not _LOOKALIKE_NUMBER.match(text):
        return None
    read = parse_cell(text.translate(_LOOKALIKES), convention)
    return ParsedValue(raw, read.number, read.unit, None, read.decimals) if read.number is not None else None


def is_number(raw: str, convention: Convention = NORWEGIAN) -> bool:
    """A number as printed, or digit groups that can only be one."""
    return parse_cell(raw, convention).number is not None or joined_digit_groups(raw, convention) is not None
