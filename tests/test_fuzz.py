"""Damaged, random and extreme inputs through process_document.

Every input ends as a result (loaded, partial or failed, with coded issues) or as the pipeline's own
coded error for a path that is no document; no stage crashes on it; and the work grows linearly
with the length of a line (quadratic steps were found on lines of a few hundred KB).
"""
from __future__ import annotations

import os
import random
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pipeline import codes
from pipeline.batch import process_document
from pipeline.errors import PipelineError
from pipeline.settings import Settings
from pipeline.warehouse.store import document_rows

RAW = Path(__file__).resolve().parents[1] / "raw"
TEXTS = [(RAW / "004_a1a17b07a1d9badb.txt").read_bytes(),
         b"\n".join((RAW / "000_254b6088d6d1ac92.txt").read_bytes().splitlines()[2870:2960])]
FAST_OCR = Settings().with_overrides({"ingest.ocr_dpi": "72"})  # mutated PDFs may lose their text layer
CRASHES = {codes.STAGE_FAILED.name}
# The warehouse's keys within one document (pipeline/schemas/001_core.sql).
PRIMARY_KEYS = {"pages": ("page_no",), "lines": ("line_no",), "tables": ("table_id",),
                "table_cells": ("table_id", "row_idx", "col_idx")}
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(data: bytes, suffix: str):
    """The result of a document with these bytes, or the coded error; a crashed stage fails the test."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        try:
            result = process_document(str(path), FAST_OCR)
        except PipelineError as error:
            assert error.code.name in codes.CATALOGUE
            return error
    assert result.status in ("loaded", "partial", "failed")
    crashed = [i.message for i in result.issues if i.code in CRASHES]
    assert not crashed, crashed
    assert all(i.code in codes.CATALOGUE for i in result.issues)
    rows = document_rows(result)
    for table, key in PRIMARY_KEYS.items():  # rows the warehouse would refuse
        keys = [tuple(row[k] for k in key) for row in rows[table]]
        assert len(keys) == len(set(keys)), table
    return result


def mutate(data: bytes, draw) -> bytes:
    """One damage a file can suffer: flipped bits, a cut, a splice, shuffled or doubled lines, a very
    long line, control characters."""
    kind = draw(st.sampled_from(["flip", "cut", "splice", "shuffle", "long_line", "controls"]))
    rng = random.Random(draw(st.integers(0, 2**32)))
    if kind == "flip":
        buf = bytearray(data)
        for _ in range(rng.randint(1, 40)):
            buf[rng.randrange(len(buf))] ^= 1 << rng.randrange(8)
        return bytes(buf)
    if kind == "cut":
        return data[: rng.randrange(len(data))]
    if kind == "splice":
        at, other = rng.randrange(len(data)), rng.choice(TEXTS)
        return data[:at] + other[rng.randrange(len(other)):] + data[at:]
    lines = data.split(b"\n")
    if kind == "shuffle":
        rng.shuffle(lines)
        return b"\n".join(lines + lines[: rng.randrange(len(lines))])
    if kind == "long_line":
        return b" ".join(lines) * rng.randint(1, 4)
    return bytes(b if rng.random() > 0.05 else rng.randrange(32) for b in data)


@FUZZ
@given(st.data())
def test_mutated_reports_end_in_a_result_or_a_coded_error(data):
    base = data.draw(st.sampled_from(TEXTS))
    outcome(mutate(base, data.draw), data.draw(st.sampled_from([".txt", ".md", ".html"])))


@FUZZ
@given(st.binary(min_size=0, max_size=4000), st.sampled_from([".txt", ".pdf", ".html"]))
def test_random_bytes_end_in_a_result_or_a_coded_error(blob, suffix):
    outcome(blob, suffix)


@FUZZ
@given(st.text(min_size=1, max_size=3000))
def test_random_unicode_text(text):
    outcome(text.encode("utf-8", "surrogatepass"), ".txt")


@pytest.fixture(scope="module")
def pdf_bytes(tmp_path_factory) -> bytes:
    """A one-page report with prose and an unruled table, written uncompressed so that flipped bits
    damage text and layout rather than only the compression."""
    path = tmp_path_factory.mktemp("fuzz") / "rapport.pdf"
    page = canvas.Canvas(str(path), pagesize=A4, pageCompression=0)
    page.drawString(60, 780, "Årsrapport 2024 for Fjellvåg kommune. Netto driftsresultat ble 2,1 prosent.")
    for row, (label, *values) in enumerate([("Tjeneste", "Regnskap", "Budsjett"), ("Skole", "1 200", "1 150"),
                                           ("Helse", "3 400", "3 500"), ("Sum", "4 600", "4 650")]):
        for x, text in zip((60, 300, 400), (label, *values)):
            page.drawString(x, 700 - 16 * row, text)
    page.save()
    return path.read_bytes()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.data())
def test_mutated_pdfs_end_in_a_result_or_a_coded_error(pdf_bytes, data):
    outcome(mutate(pdf_bytes, data.draw), ".pdf")


LINE_SHAPES = {
    "prose": lambda rng, n: " ".join(rng.choice(TEXTS[0].decode().split()) for _ in range(n // 24)),
    "one_token": lambda rng, n: "".join(rng.choice("abcdefghijklmnopqrstuvwxyzæøå") for _ in range(n)),
    "numbers_and_bars": lambda rng, n: " | ".join(str(rng.randint(0, 999)) for _ in range(n // 6)),
    "punctuation": lambda rng, n: "".join(rng.choice(".,;:-()%") for _ in range(n)),
    "percentages": lambda rng, n: " ".join(f"{rng.randint(0, 99)},{rng.randint(0, 9)} %" for _ in range(n // 7)),
}


def cpu_seconds(line: str) -> float:
    """CPU time of this process for one document holding the line (the best of two runs)."""
    times = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "lang.txt"
        path.write_text(f"Side 1 av 1\n{line}\n", encoding="utf-8")
        for _ in range(2):
            start = time.process_time()
            process_document(str(path))
            times.append(time.process_time() - start)
    return min(times)


@pytest.mark.parametrize("shape", LINE_SHAPES)
def test_work_grows_linearly_with_the_length_of_a_line(shape):
    """Four times the line, at most eight times the work (quadratic would be sixteen), measured as
    CPU time of this process so that other processes do not count."""
    rng = random.Random(7)
    short, long = (LINE_SHAPES[shape](rng, n) for n in (40_000, 160_000))
    assert cpu_seconds(long) < 8 * max(cpu_seconds(short), 0.05)


def _setting_values():
    """(key, value) pairs within each numeric setting's range."""
    import dataclasses

    pairs = []
    for section in Settings().sections():
        for f in dataclasses.fields(section):
            low, high, kind = f.metadata["low"], f.metadata["high"], type(f.default)
            if kind not in (int, float) or section.name in ("ingest", "cluster"):
                continue  # OCR and the engine are not exercised by a text report
            top = high if high is not None else max(2 * f.default, (low or 0) + 1)
            values = (st.integers(int(low or 0), int(top)) if kind is int
                      else st.floats(float(low or 0), float(top), allow_nan=False))
            pairs.append(st.tuples(st.just(f"{section.name}.{f.name}"), values))
    return st.one_of(pairs)


@settings(max_examples=int(os.environ.get("SETTINGS_EXAMPLES", "8")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_setting_values(), min_size=1, max_size=4))
def test_any_valid_settings_run_every_stage_without_a_crash(pairs):
    """Thresholds anywhere in their ranges change what is found, never whether a stage runs."""
    from pipeline.stages import STRICT

    token = STRICT.set(True)  # a stage that raises fails the test with its traceback
    try:
        result = process_document(str(Path(__file__).parent / "data" / "synth" / "r2_ocr.txt"),
                                  Settings().with_overrides(dict(pairs)))
    finally:
        STRICT.reset(token)
    assert result.status == "loaded"
