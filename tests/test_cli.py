"""The command line end to end: exit codes, usage errors, the JSON contract, output options and the subcommands.

Every test runs the real `main()` (the `run` fixture) or the installed module in a subprocess, on a small corpus in a
temporary folder, and asserts exit codes, rule ids, paths and values, never message wording.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, Result, evidence_paths, write

from factlint import __version__
from factlint.cli import main

STORY = Path(__file__).resolve().parent / "data" / "story"
INFO_RULES = Path(__file__).resolve().parent / "data" / "info-names.yaml"

WED = "date 2024-11-30 Rebels launched an offensive on Wednesday near Aleppo.\nFighting reached Khan Sheikhun.\n"
THU = "date 2024-11-30 Rebels launched an offensive on Thursday near Aleppo.\nThey moved toward Khan Cheikhoun.\n"
MISSPELT = "date 2024-11-30 The convoy moved toward Khan Cheikhoun.\n"
TOLL = ("date 2024-11-30 Rebels launched an offensive on Wednesday near Aleppo. The fighting has killed at least "
        "327 people, according to the Syrian Observatory for Human Rights.\n")


def corpus(root: Path, files: dict[str, str]) -> Path:
    """The story's rules in ./rules (found by default) and the given articles."""
    shutil.copytree(STORY, root / "rules")
    return write(root, files)


def rules_of(r: Result) -> list[str]:
    return [f["rule"] for f in r.findings()]


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("GITHUB_ACTIONS", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


# --- exit codes ----------------------------------------------------------------------------------------------------


def test_consistent_corpus_exits_0(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {"articles/a.txt": WED, "articles/b.txt": TOLL})
    r = run("lint", "articles", "--format", "json")
    assert r.code == 0
    assert r.findings() == []
    assert r.json["summary"]["documents"] == 2


def test_contradiction_exits_1_with_the_rule_and_both_sides(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {"articles/a.txt": WED, "articles/b.txt": THU})
    r = run("lint", "articles", "--format", "json")
    assert r.code == 1
    assert sorted(rules_of(r)) == ["event-date-agreement", "name-spelling"]
    [agree] = r.findings("event-date-agreement")
    assert agree["severity"] == "error"
    assert evidence_paths(agree) == ["articles/a.txt", "articles/b.txt"]
    assert {ev["fact"]["value"] for ev in agree["evidence"]} == {"2024-11-27", "2024-11-28"}
    [spell] = r.findings("name-spelling")
    assert (spell["values"]["surface"], spell["values"]["suggestion"]) == ("Khan Cheikhoun", "Khan Sheikhun")
    assert (spell["evidence"][0]["path"], spell["evidence"][0]["line"]) == ("articles/b.txt", 2)


@pytest.mark.parametrize(("fail_on", "code"), [(None, 0), ("error", 0), ("warning", 1), ("info", 1)])
def test_fail_on_with_only_warnings(run, tmp_path: Path, fail_on: str | None, code: int) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {"articles/a.txt": WED, "articles/c.txt": MISSPELT})
    r = run("lint", "articles", "--format", "json", *(["--fail-on", fail_on] if fail_on else []))
    assert rules_of(r) == ["name-spelling"]
    assert r.code == code


@pytest.mark.parametrize(("fail_on", "code"), [(None, 0), ("warning", 0), ("info", 1)])
def test_fail_on_info(run, tmp_path: Path, fail_on: str | None, code: int) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, {"c.txt": MISSPELT})
    r = run("lint", "c.txt", "--rules", str(INFO_RULES), "--format", "json", *(["--fail-on", fail_on] if fail_on else []))
    assert [(f["rule"], f["severity"]) for f in r.findings()] == [("name-spelling-note", "info")]
    assert r.code == code


def test_exit_zero_with_findings_but_not_with_an_error(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {"articles/a.txt": WED, "articles/b.txt": THU})
    r = run("lint", "articles", "--exit-zero", "--format", "json")
    assert r.code == 0
    assert "event-date-agreement" in rules_of(r)
    assert run("lint", "articles", "--exit-zero", "--rules", "missing.yaml").code == 2


@pytest.mark.parametrize("argv", [
    ["lint", "--no-such-option"],
    ["lint", "no/such/folder"],
    ["lint", ".", "--rules", "no-such-rules.yaml"],
    ["lint", ".", "--format", "xml"],
    ["lint", ".", "--fail-on", "fatal"],
    ["lint", ".", "--fix", "--diff"],
    ["lint", ".", "--config", "missing.toml"],
    ["frobnicate"],
    ["facts"],
], ids=lambda a: " ".join(a))
def test_usage_errors_exit_2_with_a_message(run, tmp_path: Path, argv: list[str]) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {"a.txt": WED})
    r = run(*argv)
    assert r.code == 2
    assert r.err.startswith("factlint: ") and "error" in r.err
    assert "Traceback" not in r.err + r.out


def test_no_command_shows_help_and_exits_2(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = run()
    assert r.code == 2
    assert "lint" in r.out


def test_usage_error_in_a_subprocess_has_no_traceback(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "factlint", "lint", "--rules", "nope.yaml", "."], cwd=tmp_path,
                          env=subprocess_env(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "nope.yaml" in done.stderr
    assert "Traceback" not in done.stderr


def test_version_in_a_subprocess(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "factlint", "--version"], cwd=tmp_path, env=subprocess_env(),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert done.stdout.split() == ["factlint", __version__]


def test_main_returns_0_for_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out


def test_python_dash_m_factlint_lints(tmp_path: Path) -> None:
    corpus(tmp_path, {"articles/a.txt": WED, "articles/b.txt": THU})
    done = subprocess.run([sys.executable, "-m", "factlint", "lint", "articles", "--format", "json"], cwd=tmp_path,
                          env=subprocess_env(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert sorted(f["rule"] for f in json.loads(done.stdout)["findings"]) == ["event-date-agreement", "name-spelling"]


# --- JSON contract and output options ------------------------------------------------------------------------------


def test_json_contract(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {"articles/a.txt": WED, "articles/b.txt": THU})
    doc = run("lint", "articles", "--format", "json").json
    assert doc["version"] == 1
    assert doc["tool"] == {"name": "factlint", "version": __version__}
    assert doc["summary"]["documents"] == 2
    assert doc["summary"]["facts"] > 0
    assert doc["summary"]["findings"] == {"error": 1, "warning": 1, "info": 0}
    for f in doc["findings"]:
        assert {"rule", "type", "severity", "message", "fingerprint", "evidence", "values"} <= set(f)
        assert re.fullmatch(r"[0-9a-f]{16}", f["fingerprint"])
        assert f["severity"] in ("error", "warning", "info")
        for ev in f["evidence"]:
            assert {"path", "line", "column", "end_line", "end_column", "text", "sentence", "fact"} <= set(ev)
            assert (ev["end_line"], ev["end_column"]) >= (ev["line"], ev["column"])
            assert ev["text"] in ev["sentence"]
            assert ev["fact"]["path"] == ev["path"] and ev["fact"]["text"] == ev["text"]
    assert {f["type"] for f in doc["findings"]} == {"agreement", "canonical-name"}
    # the line and column point at the text in the file
    lines = (tmp_path / "articles/b.txt").read_text(encoding="utf-8").splitlines()
    for f in doc["findings"]:
        for ev in f["evidence"]:
            if ev["path"] == "articles/b.txt":
                assert lines[ev["line"] - 1][ev["column"] - 1:ev["end_column"] - 1] == ev["text"]


def test_output_is_deterministic(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {"articles/a.txt": WED, "articles/b.txt": THU, "articles/c.txt": MISSPELT, "articles/d.txt": TOLL})
    first = run("lint", "articles", "--format", "json").out
    assert run("lint", "articles", "--format", "json").out == first
    # the same corpus written in the opposite order gives the same report
    other = tmp_path / "other"
    other.mkdir()
    names = ["a.txt", "b.txt", "c.txt", "d.txt"]
    shutil.copytree(STORY, other / "rules")
    for name in reversed(names):
        write(other, {f"articles/{name}": (tmp_path / "articles" / name).read_text(encoding="utf-8")})
    assert run("lint", "articles", "--format", "json", cwd=other).out == first


def test_output_file(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {"articles/a.txt": WED, "articles/b.txt": THU})
    expected = run("lint", "articles", "--format", "json").out
    r = run("lint", "articles", "--format", "json", "--output", "report.json")
    assert r.code == 1
    assert r.out == ""
    assert (tmp_path / "report.json").read_text(encoding="utf-8") == expected


def test_output_to_an_unwritable_place_exits_2(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {"articles/a.txt": WED})
    r = run("lint", "articles", "--output", str(tmp_path / "no" / "such" / "dir" / "r.txt"))
    assert r.code == 2
    assert "Traceback" not in r.err


def test_statistics(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {"articles/a.txt": WED, "articles/b.txt": THU, "articles/c.txt": MISSPELT})
    stats = re.compile(r"^\s*(\d+)\s+(\S+)\s+\((error|warning|info)\)$", re.M)
    r = run("lint", "articles", "--statistics")
    assert sorted(stats.findall(r.out)) == [("1", "event-date-agreement", "error"), ("2", "name-spelling", "warning")]
    assert stats.findall(run("lint", "articles").out) == []


def test_github_format_on_github_actions(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path) -> None:
    corpus(tmp_path, {"articles/a.txt": WED, "articles/b.txt": THU})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["lint", "articles"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["::error", "::warning"]
    assert "title=event-date-agreement" in lines[0] and "file=articles/a.txt" in lines[0]
    # an explicit format wins
    assert main(["lint", "articles", "--format", "json"]) == 1
    assert len(json.loads(capsys.readouterr().out)["findings"]) == 2


@pytest.mark.parametrize(("changed", "expected"), [
    (["articles/b.txt"], ["event-date-agreement", "name-spelling"]),
    (["articles/a.txt"], ["event-date-agreement"]),
    (["articles/c.txt"], ["name-spelling"]),
    (["articles/d.txt"], []),
    (["rules/story.yaml"], ["event-date-agreement", "name-spelling", "name-spelling"]),
    (["factlint.yaml", "articles/d.txt"], ["event-date-agreement", "name-spelling", "name-spelling"]),
])
def test_focus_reads_the_whole_corpus_and_reports_what_touches_the_changed_files(  # type: ignore[no-untyped-def]
        run, tmp_path: Path, changed: list[str], expected: list[str]) -> None:
    unrelated = "date 2024-11-30 The fighting has killed at least 327 people, according to the Observatory.\n"
    corpus(tmp_path, {"factlint.yaml": "paths: [articles]\n", "articles/a.txt": WED.replace("Khan Sheikhun", "Idlib"),
                      "articles/b.txt": THU, "articles/c.txt": MISSPELT, "articles/d.txt": unrelated,
                      "notes.txt": THU})
    r = run("lint", "--focus", *changed, "--format", "json")
    assert sorted(rules_of(r)) == expected
    assert r.json["summary"]["documents"] == 4  # the configured corpus, not notes.txt
    assert r.code == (1 if "event-date-agreement" in expected else 0)


def test_focus_on_a_correctly_spelt_article_reports_no_spelling(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {"factlint.yaml": "paths: [articles]\n", "articles/a.txt": WED, "articles/c.txt": MISSPELT})
    assert rules_of(run("lint", "--focus", "articles/a.txt", "--format", "json")) == []


# --- facts, rules, explain -----------------------------------------------------------------------------------------


def facts_rows(r: Result) -> list[dict[str, Any]]:
    assert r.code == 0, r.err
    return [json.loads(line) for line in r.out.splitlines()]


def test_facts_jsonl_rows_per_kind(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {"a.txt": TOLL})
    rows = facts_rows(run("facts", "a.txt", "--format", "jsonl"))
    common = {"kind", "path", "line", "column", "end_line", "end_column", "start", "end", "text", "published"}
    for row in rows:
        assert common <= set(row)
        assert row["path"] == "a.txt" and row["published"] == "2024-11-30"
    [count] = [r for r in rows if r["kind"] == "count"]
    assert {"metric", "low", "high", "qualifier", "source", "cumulative"} <= set(count)
    assert (count["metric"], count["low"], count["high"], count["qualifier"]) == ("killed", 327, None, "at_least")
    assert count["source"] == "Syrian Observatory for Human Rights" and isinstance(count["cumulative"], bool)
    [date] = [r for r in rows if r["kind"] == "date"]
    assert {"value", "start_date", "end_date", "event", "anchor"} <= set(date)
    assert (date["value"], date["start_date"], date["end_date"], date["event"], date["anchor"]) == (
        "2024-11-27", "2024-11-27", "2024-11-27", "offensive-launch", "publication")
    mentions = {r["text"]: r for r in rows if r["kind"] == "mention"}
    assert all({"entity", "canonical", "score"} <= set(m) for m in mentions.values())
    assert (mentions["Aleppo"]["entity"], mentions["Aleppo"]["canonical"], mentions["Aleppo"]["score"]) == (
        "aleppo", "Aleppo", 100.0)
    assert mentions["Syrian Observatory for Human Rights"]["entity"] == "sohr"


def test_facts_kind_filter(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {"a.txt": TOLL})
    rows = facts_rows(run("facts", "a.txt", "--format", "jsonl", "--kind", "date"))
    assert [r["kind"] for r in rows] == ["date"]


def comparable(finding: dict[str, Any]) -> tuple[Any, ...]:
    where = [(ev["path"], ev["line"], ev["column"], ev["end_line"], ev["end_column"], ev["text"])
             for ev in finding["evidence"]]
    return finding["rule"], finding["severity"], finding["fingerprint"], json.dumps(finding["values"]), where


def test_facts_jsonl_lints_back_to_the_same_findings(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {"articles/a.txt": WED, "articles/b.txt": THU, "articles/d.txt": TOLL})
    from_text = run("lint", "articles", "--format", "json")
    (tmp_path / "facts").mkdir()
    (tmp_path / "facts" / "corpus.jsonl").write_text(run("facts", "articles", "--format", "jsonl").out, encoding="utf-8")
    from_facts = run("lint", "facts", "--format", "json")
    assert from_facts.code == from_text.code == 1
    assert [comparable(f) for f in from_facts.findings()] == [comparable(f) for f in from_text.findings()]
    assert from_facts.json["summary"]["facts"] == from_text.json["summary"]["facts"]


def test_facts_jsonl_keeps_the_evidence_sentence(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {"articles/a.txt": WED, "articles/b.txt": THU})
    from_text = run("lint", "articles", "--format", "json")
    (tmp_path / "corpus.jsonl").write_text(run("facts", "articles", "--format", "jsonl").out, encoding="utf-8")
    from_facts = run("lint", "corpus.jsonl", "--format", "json")
    sentences = [[ev["sentence"] for ev in f["evidence"]] for f in from_text.findings()]
    assert [[ev["sentence"] for ev in f["evidence"]] for f in from_facts.findings()] == sentences


def test_rules_lists_generic_and_story_rules(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {})
    r = run("rules")
    assert r.code == 0
    ids = [line.split()[0] for line in r.out.splitlines() if line.strip()]
    assert ids == ["toll-never-decreases", "part-within-whole", "event-date-agreement", "name-spelling",
                   "undated-document"]
    assert [line.split()[0] for line in run("rules", "--rules", str(INFO_RULES)).out.splitlines()] == [
        "name-spelling-note"]


def test_explain_a_rule_and_a_rule_type(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {})
    r = run("explain", "event-date-agreement")
    assert r.code == 0
    assert r.out.split()[:2] == ["event-date-agreement", "(agreement,"]
    r = run("explain", "monotonic")
    assert r.code == 0 and "monotonic" in r.out.splitlines()[0]


def test_explain_unknown_rule_suggests_the_nearest(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {})
    r = run("explain", "event-date-agreemnt")
    assert r.code == 2
    assert "event-date-agreemnt" in r.err and "'event-date-agreement'" in r.err
    assert r.out == ""


def test_an_internal_error_is_one_line_and_exit_2(run, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    import factlint.runner

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise ValueError("boom")

    monkeypatch.setattr(factlint.runner, "lint", broken)
    monkeypatch.setattr("factlint.cli.lint", broken)
    (tmp_path / "a.txt").write_text("---\ndate: 2024-11-30\n---\nQuiet day.\n", encoding="utf-8")
    r = run("lint", "a.txt")
    assert r.code == 2 and "Traceback" not in r.err
    assert r.err.startswith("factlint: internal error: ValueError: boom")
