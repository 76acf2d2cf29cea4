"""The patterns every stage needs, written once: years, page furniture, unit notes, sentence ends.

Stages import these instead of writing their own: a footer the page splitter knows is also one
the table recogniser leaves out, and a year the header finder accepts is one the facts accept.
Number formats live beside them in `pipeline.tables.conventions`, which owns their parsing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# --- years -------------------------------------------------------------------------------------
# Reports speak of years from the last century to the next decades; four digits starting 19 or 20.
YEAR_DIGITS = r"(?:19|20)\d\d"
YEAR = re.compile(rf"^{YEAR_DIGITS}$")  # a token that is a year
YEAR_AT_SENTENCE_END = re.compile(rf"^{YEAR_DIGITS}\.?$")  # "2023." ends a sentence
# a year standing alone in running text or ending a date ("31.12.2023"), not part of an amount ("2023,5")
YEAR_IN_TEXT = re.compile(rf"(?<![\d,])({YEAR_DIGITS})(?!\d|[.,]\d)")


def is_year(token: str) -> bool:
    return YEAR.match(token) is not None


# --- page furniture ----------------------------------------------------------------------------
# Footers as OCR prints them: "Side 15 av 134", "side 15 / 134", "Side 7", "Page 3 of 20", "7 / 9",
# "2/19", "7 av 9", "- 7 -", "s. 7", left, centred or right. A bare number, or a number beside
# text that repeats on every page ("Årsrapport 2023 | 7"), is a footer only where the page sequence
# proves it (pipeline.ingest.text checks the sequence); the worded forms are footers wherever they stand.
_PAGE_WORD = r"(?:side|page|s\.|p\.)"
_OF = r"(?:av|of|/|\|)"
FOOTER_WORDED = re.compile(rf"^\s*{_PAGE_WORD}\s*(\d{{1,4}})\s*(?:{_OF}\s*(\d{{1,4}}))?\s*$", re.IGNORECASE)
FOOTER_FRACTION = re.compile(rf"^\s*(\d{{1,4}})\s*{_OF}\s*(\d{{1,4}})\s*$", re.IGNORECASE)
FOOTER_DASHED = re.compile(r"^\s*[-–—]\s*(\d{1,4})\s*[-–—]\s*$")
FOOTER_BARE = re.compile(r"^\s*(\d{1,4})\s*$")
# a page number at either end of a line of text: "Årsrapport 2023 | Side 7", "7 Asker kommune"
_EDGE_NUMBER = re.compile(rf"^\s*(?:(?P<lead>\d{{1,4}})\s*[|•·–—-]?\s+(?P<after>.*?[^\W\d_].*?)"
                          rf"|(?P<before>.*?[^\W\d_].*?)\s+[|•·–—-]?\s*(?:{_PAGE_WORD}\s*)?(?P<trail>\d{{1,4}})"
                          rf"(?:\s*(?:av|of|/)\s*\d{{1,4}})?)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Footer:
    page: int
    total: int | None
    bare: bool  # a lone number: a footer only if it fits the document's page sequence


def page_footer(text: str) -> Footer | None:
    """The page number (and page count) a footer line prints, or None for any other line."""
    if m := FOOTER_WORDED.match(text):
        page, total = int(m.group(1)), int(m.group(2)) if m.group(2) else None
        return Footer(page, total, False) if total is None or 0 < page <= total else None
    if m := FOOTER_FRACTION.match(text):
        page, total = int(m.group(1)), int(m.group(2))
        return Footer(page, total, False) if 0 < page <= total else None
    if m := FOOTER_DASHED.match(text):
        return Footer(int(m.group(1)), None, False)
    if m := FOOTER_BARE.match(text):
        return Footer(int(m.group(1)), None, True)
    return None


def edge_number(text: str) -> tuple[int, str] | None:
    """A line of text with a number at its start or end: (the number, the text beside it)."""
    m = _EDGE_NUMBER.match(text)
    if m is None:
        return None
    if m.group("lead"):
        return int(m.group("lead")), m.group("after").strip()
    return int(m.group("trail")), m.group("before").strip(" |•·–—-")


# page furniture is a line of a few words at most ('Årsrapport 2023 | Side 7 av 134', a running header)
FURNITURE_MAX_WORDS = 12


def is_footer(text: str) -> bool:
    """A line that prints a page number in one of the worded forms (never a bare number)."""
    footer = page_footer(text)
    return footer is not None and not footer.bare


# --- account tables (budget and accounts) -------------------------------------------------------------
# The column words of the genre's account tables, matched on the start of a folded word ("Avvikikr",
# "Oppr.bud.2022"): OCR reads "vv" as "w" or "wv" ("Awvik"), so v's and w's fold to one 'v' and
# doubled letters to one. What each column is, for the budget mart: the account (Regnskap), the
# adopted budget (Oppr. bud., Opprinnelig, Vedtatt budsjett), the revised budget (Rev. bud.,
# Revidert, Justert budsjett, or a plain Budsjett), the deviation in kroner and in per cent (Avvik,
# Avvik i %), and spending as a share of the budget (Forbruk i %).
ACCOUNT_WORDS = ("regnskap", "budsj", "bud", "oppr", "rev", "justert", "vedtatt", "avvik", "forbruk",
                  "prognose", "endring", "differanse", "mindreforbruk", "merforbruk", "årsbudsj", "arsbudsj")
_VW = re.compile(r"[vw]+")
_DOUBLED = re.compile(r"([a-zæøå])\1+")


def fold_word(word: str) -> str:
    """A word as OCR may have printed it, folded: lower case, v/w runs and doubled letters as one."""
    return _DOUBLED.sub(r"\1", _VW.sub("v", word.lower())).strip(".,:;()")


_ACCOUNT_WORD = re.compile("|".join(re.escape(fold_word(w)) for w in ACCOUNT_WORDS))
@lru_cache(maxsize=8192)
def is_account_word(word: str) -> bool:
    return _ACCOUNT_WORD.match(fold_word(word)) is not None


_ACCOUNT_FIELDS = (  # (folded word starts, a percent?) -> field; first match wins
    (("avvik", "differanse", "mindreforbruk", "merforbruk"), True, "avvik_pct"),
    (("avvik", "differanse", "mindreforbruk", "merforbruk"), False, "avvik_kr"),
    (("forbruk",), True, "forbruk_pct"),
    (("regnskap",), False, "regnskap"),
    (("oppr", "vedtatt", "årsbudsj", "arsbudsj"), False, "opprinnelig_budsjett"),
    (("rev", "justert", "budsj", "bud"), False, "revidert_budsjett"),
)


def account_field(name: str) -> str | None:
    """What an account-table column holds, from its name: 'Rev. bud. 2023' -> 'revidert_budsjett',
    'Avvik i %' -> 'avvik_pct', 'Justert budsjett' -> 'revidert_budsjett'; None for other columns."""
    words = [fold_word(w) for w in re.split(r"[\s.]+", name) if w]
    percent = "%" in name or any(w.startswith("prosent") for w in words)
    for starts, is_percent, field in _ACCOUNT_FIELDS:
        if is_percent == percent and any(w.startswith(tuple(fold_word(s) for s in starts)) for w in words):
            return field
    return None


# --- unit notes --------------------------------------------------------------------------------
# A table-level unit printed near the table: "Beløp i 1000", "Alle tall i mill. kr", "(Tall i hele
# tusen)", "Beløp i 1 000 kroner", "Tall i millioner kroner", "NOK 1000", "(i 1000 kr)". OCR damages
# the ø of "Beløp" ("Belgp", "Bel@p"), hence the loose middle.
_SCALE_WORDS = (r"(?:hele\s+)?(?:1[ .\u00a0]?000(?:[ .\u00a0]?000)?|tusen|mill\S*|millioner|mrd\.?|milliarder|"
                r"(?:nok|kr\.?|kroner)\b)")
UNIT_NOTE = re.compile(
    rf"^\s*\(?\s*(?:(?:alle\s+)?(?:bel\S{{1,2}}p|tall|tallene|bel\S{{1,2}}pene)\s+(?:er\s+)?(?:oppgitt\s+)?i\s+{_SCALE_WORDS}"
    rf"|i\s+{_SCALE_WORDS}|(?:nok|kr)\.?\s+1[ .]?000)[^\n]{{0,30}}$",
    re.IGNORECASE)
_MULTIPLIERS = [
    (re.compile(r"mrd|milliard", re.IGNORECASE), 1e9),
    (re.compile(r"mill|1[ .\u00a0]?000[ .\u00a0]?000", re.IGNORECASE), 1e6),
    (re.compile(r"1[ .\u00a0]?000|tusen", re.IGNORECASE), 1e3),
]


UNIT_NOTE_MAX_WORDS = 10


def is_unit_note(text: str) -> bool:
    return UNIT_NOTE.match(text.strip()) is not None and len(text.split()) <= UNIT_NOTE_MAX_WORDS


def unit_multiplier(note: str | None) -> float:
    """'Beløp i 1000' -> 1000: the factor that turns a table's amounts into kroner."""
    for pattern, factor in _MULTIPLIERS:
        if note and pattern.search(note):
            return factor
    return 1.0


# --- sentences ---------------------------------------------------------------------------------
SENTENCE_END_CHARS = ".!?"
# a sentence ends inside a line: "... kommunen. Når"
SENTENCE_BREAK_INSIDE = re.compile(r"[a-zæøå]{2}[.!?]\s+[A-ZÆØÅ]")
# a line (or token) after which the next word starts a sentence or list item: its end (`?»` too), a colon
# or a bullet
OPENS_NEXT = re.compile(r"[.!?:•▪●][»”\"')\]]*$|^[-–*]$")


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(tuple(SENTENCE_END_CHARS))


# --- units of measure --------------------------------------------------------------------------
# Abbreviations a number takes (`3 ha`, `120 m3`), lower case: never words of the running text.
MEASURE_UNITS = frozenset(
    "ha daa km km2 m m2 m3 cm mm kg g t tonn l dl kr kwh mwh gwh twh mw kw stk mill mrd".split()
)
