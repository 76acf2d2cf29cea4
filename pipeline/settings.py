"""The pipeline's tuning knobs: one frozen, validated dataclass per stage, gathered in `Settings`.

Every threshold a stage uses is a field here with its default, its range and a line of help, so a
user can see them all (`pipeline settings`) and change them from the command line
(`pipeline run --set tables.max_gap_lines=10`), a TOML file (`--settings my.toml`) or the API
(`Settings().with_overrides({...})`). A bad key or value raises a SettingsError naming the key.
"""
from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import codes
from pipeline.errors import SettingsError


DEFAULT_DB = "extracted/warehouse.duckdb"  # the warehouse every command uses unless given --db


def knob(default: Any, help: str, *, low: float | None = None, high: float | None = None) -> Any:
    """A setting: its default, what it does, and the closed range its value must lie in."""
    return field(default=default, metadata={"help": help, "low": low, "high": high})


class Section:
    """A stage's settings; values are checked for type and range when the section is made."""

    name = ""

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            key = f"{self.name}.{f.name}"
            kind = type(f.default)
            if kind is float and isinstance(value, int) and not isinstance(value, bool):
                object.__setattr__(self, f.name, value := float(value))
            if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
                raise SettingsError(codes.SETTING_INVALID, key=key, value=value, reason=f"expected {kind.__name__}")
            low, high = f.metadata["low"], f.metadata["high"]
            if low is not None and value < low or high is not None and value > high:
                bounds = f"from {low}" if high is None else f"up to {high}" if low is None else f"from {low} to {high}"
                raise SettingsError(codes.SETTING_INVALID, key=key, value=value, reason=f"must be {bounds}")


@dataclass(frozen=True)
class IngestSettings(Section):
    name = "ingest"
    max_text_megabytes: float = knob(10.0, "text inputs (.txt, .html, .md) larger than this are refused at once: "
                                           "a long report's OCR text is 1-2 MB, and a run needs about 100 MB of "
                                           "memory per MB of text", low=0.001)
    max_pdf_pages: int = knob(3000, "PDFs of more pages are refused at once (a long report has a few hundred; a "
                                    "run holds about 0.2 MB per page of words)", low=1)
    ocr_dpi: int = knob(300, "resolution scanned pages are rendered at for Tesseract", low=72, high=1200)
    ocr_language: str = knob("nor", "Tesseract language data for scanned pages")
    ocr_jobs: int = knob(1, "Tesseract processes per document (scanned pages read in parallel)", low=1)
    furniture_similarity: float = knob(88.0, "text sources: lines this similar (rapidfuzz ratio 0-100) are the same "
                                             "page furniture as OCR read it on two pages", low=0, high=100)
    page_min_lines: int = knob(8, "text sources: a bare page number (or one beside repeated text) is a footer "
                                  "only in a sequence whose pages are at least this many lines apart", low=1)
    running_header_share: float = knob(0.3, "text sources: a line that opens or closes at least this share of "
                                            "the pages (and three) is a running header", low=0, high=1)


@dataclass(frozen=True)
class NormalizeSettings(Section):
    """How readings of a word are weighed (the OCR channel's costs are data in normalize/channel.py)."""

    name = "normalize"
    keep_margin: float = knob(3.0, "how much more frequent (Zipf, log10) a reading must be than the printed word "
                                   "where the OCR kept the letter it restores", low=0)
    context_window: float = knob(2.5, "readings within this much (log10) of the best are weighed in their sentence",
                                 low=0)
    lost_letter_share: float = knob(0.001, "a letter among æ, ø and å printed in at most this share of a document's "
                                           "words was lost by its OCR (ordinary bokmål has å in ~4 % of its words)",
                                    low=0, high=1)
    language_share: float = knob(0.03, "a document of at least language_words words with a smaller share of common "
                                       "bokmål function words is in another language and stays as printed",
                                 low=0, high=1)
    language_words: int = knob(50, "see language_share", low=1)
    split_cost: float = knob(1.0, "cost of each split of a compound the lexicon lacks", low=0)
    change_cost: float = knob(0.5, "what a compound's part that changes pays beyond a whole word's change", low=0)
    max_part_cost: float = knob(2.0, "a compound's part that needs more channel cost than this is not tried",
                                low=0)
    digit_start_zipf: float = knob(4.0, "a word read from a leading digit (3r → år) is at least this common (Zipf)",
                                   low=0)
    name_capital: float = knob(2.0, "what a capital inside a sentence adds to a name's reading (More → Møre)", low=0)
    place_zipf: float = knob(2.0, "the frequency (Zipf) given to an unknown capitalised word read as a stem and a "
                                  "place-name ending (Sandgy → Sandøy)", low=0)
    wrapped_name_cost: float = knob(1.0, "the cost of reading a capitalised word as a name's beginning whose ending "
                                         "wrapped to the next line (Lorensk / og)", low=0)
    wrapped_name_rest: int = knob(3, "the most letters such a wrapped ending has", low=0)


@dataclass(frozen=True)
class MetadataSettings(Section):
    name = "metadata"
    article_max_words: int = knob(3000, "a text of at most this many words and pages is an article", low=0)
    article_max_pages: int = knob(3, "see article_max_words", low=0)
    fuzzy_cutoff: float = knob(85.0, "similarity (0-100) an OCR-damaged municipality name needs", low=0, high=100)
    fuzzy_min_chars: int = knob(6, "shorter names are matched exactly only", low=1)
    kommune_weight: float = knob(3.0, "a '<Name> kommune' mention counts this many times a name standing alone",
                                 low=0)
    cover_lines: int = knob(10, "the first lines with text are the cover, where the genre words name the "
                                "document", low=1)
    cover_weight: float = knob(5.0, "a genre word on the cover counts this many times one in the body", low=0)


@dataclass(frozen=True)
class TableSettings(Section):
    name = "tables"
    # the text route (OCR'd text)
    max_gap_lines: int = knob(8, "text route: lines without values after which a table has ended", low=1)
    min_rows: int = knob(2, "a table has at least this many rows of values", low=1)
    prose_lines: int = knob(3, "text route: this many long lines without values in a row are prose", low=1)
    prose_words: int = knob(11, "text route: a line of at least this many words without values may be prose", low=1)
    header_words: int = knob(14, "text route: a line naming columns has at most this many words", low=1)
    header_above_words: int = knob(8, "text route: a line of column names above a header line has at most this many "
                                      "words", low=1)
    header_lines: int = knob(16, "text route: lines of header and labels a table may print before its first values",
                             low=1)
    header_dissent: float = knob(0.25, "text route: the header's column count stands unless more than this share of "
                                       "the rows read under it lack a label or have values to spare", low=0, high=1)
    split_spread: float = knob(0.3, "text route: how much more unevenly scaled (mean |log10| deviation) a row printed "
                                    "one value a line may get when a line is split into more cells", low=0)
    # the layout route (PDF words and rulings); lengths in line heights of the page (its median line)
    cell_gap: float = knob(0.8, "layout route: words further apart than this many line heights are in different "
                                "cells", low=0.1)
    min_gutter: float = knob(0.5, "layout route: a strip left blank by every row, at least this many line heights "
                                  "wide, separates two columns", low=0.05)
    align_tolerance: float = knob(0.3, "layout route: cells whose left edges, right edges or middles lie this many "
                                       "line heights apart or closer line up in a column", low=0)
    row_gap: float = knob(2.0, "layout route: blank space taller than this many line heights ends a table", low=0.1)
    bridge_lines: int = knob(6, "layout route: lines of one cell (wrapped labels, group headings) that may stand "
                                "between two rows of a table", low=0)
    break_gap: float = knob(1.5, "layout route: a line of one cell this many times further from the table than "
                                 "its own lines are from each other is no part of it (a caption, prose)", low=1)
    loose_gap_ratio: float = knob(1.5, "layout route: where a table's gaps between label lines fall into two sizes "
                                       "this far apart, the larger ones separate rows (the smaller wrap a label)",
                                  low=1)
    false_grid_share: float = knob(0.25, "layout route: a ruled grid is false (read from its words) when this share "
                                         "of its filled cells holds several values each", low=0.01, high=1)
    caption_gap: float = knob(3.0, "layout route: a caption sits within this many line heights above its table",
                              low=0)
    caption_lines: int = knob(3, "lines above a table searched for its title and unit note", low=0)
    # proofs and repairs
    scale_factor: float = knob(3.0, "a value this many times off the row's scale is out of scale", low=1)
    relation_chance: float = knob(0.05, "a relation between columns or rows is believed when its agreeing rows "
                                        "would agree by chance with a probability below this (after a Bonferroni "
                                        "bound over the relations tried)", low=1e-9, high=1)
    caption_words: int = knob(12, "a caption above a table has at most this many words", low=1)
    caption_sentence_lines: int = knob(4, "text route: lines above a table searched for a sentence introducing it "
                                          "('Tabellen under viser ...')", low=0)
    service_area_lines: int = knob(40, "text route: lines above a table searched for the service area it reports "
                                       "on ('Tjenesteområde Velferd omfatter ...')", low=0)


@dataclass(frozen=True)
class FactSettings(Section):
    name = "facts"
    table_row_figures: int = knob(3, "a 'sentence' with this many figures and no full stop is a table row", low=1)
    subject_words: int = knob(3, "a subject before the verb is at most this many words", low=1)
    comparison_window: int = knob(4, "words before a year that can make it a point of comparison", low=0)
    heading_share: float = knob(0.6, "a line shorter than this share of the page's longest line, before a "
                                     "capitalised one, is a heading and ends a sentence", low=0, high=1)
    table_row_word_share: float = knob(0.5, "a line of table_row_figures figures or more whose share of word tokens "
                                            "is below this is a table row, not prose", low=0, high=1)
    min_prose_share: float = knob(0.3, "a block of text whose share of word tokens is below this is no prose "
                                       "(a table, numbers, OCR residue) and is not read for facts", low=0, high=1)


@dataclass(frozen=True)
class ClusterSettings(Section):
    name = "cluster"
    spill_pages: int = knob(300, "--engine ray: a document of more pages comes back from its worker as Parquet "
                                 "files under --results instead of in one message", low=0)


@dataclass(frozen=True)
class Settings:
    ingest: IngestSettings = IngestSettings()
    normalize: NormalizeSettings = NormalizeSettings()
    metadata: MetadataSettings = MetadataSettings()
    tables: TableSettings = TableSettings()
    facts: FactSettings = FactSettings()
    cluster: ClusterSettings = ClusterSettings()

    def sections(self) -> Iterator[Section]:
        return (getattr(self, f.name) for f in dataclasses.fields(self))

    def with_overrides(self, overrides: Mapping[str, Any]) -> Settings:
        """New settings with `section.key` values replaced; strings are read as the setting's type."""
        sections = {s.name: s for s in self.sections()}
        changes: dict[str, dict[str, Any]] = {}
        for key, value in overrides.items():
            section_name, _, name = key.partition(".")
            section = sections.get(section_name)
            known = {f.name: f for f in dataclasses.fields(section)} if section else {}
            if name not in known:
                raise SettingsError(codes.SETTING_UNKNOWN, key=key, known=", ".join(sorted(_keys(self))))
            changes.setdefault(section_name, {})[name] = _typed(key, type(known[name].default), value)
        return dataclasses.replace(self, **{n: dataclasses.replace(sections[n], **c) for n, c in changes.items()})

    def with_file(self, path: Path) -> Settings:
        """Settings from a TOML file of [section] tables (the keys `pipeline settings` lists)."""
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(codes.SETTING_INVALID, key=str(path), value="", reason=str(exc)) from exc
        flat = {f"{section}.{k}": v for section, table in data.items()
                for k, v in (table.items() if isinstance(table, dict) else [("", table)])}
        return self.with_overrides(flat)

    def describe(self) -> list[tuple[str, Any, str]]:
        """(key, value, help) of every setting."""
        return [(f"{s.name}.{f.name}", getattr(s, f.name), f.metadata["help"])
                for s in self.sections() for f in dataclasses.fields(s)]


def _keys(settings: Settings) -> list[str]:
    return [key for key, _, _ in settings.describe()]


def _typed(key: str, kind: type, value: Any) -> Any:
    if not isinstance(value, str) or kind is str:
        return value
    try:
        if kind is bool:
            return {"true": True, "false": False}[value.lower()]
        return kind(value)
    except (KeyError, ValueError):
        raise SettingsError(codes.SETTING_INVALID, key=key, value=value, reason=f"expected {kind.__name__}") from None


DEFAULT = Settings()
