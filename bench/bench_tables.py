"""Benchmark: recover every table of a report (default: the 134-page sample), after start-up.

    python -m bench.bench_tables [REPORT] [--repeat N]

Reading and decoding the report is start-up; the timed part is extract_tables + build_marts.
Target: under 0.3 s for the sample.
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from pipeline.ingest import read_document
from pipeline.normalize.document import restore_document
from pipeline.tables import extract_tables
from pipeline.tables.marts import build_marts

SAMPLE = Path(__file__).resolve().parents[1] / "raw/000_254b6088d6d1ac92.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("report", nargs="?", default=str(SAMPLE))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    timings = []
    doc = restore_document(read_document(args.report))  # tables read the restored text, as in a run
    for _ in range(args.repeat):
        start = time.perf_counter()
        tables = extract_tables(doc).tables
        marts = build_marts(tables)
        timings.append(time.perf_counter() - start)
    cells = sum(len(t.cells) for t in tables)
    print(f"{Path(args.report).name}: {doc.n_pages} pages, {len(tables)} tables, {cells} cells, "
          f"{sum(map(len, marts.values()))} mart rows")
    print(f"tables: first {timings[0]:.3f} s, best {min(timings):.3f} s, median {statistics.median(timings):.3f} s over {args.repeat} runs")


if __name__ == "__main__":
    main()
