"""End-to-end: the `pipeline run` and `pipeline sql` commands on the sample reports."""
from __future__ import annotations

import json
import re
import shutil

import duckdb

from typer.testing import CliRunner

from pipeline.batch import run_batch
from pipeline.cli import app
from tests.conftest import OCR_SAMPLE, RAW, run_cli


def test_all_samples_load_with_the_reports_own_page_count(sample_con):
    docs = sample_con.execute("select source_path, n_pages, source_format from documents order by source_path").fetchall()
    assert [(p.rsplit("/", 1)[-1], n, f) for p, n, f in docs] == [
        ("000_254b6088d6d1ac92.txt", 134, "txt"),
        ("002_5e5253b93238e1d5.txt", 1, "txt"),
        ("004_a1a17b07a1d9badb.txt", 1, "txt"),
    ]


def test_every_footer_sits_on_the_page_it_names(sample_con):
    pages = sample_con.execute(
        "select p.page_no, p.raw_text from pages p join documents d using (doc_id) "
        "where d.source_path like '%000_254b6088d6d1ac92.txt'").fetchall()
    footers = [(no, int(m.group(1))) for no, text in pages for m in re.finditer(r"Side (\d+) av 134", text)]
    assert len(footers) == OCR_SAMPLE.read_text(encoding="utf-8").count(" av 134")
    assert footers and all(page_no == printed for page_no, printed in footers)


def test_every_source_line_is_kept_with_its_number(sample_con):
    n_lines, first, last = sample_con.execute(
        "select count(*), min(line_no), max(line_no) from lines join documents d using (doc_id) "
        "where d.source_path like '%000_254b6088d6d1ac92.txt' and raw <> ''").fetchone()
    source = OCR_SAMPLE.read_text(encoding="utf-8").split("\n")
    assert n_lines == sum(1 for line in source if line)
    assert (first, last) == (1, max(i for i, line in enumerate(source, 1) if line))


def test_restored_text_is_stored_beside_the_raw_text(sample_con):
    line = sample_con.execute(
        "select raw, text from lines join documents d using (doc_id) "
        "where d.source_path like '%000_254b6088d6d1ac92.txt' and raw like '%anmodet om a bosette%'").fetchone()
    assert "anmodet om a bosette" in line[0] and "anmodet om å bosette" in line[1]
    changed = dict(sample_con.execute(
        "select d.source_path, sum((p.raw_text <> p.text)::int) from pages p join documents d using (doc_id) "
        "group by 1").fetchall())
    assert {path.rsplit("/", 1)[-1]: n > 0 for path, n in changed.items()} == {
        "000_254b6088d6d1ac92.txt": True,  # the OCR lost æ, ø and å
        "002_5e5253b93238e1d5.txt": False,  # clean articles pass through
        "004_a1a17b07a1d9badb.txt": False,
    }


def test_rerunning_the_same_reports_changes_no_row_counts(sample_db, tmp_path):
    db = tmp_path / "w.duckdb"
    shutil.copy(sample_db, db)
    tables = ("documents", "pages", "lines", "tables", "table_cells", "facts", "entities", "validation_issues")

    def counts():
        with duckdb.connect(str(db), read_only=True) as con:
            return [con.execute(f"select count(*) from {t}").fetchone()[0] for t in tables]

    before = counts()
    articles = [str(RAW / "002_5e5253b93238e1d5.txt"), str(RAW / "004_a1a17b07a1d9badb.txt")]
    summary = run_batch(articles, str(db), jobs=2)  # parallel workers load the same rows as the first run
    assert summary.complete and summary.documents == 2
    assert counts() == before and before[0] == 3


def test_same_bytes_under_another_name_replace_the_document(tmp_path):
    db = str(tmp_path / "w.duckdb")
    copy = tmp_path / "kopi.txt"
    shutil.copy(RAW / "004_a1a17b07a1d9badb.txt", copy)
    assert run_batch([str(RAW / "004_a1a17b07a1d9badb.txt")], db).complete
    assert run_batch([str(copy)], db).complete
    with duckdb.connect(db, read_only=True) as con:
        assert con.execute("select source_path from documents").fetchall() == [(str(copy),)]


def test_bad_inputs_each_get_one_line_and_the_batch_goes_on(tmp_path):
    (tmp_path / "tom.txt").write_bytes(b"")
    (tmp_path / "søppel.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "ødelagt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    (tmp_path / "tom_mappe").mkdir()
    db = str(tmp_path / "w.duckdb")
    good = str(RAW / "004_a1a17b07a1d9badb.txt")
    inputs = ["tom.txt", "søppel.txt", "ødelagt.pdf", "mangler.txt", "tom_mappe"]
    result = run_cli("run", *(str(tmp_path / name) for name in inputs), good, "--db", db)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith(("failed:", "not read:"))]
    assert len(lines) == len(inputs)
    expected = [("failed:", "[input_empty]"), ("failed:", "[input_binary]"), ("failed:", "[pdf_corrupt]"),
                ("not read:", "no such file"), ("not read:", "no reports")]
    for name, (status, reason) in zip(inputs, expected):
        assert any(line.startswith(status) and name in line and reason in line for line in lines), (name, lines)
    assert "Traceback" not in result.stderr
    with duckdb.connect(db, read_only=True) as con:
        statuses = con.execute("select source_path, status from documents order by status, source_path").fetchall()
        assert statuses == sorted([(str(tmp_path / n), "failed") for n in inputs[:3]]) + [(good, "loaded")]
        assert sorted(con.execute("select stage, code from document_issues").fetchall()) == [
            ("ingest", "input_binary"), ("ingest", "input_empty"), ("ingest", "pdf_corrupt")]
        assert con.execute("select count(*) from tables t join documents d using (doc_id) "
                           "where d.status = 'failed'").fetchone() == (0,)


def test_sql_prints_csv_and_json_for_scripts(sample_db):
    query = "select n_pages from documents order by n_pages desc limit 1"
    as_csv = run_cli("sql", query, "--db", str(sample_db), "--csv")  # the real entry point, once
    assert as_csv.stdout.splitlines() == ["n_pages", "134"]
    as_json = CliRunner().invoke(app, ["sql", query, "--db", str(sample_db), "--json"])
    assert json.loads(as_json.stdout) == [{"n_pages": 134}]


def test_sql_opens_the_warehouse_read_only(sample_db):
    result = CliRunner().invoke(app, ["sql", "delete from documents", "--db", str(sample_db)])
    assert result.exit_code == 2
    assert "read-only" in result.stderr.lower()


def test_sql_on_a_missing_warehouse_says_so(tmp_path):
    result = CliRunner().invoke(app, ["sql", "select 1", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert "no warehouse here" in result.stderr
