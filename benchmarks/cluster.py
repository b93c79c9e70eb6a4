"""The Dask backend against one process: wall time and CPU time of each phase, on the corpus of speed.py.

    python benchmarks/cluster.py                          # 1000 documents, a local cluster of 2 workers
    python benchmarks/cluster.py --documents 5000 --workers 4
    python benchmarks/cluster.py --scheduler tcp://HOST:8786

It runs the same corpus in this process (one process, no cache) and on the cluster (no cache), checks that the
findings are the same, and prints for each: reading and extraction, the corpus passes included; the checks; and
the CPU seconds of this process (the client) and of the workers. On a machine with as many free cores as workers,
wall time follows the workers' CPU time divided by their number; the client's CPU time is what does not spread.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from speed import make_corpus  # noqa: E402

from factlint import distributed  # noqa: E402
from factlint.engine import run  # noqa: E402
from factlint.runner import load_rules, read_corpus  # noqa: E402


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def worker_cpu() -> float:
    import psutil

    times = psutil.Process(os.getpid()).cpu_times()
    return float(times.user + times.system)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--scheduler", default="local", help="a Dask scheduler's address, or local (default)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of a local cluster (default 2)")
    args = parser.parse_args(argv)
    rules = load_rules([ROOT / "rules"])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        size = make_corpus(folder, args.documents)
        c0, t0 = cpu(), time.perf_counter()
        corpus = read_corpus([folder], rules, root=folder)
        c1, t1 = cpu(), time.perf_counter()
        findings = run(rules.rules, corpus.table)
        c2, t2 = cpu(), time.perf_counter()
        print(f"documents {args.documents}, {size / 1e6:.2f} MB, {len(corpus.table.facts)} facts, "
              f"{len(findings)} findings")
        print(f"one process: read+extract {t1 - t0:.2f} s ({c1 - c0:.2f} CPU s), rules {t2 - t1:.2f} s "
              f"({c2 - c1:.2f} CPU s)")
        started = time.perf_counter()
        with distributed.connect(args.scheduler, args.workers) as backend:
            connected = time.perf_counter()
            w0 = sum(backend.client.run(worker_cpu).values())
            c3, t3 = cpu(), time.perf_counter()
            there = read_corpus([folder], rules, root=folder, backend=backend)
            w1 = sum(backend.client.run(worker_cpu).values())
            c4, t4 = cpu(), time.perf_counter()
            found = backend.run(rules.rules, there.table)
            w2 = sum(backend.client.run(worker_cpu).values())
            c5, t5 = cpu(), time.perf_counter()
            workers = len(backend.client.nthreads())
    print(f"dask ({workers} workers, connected in {connected - started:.2f} s): read+extract {t4 - t3:.2f} s "
          f"(client {c4 - c3:.2f} CPU s, workers {w1 - w0:.2f} CPU s), rules {t5 - t4:.2f} s "
          f"(client {c5 - c4:.2f} CPU s, workers {w2 - w1:.2f} CPU s)")
    print(f"same findings: {'yes' if found == findings else 'NO'}")
    return 0 if found == findings else 1


if __name__ == "__main__":
    sys.exit(main())
