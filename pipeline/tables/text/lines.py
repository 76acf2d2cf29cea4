"""Each line of OCR'd text gets a role from its own features, and the code of the reason.

`read_line` is a pure function of one line's text (and whether the page marked it as furniture):
it never looks at the lines around it, so a reader can check any line's role by itself. The
table recogniser (`regions.py`, `rows.py`) then reads runs of roles in context.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from pipeline import codes
from pipeline.models import Document, Line
from pipeline.settings import TableSettings
from pipeline.tables.conventions import STATUS_HINT, STATUS_PHRASES, STATUS_TEXT, canonical_status
from pipeline.tables.text.atoms import Atom, split_row
from pipeline.tables.text.headers import header_reason, may_name_columns
from pipeline.tables.titles import TABLE_CAPTION
from pipeline.vocabulary import FURNITURE_MAX_WORDS, SENTENCE_BREAK_INSIDE, UNIT_NOTE_MAX_WORDS, is_footer, is_unit_note


class Role(StrEnum):
    FURNITURE = "furniture"  # a page footer or running header
    RESIDUE = "residue"  # OCR residue of a figure: 'o, o, 0, o,', '9 9 fey 9'
    MARKER = "marker"  # footnote markers standing alone: '*) **)', OCR '2k)', '+e', ')'
    FOOTNOTE = "footnote"  # '*) Inflasjonsjustert med deflator', 'Kilde: SSB'
    UNIT_NOTE = "unit_note"  # 'Beløp i 1000'
    HEADER = "header"  # names columns: years, the account columns, benchmark names
    VALUES = "values"  # a label followed by values
    VALUES_ONLY = "values_only"  # values without a label
    LABEL = "label"  # short text starting with a capital: a label's start, a group heading, a caption
    CONTINUATION = "continuation"  # short text continuing the text above: lower case, bracket, digit
    SENTENCE = "sentence"  # a short sentence: a goal or group statement
    PROSE = "prose"  # running text


# a label that ends in one of these words continues on the next line whatever its case
CONNECTORS = {"og", "i", "av", "til", "for", "per", "pr.", "pr", "med", "som", "på", "pa", "ved", "fra", "om",
              "etter", "eller", "mot", "under", "over", "uten", "samt", "hvor", "der", "de", "en", "et", "den"}
_FOOTNOTE = re.compile(r"^\s*(?:(?:\*+\)|¥\))\s*[^\W\d_]|(?:Kilde|Kilder|Note|Merknad)\s*:)")
_MARKER_CHARS = 8
_MARKER = re.compile(rf"^(?=.*[*¥+)])(?!.*\d\d)[*¥+)\s\dkex]{{1,{_MARKER_CHARS}}}$")  # '*) **)', OCR '2k)', '+e', ')'
_MARKERS_AT_END = re.compile(r"(?:\s*(?:\*+\)|¥\)|\*+%?))+\s*$")  # 'innbygger (B) *) **)'
_DIGIT_OR_PERCENT = re.compile(r"[\d%]")
_WORD_OF_FOUR = re.compile(r"[^\W\d_]{4,}")
_RESIDUE_TOKEN = re.compile(r"^(?=.{1,3}$)(?![^\W\d_]{2,}$)(?!\d+$)\S*$")  # 'o,', '0,', 'n7e', '.'; not words
# a line that ends in a word that can finish a status phrase of the genre ('målt', 'kommer' ...)
_STATUS_END = re.compile(r"\s(?:" + "|".join(p.split(r"\s+", 1)[1].lower() for p, _ in STATUS_PHRASES) + r")\s*$")
_NOT_SENTENCE_END = re.compile(r"\b(?:pr|nr|ca|kr|mill|bud|oppr|rev|jf|f\.eks|inkl|ekskl|mv|osv)\.$", re.IGNORECASE)


@dataclass(frozen=True)
class LineRead:
    """One non-blank line as the text route reads it."""

    page_no: int
    line: Line
    role: Role
    reason: str  # the code of why it got its role
    label: str = ""  # the text before the values (restored text)
    atoms: tuple[Atom, ...] = ()  # the values as printed
    gap: int = 0  # blank lines (or a page break) right above it

    @property
    def number(self) -> int:
        return self.line.number

    @property
    def text(self) -> str:
        return self.line.text.strip()

    @property
    def has_values(self) -> bool:
        return self.role in (Role.VALUES, Role.VALUES_ONLY)

    @property
    def is_text(self) -> bool:
        return self.role in (Role.LABEL, Role.CONTINUATION, Role.SENTENCE, Role.PROSE)

    @property
    def continues(self) -> bool:
        """Its label starts in lower case, with a bracket, a digit or a marker: it goes on from the
        text above ('@' is OCR for a capital Ø and starts nothing new)."""
        first = self.label[:1]
        return bool(first) and not first.isupper() and first != "@"

    @property
    def ends_open(self) -> bool:
        """Its label cannot end there: a connector, a comma or hyphen, an open bracket."""
        label = clean_label(self.label)
        words = label.split()
        return bool(words) and (words[-1].lower() in CONNECTORS or label.endswith((",", "-"))
                                or label.count("(") > label.count(")"))


def clean_label(label: str) -> str:
    """Footnote markers are not part of a label: 'innbygger (B) *) **)' -> 'innbygger (B)'."""
    return re.sub(r"\s+", " ", _MARKERS_AT_END.sub("", label)).strip()


def strip_residue(label: str) -> str:
    """A trailing run of OCR residue off a label line ('brutto o o n7e o' -> 'brutto')."""
    tokens = label.split()
    end = len(tokens)
    while end > 0 and _RESIDUE_TOKEN.match(tokens[end - 1]) and not tokens[end - 1].startswith("("):
        end -= 1
    return " ".join(tokens if len(tokens) - end < 2 else tokens[:end])


def _is_residue(label: str) -> bool:
    """OCR residue of a figure: no word of four letters, digits mixed with stray letters and
    punctuation ('o, o, 0, o,', 'o o n7e o', '9 9 fey 9', 'Gf EHO 7 2) U8 oll')."""
    tokens = label.split()
    if len(tokens) < 2 or _WORD_OF_FOUR.search(label) or re.search(r"\([^)]+\)", label):
        return False  # a word, or a bracketed note ('(1000 kr)'), is text
    return any(re.search(r"\d", t) for t in tokens) or all(len(t) <= 2 for t in tokens)


def _is_sentence(label: str) -> bool:
    words = label.split()
    return (len(words) >= 3 and label.endswith((".", "!", "?")) and not _NOT_SENTENCE_END.search(label)
            and label[0].isupper())


def read_line(page_no: int, line: Line, furniture: bool = False, settings: TableSettings = TableSettings(),
              text: str | None = None, gap: int = 0) -> LineRead:
    """The role of one line from its own features; `text` replaces the line's text where a
    status cell wrapped over two lines was joined; `gap` is carried along."""
    def read(role: Role, code: codes.Code, label: str = "", atoms: tuple[Atom, ...] = ()) -> LineRead:
        return LineRead(page_no, line, role, code.name, label, atoms, gap)

    body = (line.text if text is None else text).strip()
    tokens = body.split()
    if furniture or len(tokens) <= FURNITURE_MAX_WORDS and is_footer(body):
        return read(Role.FURNITURE, codes.LINE_FURNITURE)
    words = len([t for t in tokens if len(t) > 1]) if len(tokens) >= settings.prose_words else 0  # 'o o o' no words
    tail = " ".join(tokens[-3:])
    if words >= settings.prose_words and not _DIGIT_OR_PERCENT.search(tail) and not (
            STATUS_HINT.search(tail.lower()) and STATUS_TEXT.search(tail)):
        # running text ending in words: the common case, read quickly
        return read(Role.PROSE, codes.LINE_CAPTION if TABLE_CAPTION.search(body) else codes.LINE_LONG_TEXT, body)
    if _FOOTNOTE.match(body):
        return read(Role.FOOTNOTE, codes.LINE_FOOTNOTE, body)
    if len(body) <= _MARKER_CHARS and _MARKER.match(body):
        return read(Role.MARKER, codes.LINE_MARKERS, body)
    if len(tokens) <= UNIT_NOTE_MAX_WORDS and is_unit_note(body):
        return read(Role.UNIT_NOTE, codes.LINE_UNIT_NOTE, body)
    if TABLE_CAPTION.search(body):
        return read(Role.PROSE, codes.LINE_CAPTION, body)
    header = (header_reason(body, settings.header_words)
              if len(tokens) <= settings.header_words and may_name_columns(body, tokens) else None)
    if header is not None:
        return read(Role.HEADER, header, body)
    label, atoms = _row(line, text)
    if _is_residue(label):
        if len(atoms) < 2:
            return read(Role.RESIDUE, codes.LINE_RESIDUE, label)
        label = ""  # values after OCR residue ('e . Ikke målt Ikke målt')
    label = strip_residue(label)
    if atoms:
        numbers_only = all(a.digits_only for a in atoms)
        if numbers_only and len(atoms) <= 2 and SENTENCE_BREAK_INSIDE.search(label) or (
                len(label.split()) >= settings.prose_words and len(atoms) == 1 and numbers_only):
            return read(Role.PROSE, codes.LINE_PROSE_NUMBER, body)  # "... Kvinneandelen var 79,8"
        if label:
            return read(Role.VALUES, codes.LINE_VALUES, label, atoms)
        return read(Role.VALUES_ONLY, codes.LINE_VALUES_ONLY, "", atoms)
    if words >= settings.prose_words:
        return read(Role.PROSE, codes.LINE_LONG_TEXT, label)
    if _is_sentence(label):
        return read(Role.SENTENCE, codes.LINE_SENTENCE, label)
    first = label[:1]
    if first and not first.isupper() and first != "@":
        return read(Role.CONTINUATION, codes.LINE_CONTINUES, label)
    return read(Role.LABEL, codes.LINE_SHORT_TEXT, label)


def _row(line: Line, text: str | None) -> tuple[str, tuple[Atom, ...]]:
    """Label from the restored text; values as printed where the raw line gives as many."""
    label, atoms = split_row(line.text if text is None else text)
    if atoms and text is None and line.raw != line.text:
        raw_atoms = split_row(line.raw)[1]
        atoms = raw_atoms if len(raw_atoms) == len(atoms) else atoms
    return label, tuple(atoms)


def read_lines(doc: Document, settings: TableSettings) -> list[LineRead]:
    """Every non-blank line of the document's text pages (pages with PDF words are the layout
    route's) with its role, and the blank lines or page break above it."""
    reads: list[LineRead] = []
    for page in doc.pages:
        if page.words:
            continue
        furniture = set(page.furniture)
        gap = 1  # a page break separates like a blank line
        for line in page.lines:
            if not line.text.strip():
                gap += 1
                continue
            reads.append(read_line(page.number, line, line.number in furniture, settings, gap=gap))
            gap = 0
    return _rejoin_wrapped_status(reads, settings)


def _rejoin_wrapped_status(reads: list[LineRead], settings: TableSettings) -> list[LineRead]:
    """A status cell wrapped in a narrow column: '... 85 % Tall' over '... kommer', or its first
    word just before a line's values ('... Ikke 69 % Ikke målt' over '... målt').

    The two words are joined on the line that holds the row's values: the first line when it has
    values (after the broken word, or before it when it ends the line), else the next line. Both
    lines are read again."""
    out = list(reads)
    for k in range(len(out) - 1):
        if not _STATUS_END.search(out[k + 1].line.text.lower()):
            continue  # the second word of a status phrase ends no line here: the common case, quickly
        first, below = out[k].line.text.split(), out[k + 1].line.text.split()
        if len(first) < 2 or len(below) < 2:
            continue
        label, values = split_row(out[k].line.text)
        at = len(first) - 1 if canonical_status(f"{first[-1]} {below[-1]}") else len(label.split()) - 1
        if at < 0 or canonical_status(f"{first[at]} {below[-1]}") is None or (
                at < len(first) - 1 and (not values or label.split()[-1] != first[at])):
            continue
        phrase = f"{first[at]} {below[-1]}"
        if at < len(first) - 1 or split_row(" ".join(first[:-1]))[1]:
            texts = (" ".join([*first[:at], phrase, *first[at + 1:]]), " ".join(below[:-1]))
        else:
            texts = (" ".join(first[:-1]), " ".join([*below[:-1], phrase]))
        for j, text in zip((k, k + 1), texts):
            out[j] = read_line(out[j].page_no, out[j].line, False, settings, text, out[j].gap)
    return out
