"""OCR of PDF pages without a text layer: render with pypdfium2, read words with Tesseract (Norwegian).

Each page is one single-threaded Tesseract run; pages run in parallel in a process pool, since
Tesseract's own threading oversubscribes small machines.
"""
from __future__ import annotations

import os
import re
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

import pypdfium2
import pytesseract

from pipeline.models import Word

DPI = 300  # Tesseract reads body text best at 300 dpi
LANGUAGE = "nor"
# Tesseract reads table rulings and scan specks as words made only of these
_RULING = re.compile(r"^[|_¦—=~.,'`:;\-\[\]]+$")
DASHES = {"-", "–"}  # a dash alone is a printed value (nil), not a ruling


class OcrError(RuntimeError):
    """Tesseract or its Norwegian language data is missing."""


def ocr_pages(path: Path, numbers: list[int], jobs: int = 1) -> dict[int, list[Word]]:
    """Words with positions (in PDF points) for each 1-based page number, OCR'd in `jobs` processes."""
    _check_tesseract()
    read = partial(ocr_page, str(path))
    if jobs <= 1 or len(numbers) <= 1:
        return {number: read(number) for number in numbers}
    with ProcessPoolExecutor(max_workers=min(jobs, len(numbers))) as pool:
        return dict(zip(numbers, pool.map(read, numbers)))


def ocr_page(path: str, number: int) -> list[Word]:
    """Render one page and OCR it; coordinates are scaled back to points so both routes share geometry."""
    os.environ["OMP_THREAD_LIMIT"] = "1"  # inherited by the tesseract process pytesseract starts
    pdf = pypdfium2.PdfDocument(path)
    try:
        image = pdf[number - 1].render(scale=DPI / 72).to_pil().convert("L")
    finally:
        pdf.close()
    data = pytesseract.image_to_data(image, lang=LANGUAGE, output_type=pytesseract.Output.DICT)
    return words_from_data(data, 72 / DPI)


def words_from_data(data: dict[str, list], scale: float) -> list[Word]:
    """Word-level entries of Tesseract's image_to_data, without rulings read as text."""
    words = []
    for level, text, left, top, width, height in zip(
            data["level"], data["text"], data["left"], data["top"], data["width"], data["height"]):
        text = text.strip()
        if level != 5 or not text or (_RULING.match(text) and text not in DASHES):
            continue
        words.append(Word(text, left * scale, top * scale, (left + width) * scale, (top + height) * scale))
    return words


def _check_tesseract() -> None:
    try:
        languages = pytesseract.get_languages()
    except (pytesseract.TesseractNotFoundError, OSError) as exc:
        raise OcrError("scanned pages need Tesseract OCR; install tesseract-ocr and tesseract-ocr-nor") from exc
    if LANGUAGE not in languages:
        raise OcrError("scanned pages need Tesseract's Norwegian data; install tesseract-ocr-nor")
