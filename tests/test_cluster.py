"""`pipeline run --engine ray` on a local Ray cluster of 2 workers: the same warehouse rows as a local
run, a scan's pages OCR'd as tasks of their own, a killed worker's document retried (or failed whole
when it is lost twice), reruns that skip what is loaded, and no cluster left behind."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner
from pdf_fixtures import build_born_digital, build_image_only

from pipeline import cluster
from pipeline.batch import run_batch
from pipeline.cli import app
from pipeline.ingest import document_id
from tests.conftest import RAW, ROOT, run_cli

ARTICLE = RAW / "004_a1a17b07a1d9badb.txt"
REPORT = Path(__file__).resolve().parent / "data" / "synth" / "r2_ocr.txt"
DEADLINE = 300  # seconds a cluster run may take here before the test gives up on it


def ray_tasks() -> dict[int, str]:
    """Ray's worker processes by pid, with the task each runs (a worker's title is ray::<task name>)."""
    found = {}
    for entry in Path("/proc").iterdir():
        try:
            title = (entry / "cmdline").read_bytes().split(b"\0")[0].decode() if entry.name.isdigit() else ""
        except OSError:  # the process ended meanwhile
            continue
        if title.startswith("ray::"):
            found[int(entry.name)] = title.removeprefix("ray::")
    return found


def run_on_cluster(*args: str, kills: dict[str, int] | None = None) -> tuple[subprocess.CompletedProcess, set[str]]:
    """`pipeline run ... --engine ray --jobs 2` as a user would start it, killing the worker of each
    document named in `kills` that many times while it runs; returns the run and every task seen."""
    command = [sys.executable, "-m", "pipeline", "run", *args, "--engine", "ray", "--jobs", "2"]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    killed, seen, start = Counter(), set(), time.monotonic()
    try:
        while proc.poll() is None and time.monotonic() - start < DEADLINE:
            for pid, task in ray_tasks().items():
                seen.add(task)
                name = task.removeprefix("document ")
                if killed[name] < (kills or {}).get(name, 0) and f"{name}:{pid}" not in seen:
                    os.kill(pid, signal.SIGKILL)
                    killed[name] += 1
                    seen.add(f"{name}:{pid}")  # the retry runs in another process
            time.sleep(0.05)
        stdout, stderr = proc.communicate(timeout=max(1.0, DEADLINE - (time.monotonic() - start)))
    finally:
        if proc.poll() is None:
            proc.kill()
    assert killed == Counter(kills or {}), (killed, stderr)
    return subprocess.CompletedProcess(command, proc.returncode, stdout, stderr), seen


def assert_cluster_gone() -> None:
    """The local cluster ended with the run: no Ray worker is left on this machine."""
    for _ in range(100):
        if not ray_tasks():
            return
        time.sleep(0.1)
    assert not ray_tasks()


def document_tables(con: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    return [t for (t,) in con.execute(
        "SELECT table_name FROM information_schema.columns WHERE table_catalog = ? AND column_name = 'doc_id' "
        "ORDER BY 1", [catalog]).fetchall()]


def rows(con: duckdb.DuckDBPyConnection, catalog: str, table: str, where: str = "true") -> list[tuple]:
    """Every row of a table, sorted, without the time it was loaded."""
    columns = [c for (c,) in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_catalog = ? AND table_name = ? "
        "ORDER BY ordinal_position", [catalog, table]).fetchall() if c != "loaded_at"]
    names = ", ".join(f'"{c}"' for c in columns)
    return con.execute(f'SELECT {names} FROM {catalog}."{table}" WHERE {where} ORDER BY ALL').fetchall()


@pytest.fixture(scope="module")
def scan(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("scan")
    return build_image_only(build_born_digital(folder / "born.pdf"), folder / "skannet_2024.pdf")


def test_a_cluster_run_gives_the_rows_of_a_local_run(sample_db, scan, tmp_path):
    local_scan = str(tmp_path / "local_scan.duckdb")
    assert run_batch([str(scan)], local_scan).complete
    db = tmp_path / "ray.duckdb"
    # the 134-page report comes back as Parquet files, the others whole
    result, seen = run_on_cluster(str(RAW), str(scan), "--db", str(db), "--set", "cluster.spill_pages=100")
    assert result.returncode == 0, result.stderr
    assert "Ray cluster at 127.0.0.1:" in result.stderr and "2 CPUs" in result.stderr
    assert {f"ocr {scan.name} page {n}" for n in (1, 2, 3)} <= seen  # each scanned page a task of its own
    assert {f"document {p.name}" for p in RAW.iterdir()} <= seen
    assert_cluster_gone()
    assert not any((tmp_path / "results").rglob("*"))  # the writer removed the Parquet files it loaded
    with duckdb.connect() as con:
        con.execute(f"ATTACH '{sample_db}' AS samples (READ_ONLY); ATTACH '{local_scan}' AS scan (READ_ONLY); "
                    f"ATTACH '{db}' AS ray (READ_ONLY)")
        tables = document_tables(con, "ray")
        assert tables == document_tables(con, "samples") and "lines" in tables
        for table in tables:
            expected = sorted(rows(con, "samples", table) + rows(con, "scan", table), key=repr)
            assert sorted(rows(con, "ray", table), key=repr) == expected, table
        assert con.execute("SELECT count(*) FROM ray.pages WHERE needs_ocr").fetchone() == (3,)


def test_a_killed_worker_leaves_every_document_loaded_or_failed_whole(tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    shutil.copy(REPORT, inputs / "once.txt")  # a 16-page report: long enough to be killed while it runs
    (inputs / "twice.txt").write_bytes(REPORT.read_bytes() + b"\n")  # another document
    local = tmp_path / "local.duckdb"
    assert run_batch([str(REPORT)], str(local)).complete  # the rows a local run gives it
    db = tmp_path / "w.duckdb"
    result, _ = run_on_cluster(str(inputs), "--db", str(db), kills={"once.txt": 1, "twice.txt": 2})
    assert result.returncode == 1  # not every document loaded
    assert "failed:" in result.stderr and "[cluster_task_failed]" in result.stderr
    assert_cluster_gone()
    with duckdb.connect() as con:
        con.execute(f"ATTACH '{local}' AS samples (READ_ONLY); ATTACH '{db}' AS run (READ_ONLY)")
        status = dict(con.execute("SELECT source_path, status FROM run.documents").fetchall())
        assert status == {str(inputs / "once.txt"): "loaded", str(inputs / "twice.txt"): "failed"}
        failed = document_id(inputs / "twice.txt")
        issue = con.execute("SELECT code, message FROM run.document_issues WHERE doc_id = ?", [failed]).fetchall()
        assert issue == [("cluster_task_failed", issue[0][1])] and "2 attempts" in issue[0][1]
        once = f"doc_id = '{document_id(REPORT)}'"
        for table in document_tables(con, "run"):
            # the failed document has its documents row and its issue, nothing else
            if table not in ("documents", "document_issues"):
                assert con.execute(f'SELECT count(*) FROM run."{table}" WHERE doc_id = ?', [failed]).fetchone() == (0,)
            # the retried document has every row the local run gave it
            if table != "documents":
                assert rows(con, "run", table, once) == rows(con, "samples", table, once), table
        loaded_at = dict(con.execute("SELECT doc_id, loaded_at FROM run.documents").fetchall())

    rerun, _ = run_on_cluster(str(inputs), "--db", str(db))
    assert rerun.returncode == 0, rerun.stderr
    assert re.search(r"skipped\W+1\b", rerun.stdout)  # the loaded document; the failed one ran again
    with duckdb.connect(str(db), read_only=True) as con:
        again = dict(con.execute("SELECT doc_id, loaded_at FROM documents").fetchall())
        assert con.execute("SELECT DISTINCT status FROM documents").fetchall() == [("loaded",)]
    assert again.keys() == loaded_at.keys()
    assert {d: t for d, t in again.items() if d != failed} == {d: t for d, t in loaded_at.items() if d != failed}
    assert_cluster_gone()


def test_the_default_run_does_not_import_ray(tmp_path):
    assert "ray" not in sys.modules  # the cluster runs above were other processes
    result = CliRunner().invoke(app, ["run", str(ARTICLE), "--db", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 0, result.output
    assert "ray" not in sys.modules


def test_without_ray_the_engine_says_how_to_install_it(monkeypatch, tmp_path):
    for name, value in cluster.LOCAL_ENVIRONMENT.items():
        monkeypatch.setenv(name, value)  # restored afterwards, though the engine only sets what is unset
    monkeypatch.setitem(sys.modules, "ray", None)  # as if not installed
    result = CliRunner().invoke(app, ["run", str(ARTICLE), "--engine", "ray", "--db", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 2
    assert "error: --engine ray needs Ray: pip install '.[cluster]'" in result.output


def test_cluster_options_need_the_ray_engine():
    result = run_cli("run", str(ARTICLE), "--address", "auto")
    assert result.returncode == 2
    assert "--engine ray" in result.stderr
