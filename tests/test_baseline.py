"""Baselines, suppressions and --since through the CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import Result, evidence_paths, write

STORY = Path(__file__).resolve().parent / "data" / "story"

WED = "date 2024-11-30 Rebels launched an offensive on Wednesday near Aleppo.\n"
THU = "date 2024-11-30 Rebels launched an offensive on Thursday near Aleppo.\n"
MISSPELT = "date 2024-11-30 The convoy moved toward Khan Cheikhoun.\n"


def corpus(root: Path, files: dict[str, str]) -> Path:
    shutil.copytree(STORY, root / "rules")
    return write(root, files)


def found(r: Result) -> list[tuple[str, list[str]]]:
    return [(f["rule"], evidence_paths(f)) for f in r.findings()]


def fingerprints(r: Result) -> dict[str, str]:
    return {f["rule"]: f["fingerprint"] for f in r.findings()}


# --- baselines -----------------------------------------------------------------------------------------------------


def test_baseline_hides_known_reports_new_and_lists_stale(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {"articles/a.txt": WED, "articles/b.txt": THU, "articles/c.txt": MISSPELT})
    today = run("lint", "articles", "--format", "json")
    assert today.code == 1
    run("lint", "articles", "--write-baseline", "base/line.json")
    doc = json.loads((tmp_path / "base" / "line.json").read_text(encoding="utf-8"))
    assert doc["version"] == 1
    assert [(e["fingerprint"], e["rule"], e["paths"]) for e in doc["findings"]] == [
        (f["fingerprint"], f["rule"], evidence_paths(f)) for f in today.findings()]

    r = run("lint", "articles", "--baseline", "base/line.json", "--format", "json")
    assert r.code == 0 and r.findings() == []
    assert r.json["summary"]["suppressed"] == 2 and r.json["stale_baseline"] == []

    # a new contradiction is reported; a fixed one is listed as stale
    write(tmp_path, {"articles/c.txt": "date 2024-11-30 The convoy moved toward Khan Sheikhun.\n",
                     "articles/d.txt": "date 2024-12-01 Rebels launched an offensive on Friday near Aleppo.\n"})
    r = run("lint", "articles", "--baseline", "base/line.json", "--format", "json")
    assert r.code == 1
    [new] = r.findings()
    assert new["rule"] == "event-date-agreement" and "articles/d.txt" in evidence_paths(new)
    assert new["fingerprint"] != fingerprints(today)["event-date-agreement"]
    assert sorted(r.json["stale_baseline"]) == sorted(fingerprints(today).values())
    text = run("lint", "articles", "--baseline", "base/line.json")
    assert all(fp in text.out for fp in fingerprints(today).values())


def test_baseline_from_the_config(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {"articles/a.txt": WED, "articles/b.txt": THU})
    run("lint", "articles", "--write-baseline", ".factlint-baseline.json")
    write(tmp_path, {"factlint.yaml": "paths: [articles]\nbaseline: .factlint-baseline.json\n"})
    (tmp_path / "sub").mkdir()
    assert run("lint", cwd=tmp_path / "sub").code == 0


def test_a_baseline_that_cannot_be_written_exits_2(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {"articles/a.txt": WED, "articles/b.txt": THU, "taken": "a file, not a folder\n"})
    r = run("lint", "articles", "--write-baseline", "taken/base.json")
    assert r.code == 2
    assert "taken/base.json" in r.err and "Traceback" not in r.err


@pytest.mark.parametrize("content", ["{not json", '{"version": 99, "findings": []}', '{"version": 1, "findings": [3]}'])
def test_a_broken_baseline_exits_2(run, tmp_path: Path, content: str) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {"articles/a.txt": WED, "base.json": content})
    r = run("lint", "articles", "--baseline", "base.json")
    assert r.code == 2 and "base.json" in r.err
    assert run("lint", "articles", "--baseline", "missing.json").code == 2


def test_fingerprints_survive_unrelated_edits(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {"articles/a.txt": WED, "articles/b.txt": THU + "They moved toward Khan Cheikhoun.\n"})
    before = run("lint", "articles", "--format", "json")
    run("lint", "articles", "--write-baseline", "base.json")
    write(tmp_path, {
        "articles/a.txt": "date 2024-11-30 Aleppo\n\nA new first paragraph about the weather.\n\nAnd a second one.\n"
                          + WED.split(" ", 2)[2],
        "articles/b.txt": "date 2024-11-30 An added lede.\nAnother line.\r\n\n" + THU.split(" ", 2)[2]
                          + "Residents fled.\nThey moved toward Khan Cheikhoun.\n",
    })
    after = run("lint", "articles", "--format", "json")
    assert fingerprints(after) == fingerprints(before)
    lines = {f["rule"]: [(ev["path"], ev["line"]) for ev in f["evidence"]] for f in after.findings()}
    old_lines = {f["rule"]: [(ev["path"], ev["line"]) for ev in f["evidence"]] for f in before.findings()}
    assert all(lines[rule] != old_lines[rule] for rule in lines)  # the lines moved
    assert run("lint", "articles", "--baseline", "base.json").code == 0


# --- suppressions --------------------------------------------------------------------------------------------------


def test_suppression_with_a_reason(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {"articles/a.txt": WED, "articles/b.txt": THU, "articles/c.txt": MISSPELT})
    fps = fingerprints(run("lint", "articles", "--format", "json"))
    write(tmp_path, {"sup.yaml": f"""
        suppressions:
          - fingerprint: {fps['event-date-agreement']}
            rule: event-date-agreement
            reason: "b was corrected in print; the web copy is frozen"
        """})
    r = run("lint", "articles", "--suppressions", "sup.yaml", "--format", "json")
    assert r.code == 0
    assert found(r) == [("name-spelling", ["articles/c.txt"])]
    assert r.json["summary"]["suppressed"] == 1
    # the same from the config
    write(tmp_path, {"factlint.yaml": "paths: [articles]\nsuppressions: sup.yaml\n"})
    assert [f["rule"] for f in run("lint", "--format", "json").findings()] == ["name-spelling"]


def test_suppression_for_another_rule_does_not_apply(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {"articles/a.txt": WED, "articles/b.txt": THU})
    fp = fingerprints(run("lint", "articles", "--format", "json"))["event-date-agreement"]
    write(tmp_path, {"sup.yaml": f"suppressions:\n  - {{fingerprint: {fp}, rule: name-spelling, reason: typo}}\n"})
    assert run("lint", "articles", "--suppressions", "sup.yaml").code == 1


@pytest.mark.parametrize("content", [
    "suppressions:\n  - fingerprint: 0123456789abcdef\n",
    "suppressions:\n  - fingerprint: 0123456789abcdef\n    reason: [x]\n",
    "suppressions:\n  - fingerprint: 0123456789abcdef\n    reason: ok\n    why: extra\n",
    "suppression: []\n",
])
def test_a_suppression_without_a_reason_exits_2(run, tmp_path: Path, content: str) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {"articles/a.txt": WED, "sup.yaml": content})
    r = run("lint", "articles", "--suppressions", "sup.yaml")
    assert r.code == 2
    assert "sup.yaml:" in r.err and "Traceback" not in r.err


# --- --since -------------------------------------------------------------------------------------------------------


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "test@example.com")
    git(tmp_path, "config", "user.name", "factlint tests")
    git(tmp_path, "config", "commit.gpgsign", "false")
    corpus(tmp_path, {"articles/a.txt": WED, "articles/b.txt": THU, "articles/e.txt": WED})
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "corpus")
    return tmp_path


def test_since_reports_only_findings_touching_changed_files(run, repo: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("lint", "articles", "--since", "HEAD", "--format", "json").findings() == []
    write(repo, {"articles/c.txt": MISSPELT})  # untracked
    r = run("lint", "articles", "--since", "HEAD", "--format", "json")
    assert found(r) == [("name-spelling", ["articles/c.txt"])]
    assert r.code == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "c")
    write(repo, {"articles/b.txt": THU + "More later.\n"})  # modified, touches the contradiction
    r = run("lint", "articles", "--since", "HEAD", "--format", "json")
    assert r.code == 1 and [f["rule"] for f in r.findings()] == ["event-date-agreement"]
    r = run("lint", "articles", "--since", "HEAD~1", "--format", "json")
    assert sorted(f["rule"] for f in r.findings()) == ["event-date-agreement", "name-spelling"]


def test_since_with_non_ascii_file_names(run, repo: Path) -> None:  # type: ignore[no-untyped-def]
    write(repo, {"articles/caf\u00e9.txt": THU})
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "caf\u00e9")
    write(repo, {"articles/na\u00efve.txt": MISSPELT})  # untracked
    r = run("lint", "articles", "--since", "HEAD~1", "--format", "json")
    assert found(r) == [
        ("event-date-agreement", ["articles/a.txt", "articles/b.txt", "articles/caf\u00e9.txt", "articles/e.txt"]),
        ("name-spelling", ["articles/na\u00efve.txt"]),
    ]


def test_since_reports_everything_when_a_rule_file_changed(run, repo: Path) -> None:  # type: ignore[no-untyped-def]
    with (repo / "rules" / "story.yaml").open("a", encoding="utf-8") as fh:
        fh.write("# edited\n")
    r = run("lint", "articles", "--since", "HEAD", "--format", "json")
    assert found(r) == [("event-date-agreement", ["articles/a.txt", "articles/b.txt", "articles/e.txt"])]


@pytest.mark.parametrize("ref", ["no-such-ref", "--output=x"])
def test_since_a_bad_ref_exits_2(run, repo: Path, ref: str) -> None:  # type: ignore[no-untyped-def]
    r = run("lint", "articles", f"--since={ref}")
    assert r.code == 2 and ref in r.err and "Traceback" not in r.err


def test_since_outside_a_git_repository_exits_2(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    corpus(tmp_path, {"articles/a.txt": WED})
    r = run("lint", "articles", "--since", "HEAD")
    assert r.code == 2 and "Traceback" not in r.err
