"""Naming a table from the text around it: caption, unit line, section heading, service area."""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.models import Document, Line
from pipeline.tables.headers import YEAR
from pipeline.tables.rows import read_content

PAGE_FOOTER = re.compile(r"^\s*Side\s+\d+\s+av\s+\d+\s*$", re.IGNORECASE)
UNIT_NOTE = re.compile(r"^\s*Bel\S{1,2}p\s+i\s+(?:1\s?000|tusen|hele\s+tusen|mill\S*|millioner)\b.*$", re.IGNORECASE)
# "Tjenesteområde Velferd omfatter ...": the genre names the service area before describing it
SERVICE_AREA = re.compile(r"Tjenesteomr[aå]de\s+(?P<name>[A-ZÆØÅ][\w\-]*(?:,?\s+(?!(?:omfatter|best[aå]r|har|er|"
                          r"leverer|yter|vil)\b)[\w\-]+)*?)\s+(?:omfatter|best[aå]r|har|er|leverer|yter|vil)\b")
SERVICE_AREA_LINES = 40  # how far above a table its service area may be named
# the genre introduces a table in prose: "Tabellen under viser ..."
TABLE_CAPTION = re.compile(r"Tabellen(?:e)?\s+(?:under\s+|nedenfor\s+)?viser\s+(?P<what>[^.]+)")
CAPTION_LINES = 4
_CAPS_HEADING = re.compile(r"^[^\W\d_a-zæøå][^a-zæøå]*$")


@dataclass
class SourceLines:
    """The document's lines in source order, to look above a table."""

    lines: list[Line]
    index: dict[int, int]  # source line number -> position

    @classmethod
    def of(cls, doc: Document) -> SourceLines:
        lines = [line for _, line in doc.lines()]
        return cls(lines, {line.number: k for k, line in enumerate(lines)})

    def before(self, line_no: int, count: int) -> list[Line]:
        """The `count` source lines above a line, blank ones included, in source order."""
        at = self.index[line_no]
        return self.lines[max(0, at - count): at]

    def above(self, line_no: int, limit: int) -> list[Line]:
        """Non-blank lines above a source line, nearest first, not crossing a page footer."""
        found: list[Line] = []
        for line in reversed(self.lines[: self.index[line_no]]):
            if PAGE_FOOTER.match(line.text) or len(found) >= limit:
                break
            if line.text.strip():
                found.append(line)
        return found


def caption(header_line: Line, source: SourceLines) -> tuple[str | None, str | None, int]:
    """(title, unit note, first line): the short caption right above the header, past a unit line."""
    title, unit_note, start = None, None, header_line.number
    for line in source.above(header_line.number, 3):
        text = line.text.strip()
        if UNIT_NOTE.match(text) and unit_note is None:
            unit_note, start = text, line.number
            continue
        atoms = read_content(0, line).atoms
        no_values = not atoms or len(atoms) == 1 and YEAR.match(atoms[0].raw)  # "Arbeidsplasser i 2023"
        if len(text.split()) <= 12 and no_values and not text.endswith((".", ":")):
            title, start = text, line.number
        break
    return title, unit_note, start


def caption_sentence(start: int, source: SourceLines) -> str | None:
    """'Tabellen under viser status for arbeidet med planene.' -> 'Status for arbeidet med planene'."""
    text = " ".join(line.text.strip() for line in reversed(source.above(start, CAPTION_LINES)))
    found = [m.group("what") for m in TABLE_CAPTION.finditer(text)]
    return found[-1][:1].upper() + found[-1][1:] if found else None


def section_heading(header_line: Line, source: SourceLines) -> str | None:
    """'ØKONOMI' + 'Asker er en økonomisk robust ...' above an indicator table -> 'Økonomi: Asker er ...'."""
    above = source.above(header_line.number, 6)
    for k, line in enumerate(above):
        if _CAPS_HEADING.match(line.text.strip()) and len(line.text.strip()) > 2:
            goal = " ".join(x.text.strip() for x in reversed(above[:k])).rstrip(".")
            heading = line.text.strip().capitalize()
            return f"{heading}: {goal}" if goal else heading
    return None


def service_area(start: int, source: SourceLines) -> str | None:
    """The tjenesteområde named nearest above the table, within a few paragraphs."""
    text = " ".join(line.text for line in source.before(start, SERVICE_AREA_LINES))
    names = [m.group("name") for m in SERVICE_AREA.finditer(text)]
    return names[-1] if names else None
