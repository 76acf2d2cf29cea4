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

import numpy as np
import pypdfium2
import pytesseract
from PIL import Image

from pipeline import codes
from pipeline.errors import InputError
from pipeline.models import Word
from pipeline.settings import IngestSettings
# page segmentation: one uniform block; lines are rebuilt from word positions, and table rows stay whole
TESSERACT_CONFIG = "--psm 6"
RULING_INCHES = 0.5  # dark runs this long are table rulings, not letters
# Tesseract reads table rulings and scan specks as words made only of these
_RULING = re.compile(r"^[|_¦—=~.,'`:;\-\[\]]+$")
DASHES = {"-", "–"}  # a dash alone is a printed value (nil), not a ruling


def ocr_pages(path: Path, numbers: list[int], settings: IngestSettings) -> dict[int, list[Word] | Exception]:
    """Words with positions (in PDF points) for each 1-based page number, OCR'd in `ocr_jobs`
    processes; a page that fails gives its exception instead, and the others go on."""
    read = partial(_ocr_page_or_error, str(path), settings.ocr_dpi, settings.ocr_language)
    if settings.ocr_jobs <= 1 or len(numbers) <= 1:
        return {number: read(number) for number in numbers}
    with ProcessPoolExecutor(max_workers=min(settings.ocr_jobs, len(numbers))) as pool:
        return dict(zip(numbers, pool.map(read, numbers)))


def _ocr_page_or_error(path: str, dpi: int, language: str, number: int) -> list[Word] | Exception:
    try:
        return ocr_page(path, number, dpi, language)
    except Exception as error:  # returned, not raised: one unreadable page must not cost the others
        return error


def ocr_page(path: str, number: int, dpi: int = 300, language: str = "nor") -> list[Word]:
    """Render one page and OCR it; coordinates are scaled back to points so both routes share geometry."""
    os.environ["OMP_THREAD_LIMIT"] = "1"  # inherited by the tesseract process pytesseract starts
    pdf = pypdfium2.PdfDocument(path)
    try:
        image = pdf[number - 1].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        pdf.close()
    image = erase_rulings(image, int(dpi * RULING_INCHES))
    data = pytesseract.image_to_data(image, lang=language, config=TESSERACT_CONFIG,
                                     output_type=pytesseract.Output.DICT)
    return words_from_data(data, 72 / dpi)


def erase_rulings(image: Image.Image, length: int) -> Image.Image:
    """Whiten horizontal and vertical dark runs of at least `length` pixels: Tesseract drops the
    digits that touch a table's rulings."""
    dark = np.asarray(image) < 128
    ruling = _long_runs(dark, length) | _long_runs(dark.T, length).T
    ruling = _window(np.pad(ruling, 1), 3, np.logical_or)  # and the grey anti-aliased edge beside it
    ruling = _window(ruling.T, 3, np.logical_or).T
    pixels = np.asarray(image).copy()
    pixels[ruling] = 255
    return Image.fromarray(pixels)


def _long_runs(dark: np.ndarray, length: int) -> np.ndarray:
    """Pixels on a horizontal run of at least `length` dark pixels (a morphological opening)."""
    starts = _window(dark, length, np.logical_and)  # a full run of `length` begins here
    return _window(np.pad(starts, ((0, 0), (length - 1, length - 1))), length, np.logical_or)


def _window(mask: np.ndarray, length: int, combine) -> np.ndarray:
    """combine(mask[:, j], ..., mask[:, j + length - 1]) at each column j, by doubling the window."""
    span = 1
    while span < length:
        step = min(span, length - span)
        mask = combine(mask[:, :-step], mask[:, step:])
        span += step
    return mask


def words_from_data(data: dict[str, list], scale: float) -> list[Word]:
    """Word-level entries of Tesseract's image_to_data, without rulings read as text."""
    words = []
    for level, text, left, top, width, height in zip(
            data["level"], data["text"], data["left"], data["top"], data["width"], data["height"]):
        text = text.strip()
        if level != 5 or not text or (_RULING.match(text) and text not in DASHES):
            continue
        box = (round(v * scale, 2) for v in (left, top, left + width, top + height))  # a pixel is 0.24 pt
        words.append(Word(text, *box))
    return words


def check_tesseract(given: str, language: str) -> None:
    """Tesseract and its language data are installed, or the document fails with a clear reason."""
    try:
        languages = pytesseract.get_languages()
    except (pytesseract.TesseractNotFoundError, OSError) as exc:
        raise InputError(codes.OCR_MISSING, given) from exc
    if language not in languages:
        raise InputError(codes.OCR_LANGUAGE_MISSING, given, language=language)
