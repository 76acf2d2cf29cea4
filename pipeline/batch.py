"""The batch: every input through every stage, in worker processes, into one warehouse writer."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.errors import InputError, PipelineError
from pipeline.facts import extract_facts
from pipeline.facts.catalogue import load_catalogue
from pipeline.ingest import SUFFIXES, read_document
from pipeline.ingest.metadata import detect_metadata
from pipeline.models import DocumentResult
from pipeline.normalize import restore_lines
from pipeline.normalize.lexicon import load_lexicon
from pipeline.tables import build_marts, extract_tables
from pipeline.validate import validate
from pipeline.warehouse import Warehouse
from pipeline.warehouse.export import export_tables


def process_document(path: str, ocr_jobs: int = 1) -> DocumentResult:
    """Run one document through ingest -> normalize -> tables/facts -> validate. No I/O but reading."""
    start = time.perf_counter()
    doc = read_document(path, ocr_jobs)
    all_lines = [line for _, line in doc.lines()]
    for line, restored in zip(all_lines, restore_lines([line.raw for line in all_lines])):
        line.text = restored
    detect_metadata(doc)
    tables = extract_tables(doc)
    for seq, table in enumerate(tables, start=1):
        table.table_id = f"{doc.doc_id[:12]}-t{seq:04d}"
    facts, entities = extract_facts(doc)
    result = DocumentResult(document=doc, tables=tables, facts=facts, entities=entities, marts=build_marts(tables))
    validate(result)
    result.seconds = time.perf_counter() - start
    return result


def expand_inputs(paths: Iterable[str]) -> tuple[list[str], list[InputError]]:
    """Files to process, and an error for each path that names nothing to process."""
    files: list[str] = []
    errors: list[InputError] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            errors.append(InputError(given, "no such file or directory"))
        elif path.is_dir():
            found = sorted(str(p) for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not found:
                errors.append(InputError(given, f"directory holds no reports ({', '.join(sorted(SUFFIXES))})"))
            files += found
        else:
            files.append(given)
    return list(dict.fromkeys(files)), errors


@dataclass
class BatchSummary:
    documents: int = 0
    pages: int = 0
    tables: int = 0
    facts: int = 0
    issues: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)  # one line per failed input


def run_batch(paths: Iterable[str], db: str, jobs: int = 1,
              on_document: Callable[[str, DocumentResult | None, str | None], None] | None = None) -> BatchSummary:
    """Process inputs (in `jobs` worker processes) and load each finished document in its own transaction."""
    start = time.perf_counter()
    files, errors = expand_inputs(paths)
    summary = BatchSummary(failures=[str(e) for e in errors])
    warehouse = Warehouse(db)
    if on_document:
        for error in errors:
            on_document(error.path, None, str(error))
    try:
        warehouse.replace_table("fact_keys", pd.DataFrame(
            [{"key": f.key, "description": f.description, "units": list(f.units)} for f in load_catalogue().facts]))
        load_lexicon()  # compiled once here if missing, not by every worker process at once
        for path, result, error in _results(files, jobs):
            if result is not None:
                warehouse.load(result)
                export_tables(result, Path(db).parent)  # beside the warehouse: extracted/<doc stem>/
                summary.documents += 1
                summary.pages += len(result.document.pages)
                summary.tables += len(result.tables)
                summary.facts += len(result.facts)
                summary.issues += len(result.issues)
            else:
                summary.failures.append(error)
            if on_document:
                on_document(path, result, error)
    finally:
        warehouse.close()
    summary.seconds = time.perf_counter() - start
    return summary


def _safe_process(path: str, ocr_jobs: int = 1) -> tuple[str, DocumentResult | None, str | None]:
    try:
        return path, process_document(path, ocr_jobs), None
    except PipelineError as exc:
        return path, None, str(exc)
    except Exception as exc:  # one broken document must not stop the batch
        return path, None, f"{path}: failed in the pipeline ({type(exc).__name__}: {exc})"


def _results(files: list[str], jobs: int):
    if jobs <= 1 or len(files) <= 1:
        for path in files:  # one document at a time: its scanned pages are OCR'd in `jobs` processes
            yield _safe_process(path, jobs)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_safe_process, path) for path in files]
        for future in as_completed(futures):
            yield future.result()
