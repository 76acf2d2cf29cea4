"""Shared fixtures: the sample reports run once through the pipeline, in process, into a temporary
warehouse that every test reading the samples shares (with the results and the --debug dumps)."""
from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from pipeline.batch import run_batch
from pipeline.models import DocumentResult

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "raw"
DATA = Path(__file__).resolve().parent / "data"
OCR_SAMPLE = RAW / "000_254b6088d6d1ac92.txt"


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run the `pipeline` command as a user would, in a fresh process (one test per command does)."""
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True)


@dataclass(frozen=True)
class SampleRun:
    db: Path
    results: dict[str, DocumentResult]  # by file name
    debug: Path  # the --debug dumps


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory) -> SampleRun:
    """Every sample report in raw/ through the pipeline once, as `pipeline run raw/ --debug` does."""
    folder = tmp_path_factory.mktemp("samples")
    results: dict[str, DocumentResult] = {}

    def keep(path: str, result: DocumentResult | None, error: str | None) -> None:
        assert result is not None, error
        results[Path(path).name] = result

    summary = run_batch([str(RAW)], str(folder / "samples.duckdb"), on_document=keep, debug_dir=folder / "debug")
    assert summary.complete, summary
    return SampleRun(folder / "samples.duckdb", results, folder / "debug")


@pytest.fixture(scope="session")
def sample_db(sample_run) -> Path:
    return sample_run.db


@pytest.fixture()
def sample_con(sample_db):
    con = duckdb.connect(str(sample_db), read_only=True)
    yield con
    con.close()
