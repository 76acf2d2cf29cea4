"""Row assembly: value lines and the label lines around them become table rows.

A table row in OCR'd text is one value line (label text followed by values) plus label lines that
wrap around it. A line starting in lower case, with a bracket or a digit continues the label it
follows; a capitalised label-only line starts the label of the next value line; capitalised label
lines that no value line takes are group headings (Prioritet, a sub-goal sentence).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.models import Line
from pipeline.vocabulary import SENTENCE_BREAK_INSIDE
from pipeline.tables.conventions import canonical_status
from pipeline.tables.text.atoms import Atom, group_thousands, split_row

# a label that ends in one of these words continues on the next line whatever its case
_CONNECTORS = {"og", "i", "av", "til", "for", "per", "pr.", "pr", "med", "som", "på", "pa", "ved", "fra", "om",
               "etter", "eller", "mot", "under", "over", "uten", "samt", "hvor", "der", "de", "en", "et", "den"}
_FOOTNOTE_MARKERS = re.compile(r"(?:\s*(?:\*+\)|¥\)|\*+%?))+\s*$")  # "*) **)", OCR "¥)", "*%"
_NOISE_TOKEN = re.compile(r"^(?=.{1,3}$)(?![^\W\d_]{2,}$)(?!\d+$)\S*$")  # 'o,', '0,', 'n7e'; not words, numbers
FOOTNOTE_LINE = re.compile(r"^\s*(?:\*+\)|¥\))\s*[^\W\d_]")  # "*) Inflasjonsjustert ...", not "*) **)"


@dataclass
class Content:
    """A non-blank line of a page, read as a row: label text and value atoms."""

    page_no: int
    line: Line
    label: str
    atoms: list[Atom]

    @property
    def is_noise(self) -> bool:
        """OCR residue of figures: 'o, o, 0, o,', 'o o n7e o'."""
        tokens = self.line.text.split()
        return (not self.atoms or not self.label) and all(_NOISE_TOKEN.match(t) for t in tokens) and any(
            c.isalpha() for c in self.line.text)

    @property
    def starts_continuation(self) -> bool:
        """Lower case, a digit, a bracket or a footnote marker; '@' is OCR for a capital 'Ø'."""
        first = self.label[:1]
        return bool(first) and not first.isupper() and first != "@"


def read_content(page_no: int, line: Line, text: str | None = None) -> Content:
    """The line read as a row; `text` overrides the line's text when a wrapped cell was rejoined."""
    label, atoms = split_row(line.text if text is None else text)
    if text is None and line.raw != line.text:  # values keep the text as read where the tokens line up
        raw_atoms = split_row(line.raw)[1]
        atoms = raw_atoms if len(raw_atoms) == len(atoms) else atoms
    if len(atoms) == 1 and atoms[0].digits_only and SENTENCE_BREAK_INSIDE.search(label):
        return Content(page_no, line, line.text if text is None else text, [])  # prose ending in a number
    return Content(page_no, line, strip_noise(label), atoms)


def rejoin_wrapped_status(contents: list[Content]) -> list[Content]:
    """A status cell wrapped in a narrow column: '... 85 % Tall' over '... kommer'.

    The two words are joined on the line that holds the row's values: the first line when it has
    values before the broken word, else the next line.
    """
    out = list(contents)
    for k in range(len(out) - 1):
        first, below = out[k].line.text.split(), out[k + 1].line.text.split()
        if len(first) < 2 or len(below) < 2 or canonical_status(f"{first[-1]} {below[-1]}") is None:
            continue
        phrase = f"{first[-1]} {below[-1]}"
        if split_row(" ".join(first[:-1]))[1]:
            out[k] = read_content(out[k].page_no, out[k].line, " ".join([*first[:-1], phrase]))
            out[k + 1] = read_content(out[k + 1].page_no, out[k + 1].line, " ".join(below[:-1]))
        else:
            out[k] = read_content(out[k].page_no, out[k].line, " ".join(first[:-1]))
            out[k + 1] = read_content(out[k + 1].page_no, out[k + 1].line, " ".join([*below[:-1], phrase]))
    return out


def strip_noise(label: str) -> str:
    """Drop a trailing run of noise tokens ('brutto o o n7e o' -> 'brutto')."""
    tokens = label.split()
    end = len(tokens)
    while end > 0 and _NOISE_TOKEN.match(tokens[end - 1]) and not tokens[end - 1].startswith("("):
        end -= 1
    return " ".join(tokens if len(tokens) - end < 2 else tokens[:end])


def clean_label(label: str) -> str:
    """Footnote markers are not part of a label: 'innbygger (B) *) **)' -> 'innbygger (B)'."""
    return re.sub(r"\s+", " ", _FOOTNOTE_MARKERS.sub("", label)).strip()


@dataclass
class Row:
    label: str
    atoms: list[Atom]
    contents: list[Content]  # the value line first, then the label lines joined to it
    group: str | None = None  # the group heading above the row
    flags: list[str] = field(default_factory=list)

    @property
    def value_line(self) -> Content:
        return self.contents[0]


def _ends_open(label: str) -> bool:
    words = label.split()
    return bool(words) and (words[-1].lower() in _CONNECTORS or label.endswith((",", "-")))


def assemble_rows(contents: list[Content], n_values: int) -> list[Row]:
    """Join wrapped labels to their value lines; label groups no value line takes become headings."""
    rows: list[Row] = []
    pending: list[list[Content]] = []  # label-only groups waiting for a value line
    group: str | None = None
    for content in contents:
        if content.is_noise:
            continue
        if content.atoms and not content.label and not pending and rows and (
                column := _column_major(rows[-1], content, n_values)):
            rows[-1].atoms = column  # one value per line: the next column of the same row
            rows[-1].contents.append(content)
        elif content.atoms:
            label_parts = [content]
            if pending and (content.starts_continuation or not content.label):
                label_parts = pending.pop() + [content]
            if pending and rows and _ends_open(rows[-1].label):
                _extend(rows[-1], pending.pop(0))
            if pending:
                group = clean_label(" ".join(c.label for c in pending[-1]))
            pending = []
            row = Row(" ".join(c.label for c in label_parts if c.label),
                      group_thousands(content.atoms, n_values), [content], group)
            row.contents += [c for c in label_parts if c is not content]
            rows.append(row)
        elif pending and content.starts_continuation:
            pending[-1].append(content)
        elif rows and not pending and (content.starts_continuation or _ends_open(rows[-1].label)):
            _extend(rows[-1], [content])
        else:
            pending.append([content])
    for row in rows:
        row.label = clean_label(row.label)
    return rows


def _column_major(row: Row, content: Content, n_values: int) -> list[Atom] | None:
    """The row's values if a values-only line continues it column-major (one number per line,
    '403 110' being one number there), while the row still has room; else None."""
    lines = [c for c in row.contents if c.atoms] + [content]
    values = [group_thousands(c.atoms, 1) for c in lines]
    if len(lines) > n_values or any(len(v) != 1 for v in values):
        return None
    return [v[0] for v in values]


def _extend(row: Row, contents: list[Content]) -> None:
    row.label = " ".join([row.label, *(c.label for c in contents)])
    row.contents += contents
