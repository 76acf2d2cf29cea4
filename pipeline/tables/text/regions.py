"""The text route: tables in OCR'd page text. Find headers, collect the rows under them, and hand
each region on as a TableGrid (its cells as printed, with their source lines)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline import codes
from pipeline.models import Document, Line, TableKind
from pipeline.settings import TableSettings
from pipeline.tables.grid import GridCell, GridRow, TableGrid
from pipeline.tables.text.atoms import Atom, group_thousands
from pipeline.tables.text.headers import STATUS_HEADER, Header, budget_header, region_header, word_header, year_header
from pipeline.tables.text.rows import (FOOTNOTE_LINE, Content, Row, assemble_rows, clean_label, read_content,
                                        rejoin_wrapped_status)
from pipeline.tables.titles import caption, caption_sentence, section_heading, service_area
from pipeline.vocabulary import is_footer

# status words that open the status cell of a plan/status list: "Vedtatt 08.09.20", "Vedtas 2. kvartal 2024"
_STATUS_WORDS = (r"(?:Vedtatt|Vedtas|Vedtak|Igangsatt|P[aå]g[aå]r|Ferdig|Fullf\S*rt|Gjennomf\S*rt|Utsatt|Planlagt|"
                 r"Avsluttet|Under\s+arbeid|Under\s+revisjon|Ikke\s+startet|Oppstart)\b")
STATUS_CELL = re.compile(rf"\s(?={_STATUS_WORDS})")
STATUS_START = re.compile(rf"^\s*{_STATUS_WORDS}")
SERVICE_AREA_LINES = 40  # how far above a table its service area may be named
CAPTION_SENTENCE_LINES = 4


@dataclass(frozen=True)
class SourceLines:
    """The document's lines in source order, to look above a table."""

    lines: tuple[Line, ...]
    index: dict[int, int]  # source line number -> position

    @classmethod
    def of(cls, doc: Document) -> SourceLines:
        lines = tuple(line for _, line in doc.lines())
        return cls(lines, {line.number: k for k, line in enumerate(lines)})

    def before(self, line_no: int, count: int) -> tuple[Line, ...]:
        """The `count` source lines above a line, blank ones included, in source order."""
        at = self.index[line_no]
        return self.lines[max(0, at - count): at]

    def above(self, line_no: int, limit: int) -> list[Line]:
        """Non-blank lines above a source line, nearest first, not crossing a page footer."""
        found: list[Line] = []
        for line in reversed(self.lines[: self.index[line_no]]):
            if is_footer(line.text) or len(found) >= limit:
                break
            if line.text.strip():
                found.append(line)
        return found


@dataclass
class Region:
    header: Header
    header_at: int  # index into the content lines
    rows: list[Row]


def content_lines(doc: Document) -> list[Content]:
    """Every non-blank line except page footers, read as a row; pages with PDF words are left to
    the layout route."""
    return rejoin_wrapped_status([read_content(page.number, line) for page, line in doc.lines()
                                  if not page.words and line.text.strip() and not is_footer(line.text)])


def header_at(contents: list[Content], i: int) -> Header | None:
    """The header starting at content line i, checked against the lines below it where needed."""
    text = contents[i].line.text
    following = [c for c in contents[i + 1: i + 4] if not c.is_noise]
    second = following[0].line.text if following else None
    header = budget_header(text, second) or region_header(text, second)
    if header:
        return header
    header = year_header(text)
    if header and header.columns[0] == "" and header.n_values == 1 and i > 0 and contents[i - 1].atoms:
        return None  # a lone year among values: a value of a column-major block, not a header
    if header or len(following) < 2:
        return header
    if all(STATUS_CELL.search(c.line.text) for c in following[:2]) or (
            STATUS_HEADER.search(text) and _status_row(following[0], following[1]) is not None):
        return word_header(text, 1)
    header = word_header(text)
    if header and all(c.label and len(group_thousands(c.atoms, header.n_values)) == header.n_values
                      for c in following[:2]):
        return header
    return None


def _is_paragraph(contents: list[Content], settings: TableSettings) -> bool:
    """Prose after a table: consecutive long lines without values."""
    return len(contents) == settings.prose_lines and all(
        not c.atoms and len(c.line.text.split()) >= settings.prose_words for c in contents)


def collect(contents: list[Content], start: int, header: Header, settings: TableSettings) -> list[Content]:
    """The content lines under a header up to the table's end (next header, footnotes, long gap)."""
    taken: list[Content] = []
    gap = 0
    n = settings.prose_lines
    for j in range(start, len(contents)):
        content = contents[j]
        if (FOOTNOTE_LINE.match(content.line.text) or header_at(contents, j)
                or _is_paragraph(contents[j: j + n], settings)
                or not content.atoms and _is_paragraph(contents[j + 1: j + 1 + n], settings)):
            break  # next table, footnotes, prose or the heading of prose
        if header.kind == "status":
            content = _status_row(content, contents[j + 1] if j + 1 < len(contents) else None)
            if content is None:
                break
        gap = 0 if content.atoms else gap + 1
        if gap > settings.max_gap_lines:
            break
        taken.append(content)
    return taken


def _status_row(content: Content, below: Content | None) -> Content | None:
    """A line of a status list: 'Plan Vedtatt 08.09.20', or the plan and its status on two lines."""
    text = content.line.text.strip()
    if STATUS_START.match(text):
        return Content(content.page_no, content.line, "", [Atom(text, is_text=True)])
    if STATUS_CELL.search(text):
        label, status = STATUS_CELL.split(text, maxsplit=1)
        return Content(content.page_no, content.line, label.strip(), [Atom(status.strip(), is_text=True)])
    if below is not None and STATUS_START.match(below.line.text):
        return Content(content.page_no, content.line, text, [])
    return None


def _spanning_note(row: Row, header: Header) -> bool:
    """'Indikator under utvikling' across a wide table: a note, not a row of values."""
    return header.n_values >= 3 and len(row.atoms) == 1 and row.atoms[0].is_text


def find_regions(contents: list[Content], settings: TableSettings) -> list[Region]:
    regions: list[Region] = []
    i = 0
    while i < len(contents):
        header = header_at(contents, i)
        if header is None:
            i += 1
            continue
        body = collect(contents, i + header.n_lines, header, settings)
        rows = [r for r in assemble_rows(body, header.n_values) if r.atoms and not _spanning_note(r, header)]
        if len(rows) < settings.min_rows:
            i += 1
            continue
        regions.append(Region(header, i, rows))
        last = max(c.line.number for r in rows for c in r.contents)
        while i < len(contents) and contents[i].line.number <= last:
            i += 1
    return regions


def _grid_row(row: Row, n_values: int) -> GridRow:
    """The row's atoms placed in the table's columns; surplus leading numbers belong to the label."""
    atoms, label, flags = row.atoms, row.label, []
    if len(atoms) > n_values:
        label = clean_label(" ".join([label, *(a.raw for a in atoms[: len(atoms) - n_values])]))
        atoms = atoms[len(atoms) - n_values:]
        flags.append(codes.TOO_MANY_VALUES.name)
    if len(atoms) < n_values:
        flags.append(codes.TOO_FEW_VALUES.name)
    if not label:
        flags.append(codes.UNLABELLED_ROW.name)
    value_line = row.value_line
    cells = tuple(GridCell(a.raw, value_line.line.number, value_line.page_no) for a in atoms)
    cells += (None,) * (n_values - len(cells))
    return GridRow(label, cells, tuple(c.line.number for c in row.contents), row.group, tuple(flags))


def to_grid(region: Region, contents: list[Content], source: SourceLines, settings: TableSettings) -> TableGrid:
    header_line = contents[region.header_at].line
    above = [line.text for line in source.above(header_line.number, settings.caption_lines)]
    found = caption(above, settings.caption_lines)
    start = source.above(header_line.number, found.used)[-1].number if found.used else header_line.number
    title = found.title or caption_sentence([line.text for line in source.above(start, CAPTION_SENTENCE_LINES)])
    if region.header.columns[0].lower().startswith("indikator"):
        title = section_heading([line.text for line in source.above(header_line.number, 6)]) or title
    used = [c.line.number for row in region.rows for c in row.contents]
    before = " ".join(line.text for line in source.before(start, SERVICE_AREA_LINES))
    header_kind = region.header.kind if region.header.kind in (TableKind.BUDGET, TableKind.KOSTRA,
                                                              TableKind.STATUS) else None
    return TableGrid(columns=tuple(region.header.columns),
                     rows=tuple(_grid_row(row, region.header.n_values) for row in region.rows), route="text",
                     page_no=contents[region.header_at].page_no, title=title, unit_note=found.unit_note,
                     section=service_area(before), line_start=min([start, *used]), line_end=max(used),
                     header_kind=header_kind)


def text_grids(doc: Document, settings: TableSettings) -> list[TableGrid]:
    """The tables of the document's text pages (pages without PDF words), as grids."""
    contents = content_lines(doc)
    source = SourceLines.of(doc)
    return [to_grid(region, contents, source, settings) for region in find_regions(contents, settings)]
