"""The fact catalogue (data/catalogue.json): keys, units, phrasings and the marker word lists.

Phrasings are written in a small token language (see the catalogue's _doc) and compiled here into
spaCy Matcher patterns, so linguists can extend the catalogue without touching code.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pipeline.vocabulary import YEAR_DIGITS

QTY = "{QTY}"
GAP = "..."


@dataclass(frozen=True)
class UnitSpec:
    name: str  # the surface family, e.g. "mrd_kr"
    unit: str  # the catalogue unit it is stored as, e.g. "mill_kr"
    factor: float  # multiply the printed number by this to get `unit`
    forms: tuple[str, ...]  # printed forms, lower case
    min_value: float | None = None  # the printed number must be at least this (bare "kroner" amounts)
    prefixes: tuple[str, ...] = ()  # forms printed before the number: "kr 45 000 000"


@dataclass(frozen=True)
class FactSpec:
    key: str
    description: str
    units: tuple[str, ...]
    phrasings: tuple[str, ...]
    not_with: tuple[str, ...] = ()  # words in the clause that make the figure a part or variant of it
    stock: bool = False  # counted at a date (innbyggere), not over the year: "per 1. januar" is the year before


@dataclass(frozen=True)
class Markers:
    gap_stop: tuple[str, ...]
    before_figure: tuple[str, ...]  # a figure right after these is a reference point ("mot 9,3 prosent")
    after_figure: tuple[str, ...]  # a figure right before these is a difference ("40 mill. kroner høyere")
    not_a_level: tuple[str, ...]  # anywhere in the clauses of the match
    modal: tuple[str, ...]  # between the subject and the figure
    other_subject: tuple[str, ...]
    clause_breaks: tuple[str, ...]
    period_words: tuple[str, ...]
    comparison_words: tuple[str, ...]
    previous_year: tuple[str, ...]  # phrases naming the year before the report year
    negative_words: tuple[str, ...]
    part_prepositions: tuple[str, ...]  # right after the key words, these may narrow it to a part
    whole_subject: tuple[str, ...]  # objects and subjects that still mean the whole municipality
    subject_verbs: tuple[str, ...]  # phrasings starting at these need the municipality before them
    auxiliaries: tuple[str, ...]  # skipped when looking for that subject
    adverbial_openers: tuple[str, ...]  # an opening starting with these is an adverbial, not a subject


@dataclass(frozen=True)
class Catalogue:
    facts: tuple[FactSpec, ...]
    units: tuple[UnitSpec, ...]
    markers: Markers
    gap_tokens: int


def load_data_file(name: str) -> dict:
    with resources.files("pipeline.facts").joinpath(f"data/{name}").open(encoding="utf-8") as f:
        return json.load(f)


@cache
def load_catalogue() -> Catalogue:
    data = load_data_file("catalogue.json")
    units = tuple(UnitSpec(name, spec.get("as", name), spec.get("factor", 1.0),
                           tuple(form.lower() for form in spec["forms"]), spec.get("min_value"),
                           tuple(form.lower() for form in spec.get("prefix_forms", ())))
                  for name, spec in data["units"].items())
    facts = tuple(FactSpec(f["key"], f["description"], tuple(f["units"]), tuple(f["phrasings"]),
                           tuple(f.get("not_with", ())), f.get("stock", False)) for f in data["facts"])
    markers = Markers(**{k: tuple(v) for k, v in data["markers"].items() if not k.startswith("_")})
    return Catalogue(facts, units, markers, data["gap_tokens"])


def word_matches(word: str, entries: tuple[str, ...]) -> bool:
    """Whether a lower-case word is in a marker list, where 'x*' matches any word starting with x."""
    return any(word.startswith(e[:-1]) if e.endswith("*") else word == e for e in entries)


def phrase_in(words: list[str], entries: tuple[str, ...]) -> bool:
    """Whether any entry, one or several words (each as in word_matches), occurs in a lower-case word list."""
    for entry in entries:
        parts = entry.split()
        for i in range(len(words) - len(parts) + 1):
            if all(word_matches(words[i + k], (part,)) for k, part in enumerate(parts)):
                return True
    return False


def _word_pattern(word: str) -> dict:
    optional = word.endswith("?")
    word = word.rstrip("?")
    alternatives = word.split("|")
    if any(a.endswith("*") for a in alternatives):
        regex = "|".join(re.escape(a[:-1]) + r"\w*" if a.endswith("*") else re.escape(a) for a in alternatives)
        pattern: dict = {"LOWER": {"REGEX": rf"^(?:{regex})$"}}
    else:
        pattern = {"LOWER": {"IN": alternatives}}
    if optional:
        pattern["OP"] = "?"
    return pattern


def _gap_pattern(gap_tokens: int) -> dict:
    # a gap never runs into another sentence, and never over a word that turns a level into a change
    return {"OP": f"{{0,{gap_tokens}}}", "IS_SENT_START": False, "_": {"gap_stop": False}}


# "31.12.2023", "31.12.", "1." (of "1. januar"), "2023": what follows `per` in a date
DATE = re.compile(rf"^(?:\d{{1,2}}\.(?:\d{{1,2}}\.)?(?:\d{{2}}|\d{{4}})?|{YEAR_DIGITS})$")


def is_gap_stop(token, markers: Markers) -> bool:
    """A word a gap may not run over. `per`/`pr.` before a number is a date ("per 31.12.2023"), not
    a ratio ("per innbygger")."""
    if not word_matches(token.lower_, markers.gap_stop):
        return False
    if token.lower_ in ("per", "pr.") and token.i + 1 < len(token.doc):
        return not DATE.match(token.doc[token.i + 1].text)
    return True


def compile_phrasing(phrasing: str, units: tuple[str, ...], gap_tokens: int) -> list[dict]:
    """One catalogue phrasing -> one spaCy Matcher token pattern."""
    pattern = []
    for word in phrasing.split():
        if word == QTY:
            pattern.append({"_": {"qty_unit": {"IN": list(units)}}})
        elif word == GAP:
            pattern.append(_gap_pattern(gap_tokens))
        else:
            pattern.append(_word_pattern(word.lower()))
    if phrasing.split().count(QTY) != 1:
        raise ValueError(f"catalogue phrasing {phrasing!r} must hold {QTY} exactly once")
    return pattern
