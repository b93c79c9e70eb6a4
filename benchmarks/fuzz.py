"""A fuzz campaign: generated documents and rule files through the whole pipeline, counting crashes and hangs.

    python benchmarks/fuzz.py                    # 2,000 cases, a minute or so
    nice -n 19 python benchmarks/fuzz.py 100000  # the campaign quoted in closing notes
    python benchmarks/fuzz.py --replay DIR/case-000042.txt   # run one saved input again, with its traceback

A case is a document (seven in ten), a rule file (two in ten) or a facts file. A document is news-like text built at random from what
extraction looks for (numbers of every shape and size, dates, names, sources, control characters, odd Unicode, line
breaks), sometimes as raw bytes that are not UTF-8; it is decoded, given its header, extracted, linted beside a
companion article and rendered in one of the output formats, all in-process, through the runner's own steps. A rule
file is a valid one (entities, events with regex triggers, lexicon additions, rules of every type) that is then
mutated: values replaced by values of other types, characters deleted, lines duplicated, YAML tokens, control
characters, aliases and huge numbers inserted. It is loaded; when it loads, a small corpus is linted with it. A facts
file is JSONL rows with values at the edges (4,000-digit counts, the first and last ISO weeks, impossible dates).

A crash is any exception other than factlint's own errors (a refused rule file is exit 2 for the user, not a crash),
a warning that says "internal error", or a fact whose span is not the text at its offsets. A hang is a case over the
time limit (an alarm interrupts it). Each failing input is saved under --out (up to --keep per distinct failure,
with its traceback); the summary groups failures by where they were raised. Cases are reproducible from the seed.

The campaign also measures extraction speed on a dense document (names and figures in every sentence) at two sizes:
time per MB must not grow with size, so it prints both and their ratio (extraction is meant to be linear).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["FACTLINT_DEBUG"] = "1"  # the runner's per-document boundary re-raises: a crash is seen, not a warning

from factlint import formats, yamlpos  # noqa: E402
from factlint import ruleset as ruleset_module  # noqa: E402
from factlint.documents import decode, document_and_problem  # noqa: E402
from factlint.errors import FactlintError  # noqa: E402
from factlint.extract import Extractor  # noqa: E402
from factlint.model import Diagnostic, Document, Fact, FactTable  # noqa: E402
from factlint.ruleset import RuleSet  # noqa: E402
from factlint.runner import Corpus, extract_guarded, lint, load_rules, make_extractor, read_corpus  # noqa: E402
from factlint.yamlpos import Node  # noqa: E402

STORY = ROOT / "tests" / "data" / "story" / "story.yaml"
COMPANION = ("date 2024-11-30 Rebels launched an offensive on Wednesday near Aleppo, the Observatory said; at least "
             "327 people were killed.\nFighting reached Khan Sheikhun.\n")
SAMPLE = {  # what a fuzzed rule file is tried on: contradictions of every kind, so its rules and messages fire
    "a.txt": COMPANION,
    "b.txt": ("date 2024-12-02 Rebels launched an offensive on Thursday near Aleppo. The Observatory said 300 people "
              "were killed, including 400 civilians, 100 troops and 183 rebels. They reached Khan Cheikhoun.\n"),
    "c.txt": "Undated: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab. Nearly 90 children died on Friday.\n",
}


class Hang(BaseException):
    """Raised by the alarm; a BaseException so that no `except Exception` inside factlint can swallow it."""


def _alarm(signum: int, frame: object) -> None:
    raise Hang()


# --- documents ------------------------------------------------------------------------------------------------------

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December", "Jan.", "Feb", "Sept."]
RELATIVE = ["yesterday", "today", "tomorrow", "last week", "next week", "this week", "last month", "next month",
            "last year", "next year", "earlier this month", "the day before", "the same day", "two days later",
            "three weeks ago", "overnight", "on Tuesday night", "last Friday", "next Monday", "a week earlier",
            "at the weekend", "in mid-December", "late last month", "the following day", "this morning"]
WORDS = ["zero", "one", "two", "a dozen", "dozens", "scores", "hundreds", "thousands", "twenty-three", "a million",
         "three hundred and five", "two billion", "several", "a handful", "nine hundred thousand", "tens of thousands"]
QUALIFIERS = ["", "", "at least ", "more than ", "nearly ", "about ", "up to ", "fewer than ", "some ", "over ",
              "no fewer than ", "an estimated ", "almost ", "as many as ", "well over "]
NOUNS = ["people", "civilians", "children", "soldiers", "rebels", "troops", "women", "fighters", "residents",
         "people were killed", "were wounded", "dead", "died", "were displaced", "are missing", "have been arrested",
         "fled", "killed", "injured", "were rescued", "lost their lives", "bodies", "deaths", "casualties"]
NAMES = ["Khan Sheikhun", "Khan Cheikhoun", "Khan\nSheikhun", "KHAN SHEIKHUN", "Khan Shaykhun", "Aleppo", "Alepo",
         "the Syrian Observatory for Human Rights", "SOHR", "the Observatory", "Observatory", "Rami Abdel Rahman",
         "the health ministry", "Reuters", "Hayat Tahrir al-Sham", "Bashar al-Assad", "AFP", "the UN", "U.N.",
         "Dr. Smith", "Mr. O'Neil", "Jean-Pierre", "al-Numan", "Ministry of Health", "the Red Crescent"]
VERBS = ["said", "told AFP", "reported", "according to", "citing", "claimed", "launched an offensive",
         "launched a surprise attack", "attacked", "the offensive began", "the toll rose to", "the death toll",
         "so far", "in total", "could reach", "was revised down from", "will", "is expected to rise to", "including",
         "of whom", "among them", "bringing the total to", "up from", "a total of"]
ODD = ["\x00", "\x01", "\x07", "\x1b[31m", "\x7f", "\x85", "\u00a0", "\u200b", "\u2028", "\u2029", "\ufeff",
       "\ufffd", "\ufffe", "\uffff", "\U0001f600", "\u0663\u0660", "\uff11\uff12", "\u00b2", "\u216b", "\r", "\r\n",
       "\n\n", "\t", "\u0301", "\u202e", "İ", "ß", "ﬁ", "…", "—", "–", "“", "”", "‘", "’", "(", ")", "[", "]",
       "...", "?!", ";", ":", ",", "%", "$", "€", "#", "* ", "- ", "> ", "1.", "No.", "St.", "e.g.", "\\", "{0}", "<&>"]
GLUE = [" ", " ", " ", " ", ", ", ". ", ".\n", "\n", "\r\n", " and ", "; ", " (", ") ", ' "', '" ', "\n\n", "-"]


def number(r: random.Random) -> str:
    n = r.choice([r.randint(0, 120), r.randint(0, 10**7), r.randint(0, 10 ** r.randint(1, 1200)), 2**53 + 1,
                  10**308, 10**309 - 1, 1900, 2024, 9999, 10000, 0])
    shape = r.choice(["plain", "plain", "commas", "decimal", "scale", "word", "ordinal", "range", "percent"])
    if shape == "commas":
        text = f"{n:,}"
    elif shape == "decimal":
        text = f"{n}.{r.randint(0, 10**r.randint(1, 30))}"
    elif shape == "scale":
        text = f"{n % 1000}.{r.randint(0, 99)} {r.choice(['million', 'billion', 'thousand', 'hundred'])}"
    elif shape == "word":
        text = r.choice(WORDS)
    elif shape == "ordinal":
        text = f"the {n}{r.choice(['st', 'nd', 'rd', 'th'])}"
    elif shape == "range":
        text = f"{n % 500}{r.choice([' to ', '-', ' and ', ' or '])}{n % 900}"
    elif shape == "percent":
        text = f"{n % 100}%"
    else:
        text = str(n)
    return r.choice(QUALIFIERS) + text + " " + r.choice(NOUNS)


def day(r: random.Random, edges: bool) -> str:
    if edges and r.random() < 0.5:
        return r.choice(["0001-01-01", "9999-12-31", "0001-01-06", "9999-12-26", "2024-02-29", "2023-02-28"])
    if r.random() < 0.1:  # not a date at all
        return f"{r.randint(0, 9999):04d}-{r.randint(0, 19):02d}-{r.randint(0, 39):02d}"
    return f"{r.randint(1900, 2100):04d}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"


def date_phrase(r: random.Random, edges: bool) -> str:
    pick = r.randrange(8)
    if pick == 0:
        return f"on {r.choice(WEEKDAYS)}"
    if pick == 1:
        return r.choice(RELATIVE)
    if pick == 2:
        return f"on {r.randint(0, 40)} {r.choice(MONTHS)}"
    if pick == 3:
        return f"{r.choice(MONTHS)} {r.randint(1, 31)}, {r.randint(0, 99999)}"
    if pick == 4:
        return f"on {r.choice(WEEKDAYS)} ({r.choice(MONTHS)} {r.randint(1, 31)})"
    if pick == 5:
        return f"on {day(r, edges)}"
    if pick == 6:
        return f"in {r.choice(MONTHS)}"
    return f"in {r.randint(0, 99999)}"


def header(r: random.Random, edges: bool) -> str:
    pick = r.randrange(7)
    if pick == 0:
        return ""
    if pick in (1, 2):
        return f"date {day(r, edges)} "
    if pick == 3:
        return f"---\ndate: {day(r, edges)}\n---\n"
    if pick == 4:
        return f"---\r\ntitle: x\r\ndate: '{day(r, edges)}'\r\n---\r\n"
    return r.choice(["date 2024-13-01 ", "date 0000-01-01 ", "---\ndate: [\n---\n", "---\n---\n", "date  ", "---\n",
                     "---\ndate: " + "[" * 300 + "\n---\n", "---\ndate: 2024-11-30T25:00:00\n---\n"])


def document(r: random.Random) -> bytes:
    edges = r.random() < 0.05  # the ends of the calendar reach known extraction bugs: a small share of the cases
    pieces = [header(r, edges)]
    for _ in range(r.choice([3, 3, 3, 10, 10, 10, 30, 30, 60, 200])):
        kind = r.random()
        if kind < 0.3:
            pieces.append(number(r))
        elif kind < 0.5:
            pieces.append(date_phrase(r, edges))
        elif kind < 0.7:
            pieces.append(r.choice(NAMES))
        elif kind < 0.85:
            pieces.append(r.choice(VERBS))
        elif kind < 0.995:
            pieces.append(r.choice(ODD))
        else:  # long runs: many numbers in one sentence, a line with no space, unclosed brackets
            pieces.append(r.choice(["1 2 3 Aleppo, " * r.randint(1, 800), "x" * r.randint(1, 100_000),
                                    "(" * r.randint(1, 5000), "Khan " * r.randint(1, 3000), "a" * 60 + "b"]))
        pieces.append(r.choice(GLUE))
    data = "".join(pieces).encode("utf-8")
    if r.random() < 0.05:  # bytes that are not UTF-8, or binary
        cut = r.randrange(len(data) + 1)
        data = data[:cut] + bytes(r.randrange(256) for _ in range(r.randint(1, 8))) + data[cut:]
    return data


# --- rule files -----------------------------------------------------------------------------------------------------

GOOD_PATTERNS = ["launch(?:ed|es)? (?:an? )?offensive", "attacked", r"\bquake\b", "(a|aa)+$", "(x+x+)+y",
                 "(?<=a+)b", "a*", "^", "(?=)", r"\b", "(?R)", r"(a)\1", "(?i)x", "(?x) a b # c", r"\p{L}+", ".*" * 8,
                 "(" * 300 + "x" + ")" * 300, r"(?:rebels?|alliance) (?:[\w-]+ ){0,2}attacked", "Khan", "[\u0600-\u06ff]"]
BAD_PATTERNS = ["(", "[z-a]", "(?a)(?u)x", "(?V1)[[a]--[a]]", "", "\\", "a{4294967296}", "(?#", "(" * 50_000]


def patterns(r: random.Random, n: int) -> list[str]:
    return [r.choice(BAD_PATTERNS) if r.random() < 0.05 else r.choice(GOOD_PATTERNS) for _ in range(n)]


VALUES: list[Any] = [None, True, 0, -1, 10**4200, 2.5, float("nan"), "", "x", "killed", "kiled", "people",
                     "civilians", "error", "warning", [], {}, ["a", 1], {"a": {"b": None}}, "2024-02-30", "0000-01-01",
                     "{earlier} {nope} {0} {", "builtin:generic", "builtin:nope", "../../../etc/passwd", "\x00"]
TOKENS = [":", "- ", "&a ", "*a ", "<<: *a\n", "!!python/name:os.system ", "[", "{", "'", '"', "\x00", "\x01",
          "\ufffe", "\t", "    ", "9" * 5000, "2024-02-30", "0000-01-01", "~", "null", "yes", "%", "@", "`", "|",
          ">", "? ", "#", "\n", "---\n", "...\n", "&b [*b]\n", "*nope ", "!!binary ", "\\", "\ud7ff", "\U0001f600"]
RULE_TYPES: dict[str, dict[str, Any]] = {
    "monotonic": {"metric": ["killed", "wounded"]},
    "subset": {"part": {"who": ["civilians", "children"]}, "whole": {"who": "people"}},
    "sum": {"parts": [{"who": "troops"}, {"who": "rebels"}, {"who": "civilians"}], "total": {"who": "people"}},
    "agreement": {"kind": "date"},
    "canonical-name": {},
    "undated": {},
}


def valid_rules(r: random.Random) -> dict[str, Any]:
    doc: dict[str, Any] = {"factlint": r.choice([">=0.1"] * 8 + ["~=0.1", ">=99", "banana"])}
    if r.random() < 0.5:
        doc["extends"] = [r.choice(["builtin:generic"] * 8 + ["builtin:nope", "self.yaml"])]
    doc["entities"] = [{"id": f"e{i}", "name": r.choice(NAMES).replace("\n", " "), "type": r.choice(
        ["place", "person", "organization"]), "aliases": r.sample(NAMES, r.randint(0, 3))} for i in range(r.randint(0, 4))]
    doc["events"] = [{"id": f"ev{i}", "triggers": patterns(r, r.randint(1, 3))} for i in range(r.randint(0, 3))]
    if r.random() < 0.2:
        doc["lexicon"] = r.choice([{"units": {"zillion": r.choice([7, "lots", 10**50])}},
                                   {"vague": {"loads": r.choice([[5, 50], [1], [9, 2], [3, None]])}},
                                   {"projection_cues": patterns(r, 2)}, {"bands": {"about": r.choice([0.2, 2, "x"])}},
                                   {"qualifiers": {"about": ["roughly", 5]}}, {"who": {"kids": ["kids", "toddlers"]}},
                                   {"metrics": {"killed": {"verbs": ["slain"], "lost": r.choice([True, "yes"])}}}])
    rules = []
    for i in range(r.randint(0, 5)):
        rtype = r.choice(list(RULE_TYPES))
        rules.append({"id": f"r{i}", "type": rtype, "severity": r.choice(["error", "warning", "info"]),
                      "message": r.choice(["{source} reported {earlier} then {later}", "m", "{nope} {0} {{x}}", "{"]),
                      **RULE_TYPES[rtype]})
    doc["rules"] = rules
    return doc


def replace_values(r: random.Random, node: Any, rate: float) -> Any:
    if isinstance(node, dict):
        return {k: (r.choice(VALUES) if r.random() < rate else replace_values(r, v, rate)) for k, v in node.items()}
    if isinstance(node, list):
        return [r.choice(VALUES) if r.random() < rate else replace_values(r, v, rate) for v in node]
    return node


def rule_file(r: random.Random) -> str:
    doc = valid_rules(r)
    if r.random() < 0.3:
        doc = replace_values(r, doc, r.choice([0.02, 0.05, 0.2]))
    try:
        text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)
    except (yaml.YAMLError, ValueError):
        text = repr(doc)
    for _ in range(r.choice([0, 0, 0, 0, 1, 1, 3, 10])):
        lines = text.split("\n")
        pick, at = r.randrange(4), r.randrange(len(text) + 1)
        if pick == 0:
            text = text[:at] + r.choice(TOKENS) + text[at:]
        elif pick == 1:
            text = text[:at] + text[at + r.randint(1, 20):]
        elif pick == 2 and lines:
            i = r.randrange(len(lines))
            text = "\n".join(lines[:i + 1] + [lines[i]] + lines[i + 1:])
        else:
            text = text.replace("  ", r.choice([" ", "   ", "\t", "    "]), 1)
    if r.random() < 0.02:
        text = 'factlint: ">=0.1"\nrules: ' + "[" * r.randint(60, 5000) + "\n"
    return text


# --- running a case ---------------------------------------------------------------------------------------------------

def check_spans(doc: Document, facts: list[Fact]) -> None:
    for f in facts:
        s = f.span
        if s.path == doc.path and s.text != doc.text[s.start:s.end]:
            raise AssertionError(f"span {s.start}:{s.end} reads {doc.text[s.start:s.end]!r}, fact says {s.text!r}")


def extract_all(extractor: Extractor, texts: dict[str, str]) -> tuple[list[Document], list[Fact], list[Diagnostic]]:
    docs: list[Document] = []
    facts: list[Fact] = []
    diagnostics: list[Diagnostic] = []
    for path, text in texts.items():
        doc, problem = document_and_problem(path, text)
        diagnostics += [problem] if problem else []
        got = extract_guarded(extractor, doc, diagnostics)
        if got is not None:
            check_spans(*got)
            docs.append(got[0])
            facts.extend(got[1])
    for d in diagnostics:
        if "internal error" in d.message:
            raise AssertionError(str(d))
    return docs, facts, diagnostics


def lint_and_render(ruleset: RuleSet, extractor: Extractor, texts: dict[str, str], fmt: str) -> None:
    docs, facts, diagnostics = extract_all(extractor, texts)
    report = lint(Corpus(FactTable(docs, facts), diagnostics, len(docs)), ruleset)
    formats.get(fmt)(report, formats.FormatOptions(color=fmt == "text", statistics=True, root=str(ROOT)))


def run_document(data: bytes, ruleset: RuleSet, extractor: Extractor, fmt: str) -> str:
    decoded = decode(data)
    if decoded is None:
        return "skipped"  # not text: read_document says so in a warning
    lint_and_render(ruleset, extractor, {"gen.txt": decoded[0], "companion.txt": COMPANION}, fmt)
    return "linted"


def run_rules(text: str, folder: Path, fmt: str) -> str:
    path = folder / "fuzz.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    (folder / "self.yaml").write_text('factlint: ">=0.1"\nextends: [self.yaml]\n', encoding="utf-8")
    try:
        ruleset = load_rules([path])
    except FactlintError:
        return "refused"
    lint_and_render(ruleset, make_extractor(ruleset), SAMPLE, fmt)
    return "loaded"


def facts_file(r: random.Random) -> str:
    """A JSONL facts file (the `factlint facts --format jsonl` rows) about two documents, values at the edges, and
    now and then one that is not allowed (which must be refused, naming the line)."""
    rows = []
    for i in range(r.randint(1, 15)):
        kind = r.choice(["count", "count", "date", "mention"])
        row: dict[str, Any] = {"kind": kind, "path": f"doc{i % 2}.txt", "start": r.randint(0, 50),
                               "text": r.choice(["x", "on Thursday", "Khan Cheikhoun", "", "\u2028"]),
                               "published": r.choice([None, "2024-11-30", "2024-12-01", "9999-12-31", "0001-01-01"])}
        if kind == "count":
            low = r.choice([0, 1, 5, 300, 10**4000, 2**53 + 1])
            row.update(metric=r.choice(["killed", "killed", "wounded"]), low=low,
                       high=r.choice([None, low, low + r.randint(0, 9)]), source=r.choice([None, "SOHR", "x"]),
                       who=r.choice(["people", "civilians", "troops", "rebels"]), cumulative=r.random() < 0.7,
                       qualifier=r.choice(["exact", "at_least", "about", "vague"]))
        elif kind == "date":
            row.update(value=r.choice(["2024-11-27", "2024-W48", "2024-11", "2024", "9999-W52", "0001-W01", "9999-12",
                                       "0001-01-01", "9999-12-31", None]),
                       event=r.choice([None, "offensive-launch", "elsewhere"]))
        else:
            row.update(canonical=r.choice([None, "Khan Sheikhun", "Aleppo"]), surface=r.choice(["Khan Cheikhoun", "X"]),
                       match=r.choice(["fuzzy", "exact", "unlisted"]), listed=r.choice([None, "Khan Sheikhun"]))
        if r.random() < 0.02:
            row[r.choice(list(row))] = r.choice([*VALUES, -1, "2024-02-30", "2023-W53", "nope"])
        rows.append(json.dumps(row))
    return "\n".join(rows) + "\n"


def run_facts(text: str, folder: Path, ruleset: RuleSet, fmt: str) -> str:
    (folder / "facts").mkdir(exist_ok=True)
    (folder / "facts" / "fuzz.jsonl").write_text(text, encoding="utf-8")
    try:
        corpus = read_corpus([folder / "facts"], ruleset, root=folder)
    except FactlintError:
        return "refused"
    report = lint(corpus, ruleset)
    formats.get(fmt)(report, formats.FormatOptions(color=fmt == "text", statistics=True, root=str(folder)))
    return "linted"


def signature(exc: BaseException) -> str:
    """Where a failure was raised: its type and the innermost frame inside factlint (or, for a check of this
    script, what it says)."""
    package = ROOT / "factlint"
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename).resolve().is_relative_to(package)]
    if not frames:
        return f"{type(exc).__name__}: {str(exc).splitlines()[0][:100] if str(exc) else ''}"
    return f"{type(exc).__name__} at {Path(frames[-1].filename).resolve().relative_to(ROOT)}:{frames[-1].lineno} " \
           f"{frames[-1].name}"


def parse_builtin_files_once() -> None:
    """The loader parses the built-in lexicon (and generic rules) for every rule file, which would be most of a rule
    file case's time; they never change, so the campaign parses them once (the loader only reads what it is given)."""
    builtin = ROOT / "factlint" / "data"
    cache: dict[tuple[str, str | None], Node | None] = {}

    def load_file(path: str, display: str | None = None) -> Node | None:
        if Path(path).resolve().parent != builtin:
            return yamlpos.load_file(path, display)
        if (path, display) not in cache:
            cache[(path, display)] = yamlpos.load_file(path, display)
        return cache[(path, display)]

    setattr(ruleset_module, "load_file", load_file)  # noqa: B010 (the loader reads this name at call time)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("cases", type=int, nargs="?", default=2000, help="documents and rule files (default 2000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per case before it counts as a hang")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "factlint-fuzz")
    parser.add_argument("--keep", type=int, default=20, help="inputs saved per distinct failure")
    parser.add_argument("--replay", type=Path, help="run one saved input (.txt document or .yaml rule file)")
    parser.add_argument("--no-scaling", action="store_true", help="skip the time-per-MB measurement")
    args = parser.parse_args(argv)
    parse_builtin_files_once()
    story = load_rules([STORY])
    extractor = make_extractor(story)  # one per run, as the runner makes it
    signal.signal(signal.SIGALRM, _alarm)
    if args.replay:
        with tempfile.TemporaryDirectory() as tmp:
            if args.replay.suffix == ".yaml":
                print(run_rules(args.replay.read_text(encoding="utf-8", errors="surrogatepass"), Path(tmp), "text"))
            elif args.replay.suffix == ".jsonl":
                print(run_facts(args.replay.read_text(encoding="utf-8"), Path(tmp), story, "text"))
            else:
                print(run_document(args.replay.read_bytes(), story, extractor, "text"))
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    outcomes: collections.Counter[str] = collections.Counter()
    failures: collections.Counter[str] = collections.Counter()
    kinds: collections.Counter[str] = collections.Counter()
    hangs = crashes = 0
    slowest = (0.0, "")
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.cases):
            r = random.Random(f"{args.seed}:{i}")
            pick = r.random()
            kind = "document" if pick < 0.7 else "rules" if pick < 0.92 else "facts"
            fmt = formats.FORMAT_NAMES[i % len(formats.FORMAT_NAMES)]
            if kind == "document":
                payload = document(r)
            else:
                payload = (rule_file(r) if kind == "rules" else facts_file(r)).encode("utf-8", "surrogatepass")
            kinds[kind] += 1
            t0 = time.monotonic()
            signal.setitimer(signal.ITIMER_REAL, args.timeout)
            try:
                if kind == "document":
                    outcomes[f"document {run_document(payload, story, extractor, fmt)}"] += 1
                elif kind == "rules":
                    outcomes[f"rule file {run_rules(payload.decode('utf-8', 'surrogatepass'), Path(tmp), fmt)}"] += 1
                else:
                    outcomes[f"facts file {run_facts(payload.decode('utf-8'), Path(tmp), story, fmt)}"] += 1
                failure = None
            except Hang:
                failure, hangs = f"hang (over {args.timeout} s)", hangs + 1
                detail = "".join(traceback.format_exc())
            except Exception as exc:  # noqa: BLE001 (counting crashes is the point)
                failure, crashes = signature(exc), crashes + 1
                detail = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            elapsed = time.monotonic() - t0
            slowest = max(slowest, (elapsed, f"case {i} ({kind})"))
            if failure is not None:
                failures[failure] += 1
                if failures[failure] <= args.keep:
                    name = args.out / f"case-{i:06d}{ {'document': '.txt', 'rules': '.yaml', 'facts': '.jsonl'}[kind]}"
                    name.write_bytes(payload)
                    name.with_suffix(name.suffix + ".err").write_text(f"{failure}\n\n{detail}", encoding="utf-8")
            if (i + 1) % 5000 == 0:
                print(f"  {i + 1} cases, {crashes} crashes, {hangs} hangs, {time.monotonic() - started:.0f} s",
                      file=sys.stderr, flush=True)
    total = time.monotonic() - started
    print(f"{args.cases} cases ({kinds['document']} documents, {kinds['rules']} rule files, {kinds['facts']} facts "
          f"files), seed {args.seed}, "
          f"{total:.0f} s ({total / max(args.cases, 1) * 1000:.1f} ms per case)")
    print("outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
    print(f"crashes: {crashes}, hangs: {hangs} (limit {args.timeout} s per case; slowest {slowest[0]:.2f} s, "
          f"{slowest[1]})")
    for what, n in failures.most_common():
        print(f"  {n:6d}  {what}")
    if failures:
        print(f"failing inputs (up to {args.keep} per failure) and their tracebacks: {args.out}")
    if not args.no_scaling:
        scaling(story)
    return 1 if crashes or hangs else 0


def dense(megabytes: float) -> str:
    para = ("On Thursday the Syrian Observatory for Human Rights said at least 327 people had been killed, including "
            "44 civilians, as rebels advanced on Aleppo and Khan Sheikhun; HTS said 1,204 fighters joined, and by 30 "
            "November more than 412 had died, nearly 100 of them troops, Rami Abdel Rahman told AFP. ")
    return "date 2024-11-30 " + para * int(megabytes * 1024 * 1024 / len(para)) + "\n"


def scaling(story: RuleSet) -> None:
    """Seconds per MB of extraction on a dense document at two sizes: linear extraction keeps them alike."""
    extractor = make_extractor(story)
    per_mb = []
    for mb in (1.0, 4.0):
        doc, _ = document_and_problem("dense.txt", dense(mb))
        t0 = time.perf_counter()
        _, facts = extractor.extract(doc)
        seconds = time.perf_counter() - t0
        per_mb.append(seconds / mb)
        print(f"dense document {mb:.0f} MB: {len(facts)} facts in {seconds:.2f} s ({seconds / mb:.2f} s per MB)")
    print(f"time per MB, 4 MB over 1 MB: {per_mb[1] / per_mb[0]:.2f} (1.0 is linear)")


if __name__ == "__main__":
    sys.exit(main())
