"""OCR of PDF pages without a text layer: render with pypdfium2, read words with Tesseract (Norwegian).

Each page is one single-threaded Tesseract run; pages run in parallel in a process pool, since
Tesseract's own threading oversubscribes small machines. Tesseract is called directly (TSV on
stdout, the image on stdin): no temporary image file and no pandas import per run.

Besides the words, the image gives what a text layer's drawing gives: long dark runs are rulings
(they are erased before Tesseract reads the page, which drops digits that touch them) and long runs
of a light shade are filled bands, whose top and bottom edges separate rows as a PDF's filled
rectangles do. A page whose text runs sideways is turned upright first (Tesseract's orientation
detection, asked only when the strokes show sideways text).
"""
from __future__ import annotations

import csv
import io
import os
import subprocess
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

import numpy as np
import pypdfium2
from PIL import Image

from pipeline import codes
from pipeline.errors import InputError
from pipeline.models import Ruling, Word, overlaps
from pipeline.settings import IngestSettings

# sparse text: every word wherever it stands, no line model, so a line of values set between two
# label lines is not merged into either; lines are rebuilt from word positions (pipeline.ingest.pdf)
TESSERACT_ARGS = ("--psm", "11")
RULING_INCHES = 0.5  # dark runs this long are table rulings, not letters
# grey levels: darker than INK over a ruling's length is a ruling (a thin rule resampled from a 200 dpi
# scan fades to 150-170), lighter than that but darker than PAPER a shaded band
INK, PAPER = 176, 245
DARK = 128  # ink of letters, for the orientation test
RULE_INCHES = 0.04  # a dark run thinner than this is a ruling; a thicker one a filled box (its edges count)
SIDEWAYS = 1.2  # strokes this much longer vertically than horizontally: the text runs sideways
_RULING_TEXT = set("|_¦—=~.,'`:;-[]")  # Tesseract reads rulings and scan specks as words made only of these
DASHES = {"-", "–"}  # a dash alone is a printed value (nil), not a ruling


class OcrWords(list):
    """The words of one OCR'd page (a list of Word) with what else the image shows: its rulings and
    band edges (Ruling records, points) and the degrees it was turned clockwise to read upright."""

    def __init__(self, words=(), rulings: tuple[Ruling, ...] = (), rotation: int = 0):
        super().__init__(words)
        self.rulings = tuple(rulings)
        self.rotation = rotation


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


def ocr_page(path: str, number: int, dpi: int, language: str) -> list[Word]:
    """Render one page and OCR it; coordinates are scaled back to points so both routes share geometry.
    The result is an OcrWords: the words, and the page's rulings and rotation."""
    pdf = pypdfium2.PdfDocument(path)
    try:
        image = pdf[number - 1].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    finally:
        pdf.close()
    rotation = upright_rotation(image, dpi)
    if rotation:
        image = image.rotate(-rotation, expand=True)  # PIL turns counter-clockwise
    pixels = np.asarray(image)
    length = int(dpi * RULING_INCHES)
    ink = pixels < INK
    across, down = _long_runs(ink, length), _long_runs(ink, length, vertical=True)
    shaded = _long_runs(pixels < PAPER, length)
    scale = 72 / dpi  # a pixel is 0.24 pt at 300 dpi
    rulings = _rulings(across, down, shaded, pixels, int(dpi * RULE_INCHES), scale)
    erased = _erased(pixels, across, down)
    found = _read_with_lone_characters(erased, language, dpi)
    return OcrWords([Word(text, *(round(v * scale, 2) for v in box)) for text, *box in found], rulings, rotation)


def upright_rotation(image: Image.Image, dpi: int) -> int:
    """Degrees clockwise to turn the page so its text reads upright: 0 unless the strokes run
    sideways (ink smeared over letter gaps makes long runs along a line of text, short across it),
    then what Tesseract's orientation detection says."""
    small = np.asarray(image.reduce(max(1, dpi // 100))) < DARK
    along, across = _stroke_length(small), _stroke_length(small.T)
    if across <= SIDEWAYS * along:
        return 0
    return _osd_rotation(image.reduce(2))


def _smeared(dark: np.ndarray, gap: int) -> np.ndarray:
    """The ink with horizontal gaps of up to `gap` pixels closed."""
    closed = dark.copy()
    for k in range(1, gap + 1):
        closed[:, k:] |= dark[:, :-k]
    return closed


def _stroke_length(dark: np.ndarray, smear: int = 3) -> float:
    """Mean length of the horizontal runs of ink once gaps of up to `smear` pixels are closed."""
    closed = _smeared(dark, smear)
    starts = np.count_nonzero(closed[:, 1:] & ~closed[:, :-1]) + np.count_nonzero(closed[:, 0])
    return np.count_nonzero(closed) / max(starts, 1)


def _osd_rotation(image: Image.Image) -> int:
    done = _tesseract(image, ("--psm", "0"))
    for line in done.splitlines():
        if line.startswith("Rotate:"):
            return int(line.split(":")[1]) % 360
    return 0


Runs = tuple[np.ndarray, np.ndarray, np.ndarray]  # horizontal runs of a mask: rows, first and one-past-last columns


def _runs(mask: np.ndarray) -> Runs:
    """The mask's horizontal runs, row by row, left to right."""
    edges = np.diff(np.pad(mask, ((0, 0), (1, 1))).astype(np.int8), axis=1)
    rows, columns = np.nonzero(edges)  # a run's start and its end alternate along each row
    return rows[0::2], columns[0::2], columns[1::2]


def _long_runs(mask: np.ndarray, length: int, vertical: bool = False) -> Runs:
    """Runs of at least `length` pixels, horizontal or vertical (then rows are columns). They are found
    on the mask shrunk along them, a pixel there true where a few in a row are: a ninth of the work."""
    step = max(1, length // 50)
    along = mask.T if vertical else mask
    cut = along.shape[1] // step * step
    shrunk = along[:, 0:cut:step].copy()
    for k in range(1, step):
        shrunk &= along[:, k:cut:step]
    rows, starts, ends = _runs(shrunk)
    keep = ends - starts >= length // step
    return rows[keep], starts[keep] * step, ends[keep] * step


def _erased(pixels: np.ndarray, across: Runs, down: Runs) -> Image.Image:
    """The page with its rulings whitened, and a pixel beside them (their grey anti-aliased edge):
    Tesseract drops the digits that touch a table's rulings."""
    cleared = pixels.copy()
    height, width = cleared.shape
    for (rows, starts, ends), transposed in ((across, False), (down, True)):
        for y, a, b in zip(rows.tolist(), starts.tolist(), ends.tolist()):
            if transposed:
                cleared[max(0, a - 1):b + 1, max(0, y - 1):y + 2] = 255
            else:
                cleared[max(0, y - 1):y + 2, max(0, a - 1):b + 1] = 255
    return Image.fromarray(cleared)


def _rulings(across: Runs, down: Runs, shaded: Runs, pixels: np.ndarray, thin: int, scale: float
             ) -> tuple[Ruling, ...]:
    """Rulings in points: thin dark runs as they are, the top and bottom edges of thick dark boxes
    and of light shaded bands (as a PDF's filled rectangles give edges); vertical rulings likewise."""
    found = []
    for runs, transposed in ((across, False), (down, True)):
        for x0, y0, x1, y1 in _boxes(runs):
            edges = [(y0, y1)] if y1 - y0 <= thin else [(y0, y0 + 1), (y1 - 1, y1)]
            found += [(top, x0, bottom, x1) if transposed else (x0, top, x1, bottom) for top, bottom in edges]
    for x0, y0, x1, y1 in _boxes(shaded):  # a band is taller than a ruling and light on the whole
        if y1 - y0 > 2 * thin and pixels[y0:y1, x0:x1].mean() > INK:
            found += [(x0, y0, x1, y0 + 1), (x0, y1 - 1, x1, y1)]
    return tuple(Ruling(*(round(v * scale, 2) for v in box)) for box in found)


def _boxes(runs: Runs) -> list[tuple[int, int, int, int]]:
    """Bounding boxes (x0, y0, x1, y1) of runs, each run joined with the runs it overlaps in the row above."""
    boxes: list[list[int]] = []
    previous: list[tuple[int, int, list[int]]] = []
    current: list[tuple[int, int, list[int]]] = []
    row = None
    for y, a, b in zip(*(part.tolist() for part in runs)):
        if y != row:
            previous = current if row is not None and y == row + 1 else []
            current, row = [], y
        box = next((box for pa, pb, box in previous if pa < b and a < pb), None)
        if box is None:
            box = [a, y, b, y + 1]
            boxes.append(box)
        else:
            box[0], box[2], box[3] = min(box[0], a), max(box[2], b), y + 1
        current.append((a, b, box))
    return [(x0, y0, x1, y1) for x0, y0, x1, y1 in boxes]


Found = list[tuple[str, int, int, int, int]]  # words as text and pixel box (x0, y0, x1, y1)


def _read(image: Image.Image, args: tuple[str, ...]) -> Found:
    """Tesseract's words (TSV level 5), without rulings read as text."""
    words = []
    for row in csv.reader(io.StringIO(_tesseract(image, args, "tsv")), delimiter="\t", quoting=csv.QUOTE_NONE):
        if len(row) < 12 or row[0] != "5":
            continue
        text = row[11].strip()
        if not text or (set(text) <= _RULING_TEXT and text not in DASHES):
            continue
        left, top, width, height = (int(v) for v in row[6:10])
        words.append((text, left, top, left + width, top + height))
    return _without_inner(words)


def _without_inner(words: Found) -> Found:
    """The words less those whose box lies mostly in a larger word's box: Tesseract now and then
    reports the "%" after "71,5" again inside the box it gave "71,5"."""
    if len(words) < 2:
        return words
    x0, y0, x1, y1 = np.array([box for _, *box in words], dtype=float).T
    overlap = (np.clip(np.minimum(x1[:, None], x1) - np.maximum(x0[:, None], x0), 0, None)
               * np.clip(np.minimum(y1[:, None], y1) - np.maximum(y0[:, None], y0), 0, None))
    area = (x1 - x0) * (y1 - y0)
    inner = ((area[:, None] < area) & (overlap > 0.6 * area[:, None])).any(axis=1)
    return [word for word, drop in zip(words, inner) if not drop]


def _read_with_lone_characters(image: Image.Image, language: str, dpi: int) -> Found:
    """The page's words. Tesseract's sparse reading drops a character standing alone ("7" in a column
    of meeting counts) as noise; such blobs that no word covers are cut out, stacked one per line
    into a small image, read as a block in a second run and put back where they came from. Most
    pages have none, and skip the second run."""
    found = _read(image, ("-l", language, *TESSERACT_ARGS))
    missed = [blob for blob in _lone_blobs(np.asarray(image) < DARK, max(1, dpi // 100))
              if not any(overlaps(blob, box) for _, *box in found)]
    if not missed:
        return found
    pad = max(y1 - y0 for _, y0, _, y1 in missed)  # white space around each piece: a line height
    crops = [image.crop(blob) for blob in missed]
    sheet = Image.new("L", (max(c.width for c in crops) + 2 * pad, sum(c.height + 2 * pad for c in crops)), 255)
    slots, top = [], 0
    for crop in crops:
        sheet.paste(crop, (pad, top + pad))
        slots.append(top)
        top += crop.height + 2 * pad
    for text, x0, y0, x1, y1 in _read(sheet, ("-l", language, "--psm", "6")):
        k = max(i for i, slot in enumerate(slots) if slot <= (y0 + y1) / 2)
        dx, dy = missed[k][0] - pad, missed[k][1] - pad - slots[k]
        box = (x0 + dx, y0 + dy, x1 + dx, y1 + dy)
        if not any(overlaps(box, other) for _, *other in found):
            found.append((text, *box))
    return found


def _lone_blobs(ink: np.ndarray, f: int) -> list[tuple[int, int, int, int]]:
    """Pixel boxes of blobs of one or two characters' size with no other ink near them on their
    line (two line heights either side), found at 1/f of the resolution with letters smeared together."""
    small = ink[:ink.shape[0] // f * f, :ink.shape[1] // f * f]
    small = np.logical_or.reduce([small[k::f] for k in range(f)])
    small = np.logical_or.reduce([small[:, k::f] for k in range(f)])
    smeared = _smeared(small, 2)  # letters of one word touch
    boxes = np.array(_boxes(_runs(smeared)), dtype=float).reshape(-1, 4)
    if len(boxes) < 2:
        return []
    x0, y0, x1, y1 = boxes.T
    letters = y1 - y0 > 2  # at 100 dpi two pixels are half a millimetre: dots, commas, the ring of an å
    if not letters.any():
        return []
    height = np.median((y1 - y0)[letters])
    short = np.nonzero((y1 - y0 >= 0.5 * height) & (y1 - y0 <= 2 * height) & (x1 - x0 <= 1.5 * height))[0]
    if not len(short):
        return []
    same_line = np.minimum(y1[short, None], y1) - np.maximum(y0[short, None], y0) > 0.3 * height
    gap = np.maximum(x0 - x1[short, None], x0[short, None] - x1)
    gap[~same_line] = np.inf
    gap[np.arange(len(short)), short] = np.inf
    lone = short[gap.min(axis=1) >= 2 * height]
    return [(int(x0[k]) * f, int(y0[k]) * f, int(x1[k]) * f, int(y1[k]) * f) for k in lone]


def _tesseract(image: Image.Image, args: tuple[str, ...], output: str | None = None) -> str:
    """Run Tesseract on one image (a fast-compressed PNG on stdin: Tesseract reads it quicker than an
    uncompressed PGM), single-threaded, and return what it prints."""
    data = io.BytesIO()
    image.save(data, "PNG", compress_level=1)
    done = subprocess.run(["tesseract", "stdin", "stdout", *args, *([output] if output else [])],
                          input=data.getvalue(), capture_output=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"},
                          check=False)
    if done.returncode != 0 and output:  # orientation detection fails on pages with too little text
        raise RuntimeError(f"tesseract failed: {done.stderr.decode(errors='replace').strip()[-200:]}")
    return done.stdout.decode("utf-8", errors="replace")


def check_tesseract(given: str, language: str) -> None:
    """Tesseract and its language data are installed, or the document fails with a clear reason."""
    try:
        listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=False)
    except OSError as exc:
        raise InputError(codes.OCR_MISSING, given) from exc
    if language not in listed.stdout.split():
        raise InputError(codes.OCR_LANGUAGE_MISSING, given, language=language)
