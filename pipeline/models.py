"""Typed records passed between the pipeline's stages.

Data flows one way: ingest -> normalize -> segment -> tables / facts -> validate -> warehouse.
Every record that carries a number also carries where it came from (document, page, source
lines) and the raw text it was read from.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Line:
    """One source line: 1-based line number in the input, raw text, restored text."""

    number: int
    raw: str
    text: str = ""  # restored text; equals raw until the normalizer has run

    def __post_init__(self) -> None:
        if not self.text:
            self.text = self.raw


@dataclass
class Word:
    """A word on a PDF page (text layer or OCR), in points from the page's top-left corner."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    line_no: int | None = None  # the source line the word was placed on


@dataclass
class Grid:
    """A ruled table found by pdfplumber: raw cell strings per row and each cell's bbox."""

    rows: list[list[str | None]]  # None where a merged cell spans this position
    cell_bboxes: list[list[tuple[float, float, float, float] | None]]
    bbox: tuple[float, float, float, float]


@dataclass
class Page:
    """A page of the report; `number` is the report's own 1-based page number."""

    number: int
    lines: list[Line] = field(default_factory=list)
    needs_ocr: bool = False  # a PDF page with no text layer
    # PDF geometry for the tables stage (empty for text sources)
    words: list[Word] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)

    @property
    def raw_text(self) -> str:
        return "\n".join(line.raw for line in self.lines)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass
class Document:
    doc_id: str  # sha256 of the file's bytes
    source_path: str  # the path as the user gave it
    source_format: str  # txt | pdf | html | md
    n_pages: int
    pages: list[Page]
    municipality: str | None = None
    report_year: int | None = None
    kind: str | None = None  # annual_report | budget | article

    def lines(self):
        """All lines in source order with the page they sit on."""
        for page in self.pages:
            for line in page.lines:
                yield page, line


@dataclass
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
    repair_rule: str | None = None  # the rule that proved the repair
    flag: str | None = None  # an anomaly that could not be proven and was left as read
    line_no: int | None = None  # source line the value was read from
    row_group: str | None = None  # the group heading above the row (Prioritet, a sub-goal)
    bbox: tuple[float, float, float, float] | None = None  # PDF sources


@dataclass
class Table:
    title: str | None
    kind: str  # budget | kostra | indicator | population | workforce | status | generic
    columns: list[str]  # first entry is the row-label column
    cells: list[Cell]
    page_no: int | None
    line_start: int | None = None  # text sources: first and last source line of the table
    line_end: int | None = None
    unit_note: str | None = None  # table-level unit text such as "Beløp i 1000"
    bbox: tuple[float, float, float, float] | None = None  # PDF sources
    flags: list[str] = field(default_factory=list)
    table_id: str = ""  # assigned from doc_id and position when the document is assembled
    section: str | None = None  # the service area the table reports on (tjenesteområde), if named above it


@dataclass
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
    flags: list[str] = field(default_factory=list)  # warning-level validation rules the row failed


@dataclass
class Entity:
    label: str  # MUNICIPALITY | ORG | PERSON | PLAN
    text: str
    role: str | None
    page_no: int | None
    line_no: int | None
    evidence: str


@dataclass
class Issue:
    """A failed check. Validation never drops a row silently."""

    rule: str
    severity: str  # error | warning
    message: str
    table_name: str | None = None  # the warehouse table the row belongs to
    table_id: str | None = None
    row_idx: int | None = None
    col_idx: int | None = None
    raw: str | None = None
    field_name: str | None = None  # the record field (mart column) that failed, if the check names one


@dataclass
class DocumentResult:
    """Everything extracted from one document, ready for the warehouse's single writer."""

    document: Document
    tables: list[Table] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    # typed mart rows keyed by warehouse table name (budget_lines, kostra_values, ...)
    marts: dict[str, list] = field(default_factory=dict)
    seconds: float = 0.0


# --- typed marts: one row per business fact, built from recovered tables -----------------------


@dataclass
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
    flags: list[str] = field(default_factory=list)  # warning-level validation rules the row failed


@dataclass
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
    flags: list[str] = field(default_factory=list)  # warning-level validation rules the row failed


@dataclass
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
    flags: list[str] = field(default_factory=list)  # warning-level validation rules the row failed
