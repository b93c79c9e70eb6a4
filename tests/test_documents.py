"""Reading documents through the CLI: encodings and line endings, unreadable files, publication dates, size."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, Result, write

STORY = Path(__file__).resolve().parent / "data" / "story"

WED = "date 2024-11-30 Rebels launched an offensive on Wednesday near Aleppo.\n"
THU = "date 2024-11-30 Rebels launched an offensive on Thursday near Aleppo.\n"


def story(root: Path) -> Path:
    shutil.copytree(STORY, root / "rules")
    return root


def rows(r: Result, kind: str | None = None) -> list[dict[str, Any]]:
    assert r.code == 0, r.err
    out = [json.loads(line) for line in r.out.splitlines()]
    return [row for row in out if kind is None or row["kind"] == kind]


# --- encodings and line endings ------------------------------------------------------------------------------------


@pytest.mark.parametrize("eol", ["\r\n", "\n", "\r"], ids=["crlf", "lf", "cr"])
@pytest.mark.parametrize("bom", [True, False], ids=["bom", "nobom"])
def test_line_and_column_with_bom_and_line_endings(run, tmp_path: Path, bom: bool, eol: str) -> None:  # type: ignore[no-untyped-def]
    story(tmp_path)
    text = eol.join(["date 2024-11-30 Intro \u2014 caf\u00e9.", "Second line.",
                     "Rebels launched an offensive on Thursday near Aleppo.", ""])
    (tmp_path / "a.txt").write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    (tmp_path / "b.txt").write_text(WED, encoding="utf-8")
    [date] = [row for row in rows(run("facts", "a.txt", "--format", "jsonl"), "date") if row["event"]]
    assert (date["line"], date["column"], date["end_line"], date["end_column"]) == (3, 30, 3, 41)
    assert date["text"] == "on Thursday" and date["published"] == "2024-11-30"
    assert text[date["start"]:date["end"]] == "on Thursday"  # offsets index the decoded text, BOM removed
    r = run("lint", "a.txt", "b.txt", "--format", "json")
    [agree] = r.findings("event-date-agreement")
    [ev] = [ev for ev in agree["evidence"] if ev["path"] == "a.txt"]
    assert (ev["line"], ev["column"], ev["end_column"]) == (3, 30, 41)


def unreadable(root: Path) -> dict[str, bytes]:
    files = {
        "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        "empty.txt": b"",
        "blank.md": b"  \n\r\n\t\n",
        "latin1.txt": "date 2024-11-30 Caf\u00e9 cr\u00e8me in Aleppo.\n".encode("latin-1"),
        "utf16.txt": "date 2024-11-30 Aleppo.\n".encode("utf-16"),
    }
    for name, data in files.items():
        (root / "articles" / name).write_bytes(data)
    return files


def test_unreadable_files_are_skipped_with_a_warning(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    story(tmp_path)
    write(tmp_path, {"articles/a.txt": WED, "articles/b.txt": THU})
    clean = run("lint", "articles", "--format", "json")
    files = unreadable(tmp_path)
    r = run("lint", "articles", "--format", "json")
    assert r.code == clean.code == 1
    assert r.findings() == clean.findings()
    assert r.json["summary"]["documents"] == 2
    warned = sorted(line.split(": ")[1] for line in r.err.splitlines() if ": warning: " in line)
    assert warned == sorted(f"articles/{name}" for name in files)
    assert len(r.json["diagnostics"]) == len(files)


def test_unreadable_files_do_not_make_a_clean_run_fail(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    story(tmp_path)
    write(tmp_path, {"articles/a.txt": WED})
    unreadable(tmp_path)
    r = run("lint", "articles", "--format", "json")
    assert r.code == 0 and r.findings() == []
    assert "articles/binary.txt" in r.err
    # named directly, whatever the suffix
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    r = run("lint", "image.png", "articles/a.txt")
    assert r.code == 0 and "image.png" in r.err


def test_a_file_over_the_size_limit_is_skipped(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("factlint.documents.MAX_BYTES", 1000)
    story(tmp_path)
    write(tmp_path, {"articles/a.txt": WED, "articles/huge.txt": THU + "More text.\n" * 200})
    r = run("lint", "articles", "--format", "json")
    assert r.code == 0 and r.findings() == []
    assert "articles/huge.txt" in r.err


# --- publication dates ---------------------------------------------------------------------------------------------

BODY = "Rebels launched an offensive on Wednesday near Aleppo.\n"


@pytest.mark.parametrize(("text", "source"), [
    ("---\ntitle: Aleppo\ndate: 2024-11-30\n---\n" + BODY, "front matter"),
    ("---\ndate: '2024-11-30T18:05:00Z'\nauthor: x\n---\n\n" + BODY, "front matter, quoted timestamp"),
    ("---\r\ndate: 2024-11-30 18:05:00\r\n---\r\n" + BODY.replace("\n", "\r\n"), "front matter, CRLF"),
    ("date 2024-11-30 " + BODY, "marker, text on the same line"),
    ("  date 2024-11-30\n\n" + BODY, "marker on its own line"),
    ("Beirut\n\nRussia on Saturday (Nov 30) struck Aleppo for the first time since 2016, its first strike of 2024.\n\n"
     + BODY, "inferred"),  # the year of "Saturday (Nov 30)" comes from the text (or the corpus), never the clock
], ids=["front-matter", "front-matter-timestamp", "front-matter-crlf", "marker-same-line", "marker-own-line",
        "inferred"])
def test_publication_date_sources(run, tmp_path: Path, text: str, source: str) -> None:  # type: ignore[no-untyped-def]
    story(tmp_path)
    (tmp_path / "a.md").write_bytes(text.encode("utf-8"))
    [date] = [row for row in rows(run("facts", "a.md", "--format", "jsonl"), "date") if row["event"]]
    assert (date["published"], date["value"]) == ("2024-11-30", "2024-11-27")
    assert date["anchor"] == ("inferred" if source == "inferred" else "publication")
    body_line = [n for n, line in enumerate(text.replace("\r\n", "\n").splitlines(), 1) if "offensive" in line]
    assert [date["line"]] == body_line
    r = run("lint", "a.md", "--format", "json")
    assert r.code == 0 and r.findings() == []


@pytest.mark.parametrize("front", ["date: 2024-02-30", "date: 2024-11-30T10:00:00+99:00", "date: [1, 2",
                                   "date: !!binary '%%%'", "- a list", "date: not a date"])
def test_a_bad_front_matter_date_leaves_the_document_undated(run, tmp_path: Path, front: str) -> None:  # type: ignore[no-untyped-def]
    story(tmp_path)
    write(tmp_path, {"a.md": f"---\n{front}\n---\n" + BODY})
    r = run("lint", "a.md", "--format", "json")
    assert r.code == 0 and "Traceback" not in r.err
    assert [(f["rule"], f["evidence"][0]["line"]) for f in r.findings()] == [("undated-document", 4)]


def test_publication_date_from_the_config_dates_map(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    story(tmp_path)
    write(tmp_path, {"articles/a.txt": BODY, "articles/b.txt": THU,
                     "factlint.yaml": "dates: {articles/a.txt: 2024-11-30}\n"})
    [date] = [row for row in rows(run("facts", "articles/a.txt", "--format", "jsonl"), "date") if row["event"]]
    assert (date["published"], date["value"]) == ("2024-11-30", "2024-11-27")
    r = run("lint", "articles", "--format", "json")
    assert [f["rule"] for f in r.findings()] == ["event-date-agreement"]


def test_the_document_own_date_wins_over_the_config_map(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    story(tmp_path)
    write(tmp_path, {"a.txt": "date 2024-12-02 " + BODY, "factlint.yaml": "dates: {a.txt: 2024-11-30}\n"})
    [date] = [row for row in rows(run("facts", "a.txt", "--format", "jsonl"), "date") if row["event"]]
    assert (date["published"], date["value"]) == ("2024-12-02", "2024-11-27")


def test_an_undated_document_gets_one_finding(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    story(tmp_path)
    write(tmp_path, {
        "articles/a.txt": WED,
        "articles/undated.txt": "\n\nRebels launched an offensive on Thursday near Aleppo.\nOn Friday they took Aleppo.\n"
                                "Last week was quiet.\n",
    })
    r = run("lint", "articles", "--format", "json")
    assert r.code == 0  # a warning
    [f] = r.findings()
    assert (f["rule"], f["severity"]) == ("undated-document", "info")
    assert [(ev["path"], ev["line"], ev["column"]) for ev in f["evidence"]] == [("articles/undated.txt", 1, 1)]
    assert f["values"]["path"] == "articles/undated.txt" and f["values"]["unresolved"] >= 2
    # its relative dates are not guessed, so they contradict nothing
    dates = [row for row in rows(run("facts", "articles/undated.txt", "--format", "jsonl"), "date")]
    assert dates and all(row["value"] is None and row["anchor"] == "none" for row in dates)


# --- size ----------------------------------------------------------------------------------------------------------

# A large document: the subprocess timeout guards against a hang (speed itself is measured by benchmarks/speed.py,
# never by a timed test). FACTLINT_TEST_LARGE_MB sets its size.
LARGE_MB = float(os.environ.get("FACTLINT_TEST_LARGE_MB", "5"))


def test_a_large_document(tmp_path: Path) -> None:
    """A multi-megabyte article is linted in one subprocess without crashing or hanging, and findings deep inside it
    have the right line numbers."""
    story(tmp_path)
    filler = ("The convoy moved slowly along the coast road while residents watched from their windows and talked "
              "quietly about the rain, the prices and the schools. ") * 3 + "\n"
    total = int(LARGE_MB * 1024 * 1024)
    lines = total // len(filler)
    middle = lines // 2
    with (tmp_path / "big.txt").open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("date 2024-11-30 Morning report.\n")
        fh.write(filler * (middle - 1))
        fh.write("Rebels launched an offensive on Thursday near Aleppo and moved toward Khan Cheikhoun.\n")
        fh.write(filler * (lines - middle))
    write(tmp_path, {"small.txt": WED})
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    env.pop("GITHUB_ACTIONS", None)
    done = subprocess.run([sys.executable, "-m", "factlint", "lint", "big.txt", "small.txt", "--format", "json"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=30 + LARGE_MB * 4)
    assert done.returncode == 1, done.stderr[-2000:]
    found = {f["rule"]: f for f in json.loads(done.stdout)["findings"]}
    assert set(found) == {"event-date-agreement", "name-spelling"}
    assert [(ev["path"], ev["line"]) for ev in found["name-spelling"]["evidence"]] == [("big.txt", middle + 1)]
    assert ("big.txt", middle + 1) in [(ev["path"], ev["line"]) for ev in found["event-date-agreement"]["evidence"]]


def test_a_long_run_on_sentence_of_numbers_is_fast(tmp_path: Path) -> None:
    story(tmp_path)
    (tmp_path / "list.txt").write_text("date 2024-11-30 " + "1 2 3 Aleppo, " * 700 + "\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    try:
        done = subprocess.run([sys.executable, "-m", "factlint", "lint", "list.txt"], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=2.5)
    except subprocess.TimeoutExpired:
        pytest.fail("a 10 kB document took more than 2.5 s")
    assert done.returncode == 0
