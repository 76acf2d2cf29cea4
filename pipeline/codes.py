"""The catalogue of codes: every failure, rule, repair, flag and rejection the pipeline reports.

A code is what programs and tests compare (`issue.code == "pdf_encrypted"`); its message template is
what a person reads, filled with the details of one case. Codes are stable names: rename one only
with a migration of the rows that carry it. The README lists them all (a test keeps it complete).
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Family(StrEnum):
    INPUT = "input"  # an input that cannot be read as a report: the document fails
    WAREHOUSE = "warehouse"  # the warehouse cannot be opened or written
    SETTINGS = "settings"  # a setting with an unknown key or a bad value
    STAGE = "stage"  # a stage raised on a document (or a page): its output is missing, the rest loads
    VALIDATION = "validation"  # a check a mart row or fact failed
    REPAIR = "repair"  # a cell value changed because the table's own arithmetic or convention proves it
    FLAG = "flag"  # an anomaly of a table or cell that nothing proves, left as read
    REJECTION = "rejection"  # a figure in prose not taken as a key figure


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Code:
    name: str
    family: Family
    severity: Severity
    template: str  # str.format template over the case's details

    def message(self, **details: object) -> str:
        return self.template.format(**details)

    def __str__(self) -> str:
        return self.name


CATALOGUE: dict[str, Code] = {}


def _code(name: str, family: Family, template: str, severity: Severity = Severity.ERROR) -> Code:
    if name in CATALOGUE:
        raise ValueError(f"code {name} defined twice")
    CATALOGUE[name] = code = Code(name, family, severity, template)
    return code


def lookup(name: str) -> Code:
    """The code of a name; unknown names are a programming error."""
    return CATALOGUE[name]


F = Family
WARN, INFO = Severity.WARNING, Severity.INFO

# --- inputs -----------------------------------------------------------------------------------
INPUT_MISSING = _code("input_missing", F.INPUT, "no such file or directory")
INPUT_NO_REPORTS = _code("input_no_reports", F.INPUT, "directory holds no reports ({suffixes})")
INPUT_UNSUPPORTED = _code("input_unsupported", F.INPUT, "unsupported file type {suffix}; expected one of {suffixes}")
INPUT_EMPTY = _code("input_empty", F.INPUT, "empty file")
INPUT_TOO_LARGE = _code("input_too_large", F.INPUT,
                        "{size_mb:.1f} MB is more than the limit of {limit_mb:.1f} MB (setting ingest.max_megabytes)")
INPUT_BINARY = _code("input_binary", F.INPUT, "binary data, not text ({why})")
INPUT_BAD_BOM = _code("input_bad_bom", F.INPUT, "starts with a {encoding} byte-order mark but does not decode ({reason})")
INPUT_NO_TEXT = _code("input_no_text", F.INPUT, "no text in file")
PDF_ENCRYPTED = _code("pdf_encrypted", F.INPUT, "encrypted PDF (password protected)")
PDF_CORRUPT = _code("pdf_corrupt", F.INPUT, "corrupt or truncated PDF ({detail})")
PDF_NO_PAGES = _code("pdf_no_pages", F.INPUT, "PDF has no pages")
OCR_MISSING = _code("ocr_missing", F.INPUT, "scanned pages need Tesseract OCR; install tesseract-ocr and tesseract-ocr-nor")
OCR_LANGUAGE_MISSING = _code("ocr_language_missing", F.INPUT,
                             "scanned pages need Tesseract's {language} data; install tesseract-ocr-{language}")

# --- warehouse and settings --------------------------------------------------------------------
WAREHOUSE_MISSING = _code("warehouse_missing", F.WAREHOUSE, "no warehouse here; load reports first with `pipeline run`")
WAREHOUSE_BUSY = _code("warehouse_busy", F.WAREHOUSE,
                       "warehouse is busy (another pipeline run is writing to it); try again when it ends")
WAREHOUSE_UNREADABLE = _code("warehouse_unreadable", F.WAREHOUSE, "cannot open warehouse ({detail})")
SETTING_UNKNOWN = _code("setting_unknown", F.SETTINGS, "unknown setting {key}; known: {known}")
SETTING_INVALID = _code("setting_invalid", F.SETTINGS, "setting {key} = {value!r}: {reason}")

# --- stages ------------------------------------------------------------------------------------
STAGE_FAILED = _code("stage_failed", F.STAGE, "{stage} failed: {error}")
PAGE_FAILED = _code("page_failed", F.STAGE, "{stage} failed on page {page}: {error}")

# --- validation (schemas/rows/*.json name these in x-rule) -------------------------------------
SCHEMA = _code("schema", F.VALIDATION, "{field}: {detail}")
PROVENANCE = _code("provenance", F.VALIDATION, "{field}: the row does not say where it was read ({detail})")
YEAR_RANGE = _code("year_range", F.VALIDATION, "{field}: not a year between 1900 and 2100 ({detail})")
SHARE_RANGE = _code("share_range", F.VALIDATION, "{field}: a percent share outside -100 to 1000 ({detail})")
PERCENT_RANGE = _code("percent_range", F.VALIDATION, "{field}: a percentage outside its range ({detail})", WARN)
COUNT_RANGE = _code("count_range", F.VALIDATION, "{field}: a count below zero ({detail})")
ROW_LABEL = _code("row_label", F.VALIDATION, "{field}: the row has no label ({detail})")
COLUMN_LABEL = _code("column_label", F.VALIDATION, "{field}: the column has no label ({detail})")
EMPTY_CELL = _code("empty_cell", F.VALIDATION, "{field}: the cell has neither a number nor a text", WARN)
NO_AMOUNT = _code("no_amount", F.VALIDATION, "{field}: the row has no amount", WARN)
PROGRAMOMRADE_CODE = _code("programomrade_code", F.VALIDATION, "{field}: not a programområde code ({detail})", WARN)
UNIT_MULTIPLIER = _code("unit_multiplier", F.VALIDATION, "{field}: not a unit multiplier ({detail})")
FACT_KEY = _code("fact_key", F.VALIDATION, "{field}: not a key of the fact catalogue ({detail})")
FACT_UNIT = _code("fact_unit", F.VALIDATION, "{field}: not a unit of the fact catalogue ({detail})")
AVVIK_ARITHMETIC = _code("avvik_arithmetic", F.VALIDATION,
                         "Avvik {avvik} but {identity} gives {expected} (tolerance ±{tolerance})")
AVVIK_PCT_ARITHMETIC = _code("avvik_pct_arithmetic", F.VALIDATION,
                             "Avvik % {printed} but {identity} gives {expected} (tolerance ±{tolerance})")
AVVIK_SIGN_CONVENTION = _code("avvik_sign_convention", F.VALIDATION,
                              "the table prints Avvik as {identity}", INFO)
SUM_ARITHMETIC = _code("sum_arithmetic", F.VALIDATION, "{field} {total} but the {n} rows above add up to {sum}")
KOSTRA_REGIONS = _code("kostra_regions", F.VALIDATION,
                       "'{indicator}' has values for {present} of the table's {regions} regions; missing: {missing}",
                       WARN)
INDICATOR_YEAR_ORDER = _code("indicator_year_order", F.VALIDATION, "year {year} in column {column} does not follow {latest}")
DUPLICATE_ROW = _code("duplicate_row", F.VALIDATION, "a second record at table position {position}")
CONFLICTING_DUPLICATE = _code("conflicting_duplicate", F.VALIDATION, "{key} is stated with {n} different values: {values}",
                              WARN)

# --- repairs: a cell's value changed, its raw text kept -----------------------------------------
DIGIT_GROUPS_JOINED = _code("digit_groups_joined", F.REPAIR, "digit groups {raw!r} read as one number {value}", INFO)
LETTER_READ_AS_DIGIT = _code("letter_read_as_digit", F.REPAIR,
                             "{raw!r} read as {value}: a letter OCR prints for a digit, in a column of numbers", INFO)
DIFFERENCE_IDENTITY = _code("difference_identity", F.REPAIR,
                            "{raw!r} read as {value}: the table's rows satisfy {identity}", INFO)
RATIO_IDENTITY = _code("ratio_identity", F.REPAIR, "{raw!r} read as {value}: the table's rows satisfy {identity}", INFO)
SUM_IDENTITY = _code("sum_identity", F.REPAIR, "{raw!r} read as {value}: the rows above add up to it", INFO)
COLUMN_DECIMALS = _code("column_decimals", F.REPAIR,
                        "{raw!r} read as {value}: the column prints {decimals} decimals and the row's scale agrees", INFO)
ROW_SCALE = _code("row_scale", F.REPAIR, "{raw!r} read as {value}: the only reading in the scale of the row", INFO)
LABEL_SCALE = _code("label_scale", F.REPAIR, "{raw!r} read as {value}: the label names the scale {low}-{high}", INFO)
PERCENT_READ_AS_9 = _code("percent_read_as_9", F.REPAIR, "{raw!r} read as {value} %: a '%' printed as '9'", INFO)
EQUAL_COLUMNS = _code("equal_columns", F.REPAIR,
                      "{raw!r} read as {value}: the two columns are equal in the table's other rows", INFO)

# --- flags: anomalies left as read ---------------------------------------------------------------
TOO_FEW_VALUES = _code("too_few_values", F.FLAG, "row {row}: {found} of {expected} values, placed from the left", WARN)
TOO_MANY_VALUES = _code("too_many_values", F.FLAG, "row {row}: more values than columns, leading ones kept in the label",
                        WARN)
UNLABELLED_ROW = _code("unlabelled_row", F.FLAG, "row {row}: values without a label, left out of the marts", WARN)
TEXT_ONLY_ROW = _code("text_only_row", F.FLAG, "row {row}: a row without numbers kept as a row of text cells", INFO)
IDENTITY_MISMATCH = _code("identity_mismatch", F.FLAG, "{raw!r} disagrees with {identity} and no reading fits", WARN)
OUT_OF_SCALE = _code("out_of_scale", F.FLAG, "{raw!r} is out of the scale of its row and no reading fits", WARN)
FALSE_GRID = _code("false_grid", F.FLAG, "a ruled grid whose cells hold several values each was read from its words",
                   INFO)
ROTATED_PAGE = _code("rotated_page", F.FLAG, "page read upright after turning it {degrees} degrees", INFO)

# --- rejections: figures in prose that are not key figures -------------------------------------
NOT_A_LEVEL = _code("not_a_level", F.REJECTION, "a change, comparison, target or variant, not a level", INFO)
OTHER_SUBJECT = _code("other_subject", F.REJECTION, "about another subject than the municipality", INFO)
PART_OF_MUNICIPALITY = _code("part_of_municipality", F.REJECTION, "about a part of the municipality", INFO)
CHANGE_BETWEEN_YEARS = _code("change_between_years", F.REJECTION, "a change between years, not a level", INFO)
TABLE_ROW_IN_PROSE = _code("table_row_in_prose", F.REJECTION, "a table row the page layout left in the prose", INFO)
LATER_YEAR = _code("later_year", F.REJECTION, "a forecast: its year is after the report year", INFO)
OUTVOTED = _code("outvoted", F.REJECTION, "the same key figure is stated more often with another value", INFO)
