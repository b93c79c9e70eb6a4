"""undated: a document with no publication date gets one finding, saying how many relative dates it leaves open."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import Result, lint_json, write, write_rules

Run = Callable[..., Result]  # the `run` fixture

UNDATED = {"id": "undated", "type": "undated", "severity": "warning", "message": "{unresolved} left open"}


def rules_file(root: Path, *rules: dict[str, Any]) -> Path:
    return write_rules(root, rules, None)


def lint(run: Run, root: Path, files: dict[str, str], *rules: dict[str, Any], path: str = ".") -> Result:
    return lint_json(run, root, files, rules or (UNDATED,), None, path)


SHELLING = "Heavy shelling hit the southern suburbs on Wednesday, and residents fled towards the coast by Friday.\n"


def test_an_article_without_a_date_gets_one_finding(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {"news/shelling.txt": SHELLING + "Aid groups said shelters were full.\n"})
    [f] = r.findings("undated")
    assert f["severity"] == "warning" and r.code == 0
    assert f["values"] == {"path": "news/shelling.txt", "unresolved": 2}
    [ev] = f["evidence"]
    # the evidence is the first line of the article
    assert (ev["path"], ev["line"], ev["column"], ev["text"]) == ("news/shelling.txt", 1, 1, SHELLING.strip())
    assert ev["fact"] is None


@pytest.mark.parametrize("dated", [
    "---\ndate: 2024-11-30\n---\n" + SHELLING,
    "---\ndate: 2024-11-30T08:15:00Z\ntitle: Shelling\n---\n" + SHELLING,
    "date 2024-11-30 " + SHELLING,
    "On November 30, 2024, heavy shelling hit the southern suburbs, residents said.\n",  # an explicit date
])
def test_a_dated_article_is_no_finding(run, tmp_path, dated):  # type: ignore[no-untyped-def]
    assert lint(run, tmp_path, {"news/shelling.txt": dated}).findings() == []


def test_front_matter_without_a_date_leaves_the_article_undated(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {"news/shelling.txt": "---\ntitle: Shelling\n---\n\n" + SHELLING})
    [f] = r.findings("undated")
    [ev] = f["evidence"]
    assert (ev["line"], ev["column"], ev["text"]) == (5, 1, SHELLING.strip())  # the body, not the front matter
    assert f["values"]["unresolved"] == 2


def test_an_undated_article_without_relative_dates_gets_its_finding(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {"news/quiet.txt": "Residents returned to the market as shops reopened.\n"})
    assert [f["values"]["unresolved"] for f in r.findings("undated")] == [0]


def test_each_undated_article_gets_its_own_finding(run, tmp_path):  # type: ignore[no-untyped-def]
    r = lint(run, tmp_path, {
        "a.txt": SHELLING,
        "b.txt": "Rebels launched an offensive on Thursday, a war monitor said.\n",
        "c.txt": "---\ndate: 2024-11-30\n---\n" + SHELLING,
    })
    assert sorted(f["values"]["path"] for f in r.findings("undated")) == ["a.txt", "b.txt"]
    assert len({f["fingerprint"] for f in r.findings("undated")}) == 2


def test_a_facts_file_can_date_the_document_it_describes(run, tmp_path):  # type: ignore[no-untyped-def]
    files = {
        "articles/a.txt": SHELLING,
        "facts/a.facts.yaml": yaml.safe_dump({"document": "../articles/a.txt",
                                              "dates": [{"text": "on Wednesday", "value": None}]}),
    }
    [f] = lint(run, tmp_path, files, path="facts").findings("undated")
    assert f["values"] == {"path": "articles/a.txt", "unresolved": 1}
    files["facts/a.facts.yaml"] = yaml.safe_dump({"document": "../articles/a.txt", "published": "2024-11-30"})
    assert lint(run, tmp_path, files, path="facts").findings() == []


def test_the_builtin_rule_set_reports_undated_articles(run, tmp_path):  # type: ignore[no-untyped-def]
    write(tmp_path, {"a.txt": SHELLING})
    r = run("lint", ".", "--format", "json")
    [f] = r.findings("undated-document")
    assert (f["severity"], f["type"], f["values"]["unresolved"]) == ("info", "undated", 2)


def test_an_undated_rule_takes_no_keys(run, tmp_path):  # type: ignore[no-untyped-def]
    (tmp_path / "doc.txt").write_text(SHELLING, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(
        'factlint: ">=0.1"\nrules:\n  - id: undated\n    type: undated\n    severity: warning\n    message: m\n'
        "    where: {path: a.txt}\n", encoding="utf-8")
    r = run("lint", "doc.txt", "--rules", "bad.yaml", "--format", "json")
    assert (r.code, r.out) == (2, "")
    assert "Traceback" not in r.err
    [line] = r.err.strip().splitlines()
    assert line.startswith("factlint: bad.yaml:7:5: error: rules[0].where: unknown key")
