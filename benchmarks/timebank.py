"""Score factlint's date extraction on TimeML news (TimeBank 1.2 / TempEval-3 TBAQ-cleaned), TempEval-3 style.

    python benchmarks/timebank.py --corpus /work/data/tbaq            # dev and held-out scores
    python benchmarks/timebank.py --corpus DIR --errors               # + every dev miss, wrong value, false alarm
    python benchmarks/timebank.py --corpus DIR --json

The corpus is not part of the repository: give the folder that holds the `.tml` files (searched recursively). Each
document's DCT (creation time) is its publication date; factlint's extraction runs over the TEXT with the packaged
generic rules, and its date facts are scored against the gold TIMEX3 expressions of type DATE:

- extent (relaxed): a system date is right when it overlaps a gold DATE timex; a gold DATE is found when a system
  date overlaps it;
- value: the same, and the values are equal (TIMEX3 strings, as TempEval-3 compares them);
- a system date that overlaps only gold timexes of another type (TIME, DURATION, SET) is left out of precision.

Documents are split once, by a fixed rule chosen before any score was seen: a document is held out when the SHA-256
of its file name, read as an integer, is divisible by 3. Tune on `dev` only; `--errors` lists dev errors only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factlint.model import DateFact, Document  # noqa: E402
from factlint.runner import load_rules, make_extractor  # noqa: E402

_TAG = re.compile(r"<(/?)([A-Za-z0-9_-]+)([^>]*?)(/?)>")
_ATTR = re.compile(r'([A-Za-z]+)="([^"]*)"')


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass
class TmlDoc:
    name: str
    dct: dt.date
    text: str
    gold: list[Timex]


def part_of(name: str) -> str:
    """The fixed split: held out when sha256(file name) is divisible by 3."""
    return "heldout" if int(hashlib.sha256(name.encode()).hexdigest(), 16) % 3 == 0 else "dev"


def parse_tml(path: Path) -> TmlDoc:
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r"<DCT>\s*<TIMEX3[^>]*value=\"(\d{4}-\d{2}-\d{2})", raw)
    body = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
    if not dct or not body:
        raise SystemExit(f"{path}: no DCT date or no TEXT")
    out: list[str] = []
    size = 0
    gold: list[Timex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    pos = 0
    content = body.group(1)
    for m in _TAG.finditer(content):
        chunk = html.unescape(content[pos:m.start()])
        out.append(chunk)
        size += len(chunk)
        pos = m.end()
        if m.group(2) != "TIMEX3":
            continue
        if m.group(1):
            if open_timex is not None:
                start, attrs = open_timex
                text = "".join(out)[start:size]
                gold.append(Timex(start, size, attrs.get("type", ""), attrs.get("value", ""), text))
            open_timex = None
        elif not m.group(4):
            open_timex = (size, dict(_ATTR.findall(m.group(3))))
    out.append(html.unescape(content[pos:]))
    return TmlDoc(path.name, dt.date.fromisoformat(dct.group(1)), "".join(out), gold)


def shape(value: str) -> str:
    for name, pattern in (
        ("day", r"\d{4}-\d\d-\d\d"), ("week", r"\d{4}-W\d\d"), ("weekend", r"\d{4}-W\d\d-WE"),
        ("month", r"\d{4}-\d\d"), ("year", r"\d{4}"), ("quarter", r"\d{4}-Q\d"), ("half", r"\d{4}-H\d"),
        ("season", r"\d{4}-(?:SP|SU|FA|WI)"), ("decade", r"\d{3}"), ("century", r"\d\d"),
        ("ref", r"(?:PAST|PRESENT|FUTURE)_REF"),
    ):
        if re.fullmatch(pattern, value):
            return "ref:" + value.split("_")[0].lower() if name == "ref" else name
    return "underspecified" if "X" in value else "other"


@dataclass
class Score:
    gold: int = 0
    system: int = 0
    extent_found: int = 0  # gold DATEs overlapped by a system date
    extent_right: int = 0  # system dates overlapping a gold DATE
    value_found: int = 0
    value_right: int = 0
    shapes: Counter[str] = field(default_factory=Counter)  # "shape/gold", "shape/extent", "shape/value"
    errors: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("gold", "system", "extent_found", "extent_right", "value_found", "value_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.shapes.update(other.shapes)
        self.errors.extend(other.errors)

    def prf(self, kind: str) -> tuple[float, float, float]:
        right, found = getattr(self, f"{kind}_right"), getattr(self, f"{kind}_found")
        p = right / self.system if self.system else 1.0
        r = found / self.gold if self.gold else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _overlap(a: Any, b: Any) -> bool:
    return bool(a.start < b.end and b.start < a.end)


def _context(doc: TmlDoc, start: int, end: int) -> str:
    left = doc.text[max(0, start - 50):start].replace("\n", " ")
    right = doc.text[end:end + 50].replace("\n", " ")
    return f"...{left}[{doc.text[start:end]}]{right}..."


def score_document(doc: TmlDoc, facts: list[DateFact]) -> Score:
    s = Score()
    dates = [t for t in doc.gold if t.type == "DATE"]
    others = [t for t in doc.gold if t.type != "DATE"]
    system = [f for f in facts if any(_overlap(f.span, g) for g in dates) or not any(_overlap(f.span, o) for o in others)]
    s.gold, s.system = len(dates), len(system)
    for g in dates:
        hits = [f for f in system if _overlap(f.span, g)]
        sh = shape(g.value)
        s.shapes[f"{sh}/gold"] += 1
        if hits:
            s.extent_found += 1
            s.shapes[f"{sh}/extent"] += 1
        if any(f.value == g.value for f in hits):
            s.value_found += 1
            s.shapes[f"{sh}/value"] += 1
        elif hits:
            got = ", ".join(f"{f.value} from {f.span.text!r}" for f in hits)
            s.errors.append(f"{doc.name} DCT {doc.dct}: gold {g.value} ({sh}), got {got}  {_context(doc, g.start, g.end)}")
        else:
            s.errors.append(f"{doc.name} DCT {doc.dct}: gold {g.value} ({sh}), missed  {_context(doc, g.start, g.end)}")
    for f in system:
        golds = [g for g in dates if _overlap(f.span, g)]
        if golds:
            s.extent_right += 1
            s.value_right += any(f.value == g.value for g in golds)
        else:
            s.errors.append(f"{doc.name} DCT {doc.dct}: no gold DATE, got {f.value}  {_context(doc, f.span.start, f.span.end)}")
    return s


def evaluate(folder: Path) -> dict[str, Score]:
    extractor = make_extractor(load_rules([]))
    parts = {"dev": Score(), "heldout": Score()}
    files = sorted(folder.rglob("*.tml"))
    if not files:
        raise SystemExit(f"{folder}: no .tml files")
    for path in files:
        doc = parse_tml(path)
        _, facts = extractor.extract(Document(path.name, doc.text, doc.dct, "front-matter"))
        parts[part_of(path.name)].add(score_document(doc, [f for f in facts if isinstance(f, DateFact)]))
    return parts


def report(name: str, s: Score, shapes: bool) -> list[str]:
    lines = [f"{name}: {s.gold} gold DATE timexes, {s.system} system dates"]
    for kind in ("extent", "value"):
        p, r, f = s.prf(kind)
        lines.append(f"  {kind:6}  P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    if shapes:
        names = sorted({k.split("/")[0] for k in s.shapes}, key=lambda k: -s.shapes[f"{k}/gold"])
        lines.append(f"  {'shape':16} {'gold':>5} {'found':>6} {'value':>6}")
        for sh in names:
            lines.append(f"  {sh:16} {s.shapes[sh + '/gold']:5d} {s.shapes[sh + '/extent']:6d} {s.shapes[sh + '/value']:6d}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="folder holding the .tml files")
    parser.add_argument("--errors", action="store_true", help="list every dev miss, wrong value and false alarm")
    parser.add_argument("--heldout-shapes", action="store_true", help="the held-out part's breakdown by shape too")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"{args.corpus}: not a folder", file=sys.stderr)
        return 2
    parts = evaluate(args.corpus)
    if args.json:
        print(json.dumps({name: {kind: dict(zip(("precision", "recall", "f1"), s.prf(kind))) for kind in ("extent", "value")}
                          | {"gold": s.gold, "system": s.system} for name, s in parts.items()}, indent=2))
        return 0
    # the held-out part's breakdown by shape stays hidden unless asked for: it is a hint of where to tune
    for line in report("dev", parts["dev"], True) + report("heldout", parts["heldout"], args.heldout_shapes):
        print(line)
    if args.errors:
        print()
        for e in parts["dev"].errors:
            print(e)
    return 0


if __name__ == "__main__":
    sys.exit(main())
