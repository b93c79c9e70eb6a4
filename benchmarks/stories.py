#!/usr/bin/env python3
"""The story benchmark: lint each many-article story as a user would and score it against its gold annotations.

    python benchmarks/stories.py                      # every set, per story and in total
    python benchmarks/stories.py --set dev --errors   # what went wrong, finding by finding (development sets only)
    python benchmarks/stories.py --json               # for machines (and for benchmarks/README.md's history)

The format of a story and its gold is in benchmarks/stories/README.md. Held-out stories print figures only: their
details are never shown to someone tuning the extractor (`--errors` refuses them).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import yaml

from factlint.extract.numbers import interval
from factlint.model import Count, DateFact, Document, Finding
from factlint.runner import lint, load_rules, read_corpus

HERE = Path(__file__).resolve().parent / "stories"
BLIND = ("heldout",)
ATTRIBUTES = ("metric", "who", "scope", "source", "cumulative", "status", "part_of")
_DET = re.compile(r"^(?:the|a|an|its|their|local|state)\s+")


# --- locating gold text ---------------------------------------------------------------------------------------------

def locate(doc: Document, text: str, nth: int | None) -> list[tuple[int, int]]:
    """Where `text` stands in the article body (after its front matter): the nth occurrence, or every one."""
    out, pos = [], doc.body_start
    while (i := doc.text.find(text, pos)) >= 0:
        out.append((i, i + len(text)))
        pos = i + len(text)
    if nth is not None:
        return out[nth - 1:nth]
    return out


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# --- normalising attribute values ------------------------------------------------------------------------------------

class Names:
    """Entity ids of the story's gazetteer, by name and alias, to compare what factlint says with the gold's ids."""

    def __init__(self, ruleset: Any, story_scope: list[str]) -> None:
        self.ids: dict[str, str] = {}
        for e in ruleset.entities:
            for spelling in (e.name, *e.aliases, e.id):
                self.ids.setdefault(spelling.lower(), e.id)
        self.story_scope = {s.lower() for s in story_scope}

    def norm(self, value: Any, scope: bool = False) -> str | None:
        if value is None:
            return None
        text = " ".join(str(value).lower().split())
        text = self.ids.get(text, text)
        text = self.ids.get(_DET.sub("", text), _DET.sub("", text))
        if scope and text in self.story_scope:
            return None
        return text

    def same(self, gold: Any, found: Any, scope: bool = False) -> bool:
        g, f = self.norm(gold, scope), self.norm(found, scope)
        if g == f:
            return True
        if g is None or f is None:
            return False
        return _head(g) == _head(f)  # "provincial officials" / "officials", "an official" / "officials"


def _head(text: str) -> str:
    """The head noun, singular: "authorities" and "authority", "officials" and "official" are one description."""
    word = text.split()[-1] if text.split() else text
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


# --- scoring one story ----------------------------------------------------------------------------------------------

@dataclass
class Score:
    story: str
    should_report: int = 0
    found: int = 0
    false_findings: int = 0
    trap_hits: int = 0
    findings: int = 0
    gold_counts: int = 0
    counts_right: int = 0  # value + qualifier
    counts_found: int = 0  # aligned at all
    extracted_counts: int = 0
    extracted_aligned: int = 0
    attributes: dict[str, list[int]] = field(default_factory=lambda: {a: [0, 0] for a in ATTRIBUTES})
    gold_dates: int = 0
    dates_right: int = 0  # right value and right event
    dates_value: int = 0  # right value, whatever the event
    errors: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("should_report", "found", "false_findings", "trap_hits", "findings", "gold_counts",
                     "counts_right", "counts_found", "extracted_counts", "extracted_aligned", "gold_dates",
                     "dates_right", "dates_value"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for a in ATTRIBUTES:
            self.attributes[a][0] += other.attributes[a][0]
            self.attributes[a][1] += other.attributes[a][1]


def score_story(folder: Path) -> Score:
    gold = yaml.safe_load((folder / "gold.yaml").read_text(encoding="utf-8"))
    ruleset = load_rules([folder / "story.yaml"], root=folder)
    corpus = read_corpus([folder], ruleset, root=folder)
    report = lint(corpus, ruleset)
    docs = {d.path: d for d in corpus.table.documents}
    names = Names(ruleset, gold.get("story_scope") or [])
    s = Score(folder.name)
    for d in corpus.diagnostics:
        s.errors.append(f"diagnostic: {d}")
    _score_counts(s, gold, docs, corpus.table.facts, names)
    _score_dates(s, gold, docs, corpus.table.facts)
    _score_findings(s, gold, docs, list(report.findings))
    return s


def _gold_span(s: Score, docs: dict[str, Document], item: dict[str, Any], what: str) -> tuple[int, int] | None:
    doc = docs.get(item["doc"])
    spans = locate(doc, str(item["text"]), item.get("nth", 1)) if doc else []
    if not spans:
        s.errors.append(f"gold problem: {what} {item['doc']}: '{item['text']}' (nth {item.get('nth', 1)}) not found")
        return None
    return spans[0]


def _score_counts(s: Score, gold: dict[str, Any], docs: dict[str, Document], facts: list[Any], names: Names) -> None:
    counts = [f for f in facts if isinstance(f, Count)]
    s.extracted_counts = len(counts)
    by_doc: dict[str, list[Count]] = {}
    for c in counts:
        by_doc.setdefault(c.span.path, []).append(c)
    used: set[str] = set()
    aligned: dict[tuple[str, int], Count] = {}  # (doc, gold index) -> the count read there
    golds = gold.get("counts") or []
    spans = [_gold_span(s, docs, g, "count") for g in golds]
    for i, (g, span) in enumerate(zip(golds, spans)):
        s.gold_counts += 1
        if span is None:
            continue
        cands = [c for c in by_doc.get(g["doc"], []) if c.id not in used and overlaps((c.span.start, c.span.end), span)]
        if not cands:
            s.errors.append(f"count missed: {g['doc']}: '{g['text']}' ({g['metric']}, {g['qualifier']})")
            continue
        c = min(cands, key=lambda c: abs(c.span.start - span[0]))
        used.add(c.id)
        aligned[(g["doc"], i)] = c
        s.counts_found += 1
        if _value_right(g, c):
            s.counts_right += 1
        else:
            s.errors.append(f"count value: {g['doc']}: '{g['text']}' gold {g['value']} {g['qualifier']}, "
                            f"read [{c.low}, {c.high}] {c.qualifier}")
    s.extracted_aligned = len(used)
    for c in counts:
        if c.id not in used:
            s.errors.append(f"count extra: {c.span.path}:{c.span.line}: '{c.span.text}' {c.metric}/{c.who}")
    # attributes on aligned pairs
    whole_of = {(g["doc"], g["text"]): i for i, g in enumerate(golds)}
    for (doc, i), c in aligned.items():
        g = golds[i]
        checks = {
            "metric": g["metric"] == c.metric,
            "who": str(g["who"]).lower() == c.who.lower(),
            "scope": names.same(g.get("scope"), c.scope, scope=True),
            "source": names.same(g.get("source"), c.source),
            "cumulative": bool(g.get("cumulative")) == c.cumulative,
            "status": (g.get("status") or "claim") == c.status,
        }
        whole = whole_of.get((doc, g["part_of"])) if g.get("part_of") else None
        whole_fact = aligned.get((doc, whole)) if whole is not None else None
        checks["part_of"] = (c.part_of is None) if g.get("part_of") is None else (
            whole_fact is not None and c.part_of == whole_fact.id)
        for name, ok in checks.items():
            s.attributes[name][1] += 1
            s.attributes[name][0] += ok
            if not ok:
                shown = {"metric": c.metric, "who": c.who, "scope": c.scope, "source": c.source,
                         "cumulative": c.cumulative, "status": c.status, "part_of": c.part_of}[name]
                s.errors.append(f"count {name}: {doc}: '{g['text']}' gold {g.get(name)!r}, read {shown!r}")


def _value_right(g: dict[str, Any], c: Count) -> bool:
    if g["qualifier"] == "vague" or g.get("value") is None:
        return c.qualifier == "vague"
    low, high = interval(g["qualifier"], int(g["value"]))
    return (c.low, c.high) == (low, high)


def _score_dates(s: Score, gold: dict[str, Any], docs: dict[str, Document], facts: list[Any]) -> None:
    dates = [f for f in facts if isinstance(f, DateFact)]
    for g in gold.get("dates") or []:
        s.gold_dates += 1
        span = _gold_span(s, docs, g, "date")
        if span is None:
            continue
        here = [d for d in dates if d.span.path == g["doc"] and overlaps((d.span.start, d.span.end), span)]
        value = str(g["value"])
        if any(d.value == value and d.event == g["event"] for d in here):
            s.dates_right += 1
            s.dates_value += 1
            continue
        if any(d.value == value for d in here):
            s.dates_value += 1
        read = ", ".join(f"{d.value} event={d.event}" for d in here) or "nothing"
        s.errors.append(f"date: {g['doc']}: '{g['text']}' gold {value} event={g['event']}, read {read}")


def _sides(docs: dict[str, Document], item: dict[str, Any]) -> list[tuple[str, list[tuple[int, int]], str]]:
    """Where each side stands: every occurrence of its text in its document (a finding may quote the same figure
    where the article repeats it: which occurrence does not change the contradiction)."""
    out = []
    for side in item.get("sides") or []:
        doc = docs.get(side["doc"])
        out.append((side["doc"], locate(doc, str(side["text"]), None) if doc else [], _number(str(side["text"]))))
    return out


def _covers(f: Finding, sides: list[tuple[str, list[tuple[int, int]], str]], kind: str) -> bool:
    """A finding points at a listed contradiction when its evidence stands on two of its sides (one for a name). A
    side also counts when the finding quotes the same figure in another document that repeats it ("288" in a third
    article), once at least one listed side is hit exactly: the annotators list sides, not every repetition."""
    exact = {i for i, (doc, spans, _) in enumerate(sides)
             if any(ev.span.path == doc and any(overlaps((ev.span.start, ev.span.end), sp) for sp in spans)
                    for ev in f.evidence)}
    need = 1 if kind == "name" else min(2, len(sides))
    if len(exact) >= need or not exact or kind != "count":
        return len(exact) >= need
    by_value = {i for i, (_, _, value) in enumerate(sides)
                if value and any(_number(ev.span.text) == value for ev in f.evidence)}
    values = {sides[i][2] for i in exact | by_value}
    return len(exact | by_value) >= need and len(values) >= 2


def _number(text: str) -> str:
    m = re.search(r"\d[\d,.]*", text)
    return m.group().replace(",", "").rstrip(".") if m else ""


def _score_findings(s: Score, gold: dict[str, Any], docs: dict[str, Document], findings: list[Finding]) -> None:
    reported = [f for f in findings if f.severity in ("error", "warning")]
    s.findings = len(reported)
    want = [(item, _sides(docs, item)) for item in gold.get("should_report") or []]
    traps = [(item, _sides(docs, item)) for item in gold.get("should_not_report") or []]
    s.should_report = len(want)
    matched: set[int] = set()
    for f in reported:
        hits = [i for i, (item, sides) in enumerate(want) if _covers(f, sides, item.get("kind", "count"))]
        matched.update(hits)
        if not hits:
            s.false_findings += 1
            trap = next((item["id"] for item, sides in traps if _covers(f, sides, item.get("kind", "count"))), None)
            s.trap_hits += trap is not None
            where = ", ".join(sorted({f"{ev.span.path}:{ev.span.line} '{ev.span.text}'" for ev in f.evidence}))
            s.errors.append(f"false finding [{f.rule}]{' (trap ' + trap + ')' if trap else ''}: {f.message} -- {where}")
    s.found = len(matched)
    for i, (item, _) in enumerate(want):
        if i not in matched:
            s.errors.append(f"contradiction missed [{item.get('kind')}] {item['id']}: {item.get('why', '')}")


# --- the report -----------------------------------------------------------------------------------------------------

def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "  - "


def row(s: Score) -> dict[str, Any]:
    out: dict[str, Any] = {
        "story": s.story,
        "contradictions": f"{s.found}/{s.should_report}",
        "recall": round(s.found / s.should_report, 3) if s.should_report else None,
        "false_findings": s.false_findings,
        "trap_hits": s.trap_hits,
        "count_recall": round(s.counts_right / s.gold_counts, 3) if s.gold_counts else None,
        "count_precision": round(s.extracted_aligned / s.extracted_counts, 3) if s.extracted_counts else None,
        "dated_events": round(s.dates_right / s.gold_dates, 3) if s.gold_dates else None,
    }
    for a in ATTRIBUTES:
        right, total = s.attributes[a]
        out[a] = round(right / total, 3) if total else None
    return out


def render(sets: dict[str, list[Score]]) -> str:
    lines = []
    head = (f"{'story':32} {'found':>7} {'recall':>6} {'false':>5} {'traps':>5} {'cnt R':>5} {'cnt P':>5} "
            f"{'dates':>5} " + " ".join(f"{a[:6]:>6}" for a in ATTRIBUTES))
    for name, scores in sets.items():
        total = Score(f"TOTAL {name}")
        lines.append(f"== {name}")
        lines.append(head)
        for s in scores + [total]:
            if s is not total:
                total.add(s)
            r = row(s)
            lines.append(
                f"{s.story[:32]:32} {r['contradictions']:>7} {_ratio(s.found, s.should_report):>6} "
                f"{s.false_findings:>5} {s.trap_hits:>5} {_ratio(s.counts_right, s.gold_counts):>5} "
                f"{_ratio(s.extracted_aligned, s.extracted_counts):>5} {_ratio(s.dates_right, s.gold_dates):>5} "
                + " ".join(f"{_ratio(*s.attributes[a]):>6}" for a in ATTRIBUTES))
        n = len(scores)
        problems = sum(1 for s in scores for e in s.errors if e.startswith(("gold problem", "diagnostic")))
        by_rule = Counter(e.split("]")[0].split("[")[1] for s in scores for e in s.errors if e.startswith("false finding"))
        missed = Counter(e.split("]")[0].split("[")[1] for s in scores for e in s.errors
                         if e.startswith("contradiction missed"))
        lines.append("   false findings by rule: " + (", ".join(f"{k} {v}" for k, v in by_rule.most_common()) or "none")
                     + "; missed by kind: " + (", ".join(f"{k} {v}" for k, v in missed.most_common()) or "none"))
        lines.append(f"   false findings per story: {total.false_findings / n:.1f}; gold texts not found and input "
                     f"warnings: {problems}" if n else "")
        lines.append("")
    lines.append("found: contradictions found / listed; false: error or warning findings that point at none of them "
                 "(traps: of which at a listed look-alike); cnt R: gold counts read with the right value and "
                 "qualifier; cnt P: counts read that are gold counts; dates: gold event dates read with the right "
                 "value and event; then attribute accuracy on aligned counts.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", action="append", help="a set under benchmarks/stories (default: all)")
    parser.add_argument("--story", action="append", help="only this story (slug)")
    parser.add_argument("--errors", action="store_true", help="list every miss and false finding (dev sets only)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    names = args.set or sorted(p.name for p in HERE.iterdir() if p.is_dir())
    if args.errors and any(n in BLIND for n in names):
        parser.error("--errors shows held-out stories' details; choose a development set with --set")
    sets: dict[str, list[Score]] = {}
    for name in names:
        folders = sorted(p for p in (HERE / name).iterdir() if (p / "gold.yaml").is_file())
        sets[name] = [score_story(p) for p in folders if not args.story or p.name in args.story]
    if args.json:
        print(json.dumps({name: [row(s) for s in scores] for name, scores in sets.items()}, indent=2))
    else:
        sys.stdout.write(render(sets))
    if args.errors:
        for scores in sets.values():
            for s in scores:
                print(f"\n### {s.story}")
                kinds = Counter(e.split(":")[0] for e in s.errors)
                print("  " + ", ".join(f"{k}: {v}" for k, v in kinds.most_common()))
                for e in s.errors:
                    print("  " + e)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
