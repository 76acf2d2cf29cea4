"""Benchmark the facts stage: start-up (building the spaCy pipeline) and one report through it.

    python -m bench.bench_facts [REPORT] [--runs N]

Target: the 134-page sample (raw/000_*.txt) in under 2 seconds after start-up.
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1] / "raw" / "000_254b6088d6d1ac92.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("report", nargs="?", default=str(DEFAULT))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    start = time.perf_counter()
    from pipeline.facts import extract_facts  # spaCy's import is part of start-up
    from pipeline.facts.nlp import build_nlp
    from pipeline.ingest import read_document

    build_nlp()
    startup = time.perf_counter() - start
    doc = read_document(args.report)
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        found = extract_facts(doc)
        facts, entities = found.facts, found.entities
        times.append(time.perf_counter() - start)
    print(f"report {Path(args.report).name}: {len(doc.pages)} pages, {len(facts)} facts, {len(entities)} entities")
    print(f"startup_s {startup:.3f} facts_median_s {statistics.median(times):.3f} facts_max_s {max(times):.3f} "
          f"runs {args.runs}")


if __name__ == "__main__":
    main()
