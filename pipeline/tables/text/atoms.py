"""A line of OCR'd text read as a table row: its label and its value atoms.

`split_row` reads values from the end of the line ("Fødte 211 266 241 238", "Andel 5,7 % Ikke målt");
`group_thousands` then decides which space-separated digit groups form one number ("1 396") given
how many columns the table has. Atoms keep their printed text; reading them as numbers is the
table's convention's job (`pipeline.tables.conventions`).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from pipeline.tables.conventions import STATUS_TEXT, UNITS, ParsedValue, parse_cell

# A value token: "1 396" arrives as two tokens; "14.8%", "-12110", "94 915(" (a stray bracket)
_VALUE_TOKEN = re.compile(r"^(?P<num>[-−–]?\d+(?:[,.]\d+)?)(?P<pct>%)?[(\[\]]?$")  # "3)" closes a label
_UNIT_TOKEN = re.compile(rf"^(?:{'|'.join(re.escape(u) for u in UNITS)})$", re.IGNORECASE)
_SIGN_TOKEN = re.compile(r"^[-−–]$")
# "per 10 000 innbyggere": a power of ten after "per" belongs to the label, not to the values
_PER_WORDS = {"per", "pr.", "pr"}
_MAX_GROUPINGS = 4096


@dataclass(frozen=True)
class Atom:
    """One value as printed in a row: its tokens' text, or a text cell."""

    raw: str
    is_text: bool = False
    after_bar: bool = False  # a printed '|' separates it from the value before

    @property
    def parsed(self) -> ParsedValue:
        """The value; digit groups a '|' delimited as one cell ('69 951989') read as one number."""
        if self.is_text:
            return parse_cell(self.raw)
        return replace(parse_cell(re.sub(r"(?<=\d)\s+(?=\d)", "", self.raw)), raw=self.raw)

    @property
    def digits_only(self) -> bool:
        """A plain group of digits that may be part of a space-separated number ("1 396")."""
        return not self.is_text and self.raw.isdigit()


def split_row(text: str) -> tuple[str, list[Atom]]:
    """A row's text -> (label, value atoms), reading values from the end of the line."""
    statuses: list[str] = []

    def hold(match: re.Match) -> str:
        statuses.append(match.group(0))
        return f"\x00{len(statuses) - 1}"

    tokens = STATUS_TEXT.sub(hold, text.replace("|", " | ")).split()
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
        elif _SIGN_TOKEN.match(token) and atoms and not atoms[-1].is_text:
            atoms[-1] = replace(atoms[-1], raw=f"-{atoms[-1].raw}")
        elif not token:
            pass
        else:
            break
        i -= 1
    atoms.reverse()
    label_tokens = [statuses[int(t[1:])] if t.startswith("\x00") else t for t in tokens[:i] if t != "|"]
    label_tokens, atoms = _per_power_of_ten(label_tokens, atoms)
    return " ".join(label_tokens), atoms


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
    if tail.is_text or not tail.raw.isdigit() or len(tail.raw) != 3 or head.is_text or tail.after_bar:
        return False
    return re.fullmatch(r"[-−–]?\d+(?: \d{3})*", head.raw) is not None


def _malformed(atom: Atom) -> bool:
    """A joined number whose first group has more than three digits ('3004 493', OCR for '3 004 493')."""
    return " " in atom.raw and len(atom.raw.split()[0].lstrip("-−–")) > 3


def _magnitude(atom: Atom) -> float | None:
    value = atom.parsed.number
    return math.log10(abs(value)) if value else None


def _spread(atoms: tuple[Atom, ...]) -> float:
    """How unevenly scaled the values are: a row's numbers are usually of similar size."""
    logs = [m for a in atoms if (m := _magnitude(a)) is not None]
    if len(logs) < 2:
        return 0.0
    mean = sum(logs) / len(logs)
    return sum(abs(x - mean) for x in logs)


def group_thousands(atoms: list[Atom], n_columns: int) -> list[Atom]:
    """Join digit groups into numbers so the row has `n_columns` values where the text allows it.

    "94 441 94 915 96 088 97 784" under four year columns -> four numbers. When several groupings
    give the right count, the one whose values are most alike in scale wins. A row with fewer
    atoms than columns is left as read (its missing cells are the caller's business).
    """
    if len(atoms) <= n_columns:
        return list(atoms)
    return _bar_cells(atoms, n_columns) or list(_best_grouping(tuple(atoms), n_columns))


def _bar_cells(atoms: list[Atom], n_columns: int) -> list[Atom] | None:
    """Digit groups between printed '|' are one cell each when the bars give exactly the columns."""
    cells: list[list[Atom]] = []
    for atom in atoms:
        if atom.after_bar or not cells:
            cells.append([atom])
        else:
            cells[-1].append(atom)
    if len(cells) != n_columns or len(cells) < 2 or any(a.is_text for a in atoms):
        return None
    return [Atom(" ".join(a.raw for a in cell), after_bar=cell[0].after_bar) for cell in cells]


@lru_cache(maxsize=4096)
def _best_grouping(atoms: tuple[Atom, ...], n_columns: int) -> tuple[Atom, ...]:
    candidates = _groupings(atoms)
    fitting = [c for c in candidates if len(c) == n_columns]
    if fitting:
        return min(fitting, key=lambda c: (sum(map(_malformed, c)), _spread(c)))
    return min(candidates, key=lambda c: (len(c), sum(map(_malformed, c)), _spread(c)))


def _groupings(atoms: tuple[Atom, ...]) -> list[tuple[Atom, ...]]:
    """Every way to read the atoms as numbers, joining thousands groups (bounded by the row length)."""
    results: list[tuple[Atom, ...]] = [()]
    for atom in atoms:
        if len(results) > _MAX_GROUPINGS:  # a pathological row: keep the atoms as read
            return [atoms]
        extended: list[tuple[Atom, ...]] = []
        for done in results:
            if not (done and _can_join(done[-1], atom) and atom.raw.startswith("0")):  # "079" is never a number
                extended.append(done + (atom,))
            if done and _can_join(done[-1], atom):
                extended.append(done[:-1] + (Atom(f"{done[-1].raw} {atom.raw}"),))
        results = extended
    return results
