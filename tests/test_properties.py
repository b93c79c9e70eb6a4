"""Properties, with hypothesis: findings do not depend on the order of facts or files; consistent data has no finding;
monotonic flags exactly the facts below an earlier day's highest lower bound; interval, date and number-word
arithmetic round-trips. The engine runs in-process (no CLI) so that each example costs milliseconds.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factlint import engine, timex
from factlint.extract.numbers import interval, words_to_int
from factlint.model import Count, FactTable, Span
from factlint.ruleset import RuleSet, load_ruleset
from factlint.runner import lint, read_corpus

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
QUICK = settings(max_examples=150, deadline=None)

RULES = {
    "factlint": ">=0.1",
    "entities": [
        {"id": "khan-sheikhun", "name": "Khan Sheikhun", "type": "place", "aliases": ["Khan Shaykhun"]},
        {"id": "sohr", "name": "Syrian Observatory for Human Rights", "type": "organization", "aliases": ["SOHR"]},
    ],
    "rules": [
        {"id": "toll", "type": "monotonic", "severity": "error", "message": "m", "metric": ["killed", "wounded"]},
        {"id": "part", "type": "subset", "severity": "error", "message": "m",
         "part": {"who": ["civilians", "troops"]}, "whole": {"who": "people"}},
        {"id": "adds-up", "type": "sum", "severity": "error", "message": "m",
         "parts": [{"who": "troops"}, {"who": "rebels"}, {"who": "civilians"}], "total": {"who": "people"}},
        {"id": "same-date", "type": "agreement", "severity": "error", "message": "m", "kind": "date"},
        {"id": "same-figure", "type": "agreement", "severity": "warning", "message": "m", "kind": "count",
         "group_by": ["metric", "who", "source", "published"]},
        {"id": "names", "type": "canonical-name", "severity": "warning", "message": "m"},
        {"id": "undated", "type": "undated", "severity": "warning", "message": "m"},
    ],
}


@functools.cache
def ruleset() -> RuleSet:
    """Loaded once: loading the rules (the lexicon above all) costs more than linting a small corpus."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "rules.yaml"
        path.write_text(yaml.safe_dump(RULES, sort_keys=False), encoding="utf-8")
        return load_ruleset([(path, "rules.yaml")])


def findings_of(files: dict[str, str]) -> set[tuple[str, str, str]]:
    """(rule, fingerprint, severity) of a corpus of facts files, linted in-process."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, text in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        corpus = read_corpus([root / "facts"], ruleset(), root=root)
        assert not corpus.diagnostics
        report = lint(corpus, ruleset())
    return {(f.rule, f.fingerprint, f.severity) for f in report.findings}


# --- generated corpora ------------------------------------------------------------------------------------------------

DAYS = ["2024-11-27", "2024-11-28", "2024-11-30", "2024-12-02"]
DATE_VALUES = ["2024-11-26", "2024-11-27", "2024-11-28", "2024-W48", "2024-W49", "2024-11", None]
SURFACES = [  # (surface, canonical, match, listed)
    ("Khan Sheikhun", "Khan Sheikhun", "exact", None), ("Khan Shaykhun", "Khan Sheikhun", "alias", None),
    ("Khan Cheikhoun", "Khan Sheikhun", "fuzzy", "Khan Sheikhun"),
    ("KHAN SHEIKHUN", "Khan Sheikhun", "normalized", None),
    ("Tarek Haddad", None, "unlisted", None), ("Tareq Haddad", None, "unlisted", None),
    ("Samir Haddad", None, "unlisted", None),
]

# Few distinct values, so that groups, ties and contradictions are common.
count_entry = st.fixed_dictionaries({
    "metric": st.sampled_from(["killed", "killed", "killed", "wounded"]),
    "who": st.sampled_from(["people", "people", "civilians", "troops", "rebels"]),
    "source": st.sampled_from(["SOHR", "SOHR", "sohr", None]),
    "low": st.integers(0, 4),
    "width": st.one_of(st.none(), st.integers(0, 2)),
    "cumulative": st.sampled_from([True, True, True, False]),
})
date_entry = st.fixed_dictionaries({"value": st.sampled_from(DATE_VALUES),
                                    "event": st.sampled_from(["launch", "launch", "truce", None])})
mention_entry = st.sampled_from(SURFACES)


@st.composite
def documents(draw: st.DrawFn) -> list[dict[str, Any]]:
    """1-3 documents over two days (or undated), each with a few facts of each kind."""
    docs = []
    for _ in range(draw(st.integers(1, 3))):
        docs.append({
            "published": draw(st.sampled_from(DAYS[:2] + [None])),
            "counts": draw(st.lists(count_entry, min_size=2, max_size=10)),
            "dates": draw(st.lists(date_entry, max_size=3)),
            "mentions": draw(st.lists(mention_entry, max_size=3)),
        })
    return docs


def entries(doc: dict[str, Any], n: int) -> dict[str, list[dict[str, Any]]]:
    """Facts-file entries for one document. Every text has the same length, so no fact of a file sorts before
    another by its position: only the order of the entries could tell them apart."""
    counts = [{"id": f"c{n}-{i}", "text": f"c{n:02d}{i:03d}", "metric": c["metric"], "who": c["who"],
               "source": c["source"], "low": c["low"], "high": None if c["width"] is None else c["low"] + c["width"],
               "cumulative": c["cumulative"]} for i, c in enumerate(doc["counts"])]
    dates = [{"text": f"d{n:02d}{i:03d}", **d} for i, d in enumerate(doc["dates"])]
    mentions = [{"text": s, "canonical": c, "entity": c and c.lower().replace(" ", "-"), "match": m, "listed": ls,
                 "entity_type": "place" if c else None} for s, c, m, ls in doc["mentions"]]
    return {"counts": counts, "dates": dates, "mentions": [{k: v for k, v in m.items() if v is not None}
                                                           for m in mentions]}


def facts_files(docs: list[dict[str, Any]], names: list[str], order: Any) -> dict[str, str]:
    """Each document as an article plus a facts file describing it (named from `names`); `order` permutes
    the entries of each list."""
    files: dict[str, str] = {}
    for n, (doc, name) in enumerate(zip(docs, names)):
        files[f"articles/a{n}.txt"] = "Untitled\n"  # holds none of the texts: every fact of it sits at offset 0
        body: dict[str, Any] = {"document": f"../articles/a{n}.txt"}
        if doc["published"]:
            body["published"] = doc["published"]
        for kind, items in entries(doc, n).items():
            body[kind] = order(items)
        files[f"facts/{name}.facts.yaml"] = yaml.safe_dump(body, sort_keys=False)
    return files


# --- order independence -----------------------------------------------------------------------------------------------

@FAST
@given(docs=documents(), data=st.data())
def test_findings_do_not_depend_on_the_order_of_facts_or_files(docs: list[dict[str, Any]], data: st.DataObject) -> None:
    names = [f"f{i}" for i in range(len(docs))]
    before = findings_of(facts_files(docs, names, list))
    # reversed, every tie changes sides; shuffled, hypothesis can shrink to the permutation that matters
    assert findings_of(facts_files(docs, names[::-1], lambda xs: xs[::-1])) == before
    shuffled_names = data.draw(st.permutations(names))
    after = findings_of(facts_files(docs, shuffled_names, lambda xs: data.draw(st.permutations(xs))))
    assert after == before


@FAST
@given(docs=documents(), data=st.data())
def test_findings_do_not_depend_on_how_facts_are_split_over_files(docs: list[dict[str, Any]],
                                                                  data: st.DataObject) -> None:
    whole = findings_of(facts_files(docs, [f"f{i}" for i in range(len(docs))], list))
    # the same facts, each document's split between a facts YAML file and a JSONL file, read in either order
    files: dict[str, str] = {}
    for n, doc in enumerate(docs):
        files[f"articles/a{n}.txt"] = "Untitled\n"
        head: dict[str, Any] = {"document": f"../articles/a{n}.txt"}
        if doc["published"]:
            head["published"] = doc["published"]
        lines = []
        for kind, items in entries(doc, n).items():
            cut = data.draw(st.integers(0, len(items)))
            head[kind] = items[:cut]
            lines += [json.dumps({"kind": kind[:-1], "path": f"articles/a{n}.txt", "published": doc["published"],
                                  **item}) for item in items[cut:]]
        first, second = data.draw(st.permutations(["x", "y"]))
        files[f"facts/{first}{n}.facts.yaml"] = yaml.safe_dump(head, sort_keys=False)
        files[f"facts/{second}{n}.jsonl"] = "\n".join(lines) + "\n"
    assert findings_of(files) == whole


def toll_entry(id: str, who: str, low: int, high: int | None) -> dict[str, Any]:
    return {"id": id, "text": id, "metric": "killed", "who": who, "low": low, "high": high, "source": "SOHR",
            "cumulative": True}


TIES = {  # facts at one offset that a check must tell apart by content, not by the order they were read in
    "monotonic: two equal highest bounds on the earlier day": (
        [toll_entry("t1", "people", 50, 50), toll_entry("t2", "people", 50, 60)],
        [toll_entry("t3", "people", 10, 10)]),
    "subset: two smallest wholes": (
        [toll_entry("w1", "people", 5, 8), toll_entry("w2", "people", 7, 8), toll_entry("p1", "civilians", 9, 9)], []),
    "sum: several totals and parts": (
        [toll_entry("s1", "people", 10, 10), toll_entry("s2", "people", 9, 10), toll_entry("s3", "troops", 8, 8),
         toll_entry("s4", "troops", 8, 9), toll_entry("s5", "rebels", 7, 7)], []),
}


@pytest.mark.parametrize("case", sorted(TIES))
def test_facts_at_one_offset_are_told_apart_by_content(case: str) -> None:
    earlier, later = TIES[case]

    def files(order: Any) -> dict[str, str]:
        return {"facts/a.facts.yaml": yaml.safe_dump({"published": "2024-11-30", "counts": order(earlier)}),
                "facts/b.facts.yaml": yaml.safe_dump({"published": "2024-12-02", "counts": order(later)})}

    found = findings_of(files(list))
    assert found  # each case is a contradiction
    assert findings_of(files(lambda xs: xs[::-1])) == found


# --- consistent data has no finding -----------------------------------------------------------------------------------

@st.composite
def consistent_story(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Documents over several days: running tolls that never fall, parts that add up to the total, one date (or a
    week or month containing it) for each event, and names spelt as listed or one way only."""
    days = sorted(draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=4, unique=True)))
    troops = rebels = civilians = wounded = 0
    launch = draw(st.sampled_from(["2024-11-25", "2024-11-26", "2024-11-27"]))
    docs = []
    for day in days:
        troops += draw(st.integers(0, 50))
        rebels += draw(st.integers(0, 50))
        civilians += draw(st.integers(0, 50))
        wounded += draw(st.integers(0, 80))
        total = troops + rebels + civilians
        for _ in range(draw(st.integers(1, 2))):  # each day, one or two documents restate the figures
            counts = [("people", total, draw(st.sampled_from([total, total + 5, None]))),
                      ("troops", troops, troops), ("rebels", rebels, rebels), ("civilians", civilians, civilians)]
            counts = draw(st.lists(st.sampled_from(counts), unique=True, min_size=1))
            entries_ = [{"metric": "killed", "who": who, "low": low, "high": high, "source": "SOHR",
                         "cumulative": True} for who, low, high in counts]
            entries_.append({"metric": "wounded", "who": "people", "low": wounded, "high": None, "source": "SOHR",
                             "cumulative": True})
            coarse = draw(st.sampled_from([launch, timex.week_value(dt.date.fromisoformat(launch)), launch[:7]]))
            docs.append({
                "published": day,
                "counts": entries_,
                "dates": [{"value": coarse, "event": "launch"}],
                "mentions": draw(st.lists(st.sampled_from(["Khan Sheikhun", "Khan Shaykhun", "Tarek Haddad",
                                                           "Samir Nassar"]), max_size=3)),
            })
    return docs


KHAN = {"Khan Sheikhun": "exact", "Khan Shaykhun": "alias", "Khan Cheikhoun": "fuzzy"}


def consistent_files(docs: list[dict[str, Any]]) -> dict[str, str]:
    files = {}
    for n, doc in enumerate(docs):
        counts = [{"id": f"c{i}", "text": f"count {i}", **c} for i, c in enumerate(doc["counts"])]
        dates = [{"text": f"date {i}", **d} for i, d in enumerate(doc["dates"])]
        mentions = [{"text": s, **({"canonical": "Khan Sheikhun", "match": KHAN[s]} if s in KHAN else {})}
                    for s in doc["mentions"]]
        body = {"published": doc["published"], "counts": counts, "dates": dates, "mentions": mentions}
        files[f"facts/d{n}.facts.yaml"] = yaml.safe_dump(body, sort_keys=False)
    return files


@FAST
@given(docs=consistent_story())
def test_a_consistent_story_has_no_finding(docs: list[dict[str, Any]]) -> None:
    assert findings_of(consistent_files(docs)) == set()


@FAST
@given(docs=consistent_story())
def test_one_contradiction_added_to_a_consistent_story_is_found(docs: list[dict[str, Any]]) -> None:
    # the generator is not vacuous: a late report that goes back on the story trips the rules it breaks
    highest = max(c["low"] for d in docs for c in d["counts"] if c["metric"] == "wounded")
    lower = highest - 2 if highest - 1 >= 100 and (highest - 1) % 100 == 0 else highest - 1  # not a round figure
    late = {"published": "2024-12-09", "dates": [{"value": "2024-12-05", "event": "launch"}],
            "mentions": ["Khan Cheikhoun"],
            "counts": [{"metric": "wounded", "who": "people", "low": lower, "high": lower,
                        "source": "SOHR", "cumulative": True}] if highest else []}
    found = {rule for rule, _, _ in findings_of(consistent_files(docs + [late]))}
    assert found == ({"toll", "same-date", "names"} if highest else {"same-date", "names"})


# --- monotonic: exactly the facts below an earlier day's highest lower bound ------------------------------------------

def toll(i: int, day: dt.date, low: int, high: int | None) -> Count:
    text = f"toll {i}"
    span = Span(f"doc{i % 3}.txt", 10 * i, 10 * i + len(text), 1, 1, 1, 1, text, text)
    return Count(span, "killed", low, high, "exact", who="people", source="SOHR", cumulative=True, published=day,
                 id=f"t{i}")


tolls = st.lists(st.tuples(st.integers(0, 6), st.integers(0, 100), st.one_of(st.none(), st.integers(0, 30))),
                 min_size=1, max_size=12)


@QUICK
@given(rows=tolls)
def test_monotonic_flags_exactly_the_facts_below_an_earlier_days_highest_bound(
        rows: list[tuple[int, int, int | None]]) -> None:
    start = dt.date(2024, 11, 25)
    facts = [toll(i, start + dt.timedelta(days=d), low, None if w is None else low + w)
             for i, (d, low, w) in enumerate(rows)]
    rule = next(r for r in ruleset().rules if r.id == "toll")
    found = engine.run([rule], FactTable([], list(facts)))
    # the expectation, computed without the check's window: all earlier days at once
    expected = {}
    for f in facts:
        bound = max((g.low for g in facts if g.published < f.published), default=None)  # type: ignore[operator]
        if bound is not None and f.low < bound:
            below = f.high is not None and f.high < bound
            if below:
                severity = "error" if f.high is not None and 3 * f.high >= bound else "info"  # far below: info
            else:
                severity = "warning" if (bound - f.low) * 10 >= bound else "info"  # a drop of a tenth or more
            expected[f.id] = (severity, bound)
    got = {}
    for finding in found:
        earlier, later = (ev.fact for ev in finding.evidence)
        assert isinstance(earlier, Count) and isinstance(later, Count)
        assert earlier.published < later.published  # type: ignore[operator]
        got[later.id] = (finding.severity, earlier.low)
    assert got == expected
    assert len(found) == len(expected)  # one finding per flagged fact


# --- interval arithmetic of quantities --------------------------------------------------------------------------------

@QUICK
@given(n=st.integers(1, 10**7), qualifier=st.sampled_from(
    ["exact", "at_least", "more_than", "fewer_than", "at_most", "up_to", "about", "nearly"]),
       band=st.sampled_from([0.0, 0.05, 0.1, 0.25]))
def test_qualifier_intervals(n: int, qualifier: str, band: float) -> None:
    low, high = interval(qualifier, n, band)
    assert low >= 0
    assert high is None or low <= high
    contains = low <= n and (high is None or n <= high)
    if qualifier in ("exact", "about", "at_least", "at_most", "up_to"):
        assert contains
    if qualifier in ("more_than", "fewer_than", "nearly"):
        assert not contains
    assert (high is None) == (qualifier in ("at_least", "more_than"))
    if qualifier == "exact":
        assert (low, high) == (n, n)


# --- date values ------------------------------------------------------------------------------------------------------

@QUICK
@given(day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)))
def test_date_values_round_trip(day: dt.date) -> None:
    assert timex.parse(day.isoformat()) == (day, day, "day")
    expected_span = {"week": 6, "month": None, "year": None}
    for value, granularity in ((timex.week_value(day), "week"), (f"{day:%Y-%m}", "month"), (str(day.year), "year")):
        start, end, got = timex.parse(value)
        assert got == granularity
        assert start <= day <= end
        if expected_span[granularity] is not None:
            assert (end - start).days == expected_span[granularity]
    week_start, week_end, _ = timex.parse(timex.week_value(day))
    assert week_start.weekday() == 0 and week_end.weekday() == 6
    month_start, month_end, _ = timex.parse(f"{day:%Y-%m}")
    assert month_start.day == 1 and (month_end + dt.timedelta(days=1)).day == 1
    assert timex.parse(str(day.year))[:2] == (dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))


@QUICK
@given(text=st.text(max_size=12))
def test_any_other_text_is_refused_or_gives_an_interval(text: str) -> None:
    try:
        start, end, _ = timex.parse(text)
    except ValueError:
        return
    assert start <= end


# --- numbers spelt out in words ---------------------------------------------------------------------------------------

UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
SCALES = [(10**9, "billion"), (10**6, "million"), (1000, "thousand")]


def spell_below_1000(n: int, joiner: str, hyphen: str) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words += [UNITS[hundreds], "hundred"]
        if rest and joiner:
            words.append(joiner)
    if rest >= 20:
        tens, unit = divmod(rest, 10)
        if hyphen == "-":
            words.append(f"{TENS[tens]}-{UNITS[unit]}" if unit else TENS[tens])
        else:
            words += [TENS[tens]] + ([UNITS[unit]] if unit else [])
    elif rest:
        words.append(UNITS[rest])
    return words


def spell(n: int, joiner: str = "and", hyphen: str = "-") -> str:
    """English words for n: 305 -> 'three hundred and five', 2_000_023 -> 'two million twenty-three'."""
    if n == 0:
        return "zero"
    words: list[str] = []
    for value, name in SCALES:
        if n >= value:
            words += spell_below_1000(n // value, joiner, hyphen) + [name]
            n %= value
    words += spell_below_1000(n, joiner, hyphen)
    return " ".join(words)


def test_the_speller_spells() -> None:
    assert spell(305) == "three hundred and five"
    assert spell(2_000_023) == "two million twenty-three"
    assert spell(110_000, joiner="", hyphen=" ") == "one hundred ten thousand"


def number_words() -> dict[str, int]:
    return ruleset().lexicon.number_words


@QUICK
@given(n=st.one_of(st.integers(0, 999), st.integers(0, 10**12 - 1)), joiner=st.sampled_from(["and", ""]),
       hyphen=st.sampled_from(["-", " "]), upper=st.booleans())
def test_numbers_spelt_out_in_words_read_back(n: int, joiner: str, hyphen: str, upper: bool) -> None:
    text = spell(n, joiner, hyphen)
    assert words_to_int(text.upper() if upper else text, number_words()) == n


@pytest.mark.parametrize(("text", "n"), [("a dozen", 12), ("a hundred", 100), ("a thousand and five", 1005),
                                         ("one hundred thousand", 100_000), ("Twenty-Three", 23)])
def test_number_words_with_an_article(text: str, n: int) -> None:
    assert words_to_int(text, number_words()) == n


def test_words_that_are_not_numbers_read_as_nothing() -> None:
    assert words_to_int("twelve apples", number_words()) is None
