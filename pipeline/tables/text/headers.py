"""Column headers: which lines name columns (from the line's own features), and the column names a
header gives when its lines are put together.

A line names columns when it holds a run of years ("Indikator 2020 2021 2022 2023", "2023 kr %"),
the column words of the genre's account tables (Regnskap, Budsjett, Oppr., Rev., Avvik, Forbruk
...), or capitalised names with a benchmark (KOSTRA, ASSS, Landet ...). A header may spread over
several lines ("Regnskap Oppr. bud. Rev. bud." over "Programområder 2023 2023 2023 Avvik i kr
Avvik i %") and, in a narrow layout, over blocks of lines one column at a time ("Bjørnafjord" /
"en" / "2022", then "Askøy" ...). `column_names` puts them together for a known column count:
within a block, the line with most column phrases is the base and the other lines' phrases are
added to the columns that lack them (years from the left, other words in order or from the
right); blocks follow each other left to right.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from dataclasses import dataclass, field

from pipeline import codes
from pipeline.tables.text.atoms import OCR_JUNK
from pipeline.vocabulary import ACCOUNT_WORDS, YEAR, YEAR_DIGITS, is_account_word as is_column_word

_BENCHMARKS = ("kostra", "asss", "landet", "gruppe", "snitt", "gjennomsnitt")
# small words inside a column name: "Avvik i kr", "ASSS uten Oslo", "Landet uten Oslo"
_CONNECTORS = {"i", "uten", "av", "for", "og", "med", "per", "pr.", "til"}
_UNITS = {"kr", "%", "kr.", "prosent", "mill.", "1000", "antall"}
_SEPARATORS = {"|", "—", "–", "-", "_", "/"}
# OCR residue, rules and dashes between names, and the brackets of a note in a name ("(per 31.12. / 2020)")
_JUNK = OCR_JUNK + "|—–()"
_WORD = re.compile(r"^[^\W\d_][\w.\-/()%]*$")
_GLUED_CAPITAL = re.compile(r"(?<=[a-zæøå])(?=[A-ZÆØÅ])")
_STRAY_LETTER = re.compile(r"(?<![^\s|_—–])[a-zæøå](?=[A-ZÆØÅ])")  # 'kKristiansun': a letter of OCR residue
_HEADER_GAP = re.compile(r"[\s|_—–]+")  # rules, underscores and dashes OCR prints between column names
_DIGIT = re.compile(r"\d")
_ENDS_SENTENCE = re.compile(r"(?:[^\W\d_]{4,}\.|[:,])\s*$")  # "... i 2023 ble vedtatt.", "Tabellen viser:"


BENCHMARK = re.compile(r"\b(?:" + "|".join(_BENCHMARKS) + ")", re.IGNORECASE)
# the first three letters of the column words (and of their OCR spellings with 'w' for 'vv') and of
# the benchmarks: a line naming columns has a year, two such words, or a benchmark
_STARTS = {v[:3] for w in ACCOUNT_WORDS for v in (w, w.replace("vv", "w"), w.replace("vv", "wv"))}
_BENCHMARK_STARTS = {b[:3] for b in _BENCHMARKS}
_YEAR_IN_LINE = re.compile(YEAR_DIGITS)


def may_name_columns(text: str, tokens: Sequence[str]) -> bool:
    """A cheap necessary condition of `header_reason`, to leave most lines out of it."""
    if _YEAR_IN_LINE.search(text):
        return True
    starts = [t[:3].lower() for t in tokens]
    return sum(s in _STARTS for s in starts) >= 2 or not _BENCHMARK_STARTS.isdisjoint(starts)


def _is_benchmark(token: str) -> bool:
    return BENCHMARK.match(token.strip(".,:;()-")) is not None


def header_tokens(text: str) -> list[str]:
    """The line's tokens without table furniture: bars, dashes and OCR residue between names."""
    text = _GLUED_CAPITAL.sub(" ", _STRAY_LETTER.sub("", text))  # "utenOslo": OCR lost the space
    tokens = [t.strip(_JUNK) for t in _HEADER_GAP.split(text)]
    return [t for t in tokens if t and t not in _SEPARATORS]


def _is_running_text(token: str) -> bool:
    """A lower-case word no header holds: not a column word, unit, connector or benchmark."""
    return (token[0].islower() and len(token.strip(".,")) >= 3 and not is_column_word(token)
            and token.lower() not in _UNITS | _CONNECTORS and not _is_benchmark(token))


def _is_name_number(tokens: list[str], i: int) -> bool:
    """A number that belongs to a name: an ordinal or a date ("4. kvartal", "per 31.12.") or a
    number after a word ("gruppe 12")."""
    token = tokens[i]
    return bool(re.fullmatch(r"\d{1,2}\.(?:\d{1,2}\.(?:\d{2}|\d{4})?)?", token)) or (
        re.fullmatch(r"\d{1,3}", token) is not None and i > 0 and _WORD.match(tokens[i - 1]) is not None)


def header_reason(text: str, max_words: int = 14) -> codes.Code | None:
    """Why the line names columns, from its own features; None if it does not."""
    if len(text.split()) > max_words or _ENDS_SENTENCE.search(text):
        return None  # running text, quickly
    tokens = header_tokens(text)
    if not tokens:
        return None
    years = [i for i, t in enumerate(tokens) if YEAR.match(t)]
    numbers = [i for i, t in enumerate(tokens) if _DIGIT.search(t) and i not in years]
    if any(not _is_name_number(tokens, i) and not is_column_word(tokens[i]) for i in numbers):
        return None  # a value that is no year: a row, not a header
    if years and _year_columns(tokens, years):
        return codes.LINE_YEAR_COLUMNS
    words = [t for i, t in enumerate(tokens) if i not in years and i not in numbers]
    # account columns: two column words or more, and no word of running text among them
    if sum(map(is_column_word, words)) >= 2 and not any(len(t) >= 4 and _is_running_text(t) for t in words):
        return codes.LINE_COLUMN_WORDS
    if len(words) >= 3 and not years and all(_WORD.match(t) and t[0].isupper() for t in words) \
            and any(map(_is_benchmark, words)):
        return codes.LINE_REGION_NAMES
    return None


def _year_columns(tokens: list[str], years: list[int]) -> bool:
    """'Indikator 2020 2021 2022 2023', '2021 2022 2023 Gjennomsnitt', '2023', '2022 2023 uten Oslo
    gruppe 12', '2023 kr %': a run of years, each one higher, after at most a short label; or a line
    that starts with a year and holds only years and short words."""
    first, last = years[0], years[-1]
    run = [int(tokens[i]) for i in years]
    if years[0] == 0:  # one word the header does not know may stand among names ('Molde Sula utenoslo')
        unknown = sum(map(_is_running_text, tokens))
        names = sum(t[0].isupper() for t in tokens)
        return (all(len(t) <= 12 for t in tokens) and run == sorted(run) and not tokens[-1].endswith(".")
                and (unknown == 0 or unknown == 1 and names >= 2))
    if years != list(range(first, last + 1)) or len(years) < 2 or first > 5:
        return False
    after = tokens[last + 1:]
    return (all(b - a == 1 for a, b in zip(run, run[1:])) and len(after) <= 3
            and all(_WORD.match(t) for t in after if not re.fullmatch(r"\d{1,3}", t)))


# --- putting a header together ---------------------------------------------------------------------

@dataclass
class Phrase:
    """A column name or part of one as printed on one header line."""

    words: list[str]
    year: bool = False  # holds a year
    name: bool = False  # holds a capitalised word (a name, not only a continuation)

    @property
    def starts_name(self) -> bool:
        return self.words[0][0].isupper() or self.words[0][0] == "@"

    @property
    def text(self) -> str:
        """The words joined; a fragment finishes the word before it ('Bjørnafjord' 'en')."""
        out = ""
        for word in self.words:
            glued = not out or out.endswith("-") or _fragment(word) and out[-1].isalpha()
            out += word if glued else f" {word}"
        return out


@dataclass
class _Column:
    before: list[str] = field(default_factory=list)
    base: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    year: bool = False
    name: bool = False
    label: bool = False  # names the row-label column ("Programområder", "Indikator", "Kommune")
    own_year: bool = False  # the base line printed a year in it (not a line above or below)

    @property
    def text(self) -> str:
        return Phrase([*self.before, *self.base, *self.after]).text

    @property
    def headed(self) -> bool:
        """Starts with a capitalised name ('ASSS uten Oslo'), not a year or a continuation ('uten Oslo')."""
        first = (self.before or self.base or [""])[0][:1]
        return first.isupper() or first == "@"


_GLUED_I = re.compile(r"^(?P<word>[^\W\d_]{4,}?)i(?P<unit>kr|%)?$")


def _unglued(tokens: list[str]) -> list[str]:
    """A column word glued to 'i' and its unit, as OCR loses the spaces: 'Avvikikr' -> 'Avvik i kr'."""
    out = []
    for token in tokens:
        m = _GLUED_I.match(token)
        if m and is_column_word(m.group("word")):
            out += [m.group("word"), "i", *([m.group("unit")] if m.group("unit") else [])]
        else:
            out.append(token)
    return out


def _fragment(token: str) -> bool:
    """A lower-case piece of up to three letters that is no word of a column name (a connector, a
    unit, a column word): the end of a name broken in a narrow cell ('Kristiansun' / 'd',
    'Bjørnafjord' / 'en'), a phrase of its own that finishes the word it joins."""
    return (len(token) <= 3 and token.isalpha() and token.islower() and token not in _CONNECTORS | _UNITS
            and not is_column_word(token))


def line_phrases(text: str) -> list[Phrase]:
    """A header line split into column phrases (`_line_phrases`), fresh objects to extend."""
    return [Phrase(list(p.words), p.year, p.name) for p in _line_phrases(text)]


@lru_cache(maxsize=2048)
def _line_phrases(text: str) -> tuple[Phrase, ...]:
    """A header line split into column phrases: a capitalised word or a year starts one, lower
    case words and units continue one; a year joins a column word's phrase ("Rev. bud. 2023") and
    a continuation ("bud. 2023"); a capital after 'uten'/'i' continues ("ASSS uten Oslo")."""
    phrases: list[Phrase] = []
    previous = ""
    for token in re.split(r"\s+", text.strip()):
        if token[:1] in "|_—–":  # a printed rule or an OCR'd gap between columns
            previous = "|"
        for part in _unglued(header_tokens(token)):
            current = phrases[-1] if phrases and previous != "|" else None
            if YEAR.match(part):
                if current and not current.year and (not current.name or any(map(is_column_word, current.words))):
                    current.words.append(part)
                    current.year = True
                else:
                    phrases.append(Phrase([part], year=True))
            elif part[0].isupper() or part[0] == "@":
                if current and (previous.lower() in _CONNECTORS or previous.endswith("-")) and not current.year \
                        and not is_column_word(part):
                    current.words.append(part)
                    current.name = True
                else:
                    phrases.append(Phrase([part], name=True))
            elif current and not current.year and not (current.name and not current.starts_name) \
                    and not (part.lower() in _UNITS and all(w.lower() in _UNITS for w in current.words)) \
                    and not _fragment(part) and not (part == "uten" and not _is_benchmark(current.words[-1])) \
                    and not (len(current.words) == 1 and _fragment(current.words[0])):
                # a continuation ends at its name ("uten Oslo" | "gruppe 12"); only a benchmark is 'uten'
                # something ("ASSS uten Oslo", not "Sandefjord" | "uten Oslo")
                current.words.append(part)
            else:
                phrases.append(Phrase([part]))
            previous = part
    return tuple(phrases)


def _single_column(lines: Sequence[str]) -> _Column:
    """A header cell printed over lines in a narrow column: 'Bjørnafjord' / 'en' / '2022'. A line
    holding one short lower-case fragment finishes the word above it ('Kristians' / 'und')."""
    words: list[str] = []
    for line in lines:
        fragment = line.strip()
        if words and re.fullmatch(r"[a-zæøå]{1,3}", fragment) and words[-1][-1].isalpha():
            words[-1] += fragment
        else:
            words += fragment.split()
    phrases = [p for line in lines for p in line_phrases(line)]
    return _Column(base=words, year=any(p.year for p in phrases), name=any(p.name for p in phrases))


def _block_columns(lines: Sequence[str], wanted: int, label_possible: bool) -> list[_Column]:
    """One block of header lines (printed without a blank between) as columns (`_on_base`); a
    block of one phrase a line is one column (`_single_column`)."""
    phrased = [line_phrases(line) for line in lines]
    if all(len(p) <= 1 for p in phrased):
        return [_single_column(lines)]
    return _on_base(phrased, wanted, label_possible)


def _on_base(phrased: list[list[Phrase]], wanted: int, label_possible: bool) -> list[_Column]:
    """The line with most phrases is the base; the other lines' phrases join the columns that lack
    them: above, in order; below, years from the left and other words from the right."""
    base_at = max(range(len(phrased)), key=lambda k: (len(phrased[k]), k))
    base = phrased[base_at]
    columns = [_Column(base=list(p.words), year=p.year, name=p.name, own_year=p.year) for p in base]
    first = columns[0]
    if label_possible and len(columns) == wanted + 1 and _may_name_labels(first):
        first.label = True
    for k in sorted(range(len(phrased)), key=lambda k: abs(k - base_at)):
        if k == base_at:
            continue
        above = k < base_at
        lacking = [c for c in columns if not c.label and not (c.headed if above else c.year)]
        phrases = phrased[k]
        if len(phrases) == len(lacking) or above:
            targets = lacking[: len(phrases)]
        else:  # years from the left, the other words from the right
            years = [p for p in phrases if p.year]
            rest = [p for p in phrases if not p.year]
            targets = lacking[: len(years)] + (lacking[len(years):][-len(rest):] if rest else [])
            phrases = years + rest
        for column, phrase in zip(targets, phrases):
            if above:
                column.before[:0] = phrase.words
            else:
                column.after.extend(phrase.words)
            column.year |= phrase.year
            column.name |= phrase.name
    return columns


def _may_name_labels(column: _Column) -> bool:
    """A plain word printed without a year that is no account column can name the row labels."""
    return column.name and not column.own_year and not is_column_word(column.base[0])


def header_counts(blocks: Sequence[Sequence[str]]) -> list[int]:
    """How many value columns header blocks name by themselves: one fewer first where the first
    name may be the row labels' ('Programområder', 'Kommune'; not a region over benchmarks), then
    all of them."""
    named = [name for name in column_names(blocks, 99).columns[1:] if name]
    columns = [c for lines, _ in _merged(blocks) for c in _block_columns(lines, 99, False)]
    regions = any(_is_benchmark(t) for block in blocks for line in block for t in header_tokens(line))
    if len(named) > 1 and columns and _may_name_labels(columns[0]) and not regions:
        return [len(named) - 1, len(named)]
    return [len(named)]


def _merged(blocks: Sequence[Sequence[str]]) -> list[tuple[list[str], int]]:
    """Blocks of one header printed row by row with a blank between, joined: (lines, how many
    blocks were joined). A block of years and continuations only ('2022 2023 uten Oslo gruppe 12'
    below the names) belongs to the block above, and so does a line of several columns below
    another; a block of one column name is a column of its own (a narrow layout)."""
    merged: list[tuple[list[str], int]] = []
    for block in blocks:
        phrased = [line_phrases(line) for line in block]
        wide = merged and max(map(len, phrased)) >= 2 and max(len(line_phrases(x)) for x in merged[-1][0]) >= 2
        if merged and (wide or not any(p.starts_name for line in phrased for p in line)):
            merged[-1] = ([*merged[-1][0], *block], merged[-1][1] + 1)
        else:
            merged.append((list(block), 1))
    return merged


@dataclass(frozen=True)
class Named:
    """A header put together for a column count."""

    columns: tuple[str, ...]  # the label column's name, then one name per value column
    used: int  # how many of the blocks given were the header's
    widths: tuple[int, ...]  # value columns each printed block of the header names, left to right


def column_names(blocks: Sequence[Sequence[str]], n_values: int) -> Named:
    """The header of `n_values` value columns from blocks of header lines.

    The first block may name the label column ('Programområder', 'Indikator', 'Kommune'). Blocks
    beyond the count are not the header's (a group heading below it)."""
    columns: list[_Column] = []
    used = 0
    widths: list[int] = []
    for lines, count in _merged(blocks):
        filled = sum(not c.label for c in columns)
        if filled >= n_values:
            break
        added = _block_columns(lines, n_values - filled, label_possible=not columns)
        columns += added
        widths.append(sum(not c.label for c in added))
        used += count
    label = next((c.text for c in columns if c.label), "")
    names = [c.text for c in columns if not c.label][:n_values]
    names += [""] * (n_values - len(names))
    return Named((label, *names), used, tuple(widths))
