"""Validation throughput on a synthetic document the size of a large annual report, several times over.

Usage (from the repository root, so that this checkout is imported): python -m bench.bench_validate [--repeat 5]
"""
from __future__ import annotations

import argparse
import random
import time

from pipeline.models import BudgetLine, Document, DocumentResult, Fact, IndicatorValue, KostraValue
from pipeline.validate import validate


def budget_table(rng: random.Random, table_id: str, rows: int) -> list[BudgetLine]:
    lines = []
    for row_idx in range(rows + 1):
        is_sum = row_idx == rows
        if is_sum:
            regnskap = sum(line.regnskap for line in lines) / 1000
            budsjett = sum(line.revidert_budsjett for line in lines) / 1000
        else:
            budsjett = rng.randint(1_000, 900_000)
            regnskap = round(budsjett * rng.uniform(0.8, 1.2))
        avvik = budsjett - regnskap
        lines.append(BudgetLine(table_id, row_idx, None, None, "Sum" if is_sum else f"{row_idx}-Område", is_sum, 2024,
                                regnskap * 1000, budsjett * 1000, budsjett * 1000, avvik * 1000,
                                round(100 * avvik / budsjett, 1), 1000, 10, 100 + row_idx, "raw"))
    return lines


def document(rng: random.Random) -> DocumentResult:
    budget = [line for t in range(60) for line in budget_table(rng, f"t{t}", 8)]
    kostra = [KostraValue(f"k{t}", r, c, f"Indikator {t}.{r}", None, f"Region {c}", 2024, rng.uniform(0, 100), None, "%",
                          20, 500, "raw") for t in range(40) for r in range(10) for c in range(7)]
    indicators = [IndicatorValue(f"i{t}", r, c, None, None, f"Indikator {r}", 2020 + c, rng.uniform(0, 100), None,
                                 None, 30, 900, "raw") for t in range(40) for r in range(8) for c in range(4)]
    facts = [Fact(f"key_{k}", rng.uniform(0, 100), "pct", 2024, 3, 40, 40, "e", "e", "raw") for k in range(60)]
    doc = Document("0" * 64, "synthetic.txt", "txt", 134, [])
    return DocumentResult(doc, facts=facts,
                          marts={"budget_lines": budget, "kostra_values": kostra, "indicator_values": indicators})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(7)
    timings = []
    for _ in range(args.repeat):
        result = document(rng)
        rows = sum(len(v) for v in result.marts.values()) + len(result.facts)
        start = time.perf_counter()
        validate(result)
        timings.append(time.perf_counter() - start)
    best = min(timings)
    print(f"validate: {rows} rows per document, best {best * 1000:.1f} ms, median "
          f"{sorted(timings)[len(timings) // 2] * 1000:.1f} ms, {rows / best:,.0f} rows/s")


if __name__ == "__main__":
    main()
