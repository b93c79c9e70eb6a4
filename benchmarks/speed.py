"""Throughput, CPU and peak memory of whole `factlint lint` runs, cold and warm, on synthetic corpora.

    python benchmarks/speed.py                          # 1,000 documents
    python benchmarks/speed.py --sizes 1000,10000       # 100000 takes a while (cold runs read every document)
    python benchmarks/speed.py --sizes 2000 --only cold,names

Each size gets a corpus made of the seeds and the gold passages (varied news prose), copied with shifted
publication dates and figures, in a temporary folder. Every run is the real command in a new process, timed by the
operating system (wall time, CPU time of the process and its workers, and their peak resident memory):

- cold: `--no-cache --jobs 1`, every document read and extracted in one process;
- jobs: `--no-cache` with every core;
- warm: the fact cache filled by a first run, then one document changed (a pre-commit run: the whole corpus is
  linted, one document is read again);
- names: `--no-cache --jobs 1 --select canonical-name`, only the names checked (and read).

No timed unit test checks these figures (machines differ); quote them, with the command, where they matter.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_MARKER = re.compile(r"\A(?:---\s*\ndate:\s*(\d{4}-\d{2}-\d{2})\s*\n---\s*\n| ?date (\d{4}-\d{2}-\d{2}) )")
RUNS = ("cold", "jobs", "warm", "names")


def sources() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "gold" / "passages").glob("*.txt"))]
    return texts


def make_corpus(folder: Path, n: int) -> int:
    texts = sources()
    size = 0
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text = texts[i % len(texts)]
        m = _MARKER.match(text)
        body = text[m.end():] if m else text
        day = dt.date(2024, 1, 1) + dt.timedelta(days=i % 300)
        # shift figures a little so documents differ; keep the prose
        body = re.sub(r"\b(\d{2,3})\b", lambda d, shift=i % 7: str(int(d.group(1)) + shift), body)
        out = f"---\ndate: {day.isoformat()}\n---\n{body}"
        (folder / f"doc{i:06d}.txt").write_text(out, encoding="utf-8")
        size += len(out.encode("utf-8"))
    return size


@dataclass
class Measured:
    wall: float
    cpu: float
    rss_mb: float


def measure(args: list[str], cwd: Path) -> Measured:
    """One run of the command: wall time, and the CPU time and peak memory of it and its workers."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "factlint", *args], cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"factlint {' '.join(args)} failed: {proc.stderr.read().decode()[-500:] if proc.stderr else ''}")
    return Measured(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def bench(n: int, only: tuple[str, ...], tmp: Path) -> dict[str, Measured]:
    work = tmp / f"corpus-{n}"
    corpus = work / "articles"
    size = make_corpus(corpus, n)
    shutil.copytree(ROOT / "rules", work / "rules")
    lint = ["lint", "articles", "--format", "json", "--exit-zero", "--rules", "rules"]
    out: dict[str, Measured] = {}
    print(f"\n{n} documents, {size / 1e6:.1f} MB", flush=True)
    for run in only:
        if run == "cold":
            out[run] = measure([*lint, "--no-cache", "--jobs", "1"], work)
        elif run == "jobs":
            out[run] = measure([*lint, "--no-cache"], work)
        elif run == "names":
            out[run] = measure([*lint, "--no-cache", "--jobs", "1", "--select", "canonical-name"], work)
        elif run == "warm":
            measure(lint, work)  # fill the cache
            first = sorted(corpus.iterdir())[0]
            first.write_text(first.read_text(encoding="utf-8") + "\nThe toll rose to 12, officials said.\n",
                             encoding="utf-8")
            out[run] = measure([*lint, "--jobs", "1"], work)
        m = out[run]
        print(f"  {run:6} wall {m.wall:7.2f} s  cpu {m.cpu:7.2f} s  {n / m.wall:8.0f} docs/s  "
              f"{size / 1e6 / m.wall:6.2f} MB/s  peak RSS {m.rss_mb:6.0f} MB", flush=True)
    shutil.rmtree(work, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--sizes", default="1000", help="comma-separated corpus sizes (documents)")
    parser.add_argument("--only", default=",".join(RUNS), help=f"runs to make, of: {', '.join(RUNS)}")
    args = parser.parse_args(argv)
    only = tuple(r for r in args.only.split(",") if r)
    unknown = [r for r in only if r not in RUNS]
    if unknown:
        parser.error(f"unknown runs: {', '.join(unknown)}")
    with tempfile.TemporaryDirectory(prefix="factlint-speed-") as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            bench(n, only, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
