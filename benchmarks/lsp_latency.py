"""Latency of the language server: from an editor's change to the diagnostics it gets back, on a synthetic corpus.

    python benchmarks/lsp_latency.py                  # 200 documents
    python benchmarks/lsp_latency.py --documents 1000 --edits 5

Builds the corpus of benchmarks/speed.py (with the seeds' rules) in a temporary folder, starts `factlint lsp` in a
subprocess with no debounce, opens one document and then changes it `--edits` times, each time waiting for its
diagnostics. Prints the time to the first diagnostics (rules loaded, whole corpus read) and the median and worst
time from a change to its diagnostics (the server keeps the facts of unchanged documents in memory: a change
re-reads the changed buffer and runs the checks).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from lsp_client import Client  # noqa: E402
from speed import make_corpus  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args(argv)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "articles").mkdir()
        make_corpus(root / "articles", args.documents)
        shutil.copytree(ROOT / "rules", root / "rules")
        (root / "factlint.yaml").write_text("paths: [articles]\nrules: [rules]\n", encoding="utf-8")
        doc = root / "articles" / "doc000000.txt"  # the first name make_corpus writes
        uri, text = doc.resolve().as_uri(), doc.read_text(encoding="utf-8")
        client = Client(root, env)
        try:
            client.initialize(root, options={"debounceMs": 0})
            started = time.perf_counter()
            client.open(uri, text)
            first = client.diagnostics(uri)
            opened = time.perf_counter() - started
            changes = []
            for version in range(2, args.edits + 2):
                text = text.replace("\n", f" Edit {version}.\n", 1)
                started = time.perf_counter()
                client.change(uri, text, version)
                client.wait_for("textDocument/publishDiagnostics", lambda p, v=version: p["version"] == v)
                changes.append(time.perf_counter() - started)
        finally:
            client.close()
    print(f"documents {args.documents}: first diagnostics {opened:.2f} s ({len(first)} in the open document); "
          f"change -> diagnostics median {statistics.median(changes):.2f} s, worst {max(changes):.2f} s "
          f"over {len(changes)} edits")
    return 0


if __name__ == "__main__":
    sys.exit(main())
