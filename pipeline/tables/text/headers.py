"""Header recognition: which content lines start a table, its columns and its kind.

Headers are recognised from their structure: a run of years (year columns), the budget table's
column vocabulary (Regnskap / Oppr. bud. / Rev. bud. / Avvik), a two-line region header whose second
line carries years and name continuations (KOSTRA comparisons), or a line of capitalised column
names over rows with the same number of values.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.vocabulary import YEAR

_BUDGET_WORDS = re.compile(r"regnskap", re.IGNORECASE)
_BUDGET_COLUMNS = [  # (pattern over the joined header text, column name); {year} filled in
    (re.compile(r"regnskap", re.IGNORECASE), "Regnskap {year}"),
    (re.compile(r"oppr", re.IGNORECASE), "Oppr. bud. {year}"),
    (re.compile(r"\brev", re.IGNORECASE), "Rev. bud. {year}"),
]
_AVVIK = re.compile(r"avvik", re.IGNORECASE)
_BENCHMARK_WORDS = re.compile(r"KOSTRA|ASSS|landet|gruppe", re.IGNORECASE)
STATUS_HEADER = re.compile(r"\bStatus$", re.IGNORECASE)
_WORD = re.compile(r"^[^\W\d_][\w.\-/()]*$")


@dataclass
class Header:
    kind: str  # budget | kostra | years | words | status
    columns: list[str]  # first entry is the row-label column
    n_lines: int  # content lines the header occupies

    @property
    def n_values(self) -> int:
        return len(self.columns) - 1


def _years(tokens: list[str]) -> list[int]:
    return [i for i, t in enumerate(tokens) if YEAR.match(t)]


def _is_short_line(tokens: list[str]) -> bool:
    """A header continuation line: years and short words such as 'kr', '%', 'bud.', 'uten Oslo'."""
    return bool(tokens) and len(tokens) <= 12 and all(len(t) <= 10 for t in tokens)


def budget_header(first: str, second: str | None) -> Header | None:
    """'Programområder Regnskap Oppr. bud. 2023 Rev. bud. 2023 Avvik i kr Avvik i %' over one or two lines."""
    if not _BUDGET_WORDS.search(first) or not (re.search(r"bud", first, re.I) or _AVVIK.search(first)):
        return None
    tokens = second.split() if second else []
    # a second line such as "2023 kr %" or "2023 bud. 2023 2023" completes the column names
    continued = _is_short_line(tokens) and (_years(tokens) or {"kr", "%"} & set(tokens))
    joined = f"{first} {second}" if continued else first
    n_lines = 2 if continued else 1
    years = [t for t in joined.split() if YEAR.match(t)]
    year = years[0] if years else ""
    columns = [name.format(year=year).strip() for pattern, name in _BUDGET_COLUMNS if pattern.search(joined)]
    n_avvik = len(_AVVIK.findall(joined))
    columns += ["Avvik i kr", "Avvik i %"][: min(n_avvik, 2)]
    label = first.split()[0]
    return Header("budget", [label if not _BUDGET_WORDS.match(label) else "", *columns], n_lines)


def region_header(first: str, second: str | None) -> Header | None:
    """Two lines: region names over years and name continuations.

    'Asker Asker Bærum Drammen ASSS KOSTRA-' / '2022 2023 uten Oslo gruppe 12' -> 'Asker 2022',
    'Asker 2023', 'Bærum', 'Drammen', 'ASSS uten Oslo', 'KOSTRA-gruppe 12': years go to the
    leftmost columns, name continuations to the rightmost ones.
    """
    names = first.replace("|", " ").split()
    if second is None or len(names) < 3 or not all(_WORD.match(n) and n[0].isupper() for n in names):
        return None
    below = second.replace("|", " ").split()
    if not _is_short_line(below) or not _years(below) or not _BENCHMARK_WORDS.search(first + " " + second):
        return None
    years = [t for t in below if YEAR.match(t)]
    phrases: list[list[str]] = []
    for token in (t for t in below if not YEAR.match(t)):
        if not phrases or (token[0].islower() and not phrases[-1][-1][0].islower()):
            phrases.append([token])
        else:
            phrases[-1].append(token)
    if len(years) + len(phrases) > len(names):
        return None
    columns = list(names)
    for i, year in enumerate(years):
        columns[i] = f"{columns[i]} {year}"
    for offset, phrase in enumerate(reversed(phrases), start=1):
        glue = "" if columns[-offset].endswith("-") else " "
        columns[-offset] = f"{columns[-offset]}{glue}{' '.join(phrase)}"
    return Header("kostra", ["", *columns], 2)


def year_header(line: str) -> Header | None:
    """'Indikator 2020 2021 2022 2023', 'Kommune 2021 2022 2023', '2021 2022 2023 Gjennomsnitt', '2023'."""
    tokens = line.replace("|", " ").split()
    positions = _years(tokens)
    if not positions or positions != list(range(positions[0], positions[-1] + 1)):
        return None
    before, after = tokens[: positions[0]], tokens[positions[-1] + 1:]
    if len(before) > 3 or len(after) > 2 or not all(_WORD.match(t) for t in before + after):
        return None
    if after and not all(t[0].isupper() for t in after):
        return None
    years = [tokens[i] for i in positions]
    return Header("years", [" ".join(before), *years, *after], 1)


def word_header(line: str, n_values: int | None = None) -> Header | None:
    """'Kommune Arbeidsplasser Sysselsatte bosatt i kommunen' over rows of `n_values` values.

    The first word names the label column; each further capitalised word starts a column. The
    caller checks the rows below against the column count (or passes the count it needs).
    """
    tokens = line.replace("|", " ").split()
    if not 2 <= len(tokens) <= 10 or not all(_WORD.match(t) for t in tokens) or not tokens[0][0].isupper():
        return None
    columns: list[list[str]] = []
    for token in tokens:
        if token[0].isupper() or not columns:
            columns.append([token])
        else:
            columns[-1].append(token)
    if n_values is not None and len(columns) != n_values + 1 or len(columns) < 2:
        return None
    n_values = len(columns) - 1
    kind = "status" if n_values == 1 and STATUS_HEADER.search(line) else "words"
    return Header(kind, [" ".join(c) for c in columns], 1)
