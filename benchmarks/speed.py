"""Throughput and peak memory of a whole lint run on a synthetic corpus.

    python benchmarks/speed.py                  # 200 documents
    python benchmarks/speed.py --documents 2000

The corpus is made of the gold passages and seeds (varied news prose), copied with shifted publication dates and
figures into a temporary folder, so every rule type has work to do. It reports documents, megabytes, facts and
findings, wall time for reading+extraction and for the rules, and peak resident memory. No timed unit test checks
these figures; quote them in the closing note of a change that moves them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factlint.engine import run  # noqa: E402
from factlint.runner import load_rules, read_corpus  # noqa: E402

_MARKER = re.compile(r"\A(?:---\s*\ndate:\s*(\d{4}-\d{2}-\d{2})\s*\n---\s*\n| ?date (\d{4}-\d{2}-\d{2}) )")


def sources() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "gold" / "passages").glob("*.txt"))]
    return texts


def make_corpus(folder: Path, n: int) -> int:
    texts = sources()
    size = 0
    for i in range(n):
        text = texts[i % len(texts)]
        m = _MARKER.match(text)
        body = text[m.end():] if m else text
        day = dt.date(2024, 1, 1) + dt.timedelta(days=i % 300)
        # shift figures a little so documents differ; keep the prose
        body = re.sub(r"\b(\d{2,3})\b", lambda d, shift=i % 7: str(int(d.group(1)) + shift), body)
        out = f"---\ndate: {day.isoformat()}\n---\n{body}"
        (folder / f"doc{i:05d}.txt").write_text(out, encoding="utf-8")
        size += len(out.encode("utf-8"))
    return size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=200)
    args = parser.parse_args(argv)
    rules = load_rules([ROOT / "rules"])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        size = make_corpus(folder, args.documents)
        started = time.perf_counter()
        corpus = read_corpus([folder], rules, root=folder)
        extracted = time.perf_counter()
        findings = run(rules.rules, corpus.table)
        checked = time.perf_counter()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"documents {args.documents}, {size / 1e6:.2f} MB, {len(corpus.table.facts)} facts, {len(findings)} findings")
    print(f"read+extract {extracted - started:.2f} s ({size / 1e6 / (extracted - started):.2f} MB/s), "
          f"rules {checked - extracted:.2f} s, peak RSS {peak_kb / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
