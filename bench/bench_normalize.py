"""Normalizer speed and memory on the OCR'd sample report (134 pages).

Start-up is importing the normalizer and opening the compiled lexicon (built beforehand by the set-up
script); restoring is `restore_lines` over the whole report, the first run with cold caches.

Usage (from the repository root, so that this checkout is imported): python -m bench.bench_normalize [--repeat 3]
"""
from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1] / "raw" / "000_254b6088d6d1ac92.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("path", nargs="?", type=Path, default=SAMPLE)
    args = parser.parse_args()

    start = time.perf_counter()
    from pipeline.normalize import restore_lines
    from pipeline.normalize.lexicon import load_lexicon

    lexicon = load_lexicon()
    startup = time.perf_counter() - start

    from pipeline.ingest.text import decode, split_lines

    lines = split_lines(decode(args.path.read_bytes()))
    tokens = sum(len(line.split()) for line in lines)
    timings = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        restore_lines(lines, lexicon)
        timings.append(time.perf_counter() - start)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"normalize: {len(lexicon):,} lexicon forms, start-up {startup:.3f} s; {len(lines):,} lines, "
          f"{tokens:,} tokens: first run {timings[0]:.3f} s ({tokens / timings[0]:,.0f} tokens/s), "
          f"best {min(timings):.3f} s ({tokens / min(timings):,.0f} tokens/s); peak memory {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
