"""Pages per second of the PDF route: born-digital pages (text layer) and the same pages as images (OCR).

    python -m bench.bench_pdf --copies 4 --jobs 2

Builds the test fixture report (`copies` times over), reads it through ingest and the layout tables
stage, and prints pages/s per route with the OCR route's quality against the text layer: character
error rate of the page text and cell recall of the tables.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from pdf_fixtures import TABLES, build_born_digital, build_image_only, cell_recall, character_error_rate  # noqa: E402

from pipeline.ingest import read_document  # noqa: E402
from pipeline.settings import IngestSettings  # noqa: E402
from pipeline.tables import extract_tables  # noqa: E402


def timed(path: Path, jobs: int):
    start = time.perf_counter()
    doc = read_document(path, IngestSettings(ocr_jobs=jobs))
    tables = extract_tables(doc).tables
    return doc, tables, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=2, help="how many times the fixture's pages repeat")
    parser.add_argument("--jobs", type=int, default=2, help="OCR processes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        born_path = build_born_digital(Path(folder) / "born.pdf", copies=args.copies)
        image_path = build_image_only(born_path, Path(folder) / "scan.pdf")
        born, born_tables, born_s = timed(born_path, args.jobs)
        scan, scan_tables, scan_s = timed(image_path, args.jobs)
    pages = len(born.pages)
    first = [t for t in scan_tables if t.page_no <= len(TABLES)]
    cer = sum(character_error_rate(s.raw_text, b.raw_text) for s, b in zip(scan.pages, born.pages)) / pages
    print(f"born-digital: {pages} pages in {born_s:.2f} s = {pages / born_s:.1f} pages/s, "
          f"cell recall {cell_recall(born_tables):.4f}")
    print(f"image-only (OCR, jobs={args.jobs}): {pages} pages in {scan_s:.2f} s = {pages / scan_s:.2f} pages/s, "
          f"CER {cer:.4f}, cell recall {cell_recall(first):.4f}")


if __name__ == "__main__":
    main()
