"""A line of OCR'd text read as a table row: its label and its value atoms, and atoms grouped into
cells under a column count.

`split_row` reads values from the end of the line ("Fødte 211 266 241 238", "Andel 5,7 % Ikke målt");
`cells` then decides which space-separated digit groups form one number ("1 396") and what a dash
standing alone is (the minus of the next number, an empty cell, or OCR residue), given how many
columns the table has. Atoms keep their printed text; reading them as numbers is the table's
convention's job (`pipeline.tables.conventions`).
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from pipeline.tables.conventions import DASHES, STATUS_HINT, STATUS_TEXT, UNITS, ParsedValue, parse_cell

# A value token: "1 396" arrives as two tokens; "14.8%", "-12110", "94 915(" (a stray bracket)
_VALUE_TOKEN = re.compile(r"^(?P<num>[-−–]?\d+(?:[,.]\d+)?)(?P<pct>%)?[(\[\]]?$")  # "3)" closes a label
_UNIT_TOKEN = re.compile(rf"^(?:{'|'.join(re.escape(u) for u in UNITS)})$", re.IGNORECASE)
_DASH_TOKEN = re.compile(rf"^[{DASHES}]$")
# a negative in brackets, "(618)", "(0,6)", or its last group when OCR kept its spaces: "(1" "234)"
_BRACKETED = re.compile(r"^\([-−–]?\d+(?:[,.]\d+)?\)%?$")
_BRACKET_TAIL = re.compile(r"^\d{3}(?:[,.]\d+)?\)%?$")
_BRACKET_HEAD = re.compile(r"^\(\d{1,3}$")
# OCR residue glued to a token: "~=‘Tall", "—_gruppe", "ASSS_"
OCR_JUNK = "~=‘’'\"`´^_"
# "per 10 000 innbyggere": a power of ten after "per" belongs to the label, not to the values
_PER_WORDS = {"per", "pr.", "pr"}
_MAX_GROUPINGS = 4096


@dataclass(frozen=True)
class Atom:
    """One value as printed in a row: its tokens' text, a text cell, or a dash standing alone."""

    raw: str
    is_text: bool = False
    after_bar: bool = False  # a printed '|' separates it from the value before
    is_dash: bool = False  # the minus of the next number, an empty cell, or residue: the count decides

    @property
    def parsed(self) -> ParsedValue:
        """The value; digit groups a '|' delimited as one cell ('69 951989') read as one number."""
        return _parsed(self.raw, self.is_text or self.is_dash)

    @property
    def digits_only(self) -> bool:
        """A plain group of digits that may be part of a space-separated number ("1 396")."""
        return not self.is_text and self.raw.isdigit()


@lru_cache(maxsize=8192)
def _parsed(raw: str, as_printed: bool) -> ParsedValue:
    if as_printed:
        return parse_cell(raw)
    return replace(parse_cell(re.sub(r"(?<=\d)\s+(?=\d)", "", raw)), raw=raw)


def _tokens(text: str) -> tuple[list[str], list[str]]:
    """The line's tokens, status phrases held as one token each ('\\x00k' -> statuses[k])."""
    statuses: list[str] = []

    def hold(match: re.Match) -> str:
        statuses.append(match.group(0))
        return f" \x00{len(statuses) - 1} "

    cleaned = " ".join(t.strip(OCR_JUNK) or t for t in text.replace("|", " | ").split())
    held = STATUS_TEXT.sub(hold, cleaned) if STATUS_HINT.search(cleaned.lower()) else cleaned
    return held.split(), statuses


_DIGIT_OR_DASH = re.compile(rf"[\d{re.escape(DASHES)}]")


def split_row(text: str) -> tuple[str, list[Atom]]:
    """A row's text -> (label, value atoms), reading values from the end of the line."""
    if not _DIGIT_OR_DASH.search(text) and not STATUS_HINT.search(text.lower()):
        return " ".join(t.strip(OCR_JUNK) or t for t in text.split() if t != "|"), []
    tokens, statuses = _tokens(text)
    atoms: list[Atom] = []
    i = len(tokens)
    while i > 0:
        token = tokens[i - 1].strip("[]")
        if token == "|":
            if atoms:
                atoms[-1] = replace(atoms[-1], after_bar=True)
        elif token.startswith("\x00"):
            atoms.append(Atom(statuses[int(token[1:])], is_text=True))
        elif _UNIT_TOKEN.match(token) and i > 1 and _VALUE_TOKEN.match(tokens[i - 2].strip("[]")):
            atoms.append(Atom(f"{tokens[i - 2].strip('[]')} {token}"))
            i -= 1
        elif _VALUE_TOKEN.match(token):
            atoms.append(Atom(token.rstrip("([]")))
        elif _BRACKETED.match(token):
            atoms.append(Atom(token))
        elif _BRACKET_TAIL.match(token) and (head := _bracket_head(tokens, i - 1)) is not None:
            atoms.append(Atom(" ".join(tokens[head: i])))
            i = head + 1
        elif _DASH_TOKEN.match(token) and atoms:
            atoms.append(Atom(token, is_dash=True))
        elif token:
            break
        i -= 1
    atoms.reverse()
    words = [statuses[int(t[1:])] if t.startswith("\x00") else t for t in tokens if t != "|"]
    label_tokens = words[: len(words) - sum(t != "|" for t in tokens[i:])]
    if label_tokens and re.search(r"[(<>≤≥]$", label_tokens[-1]):
        return " ".join(words), []  # a threshold in the label, not values: "(> 1,75"
    label_tokens, atoms = _per_power_of_ten(label_tokens, atoms)
    return " ".join(label_tokens), atoms


def _bracket_head(tokens: list[str], end: int) -> int | None:
    """Where a bracketed number ending at tokens[end] ('234)') opens: '(1' two or three tokens
    back, only three-digit groups between; None if the bracket opens on a word ('(Nivå 3)')."""
    for k in range(end - 1, max(-1, end - 4), -1):
        if _BRACKET_HEAD.match(tokens[k]):
            return k
        if not re.fullmatch(r"\d{3}", tokens[k]):
            return None
    return None


def _per_power_of_ten(label: list[str], atoms: list[Atom]) -> tuple[list[str], list[Atom]]:
    """'... per 10 000 54 47' -> label '... per 10 000', values 54 47."""
    if not label or label[-1].lower() not in _PER_WORDS:
        return label, atoms
    take = 0
    for end in range(1, len(atoms) + 1):
        atom = atoms[end - 1]
        if not atom.digits_only or (end > 1 and len(atom.raw) != 3):
            break
        if re.fullmatch(r"10+", "".join(a.raw for a in atoms[:end])):
            take = end
    return label + [a.raw for a in atoms[:take]], atoms[take:]


def _can_join(head: Atom, tail: Atom) -> bool:
    """May `tail` be the next thousands group of `head` ("1" + "396")?"""
    if tail.is_text or tail.is_dash or not tail.raw.isdigit() or len(tail.raw) != 3 or head.is_text or head.is_dash \
            or tail.after_bar:
        return False
    return re.fullmatch(r"[-−–]?\d+(?: \d{3})*", head.raw) is not None


def _malformed(atom: Atom) -> bool:
    """A joined number whose first group has more than three digits ('3004 493', OCR for '3 004 493')."""
    return " " in atom.raw and len(atom.raw.split()[0].lstrip("-−–")) > 3


def _magnitude(atom: Atom) -> float | None:
    value = atom.parsed.number
    return math.log10(abs(value)) if value else None


def _spread(atoms: Sequence[Atom]) -> float:
    """How unevenly scaled the values are: a row's numbers are usually of similar size."""
    logs = [m for a in atoms if (m := _magnitude(a)) is not None]
    if len(logs) < 2:
        return 0.0
    mean = sum(logs) / len(logs)
    return sum(abs(x - mean) for x in logs)


def cells(atoms: Sequence[Atom], n_columns: int) -> list[Atom]:
    """The row's cells under `n_columns`: digit groups joined into numbers, each dash read as a
    minus, an empty cell (an Atom with is_dash) or residue, so the row has `n_columns` cells where
    the text allows it.

    "94 441 94 915 96 088 97 784" under four year columns -> four numbers. When several readings
    give the right count, the one with fewest malformed groups, then fewest dashes dropped, then
    values most alike in scale wins. A row that cannot reach the count keeps its fewest cells.
    """
    if len(atoms) <= n_columns and not any(a.is_dash for a in atoms):
        return list(atoms)
    return _bar_cells(list(atoms), n_columns) or list(_best_grouping(tuple(atoms), n_columns))


def fewest_cells(atoms: Sequence[Atom]) -> int:
    """The fewest cells the atoms can make (every possible thousands join, every dash a minus)."""
    return min(len(g) for g, _ in _groupings(tuple(atoms))) if atoms else 0


def likely_cells(atoms: Sequence[Atom]) -> int:
    """The cells the atoms most likely make with no column count to go by: a group of one or two
    digits before a group of three is one number ("24 314", "-9 996"); other groups stand alone."""
    count = 0
    for k, atom in enumerate(atoms):
        head = atoms[k - 1].raw.lstrip("-−–") if k else ""
        joined = k and _can_join(atoms[k - 1], atom) and len(head) <= 2 and head.isdigit()
        count += not (joined or atom.is_dash)
    return count


def cells_over_lines(lines: Sequence[Sequence[Atom]], n_columns: int, split_spread: float = 0.3) -> list[list[Atom]]:
    """A row printed over several lines (column-major): the cells of each line. A number never
    spans a line, so each line's atoms are grouped on their own, as few cells per line as possible;
    while the row has fewer cells than columns, the line whose further split keeps the row's values
    most alike in scale is split, unless every split mixes scales ('403 110' among six-figure values
    stays one number; '501 501' among three-figure values is two): `split_spread` is how much more
    unevenly scaled (mean |log10| deviation per value) a split may make the row."""
    lines = [tuple(line) for line in lines]
    if len(lines) == 1:
        return [cells(lines[0], n_columns)]
    counts = [sorted({len(g) for g, _ in _groupings(line)}) for line in lines]
    chosen = [0] * len(lines)

    def row(picks: list[int]) -> list[tuple[Atom, ...]]:
        return [_best_grouping(line, options[pick]) for line, options, pick in zip(lines, counts, picks)]

    def spread(grouped: list[tuple[Atom, ...]]) -> float:
        values = [a for line in grouped for a in line]
        return _spread(values) / max(1, len(values))

    current = row(chosen)
    while sum(map(len, current)) < n_columns:
        splits = [chosen[:k] + [chosen[k] + 1] + chosen[k + 1:] for k in range(len(lines))
                  if chosen[k] + 1 < len(counts[k])]
        if not splits:
            break
        best = min(splits, key=lambda picks: spread(row(picks)))
        if spread(row(best)) > spread(current) + split_spread:
            break
        chosen, current = best, row(best)
    return [list(line) for line in current]


def _bar_cells(atoms: list[Atom], n_columns: int) -> list[Atom] | None:
    """Digit groups between printed '|' are one cell each when the bars give exactly the columns."""
    groups: list[list[Atom]] = []
    for atom in atoms:
        if atom.after_bar or not groups:
            groups.append([atom])
        else:
            groups[-1].append(atom)
    if len(groups) != n_columns or len(groups) < 2 or any(a.is_text or a.is_dash for a in atoms):
        return None
    return [Atom(" ".join(a.raw for a in group), after_bar=group[0].after_bar) for group in groups]


@lru_cache(maxsize=4096)
def _best_grouping(atoms: tuple[Atom, ...], n_columns: int) -> tuple[Atom, ...]:
    candidates = _groupings(atoms)
    fitting = [c for c in candidates if len(c[0]) == n_columns]
    if fitting:
        return min(fitting, key=lambda c: (sum(map(_malformed, c[0])), c[1], _spread(c[0])))[0]
    return min(candidates, key=lambda c: (len(c[0]), sum(map(_malformed, c[0])), c[1], _spread(c[0])))[0]


@lru_cache(maxsize=4096)
def _groupings(atoms: tuple[Atom, ...]) -> list[tuple[tuple[Atom, ...], int]]:
    """Every reading of the atoms as cells, with the count of dashes it drops: thousands groups
    joined or not, each dash a minus of the number after it, an empty cell, or dropped."""
    results: list[tuple[tuple[Atom, ...], int, bool]] = [((), 0, False)]  # cells, dropped, minus pending
    for atom in atoms:
        if len(results) > _MAX_GROUPINGS:  # a pathological row: keep the atoms as read
            return [(atoms, 0)]
        extended = []
        for done, dropped, minus in results:
            if atom.is_dash:
                if not minus:
                    extended += [(done + (atom,), dropped, False), (done, dropped, True)]
                extended.append((done, dropped + 1, minus))
                continue
            value = atom
            if minus:
                if atom.is_text or atom.raw[0] in DASHES:
                    continue
                value = replace(atom, raw=f"-{atom.raw}")
            joins = done and not minus and _can_join(done[-1], value)
            if not (joins and value.raw.startswith("0")):  # "079" is never a number of its own
                extended.append((done + (value,), dropped, False))
            if joins:
                extended.append((done[:-1] + (Atom(f"{done[-1].raw} {value.raw}"),), dropped, False))
        results = extended
    return [(done, dropped + minus) for done, dropped, minus in results]
