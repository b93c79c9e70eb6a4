"""canonical-name: every name resolves to one spelling; listed entities get a fix, unlisted names a variant warning."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import Result, evidence_paths, lint_json, refusal_line, write, write_rules

Run = Callable[..., Result]  # the `run` fixture

NAMES = {"id": "names", "type": "canonical-name", "severity": "warning", "message": "'{surface}' -> '{suggestion}'"}
GAZETTEER = {"entities": [
    {"id": "khan-sheikhun", "name": "Khan Sheikhun", "type": "place", "aliases": ["Khan Shaykhun"]},
    {"id": "hts", "name": "Hayat Tahrir al-Sham", "type": "organization", "aliases": ["HTS"]},
    {"id": "sohr", "name": "Syrian Observatory for Human Rights", "type": "organization", "aliases": ["SOHR"]},
]}


def rules_file(root: Path, *rules: dict[str, Any]) -> Path:
    return write_rules(root, rules, GAZETTEER)


def lint(run: Run, root: Path, files: dict[str, str], *rules: dict[str, Any], path: str = ".") -> Result:
    return lint_json(run, root, files, rules or (NAMES,), GAZETTEER, path)


def listed(text: str, match: str, **extra: Any) -> dict[str, Any]:
    """A mention of Khan Sheikhun, spelt `text`."""
    return {"text": text, "canonical": "Khan Sheikhun", "entity": "khan-sheikhun", "entity_type": "place",
            "match": match, **extra}


def unlisted(text: str) -> dict[str, Any]:
    return {"text": text}


def facts(*mentions: dict[str, Any], document: str | None = None) -> str:
    doc: dict[str, Any] = {"published": "2024-12-01", "mentions": list(mentions)}
    if document:
        doc["document"] = document
    return yaml.safe_dump(doc, sort_keys=False)


# --- listed entities: a finding with a fix ----------------------------------------------------------------------------

def test_a_misspelt_listed_name_gets_the_listed_spelling_as_its_fix(run, tmp_path):  # type: ignore[no-untyped-def]
    text = "---\ndate: 2024-12-01\n---\nTroops left Khan Cheikhoun at dawn.\n"
    r = lint(run, tmp_path, {
        "articles/a.txt": text,
        "facts/a.facts.yaml": facts(listed("Khan Cheikhoun", "fuzzy", score=91.0, listed="Khan Sheikhun"),
                                    document="../articles/a.txt"),
    }, path="facts")  # the facts stand for the article: it is not extracted again
    [f] = r.findings("names")
    assert f["severity"] == "warning" and r.code == 0
    assert evidence_paths(f) == ["articles/a.txt"]
    [fix] = f["fixes"]
    assert (fix["path"], fix["text"], fix["replacement"]) == ("articles/a.txt", "Khan Cheikhoun", "Khan Sheikhun")
    assert text[fix["start"]:fix["end"]] == "Khan Cheikhoun"
    v = f["values"]
    assert (v["surface"], v["suggestion"], v["canonical"], v["entity"]) == (
        "Khan Cheikhoun", "Khan Sheikhun", "Khan Sheikhun", "khan-sheikhun")
    assert (v["match"], v["score"], v["occurrences"], v["basis"]) == ("fuzzy", 91.0, 1, "listed")


def test_the_fix_is_the_canonical_name_never_another_alias(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {"a.facts.yaml": facts(listed("Khan-Shaykhun", "normalized", listed="Khan Shaykhun"))})
    [f] = r.findings("names")
    assert [(x["text"], x["replacement"]) for x in f["fixes"]] == [("Khan-Shaykhun", "Khan Sheikhun")]
    assert (f["values"]["suggestion"], f["values"]["canonical"]) == ("Khan Sheikhun", "Khan Sheikhun")


def test_an_ambiguous_match_is_reported_without_a_fix(run, tmp_path):  # type: ignore[no-untyped-def]
    # no `listed`: the spelling matched more than one listed name, so no replacement is safe
    r = lint(run, tmp_path, {"a.facts.yaml": facts(listed("Khan Cheikhoun", "fuzzy"))})
    [f] = r.findings("names")
    assert f["fixes"] == []
    assert f["values"]["suggestion"] == "Khan Sheikhun"


@pytest.mark.parametrize("match", ["exact", "alias", "acronym"])
def test_listed_spellings_are_no_finding(run, tmp_path, match):  # type: ignore[no-untyped-def]
    assert lint(run, tmp_path, {"a.facts.yaml": facts(listed("Khan Sheikhun", match))}).findings() == []


def test_one_finding_per_document_and_spelling_with_a_fix_per_occurrence(run, tmp_path):  # type: ignore[no-untyped-def]
    text = "---\ndate: 2024-12-01\n---\nKhan Cheikhoun fell.\nShelling hit Khan Cheikhoun again.\n"
    r = lint(run, tmp_path, {
        "articles/a.txt": text,
        "facts/b.facts.yaml": facts(listed("Khan Sheikhun", "exact")),
        "facts/a.facts.yaml": facts(listed("Khan Cheikhoun", "fuzzy", listed="Khan Sheikhun"),
                                    listed("Khan Cheikhoun", "fuzzy", listed="Khan Sheikhun"),
                                    document="../articles/a.txt"),
    }, path="facts")
    [f] = r.findings("names")
    assert f["values"]["occurrences"] == 2
    assert [text[x["start"]:x["end"]] for x in f["fixes"]] == ["Khan Cheikhoun", "Khan Cheikhoun"]
    assert len({x["start"] for x in f["fixes"]}) == 2
    # the sides: both occurrences as written, then one place that spells it the listed way
    assert [(ev["path"], ev["label"], ev["line"]) for ev in f["evidence"]] == [
        ("articles/a.txt", "as written", 4), ("articles/a.txt", "as written", 5),
        ("facts/b.facts.yaml", "listed spelling", 1)]


def test_types_limits_the_entities_checked(run, tmp_path):  # type: ignore[no-untyped-def]
    files = {"a.facts.yaml": facts(listed("Khan Cheikhoun", "fuzzy", listed="Khan Sheikhun"))}
    assert lint(run, tmp_path, files, {**NAMES, "types": ["person", "organization"]}).findings() == []
    assert len(lint(run, tmp_path, files, {**NAMES, "types": ["place"]}).findings("names")) == 1


# --- unlisted names: spelling variants across the corpus --------------------------------------------------------------

def test_an_unlisted_name_spelt_two_ways_is_a_variant_without_a_fix(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {
        "a.facts.yaml": facts(unlisted("Tarek Haddad"), unlisted("Tarek Haddad")),
        "b.facts.yaml": facts(unlisted("Tareq Haddad")),
    })
    [f] = r.findings("names")
    assert f["fixes"] == []
    assert evidence_paths(f) == ["a.facts.yaml", "b.facts.yaml"]
    v = f["values"]
    assert (v["spellings"], v["suggestion"], v["surface"], v["basis"], v["entity"]) == (
        ["Tarek Haddad", "Tareq Haddad"], "Tarek Haddad", "Tareq Haddad", "most common", None)
    assert v["counts"] == {"Tarek Haddad": 2, "Tareq Haddad": 1}
    assert f["evidence"][0]["label"] == "Tareq Haddad"  # the rarer spelling leads


@pytest.mark.parametrize(("a", "b"), [
    ("Tarek Haddad", "Tarek Haddad"),  # one spelling
    ("Tarek Haddad", "Samir Haddad"),  # two people
    ("Iran", "Iranian"),  # a demonym is not a spelling
    ("Kareem Nassar", "Kareem"),  # different word counts
])
def test_different_names_are_not_variants(run, tmp_path, a, b):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {"a.facts.yaml": facts(unlisted(a)), "b.facts.yaml": facts(unlisted(b))})
    assert r.findings() == []


def test_names_that_normalise_alike_are_variants(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {"a.facts.yaml": facts(unlisted("Abu Bakr al-Hassan")),
                             "b.facts.yaml": facts(unlisted("Abu Bakr Al Hassan"))})
    [f] = r.findings("names")
    assert sorted(f["values"]["spellings"]) == ["Abu Bakr Al Hassan", "Abu Bakr al-Hassan"]


def test_min_score_sets_how_close_variants_must_be(run, tmp_path):  # type: ignore[no-untyped-def]
    files = {"a.facts.yaml": facts(unlisted("Kareem Nassar")), "b.facts.yaml": facts(unlisted("Karim Nasser"))}
    assert len(lint(run, tmp_path, files).findings("names")) == 1  # about 91 after transliteration folds
    assert lint(run, tmp_path, files, {**NAMES, "min_score": 95}).findings() == []


def test_variants_can_be_switched_off_or_given_their_own_severity(run, tmp_path):  # type: ignore[no-untyped-def]
    files = {"a.facts.yaml": facts(unlisted("Tarek Haddad"), listed("Khan Cheikhoun", "fuzzy")),
             "b.facts.yaml": facts(unlisted("Tareq Haddad"))}
    off = lint(run, tmp_path, files, {**NAMES, "variants": False})
    assert [f["values"]["surface"] for f in off.findings("names")] == ["Khan Cheikhoun"]
    info = lint(run, tmp_path, files, {**NAMES, "severity": "error", "variant_severity": "info"})
    assert sorted((f["values"]["surface"], f["severity"]) for f in info.findings("names")) == [
        ("Khan Cheikhoun", "error"), ("Tareq Haddad", "info")]


# --- the whole pipeline -----------------------------------------------------------------------------------------------

ARTICLES = {
    "news/sunday.txt": """\
        ---
        date: 2024-12-01
        ---
        Government troops pulled back from Khan Shaykhoun on Sunday, residents said.
        Fighters loyal to Hayat Tahrir Al Sham entered the town hours later.
        Their commander, Tarek Haddad, said the road south was open.
        """,
    "news/monday.txt": """\
        ---
        date: 2024-12-02
        ---
        Hayat Tahrir al-Sham said it controlled Khan Sheikhun by Monday morning.
        A spokesman, Tareq Haddad, told reporters the group would keep advancing.
        """,
}


def test_articles_misspelt_names_get_fixes_and_variants_do_not(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, ARTICLES)
    found = {f["values"]["surface"]: f for f in r.findings("names")}
    assert set(found) == {"Khan Shaykhoun", "Hayat Tahrir Al Sham", "Tareq Haddad"}
    fuzzy, normalised, variant = found["Khan Shaykhoun"], found["Hayat Tahrir Al Sham"], found["Tareq Haddad"]
    assert (fuzzy["values"]["match"], normalised["values"]["match"]) == ("fuzzy", "normalized")
    assert [(x["path"], x["text"], x["replacement"]) for x in fuzzy["fixes"]] == [
        ("news/sunday.txt", "Khan Shaykhoun", "Khan Sheikhun")]  # the canonical name, not the alias it is near
    assert [(x["path"], x["text"], x["replacement"]) for x in normalised["fixes"]] == [
        ("news/sunday.txt", "Hayat Tahrir Al Sham", "Hayat Tahrir al-Sham")]
    # the listed spelling is cited from the other article
    assert [(ev["path"], ev["label"]) for ev in normalised["evidence"]] == [
        ("news/sunday.txt", "as written"), ("news/monday.txt", "listed spelling")]
    assert variant["fixes"] == []
    assert evidence_paths(variant) == ["news/monday.txt", "news/sunday.txt"]
    assert all(f["severity"] == "warning" for f in found.values())


def test_articles_fix_spans_read_what_the_file_says(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, ARTICLES)
    text = (tmp_path / "news/sunday.txt").read_text(encoding="utf-8")
    fixes = [x for f in r.findings("names") for x in f["fixes"]]
    assert fixes and all(text[x["start"]:x["end"]] == x["text"] for x in fixes)


def test_articles_spelt_as_listed_are_no_finding(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {"news/monday.txt": """\
        ---
        date: 2024-12-02
        ---
        Hayat Tahrir al-Sham (HTS) said it controlled Khan Sheikhun by Monday morning.
        HTS fighters were seen in Khan Shaykhun, according to the SOHR.
        """})
    assert r.findings() == []


def test_articles_a_sentence_opening_on_is_not_part_of_a_name(run, tmp_path):  # type: ignore[no-untyped-def]
    write(tmp_path, {"a.txt": "---\ndate: 2024-12-02\n---\nOn Monday, Tarek Haddad said the road was open.\n"})
    r = run("facts", "a.txt", "--rules", str(rules_file(tmp_path, NAMES)), "--format", "jsonl", "--kind", "mention")
    surfaces = [json.loads(line)["surface"] for line in r.out.splitlines()]
    assert surfaces == ["Tarek Haddad"]


# --- rule-file validation for this type -------------------------------------------------------------------------------

HEAD = 'factlint: ">=0.1"\nrules:\n  - id: names\n    type: canonical-name\n    severity: warning\n    message: m\n'


refuse = refusal_line


def test_a_min_score_that_is_not_a_number_is_refused(run, tmp_path):  # type: ignore[no-untyped-def]
    line = refuse(run, tmp_path, HEAD + "    min_score: high\n")
    assert line.startswith("factlint: bad.yaml:7:16: error: rules[0].min_score: expected an integer")


def test_a_bad_variant_severity_is_refused(run, tmp_path):  # type: ignore[no-untyped-def]
    line = refuse(run, tmp_path, HEAD + "    variant_severity: loud\n")
    assert line.startswith("factlint: bad.yaml:7:23: error: rules[0].variant_severity: 'loud' is not one of")


def test_an_unknown_key_is_refused_with_a_suggestion(run, tmp_path):  # type: ignore[no-untyped-def]
    line = refuse(run, tmp_path, HEAD + "    variant: false\n")
    assert line.startswith("factlint: bad.yaml:7:5: error: rules[0].variant: unknown key")
    assert "did you mean 'variants'?" in line
