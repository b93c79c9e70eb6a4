"""Each rule type's docstring is its reference page: it has a passing and a failing example, documents its keys,
has a test module, and its examples are run here against the shipped rule files (rules/syria-2024.yaml, which
extends the built-in generic set).

Each example is turned into a small corpus by a per-type function in REALISE: prose examples become articles, the
schematic ones ("327 killed -> 300 killed", "000: ... (2024-11-28)") become structured facts files.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from conftest import ROOT, RULES

from factlint import checks
from factlint.extract.numbers import NumberParser
from factlint.ruleset import load_ruleset

TESTS = ROOT / "tests"
RULE_FILE = RULES / "syria-2024.yaml"
VERDICTS = ("pass", "fail")


def example(doc: str, verdict: str) -> str:
    """The literal block after 'Would pass...::' or 'Would fail...::', dedented; '' when there is none."""
    m = re.search(rf"^Would {verdict}\b[^\n]*::\n\n((?:[ ]{{4}}[^\n]*\n|[ \t]*\n)+)", doc, re.M)
    return textwrap.dedent(m.group(1)).strip("\n") if m else ""


def doc_of(name: str) -> str:
    return checks.get(name).__doc__ or ""


# --- the docstrings themselves ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", checks.names())
@pytest.mark.parametrize("verdict", VERDICTS)
def test_every_rule_type_documents_a_passing_and_a_failing_example(name: str, verdict: str) -> None:
    assert example(doc_of(name), verdict).strip(), f"{name}: no 'Would {verdict}::' example in its docstring"


@pytest.mark.parametrize("name", checks.names())
def test_every_rule_type_documents_its_keys(name: str) -> None:
    doc = doc_of(name)
    first = doc.strip().splitlines()[0]
    assert first.startswith(f"{name}: "), "the first line names the type"
    missing = [key for key in checks.get(name).KEYS if f"`{key}`" not in doc]
    assert not missing, f"{name}: keys not documented: {missing}"


@pytest.mark.parametrize("name", checks.names())
def test_every_rule_type_has_a_test_module(name: str) -> None:
    module = TESTS / f"test_check_{name.replace('-', '_')}.py"
    assert module.is_file(), f"rule type '{name}' has no test module {module.relative_to(ROOT)}"


def test_the_example_reader_finds_blocks_and_reports_missing_ones() -> None:
    doc = "x: y\n\nWould pass (on one day)::\n\n    a\n\n    b\n\nWould fail::\n\n    c\n\nKeys: none.\n"
    assert (example(doc, "pass"), example(doc, "fail")) == ("a\n\nb", "c")
    assert example("x: y\n\nWould pass: a\n", "pass") == ""


# --- running the examples ---------------------------------------------------------------------------------------------

Corpus = dict[str, str]
_LEXICON = load_ruleset([(RULE_FILE, "rules/syria-2024.yaml")]).lexicon
_NUMBERS = NumberParser(_LEXICON)


def article(date: str | None, body: str) -> str:
    return (f"---\ndate: {date}\n---\n" if date else "") + body.strip() + "\n"


def sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def count(phrase: str, **fields: Any) -> dict[str, Any]:
    """'at least 327 killed' -> a facts-file count with the interval the number parser gives it."""
    [q] = _NUMBERS.find(phrase)
    return {"text": phrase, "low": q.low, "high": q.high, "qualifier": q.qualifier, **fields}


def facts(published: str, **kinds: list[dict[str, Any]]) -> str:
    return yaml.safe_dump({"published": published, **kinds}, sort_keys=False)


def realise_monotonic(text: str) -> Corpus:
    # "at least 327 killed  ->  more than 412 killed": the same monitor on the 30th, then on 2 December
    days = ("2024-11-30", "2024-12-02")
    sides = [s.strip().removesuffix("killed").strip() for s in text.split("->")]
    return {f"toll{i}.txt": article(day, f"The fighting has killed {side} people, the Syrian Observatory for "
                                         "Human Rights said.")
            for i, (day, side) in enumerate(zip(days, sides))}


def realise_subset(text: str) -> Corpus:
    return {"report.txt": article("2024-11-30", sentence(text))}


def realise_sum(text: str) -> Corpus:
    # "100 troops + 183 rebels + 44 civilians  vs  at least 327 killed"
    parts, total = (s.strip() for s in text.split(" vs "))
    shared = {"metric": "killed", "source": "SOHR", "cumulative": True}
    counts = [count(total, who="people", **shared)]
    for part in parts.split("+"):
        number, noun = part.strip().split(maxsplit=1)
        counts.append(count(number, who=_LEXICON.who_of[noun], **shared))
    return {"tally.facts.yaml": facts("2024-12-01", counts=counts)}


def realise_agreement(text: str) -> Corpus:
    # "000: launched on Thursday (2024-11-28)   002, 003, 004: ... on Wednesday (2024-11-27)"
    corpus: Corpus = {}
    for docs, words, value in re.findall(r"((?:\d{3}(?:,\s*)?)+):\s*(.*?)\((\d{4}-\d{2}-\d{2})\)", text):
        for doc in re.findall(r"\d{3}", docs):
            date = {"text": words.strip(), "value": value, "event": "offensive-launch"}
            corpus[f"{doc}.facts.yaml"] = facts("2024-11-30", dates=[date])
    return corpus


def realise_canonical_name(text: str) -> Corpus:
    body = re.sub(r"\s+#.*$", "", text, flags=re.M).replace("...", "said on Sunday that")
    return {"names.txt": article("2024-12-01", sentence(body))}


def realise_undated(text: str) -> Corpus:
    return {"article.txt": text + "\n"}


REALISE: dict[str, Callable[[str], Corpus]] = {
    "monotonic": realise_monotonic,
    "subset": realise_subset,
    "sum": realise_sum,
    "agreement": realise_agreement,
    "canonical-name": realise_canonical_name,
    "undated": realise_undated,
}


@pytest.mark.parametrize("name", checks.names())
@pytest.mark.parametrize("verdict", VERDICTS)
def test_the_documented_examples_do_what_they_say(run, tmp_path, name, verdict):  # type: ignore[no-untyped-def]
    if name not in REALISE:
        pytest.fail(f"rule type '{name}' has examples this test cannot run yet: add a realiser to REALISE")
    corpus = REALISE[name](example(doc_of(name), verdict))
    assert corpus, f"{name}: the {verdict} example gave no documents"
    for file, text in corpus.items():
        path = tmp_path / "corpus" / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    r = run("lint", "corpus", "--rules", str(RULE_FILE), "--format", "json")
    assert r.code in (0, 1), r.err
    assert r.json["summary"]["facts"] > 0, f"{name}: the {verdict} example gave no facts to check"
    found = [(f["rule"], f["values"]) for f in r.json["findings"] if f["type"] == name]
    if verdict == "pass":
        assert found == [], f"{name}: the passing example has findings"
    else:
        assert found, f"{name}: the failing example has no finding"
    assert all(p.startswith("corpus/") for f in r.json["findings"] for p in (ev["path"] for ev in f["evidence"]))

