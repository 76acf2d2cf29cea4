"""`pipeline run --debug DIR`: each document's intermediate decisions as JSON for a person to read.

One file per document (`<file stem>-<doc id>.json`): its metadata and status, its issues, every
table with the route that found it, the relations its rows satisfy and its repairs, and each
stage's trace (line roles and header matches of the text route, rejected figures with reasons).
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from pipeline.models import DocumentResult


def debug_record(result: DocumentResult) -> dict:
    doc = result.document
    return {
        "document": {"doc_id": doc.doc_id, "source_path": doc.source_path, "format": doc.source_format,
                     "municipality": doc.municipality, "report_year": doc.report_year, "kind": doc.kind,
                     "n_pages": doc.n_pages, "status": result.status, "seconds": round(result.seconds, 3)},
        "issues": [dataclasses.asdict(i) for i in result.issues],
        "repairs": [{"table_id": t.table_id, "row": c.row_idx, "col": c.col_idx, "raw": c.raw, "value": c.value_num,
                     "rule": c.repair_rule} for t in result.tables for c in t.cells if c.repaired],
        "flags": [{"table_id": t.table_id, "row": c.row_idx, "col": c.col_idx, "raw": c.raw, "flag": c.flag}
                  for t in result.tables for c in t.cells if c.flag],
        **result.trace,
    }


def write_debug(result: DocumentResult, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{Path(result.document.source_path).stem}-{result.document.doc_id[:12]}.json"
    path.write_text(json.dumps(debug_record(result), ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return path
