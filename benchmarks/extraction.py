"""Score factlint's extraction against hand-written gold annotations.

    python benchmarks/extraction.py                 # the development sets (seeds, passages), a table
    python benchmarks/extraction.py --set heldout   # the held-out set: quote it, never tune on it
    python benchmarks/extraction.py --set passages --errors   # one set, with every miss and false alarm
    python benchmarks/extraction.py --json

Gold files (`tests/gold/<set>/*.gold.yaml`) are factlint facts files (see factlint/factfiles.py): the document they
annotate, its publication date, and its counts, dates and mentions. Each set has its rule set: the seeds use the
project's `rules/`, the passages their own `tests/gold/passages/story.yaml` (a gazetteer and events written the way a
user would for a new story).

Facts are aligned per document and kind on a key, the nearer pair first:
- counts on value + qualifier + metric (low, high, qualifier, metric); on the aligned pairs, the accuracy of `who`,
  `cumulative`, `status` and `source` is reported too;
- dates on the resolved value; on aligned pairs, the accuracy of the linked event;
- mentions of gazetteer entities on the canonical name.
Every gold date written with a weekday must resolve exactly: those are listed separately.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factlint import factfiles  # noqa: E402
from factlint.documents import read_document  # noqa: E402
from factlint.extract.corpusdates import resolve_corpus_dates  # noqa: E402
from factlint.model import Count, DateFact, Fact, Mention  # noqa: E402
from factlint.runner import load_rules, make_extractor  # noqa: E402

SETS = {
    "seeds": (ROOT / "tests" / "gold" / "seeds", [ROOT / "rules"]),
    "passages": (ROOT / "tests" / "gold" / "passages", [ROOT / "tests" / "gold" / "passages" / "story.yaml"]),
    "heldout": (ROOT / "tests" / "gold" / "heldout", [ROOT / "tests" / "gold" / "heldout" / "story.yaml"]),
}
GUIDELINE_METRICS = frozenset({"killed", "wounded", "missing", "displaced", "evacuated", "rescued", "arrested"})
WEEKDAY = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")


def count_key(f: Count) -> tuple[Any, ...]:
    return (f.low, f.high, f.qualifier, f.metric)


def date_key(f: DateFact) -> tuple[Any, ...]:
    return (f.value,)


def mention_key(f: Mention) -> tuple[Any, ...]:
    return (f.canonical,)


KINDS: dict[str, tuple[type, Callable[[Any], tuple[Any, ...]]]] = {
    "counts": (Count, count_key), "dates": (DateFact, date_key), "mentions": (Mention, mention_key),
}
ATTRIBUTES = {"counts": ("who", "cumulative", "status", "source"), "dates": ("event",), "mentions": ()}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    attrs: dict[str, list[int]] = field(default_factory=dict)  # name -> [right, total]
    errors: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        for k, (r, t) in other.attrs.items():
            self.attrs.setdefault(k, [0, 0])
            self.attrs[k][0] += r
            self.attrs[k][1] += t
        self.errors.extend(other.errors)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _norm(value: Any) -> Any:
    return " ".join(value.lower().split()) if isinstance(value, str) else value


def align(gold: list[Fact], pred: list[Fact], key: Callable[[Any], tuple[Any, ...]], attrs: Iterable[str],
          where: str) -> Score:
    """Greedy alignment on equal keys, nearest positions first."""
    score = Score()
    pairs = sorted(
        ((abs(g.span.start - p.span.start), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred)
         if key(g) == key(p)),
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, i, j in pairs:
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        score.tp += 1
        for name in attrs:
            gv, pv = _norm(getattr(gold[i], name)), _norm(getattr(pred[j], name))
            right = gv == pv
            score.attrs.setdefault(name, [0, 0])
            score.attrs[name][0] += right
            score.attrs[name][1] += 1
            if not right:
                score.errors.append(f"{where}: {name} of {gold[i].span.text!r}: gold {gv!r}, got {pv!r}")
    for i, g in enumerate(gold):
        if i not in used_g:
            score.fn += 1
            score.errors.append(f"{where}: missed {g.span.text!r} {key(g)}")
    for j, p in enumerate(pred):
        if j not in used_p:
            score.fp += 1
            score.errors.append(f"{where}:{p.span.line}: false alarm {p.span.text!r} {key(p)}")
    return score


def weekday_failures(gold: list[Fact], pred: list[Fact], where: str) -> tuple[int, list[str]]:
    total, failures = 0, []
    for g in gold:
        if not isinstance(g, DateFact) or not WEEKDAY.search(g.span.text):
            continue
        total += 1
        hits = [p for p in pred if isinstance(p, DateFact) and p.span.start < g.span.end and g.span.start < p.span.end]
        if not any(p.value == g.value for p in hits):
            got = [p.value for p in hits]
            failures.append(f"{where}: weekday {g.span.text!r}: gold {g.value}, got {got or 'nothing'}")
    return total, failures


def evaluate(name: str) -> dict[str, Any]:
    folder, rules = SETS[name]
    extractor = make_extractor(load_rules(rules))
    totals = {kind: Score() for kind in KINDS}
    weekdays, weekday_errors = 0, []
    files = sorted(folder.glob("*.gold.yaml"))
    golds, docs, extracted = [], [], []
    for gold_path in files:
        gold = factfiles.load_yaml(gold_path, gold_path.relative_to(ROOT).as_posix(), (ROOT,))
        if gold.document is None:
            raise SystemExit(f"{gold_path}: a gold file must name its document")
        doc, _ = read_document(ROOT / gold.document.path, gold.document.path)
        assert doc is not None, gold.document.path
        doc, facts = extractor.extract(doc)
        golds.append(gold)
        docs.append(doc)
        extracted.extend(facts)
    # the set is one corpus: the corpus pass settles what single documents leave open (as `factlint lint` does)
    docs, extracted = resolve_corpus_dates(docs, extracted, lambda d: extractor.extract(d)[1])
    for gold, doc in zip(golds, docs):
        facts = [f for f in extracted if f.span.path == doc.path]
        where = Path(doc.path).name
        for kind, (cls, key) in KINDS.items():
            g = [f for f in gold.facts if isinstance(f, cls)]
            # "now", "recently" (PRESENT_REF, PAST_REF) date nothing: the gold annotates dates only
            # counts of what the gold guideline does not annotate (tests/gold/README.md: rescuers deployed, people
            # trapped or in hospital, a crowd, a family's children) are read under metrics of their own, which no
            # casualty rule compares: they are left out, as a TempEval scorer leaves out what its task excludes
            p = [f for f in facts if isinstance(f, cls) and not (isinstance(f, Mention) and f.entity is None)
                 and not (isinstance(f, DateFact) and f.granularity == "ref")
                 and not (isinstance(f, Count) and f.metric not in GUIDELINE_METRICS)]
            totals[kind].add(align(g, p, key, ATTRIBUTES[kind], where))
        n, errs = weekday_failures(gold.facts, facts, where)
        weekdays += n
        weekday_errors.extend(errs)
    return {"set": name, "documents": len(files), "scores": totals, "weekdays": weekdays,
            "weekday_errors": weekday_errors}


def table(result: dict[str, Any]) -> str:
    lines = [f"{result['set']} ({result['documents']} documents)",
             f"  {'kind':9} {'gold':>5} {'found':>5} {'P':>6} {'R':>6} {'F1':>6}   attributes on aligned pairs"]
    for kind, s in result["scores"].items():
        attrs = "  ".join(f"{k} {r}/{t}" for k, (r, t) in s.attrs.items())
        lines.append(f"  {kind:9} {s.tp + s.fn:5d} {s.tp + s.fp:5d} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}   {attrs}")
    ok = result["weekdays"] - len(result["weekday_errors"])
    lines.append(f"  weekday expressions resolved exactly: {ok}/{result['weekdays']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=list(SETS), action="append", help="gold set(s) to score (default: all)")
    parser.add_argument("--errors", action="store_true", help="list every miss, false alarm and wrong attribute")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    # the held-out set is scored only when asked for by name, so that nobody tunes against it by accident
    names = args.set or [name for name in SETS if name != "heldout"]
    results = [evaluate(name) for name in names]
    if args.json:
        print(json.dumps([{
            "set": r["set"], "documents": r["documents"], "weekdays": r["weekdays"],
            "weekday_failures": len(r["weekday_errors"]),
            "scores": {k: {"precision": s.precision, "recall": s.recall, "f1": s.f1, "tp": s.tp, "fp": s.fp,
                           "fn": s.fn, "attributes": {a: {"right": rt, "total": t} for a, (rt, t) in s.attrs.items()}}
                       for k, s in r["scores"].items()},
        } for r in results], indent=2))
        return 0
    for r in results:
        print(table(r))
        if args.errors:
            for s in r["scores"].values():
                for e in s.errors:
                    print("    " + e)
            for e in r["weekday_errors"]:
                print("    " + e)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
