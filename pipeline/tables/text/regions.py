"""Tables as runs of line roles: where a table starts and ends, how many columns it has, what its
header names them, and its rows.

1. Every line gets its role (`lines.read_line`).
2. A table starts at a header line: a line whose own features name columns, or capitalised
   column names over rows with as many values (`Utvalg Gjennomførte møter Saker behandlet`).
   Short text in the same block just above it (names over their years) joins the header.
3. Its body runs until the next table's header, its footnotes, a sentence introducing a table, a
   paragraph of running text or too many lines without values; text after its last values is left
   to the next table. Header lines before the first values are more header (a narrow layout
   prints one column name a block).
4. The column count comes from the header and the rows together: the header's count where most
   rows can print it, else the count most rows print. The header is then named for that count
   (`headers.column_names`), taking further blocks above the first row where the header lines
   alone name too few columns.
5. Rows are assembled (`rows.assemble`); values printed column by column after the rows (past the
   footnotes) fill the columns the rows lack; a row short of values has them placed under the
   columns the table shows them in (`placement.py`).

Each decision carries a code; `text_grids` returns them as the route's trace.
"""
from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from pipeline import codes
from pipeline.models import Document, TableKind
from pipeline.settings import TableSettings
from pipeline.tables.grid import GridCell, GridRow, TableGrid
from pipeline.tables.text.atoms import cells, fewest_cells, likely_cells, split_row
from pipeline.tables.text.headers import column_names, header_counts, is_column_word, line_phrases
from pipeline.tables.text.lines import LineRead, Role, read_lines
from pipeline.tables.text.placement import placed
from pipeline.tables.text.rows import STATUS_START, Row, assemble, is_status_line, status_body
from pipeline.tables.titles import caption, caption_sentence, section_heading, service_area
from pipeline.vocabulary import SENTENCE_BREAK_INSIDE, YEAR, ends_sentence



@dataclass(frozen=True)
class Region:
    """The lines of one table: its header zone and its body, and why the body ended."""

    start: int  # index of the first header line in the reads
    header: tuple[LineRead, ...]
    body: tuple[LineRead, ...]
    end: int  # index after the last read the table took (its body, or a column-major block)
    ended: str  # code
    header_reason: str  # code
    status: bool = False  # a plan/status list: one text column
    block: tuple[LineRead, ...] = ()  # values printed column by column after the body


def _blocks(reads: Sequence[LineRead]) -> list[list[LineRead]]:
    """Reads split where a blank line separates them."""
    blocks: list[list[LineRead]] = []
    for read in reads:
        if blocks and read.gap == 0:
            blocks[-1].append(read)
        else:
            blocks.append([read])
    return blocks


def _word_header(reads: list[LineRead], i: int) -> codes.Code | None:
    """Capitalised column names over rows with as many values, or over a plan/status list."""
    read = reads[i]
    if read.role != Role.LABEL or len(read.text.split()) > 10:
        return None
    below = [r for r in reads[i + 1: i + 5] if r.role not in (Role.MARKER, Role.RESIDUE, Role.FURNITURE)][:2]
    if len(below) < 2 or not any(r.role == Role.VALUES or is_status_line(r) for r in below) or is_status_line(read):
        return None  # rows of values or plans with a status below, or no header
    phrases = line_phrases(read.text)
    if not all(p.starts_name for p in phrases):
        return None
    if all(map(is_status_line, below)) or phrases[-1].text.lower().startswith("status") and len(phrases) > 1:
        return codes.HEADER_OVER_ROWS if any(map(is_status_line, below)) else None  # a plan/status list
    if len(phrases) < 2:
        return None
    k = len(phrases) - 1
    if all(r.role == Role.VALUES and fewest_cells(r.atoms) <= k <= len(r.atoms) for r in below):
        return codes.HEADER_OVER_ROWS
    return None


def _header_at(reads: list[LineRead], i: int) -> codes.Code | None:
    read = reads[i]
    if read.role == Role.HEADER:
        return codes.lookup(read.reason)
    return _word_header(reads, i)


def _above(reads: list[LineRead], i: int, settings: TableSettings) -> int:
    """How many short lines just above a header line (no blank between) name its columns too:
    names over their years ('Ålesund — Ålesund' over '2021 2022'), not a caption over a run of
    years ('Befolkningsutvikling 4. kvartal' over '2020 2021 2022 2023'); an account column's name
    printed above the line of the others ('Oppr. bud.') joins it too."""
    header_phrases = len(line_phrases(reads[i].text))
    taken = 0
    while taken < 2 and i - taken > 0 and reads[i - taken].gap == 0:
        above = reads[i - taken - 1]
        if above.role not in (Role.LABEL, Role.CONTINUATION) or len(above.text.split()) > settings.header_above_words:
            break
        above_phrases = len(line_phrases(above.text))
        account = all(map(is_column_word, above.text.split()))  # 'Oppr. bud.' printed a line above its cell
        if above_phrases < 2 and not account and (header_phrases > 1 or len(above.text.split()) > 1):
            break  # a caption over the header, not a name over its year
        taken += 1
    return taken


def _is_paragraph(reads: Sequence[LineRead], j: int, settings: TableSettings) -> bool:
    """Running text: this line and the next ones are all long lines of prose, or two long lines
    that end two sentences (a goal statement in a table is one sentence, however many lines)."""
    run = list(itertools.takewhile(lambda r: r.role == Role.PROSE, reads[j: j + settings.prose_lines]))
    sentences = sum(ends_sentence(r.text) + bool(SENTENCE_BREAK_INSIDE.search(r.text)) for r in run)
    return len(run) == settings.prose_lines or len(run) >= 2 and sentences >= 2


def find_region(reads: list[LineRead], i: int, reason: codes.Code, settings: TableSettings) -> Region:
    """The table whose header line is reads[i]."""
    start = i - _above(reads, i, settings)
    j = i + 1
    while j < len(reads) and reads[j].role == Role.HEADER and reads[j].gap <= 2:
        j += 1  # header lines below: '2023 kr %', years under names
    header = tuple(reads[start:j])
    status = reason == codes.HEADER_OVER_ROWS and _status_header(reads, i)
    body: list[LineRead] = []
    taken: list[int] = []  # indices of the body's reads
    seen_values = False
    without_values = 0
    ended = codes.END_TEXT
    while j < len(reads):
        read = reads[j]
        if read.role == Role.FURNITURE:
            j += 1
            continue
        if read.role == Role.FOOTNOTE:
            ended = codes.END_FOOTNOTE
            break
        if read.reason == codes.LINE_CAPTION.name:
            ended = codes.END_CAPTION
            break
        if read.role == Role.HEADER and seen_values and body and body[-1].role == Role.VALUES_ONLY \
                and YEAR.match(read.text):  # a value of a column-major run that looks like a year
            read = replace(read, role=Role.VALUES_ONLY, reason=codes.YEAR_AS_VALUE.name,
                           atoms=tuple(split_row(read.text)[1]))
        if (read.role == Role.HEADER and (seen_values or not _header_like(body))) or (
                seen_values and _word_header(reads, j) and not (status and _awaits_status(reads, j))):
            ended = codes.END_HEADER  # before any values only if labels came between: a new table
            break
        if status and read.role == Role.PROSE:
            ended = codes.END_PARAGRAPH  # a plan list holds no running text
            break
        if not seen_values and _names_number(read, body):
            read = replace(read, role=Role.CONTINUATION, reason=codes.HEADER_NUMBER.name, label=read.text, atoms=())
        if seen_values and read.role == Role.UNIT_NOTE:
            ended = codes.END_UNIT_NOTE
            break
        if _is_paragraph(reads, j, settings):
            ended = codes.END_PARAGRAPH
            break
        has_values = read.has_values or (status and is_status_line(read))
        without_values = 0 if has_values else without_values + 1
        # a header printed a column a block runs longer before the first values than a gap may
        if without_values > (settings.max_gap_lines if seen_values else settings.header_lines):
            ended = codes.END_GAP
            break
        # values above every label in the body are displaced, not the start of the rows
        seen_values |= has_values and (read.role != Role.VALUES_ONLY or any(r.is_text for r in body))
        body.append(read)
        taken.append(j)
        j += 1
    body = _trimmed(body, status)
    end = taken[len(body) - 1] + 1 if body else i + 1
    block = () if status else _column_major_block(reads, j)
    if block:
        end = j + next(k for k in range(len(reads) - j) if reads[j + k] is block[-1]) + 1
    return Region(start, header, tuple(body), end, ended.name, reason.name, status, block)


def _header_like(body: Sequence[LineRead]) -> bool:
    """Lines that can be more of a header: short names, no bracketed or sentence text."""
    return all(r.role in (Role.LABEL, Role.CONTINUATION, Role.HEADER, Role.MARKER) and len(r.text.split()) <= 3
               and "(" not in r.text for r in body)


def _names_number(read: LineRead, body: Sequence[LineRead]) -> bool:
    """A small number in a header name, on its own line or after a lower-case word, right below
    another name line: 'KOSTRA-' / 'gruppe' / '12', 'KOSTRA-' / 'gruppe 12'."""
    number = len(read.atoms) == 1 and re.fullmatch(r"\d{1,2}", read.atoms[0].raw) is not None
    if not number or read.gap or not body or not body[-1].is_text or len(body[-1].text.split()) > 2:
        return False
    return read.role == Role.VALUES_ONLY or (read.role == Role.VALUES and read.continues
                                             and len(read.label.split()) == 1)


def _awaits_status(reads: list[LineRead], j: int) -> bool:
    """In a plan list, a plan whose status is printed alone on the next line ('Vedtas 2. kvartal')."""
    below = next((r for r in reads[j + 1:] if r.role != Role.FURNITURE), None)
    return below is not None and STATUS_START.match(below.text) is not None


def _status_header(reads: list[LineRead], i: int) -> bool:
    return line_phrases(reads[i].text)[-1].text.lower().startswith("status") or any(
        map(is_status_line, reads[i + 1: i + 3]))


def _trimmed(body: list[LineRead], status: bool) -> list[LineRead]:
    """The body up to its last values and the label lines that continue them (starting in lower
    case, or after a label that cannot end there); later text belongs to what follows the table."""
    last = max((k for k, r in enumerate(body) if r.has_values or (status and is_status_line(r))), default=-1)
    end = last + 1
    while end < len(body) and body[end].gap <= 1 and (
            body[end].role in (Role.CONTINUATION, Role.MARKER) or body[end].is_text and body[end - 1].ends_open):
        end += 1
    return body[:end]


def _column_major_block(reads: list[LineRead], j: int) -> tuple[LineRead, ...]:
    """Values-only lines right after a table's end (past its footnotes and markers): columns the
    rows lack, printed one column after another."""
    while j < len(reads) and reads[j].role in (Role.FOOTNOTE, Role.MARKER, Role.FURNITURE):
        j += 1
    block = []
    while j < len(reads) and reads[j].role in (Role.VALUES_ONLY, Role.FURNITURE):
        if reads[j].role == Role.VALUES_ONLY:
            block.append(reads[j])
        j += 1
    return tuple(block)


# --- columns --------------------------------------------------------------------------------------

def _runs(body: Sequence[LineRead]) -> list[tuple[int, int, int]]:
    """(fewest, likely, most) cells of each run of values: a line with values and the values-only
    lines (and label continuations) below it, up to the next label."""
    runs: list[list[LineRead]] = []
    inside = False
    for read in body:
        if read.role == Role.VALUES_ONLY and inside:
            runs[-1].append(read)
        elif read.has_values:
            runs.append([read])
            inside = True
        elif read.role not in (Role.CONTINUATION, Role.MARKER, Role.RESIDUE):
            inside = False
    return [(sum(fewest_cells(r.atoms) for r in run), sum(likely_cells(r.atoms) for r in run),
             sum(len(r.atoms) for r in run)) for run in runs]


def column_count(header_counts: Sequence[int], body: Sequence[LineRead],
                 settings: TableSettings) -> tuple[int, codes.Code, list[Row]]:
    """The header's count (with or without a label column) where some rows read under it are full
    and few speak against it (no label, cells to spare); else the count under which the rows read
    best (full labelled rows for, rows without a label or with cells to spare against), trying the
    counts runs of values print, most common first, and taking the first of equals. The rows as
    read under the count come along."""
    runs = _runs(body)
    for n in (h for h in header_counts if h):
        rows = assemble(list(body), n, settings.split_spread)
        full = sum(map(_full, rows, [n] * len(rows)))
        against = sum(not r.label or codes.TOO_MANY_VALUES.name in r.flags for r in rows)
        if full and against <= settings.header_dissent * len(rows):  # rows short of values do not dissent
            return n, codes.COLUMNS_FROM_HEADER, rows
    from_rows = [c for c, _ in Counter(likely for _, likely, _ in runs).most_common()]
    from_rows += [c for c, _ in Counter(fewest for fewest, _, _ in runs).most_common()]
    candidates = list(dict.fromkeys(from_rows + [h for h in header_counts if h])) or [1]
    read = {n: assemble(list(body), n, settings.split_spread) for n in candidates}
    best = max(candidates, key=lambda n: _fit(read[n], n))
    return best, codes.COLUMNS_FROM_HEADER if best in header_counts else codes.COLUMNS_FROM_ROWS, read[best]


def _full(row: Row, n: int) -> bool:
    return bool(row.label) and not ({codes.TOO_FEW_VALUES.name, codes.TOO_MANY_VALUES.name} & set(row.flags))


def _fit(rows: Sequence[Row], n: int) -> int:
    """Full labelled rows count for, rows without a label or with cells to spare against."""
    return sum(1 if _full(r, n) else -1 if not r.label or codes.TOO_MANY_VALUES.name in r.flags else 0
               for r in rows)


def _leading_blocks(body: Sequence[LineRead], settings: TableSettings) -> list[list[LineRead]]:
    """Blocks of short text before the body's first values, up to a sentence or a longer line:
    more header, a group heading or a label."""
    lead = []
    for read in body:
        if read.has_values or read.role in (Role.SENTENCE, Role.PROSE) or ends_sentence(read.text) \
                or len(read.text.split()) > settings.header_above_words:
            break
        if read.role in (Role.LABEL, Role.CONTINUATION, Role.HEADER):
            lead.append(read)
    return _blocks(lead)


# --- the table ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Recognised:
    """A region read as a table: its columns, rows and the decisions on the way."""

    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    header_lines: tuple[int, ...]
    trace: dict[str, Any]
    displaced: tuple[LineRead, ...] = ()  # values above every label of the body: another table's
    title: str | None = None  # where the header line names the table


def recognise(region: Region, settings: TableSettings) -> Recognised | None:
    body = list(region.body)
    displaced = []
    while body and body[0].role == Role.VALUES_ONLY:  # values above every label: not this table's
        displaced.append(body.pop(0))
    if region.status:
        body = status_body(body)
    counts = [1] if region.status else header_counts([[r.text for r in b] for b in _blocks(region.header)])
    n, how, rows = column_count(counts, body, settings)
    rows = [r for r in rows if not _spanning_note(r, n)]
    block_columns = _block_width(rows, region.block, n)
    n += block_columns
    zone = [[r.text for r in b] for b in _blocks(region.header)]
    leading = _leading_blocks(body, settings)
    header = column_names(zone + [[r.text for r in b] for b in leading], n)
    named = region.status and len(region.header) == 1 and len(line_phrases(region.header[0].text)) == 1
    if named:  # a plan list under one word ('Planer'): the word names the list, not a column
        header = replace(header, columns=("", ""))
    consumed = {r.number for b in leading[: max(0, header.used - len(zone))] for r in b}
    if consumed:
        body = [r for r in body if r.number not in consumed]
        rows = [r for r in assemble(body, n - block_columns, settings.split_spread)
                if not _spanning_note(r, n - block_columns)]
    if block_columns:
        rows = _fill_block(rows, region.block, block_columns)
    rows = placed([r for r in rows if any(r.cells)], n, header.widths, settings.relation_chance)
    if len(rows) < settings.min_rows:
        return None
    header_lines = tuple(sorted({r.number for r in region.header} | consumed))
    trace = {"header": [region.header[0].number, region.header[-1].number],
             "header_reason": region.header_reason, "columns": n, "columns_reason": how.name,
             "ended": region.ended, "rows": [{"lines": list(r.lines), "label": r.label, "group": r.group,
                                              "flags": list(r.flags)} for r in rows]}
    if block_columns:
        trace["column_major_block"] = codes.COLUMN_MAJOR_BLOCK.message(n=len(region.block), columns=block_columns)
    if displaced:
        trace[codes.DISPLACED_VALUES.name] = [r.number for r in displaced]
    return Recognised(header.columns[: n + 1], tuple(rows), header_lines, trace, tuple(displaced),
                      region.header[0].text if named else None)


def _spanning_note(row: Row, n: int) -> bool:
    """'Indikator under utvikling' across a wide table: a note, not a row of values."""
    values = [c for c in row.cells if c is not None]
    return n >= 3 and len(values) == 1 and values[0][0].is_text


def _block_width(rows: list[Row], block: Sequence[LineRead], n: int) -> int:
    """How many columns a column-major block after the table fills: its values number a whole
    multiple of the rows, and every labelled row printed all of its own values."""
    labelled = [r for r in rows if r.label]
    if not block or not labelled or len(labelled) != len(rows) or any(not all(r.cells) for r in rows):
        return 0
    values = sum(len(cells(r.atoms, 1)) for r in block)
    return values // len(rows) if values % len(rows) == 0 else 0


def _fill_block(rows: list[Row], block: Sequence[LineRead], extra: int) -> list[Row]:
    """The block's values, column after column, as the rows' further cells."""
    values = [(atom, read) for read in block for atom in cells(read.atoms, 1)]
    filled = []
    for k, row in enumerate(rows):
        more = tuple(values[c * len(rows) + k] for c in range(extra))
        filled.append(replace(row, cells=row.cells + more, lines=tuple(sorted({*row.lines, *(r.number for _, r in more)}))))
    return filled


def _grid_row(row: Row) -> GridRow:
    grid_cells = tuple(None if c is None else GridCell(c[0].raw, c[1].number, c[1].page_no) for c in row.cells)
    return GridRow(row.label, grid_cells, row.lines, row.group, row.flags)


def _to_grid(region: Region, table: Recognised, reads: list[LineRead], settings: TableSettings) -> TableGrid:
    first = region.start
    above = _text_above(reads, first, settings.caption_lines)
    found = caption([r.text for r in above], settings.caption_lines, settings.caption_words)
    start_line = above[found.used - 1].number if found.used else reads[first].number
    start_at = next(k for k in range(first, -1, -1) if reads[k].number == start_line)
    title = table.title or found.title or caption_sentence(
        [r.text for r in _text_above(reads, start_at, settings.caption_sentence_lines)])
    if table.columns[0].lower().startswith("indikator"):
        title = section_heading([r.text for r in _text_above(reads, first, 6)]) or title
    used = [n for row in table.rows for n in row.lines]
    before = " ".join(r.text for r in reads[max(0, start_at - settings.service_area_lines): start_at]
                      if r.role != Role.FURNITURE)
    kind = region.header_reason
    header_kind = (TableKind.STATUS if region.status else TableKind.BUDGET if kind == codes.LINE_COLUMN_WORDS.name
                   else TableKind.KOSTRA if kind == codes.LINE_REGION_NAMES.name else None)
    return TableGrid(columns=table.columns, rows=tuple(_grid_row(r) for r in table.rows), route="text",
                     page_no=reads[region.start].page_no, title=title, unit_note=found.unit_note,
                     section=service_area(before), line_start=min([start_line, *used]), line_end=max(used),
                     header_kind=header_kind)


def _text_above(reads: list[LineRead], at: int, limit: int) -> list[LineRead]:
    """Up to `limit` lines above reads[at], nearest first, not past the page's furniture or the
    footnotes of a table above."""
    found = []
    for read in reversed(reads[max(0, at - limit - 2): at]):
        if read.role in (Role.FURNITURE, Role.FOOTNOTE) or len(found) >= limit:
            break
        found.append(read)
    return found


def _adopted(orphan: Region, values: Sequence[LineRead], between: Sequence[LineRead],
             settings: TableSettings) -> list[tuple[Region, Recognised]]:
    """A small table whose values OCR printed after the next table's header: a header over label
    lines and no values, then values above every label of the next table. As many labels as there
    are value lines pair with them in order."""
    labels = [r for r in between[len(orphan.header):] if r.role == Role.LABEL][: len(values)]
    if len(labels) < len(values):
        return []
    body = tuple(r for pair in zip(labels, values) for r in pair)
    region = replace(orphan, body=body, block=())
    table = recognise(region, settings)
    if table is None:
        return []
    return [(region, replace(table, trace={**table.trace, "adopted": codes.DISPLACED_VALUES.name}))]


def text_grids(doc: Document, settings: TableSettings) -> tuple[list[TableGrid], dict[str, Any]]:
    """The tables of the document's text pages (pages without PDF words), as grids, and the
    route's trace: every line's role and reason, and each table's decisions."""
    reads = read_lines(doc, settings)
    grids: list[TableGrid] = []
    tables: list[dict[str, Any]] = []
    rejected: list[dict[str, Any]] = []
    orphan: Region | None = None  # the last header over labels that printed no values
    i = 0
    while i < len(reads):
        reason = _header_at(reads, i)
        if reason is None:
            i += 1
            continue
        region = find_region(reads, i, reason, settings)
        table = recognise(region, settings)
        if table is None:
            rejected.append({"line": reads[i].number, "reason": codes.TOO_FEW_ROWS.name})
            orphan = region if not region.body else orphan
            i += 1
            continue
        found = [(region, table)]
        if table.displaced and orphan is not None:
            found[:0] = _adopted(orphan, table.displaced, reads[orphan.start: region.start], settings)
        for region_found, table_found in found:
            grid = _to_grid(region_found, table_found, reads, settings)
            grids.append(grid)
            tables.append({"page": grid.page_no, "lines": [grid.line_start, grid.line_end], **table_found.trace})
        orphan = None
        i = max(region.end, i + 1)
    trace = {"lines": [[r.number, r.role.value, r.reason] for r in reads], "tables": tables, "rejected": rejected}
    return grids, trace
