"""Naming a table from the text above it, for every route: caption, unit note, the sentence that
introduces it, the section heading of an indicator table and the service area it reports on.

Each function takes the lines above the table nearest first (a route decides which lines those
are: the text route stops at a page footer, the layout route at a wide vertical gap).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.tables.conventions import parse_cell
from pipeline.vocabulary import is_unit_note, is_year

# "Tjenesteområde Velferd omfatter ...": the genre names the service area before describing it
_SERVICE_VERBS = r"(?:omfatter|best[aå]r|har|er|leverer|yter|vil)"
SERVICE_AREA = re.compile(rf"Tjenesteomr[aå]de\s+(?P<name>[A-ZÆØÅ][\w\-]*(?:,?\s+(?!{_SERVICE_VERBS}\b)[\w\-]+)*?)"
                          rf"\s+{_SERVICE_VERBS}\b")
# the genre introduces a table in prose: "Tabellen under viser ...", "Tabell 3 viser ..."
TABLE_CAPTION = re.compile(r"Tabell(?:en|ene)?(?:\s+\d+)?\s+(?:under\s+|nedenfor\s+)?viser\s+(?P<what>[^.]+)")
_CAPS_HEADING = re.compile(r"^[^\W\d_a-zæøå][^a-zæøå]*$")


@dataclass(frozen=True)
class Caption:
    title: str | None
    unit_note: str | None
    used: int  # how many of the lines above belong to the table (caption and unit note)


def _names_a_table(text: str, max_words: int) -> bool:
    """A short line without values that does not end a sentence: a caption ('Arbeidsplasser i 2023')."""
    words = text.split()
    values = [w for w in words if parse_cell(w).number is not None and not is_year(w)]
    return 0 < len(words) <= max_words and not values and not text.endswith((".", ":", ","))


def caption(above: Sequence[str], max_lines: int, max_words: int) -> Caption:
    """The caption and unit note in the lines right above a table (nearest first)."""
    title = unit_note = None
    used = 0
    for k, text in enumerate(above[:max_lines]):
        text = text.strip()
        if is_unit_note(text) and unit_note is None:
            unit_note, used = text, k + 1
            continue
        if _names_a_table(text, max_words):
            title, used = text, k + 1
        break
    return Caption(title, unit_note, used)


def caption_sentence(above: Sequence[str]) -> str | None:
    """'Tabellen under viser status for arbeidet med planene.' -> 'Status for arbeidet med planene'."""
    text = " ".join(line.strip() for line in reversed(above))
    found = [m.group("what") for m in TABLE_CAPTION.finditer(text)]
    return found[-1][:1].upper() + found[-1][1:] if found else None


def section_heading(above: Sequence[str]) -> str | None:
    """'ØKONOMI' + 'Asker er en økonomisk robust ...' above an indicator table -> 'Økonomi: Asker er ...'."""
    for k, line in enumerate(above):
        text = line.strip()
        if _CAPS_HEADING.match(text) and len(text) > 2:
            goal = " ".join(x.strip() for x in reversed(above[:k])).rstrip(".")
            heading = text.capitalize()
            return f"{heading}: {goal}" if goal else heading
    return None


def service_area(text_before: str) -> str | None:
    """The tjenesteområde named nearest above the table."""
    names = [m.group("name") for m in SERVICE_AREA.finditer(text_before)]
    return names[-1] if names else None
