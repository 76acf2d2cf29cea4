"""`pipeline run --engine ray`: documents as tasks on a Ray cluster, results streamed to the one writer.

Each input is a task that runs `process_document` on a worker, which reads the file itself; a
scanned PDF's pages are OCR'd as tasks of their own, so that one long scan spreads over the cluster.
Results come back with `ray.wait` as they finish to the process running the batch, the warehouse's
only writer, which loads each document in its own transaction (`run_batch`). Ray runs a task again
when its worker dies (`max_retries`); a document whose work is lost in both attempts is recorded as
failed with the reason. A result of more than `cluster.spill_pages` pages is written by its worker
as Parquet files under the results folder, which the writer loads and removes.

Only `--engine ray` imports this module, and Ray is imported when a cluster is started: it is an
optional extra (`pip install '.[cluster]'`).
"""
from __future__ import annotations

import functools
import logging
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from pipeline import codes
from pipeline.batch import Outcome, failed_document, process_path
from pipeline.errors import ClusterError, InputError
from pipeline.ingest import document_id
from pipeline.models import DocumentResult, Stage, Word
from pipeline.settings import IngestSettings, Settings
from pipeline.stages import coded, error_detail
from pipeline.warehouse.store import write_parquet

ATTEMPTS = 2  # a task whose worker dies runs once more; losing it again fails the document
# What a local cluster is started with, unless set already: it listens on the loopback address only
# (Ray's switch for that is named after the systems it is the default on, and is read when Ray is
# imported), keeps Ray's token authentication without the warning, and reports no usage statistics.
LOCAL_ENVIRONMENT = {"RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0", "RAY_AUTH_MODE": "token",
                     "RAY_USAGE_STATS_ENABLED": "0"}


class RayCluster:
    """A Ray cluster to run a batch on (an Engine for `run_batch`): the one at `address`, or a new
    local one of `workers` CPUs (all of this machine's by default), shut down on leaving the block."""

    def __init__(self, address: str | None = None, workers: int | None = None, results: Path = Path("results")):
        if address is None:
            for name, value in LOCAL_ENVIRONMENT.items():
                os.environ.setdefault(name, value)
        try:
            import ray
        except ImportError as error:
            raise ClusterError(codes.CLUSTER_MISSING, detail=str(error)) from error
        options = {"address": "local", "num_cpus": workers} if address is None else {"address": address}
        try:
            context = ray.init(**options, logging_level=logging.WARNING, log_to_driver=False)
        except (OSError, RuntimeError, ValueError, ray.exceptions.RayError) as error:
            raise ClusterError(codes.CLUSTER_UNREACHABLE, detail=error_detail(error)) from error
        self.address = context.address_info.get("address") or address
        self.dashboard = f"http://{context.dashboard_url}" if context.dashboard_url else None
        self.cpus = int(ray.cluster_resources().get("CPU", 0))
        self.results_dir = results.resolve()

    def __enter__(self) -> RayCluster:
        return self

    def __exit__(self, *exc: object) -> None:
        import ray

        ray.shutdown()  # stops a local cluster; only disconnects from one at an address

    def describe(self) -> str:
        dashboard = f"; dashboard {self.dashboard}" if self.dashboard else ""
        return f"Ray cluster at {self.address}, {self.cpus} CPUs{dashboard}"

    def results(self, files: list[str], settings: Settings, strict: bool, skip: frozenset[str]) -> Iterator[Outcome]:
        """An outcome per file as its task finishes (see `Engine`)."""
        import ray

        run = self.results_dir / f"run-{uuid.uuid4().hex[:12]}"
        settings_ref, skip_ref = ray.put(settings), ray.put(skip)  # into the object store once, not per task
        pending = {_remote(_document).options(name=f"document {Path(path).name}", retry_exceptions=not strict).remote(
            path, os.getcwd(), settings_ref, skip_ref, strict, str(run)): path for path in files}
        try:
            while pending:
                (ready,), _ = ray.wait(list(pending), num_returns=1)
                yield _collect(ready, pending.pop(ready), strict)
        finally:
            for ref in pending:  # the writer stopped (Ctrl-C, --strict): the cluster stops too
                ray.cancel(ref, force=True)
            shutil.rmtree(run, ignore_errors=True)  # Parquet files of attempts whose worker died


def _collect(ref, path: str, strict: bool) -> Outcome:
    """The task's outcome, or the document failed with the reason the cluster gives."""
    import ray
    from ray.exceptions import RayError, RayTaskError

    try:
        outcome = ray.get(ref)
    except RayTaskError as error:  # our code raised in both attempts (under --strict: at once)
        if strict:
            raise
        return path, _lost(path, error.cause), None
    except RayError as error:  # the worker died in both attempts (killed, out of memory, machine lost)
        return path, _lost(path, error), None
    result = outcome[1]
    if result is not None and result.rows_folder and not Path(result.rows_folder).is_dir():
        issue = coded(codes.CLUSTER_RESULTS_UNREAD, Stage.INGEST, folder=result.rows_folder)
        return path, failed_document(path, issue, result.seconds, result.document.doc_id), None
    return outcome


def _lost(path: str, error: BaseException) -> DocumentResult:
    return failed_document(path, coded(codes.CLUSTER_TASK_FAILED, Stage.INGEST, attempts=ATTEMPTS,
                                       error=error_detail(error)))


@functools.cache
def _remote(function):
    """The function as a Ray task that runs again when its worker dies (made once per process)."""
    import ray

    return ray.remote(max_retries=ATTEMPTS - 1)(function)


def _document(given: str, cwd: str, settings: Settings, skip: frozenset[str], strict: bool, run: str) -> Outcome:
    """One document on a worker. The path is resolved against the writer's working directory (a
    worker elsewhere starts in another), and the rows keep the path as the user gave it."""
    path = os.path.join(cwd, given)
    if skip and os.path.isfile(path) and document_id(Path(path)) in skip:
        return given, None, None
    _, result, error = process_path(path, settings, strict, _ocr_on_cluster)
    if result is None:
        return given, None, error
    result = replace(result, document=replace(result.document, source_path=given))
    if len(result.document.pages) > settings.cluster.spill_pages:
        Path(run).mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=f"{result.document.doc_id[:16]}-", dir=run))  # one per attempt
        write_parquet(result, folder)
        pages = tuple(replace(page, lines=(), words=(), rulings=()) for page in result.document.pages)
        result = replace(result, document=replace(result.document, pages=pages), rows_folder=str(folder))
    return given, result, None


def _ocr_page(path: str, number: int, settings: IngestSettings) -> list[Word] | Exception:
    from pipeline.ingest.ocr import ocr_pages

    return ocr_pages(Path(path), [number], settings)[number]


def _ocr_on_cluster(path: Path, numbers: list[int], settings: IngestSettings) -> dict[int, list[Word] | Exception]:
    """Each scanned page as a task of its own (Ray lends the waiting document task's CPU to them).
    A page whose OCR fails keeps its error as locally; a page whose work the cluster lost twice
    fails the document, so that the warehouse never holds a document short of a page by accident."""
    import ray
    from ray.exceptions import RayError

    refs = [_remote(_ocr_page).options(name=f"ocr {path.name} page {number}").remote(
        str(path.resolve()), number, settings) for number in numbers]
    try:
        return dict(zip(numbers, ray.get(refs)))
    except RayError as error:
        for ref in refs:
            ray.cancel(ref)
        raise InputError(codes.CLUSTER_TASK_FAILED, str(path), attempts=ATTEMPTS, error=error_detail(error)) from error
