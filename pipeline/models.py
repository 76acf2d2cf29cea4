"""Typed records passed between the pipeline's stages.

Data flows one way: ingest -> normalize -> metadata -> tables / facts -> marts -> validate ->
warehouse. Every record is frozen: a stage returns new records (`dataclasses.replace`) and never
edits another stage's, so running a stage twice, or stages in another order, cannot corrupt the
records a third stage holds. Sequences are tuples for the same reason.

Every record that carries a number also carries where it came from (document, page, source
lines) and the raw text it was read from.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in points from the page's top-left corner


def overlaps(a: Sequence[float], b: Sequence[float]) -> bool:
    """Two boxes (x0, top, x1, bottom, in any one unit) share some area."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _as_tuples(record: object, *names: str) -> None:
    """Store sequence fields as tuples, so a record built from lists is as immutable as any other."""
    for name in names:
        value = getattr(record, name)
        if not isinstance(value, tuple):
            object.__setattr__(record, name, tuple(value))


@dataclass(frozen=True)
class Line:
    """One source line: 1-based line number in the input, raw text, restored text."""

    number: int
    raw: str
    text: str = ""  # restored text; equals raw until the normalizer has run

    def __post_init__(self) -> None:
        if not self.text:
            object.__setattr__(self, "text", self.raw)


@dataclass(frozen=True)
class Word:
    """A word on a PDF page (text layer or OCR), in points from the page's top-left corner."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    line_no: int | None = None  # the source line the word was placed on

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass(frozen=True)
class Ruling:
    """A ruled line on a PDF page (a drawn line or a thin filled rectangle), in points."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def vertical(self) -> bool:
        return (self.bottom - self.top) > (self.x1 - self.x0)


@dataclass(frozen=True)
class Page:
    """A page of the report; `number` is the report's own 1-based page number."""

    number: int
    lines: tuple[Line, ...] = ()
    needs_ocr: bool = False  # a PDF page with no text layer
    # PDF geometry for the tables stage (empty for text sources)
    words: tuple[Word, ...] = ()
    rulings: tuple[Ruling, ...] = ()
    width: float | None = None
    height: float | None = None
    error: str | None = None  # why the page could not be read (its OCR failed); the batch makes it an issue
    # source line numbers of the page's furniture (its footer, a running header): never content
    furniture: tuple[int, ...] = ()
    rotation: int = 0  # degrees clockwise the page was turned to read its text upright (0, 90, 180, 270)

    def __post_init__(self) -> None:
        _as_tuples(self, "lines", "words", "rulings", "furniture")

    @property
    def raw_text(self) -> str:
        return "\n".join(line.raw for line in self.lines)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True)
class Document:
    doc_id: str  # sha256 of the file's bytes
    source_path: str  # the path as the user gave it
    source_format: str  # txt | pdf | html | md
    n_pages: int
    pages: tuple[Page, ...]
    municipality: str | None = None
    report_year: int | None = None
    kind: str | None = None  # annual_report | budget | article

    def __post_init__(self) -> None:
        _as_tuples(self, "pages")

    def lines(self) -> Iterator[tuple[Page, Line]]:
        """All lines in source order with the page they sit on."""
        for page in self.pages:
            for line in page.lines:
                yield page, line


@dataclass(frozen=True)
class Cell:
    """One value cell of a recovered table (the row label is not a cell)."""

    row_idx: int
    col_idx: int
    row_label: str
    col_label: str
    raw: str  # the text the value was read from, before any repair
    value_num: float | None = None
    value_text: str | None = None
    unit: str | None = None
    repaired: bool = False
    repair_rule: str | None = None  # the code of the rule that proved the repair
    flag: str | None = None  # the code of an anomaly that could not be proven, left as read
    line_no: int | None = None  # source line the value was read from
    row_group: str | None = None  # the group heading above the row (Prioritet, a sub-goal)
    bbox: BBox | None = None  # PDF sources
    page_no: int | None = None  # where a table runs over a page break, the page of this cell


class TableKind(StrEnum):
    BUDGET = "budget"
    KOSTRA = "kostra"
    INDICATOR = "indicator"
    POPULATION = "population"
    WORKFORCE = "workforce"
    STATUS = "status"
    GENERIC = "generic"


@dataclass(frozen=True)
class Table:
    title: str | None
    kind: str  # a TableKind
    columns: tuple[str, ...]  # first entry is the row-label column
    cells: tuple[Cell, ...]
    page_no: int | None
    line_start: int | None = None  # text sources: first and last source line of the table
    line_end: int | None = None
    unit_note: str | None = None  # table-level unit text such as "Beløp i 1000"
    bbox: BBox | None = None  # PDF sources
    flags: tuple[str, ...] = ()  # codes of the anomalies found in the table (details on its cells)
    table_id: str = ""  # assigned from doc_id and position when the document's tables are known
    section: str | None = None  # the service area the table reports on (tjenesteområde), if named above it
    route: str = ""  # text | layout | grid: how the table was recovered
    identities: tuple[str, ...] = ()  # the arithmetic the table's rows were found to satisfy

    def __post_init__(self) -> None:
        _as_tuples(self, "columns", "cells", "flags", "identities")


@dataclass(frozen=True)
class Fact:
    key: str  # from the fact catalogue
    value: float
    unit: str  # mill_kr | pct | count | tonn ...
    period: int | None
    page_no: int | None
    line_start: int | None
    line_end: int | None
    evidence: str  # the sentence, restored
    evidence_raw: str  # the sentence as read
    raw_value: str  # the number as printed, e.g. "296 mill. kroner"
    flags: tuple[str, ...] = ()  # warning-level validation rules the row failed


@dataclass(frozen=True)
class Entity:
    label: str  # MUNICIPALITY | ORG | PERSON | PLAN
    text: str
    role: str | None
    page_no: int | None
    line_no: int | None
    evidence: str


class Stage(StrEnum):
    INGEST = "ingest"
    NORMALIZE = "normalize"
    METADATA = "metadata"
    TABLES = "tables"
    FACTS = "facts"
    MARTS = "marts"
    VALIDATE = "validate"
    LOAD = "load"  # the warehouse writer, after every stage


@dataclass(frozen=True)
class Issue:
    """A coded finding about a document: a failed stage or page, or a failed check of a row.

    Validation never drops a row silently, and a stage that fails on a document leaves an issue,
    not a lost document.
    """

    code: str  # from pipeline.codes
    severity: str  # error | warning | info
    message: str
    stage: str  # a Stage
    page_no: int | None = None
    table_name: str | None = None  # the warehouse table the row belongs to
    table_id: str | None = None
    row_idx: int | None = None
    col_idx: int | None = None
    raw: str | None = None
    field_name: str | None = None  # the record field (mart column) that failed, if the check names one


class Status(StrEnum):
    LOADED = "loaded"  # every stage ran
    PARTIAL = "partial"  # a stage (or a page) failed; what the other stages found is loaded
    FAILED = "failed"  # the input could not be read; only the document and its issues are loaded


@dataclass(frozen=True)
class DocumentResult:
    """Everything extracted from one document, ready for the warehouse's single writer."""

    document: Document
    status: str = Status.LOADED
    tables: tuple[Table, ...] = ()
    facts: tuple[Fact, ...] = ()
    entities: tuple[Entity, ...] = ()
    issues: tuple[Issue, ...] = ()
    # typed mart rows keyed by warehouse table name (budget_lines, kostra_values, ...), quarantine included
    marts: Mapping[str, tuple] = field(default_factory=dict)
    # each stage's decisions (line roles, header matches, rejected figures ...) for `--debug`
    trace: Mapping[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    # a folder of Parquet files, one per warehouse table, holding this document's rows: set when the
    # result was too large to send whole from a cluster worker (its pages then keep no lines or words)
    rows_folder: str | None = None


# --- typed marts: one row per business fact, built from recovered tables -----------------------


@dataclass(frozen=True)
class BudgetLine:
    """One row of a budget table (programområde or tjenesteområde), amounts in kroner."""

    table_id: str
    row_idx: int
    tjenesteomrade: str | None  # the service area the table belongs to (heading above it)
    programomrade_code: str | None  # "32" in "32-NAV"
    programomrade_name: str  # "NAV"; for Sum rows the label as printed
    is_sum: bool
    year: int | None
    regnskap: float | None
    opprinnelig_budsjett: float | None
    revidert_budsjett: float | None
    avvik_kr: float | None
    avvik_pct: float | None
    unit_multiplier: float  # the table's "Beløp i 1000" applied to the amounts above
    page_no: int | None
    line_no: int | None
    raw: str  # the source row as read
    flags: tuple[str, ...] = ()  # warning-level validation rules the row failed


@dataclass(frozen=True)
class KostraValue:
    """One value of a KOSTRA comparison table: an indicator for one region (and year)."""

    table_id: str
    row_idx: int
    col_idx: int
    indicator: str
    indicator_group: str | None  # Prioritet | Produktivitet | Dekningsgrad | Kvalitet ...
    region: str  # column: "Asker 2023", "ASSS uten Oslo", "KOSTRA-gruppe 12" -> region name
    year: int | None
    value: float | None
    value_text: str | None
    unit: str | None
    page_no: int | None
    line_no: int | None
    raw: str
    flags: tuple[str, ...] = ()  # warning-level validation rules the row failed


@dataclass(frozen=True)
class IndicatorValue:
    """One value of a goal-indicator table (Indikator 2020 2021 2022 2023)."""

    table_id: str
    row_idx: int
    col_idx: int
    satsingsomrade: str | None
    goal: str | None
    indicator: str
    year: int | None
    value: float | None
    status_text: str | None  # "Ikke målt", "Tall kommer"
    unit: str | None
    page_no: int | None
    line_no: int | None
    raw: str
    flags: tuple[str, ...] = ()  # warning-level validation rules the row failed
