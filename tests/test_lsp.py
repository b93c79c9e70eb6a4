"""The language server end to end: `python -m factlint lsp` in a subprocess, driven by a real LSP client speaking
JSON-RPC over its stdio (tests/lsp_client.py): initialize, didOpen/didChange/didSave, publishDiagnostics, codeAction,
hover, shutdown. Diagnostics are compared with `factlint lint --format json` on the same workspace."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, RULES, SEEDS
from lsp_client import Client
from test_cli import STORY, subprocess_env

from factlint.cli import main

WED = "date 2024-11-30 Rebels launched an offensive on Wednesday near Aleppo.\nFighting reached Khan Sheikhun.\n"
THU = "date 2024-11-30 Rebels launched an offensive on Thursday near Aleppo.\nThey moved toward Khan Cheikhoun.\n"
TOLL = ("date 2024-11-30 The offensive has killed at least 327 people, according to the Syrian Observatory for "
        "Human Rights.\n")


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Any]:
    """start(options=None, encodings=None) -> an initialized client of a server rooted at tmp_path."""
    clients: list[Client] = []

    def _start(options: Any = None, encodings: list[str] | None = None) -> Client:
        client = Client(ROOT, subprocess_env())  # started elsewhere (a folder with its own config): the root counts
        clients.append(client)
        client.initialize(tmp_path, encodings, options)
        return client

    yield _start
    for client in clients:
        client.close()


def story(root: Path, files: dict[str, str]) -> dict[str, str]:
    """The story's rules, a factlint.yaml naming the corpus folder, the articles; returns path -> file uri."""
    shutil.copytree(STORY, root / "rules")
    (root / "factlint.yaml").write_text("paths: [articles]\n", encoding="utf-8")
    uris = {}
    for name, text in files.items():
        path = root / "articles" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        uris[name] = path.resolve().as_uri()
    return uris


def utf16(line: str) -> int:
    return len(line.encode("utf-16-le")) // 2


def lsp_position(text: str, line: int, column: int) -> tuple[int, int]:
    """factlint's 1-based line and code-point column as LSP's 0-based line and UTF-16 character."""
    lines = re.split(r"\r\n|\r|\n", text)
    return line - 1, utf16(lines[line - 1][:column - 1])


def by_rule(diags: list[Any]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for d in diags:
        out.setdefault(d["code"], []).append(d)
    return out


# --- the same findings as `factlint lint --format json` ----------------------------------------------------------


def at_fault(finding: Any) -> set[str]:
    """The documents a finding is about: a reference example elsewhere (the listed spelling) is not one; the JSON
    marks it only by its label."""
    return {ev["path"] for ev in finding["evidence"] if ev["label"] != "listed spelling"}


def lint_json(root: Path) -> list[Any]:
    lint = subprocess.run([sys.executable, "-m", "factlint", "lint", "--format", "json"], cwd=root,
                          env=subprocess_env(), capture_output=True, text=True, timeout=120)
    assert lint.returncode in (0, 1), lint.stderr
    return list(json.loads(lint.stdout)["findings"])


def test_diagnostics_are_the_findings_of_lint_json(start, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The seeds with their rules, configured with a suppression and a per-path disable: the server must apply the
    configuration as `factlint lint` does."""
    shutil.copytree(SEEDS, tmp_path / "articles")
    shutil.copytree(RULES, tmp_path / "rules")
    config = "paths: [articles]\nrules: [rules]\n"
    (tmp_path / "factlint.yaml").write_text(config, encoding="utf-8")
    everything = lint_json(tmp_path)
    accepted = next(f for f in everything if f["rule"] == "name-spelling")
    (tmp_path / "accepted.yaml").write_text(
        f"suppressions:\n  - {{fingerprint: {accepted['fingerprint']}, reason: checked}}\n", encoding="utf-8")
    disabled = next(f for f in everything if f["rule"] == "name-spelling" and len(at_fault(f)) == 1
                    and not at_fault(f) & at_fault(accepted))  # each of the two hides its own finding
    [path] = at_fault(disabled)
    config += f"suppressions: accepted.yaml\ndisable: {{\"{path}\": [{disabled['rule']}]}}\n"
    (tmp_path / "factlint.yaml").write_text(config, encoding="utf-8")
    findings = lint_json(tmp_path)
    assert accepted["fingerprint"] not in {f["fingerprint"] for f in findings}
    assert disabled["fingerprint"] not in {f["fingerprint"] for f in findings}
    assert {f["rule"] for f in findings} >= {"event-date-agreement", "name-spelling"}

    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted((tmp_path / "articles").iterdir())}
    # what each document should show: one diagnostic per side of a finding in it (reference examples aside)
    expected: dict[str, Counter[tuple[Any, ...]]] = {name: Counter() for name in texts}
    for f in findings:
        for ev in f["evidence"]:
            if ev["path"] not in at_fault(f) or ev["label"] == "listed spelling":
                continue
            name = ev["path"].removeprefix("articles/")
            start_ = lsp_position(texts[name], ev["line"], ev["column"])
            end = lsp_position(texts[name], ev["end_line"], ev["end_column"])
            expected[name][(f["rule"], f["fingerprint"], {"error": 1, "warning": 2, "info": 3}[f["severity"]],
                            start_, end, len(f["evidence"]) - 1)] += 1

    client = start()
    uris = {name: (tmp_path / "articles" / name).resolve().as_uri() for name in texts}
    for name, text in texts.items():
        client.open(uris[name], text)
    for name in texts:
        got = Counter((d["code"], d["data"]["fingerprint"], d["severity"],
                       (d["range"]["start"]["line"], d["range"]["start"]["character"]),
                       (d["range"]["end"]["line"], d["range"]["end"]["character"]),
                       len(d.get("relatedInformation") or []))
                      for d in client.diagnostics(uris[name]))
        assert got == expected[name], name
    assert sum(sum(c.values()) for c in expected.values()) >= len(findings)


def test_related_information_points_at_the_other_documents(start, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    uris = story(tmp_path, {"a.txt": WED, "b.txt": WED, "c.txt": THU})
    client = start()
    client.open(uris["c.txt"], THU)
    [date] = by_rule(client.diagnostics(uris["c.txt"]))["event-date-agreement"]
    assert date["severity"] == 1
    assert date["range"] == {"start": {"line": 0, "character": 45}, "end": {"line": 0, "character": 56}}
    related = sorted((r["location"]["uri"], r["location"]["range"]["start"]["character"])
                     for r in date["relatedInformation"])
    assert related == [(uris["a.txt"], 45), (uris["b.txt"], 45)]  # "on Wednesday" in the files not open


# --- positions ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("encoding", "width"), [(None, 2), ("utf-32", 1), ("utf-8", 4)])
def test_positions_after_a_non_bmp_character(start, tmp_path: Path, encoding: str | None, width: int) -> None:  # type: ignore[no-untyped-def]
    emoji = "date 2024-11-30 🙂 The convoy 𝐀 moved toward Khan Cheikhoun, where at least 327 people died.\n"
    uris = story(tmp_path, {"a.txt": WED, "b.txt": emoji})
    client = start(encodings=[encoding] if encoding else None)
    client.open(uris["b.txt"], emoji)
    [name] = by_rule(client.diagnostics(uris["b.txt"]))["name-spelling"]
    column = emoji.index("Khan Cheikhoun")  # code points before the name on its line
    expect = column + 2 * (width - 1)  # two characters outside the BMP before it
    assert name["range"]["start"] == {"line": 0, "character": expect}
    assert name["range"]["end"] == {"line": 0, "character": expect + len("Khan Cheikhoun")}

    [action] = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uris["b.txt"]}, "range": name["range"], "context": {"diagnostics": [name]}})
    assert action["edit"]["changes"][uris["b.txt"]] == [{"range": name["range"], "newText": "Khan Sheikhun"}]

    at = emoji.index("327") + 2 * (width - 1)
    hover = client.request("textDocument/hover", {"textDocument": {"uri": uris["b.txt"]},
                                                  "position": {"line": 0, "character": at}})
    assert "[327, ∞)" in hover["contents"]["value"]
    assert hover["range"]["start"]["character"] == emoji.index("at least 327") + 2 * (width - 1)


# --- changes, debounce, unsaved buffers ----------------------------------------------------------------------------


def test_unsaved_changes_are_linted_after_a_pause(start, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    uris = story(tmp_path, {"a.txt": WED, "b.txt": THU})
    client = start(options={"debounceMs": 400})
    client.open(uris["b.txt"], THU)
    assert "event-date-agreement" in by_rule(client.diagnostics(uris["b.txt"]))
    edits = [THU.replace("Thursday", day) for day in ("Thursda", "Thursd", "Wednesday")]
    for version, text in enumerate(edits, 2):  # typed in quick succession: one lint after the last
        client.change(uris["b.txt"], text, version)
    params = client.wait_for("textDocument/publishDiagnostics", lambda p: p["uri"] == uris["b.txt"])
    assert params["version"] == 4
    assert "event-date-agreement" not in by_rule(params["diagnostics"])  # the buffer, not the file on disk, counts
    assert "name-spelling" in by_rule(params["diagnostics"])
    assert (tmp_path / "articles" / "b.txt").read_text(encoding="utf-8") == THU


def test_a_new_unsaved_article_in_the_corpus_folder_is_linted(start, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    uris = story(tmp_path, {"a.txt": WED})
    new = (tmp_path / "articles" / "new.txt").resolve().as_uri()
    client = start()
    client.open(new, THU)
    [date] = by_rule(client.diagnostics(new))["event-date-agreement"]
    assert [r["location"]["uri"] for r in date["relatedInformation"]] == [uris["a.txt"]]


def test_a_document_outside_the_corpus_gets_no_diagnostics(start, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    story(tmp_path, {"a.txt": WED})
    (tmp_path / "notes.txt").write_text(THU, encoding="utf-8")  # not under `paths: [articles]`
    client = start()
    uri = (tmp_path / "notes.txt").resolve().as_uri()
    client.open(uri, THU)
    assert client.diagnostics(uri) == []


def test_closing_a_document_clears_its_diagnostics(start, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    uris = story(tmp_path, {"a.txt": WED, "b.txt": THU})
    client = start(options={"debounceMs": 0})
    client.open(uris["b.txt"], THU)
    assert client.diagnostics(uris["b.txt"]) != []
    client.notify("textDocument/didClose", {"textDocument": {"uri": uris["b.txt"]}})
    assert client.diagnostics(uris["b.txt"]) == []


# --- code actions ----------------------------------------------------------------------------------------------


def test_code_action_applies_the_name_fix(start, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    twice = THU + "Khan Cheikhoun was shelled.\n"
    uris = story(tmp_path, {"a.txt": WED, "b.txt": twice})
    client = start(options={"debounceMs": 0})
    client.open(uris["b.txt"], twice)
    names = by_rule(client.diagnostics(uris["b.txt"]))["name-spelling"]
    assert len(names) == 2
    first = min(names, key=lambda d: d["range"]["start"]["line"])
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uris["b.txt"]}, "range": first["range"], "context": {"diagnostics": [first]}})
    quick = [a for a in actions if a["kind"] == "quickfix"]
    assert len(quick) == 1 and quick[0]["diagnostics"] == [first]
    fix_all = [a for a in actions if a["kind"].startswith("source.fixAll")]
    assert len(fix_all[0]["edit"]["changes"][uris["b.txt"]]) == 2

    # only the kinds asked for are offered
    for only, kinds in ((["quickfix"], ["quickfix"]), (["source"], ["source.fixAll.factlint"]), (["refactor"], [])):
        offered = client.request("textDocument/codeAction", {
            "textDocument": {"uri": uris["b.txt"]}, "range": first["range"],
            "context": {"diagnostics": [first], "only": only}}) or []
        assert [a["kind"] for a in offered] == kinds, only

    fixed = apply_edits(twice, fix_all[0]["edit"]["changes"][uris["b.txt"]])
    assert fixed == twice.replace("Khan Cheikhoun", "Khan Sheikhun")
    client.change(uris["b.txt"], fixed, 2)
    params = client.wait_for("textDocument/publishDiagnostics", lambda p: p["uri"] == uris["b.txt"] and p["version"] == 2)
    assert "name-spelling" not in by_rule(params["diagnostics"])
    # once fixed, none
    assert not client.request("textDocument/codeAction", {
        "textDocument": {"uri": uris["b.txt"]}, "range": first["range"], "context": {"diagnostics": []}})


def test_no_code_action_from_a_stale_fix(start, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A fix computed before an edit moved the text is not offered at the old offsets."""
    uris = story(tmp_path, {"a.txt": WED, "b.txt": THU})
    client = start(options={"debounceMs": 5000})  # the edit below is not linted during the test
    client.open(uris["b.txt"], THU)
    [name] = by_rule(client.diagnostics(uris["b.txt"]))["name-spelling"]
    client.change(uris["b.txt"], THU.replace("They moved", "They quickly moved"), 2)
    whole_line = {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 60}}
    assert not client.request("textDocument/codeAction", {
        "textDocument": {"uri": uris["b.txt"]}, "range": whole_line, "context": {"diagnostics": [name]}})


def apply_edits(text: str, edits: list[Any]) -> str:
    lines = text.split("\n")
    for e in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]), reverse=True):
        s, t = e["range"]["start"], e["range"]["end"]
        assert s["line"] == t["line"]
        line = lines[s["line"]]
        lines[s["line"]] = line[:s["character"]] + e["newText"] + line[t["character"]:]  # ASCII lines here
    return "\n".join(lines)


# --- hover ---------------------------------------------------------------------------------------------------


def test_hover_shows_the_fact_read(start, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    uris = story(tmp_path, {"a.txt": WED, "b.txt": THU, "toll.txt": TOLL})
    client = start()
    client.open(uris["toll.txt"], TOLL)
    client.diagnostics(uris["toll.txt"])

    def hover(uri: str, text: str, needle: str) -> str | None:
        at = text.index(needle) + 1
        result = client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                        "position": {"line": 0, "character": at}})
        return None if result is None else str(result["contents"]["value"])

    count = hover(uris["toll.txt"], TOLL, "at least 327")
    assert count is not None
    assert "[327, ∞)" in count and "killed" in count and "Syrian Observatory for Human Rights" in count
    assert "this story" in count and "2024-11-30" in count
    assert hover(uris["toll.txt"], TOLL, "offensive") is None  # no fact there

    client.open(uris["b.txt"], THU)
    client.diagnostics(uris["b.txt"])
    date = hover(uris["b.txt"], THU, "on Thursday")
    assert date is not None and "2024-11-28 (Thursday)" in date and "offensive-launch" in date


# --- errors and life cycle ----------------------------------------------------------------------------------------


def test_a_broken_rule_file_is_reported_and_the_server_recovers(start, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    uris = story(tmp_path, {"a.txt": WED, "b.txt": THU})
    rules = tmp_path / "rules" / "story.yaml"
    good = rules.read_text(encoding="utf-8")
    bad = good.replace("entities:", "entitys:")
    rules.write_text(bad, encoding="utf-8")
    client = start(options={"debounceMs": 0})
    client.open(rules.resolve().as_uri(), bad)
    shown = client.wait_for("window/showMessage")
    assert shown["type"] == 1 and "rules/story.yaml" in shown["message"] and "entitys" in shown["message"]
    [marked] = client.diagnostics(rules.resolve().as_uri())  # the rule file is open: the error is shown in it too
    assert marked["range"]["start"] == {"line": bad.split("\n").index("entitys:"), "character": 0}
    client.open(uris["b.txt"], THU)
    rules.write_text(good, encoding="utf-8")
    client.notify("textDocument/didSave", {"textDocument": {"uri": rules.resolve().as_uri()}})
    assert "event-date-agreement" in by_rule(client.diagnostics(uris["b.txt"]))
    assert client.diagnostics(rules.resolve().as_uri()) == []


def test_a_bad_configuration_is_marked_in_it(start, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    uris = story(tmp_path, {"a.txt": WED})
    config = tmp_path / "factlint.yaml"
    bad = "paths: [articles]\nfail_on: warning\n"
    config.write_text(bad, encoding="utf-8")
    client = start()
    client.open(config.resolve().as_uri(), bad)
    client.open(uris["a.txt"], WED)
    [marked] = client.diagnostics(config.resolve().as_uri())
    assert marked["range"]["start"]["line"] == 1 and "fail_on" in marked["message"]


def test_shutdown_and_exit(start, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    story(tmp_path, {"a.txt": WED})
    client = start()
    assert client.close() == 0


def test_without_the_extra_a_one_line_message(run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "pygls", None)  # import pygls now fails, as when it is not installed
    r = run("lsp")
    assert r.code == 2 and r.out == ""
    [line] = r.err.strip().splitlines()
    assert "pip install 'factlint[lsp]'" in line


def test_lsp_is_a_subcommand() -> None:
    assert main(["lsp", "--help"]) == 0
