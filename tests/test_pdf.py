"""The PDF route end to end: born-digital pages (text layer) and the same pages as images (OCR)."""
from __future__ import annotations

import subprocess
import sys

import duckdb
import pypdfium2
import pytest
from pdf_fixtures import (PROSE, TABLES, build_born_digital, build_encrypted, build_image_only, build_truncated,
                          cell_recall, character_error_rate)

from pipeline.errors import InputError
from pipeline.ingest import ocr, read_document
from pipeline.settings import IngestSettings, Settings
from pipeline.tables import extract_tables as extract
from pipeline.tables.conventions import parse_cell
from pipeline.tables.layout.rulings import ruled_grids


def extract_tables(doc):
    return extract(doc).tables


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    born = build_born_digital(folder / "fjellvag_2024.pdf")
    return {"born": born, "image": build_image_only(born, folder / "fjellvag_2024_scan.pdf"), "folder": folder}


@pytest.fixture(scope="module")
def born(pdfs):
    return read_document(pdfs["born"])


@pytest.fixture(scope="module")
def scanned(pdfs):
    return read_document(pdfs["image"], IngestSettings(ocr_jobs=2))


def _table_on(tables, page):
    (table,) = [t for t in tables if t.page_no == page]
    return table


@pytest.mark.parametrize("spec", TABLES, ids=lambda s: s.title)
def test_born_digital_table_recovered_exactly(born, spec):
    table = _table_on(extract_tables(born), spec.page)
    assert (table.title, table.unit_note, list(table.columns)) == (spec.title, spec.unit_note, spec.columns)
    rows = {}
    for cell in table.cells:
        rows.setdefault(cell.row_idx, (cell.row_label, {}))[1][cell.col_idx] = cell
    assert [label for label, _ in rows.values()] == [label for label, _ in spec.rows]
    for (label, values), (_, cells) in zip(spec.rows, rows.values()):
        assert [cells[i].raw for i in sorted(cells)] == values
        for raw, cell in zip(values, (cells[i] for i in sorted(cells))):
            parsed = parse_cell(raw)
            assert (cell.value_num, cell.value_text, cell.unit) == (parsed.number, parsed.text, parsed.unit)
            assert cell.col_label == spec.columns[cell.col_idx + 1]


def test_born_digital_provenance_points_at_page_lines_and_boxes(born):
    lines = {line.number: (page.number, line.raw) for page, line in born.lines()}
    for table in extract_tables(born):
        assert table.line_start is None and table.line_end is None
        x0, top, x1, bottom = table.bbox
        for cell in table.cells:
            page_no, raw_line = lines[cell.line_no]
            assert page_no == table.page_no and cell.raw in raw_line and cell.row_label in raw_line
            cx0, ctop, cx1, cbottom = cell.bbox
            assert x0 <= cx0 < cx1 <= x1 and top <= ctop < cbottom <= bottom


def test_born_digital_text_keeps_norwegian_letters_and_line_numbers(born):
    assert not any(page.needs_ocr for page in born.pages)
    assert " ".join(born.pages[0].raw_text.split()).count(" ".join(PROSE[0].split())) == 1
    assert [line.number for _, line in born.lines()] == list(range(1, sum(len(p.lines) for p in born.pages) + 1))


def test_ruled_table_comes_from_the_grid_and_unruled_from_word_columns(born):
    assert [len(ruled_grids(page.rulings)) for page in born.pages] == [1 if spec.ruled else 0 for spec in TABLES]
    assert [t.route for t in extract_tables(born)] == ["grid" if spec.ruled else "layout" for spec in TABLES]


def test_image_only_pages_are_ocrd_with_positions(scanned):
    assert all(page.needs_ocr and page.words and page.lines for page in scanned.pages)
    assert all(w.line_no is not None and w.x0 < w.x1 and w.top < w.bottom for p in scanned.pages for w in p.words)


def test_ocr_text_is_close_to_the_text_layer(born, scanned):
    for digital, image in zip(born.pages, scanned.pages):
        assert character_error_rate(image.raw_text, digital.raw_text) < 0.03


def test_ocr_route_recovers_the_same_tables(born, scanned):
    digital, image = extract_tables(born), extract_tables(scanned)
    assert cell_recall(digital) == 1.0
    assert cell_recall(image) >= 0.95
    assert [t.title for t in image] == [t.title for t in digital]
    assert [sorted({c.row_label for c in t.cells}) for t in image] == [
        sorted({c.row_label for c in t.cells}) for t in digital]


def test_ocr_in_parallel_gives_the_serial_result(pdfs, scanned):
    def boxes(words):
        return sorted((w.text, w.x0, w.top, w.x1, w.bottom) for w in words)

    serial = ocr.ocr_pages(pdfs["image"], [2, 3], IngestSettings(ocr_jobs=1))
    assert [boxes(serial[n]) for n in (2, 3)] == [boxes(page.words) for page in scanned.pages[1:3]]


def test_only_pages_without_text_layer_are_ocrd(pdfs, monkeypatch):
    mixed = pypdfium2.PdfDocument.new()
    mixed.import_pages(pypdfium2.PdfDocument(str(pdfs["born"])), [0])
    mixed.import_pages(pypdfium2.PdfDocument(str(pdfs["image"])), [1])
    path = pdfs["folder"] / "mixed.pdf"
    mixed.save(str(path))
    asked = []
    real = ocr.ocr_page
    monkeypatch.setattr(ocr, "ocr_page", lambda p, n, *args: asked.append(n) or real(p, n, *args))
    doc = read_document(path)
    assert asked == [2]
    assert [page.needs_ocr for page in doc.pages] == [False, True]
    assert [t.page_no for t in extract_tables(doc)] == [1, 2]


def test_missing_tesseract_is_one_clear_error(pdfs, monkeypatch):
    monkeypatch.setenv("PATH", str(pdfs["folder"]))  # no tesseract on it
    with pytest.raises(InputError) as raised:
        read_document(pdfs["image"])
    assert raised.value.code.name == "ocr_missing" and "install tesseract-ocr" in str(raised.value)


def _run_cli(*args):
    return subprocess.run([sys.executable, "-m", "pipeline", "run", *map(str, args)], capture_output=True,
                          text=True, env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})


@pytest.mark.parametrize("build, reason", [
    (lambda folder, born: build_encrypted(folder / "locked.pdf"), "encrypted PDF (password protected)"),
    (lambda folder, born: build_truncated(born, folder / "cut.pdf"), "corrupt or truncated PDF"),
])
def test_bad_pdf_is_one_error_line(pdfs, tmp_path, build, reason):
    path = build(tmp_path, pdfs["born"])
    done = _run_cli(path, "--db", tmp_path / "w.duckdb")
    assert done.returncode == 1
    failed = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(failed) == 1 and failed[0].startswith(f"failed: {path}: {reason}")


def test_pdf_tables_land_in_the_warehouse_with_boxes(pdfs, tmp_path):
    db = tmp_path / "w.duckdb"
    assert _run_cli(pdfs["born"], "--db", db).returncode == 0
    con = duckdb.connect(str(db), read_only=True)
    tables = con.execute("select page_no, line_start, len(bbox), kind from tables order by page_no").fetchall()
    assert tables == [(1, None, 4, "budget"), (2, None, 4, "kostra"), (3, None, 4, "indicator")]
    assert con.execute("select count(*), count(bbox), count(line_no) from table_cells").fetchone() == (
        sum(len(v) for spec in TABLES for _, v in spec.rows),) * 3


def test_ocr_jobs_setting_reaches_the_ocr_of_a_document(pdfs, tmp_path, monkeypatch):
    from pipeline.batch import run_batch

    asked = []
    monkeypatch.setattr(ocr, "ocr_pages", lambda path, numbers, settings: asked.append(settings.ocr_jobs) or {})
    settings = Settings().with_overrides({"ingest.ocr_jobs": "3"})
    run_batch([str(pdfs["image"])], str(tmp_path / "one.duckdb"), settings=settings)
    assert asked == [3]


def test_a_page_whose_ocr_fails_is_an_issue_and_the_other_pages_load(pdfs, monkeypatch):
    from pipeline.batch import process_document

    real = ocr.ocr_page

    def flaky(path, number, *args):
        if number == 2:
            raise RuntimeError("tesseract crashed")
        return real(path, number, *args)

    monkeypatch.setattr(ocr, "ocr_page", flaky)
    result = process_document(str(pdfs["image"]))
    assert result.status == "partial"
    assert [(i.code, i.stage, i.page_no) for i in result.issues if i.stage == "ingest"] == [("page_failed", "ingest", 2)]
    assert {t.page_no for t in result.tables} == {1, 3}


def test_a_pdf_over_the_page_limit_is_refused_before_reading(pdfs):
    from pipeline.batch import process_document

    result = process_document(str(pdfs["born"]), Settings().with_overrides({"ingest.max_pdf_pages": "2"}))
    assert result.status == "failed" and [i.code for i in result.issues] == ["pdf_too_many_pages"]
    assert "setting ingest.max_pdf_pages" in result.issues[0].message
