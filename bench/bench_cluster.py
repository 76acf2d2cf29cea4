"""Documents/s and pages/s of `pipeline run --engine ray` on a local cluster of 1 and 2 workers, and
the engine's overhead per document.

    python -m bench.bench_cluster --copies 2 --small 40 --repeat 3

The mix is the sample reports in raw/ and a scanned PDF (the test fixture's 3 pages `copies` times
over, as images). Each run loads a fresh warehouse; the best of `repeat` runs is shown, since the
machine is shared. A cluster is started (timed on its own) and its workers are started by a first
run that is not counted. The local process pool (`--jobs`, OCR with one process per document) is
timed on the same mix for comparison; its runs include starting its worker processes.

The machine's own parallelism comes first: how much more pure CPU work 2 processes do in a given
time than 1 (2.0 on two idle cores; less when other work shares the machine), which bounds what a
second worker can gain.

Overhead: `small` distinct one-page articles on a 1-worker cluster, the results taken straight from
the engine (no warehouse): the wall time less the work the documents report (their `seconds`), per
document, is what the engine adds (task dispatch, arguments, the result through the object store,
ray.wait). Tasks run one at a time there, so nothing else hides it.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from pdf_fixtures import build_born_digital, build_image_only  # noqa: E402

from pipeline.batch import run_batch  # noqa: E402
from pipeline.cluster import RayCluster  # noqa: E402
from pipeline.settings import DEFAULT  # noqa: E402

ARTICLE = ROOT / "raw" / "004_a1a17b07a1d9badb.txt"


def spin(_: int) -> None:
    total = 0
    for i in range(10_000_000):
        total += i


def parallel_speedup() -> float:
    """Pure CPU work done by 2 processes at once, against 1 process alone, per unit of time."""
    seconds = []
    for processes in (1, 2):
        with ProcessPoolExecutor(processes) as pool:
            list(pool.map(spin, range(processes)))  # started
            start = time.perf_counter()
            list(pool.map(spin, range(processes)))
            seconds.append(time.perf_counter() - start)
    return 2 * seconds[0] / seconds[1]


def best_run(inputs: list[str], db: Path, repeat: int, **options) -> tuple[float, int, int]:
    """The shortest of `repeat` runs, each into a fresh warehouse: seconds, documents, pages."""
    runs = []
    for _ in range(repeat):
        db.unlink(missing_ok=True)
        start = time.perf_counter()
        summary = run_batch(inputs, str(db), **options)
        runs.append((time.perf_counter() - start, summary.documents, summary.pages))
        assert summary.complete, summary
    return min(runs)


def line(label: str, seconds: float, documents: int, pages: int) -> str:
    return (f"{label:<38} {documents} documents, {pages} pages in {seconds:6.2f} s = "
            f"{documents / seconds:5.2f} documents/s, {pages / seconds:6.2f} pages/s")


def overhead(cluster: RayCluster, files: list[str], repeat: int) -> tuple[float, float]:
    """Per document, the least of `repeat` runs: seconds beyond the work, and the work itself."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        work = sum(result.seconds for _, result, _ in cluster.results(files, DEFAULT, False, frozenset()))
        runs.append(((time.perf_counter() - start - work) / len(files), work / len(files)))
    return min(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=2, help="how many times the scanned fixture's 3 pages repeat")
    parser.add_argument("--small", type=int, default=40, help="one-page articles for the overhead per document")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is shown")
    args = parser.parse_args()
    print(f"this machine now runs 2 processes {parallel_speedup():.2f} times as fast as 1", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        scan = build_image_only(build_born_digital(folder / "born.pdf", copies=args.copies), folder / "scan.pdf")
        mix = [str(ROOT / "raw"), str(scan)]
        small = []
        for n in range(args.small):  # distinct bytes, so distinct documents
            small.append(folder / f"article_{n:03}.txt")
            small[-1].write_bytes(ARTICLE.read_bytes() + f"\n{n}\n".encode())
        db = folder / "w.duckdb"

        run_batch([str(ARTICLE)], str(db))  # this process loads its models before the local runs
        for jobs in (1, 2):
            print(line(f"local process pool, --jobs {jobs}", *best_run(mix, db, args.repeat, jobs=jobs)), flush=True)
        for workers in (1, 2):
            start = time.perf_counter()
            with RayCluster(workers=workers, results=folder / "results") as cluster:
                started = time.perf_counter() - start
                best_run(mix, db, 1, engine=cluster, force=True)  # starts the workers and loads their models
                print(line(f"ray, local cluster of {workers} (start {started:.1f} s)",
                           *best_run(mix, db, args.repeat, engine=cluster, force=True)), flush=True)
                if workers == 1:
                    beyond, work = overhead(cluster, [str(p) for p in small], args.repeat)
                    print(f"engine overhead per document: {1000 * beyond:.1f} ms beyond {1000 * work:.0f} ms of "
                          f"work ({args.small} one-page articles, 1 worker)", flush=True)


if __name__ == "__main__":
    main()
