"""The warehouse: migrations, one transaction per document, a single writer."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import replace

import duckdb
import pytest

from pipeline.batch import process_document, run_batch
from pipeline.warehouse import store
from pipeline.warehouse.migrations import migrations
from pipeline.warehouse.store import Warehouse, write_parquet
from tests.conftest import OCR_SAMPLE, RAW, ROOT, run_cli

ARTICLE = str(RAW / "004_a1a17b07a1d9badb.txt")


def test_fresh_warehouse_gets_every_migration(tmp_path):
    db = str(tmp_path / "w.duckdb")
    Warehouse(db).close()
    with duckdb.connect(db, read_only=True) as con:
        applied = [v for (v,) in con.execute("select version from schema_migrations order by version").fetchall()]
        tables = {t for (t,) in con.execute("select table_name from information_schema.tables").fetchall()}
    assert applied == [v for v, _ in migrations()]
    assert {"documents", "pages", "tables", "table_cells", "facts", "validation_issues"} <= tables


def test_older_warehouse_is_migrated_forward(tmp_path):
    db = str(tmp_path / "w.duckdb")
    first_version, first_file = migrations()[0]
    with duckdb.connect(db) as con:  # a warehouse that only knows the first schema file
        con.execute("create table schema_migrations (version integer primary key, name varchar, "
                    "applied_at timestamp default current_timestamp)")
        con.execute(first_file.read_text(encoding="utf-8"))
        con.execute("insert into schema_migrations (version, name) values (?, ?)", [first_version, first_file.name])
    Warehouse(db).close()
    with duckdb.connect(db, read_only=True) as con:
        assert con.execute("select count(*) from schema_migrations").fetchone()[0] == len(migrations())


def test_a_failing_load_leaves_nothing_of_the_document(tmp_path, monkeypatch):
    warehouse = Warehouse(str(tmp_path / "w.duckdb"))
    result = process_document(ARTICLE)
    original = Warehouse._insert

    def insert_then_fail(self, table, frame):
        original(self, table, frame)
        if table == "pages":
            raise RuntimeError("disk full")

    monkeypatch.setattr(Warehouse, "_insert", insert_then_fail)
    with pytest.raises(RuntimeError):
        warehouse.load(result)
    assert warehouse.con.execute("select count(*) from documents").fetchone()[0] == 0
    assert warehouse.con.execute("select count(*) from pages").fetchone()[0] == 0
    warehouse.close()


def test_rows_the_warehouse_refuses_fail_that_document_alone(tmp_path, monkeypatch):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "god.txt").write_text("Kommunen hadde et netto driftsresultat på 12 mill. kroner.\n", encoding="utf-8")
    (inputs / "brutt.txt").write_text("Folketallet økte med 1,2 prosent i 2023.\n", encoding="utf-8")
    original = store.document_rows

    def broken_rows(result):  # a line twice: the rows break the lines table's key
        rows = original(result)
        if result.document.source_path.endswith("brutt.txt"):
            rows["lines"] = rows["lines"] * 2
        return rows

    monkeypatch.setattr(store, "document_rows", broken_rows)
    db = str(tmp_path / "w.duckdb")
    summary = run_batch([str(inputs)], db)
    assert summary.statuses == {"loaded": 1, "partial": 0, "failed": 1}
    with duckdb.connect(db, read_only=True) as con:
        status = dict(con.execute("select source_path, status from documents").fetchall())
        assert status == {str(inputs / "god.txt"): "loaded", str(inputs / "brutt.txt"): "failed"}
        issues = con.execute("select d.source_path, i.stage, i.code from document_issues i "
                             "join documents d using (doc_id)").fetchall()
        assert issues == [(str(inputs / "brutt.txt"), "load", "document_not_loaded")]
        loaded = con.execute("select count(distinct doc_id) from lines").fetchone()[0]
        assert loaded == 1  # nothing of the refused document but its record and reason


def test_a_line_split_by_a_form_feed_is_one_row_on_the_page_where_it_starts(tmp_path):
    source = tmp_path / "rapport.txt"
    source.write_text("Side en\nslutt\fSide to\n\fSide tre\n", encoding="utf-8")
    db = str(tmp_path / "w.duckdb")
    assert run_batch([str(source)], db).complete
    with duckdb.connect(db, read_only=True) as con:
        lines = con.execute("select line_no, page_no, raw from lines order by line_no").fetchall()
        pages = con.execute("select page_no, raw_text from pages order by page_no").fetchall()
    assert lines[:3] == [(1, 1, "Side en"), (2, 1, "slutt\fSide to"), (3, 3, "Side tre")]
    assert [(n, text.split("\n")[0]) for n, text in pages] == [(1, "Side en"), (2, "Side to"), (3, "Side tre")]


def test_rows_from_parquet_files_load_as_the_rows_themselves(sample_run, tmp_path):
    """A cluster worker writes a large document's rows as Parquet files; they load as the same rows."""
    result = sample_run.results[OCR_SAMPLE.name]
    write_parquet(result, tmp_path / "rows")
    direct, from_files = Warehouse(str(tmp_path / "a.duckdb")), Warehouse(str(tmp_path / "b.duckdb"))
    direct.load(result)
    for _ in range(2):  # loading again replaces the document's rows
        from_files.load(replace(result, rows_folder=str(tmp_path / "rows")))
    assert {"lines", "tables", "table_cells", "budget_lines"} <= {p.stem for p in (tmp_path / "rows").iterdir()}
    for table, columns in direct._types.items():
        names = ", ".join(f'"{c}"' for c in columns if c not in ("loaded_at", "applied_at"))
        query = f'select {names} from "{table}" order by all'
        assert from_files.con.execute(query).fetchall() == direct.con.execute(query).fetchall(), table
    # a folder without the worker's files fails the load and keeps what was loaded
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="no documents.parquet"):
        from_files.load(replace(result, rows_folder=str(tmp_path / "empty")))
    assert from_files.con.execute("select count(*) from documents").fetchone() == (1,)
    direct.close()
    from_files.close()


def test_loaded_ids_leave_out_failed_documents(tmp_path):
    broken = tmp_path / "tom.txt"
    broken.write_bytes(b"")
    warehouse = Warehouse(str(tmp_path / "w.duckdb"))
    for path in (ARTICLE, str(broken)):
        warehouse.load(process_document(path))
    assert warehouse.loaded_ids() == {process_document(ARTICLE).document.doc_id}
    warehouse.close()


KILLED_LOADER = textwrap.dedent("""
    import sys, time
    from pipeline.batch import process_document
    from pipeline.warehouse.store import Warehouse

    db, loaded, interrupted, ready = sys.argv[1:]
    warehouse = Warehouse(db)
    warehouse.load(process_document(loaded))
    original = Warehouse._insert

    def insert_then_hang(self, table, frame):
        original(self, table, frame)
        if table == "pages":
            open(ready, "w").close()
            time.sleep(120)

    Warehouse._insert = insert_then_hang
    warehouse.load(process_document(interrupted))
""")


def test_a_killed_run_leaves_each_document_fully_loaded_or_absent(tmp_path):
    db, ready = str(tmp_path / "w.duckdb"), tmp_path / "ready"
    report = str(ROOT / "tests" / "data" / "synth" / "r2_ocr.txt")  # 16 pages: time enough to die mid-load
    proc = subprocess.Popen([sys.executable, "-c", KILLED_LOADER, db, ARTICLE, report, str(ready)], cwd=ROOT)
    deadline = time.monotonic() + 120
    while not ready.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ready.exists(), "the loader never reached the middle of its second document"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with duckdb.connect(db, read_only=True) as con:
        docs = [p for (p,) in con.execute("select source_path from documents").fetchall()]
        pages = con.execute("select count(*) from pages").fetchone()[0]
    assert docs == [ARTICLE]
    assert pages == 1  # the article's one page; nothing of the interrupted report


def test_second_writer_gets_a_clear_busy_error(tmp_path):
    db = str(tmp_path / "w.duckdb")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom pipeline.warehouse.store import Warehouse\n"
         "w = Warehouse(sys.argv[1])\nprint('ready', flush=True)\ntime.sleep(60)", db],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        result = run_cli("run", ARTICLE, "--db", db)
        assert result.returncode == 2
        assert result.stderr.strip().splitlines() == [f"error: {db}: warehouse is busy (another pipeline run "
                                                      f"is writing to it); try again when it ends"]
    finally:
        holder.kill()
        holder.wait()


def test_query_returns_a_dataframe_for_notebooks(sample_db):
    from pipeline.warehouse import query

    frame = query("select kind, count(*) as n from tables group by kind order by kind", str(sample_db))
    assert list(frame.columns) == ["kind", "n"] and frame["n"].sum() > 0
    assert query("select count(*) as n from documents where status = ?", str(sample_db), ["loaded"])["n"][0] == 3
