"""--fix and --diff through the CLI: only listed-name spellings change, byte for byte, once."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factlint import cli
from factlint.cli import main

STORY = Path(__file__).resolve().parent / "data" / "story"

WED = "date 2024-11-30 Rebels launched an offensive on Wednesday near Aleppo.\nFighting reached Khan Sheikhun.\n"
THU = "date 2024-11-30 Rebels launched an offensive on Thursday near Aleppo.\nThey moved toward Khan Cheikhoun.\n"
WRONG, RIGHT = b"Khan Cheikhoun", b"Khan Sheikhun"


def corpus(root: Path, files: dict[str, bytes]) -> dict[str, bytes]:
    shutil.copytree(STORY, root / "rules")
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return files


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root, but factlint's own fact cache (which a run may create: it is not an input)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".factlint_cache" not in p.relative_to(root).parts}


def test_diff_shows_the_change_and_changes_nothing(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {"articles/a.txt": WED.encode(), "articles/b.txt": THU.encode()})
    before = snapshot(tmp_path)
    r = run("lint", "articles", "--diff")
    assert r.code == 1  # the contradiction still fails the run
    assert snapshot(tmp_path) == before
    diff = r.out[:r.out.index("\n\n") + 1] if "\n\n" in r.out else r.out
    lines = diff.splitlines()
    assert lines[:2] == ["--- a/articles/b.txt", "+++ b/articles/b.txt"]
    assert lines[2].startswith("@@ ")
    assert "-They moved toward Khan Cheikhoun." in lines and "+They moved toward Khan Sheikhun." in lines
    assert [line for line in lines if line[:1] in "+-" and not line.startswith(("---", "+++"))] == [
        "-They moved toward Khan Cheikhoun.", "+They moved toward Khan Sheikhun."]


def test_fix_keeps_bom_crlf_and_every_other_byte(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    original = (b"\xef\xbb\xbfdate 2024-11-30 Caf\xc3\xa9 \xe2\x80\x94 news.\r\n\r\nThey moved toward Khan Cheikhoun"
                b" and then\r\nback to Khan Cheikhoun.  \r\nTrailing spaces\t\r\n\r\n")
    os.umask(0o022)
    corpus(tmp_path, {"articles/b.txt": original, "articles/a.txt": WED.encode()})
    (tmp_path / "articles" / "b.txt").chmod(0o640)
    r = run("lint", "articles", "--fix", "--format", "json")
    assert r.code == 0 and r.findings() == []
    assert (tmp_path / "articles" / "b.txt").read_bytes() == original.replace(WRONG, RIGHT)
    assert stat.S_IMODE((tmp_path / "articles" / "b.txt").stat().st_mode) == 0o640
    assert (tmp_path / "articles" / "a.txt").read_bytes() == WED.encode()
    assert sorted(p.name for p in (tmp_path / "articles").iterdir()) == ["a.txt", "b.txt"]  # no temp files left


def test_fix_never_touches_a_contradiction(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {"articles/a.txt": WED.encode(), "articles/b.txt": THU.encode()})
    r = run("lint", "articles", "--fix", "--format", "json")
    assert r.code == 1
    assert [f["rule"] for f in r.findings()] == ["event-date-agreement"]
    assert (tmp_path / "articles" / "b.txt").read_bytes() == THU.encode().replace(WRONG, RIGHT)
    assert (tmp_path / "articles" / "a.txt").read_bytes() == WED.encode()


def test_a_second_fix_changes_nothing(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {"articles/a.txt": WED.encode(), "articles/b.txt": THU.encode()})
    run("lint", "articles", "--fix")
    once = snapshot(tmp_path)
    mtime = (tmp_path / "articles" / "b.txt").stat().st_mtime_ns
    r = run("lint", "articles", "--fix", "--format", "json")
    assert snapshot(tmp_path) == once
    assert (tmp_path / "articles" / "b.txt").stat().st_mtime_ns == mtime
    assert [f["rule"] for f in r.findings()] == ["event-date-agreement"]
    assert "+++ b/" not in run("lint", "articles", "--diff").out  # no diff left


@pytest.mark.parametrize("final_newline", [True, False], ids=["final-newline", "no-final-newline"])
@pytest.mark.parametrize("bom", [True, False], ids=["bom", "nobom"])
@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_the_diff_applies_to_give_what_fix_writes(run, tmp_path: Path, eol: str, bom: bool,  # type: ignore[no-untyped-def]
                                                 final_newline: bool) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    text = eol.join(["date 2024-11-30 Intro.", "", "They moved toward Khan Cheikhoun.", "Khan Cheikhoun again"])
    original = (b"\xef\xbb\xbf" if bom else b"") + (text + (eol if final_newline else "")).encode("utf-8")
    corpus(tmp_path, {"articles/b.txt": original})
    r = run("lint", "articles", "--diff", "--output", "report.txt")
    (tmp_path / "fix.patch").write_text(r.out, encoding="utf-8", newline="")
    assert (tmp_path / "articles" / "b.txt").read_bytes() == original
    done = subprocess.run(["git", "apply", "--unsafe-paths", "fix.patch"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, r.out + done.stderr
    patched = (tmp_path / "articles" / "b.txt").read_bytes()
    assert patched == original.replace(WRONG, RIGHT)
    (tmp_path / "articles" / "b.txt").write_bytes(original)
    run("lint", "articles", "--fix")
    assert (tmp_path / "articles" / "b.txt").read_bytes() == patched


def test_fix_through_a_symlink_keeps_the_link(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {"shared/b.txt": THU.encode(), "articles/a.txt": WED.encode()})
    (tmp_path / "articles" / "b.txt").symlink_to(Path("..") / "shared" / "b.txt")
    r = run("lint", "articles", "--fix", "--format", "json")
    assert [f["rule"] for f in r.findings()] == ["event-date-agreement"]
    assert (tmp_path / "articles" / "b.txt").is_symlink()
    assert (tmp_path / "shared" / "b.txt").read_bytes() == THU.encode().replace(WRONG, RIGHT)


def test_a_fix_that_cannot_be_written_exits_2(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {"articles/b.txt": THU.encode()})

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("factlint.fsio.os.open", refuse)
    r = run("lint", "articles", "--fix")
    assert r.code == 2
    assert "articles/b.txt" in r.err and "Traceback" not in r.err
    assert (tmp_path / "articles" / "b.txt").read_bytes() == THU.encode()


@pytest.mark.parametrize("args", [[], ["--format", "json"], ["--statistics"], ["--write-baseline", "b.json"]])
def test_files_are_unchanged_without_fix(run, tmp_path: Path, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path, {"articles/a.txt": WED.encode(), "articles/b.txt": THU.encode()})
    before = snapshot(tmp_path / "articles")
    run("lint", "articles", *args)
    assert snapshot(tmp_path / "articles") == before


# --- property: a fix changes exactly the misspelt span, once -----------------------------------------------------

WORDS = ["the", "convoy", "moved", "on", "road", "and", "residents", "watched", "quietly", "rain", "of", "in", "a"]
words = st.lists(st.sampled_from(WORDS), min_size=0, max_size=12).map(" ".join)
eols = st.sampled_from(["\n", "\r\n", "\r"])
sentence = st.builds(lambda w, p: (w.capitalize() + p) if w else "", words, st.sampled_from([".", ";", ",", "", " \u2014"]))
# any text at all (but no other spelling of the name, and no line breaks: those come from `eol`)
free = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85"), max_size=60).filter(
    lambda t: not any(w in t.lower() for w in ("khan", "cheik", "sheik")))
segment = sentence | free


@contextlib.contextmanager
def chdir(path: Path) -> Iterator[None]:
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


@cache
def _cached_rules(paths: tuple[Path, ...]):  # type: ignore[no-untyped-def]
    return _load_rules(list(paths))


_load_rules = cli.load_rules


def quiet_main(*args: str) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(list(args))


def main_json(*args: str) -> Any:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        main([*args, "--format", "json"])
    return json.loads(out.getvalue())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=st.lists(segment, max_size=4), after=st.lists(segment, max_size=4), eol=eols, bom=st.booleans(),
       lead=st.sampled_from(["", " ", "(", "\u201c"]), trail=st.sampled_from(["", ".", ",", ")", "\u201d", "'s"]),
       final_eol=st.booleans(), dated=st.booleans())
def test_fix_changes_only_the_span_and_is_idempotent(monkeypatch: pytest.MonkeyPatch, before: list[str],
                                                     after: list[str], eol: str, bom: bool, lead: str, trail: str,
                                                     final_eol: bool, dated: bool) -> None:
    # the rule set is loaded once for all examples (the run is the real CLI otherwise)
    monkeypatch.setattr(cli, "load_rules", lambda paths, root=None: _cached_rules(tuple(paths)))
    head = (["date 2024-11-30"] if dated else []) + before
    text = eol.join(head + [f"They moved toward {lead}Khan Cheikhoun{trail} today."] + after) + (eol if final_eol else "")
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "a.txt").write_bytes(data)
        with chdir(root):
            quiet_main("lint", "a.txt", "--rules", str(STORY), "--diff")
            assert (root / "a.txt").read_bytes() == data
            quiet_main("lint", "a.txt", "--rules", str(STORY), "--fix")
            fixed = (root / "a.txt").read_bytes()
            at = data.index(WRONG)
            assert fixed == data[:at] + RIGHT + data[at + len(WRONG):]
            quiet_main("lint", "a.txt", "--rules", str(STORY), "--fix")
            assert (root / "a.txt").read_bytes() == fixed
            # nothing is left to fix, and nothing more is said about the name
            findings = main_json("lint", "a.txt", "--rules", str(STORY))["findings"]
            assert [f for f in findings if f["fixes"] or (
                f["rule"] == "name-spelling" and any("Khan" in ev["text"] for ev in f["evidence"]))] == []
