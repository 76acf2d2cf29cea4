"""Shared fixtures: the sample reports, and one pipeline run over them into a temporary warehouse."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "raw"
DATA = Path(__file__).resolve().parent / "data"
OCR_SAMPLE = RAW / "000_254b6088d6d1ac92.txt"


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run the `pipeline` command as a user would, in a fresh process."""
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    """A warehouse loaded once with every sample report in raw/."""
    db = tmp_path_factory.mktemp("warehouse") / "samples.duckdb"
    result = run_cli("run", str(RAW), "--db", str(db))
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture()
def sample_con(sample_db):
    con = duckdb.connect(str(sample_db), read_only=True)
    yield con
    con.close()
