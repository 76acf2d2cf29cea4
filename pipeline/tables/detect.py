"""Table detection in page text: find headers, collect the rows under them, classify and build tables."""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.models import Cell, Document, Table
from pipeline.tables.headers import STATUS_HEADER, Header, budget_header, region_header, word_header, year_header
from pipeline.tables.numbers import Atom, group_thousands
from pipeline.tables.rows import (FOOTNOTE_LINE, Content, Row, assemble_rows, clean_label, read_content,
                                   rejoin_wrapped_status)
from pipeline.tables.titles import PAGE_FOOTER, SourceLines, caption, caption_sentence, section_heading, service_area

# status words that open the status cell of a plan/status list: "Vedtatt 08.09.20", "Vedtas 2. kvartal 2024"
_STATUS_WORDS = (r"(?:Vedtatt|Vedtas|Vedtak|Igangsatt|P[aå]g[aå]r|Ferdig|Fullf\S*rt|Gjennomf\S*rt|Utsatt|Planlagt|"
                 r"Avsluttet|Under\s+arbeid|Under\s+revisjon|Ikke\s+startet|Oppstart)\b")
STATUS_CELL = re.compile(rf"\s(?={_STATUS_WORDS})")
STATUS_START = re.compile(rf"^\s*{_STATUS_WORDS}")
MAX_GAP = 8  # content lines without values after which a table has ended
MIN_ROWS = 2
PARAGRAPH_LINES, PARAGRAPH_WORDS = 3, 11  # three long lines without values are prose
_KIND_WORDS = [
    ("workforce", re.compile(r"\b[AaÅå]rsverk\b|\bansatte\b", re.IGNORECASE)),
    ("population", re.compile(r"befolkning|folketall|folkevekst|bolig|arbeidsplass|syssels|innbygger|flytting|"
                              r"^kommune$", re.IGNORECASE)),
]


@dataclass
class Region:
    header: Header
    header_at: int  # index into the content lines
    rows: list[Row]


def content_lines(doc: Document) -> list[Content]:
    """Every non-blank line except page footers, read as a row; pages with PDF words are left to
    the layout route."""
    return rejoin_wrapped_status([read_content(page.number, line) for page, line in doc.lines()
                                  if not page.words and line.text.strip() and not PAGE_FOOTER.match(line.text)])


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


def _is_paragraph(contents: list[Content]) -> bool:
    """Prose after a table: consecutive long lines without values."""
    return len(contents) == PARAGRAPH_LINES and all(
        not c.atoms and len(c.line.text.split()) >= PARAGRAPH_WORDS for c in contents)


def collect(contents: list[Content], start: int, header: Header) -> list[Content]:
    """The content lines under a header up to the table's end (next header, footnotes, long gap)."""
    taken: list[Content] = []
    gap = 0
    for j in range(start, len(contents)):
        content = contents[j]
        if (FOOTNOTE_LINE.match(content.line.text) or header_at(contents, j)
                or _is_paragraph(contents[j: j + PARAGRAPH_LINES])
                or not content.atoms and _is_paragraph(contents[j + 1: j + 1 + PARAGRAPH_LINES])):
            break  # next table, footnotes, prose or the heading of prose
        if header.kind == "status":
            content = _status_row(content, contents[j + 1] if j + 1 < len(contents) else None)
            if content is None:
                break
        gap = 0 if content.atoms else gap + 1
        if gap > MAX_GAP:
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


def find_regions(contents: list[Content]) -> list[Region]:
    regions: list[Region] = []
    i = 0
    while i < len(contents):
        header = header_at(contents, i)
        if header is None:
            i += 1
            continue
        body = collect(contents, i + header.n_lines, header)
        rows = [r for r in assemble_rows(body, header.n_values) if r.atoms and not _spanning_note(r, header)]
        if len(rows) < MIN_ROWS:
            i += 1
            continue
        regions.append(Region(header, i, rows))
        last = max(c.line.number for r in rows for c in r.contents)
        while i < len(contents) and contents[i].line.number <= last:
            i += 1
    return regions


def table_kind(header: Header, title: str | None, rows: list[Row]) -> str:
    if header.kind in ("budget", "kostra", "status"):
        return header.kind
    if title and "kostra" in title.lower():
        return "kostra"
    if header.columns[0].lower().startswith("indikator"):
        return "indicator"
    texts = [title or "", header.columns[0], *(r.label for r in rows)]
    for kind, pattern in _KIND_WORDS:
        if any(pattern.search(t) for t in texts):
            return kind
    return "generic"


def build_table(region: Region, contents: list[Content], source: SourceLines) -> Table:
    header_line = contents[region.header_at].line
    title, unit_note, start = caption(header_line, source)
    title = title or caption_sentence(start, source)
    kind = table_kind(region.header, title, region.rows)
    if kind == "indicator":
        title = section_heading(header_line, source) or title
    columns = region.header.columns
    n_values = region.header.n_values
    cells: list[Cell] = []
    flags: list[str] = []
    for r, row in enumerate(region.rows):
        atoms = row.atoms
        if len(atoms) > n_values:  # leading numbers beyond the columns belong to the label
            row.label = clean_label(" ".join([row.label, *(a.raw for a in atoms[: len(atoms) - n_values])]))
            atoms = atoms[len(atoms) - n_values:]
            flags.append(f"row {r}: more values than columns, leading ones kept in the label")
        if len(atoms) < n_values:
            flags.append(f"row {r}: {len(atoms)} of {n_values} values, placed from the left")
        if not row.label:
            flags.append(f"row {r}: values without a label, left out of the marts")
        for c, atom in enumerate(atoms):
            parsed = atom.parsed
            cells.append(Cell(
                row_idx=r, col_idx=c, row_label=row.label, col_label=columns[c + 1], raw=atom.raw,
                value_num=parsed.number, value_text=parsed.text if parsed.number is None else None,
                unit=parsed.unit, line_no=row.value_line.line.number, row_group=row.group,
                flag="too_few_values" if len(atoms) < n_values else None))
    used = [c.line.number for row in region.rows for c in row.contents]
    return Table(title=title, kind=kind, columns=columns, cells=cells,
                 page_no=contents[region.header_at].page_no, line_start=min([start, *used]),
                 line_end=max(used), unit_note=unit_note, flags=flags, section=service_area(start, source))


def find_tables(doc: Document) -> list[Table]:
    contents = content_lines(doc)
    source = SourceLines.of(doc)
    return [build_table(region, contents, source) for region in find_regions(contents)]
