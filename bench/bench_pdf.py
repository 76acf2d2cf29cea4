"""Pages per second of the PDF route: born-digital pages (text layer) and the same pages as images (OCR).

    python -m bench.bench_pdf --copies 4 --jobs 2

Builds the test fixture report (`copies` times over) and its image-only twin, and times:
- born-digital: ingest and the tables stage, pages/s; the first document read in a process also
  pays the imports, so it is timed separately from a second read of it;
- scanned: the same through OCR with `jobs` processes, against plain `tesseract -l nor` (default
  page segmentation, text out) on the same pages at the same resolution with the same number of
  processes: once with each page rendered as part of it (Tesseract cannot read a PDF), once on
  images rendered beforehand (Tesseract alone).
Wall time depends on what else the machine runs; CPU time (this process and its children: pool
workers, Tesseract runs) much less, so both are printed. Also the OCR route's quality against the
text layer: character error rate and cell recall.
"""
from __future__ import annotations

import argparse
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import pypdfium2  # noqa: E402
from pdf_fixtures import TABLES, build_born_digital, build_image_only, cell_recall, character_error_rate  # noqa: E402

from pipeline.ingest import read_document  # noqa: E402
from pipeline.settings import IngestSettings  # noqa: E402
from pipeline.tables import extract_tables  # noqa: E402


def cpu_seconds() -> float:
    """CPU time of this process and of its children that ended (pool workers, Tesseract runs)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(path: Path, settings: IngestSettings):
    start, cpu = time.perf_counter(), cpu_seconds()
    doc = read_document(path, settings)
    tables = extract_tables(doc).tables
    return doc, tables, time.perf_counter() - start, cpu_seconds() - cpu


def _plain_page(scan: str, number: int, dpi: int, language: str, image: str | None) -> None:
    """Plain Tesseract on one page: render it (unless `image` holds it already) and read it."""
    if image is None:
        pdf = pypdfium2.PdfDocument(scan)
        data = io.BytesIO()
        pdf[number - 1].render(scale=dpi / 72, grayscale=True).to_pil().save(data, "PNG", compress_level=1)
        pdf.close()
        subprocess.run(["tesseract", "stdin", "stdout", "-l", language], input=data.getvalue(), capture_output=True,
                       env={**os.environ, "OMP_THREAD_LIMIT": "1"}, check=True)
    else:
        subprocess.run(["tesseract", image, "stdout", "-l", language], capture_output=True,
                       env={**os.environ, "OMP_THREAD_LIMIT": "1"}, check=True)


def plain_tesseract(scan: Path, pages: int, settings: IngestSettings, images: list[str | None]) -> tuple[float, float]:
    """Seconds (wall, CPU) for plain `tesseract IMAGE stdout -l LANG` (default segmentation, text out)
    over every page, `ocr_jobs` pages at a time; each page rendered first unless `images` holds it."""
    start, cpu = time.perf_counter(), cpu_seconds()
    with ProcessPoolExecutor(max_workers=settings.ocr_jobs) as pool:
        list(pool.map(_plain_page, [str(scan)] * pages, range(1, pages + 1), [settings.ocr_dpi] * pages,
                      [settings.ocr_language] * pages, images))
    return time.perf_counter() - start, cpu_seconds() - cpu


def rendered(scan: Path, folder: Path, dpi: int) -> list[str]:
    pdf = pypdfium2.PdfDocument(str(scan))
    paths = []
    for number, page in enumerate(pdf, start=1):
        paths.append(str(folder / f"page{number}.png"))
        page.render(scale=dpi / 72, grayscale=True).to_pil().save(paths[-1])
    pdf.close()
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=2, help="how many times the fixture's pages repeat")
    parser.add_argument("--jobs", type=int, default=2, help="OCR processes")
    args = parser.parse_args()
    settings = IngestSettings(ocr_jobs=args.jobs)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        born_path = build_born_digital(folder / "born.pdf", copies=args.copies)
        image_path = build_image_only(born_path, folder / "scan.pdf")
        _, _, cold_s, _ = timed(born_path, settings)
        born, born_tables, born_s, _ = timed(born_path, settings)
        scan, scan_tables, scan_s, scan_cpu = timed(image_path, settings)
        pages = len(born.pages)
        plain_s, plain_cpu = plain_tesseract(image_path, pages, settings, [None] * pages)
        images = rendered(image_path, folder, settings.ocr_dpi)
        alone_s, alone_cpu = plain_tesseract(image_path, pages, settings, images)
    first = [t for t in scan_tables if t.page_no <= len(TABLES)]
    cer = sum(character_error_rate(s.raw_text, b.raw_text) for s, b in zip(scan.pages, born.pages)) / pages
    print(f"born-digital: {pages} pages in {born_s:.2f} s = {pages / born_s:.1f} pages/s "
          f"(first read in the process, imports included: {cold_s:.2f} s = {pages / cold_s:.1f} pages/s), "
          f"cell recall {cell_recall(born_tables):.4f}")
    print(f"scanned (jobs={args.jobs}): {pages} pages in {scan_s:.2f} s = {pages / scan_s:.2f} pages/s, "
          f"CPU {scan_cpu:.2f} s; CER {cer:.4f}, cell recall {cell_recall(first):.4f}")
    print(f"  plain tesseract -l {settings.ocr_language}, each page rendered: {plain_s:.2f} s, CPU {plain_cpu:.2f} s; "
          f"ratio {scan_s / plain_s:.2f} wall, {scan_cpu / plain_cpu:.2f} CPU")
    print(f"  plain tesseract on pages rendered beforehand: {alone_s:.2f} s, CPU {alone_cpu:.2f} s; "
          f"ratio {scan_s / alone_s:.2f} wall, {scan_cpu / alone_cpu:.2f} CPU")


if __name__ == "__main__":
    main()
