"""`pipeline regress` over a warehouse built here: snapshots name tables by source file and place, a changed,
added or removed cell is reported with its raw text and fails the run, and --approve makes it pass."""
from __future__ import annotations

import csv

import duckdb
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.models import Cell, Document, DocumentResult, Table
from pipeline.warehouse.store import Warehouse

SOURCE = "reports/kommune_2024.txt"


def table(seq, line_start, values, page_no=7, doc_id="a" * 64):
    cells = [Cell(row_idx=r, col_idx=c, row_label=f"Rad {r}", col_label=f"{2022 + c}", raw=str(v).replace(".", ","),
                  value_num=v, value_text=str(v).replace(".", ","), line_no=(line_start or 0) + 1 + r)
             for r, row in enumerate(values) for c, v in enumerate(row)]
    return Table(title=f"Tabell {seq}", kind="generic", columns=["", "2022", "2023"], cells=cells, page_no=page_no,
                 line_start=line_start, line_end=None if line_start is None else line_start + len(values),
                 table_id=f"{doc_id[:12]}-t{seq:04d}")


def load(db, tables, doc_id="a" * 64, source=SOURCE):
    doc = Document(doc_id=doc_id, source_path=source, source_format="txt", n_pages=20, pages=[])
    warehouse = Warehouse(db)
    warehouse.load(DocumentResult(document=doc, tables=tables))
    warehouse.close()


def regress(db, snapshots, *extra):
    return CliRunner().invoke(app, ["regress", "--db", db, "--snapshots", str(snapshots), *extra])


def approved(tmp_path, tables=None):
    db = str(tmp_path / "w.duckdb")
    load(db, tables or [table(1, 120, [[5.7, 6.1], [12.0, 11.5]]), table(2, 160, [[1.0, 2.0]])])
    snapshots = tmp_path / "snapshots"
    assert regress(db, snapshots, "--approve").exit_code == 0
    return db, snapshots


def test_approve_writes_one_readable_file_per_table(tmp_path):
    _, snapshots = approved(tmp_path)
    assert sorted(p.relative_to(snapshots).as_posix() for p in snapshots.rglob("*.csv")) == [
        "kommune_2024.txt/p007-l00120.csv", "kommune_2024.txt/p007-l00160.csv"]
    with (snapshots / "kommune_2024.txt/p007-l00120.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["row_idx"], r["col_idx"], r["row_label"], r["col_label"], r["value_num"], r["raw"]) for r in rows] == [
        ("0", "0", "Rad 0", "2022", "5.7", "5,7"), ("0", "1", "Rad 0", "2023", "6.1", "6,1"),
        ("1", "0", "Rad 1", "2022", "12", "12,0"), ("1", "1", "Rad 1", "2023", "11.5", "11,5")]


def test_unchanged_tables_pass(tmp_path):
    db, snapshots = approved(tmp_path)
    outcome = regress(db, snapshots)
    assert outcome.exit_code == 0
    assert outcome.stdout == ""


def test_changed_cell_is_reported_with_raw_text_and_fails_until_approved(tmp_path):
    db, snapshots = approved(tmp_path)
    with duckdb.connect(db) as con:  # a lost decimal comma, as a pipeline change might cause
        con.execute("UPDATE table_cells SET value_num = 57, value_text = '57', raw = '57' "
                    "WHERE row_idx = 0 AND col_idx = 0 AND table_id LIKE '%t0001'")
    outcome = regress(db, snapshots)
    assert outcome.exit_code == 1
    assert outcome.stdout.splitlines() == [
        "~ kommune_2024.txt/p007-l00120.csv",
        "    ~ r0 c0 [Rad 0 | 2022]: value_num '5.7' -> '57'; value_text '5,7' -> '57'; raw '5,7' -> '57'"]
    assert regress(db, snapshots, "--approve").exit_code == 0
    assert regress(db, snapshots).exit_code == 0


def test_added_and_removed_cells_and_tables(tmp_path):
    db, snapshots = approved(tmp_path)
    load(db, [table(1, 120, [[5.7, 6.1], [12.0]]), table(3, 200, [[3.0]]),
              table(4, 160, [[1.0, 2.0, 4.0]])])
    outcome = regress(db, snapshots)
    assert outcome.exit_code == 1
    assert outcome.stdout.splitlines() == [
        "~ kommune_2024.txt/p007-l00120.csv",
        "    - r1 c1 [Rad 1 | 2023]: '11.5' (raw '11,5')",
        "~ kommune_2024.txt/p007-l00160.csv",
        "    + r0 c2 [Rad 0 | 2024]: '4' (raw '4,0')",
        "+ kommune_2024.txt/p007-l00200.csv (new table, not approved)",
        "    + r0 c0 [Rad 0 | 2022]: '3' (raw '3,0')"]


def test_removed_table_fails(tmp_path):
    db, snapshots = approved(tmp_path)
    load(db, [table(1, 120, [[5.7, 6.1], [12.0, 11.5]])])
    outcome = regress(db, snapshots)
    assert outcome.exit_code == 1
    assert outcome.stdout.splitlines()[0] == "- kommune_2024.txt/p007-l00160.csv (approved table no longer extracted)"
    assert regress(db, snapshots, "--approve").exit_code == 0
    assert not (snapshots / "kommune_2024.txt/p007-l00160.csv").exists()


def test_snapshots_survive_a_changed_input_hash(tmp_path):
    db, snapshots = approved(tmp_path)
    fresh = str(tmp_path / "fresh.duckdb")
    doc_id = "b" * 64  # the same report, saved again
    load(fresh, [table(1, 120, [[5.7, 6.1], [12.0, 11.5]], doc_id=doc_id), table(2, 160, [[1.0, 2.0]], doc_id=doc_id)],
         doc_id=doc_id)
    assert regress(fresh, snapshots).exit_code == 0


def test_pdf_tables_are_named_by_their_order_on_the_page(tmp_path):
    _, snapshots = approved(tmp_path, [table(1, None, [[1.0]], page_no=3), table(2, None, [[2.0]], page_no=3),
                                       table(3, None, [[3.0]], page_no=4)])
    assert sorted(p.name for p in snapshots.rglob("*.csv")) == ["p003-n01.csv", "p003-n02.csv", "p004-n01.csv"]


def test_documents_sharing_a_file_name_get_separate_folders(tmp_path):
    db = str(tmp_path / "w.duckdb")
    load(db, [table(1, 10, [[1.0]])], doc_id="c" * 64, source="2023/rapport.txt")
    load(db, [table(1, 10, [[2.0]], doc_id="d" * 64)], doc_id="d" * 64, source="2024/rapport.txt")
    snapshots = tmp_path / "snapshots"
    assert regress(db, snapshots, "--approve").exit_code == 0
    assert sorted(p.parent.name for p in snapshots.rglob("*.csv")) == ["rapport.txt-cccccccc", "rapport.txt-dddddddd"]


def test_missing_warehouse_is_a_clear_error(tmp_path):
    outcome = regress(str(tmp_path / "none.duckdb"), tmp_path / "snapshots")
    assert outcome.exit_code == 2
    assert "no warehouse here" in " ".join(outcome.stderr.split())
