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
    CLUSTER = "cluster"  # the cluster engine (`--engine ray`) cannot be used, or could not finish a document
    STAGE = "stage"  # a stage raised on a document (or a page): its output is missing, the rest loads
    VALIDATION = "validation"  # a check a mart row or fact failed
    REPAIR = "repair"  # a cell value changed because the table's own arithmetic or convention proves it
    FLAG = "flag"  # an anomaly of a table or cell that nothing proves, left as read
    REJECTION = "rejection"  # a figure in prose not taken as a key figure
    DECISION = "decision"  # how a route read a line or a table, traced for `pipeline run --debug`


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
                        "{size_mb:.1f} MB of text is more than the limit of {limit_mb:.1f} MB "
                        "(setting ingest.max_text_megabytes)")
PDF_TOO_MANY_PAGES = _code("pdf_too_many_pages", F.INPUT,
                           "{pages} pages are more than the limit of {limit} (setting ingest.max_pdf_pages)")
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
DOCUMENT_NOT_LOADED = _code("document_not_loaded", F.WAREHOUSE,
                            "the warehouse refused the document's rows, so none of them were loaded ({error})")
SETTING_UNKNOWN = _code("setting_unknown", F.SETTINGS, "unknown setting {key}; known: {known}")
SETTING_INVALID = _code("setting_invalid", F.SETTINGS, "setting {key} = {value!r}: {reason}")

# --- the cluster engine ------------------------------------------------------------------------
CLUSTER_MISSING = _code("cluster_missing", F.CLUSTER, "--engine ray needs Ray: pip install '.[cluster]' ({detail})")
CLUSTER_UNREACHABLE = _code("cluster_unreachable", F.CLUSTER, "cannot start or reach a Ray cluster ({detail})")
CLUSTER_TASK_FAILED = _code("cluster_task_failed", F.CLUSTER,
                            "the cluster lost the work in each of {attempts} attempts ({error})")
CLUSTER_RESULTS_UNREAD = _code("cluster_results_unread", F.CLUSTER,
                               "a worker wrote the rows to {folder}, which the writer cannot read; give --results "
                               "a folder every machine shares")

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
LEADING_ZERO = _code("leading_zero", F.REPAIR,
                     "{raw!r} read as {value}: no number is printed with a leading zero, its decimal mark was lost",
                     INFO)
EQUAL_COLUMNS = _code("equal_columns", F.REPAIR,
                      "{raw!r} read as {value}: the two columns are equal in the table's other rows", INFO)

# --- flags: anomalies left as read ---------------------------------------------------------------
TOO_FEW_VALUES = _code("too_few_values", F.FLAG, "row {row}: {found} of {expected} values, placed from the left", WARN)
TOO_MANY_VALUES = _code("too_many_values", F.FLAG, "row {row}: more values than columns, leading ones kept in the label",
                        WARN)
UNLABELLED_ROW = _code("unlabelled_row", F.FLAG, "row {row}: values without a label, left out of the marts", WARN)
IDENTITY_MISMATCH = _code("identity_mismatch", F.FLAG, "{raw!r} disagrees with {identity} and no reading fits", WARN)
OUT_OF_SCALE = _code("out_of_scale", F.FLAG, "{raw!r} is out of the scale of its row and no reading fits", WARN)
TEXT_ONLY_ROW = _code("text_only_row", F.FLAG, "row {row}: a row without numbers kept as a row of text cells", INFO)
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

# --- decisions of the text route, traced for `--debug`: why a line got its role ------------------
LINE_FURNITURE = _code("line_furniture", F.DECISION, "a page footer or running header", INFO)
LINE_RESIDUE = _code("line_residue", F.DECISION, "OCR residue: no word, digits mixed with stray letters", INFO)
LINE_MARKERS = _code("line_markers", F.DECISION, "footnote markers standing alone ('*) **)')", INFO)
LINE_FOOTNOTE = _code("line_footnote", F.DECISION, "a footnote or source note ('*) ...', 'Kilde: ...')", INFO)
LINE_UNIT_NOTE = _code("line_unit_note", F.DECISION, "a unit note ('Beløp i 1000')", INFO)
LINE_YEAR_COLUMNS = _code("line_year_columns", F.DECISION, "a run of years naming columns", INFO)
LINE_COLUMN_WORDS = _code("line_column_words", F.DECISION, "column words of the genre (Regnskap, Budsjett, Avvik ...)",
                          INFO)
LINE_REGION_NAMES = _code("line_region_names", F.DECISION, "capitalised names with a benchmark (KOSTRA, ASSS ...)", INFO)
LINE_VALUES = _code("line_values", F.DECISION, "a label followed by values", INFO)
LINE_VALUES_ONLY = _code("line_values_only", F.DECISION, "values without a label", INFO)
LINE_SHORT_TEXT = _code("line_short_text", F.DECISION, "short text starting with a capital", INFO)
LINE_CONTINUES = _code("line_continues", F.DECISION, "short text starting in lower case, with a bracket or a digit",
                       INFO)
LINE_SENTENCE = _code("line_sentence", F.DECISION, "a short sentence (a goal or group statement)", INFO)
LINE_LONG_TEXT = _code("line_long_text", F.DECISION, "a long line of text", INFO)
LINE_CAPTION = _code("line_caption", F.DECISION, "a sentence introducing a table ('Tabellen under viser ...')", INFO)
LINE_PROSE_NUMBER = _code("line_prose_number", F.DECISION, "running text that ends in a number", INFO)
# ... and how lines became tables
HEADER_OVER_ROWS = _code("header_over_rows", F.DECISION,
                         "capitalised column names over rows with as many values", INFO)
COLUMNS_FROM_HEADER = _code("columns_from_header", F.DECISION, "{n} value columns, as the header names", INFO)
COLUMNS_FROM_ROWS = _code("columns_from_rows", F.DECISION, "{n} value columns, as most rows print", INFO)
COLUMN_MAJOR_BLOCK = _code("column_major_block", F.DECISION,
                           "{n} values printed column by column after the rows fill {columns} more columns", INFO)
HEADER_NUMBER = _code("header_number", F.DECISION, "a number below a column name of the header ('gruppe' / '12')",
                      INFO)
YEAR_AS_VALUE = _code("year_as_value", F.DECISION, "a lone year among values printed one a line, read as a value",
                      INFO)
DISPLACED_VALUES = _code("displaced_values", F.DECISION,
                         "values above every label of a table: the labels of a table above that printed none "
                         "take them, else they are left out", INFO)
END_PARAGRAPH = _code("end_paragraph", F.DECISION, "the table ends at a paragraph of running text", INFO)
END_FOOTNOTE = _code("end_footnote", F.DECISION, "the table ends at its footnotes", INFO)
END_HEADER = _code("end_header", F.DECISION, "the table ends where the next table's header starts", INFO)
END_CAPTION = _code("end_caption", F.DECISION, "the table ends at a sentence introducing the next table", INFO)
END_UNIT_NOTE = _code("end_unit_note", F.DECISION, "the table ends at the next table's unit note", INFO)
END_GAP = _code("end_gap", F.DECISION, "the table ends after too many lines without values", INFO)
END_TEXT = _code("end_text", F.DECISION, "the table ends with the text", INFO)
TOO_FEW_ROWS = _code("too_few_rows", F.DECISION, "a header over fewer rows than a table has", INFO)
