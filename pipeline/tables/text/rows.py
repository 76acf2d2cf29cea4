"""Rows of a table from the roles of its body lines, under a known column count.

A row is label lines plus the lines that hold its values. Values follow their label on the same
line (row-major), on the lines below it one or a few at a time (column-major), or both
("Netto driftsutgifter per innbygger 1 363" and six more values on the lines below). Label lines:
- a line that continues (lower case, bracket, digit) or follows a label that cannot end (a
  connector, a comma, an open bracket) joins the label above it: the pending label of the next
  values, or the row above when no label is pending;
- a capitalised line starts a new label; label blocks that no values take are group headings
  (Prioritet, a goal statement) of the rows below them;
- a run of label-only rows followed by as many values-only lines pairs them in order (a small
  table printed as its labels, then its values).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from pipeline import codes
from pipeline.tables.text.atoms import Atom, cells_over_lines, fewest_cells
from pipeline.tables.text.lines import LineRead, Role, clean_label

# status words that open the status cell of a plan/status list: "Vedtatt 08.09.20", "Vedtas 2. kvartal 2024"
_STATUS_WORDS = (r"(?:Vedtatt|Vedtas|Vedtak|Igangsatt|P[aå]g[aå]r|Ferdig|Fullf\S*rt|Gjennomf\S*rt|Utsatt|Planlagt|"
                 r"Avsluttet|Under\s+arbeid|Under\s+revisjon|Ikke\s+startet|Oppstart|Revideres|Rulleres)\b")
STATUS_CELL = re.compile(rf"\s(?={_STATUS_WORDS})")
STATUS_START = re.compile(rf"^\s*{_STATUS_WORDS}")
_SKIPPED = (Role.MARKER, Role.RESIDUE, Role.FURNITURE, Role.UNIT_NOTE, Role.FOOTNOTE)


@dataclass
class _Building:
    """A row while its lines are being gathered."""

    label_lines: list[LineRead]
    value_lines: list[LineRead]
    group: str | None = None

    @property
    def filled(self) -> int:
        return sum(fewest_cells(r.atoms) for r in self.value_lines)

    @property
    def ends_open(self) -> bool:
        return bool(self.label_lines) and self.label_lines[-1].ends_open


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[tuple[Atom, LineRead] | None, ...]  # one per column: the atom and its line; None if empty
    lines: tuple[int, ...]  # every source line the row was read from
    group: str | None = None
    flags: tuple[str, ...] = ()


@dataclass
class _Assembly:
    n: int
    rows: list[_Building] = field(default_factory=list)
    pending: list[list[LineRead]] = field(default_factory=list)  # label blocks waiting for values
    group: str | None = None
    open_row: _Building | None = None  # a row still taking values printed below it

    def flush_groups(self) -> None:
        """Label blocks no values took: the last one heads the rows that follow."""
        if self.pending and self.rows and self.rows[-1].ends_open:
            self.rows[-1].label_lines += self.pending.pop(0)
        if self.pending:
            self.group = clean_label(" ".join(r.label for r in self.pending[-1]))
        self.pending = []

    def start(self, label_lines: list[LineRead], value_line: LineRead) -> None:
        self.open_row = _Building(label_lines, [value_line], self.group)
        self.rows.append(self.open_row)


def assemble(body: list[LineRead], n: int, split_spread: float = 0.3) -> list[Row]:
    """The rows of a table body under `n` value columns (`split_spread`: see `atoms.cells_over_lines`)."""
    state = _Assembly(n)
    k = 0
    while k < len(body):
        read = body[k]
        k += 1
        if read.role in _SKIPPED:
            continue
        if read.role == Role.VALUES_ONLY:
            row = state.open_row
            if row is not None and not state.pending and row.filled < n:
                row.value_lines.append(read)  # the next columns of the same row, printed below it
                continue
            paired = _paired_block(state.pending, body, k - 1, n)
            if paired:
                for labels, values in paired:
                    state.start(labels, values)
                state.pending = []
                k += len(paired) - 1
                continue
            labels, after = _label_block(state.pending)
            state.flush_groups()
            state.start(labels, read)
            if after:  # a goal statement between a label and its displaced values heads the rows below
                state.group = clean_label(" ".join(r.label for r in after[-1]))
        elif read.role == Role.VALUES:
            labels = [read]
            if state.pending and (read.continues or state.pending[-1][-1].ends_open):
                labels = state.pending.pop() + [read]
            state.flush_groups()
            state.start(labels, read)
        elif read.is_text or read.role == Role.HEADER:
            continuing = read.continues or (state.pending and state.pending[-1][-1].ends_open)
            if state.pending and continuing and state.pending[-1][-1].role != Role.SENTENCE:
                state.pending[-1].append(read)
            elif not state.pending and state.rows and (read.continues or state.rows[-1].ends_open):
                state.rows[-1].label_lines.append(read)  # a label wrapped below its values
            else:
                state.pending.append([read])
                state.open_row = None
    return [_finished(row, n, split_spread) for row in state.rows]


def _is_statement(block: list[LineRead]) -> bool:
    """A label block that is a sentence: a goal statement, not a row label."""
    text = " ".join(r.label for r in block)
    return text.endswith(".") and len(text.split()) >= 5 and block[0].label[:1].isupper()


def _label_block(pending: list[list[LineRead]]) -> tuple[list[LineRead], list[list[LineRead]]]:
    """The pending label that values without a label of their own belong to: the last one that is
    no statement; the statements after it are taken off the pending list and returned."""
    if not pending:
        return [], []
    k = next((k for k in range(len(pending) - 1, -1, -1) if not _is_statement(pending[k])), len(pending) - 1)
    labels, after = pending[k], pending[k + 1:]
    del pending[k:]
    return labels, after


def _paired_block(pending: list[list[LineRead]], body: list[LineRead], at: int,
                  n: int) -> list[tuple[list[LineRead], LineRead]]:
    """Label-only rows printed above their values ('Årsverk (antall)' / 'Ansatte (antall)' /
    '1 800' / '1 899'): as many values-only lines, each a full row, pair with them in order."""
    if len(pending) < 2 or any(r.role == Role.SENTENCE for block in pending for r in block):
        return []
    values = body[at: at + len(pending)]
    if len(values) < len(pending) or any(r.role != Role.VALUES_ONLY or fewest_cells(r.atoms) > n
                                         or len(r.atoms) < n for r in values):
        return []
    after = body[at + len(pending)] if at + len(pending) < len(body) else None
    if after is not None and after.role == Role.VALUES_ONLY:
        return []
    return list(zip(pending, values))


def _finished(row: _Building, n: int, split_spread: float) -> Row:
    """The row's cells: its value lines grouped under the count; surplus leading values belong to
    the label; a dash read as an empty cell is None."""
    label = clean_label(" ".join(r.label for r in row.label_lines if r.label))
    placed: list[tuple[Atom, LineRead]] = [
        (atom, read) for read, line_cells in zip(row.value_lines, cells_over_lines(
            [r.atoms for r in row.value_lines], n, split_spread))
        for atom in line_cells]
    flags: list[str] = []
    if len(placed) > n:
        surplus = placed[: len(placed) - n]
        label = clean_label(" ".join([label, *(atom.raw for atom, _ in surplus)]))
        placed = placed[len(placed) - n:]
        flags.append(codes.TOO_MANY_VALUES.name)
    if len(placed) < n:
        flags.append(codes.TOO_FEW_VALUES.name)
    if not label:
        flags.append(codes.UNLABELLED_ROW.name)
    cells = tuple(None if atom.is_dash else (atom, read) for atom, read in placed) + (None,) * (n - len(placed))
    lines = sorted({r.number for r in [*row.label_lines, *row.value_lines]})
    return Row(label, cells, tuple(lines), row.group, tuple(flags))


def status_body(body: list[LineRead]) -> list[LineRead]:
    """A plan/status list read as rows of one text cell: 'Plan Vedtatt 08.09.20' is a label and
    its status; a status alone on its line is the values of the label above."""
    out = []
    for read in body:
        text = read.text
        if read.role in _SKIPPED or not text:
            out.append(read)
        elif STATUS_START.match(text):
            out.append(replace(read, role=Role.VALUES_ONLY, label="", atoms=(Atom(text, is_text=True),)))
        elif STATUS_CELL.search(text):
            label, status = STATUS_CELL.split(text, maxsplit=1)
            out.append(replace(read, role=Role.VALUES, label=label.strip(), atoms=(Atom(status.strip(), is_text=True),)))
        else:
            out.append(replace(read, role=Role.LABEL if read.role != Role.CONTINUATION else read.role, atoms=()))
    return out


def is_status_line(read: LineRead) -> bool:
    return bool(STATUS_START.match(read.text) or STATUS_CELL.search(read.text))
