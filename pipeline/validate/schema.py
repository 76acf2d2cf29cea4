"""Row schemas (JSON Schema files in schemas/rows/) checked against mart and fact records."""
from __future__ import annotations

import json
from functools import cache

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from pipeline import codes
from pipeline.validate.findings import ERROR, Finding, row_finding
from pipeline.warehouse.migrations import SCHEMA_DIR

ROW_SCHEMA_DIR = SCHEMA_DIR / "rows"


def schema_tables() -> list[str]:
    """The warehouse tables that have a row schema."""
    return sorted(p.stem for p in ROW_SCHEMA_DIR.glob("*.json"))


@cache
def validator(table_name: str) -> Draft202012Validator:
    """The compiled validator of a table's row schema, built once per process (the schemas are checked
    against the JSON Schema metaschema by the tests, not on every run: that costs a tenth of a second)."""
    schema = json.loads((ROW_SCHEMA_DIR / f"{table_name}.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def annotations(schema: dict, error: ValidationError) -> tuple[codes.Code, str, str]:
    """Code, severity and message of a failed keyword: the innermost x-rule/x-severity/x-message on its
    path (x-rule names a code of the catalogue; without one the code is `schema`)."""
    rule, severity, message = codes.SCHEMA.name, ERROR, f"{error.validator}: {error.message}"
    node = schema
    for step in error.absolute_schema_path:
        node = node[step]
        if isinstance(node, dict):
            rule = node.get("x-rule", rule)
            severity = node.get("x-severity", severity)
            message = node.get("x-message", message)
    if error.validator == "type":  # a value of the wrong type cannot be trusted (nor stored) at any level
        severity = ERROR
    return codes.lookup(rule), severity, message


def check_rows(table_name: str, rows: list) -> list[Finding]:
    check = validator(table_name)
    findings = []
    for row in rows:
        for error in check.iter_errors(vars(row)):  # the record's own fields, not a deep copy
            code, severity, message = annotations(check.schema, error)
            field_name = str(error.absolute_path[0]) if error.absolute_path else None
            findings.append(row_finding(table_name, row, code, f"{field_name}: {message}" if field_name else message,
                                        field_name, unstorable=error.validator == "type", severity=severity))
    return findings
