"""The batch: every input through every stage, in worker processes, into one warehouse writer.

`process_document` runs one document through the stages; each stage is a function from the
records before it to new records. A stage that raises leaves a coded issue and its fallback (no
tables, the raw text ...), and the stages after it go on, so a document is `loaded`, `partial`
(a stage or page failed; what the others found is loaded) or `failed` (unreadable input).
"""
from __future__ import annotations

import shutil
import gc
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from pipeline import codes
from pipeline.codes import Family, Severity
from pipeline.errors import InputError
from pipeline.ingest import SUFFIXES, document_id, read_document
from pipeline.models import Document, DocumentResult, Issue, Stage, Status
from pipeline.settings import DEFAULT, Settings
from pipeline.stages import STRICT, coded, error_detail, failure

if TYPE_CHECKING:
    from pipeline.ingest.pdf import OcrPages
    from pipeline.warehouse.store import Warehouse

T = TypeVar("T")
# inputs that are not documents at all: nothing is loaded for them
NOT_A_DOCUMENT = {codes.INPUT_MISSING.name, codes.INPUT_UNSUPPORTED.name, codes.INPUT_NO_REPORTS.name}


def process_document(path: str, settings: Settings = DEFAULT, ocr: OcrPages | None = None) -> DocumentResult:
    """Read one document and run it through the stages (`process_read`).

    Raises InputError only for a path that is no document (missing, unsupported type); an
    unreadable document comes back with status `failed` and its coded issue. `ocr` reads a PDF's
    scanned pages (default: in local processes).
    """
    start = time.perf_counter()
    try:
        document = read_document(path, settings.ingest, ocr)
    except InputError as error:
        if error.code.name in NOT_A_DOCUMENT or STRICT.get():
            raise
        return failed_document(path, coded(error.code, Stage.INGEST, **error.details), time.perf_counter() - start)
    except Exception as error:  # a reader's own fault: the document fails, the batch goes on
        return failed_document(path, failure(Stage.INGEST, error), time.perf_counter() - start)
    return process_read(document, settings, start)


def process_read(document: Document, settings: Settings = DEFAULT, start: float | None = None) -> DocumentResult:
    """Run a read document through normalize -> metadata -> tables, facts -> marts -> validate."""
    from pipeline.facts import FactsOutput, extract_facts
    from pipeline.ingest.metadata import detect_metadata
    from pipeline.normalize.document import restore_document
    from pipeline.tables import TablesOutput, extract_tables
    from pipeline.tables.marts import build_marts
    from pipeline.validate import unchecked, validate

    start = time.perf_counter() if start is None else start
    issues = [coded(codes.PAGE_FAILED, Stage.INGEST, page.number, error=page.error)
              for page in document.pages if page.error]

    def stage(name: Stage, run: Callable[..., T], *args: Any, fallback: T) -> T:
        try:
            return run(*args)
        except Exception as error:  # one stage failing must not lose what the others find
            issues.append(failure(name, error))
            return fallback

    doc = stage(Stage.NORMALIZE, restore_document, document, settings.normalize, fallback=document)
    doc = stage(Stage.METADATA, detect_metadata, doc, settings.metadata, fallback=doc)
    tables = stage(Stage.TABLES, extract_tables, doc, settings.tables, fallback=TablesOutput(()))
    facts = stage(Stage.FACTS, extract_facts, doc, settings.facts, fallback=FactsOutput((), ()))
    marts = stage(Stage.MARTS, build_marts, tables.tables, fallback={})
    checked = stage(Stage.VALIDATE, validate, marts, facts.facts, fallback=unchecked(marts, facts.facts))
    issues += [*tables.issues, *facts.issues, *checked.issues]
    failed_stage = any(codes.lookup(i.code).family == Family.STAGE for i in issues)
    return DocumentResult(
        document=doc, status=Status.PARTIAL if failed_stage else Status.LOADED, tables=tables.tables,
        facts=checked.facts, entities=facts.entities, issues=tuple(issues), marts=checked.marts,
        trace={"tables": tables.trace, "facts": facts.trace}, seconds=time.perf_counter() - start)


def failed_document(path: str, issue: Issue, seconds: float = 0.0, doc_id: str | None = None) -> DocumentResult:
    """The record of a document that could not be read: its identity (`doc_id` where it is known) and
    why, nothing else."""
    file = Path(path)
    document = Document(doc_id=doc_id or document_id(file), source_path=path,
                        source_format=SUFFIXES.get(file.suffix.lower(), "unknown"), n_pages=0, pages=())
    return DocumentResult(document=document, status=Status.FAILED, issues=(issue,), seconds=seconds)


def expand_inputs(paths: Iterable[str]) -> tuple[list[str], list[InputError]]:
    """Files to process, and an error for each path that names nothing to process."""
    files: list[str] = []
    errors: list[InputError] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            errors.append(InputError(codes.INPUT_MISSING, given))
        elif path.is_dir():
            found = sorted(str(p) for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not found:
                errors.append(InputError(codes.INPUT_NO_REPORTS, given, suffixes=", ".join(sorted(SUFFIXES))))
            files += found
        else:
            files.append(given)
    return list(dict.fromkeys(files)), errors


@dataclass
class BatchSummary:
    """What a run did, counted as it goes (owned by the writer, not passed between stages)."""

    statuses: dict[str, int] = field(default_factory=lambda: {s.value: 0 for s in Status})
    pages: int = 0
    tables: int = 0
    facts: int = 0
    errors: int = 0  # validation and stage issues of severity error
    warnings: int = 0
    seconds: float = 0.0
    not_read: list[str] = field(default_factory=list)  # one line per path that is no document
    skipped: int = 0  # documents already in the warehouse, not processed again (cluster runs)

    @property
    def documents(self) -> int:
        return sum(self.statuses.values())

    def add(self, result: DocumentResult) -> None:
        self.statuses[result.status] += 1
        self.pages += len(result.document.pages)
        self.tables += len(result.tables)
        self.facts += len(result.facts)
        self.errors += sum(i.severity == Severity.ERROR for i in result.issues)
        self.warnings += sum(i.severity == Severity.WARNING for i in result.issues)

    @property
    def complete(self) -> bool:
        """Every input read and every document fully loaded."""
        return not self.not_read and self.statuses[Status.LOADED] == self.documents


# What a source of results gives per input path: the result of a processed document, or the line
# saying why the path is no document, or neither for a document already loaded (skipped).
Outcome = tuple[str, DocumentResult | None, str | None]
OnDocument = Callable[[str, DocumentResult | None, str | None], None]


class Engine(Protocol):
    """Somewhere else to process documents than local worker processes (`pipeline.cluster`)."""

    def results(self, files: list[str], settings: Settings, strict: bool, skip: frozenset[str]) -> Iterator[Outcome]:
        """An outcome per file as each finishes; files whose doc_id is in `skip` are not processed."""
        ...


def run_batch(paths: Iterable[str], db: str, jobs: int = 1, settings: Settings = DEFAULT,
              on_document: OnDocument | None = None, debug_dir: Path | None = None,
              strict: bool = False, engine: Engine | None = None, force: bool = False) -> BatchSummary:
    """Process inputs in `jobs` worker processes, or on `engine`, and load each finished document in its
    own transaction. An engine skips documents already loaded unless `force` (local runs always
    process them again: a changed pipeline is rerun over the same files)."""
    start = time.perf_counter()
    _import_stages()
    from pipeline.facts.catalogue import load_catalogue
    from pipeline.normalize.lexicon import load_lexicon
    from pipeline.warehouse.export import export_tables
    from pipeline.warehouse.store import Warehouse

    files, errors = expand_inputs(paths)
    summary = BatchSummary(not_read=[str(e) for e in errors])
    if strict and errors:
        raise errors[0]
    warehouse = Warehouse(db)
    for error in errors:
        if on_document:
            on_document(error.subject or "", None, str(error))
    try:
        warehouse.replace_table("fact_keys", [{"key": f.key, "description": f.description, "units": list(f.units)}
                                              for f in load_catalogue().facts])
        load_lexicon()  # compiled once here if missing, not by every worker process at once
        if engine is None:
            results = _results(files, jobs, settings, strict)
        else:
            results = engine.results(files, settings, strict, frozenset() if force else warehouse.loaded_ids())
        for path, result, error in results:
            if result is not None:
                folder = result.rows_folder
                result = _load(warehouse, result, strict)
                if folder:  # the rows came as Parquet files, loaded or refused now
                    shutil.rmtree(folder)
                if result.status != Status.FAILED:
                    export_tables(result, Path(db).parent)  # beside the warehouse: extracted/<doc stem>/
                if debug_dir is not None:
                    from pipeline.debug import write_debug

                    write_debug(result, debug_dir)
                summary.add(result)
            elif error is not None:
                summary.not_read.append(error)
            else:
                summary.skipped += 1
            if on_document:
                on_document(path, result, error)
    finally:
        warehouse.close()
    summary.seconds = time.perf_counter() - start
    return summary


def _load(warehouse: Warehouse, result: DocumentResult, strict: bool) -> DocumentResult:
    """Load a document's rows. Rows the warehouse refuses (a constraint they break) fail that document
    alone: its record and the reason are loaded instead, and the batch goes on."""
    try:
        warehouse.load(result)
        return result
    except Exception as error:
        if strict:
            raise
        issue = coded(codes.DOCUMENT_NOT_LOADED, Stage.LOAD, error=error_detail(error))
        failed = DocumentResult(document=replace(result.document, pages=()), status=Status.FAILED,
                                issues=(issue,), seconds=result.seconds)
        warehouse.load(failed)
        return failed


def _import_stages() -> None:
    """Import the stages' libraries (spaCy, DuckDB, pdfium ...) with the garbage collector paused: an
    import makes many objects that live for the whole run, and collecting while they are made costs
    a tenth of the start-up of a one-page run for nothing."""
    paused = gc.isenabled()
    gc.disable()
    try:
        import pipeline.facts  # noqa: F401
        import pipeline.ingest.pdf  # noqa: F401
        import pipeline.tables  # noqa: F401
        import pipeline.validate  # noqa: F401
        import pipeline.warehouse.store  # noqa: F401
    finally:
        if paused:
            gc.enable()


def process_path(path: str, settings: Settings, strict: bool, ocr: OcrPages | None = None) -> Outcome:
    """process_document's outcome for one input path: a path that is no document gives its error line."""
    token = STRICT.set(strict)
    try:
        return path, process_document(path, settings, ocr), None
    except InputError as error:
        if strict:
            raise
        return path, None, str(error)
    finally:
        STRICT.reset(token)


def _results(files: list[str], jobs: int, settings: Settings, strict: bool):
    if jobs <= 1 or len(files) <= 1:
        for path in files:
            yield process_path(path, settings, strict)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(process_path, path, settings, strict) for path in files]
        for future in as_completed(futures):
            yield future.result()


__all__ = ["BatchSummary", "Engine", "process_document", "process_read", "run_batch"]
