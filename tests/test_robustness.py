"""The robustness battery: whatever it is given, factlint never crashes, never hangs and never loses a byte.

Each row of CASES writes a small folder, runs the real CLI (`factlint.cli.main`) in it and checks what every run must
satisfy: the expected exit code; no traceback and no internal error; every line on stderr is one `factlint: ...`
message, and the row's own words (the file's name, the reason) are among them; a refused run (exit 2) says one line
and prints nothing else; every file in the folder keeps its bytes, inode, mode, owner and link count (a `--fix` row
names the files it is meant to rewrite: those keep mode, owner and links) and no temporary file is left. A watchdog
fails a row that runs longer than WATCHDOG seconds (a hang), instead of hanging the suite.

Signals (Ctrl-C, SIGKILL in the middle of a fix) need a real process: they have their own tests at the end.
A row whose bug is not fixed yet may be a strict xfail naming the bug (there is none at the moment).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, Result

from factlint import documents
from factlint.formats import FORMAT_NAMES
from factlint.fsio import TMP_SUFFIX

STORY = ROOT / "tests" / "data" / "story" / "story.yaml"
SYRIA = ROOT / "rules" / "syria-2024.yaml"
WATCHDOG = 120  # seconds; every row takes well under ten

WED = "date 2024-11-30 Rebels launched an offensive on Wednesday near Aleppo.\nFighting reached Khan Sheikhun.\n"
THU = "date 2024-11-30 Rebels launched an offensive on Thursday near Aleppo.\nThey moved toward Khan Cheikhoun.\n"
CALM = "date 2024-11-30 Rebels attacked Aleppo, the Observatory said.\n"
LATIN1 = "caf\udce9"  # the file name b"caf\xe9": not UTF-8 (os.fsencode turns the surrogate back into the byte)


def doc(body: str, date: str = "2024-11-30") -> str:
    return f"date {date} {body}\n"


def rules(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def bomb(top: str, levels: int = 9) -> str:
    """Billion laughs: nine aliases of nine aliases of ... (9**levels values from a few hundred bytes)."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return top + "\n".join(lines) + "\n"


def deep(n: int = 10_000) -> str:
    return "[" * n + "]" * n


def jsonl(**fields: Any) -> str:
    row = {"kind": "count", "path": "x.txt", "metric": "killed", "text": "some", "sentence": "some"}
    return json.dumps({**row, **fields}) + "\n"


# --- what a row is ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    id: str
    files: Mapping[str, str | bytes]
    argv: tuple[str, ...]
    code: int | tuple[int, ...]
    says: tuple[str, ...] = ()  # on stderr: the file's name, the reason
    shows: tuple[str, ...] = ()  # on stdout
    changed: tuple[str, ...] = ()  # files a --fix is meant to rewrite
    story: bool = True  # ./rules holds the test story (the default rule set of a run without --rules)
    setup: Callable[[Path], None] | None = None
    check: Callable[[Path, Result], None] | None = None
    xfail: str | None = None

    def param(self) -> Any:
        marks = [pytest.mark.xfail(strict=True, reason=self.xfail)] if self.xfail else []
        return pytest.param(self, id=self.id, marks=marks)


class Hang(BaseException):
    """Raised by the watchdog; a BaseException so that factlint's own error boundary cannot swallow it."""


@contextlib.contextmanager
def watchdog(seconds: int) -> Iterator[None]:
    def fire(signum: int, frame: object) -> None:
        raise Hang(f"no answer after {seconds} s")

    old = signal.signal(signal.SIGALRM, fire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def snapshot(root: Path) -> dict[str, tuple[Any, ...]]:
    """Every entry under root (symbolic links not followed, .git and the fact cache left out: a lint run may write
    its cache, as Ruff and mypy do): what it is, and for a file its bytes' hash, inode, mode, owner and link count."""
    out: dict[str, tuple[Any, ...]] = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in (".git", ".factlint_cache")]
        for name in dirs + files:
            path = os.path.join(folder, name)
            st = os.lstat(path)
            rel = os.path.relpath(path, root)
            if stat.S_ISLNK(st.st_mode):
                out[rel] = ("link", os.readlink(path))
            elif stat.S_ISREG(st.st_mode):
                with open(path, "rb") as fh:
                    digest = hashlib.sha256(fh.read()).hexdigest()
                out[rel] = ("file", digest, st.st_ino, st.st_mode, st.st_uid, st.st_gid, st.st_nlink)
            else:
                out[rel] = ("other", stat.S_IFMT(st.st_mode), st.st_mode)
    return out


def materialise(root: Path, case: Case) -> None:
    if case.story:
        (root / "rules").mkdir()
        shutil.copy(STORY, root / "rules" / "story.yaml")
    for name, content in case.files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content if isinstance(content, bytes) else content.encode("utf-8", "surrogateescape")
        with open(os.fsencode(path), "wb") as fh:
            fh.write(data)
    if case.setup is not None:
        case.setup(root)


def check_run(root: Path, case: Case, r: Result, before: dict[str, tuple[Any, ...]]) -> None:
    codes = case.code if isinstance(case.code, tuple) else (case.code,)
    assert r.code in codes, f"exit {r.code}, expected {case.code}\nstderr: {r.err[-3000:]}"
    assert "Traceback" not in r.err + r.out
    assert "internal error" not in r.err, r.err
    lines = r.err.removesuffix("\n").split("\n") if r.err else []
    for line in lines:  # each message one line: a name with a line break or an escape must not break it up
        assert line.startswith("factlint: ") and "\r" not in line and "\x1b" not in line, repr(line)
    if r.code == 2:
        assert len(lines) == 1 and r.out == "", (r.err, r.out[:500])
    for words in case.says:
        assert words in r.err, f"{words!r} not in stderr: {r.err[-3000:]}"
    for words in case.shows:
        assert words in r.out, f"{words!r} not in stdout: {r.out[-3000:]}"
    after = snapshot(root)
    left = [p for p in after if p.endswith(TMP_SUFFIX)]
    assert not left, f"temporary files left behind: {left}"
    changed = {os.path.relpath(os.fsdecode(os.fsencode(root / c)), root) for c in case.changed}
    assert set(after) == {p for p in before if not p.endswith(TMP_SUFFIX)}, "files appeared or disappeared"
    for rel, entry in before.items():
        if rel.endswith(TMP_SUFFIX):
            continue  # a dead writer's, swept
        if rel in changed:
            assert entry[0] == after[rel][0] == "file"
            assert entry[1] != after[rel][1], f"{rel} was meant to be fixed"
            assert entry[3:] == after[rel][3:], f"{rel}: mode, owner or link count changed by the fix"
        else:
            assert after[rel] == entry, f"{rel} changed"


# --- setups and checks --------------------------------------------------------------------------------------------

def skip_as_root(reason: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        if os.geteuid() == 0:
            pytest.skip(f"running as root, where permissions do not stop reads: {reason}")
    return setup


def chmod(path: str, mode: int, also: Callable[[Path], None] | None = None) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        if also is not None:
            also(root)
        os.chmod(root / path, mode)
    return setup


def symlink(link: str, target: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        (root / link).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, root / link)
    return setup


def setups(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        for step in steps:
            step(root)
    return setup


def fifo(path: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(root / path)
    return setup


def sparse(path: str, size: int) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        with open(root / path, "wb") as fh:
            fh.truncate(size)
    return setup


def many_files(n: int) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        folder = root / "many"
        folder.mkdir()
        for i in range(n):
            (folder / f"{i:05d}.txt").write_text(doc(f"Rebels shelled {i % 97 + 2} villages near Aleppo."),
                                                 encoding="utf-8")
    return setup


def deep_folders(levels: int) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        folder = root / "deep"
        for i in range(levels):
            folder = folder / f"d{i}"
        folder.mkdir(parents=True)
        (folder / "a.txt").write_text(THU, encoding="utf-8")
        (root / "deep" / "b.txt").write_text(WED, encoding="utf-8")
    return setup


def git_repo(root: Path) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "x"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def hard_link(source: str, link: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        os.link(root / source, root / link)
    return setup


def give_away(path: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        if os.geteuid() != 0:
            pytest.skip("only root can give a file to another owner")
        os.chown(root / path, 1234, 5678)
        os.chmod(root / path, 0o640)
    return setup


def stale_tmp(folder: str) -> Callable[[Path], None]:
    """A temporary file left by a writer that was killed (its process id is no longer alive)."""
    def setup(root: Path) -> None:
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True).stdout.strip()
        (root / folder / f".b.txt.{dead}.0123abcd{TMP_SUFFIX}").write_text("half a fix", encoding="utf-8")
    return setup


def dense(megabytes: float) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        para = ("On Thursday the Syrian Observatory for Human Rights said at least 327 people had been killed, "
                "including 44 civilians, as rebels advanced on Aleppo and Khan Sheikhun; HTS said 1,204 fighters "
                "joined, and by 30 November more than 412 had died, nearly 100 of them troops. ")
        text = "date 2024-11-30 " + para * int(megabytes * 1024 * 1024 / len(para)) + "\n"
        (root / "dense.txt").write_text(text, encoding="utf-8")
    return setup


def facts_of(r: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in r.out.splitlines() if line.strip()]


def count_low(value: int) -> Callable[[Path, Result], None]:
    def check(root: Path, r: Result) -> None:
        assert [f["low"] for f in facts_of(r) if f["kind"] == "count"] == [value]
    return check


def linted(n: int) -> Callable[[Path, Result], None]:
    """--format json: n documents were read and linted (none skipped)."""
    def check(root: Path, r: Result) -> None:
        assert r.json["summary"]["documents"] == n, r.err
    return check


def no_finding(rule: str) -> Callable[[Path, Result], None]:
    def check(root: Path, r: Result) -> None:
        assert not r.findings(rule), r.findings(rule)
    return check


def reads(path: str, expected: str) -> Callable[[Path, Result], None]:
    def check(root: Path, r: Result) -> None:
        assert (root / path).read_bytes().decode("utf-8", "surrogateescape") == expected
    return check


def rule_ids(*ids: str) -> Callable[[Path, Result], None]:
    def check(root: Path, r: Result) -> None:
        listed = [line.split()[0] for line in r.out.splitlines()]
        assert listed == list(ids), listed
    return check


def name_in_format(fmt: str) -> Callable[[Path, Result], None]:
    """The non-UTF-8 name is shown as factlint shows it everywhere (\\xe9), and each format still parses."""
    def check(root: Path, r: Result) -> None:
        shown = f"d/{LATIN1.replace(chr(0xdce9), chr(92) + 'xe9')}.txt"
        if fmt == "json":
            paths = {ev["path"] for f in r.json["findings"] for ev in f["evidence"]}
            assert shown in paths
        elif fmt == "sarif":
            uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
                    for res in json.loads(r.out)["runs"][0]["results"] for loc in res["locations"]}
            uris |= {loc["physicalLocation"]["artifactLocation"]["uri"]
                     for res in json.loads(r.out)["runs"][0]["results"] for loc in res.get("relatedLocations", [])}
            assert "d/caf%E9.txt" in uris, uris  # the file's own bytes, percent-encoded: the URI finds the file
        elif fmt == "junit":
            import xml.etree.ElementTree as ET

            ET.fromstring(r.out)
            assert shown in r.out
        else:
            assert shown in r.out
    return check


# --- the rows -----------------------------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"
ODD = ("date 2024-11-30 Rebels\x01 attacked\x1b[31m Aleppo\ufffe on \u2028Thursday,\x85 the Observatory\x7f said;"
       " 12\u00a0000 people\u200b fled.\r\r\nLone CR\rand \x0c form feed, \ufeff BOM, \U0001f600 emoji, \u0663\u0660 "
       "Arabic digits, \uff11\uff12 fullwidth, ¹² superscripts, Ⅻ numeral.\n")
EVENT_RULES = rules("""
    factlint: ">=0.1"
    events:
      - id: boom
        triggers: ['(a|aa)+$']
    """)
ORIGINAL = ("date 2024-11-30 Rebels launched an offensive on Thursday near Aleppo.\n"
            "Fighting reached Khan Shaykhoun late on Friday.\n")
ALIASES = rules("""
    factlint: ">=0.1"
    extends: [builtin:generic]
    entities:
      - {id: ks, name: Khan Sheikhun, type: place, aliases: [Khan Shaykhun]}
    """)
BIG_LOW = "1" + "0" * 4299  # 4,300 digits: as long as Python reads an integer from text

CASES: list[Case] = [
    # --- documents that are not documents ---
    Case("empty-document", {"a.txt": WED, "empty.txt": ""}, ("lint", "."), 0, ("empty.txt", "empty")),
    Case("blank-document", {"a.txt": WED, "blank.txt": " \n\t\r\n"}, ("lint", "."), 0, ("blank.txt", "empty")),
    Case("bom-only-document", {"a.txt": WED, "bom.txt": b"\xef\xbb\xbf"}, ("lint", "."), 0),
    Case("binary-document", {"a.txt": WED, "image.txt": PNG}, ("lint", "."), 0, ("image.txt", "not UTF-8")),
    Case("latin-1-document", {"a.txt": WED, "latin.txt": "Caf\xe9 \xe0 Alep.".encode("latin-1")}, ("lint", "."), 0,
         ("latin.txt", "not UTF-8")),
    Case("utf-16-document", {"a.txt": WED, "wide.txt": THU.encode("utf-16")}, ("lint", "."), 0,
         ("wide.txt", "not UTF-8")),
    Case("encoded-surrogate", {"a.txt": WED, "sur.txt": b"date 2024-11-30 A \xed\xa0\x80 B.\n"}, ("lint", "."), 0,
         ("sur.txt", "not UTF-8")),
    Case("nul-after-the-first-8-kb", {"a.txt": WED, "late.txt": doc("Calm. " * 2000 + "\x00 Rebels attacked.")},
         ("lint", ".", "--format", "json"), 0, check=linted(2)),
    Case("control-characters-and-odd-unicode", {"odd.txt": ODD, "a.txt": WED}, ("lint", ".", "--format", "json"),
         (0, 1), check=linted(2)),
    Case("huge-document-over-the-limit", {"a.txt": WED}, ("lint", "."), 0, ("huge.txt", "limit"),
         setup=sparse("huge.txt", documents.MAX_BYTES + 1)),
    Case("character-device-named-directly", {}, ("lint", "/dev/zero"), 0, ("/dev/zero", "not a regular file")),
    Case("named-pipe-in-a-folder", {"d/a.txt": WED}, ("lint", "d"), 0, ("pipe.txt", "not a regular file"),
         setup=fifo("d/pipe.txt")),
    Case("twenty-thousand-files", {}, ("lint", "many", "--format", "json"), 0, setup=many_files(20_000),
         check=linted(20_000)),
    Case("folders-200-deep", {}, ("lint", "deep", "--format", "json"), 1, setup=deep_folders(200), check=linted(2)),
    Case("dense-2-mb-document", {"a.txt": WED}, ("lint", ".", "--format", "json"), (0, 1), setup=dense(2),
         check=linted(2)),
    # --- links, permissions, names ---
    Case("symlink-loop-in-a-folder", {"d/a.txt": WED}, ("lint", "d"), 0, ("d/loop.txt", "symbolic links"),
         setup=symlink("d/loop.txt", "loop.txt")),
    Case("symlink-loop-named-directly", {"d/a.txt": WED}, ("lint", "d/loop.txt"), 2, ("d/loop.txt", "symbolic links"),
         setup=symlink("d/loop.txt", "loop.txt")),
    Case("folder-symlink-to-itself", {"d/a.txt": WED}, ("lint", "d", "--format", "json"), 0,
         setup=setups(symlink("d/self", "."), symlink("d/up", "..")), check=linted(1)),
    Case("dangling-symlink", {"d/a.txt": WED}, ("lint", "d"), 0, ("d/missing.txt", "cannot read"),
         setup=symlink("d/gone.txt", "missing.txt")),
    Case("unreadable-folder", {"d/a.txt": WED, "d/locked/b.txt": THU}, ("lint", "d"), 0, ("d/locked", "cannot read"),
         setup=chmod("d/locked", 0, also=skip_as_root("an unreadable folder"))),
    Case("unreadable-document", {"d/a.txt": WED, "d/b.txt": THU}, ("lint", "d"), 0, ("d/b.txt", "cannot read"),
         setup=chmod("d/b.txt", 0, also=skip_as_root("an unreadable file"))),
    *[Case(f"non-utf-8-file-name-{fmt}", {"d/a.txt": WED, f"d/{LATIN1}.txt": THU}, ("lint", "d", "--format", fmt), 1,
           check=name_in_format(fmt)) for fmt in FORMAT_NAMES],
    Case("non-utf-8-file-name-in-a-warning", {"d/a.txt": WED, f"d/{LATIN1}.txt": ""}, ("lint", "d"), 0,
         ("d/caf\\xe9.txt", "empty")),
    Case("non-utf-8-file-name-diff", {"d/a.txt": WED, f"d/{LATIN1}.txt": THU}, ("lint", "d", "--diff"), 1,
         shows=("--- a/d/caf\\xe9.txt", "+They moved toward Khan Sheikhun.")),
    Case("non-utf-8-file-name-fix", {"d/a.txt": WED, f"d/{LATIN1}.txt": THU}, ("lint", "d", "--fix"), 1,
         ("fixed 1 spelling",), changed=(f"d/{LATIN1}.txt",),
         check=reads(f"d/{LATIN1}.txt", THU.replace("Cheikhoun", "Sheikhun"))),
    Case("line-break-and-escape-in-a-file-name", {"d/a.txt": WED, "d/x\ny\x1b[31m.txt": THU, "d/e\rmpty.txt": ""},
         ("lint", "d"), 1, ("d/e\\x0dmpty.txt", "empty"), shows=("d/x\\x0ay\\x1b[31m.txt:2:19",)),
    # --- dates at the edges ---
    Case("impossible-iso-date-in-prose", {"a.txt": doc("Rebels attacked on 2024-02-30 near Aleppo.")},
         ("lint", ".", "--format", "json"), 0, check=linted(1)),
    Case("impossible-date-marker", {"a.txt": "date 2024-02-30 Rebels attacked Aleppo.\n"}, ("lint", "."), 0,
         ("a.txt:1", "2024-02-30", "not a valid date")),
    Case("month-13-date-marker", {"a.txt": "date 2024-13-01 Rebels attacked Aleppo.\n"}, ("lint", "."), 0,
         ("a.txt:1", "month must be in 1..12")),
    Case("year-0-date-marker", {"a.txt": "date 0000-01-01 Rebels attacked Aleppo.\n"}, ("lint", "."), 0,
         ("a.txt:1", "year 0 is out of range")),
    Case("month-13-front-matter", {"a.txt": "---\ndate: 2024-13-01\n---\nRebels attacked Aleppo.\n"}, ("lint", "."), 0,
         ("a.txt:1", "not a valid date", "month must be in 1..12")),
    Case("year-0-front-matter", {"a.txt": "---\ndate: 0000-01-01\n---\nRebels attacked Aleppo.\n"}, ("lint", "."), 0,
         ("a.txt:1", "year 0 is out of range")),
    Case("quoted-impossible-front-matter-date", {"a.txt": '---\ndate: "2024-02-30"\n---\nRebels attacked.\n'},
         ("lint", "."), 0, ("a.txt:1", "'2024-02-30' is not a date")),
    Case("front-matter-not-yaml", {"a.txt": "---\ndate: [2024\n---\nRebels attacked.\n"}, ("lint", "."), 0,
         ("a.txt:1", "not valid YAML")),
    Case("front-matter-control-character", {"a.txt": "---\ndate: 2024-11-30\x01\n---\nRebels attacked.\n"},
         ("lint", "."), 0, ("a.txt:1", "not valid YAML")),
    Case("front-matter-nested-deep", {"a.txt": f"---\ndate: {deep()}\n---\nRebels attacked.\n", "b.txt": WED},
         ("lint", ".", "--format", "json"), 0, ("a.txt", "front matter"), check=linted(2)),
    Case("front-matter-of-2-mb", {"a.txt": "---\n" + "k: [1, 2]\n" * 200_000 + "date: 2024-11-30\n---\nCalm.\n"},
         ("lint", ".", "--format", "json"), 0, ("a.txt:1", "too large"), check=linted(1)),
    Case("front-matter-bomb", {"a.txt": bomb("---\ndate: 2024-11-30\n") + "---\nRebels attacked.\n"},
         ("lint", ".", "--format", "json"), 0, check=linted(1)),
    Case("last-day-next-week", {"a.txt": doc("Rebels will attack next week.", "9999-12-31")},
         ("lint", ".", "--format", "json"), 0, check=linted(1)),
    Case("last-day-tomorrow-and-next-year",
         {"a.txt": doc("The talks resume tomorrow. A vote is due next year. Next month too.", "9999-12-31")},
         ("lint", ".", "--format", "json"), 0, check=linted(1)),
    Case("first-day-yesterday", {"a.txt": doc("Rebels attacked yesterday.", "0001-01-01")},
         ("lint", ".", "--format", "json"), 0, check=linted(1)),
    Case("first-day-last-week-and-sunday",
         {"a.txt": doc("Rebels attacked last week. Talks failed on Sunday. Last year was calm.", "0001-01-01")},
         ("lint", ".", "--format", "json"), 0, check=linted(1)),
    Case("first-days-a-month-last-year", {"a.txt": doc("Talks failed in November last year.", "0001-01-06")},
         ("lint", ".", "--format", "json"), 0, check=linted(1)),
    Case("the-9999999th-day", {"a.txt": doc("It was the 9999999th day of the siege, and the 99999999999999999999th "
                                            "of the year 99999; on 31 February and Feb 29, 2023 talks failed.")},
         ("lint", ".", "--format", "json"), 0, check=linted(1)),
    Case("facts-value-9999-W52", {"w.facts.yaml": 'dates:\n  - {text: "that week", value: 9999-W52}\n'},
         ("lint", ".", "--format", "json"), 0, check=linted(1)),
    Case("facts-value-9999-12", {"w.facts.yaml": 'dates:\n  - {text: "that month", value: "9999-12"}\n'},
         ("lint", ".", "--format", "json"), 0, check=linted(1)),
    Case("facts-value-week-53-of-a-52-week-year", {"w.facts.yaml": 'dates:\n  - {text: "then", value: 2023-W53}\n'},
         ("lint", "."), 2, ("w.facts.yaml:2:5", "value")),
    Case("facts-value-year-10000", {"w.facts.yaml": 'dates:\n  - {text: "then", value: "10000-01-01"}\n'},
         ("lint", "."), 2, ("w.facts.yaml:2:5", "not a date value")),
    # --- numbers ---
    Case("400-digit-number-read-exactly", {"a.txt": doc(f"The ministry said {'9' * 400} people were killed.")},
         ("facts", "a.txt", "--format", "jsonl", "--kind", "count"), 0, check=count_low(int("9" * 400))),
    Case("2-to-the-53-plus-1-read-exactly", {"a.txt": doc("The ministry said 9007199254740993 people were killed.")},
         ("facts", "a.txt", "--format", "jsonl", "--kind", "count"), 0, check=count_low(2**53 + 1)),
    Case("decimal-millions-read-exactly", {"a.txt": doc("The ministry said 9007199254.740993 million people fled.")},
         ("facts", "a.txt", "--format", "jsonl", "--kind", "count"), 0, check=count_low(9007199254740993)),
    Case("5000-digit-number-in-prose", {"a.txt": doc(f"The ministry said {'7' * 5000} people were killed."),
                                        "b.txt": WED}, ("lint", ".", "--format", "json"), 0, check=linted(2)),
    Case("5000-digit-integer-in-jsonl", {"huge.jsonl": jsonl(low=1) + jsonl(low=1).replace('"low": 1', '"low": ' + "7" * 5000)},
         ("lint", "."), 2, ("huge.jsonl:2", "digits")),
    Case("5000-digit-integer-in-facts-yaml", {"huge.facts.yaml": f"counts:\n  - {{text: x, metric: killed, low: {'7' * 5000}}}\n"},
         ("lint", "."), 2, ("huge.facts.yaml:2:", "low")),
    *[Case(f"4300-digit-counts-in-a-finding-{fmt}",
           {"toll.jsonl": jsonl(low=int(BIG_LOW), high=None, qualifier="at_least", source="ministry",
                                published="2024-11-29", cumulative=True, start=0)
            + jsonl(low=int(BIG_LOW) // 2, high=int(BIG_LOW) // 2, source="ministry", published="2024-11-30",
                    cumulative=True, start=10)},  # halved: an error (a fall below a third would be info)
           ("lint", ".", "--format", fmt), 1) for fmt in FORMAT_NAMES],
    # --- facts files ---
    Case("impossible-published-date-in-facts-yaml", {"bad.facts.yaml": "published: 2024-02-30\ncounts: []\n"},
         ("lint", "."), 2, ("bad.facts.yaml:1:12", "2024-02-30")),
    Case("year-0-published-date-in-facts-yaml", {"bad.facts.yaml": "published: 0000-06-01\ncounts: []\n"},
         ("lint", "."), 2, ("bad.facts.yaml:1:12", "0000-06-01")),
    Case("impossible-date-value-in-facts-yaml", {"bad.facts.yaml": "dates:\n  - {text: x, value: 2024-02-30}\n"},
         ("lint", "."), 2, ("bad.facts.yaml:2:", "2024-02-30")),
    *[Case(f"{name}-in-facts-yaml", {"bad.facts.yaml": f'counts:\n  - {{text: "a{char}", metric: killed, low: 1}}\n'},
           ("lint", "."), 2, ("bad.facts.yaml:2:14", f"U+{ord(char):04X}"))
      for name, char in (("nul", "\x00"), ("0x01", "\x01"), ("u-fffe", "\ufffe"))],
    Case("escaped-nul-and-u-fffe-in-jsonl", {"n.jsonl": jsonl(low=1, text="a\x00b\ufffe")},
         ("lint", ".", "--format", "json"), 0, check=linted(1)),
    Case("invalid-json-in-jsonl", {"bad.jsonl": jsonl(low=1) + '{"kind": "count",\n'}, ("lint", "."), 2,
         ("bad.jsonl:2", "invalid JSON")),
    Case("non-utf-8-jsonl", {"bad.jsonl": b'{"kind": "count", "text": "caf\xe9"}\n'}, ("lint", "."), 2,
         ("bad.jsonl", "cannot read")),
    Case("jsonl-nested-deep", {"deep.jsonl": deep(100_000) + "\n"}, ("lint", "."), 2, ("deep.jsonl:1", "nested")),
    Case("nan-count-in-jsonl", {"bad.jsonl": '{"kind": "count", "path": "x", "metric": "killed", "low": NaN}\n'},
         ("lint", "."), 2, ("bad.jsonl:1", "low")),
    Case("facts-yaml-nested-deep", {"deep.facts.yaml": f"counts: {deep()}\n"}, ("lint", "."), 2,
         ("deep.facts.yaml:1:", "nesting deeper")),
    Case("facts-yaml-bomb", {"bomb.facts.yaml": bomb("")}, ("lint", "."), 2, ("bomb.facts.yaml", "alias expansion")),
    Case("facts-document-etc-passwd-relative", {"sub/p.facts.yaml": "document: ../../../../../../../../etc/passwd\n"},
         ("lint", "sub"), 2, ("sub/p.facts.yaml:1:11", "outside the corpus")),
    Case("facts-document-etc-passwd-absolute", {"sub/p.facts.yaml": "document: /etc/passwd\n"}, ("lint", "sub"), 2,
         ("sub/p.facts.yaml:1:11", "outside the corpus")),
    Case("facts-document-symlink-to-etc-passwd", {"sub/p.facts.yaml": "document: pw.txt\n"}, ("lint", "sub/p.facts.yaml"),
         2, ("sub/p.facts.yaml:1:11", "outside the corpus"), setup=symlink("sub/pw.txt", "/etc/passwd")),
    Case("facts-document-named-pipe", {"sub/p.facts.yaml": "document: pipe.txt\n"}, ("lint", "sub"), 2,
         ("sub/p.facts.yaml:1:11", "not a regular file"), setup=fifo("sub/pipe.txt")),
    Case("facts-document-folder", {"sub/p.facts.yaml": "document: inner\n", "sub/inner/a.txt": WED},
         ("lint", "sub/p.facts.yaml"), 2, ("sub/p.facts.yaml:1:11", "not a regular file")),
    Case("facts-document-binary", {"sub/p.facts.yaml": "document: image.txt\n", "sub/image.txt": PNG},
         ("lint", "sub/p.facts.yaml"), 2, ("sub/p.facts.yaml:1:11", "not UTF-8")),
    # --- rule files ---
    *[Case(f"{name}-in-a-rule-file", {"a.txt": CALM, "bad.yaml": f'factlint: ">=0.1"\nentities:\n  - {{id: x, name: "A{char}B"}}\n'},
           ("lint", "a.txt", "--rules", "bad.yaml"), 2, ("bad.yaml:3:21", f"U+{ord(char):04X}"))
      for name, char in (("nul", "\x00"), ("0x01", "\x01"), ("del", "\x7f"), ("u-fffe", "\ufffe"))],
    Case("non-utf-8-rule-file", {"a.txt": CALM, "bad.yaml": b'factlint: ">=0.1"\n# caf\xe9\n'},
         ("lint", "a.txt", "--rules", "bad.yaml"), 2, ("bad.yaml", "not UTF-8")),
    Case("binary-rule-file", {"a.txt": CALM, "bad.yaml": PNG}, ("lint", "a.txt", "--rules", "bad.yaml"), 2,
         ("bad.yaml", "not UTF-8")),
    Case("empty-rule-file", {"a.txt": CALM, "bad.yaml": ""}, ("lint", "a.txt", "--rules", "bad.yaml"), 2,
         ("bad.yaml", "empty rule file")),
    Case("rule-file-nested-deep", {"a.txt": CALM, "bad.yaml": f'factlint: ">=0.1"\nrules: {deep()}\n'},
         ("lint", "a.txt", "--rules", "bad.yaml"), 2, ("bad.yaml:2:", "nesting deeper")),
    Case("rule-file-bomb", {"a.txt": CALM, "bad.yaml": bomb('factlint: ">=0.1"\n')},
         ("lint", "a.txt", "--rules", "bad.yaml"), 2, ("bad.yaml", "alias expansion")),
    Case("rule-file-over-10-mb", {"a.txt": CALM, "bad.yaml": 'factlint: ">=0.1"\n' + "# padding\n" * 1_100_000},
         ("lint", "a.txt", "--rules", "bad.yaml"), 2, ("bad.yaml", "larger than")),
    Case("python-tag-in-a-rule-file", {"a.txt": CALM, "bad.yaml": "factlint: !!python/name:os.system ''\n"},
         ("lint", "a.txt", "--rules", "bad.yaml"), 2, ("bad.yaml:1:", "python/name")),
    Case("python-tag-on-a-mapping-key", {"a.txt": CALM, "bad.yaml": 'factlint: ">=0.1"\n!!python/name:os.system x: 1\n'},
         ("lint", "a.txt", "--rules", "bad.yaml"), 2, ("bad.yaml:2:1", "python/name")),
    Case("impossible-date-as-a-mapping-key", {"a.txt": CALM, "bad.yaml": 'factlint: ">=0.1"\n2024-02-30: x\n'},
         ("lint", "a.txt", "--rules", "bad.yaml"), 2, ("bad.yaml:2:1", "2024-02-30")),
    Case("selector-value-that-is-a-mapping", {"a.txt": CALM, "bad.yaml": rules("""
        factlint: ">=0.1"
        rules:
          - {id: s, type: subset, severity: error, message: m, part: {who: {a: b}}, whole: {who: people}}
        """)}, ("lint", "a.txt", "--rules", "bad.yaml"), 2, ("bad.yaml:3:", "rules[0].part.who")),
    Case("lexicon-pattern-that-runs-out-of-memory",
         {"a.txt": doc("The toll could reach 50 people killed, officials said."),
          "m.yaml": 'factlint: ">=0.1"\nlexicon:\n  projection_cues: ["(?R)", "' + "(" * 300 + "x" + ")" * 300 + '"]\n'
                   # a rule that needs counts: a run whose rules need none reads none, and runs no count pattern
                   "rules:\n  - {id: t, type: monotonic, severity: error, message: m, metric: killed}\n"},
         ("lint", "a.txt", "--rules", "m.yaml", "--format", "json"), 0, ("a.txt", "ran out of memory"), story=False,
         check=linted(1)),
    Case("bad-regex-in-a-trigger", {"a.txt": CALM, "bad.yaml": rules("""
        factlint: ">=0.1"
        events:
          - {id: e, triggers: ['launch(ed']}
        """)}, ("lint", "a.txt", "--rules", "bad.yaml"), 2, ("bad.yaml:3:", "invalid regular expression")),
    Case("bad-regex-flags-in-a-trigger", {"a.txt": CALM, "bad.yaml": rules("""
        factlint: ">=0.1"
        events:
          - {id: e, triggers: ['(?a)(?u)launched']}
        """)}, ("lint", "a.txt", "--rules", "bad.yaml"), 2, ("bad.yaml:3:", "invalid regular expression")),
    Case("regex-nested-deep-in-a-trigger", {"a.txt": CALM, "bad.yaml": rules(f"""
        factlint: ">=0.1"
        events:
          - {{id: e, triggers: ['{"(" * 50_000 + "x" + ")" * 50_000}']}}
        """)}, ("lint", "a.txt", "--rules", "bad.yaml"), 2, ("bad.yaml:3:", "invalid regular expression")),
    Case("bad-regex-in-the-lexicon", {"a.txt": CALM, "bad.yaml": rules("""
        factlint: ">=0.1"
        lexicon:
          projection_cues: ['could (reach']
        """)}, ("lint", "a.txt", "--rules", "bad.yaml"), 2, ("bad.yaml:3:", "invalid regular expression")),
    Case("number-word-that-is-no-number", {"a.txt": CALM, "bad.yaml": rules("""
        factlint: ">=0.1"
        lexicon:
          units: {zillion: lots}
        """)}, ("lint", "a.txt", "--rules", "bad.yaml"), 2, ("bad.yaml:3:", "lexicon.units.zillion")),
    Case("vague-word-without-an-interval", {"a.txt": CALM, "bad.yaml": rules("""
        factlint: ">=0.1"
        lexicon:
          vague: {loads: [1]}
        """)}, ("lint", "a.txt", "--rules", "bad.yaml"), 2, ("bad.yaml:3:", "lexicon.vague.loads")),
    Case("qualifier-phrase-that-is-no-phrase", {"a.txt": CALM, "bad.yaml": rules("""
        factlint: ">=0.1"
        lexicon:
          qualifiers: {about: [5]}
        """)}, ("lint", "a.txt", "--rules", "bad.yaml"), 2, ("bad.yaml:3:", "lexicon.qualifiers.about")),
    # a trigger runs on sentences that hold a date expression: "On Monday" makes it run
    Case("catastrophic-trigger", {"a.txt": "date 2024-11-30 On Monday " + "a" * 60 + "b\n", "b.txt": CALM},
         ("lint", ".", "--rules", "ev.yaml", "--format", "json"), 0, ("a.txt", "(a|aa)+$", "ev.yaml:4"),
         story=False, setup=lambda root: (root / "ev.yaml").write_text(EVENT_RULES, encoding="utf-8"),
         check=linted(2)),
    Case("metric-extraction-cannot-produce", {"a.txt": CALM, "bad.yaml": rules("""
        factlint: ">=0.1"
        rules:
          - {id: t, type: monotonic, severity: error, message: m, metric: kiled}
        """)}, ("lint", "a.txt", "--rules", "bad.yaml"), 2, ("bad.yaml:3:", "did you mean 'killed'")),
    Case("who-extraction-cannot-produce", {"a.txt": CALM, "bad.yaml": rules("""
        factlint: ">=0.1"
        rules:
          - {id: t, type: subset, severity: error, message: m, part: {who: civilans}, whole: {who: people}}
        """)}, ("lint", "a.txt", "--rules", "bad.yaml"), 2, ("bad.yaml:3:", "did you mean 'civilians'")),
    *[Case(f"duplicate-{what}-id", {"a.txt": CALM, "bad.yaml": rules(f"""
        factlint: ">=0.1"
        {section}:
          - {item}
          - {item}
        """)}, ("lint", "a.txt", "--rules", "bad.yaml"), 2, ("bad.yaml:4:", f"duplicate {what} id 'x'"))
      for what, section, item in (("rule", "rules", "{id: x, type: undated, severity: error, message: m}"),
                                  ("entity", "entities", "{id: x, name: X}"),
                                  ("event", "events", "{id: x, triggers: [boom]}"))],
    Case("replacing-a-built-in-rule-without-override", {"a.txt": CALM, "bad.yaml": rules("""
        factlint: ">=0.1"
        extends: [builtin:generic]
        rules:
          - {id: toll-never-decreases, type: undated, severity: error, message: m}
        """)}, ("lint", "a.txt", "--rules", "bad.yaml"), 2, ("bad.yaml:4:", "override: true")),
    Case("override-with-nothing-to-override", {"a.txt": CALM, "bad.yaml": rules("""
        factlint: ">=0.1"
        rules:
          - {id: fresh, type: undated, severity: error, message: m, override: true}
        """)}, ("lint", "a.txt", "--rules", "bad.yaml"), 2, ("bad.yaml:3:", "no earlier rule")),
    Case("rule-file-extends-itself", {"a.txt": CALM, "bad.yaml": 'factlint: ">=0.1"\nextends: [bad.yaml]\n'},
         ("lint", "a.txt", "--rules", "bad.yaml"), 2, ("bad.yaml:2:", "extends itself")),
    Case("rule-files-extend-each-other", {"a.txt": CALM, "x.yaml": 'factlint: ">=0.1"\nextends: [y.yaml]\n',
                                          "y.yaml": 'factlint: ">=0.1"\nextends: [x.yaml]\n'},
         ("lint", "a.txt", "--rules", "x.yaml"), 2, ("y.yaml:2:", "x.yaml -> y.yaml -> x.yaml")),
    Case("extends-a-missing-file", {"a.txt": CALM, "bad.yaml": 'factlint: ">=0.1"\nextends: [gone.yaml]\n'},
         ("lint", "a.txt", "--rules", "bad.yaml"), 2, ("bad.yaml:2:", "gone.yaml")),
    Case("extends-an-unknown-built-in", {"a.txt": CALM, "bad.yaml": 'factlint: ">=0.1"\nextends: [builtin:generik]\n'},
         ("lint", "a.txt", "--rules", "bad.yaml"), 2, ("bad.yaml:2:", "did you mean 'generic'")),
    Case("rule-file-needs-a-newer-factlint", {"a.txt": CALM, "bad.yaml": 'factlint: ">=99"\n'},
         ("lint", "a.txt", "--rules", "bad.yaml"), 2, ("bad.yaml:1:", "needs factlint >=99")),
    Case("rule-file-version-is-no-version", {"a.txt": CALM, "bad.yaml": 'factlint: "banana"\n'},
         ("lint", "a.txt", "--rules", "bad.yaml"), 2, ("bad.yaml:1:", "not a version requirement")),
    Case("unknown-top-level-key", {"a.txt": CALM, "bad.yaml": 'factlint: ">=0.1"\nrulez: []\n'},
         ("lint", "a.txt", "--rules", "bad.yaml"), 2, ("bad.yaml:2:", "did you mean 'rules'")),
    Case("merge-key-in-a-rule-file", {"a.txt": CALM, "m.yaml": rules("""
        factlint: ">=0.1"
        rules:
          - &base {id: toll-a, type: monotonic, severity: error, message: "drop", metric: killed}
          - <<: *base
            id: toll-b
            severity: warning
        """)}, ("rules", "--rules", "m.yaml"), 0, check=rule_ids("toll-a", "toll-b")),
    Case("merge-key-duplicate-explicit-keys-still-refused", {"a.txt": CALM, "m.yaml": rules("""
        factlint: ">=0.1"
        rules:
          - &base {id: toll-a, type: monotonic, severity: error, message: "drop", metric: killed}
          - <<: *base
            id: toll-b
            id: toll-c
        """)}, ("rules", "--rules", "m.yaml"), 2, ("m.yaml:6:5", "duplicate key")),
    # --- configuration, baselines, suppressions ---
    *[Case(f"{name}-in-factlint-yaml", {"a.txt": CALM, "factlint.yaml": f"fail-on: warning{char}\n"}, ("lint", "a.txt"),
           2, ("factlint.yaml:1:17", f"U+{ord(char):04X}")) for name, char in (("nul", "\x00"), ("u-fffe", "\ufffe"))],
    Case("nul-in-pyproject", {"a.txt": CALM, "pyproject.toml": '[tool.factlint]\nfail-on = "warning\x00"\n'},
         ("lint", "a.txt"), 2, ("pyproject.toml", "invalid TOML")),
    Case("non-utf-8-pyproject", {"a.txt": CALM, "pyproject.toml": b'[tool.factlint]\nfail-on = "caf\xe9"\n'},
         ("lint", "a.txt"), 2, ("pyproject.toml", "UTF-8")),
    Case("pyproject-nested-deep", {"a.txt": CALM, "pyproject.toml": f"[tool.factlint]\nfail-on = {deep(5000)}\n"},
         ("lint", "a.txt"), 2, ("pyproject.toml", "nested")),
    Case("pyproject-5000-digit-integer", {"a.txt": CALM, "pyproject.toml": f"[tool.factlint]\nfail-on = {'9' * 5000}\n"},
         ("lint", "a.txt"), 2, ("pyproject.toml", "digits")),
    Case("nul-in-a-configured-path", {"a.txt": CALM, "factlint.yaml": 'baseline: "base\\0.json"\n'}, ("lint", "a.txt"),
         2, ("factlint.yaml:1:", "NUL")),
    Case("factlint-yaml-bomb", {"a.txt": CALM, "factlint.yaml": bomb("")}, ("lint", "a.txt"), 2,
         ("factlint.yaml", "alias expansion")),
    Case("factlint-yaml-nested-deep", {"a.txt": CALM, "factlint.yaml": f"paths: {deep()}\n"}, ("lint", "a.txt"), 2,
         ("factlint.yaml:1:", "nesting deeper")),
    Case("merge-key-in-the-configuration", {"a.txt": "Rebels attacked Aleppo.\n", "factlint.yaml": rules("""
        dates:
          <<: {a.txt: 2024-11-30}
        fail-on: warning
        """)}, ("lint", "--format", "json"), 0, check=no_finding("undated-document")),
    *[Case(f"{name}-in-suppressions", {"a.txt": CALM, "sup.yaml": f"suppressions:\n  - {{fingerprint: ab{char}, reason: x}}\n"},
           ("lint", "a.txt", "--suppressions", "sup.yaml"), 2, ("sup.yaml:2:", f"U+{ord(char):04X}"))
      for name, char in (("nul", "\x00"), ("0x01", "\x01"), ("u-fffe", "\ufffe"))],
    Case("suppressions-bomb", {"a.txt": CALM, "sup.yaml": bomb("")}, ("lint", "a.txt", "--suppressions", "sup.yaml"), 2,
         ("sup.yaml", "alias expansion")),
    Case("baseline-not-json", {"a.txt": CALM, "base.json": "{fingerprints"}, ("lint", "a.txt", "--baseline", "base.json"),
         2, ("base.json:1:", "invalid JSON")),
    Case("baseline-nested-deep", {"a.txt": CALM, "base.json": deep(100_000)}, ("lint", "a.txt", "--baseline", "base.json"),
         2, ("base.json", "nested")),
    Case("baseline-5000-digit-integer", {"a.txt": CALM, "base.json": '{"version": 1, "findings": [' + "1" * 5000 + "]}"},
         ("lint", "a.txt", "--baseline", "base.json"), 2, ("base.json", "digits")),
    Case("baseline-not-utf-8", {"a.txt": CALM, "base.json": b'\xff\xfe{"version": 1}'},
         ("lint", "a.txt", "--baseline", "base.json"), 2, ("base.json", "UTF-8")),
    # --- flags ---
    Case("unknown-format", {"a.txt": CALM}, ("lint", "a.txt", "--format", "xml"), 2, ("--format", "invalid choice")),
    Case("unknown-fail-on", {"a.txt": CALM}, ("lint", "a.txt", "--fail-on", "fatal"), 2, ("--fail-on",)),
    Case("unknown-option", {"a.txt": CALM}, ("lint", "a.txt", "--frobnicate"), 2, ("--frobnicate",)),
    Case("fix-and-diff-together", {"a.txt": CALM}, ("lint", "a.txt", "--fix", "--diff"), 2, ("--fix and --diff",)),
    Case("no-such-document", {"a.txt": CALM}, ("lint", "nothing.txt"), 2, ("nothing.txt",)),
    Case("no-such-config", {"a.txt": CALM}, ("lint", "a.txt", "--config", "none.yaml"), 2, ("none.yaml",)),
    Case("no-such-rule-file", {"a.txt": CALM}, ("lint", "a.txt", "--rules", "none.yaml"), 2, ("none.yaml",)),
    Case("explain-an-unknown-rule", {}, ("explain", "toll-never-decrease"), 2, ("did you mean 'toll-never-decreases'",)),
    Case("facts-without-paths", {}, ("facts",), 2, ("paths",)),
    Case("since-outside-git", {"a.txt": CALM}, ("lint", ".", "--since", "HEAD"), 2, ("--since", "not inside a git")),
    Case("since-an-unknown-ref", {"a.txt": CALM}, ("lint", ".", "--since", "no-such-branch"), 2,
         ("--since", "'no-such-branch'"), setup=git_repo),
    Case("since-a-ref-that-looks-like-an-option", {"a.txt": CALM}, ("lint", ".", "--since=--output=x"), 2,
         ("--since", "not a git ref"), setup=git_repo),
    Case("output-onto-an-input-document", {"a.txt": WED, "b.txt": THU}, ("lint", ".", "--output", "b.txt"), 2,
         ("--output", "b.txt", "input")),
    Case("output-onto-the-rule-file", {"a.txt": WED}, ("lint", "a.txt", "--output", "rules/story.yaml"), 2,
         ("rules/story.yaml", "input")),
    Case("output-through-a-link-to-an-input", {"a.txt": WED, "b.txt": THU}, ("lint", ".", "--output", "out.txt"), 2,
         ("out.txt", "input"), setup=symlink("out.txt", "b.txt")),
    Case("output-onto-the-suppressions-file", {"a.txt": WED, "sup.yaml": "suppressions: []\n"},
         ("lint", "a.txt", "--suppressions", "sup.yaml", "--output", "sup.yaml"), 2, ("sup.yaml", "input")),
    Case("output-onto-a-folder", {"a.txt": WED, "out/x": ""}, ("lint", "a.txt", "--output", "out"), 2,
         ("--output", "out")),
    Case("baseline-written-onto-an-input-document", {"a.txt": WED, "b.txt": THU},
         ("lint", ".", "--write-baseline", "b.txt"), 2, ("--write-baseline", "b.txt", "input")),
    Case("baseline-written-onto-the-rule-file", {"a.txt": WED},
         ("lint", "a.txt", "--write-baseline", "rules/story.yaml"), 2, ("rules/story.yaml", "input")),
    Case("extends-a-name-too-long", {"a.txt": CALM, "bad.yaml": f'factlint: ">=0.1"\nextends: [{"x" * 300}.yaml]\n'},
         ("lint", "a.txt", "--rules", "bad.yaml"), 2, ("bad.yaml:2:", "no such file")),
    Case("configured-rules-name-too-long", {"a.txt": CALM, "factlint.yaml": f"rules: [{'x' * 300}]\n"},
         ("lint", "a.txt"), 2, ("factlint.yaml", "rules")),
    Case("facts-document-name-too-long", {"sub/p.facts.yaml": f"document: {'x' * 300}.txt\n"}, ("lint", "sub"), 2,
         ("sub/p.facts.yaml:1:11", "File name too long")),
    Case("output-name-too-long", {"a.txt": CALM}, ("lint", "a.txt", "--output", "x" * 300), 2, ("--output",)),
    Case("config-name-too-long", {"a.txt": CALM}, ("lint", "a.txt", "--config", "x" * 300), 2, ("--config",)),
    Case("unreadable-rule-folder", {"a.txt": CALM, "r/x.yaml": 'factlint: ">=0.1"\n'}, ("lint", "a.txt", "--rules", "r"),
         2, ("r", "cannot read"), setup=chmod("r", 0, also=skip_as_root("an unreadable folder"))),
    # --- fixes ---
    Case("fix-a-read-only-file", {"a.txt": WED, "b.txt": THU}, ("lint", ".", "--fix"), 1,
         ("b.txt", "not fixed", "read-only"), setup=chmod("b.txt", 0o444)),
    Case("fix-a-hard-linked-file", {"a.txt": WED, "b.txt": THU}, ("lint", "a.txt", "b.txt", "--fix"), 1,
         ("b.txt", "not fixed", "hard links"), setup=hard_link("b.txt", "elsewhere.txt.bak")),
    Case("fix-keeps-owner-and-mode", {"a.txt": WED, "b.txt": THU}, ("lint", ".", "--fix"), 1, ("fixed 1 spelling",),
         changed=("b.txt",), setup=give_away("b.txt"), check=reads("b.txt", THU.replace("Cheikhoun", "Sheikhun"))),
    Case("fix-through-a-symlink-keeps-the-link", {"a.txt": WED, "real/b.md": THU}, ("lint", "a.txt", "b.txt", "--fix"),
         1, ("fixed 1 spelling",), changed=("real/b.md",), setup=symlink("b.txt", "real/b.md"),
         check=reads("real/b.md", THU.replace("Cheikhoun", "Sheikhun"))),
    Case("fix-sweeps-a-dead-writers-temporary-file", {"d/a.txt": WED, "d/b.txt": THU}, ("lint", "d", "--fix"), 1,
         ("fixed 1 spelling",), changed=("d/b.txt",), setup=stale_tmp("d"),
         check=reads("d/b.txt", THU.replace("Cheikhoun", "Sheikhun"))),
    Case("fix-goes-to-the-canonical-name-not-another-alias",
         {"a.txt": ORIGINAL, "b.txt": doc("Khan Shaykhun fell. Khan Sheikhun is quiet."), "r.yaml": ALIASES},
         ("lint", ".", "--rules", "r.yaml", "--fix"), (0, 1), ("fixed 1 spelling",), changed=("a.txt",), story=False,
         check=reads("a.txt", ORIGINAL.replace("Khan Shaykhoun", "Khan Sheikhun"))),
    Case("fix-never-joins-a-wrapped-line",
         {"a.txt": WED, "b.txt": "date 2024-11-30 Rebels launched an offensive on Wednesday and fighting reached Khan\n"
                                 "Cheikhoun late at night, the Observatory said.\n"},
         ("lint", ".", "--fix"), (0, 1)),
    Case("hard-wrapped-name-is-not-a-misspelling-of-itself",
         {"a.txt": "date 2024-11-30 The Observatory said rebels and government forces fought for the town of Khan\n"
                   "Sheikhun through the night.\n",
          "b.txt": "date 2024-11-30 The Observatory said rebels and government forces fought for the town of Khan\r\n"
                   "Sheikhun through the night.\r\n",
          "c.txt": "date 2024-11-30 Fighting reached Khan Sheikhun.\n"},
         ("lint", ".", "--format", "json"), 0, check=no_finding("name-spelling")),
    Case("thursday-and-next-week-in-one-sentence",
         {"a.txt": doc("The rebels attacked on Thursday; more next week."), "syria.yaml": SYRIA.read_text("utf-8")},
         ("lint", "a.txt", "--rules", "syria.yaml", "--format", "json"), 0, story=False,
         check=no_finding("event-date-agreement")),
]


@pytest.mark.parametrize("case", [c.param() for c in CASES])
def test_never_crash_never_hang_never_lose_a_byte(run, tmp_path: Path, case: Case) -> None:  # type: ignore[no-untyped-def]
    materialise(tmp_path, case)
    before = snapshot(tmp_path)
    try:
        with watchdog(WATCHDOG):
            r = run(*case.argv)
    finally:
        for folder, dirs, _ in os.walk(tmp_path):  # let pytest clean up what a row made unreadable
            for d in dirs:
                with contextlib.suppress(OSError):
                    os.chmod(os.path.join(folder, d), 0o755)
    check_run(tmp_path, case, r, before)
    if case.check is not None:
        case.check(tmp_path, r)


def test_the_battery_is_at_least_sixty_cases() -> None:
    assert len({c.id for c in CASES}) == len(CASES) >= 60


# --- signals: a real process ----------------------------------------------------------------------------------------

def _env() -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    env.pop("GITHUB_ACTIONS", None)
    env.pop("FACTLINT_DEBUG", None)
    return env


def _open_writer(path: Path, proc: subprocess.Popen[str], seconds: float = 60) -> int:
    """Open a named pipe for writing once the process has opened it for reading (so it now waits in read())."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            return os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:  # ENXIO: no reader yet
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.02)
    proc.kill()
    pytest.fail("factlint never opened the pipe")


def test_ctrl_c_exits_130_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(WED, encoding="utf-8")
    os.mkfifo(tmp_path / "slow.txt")  # a document that is still being written: factlint waits in read()
    before = (tmp_path / "a.txt").read_bytes()
    proc = subprocess.Popen([sys.executable, "-m", "factlint", "lint", "a.txt", "slow.txt"], cwd=tmp_path, env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    fd = _open_writer(tmp_path / "slow.txt", proc)
    try:
        time.sleep(0.2)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        os.close(fd)
    assert proc.returncode == 130, err
    assert err == "factlint: interrupted\n" and out == ""
    assert (tmp_path / "a.txt").read_bytes() == before


KILLED_MID_FIX = """
import os, sys, time
import factlint.fsio
from factlint.cli import main

real_fsync = os.fsync
def fsync_then_wait(fd):
    real_fsync(fd)
    open("written", "w").close()   # the temporary file is complete: the rename is next
    time.sleep(600)
factlint.fsio.os.fsync = fsync_then_wait
sys.exit(main(["lint", "d", "--fix", "--no-cache"]))  # the first fsync is the fix's
"""


def test_sigkill_during_a_fix_loses_nothing_and_the_next_write_sweeps_the_temporary_file(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    shutil.copy(STORY, tmp_path / "rules" / "story.yaml")
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text(WED, encoding="utf-8")
    (tmp_path / "d" / "b.txt").write_text(THU, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-c", KILLED_MID_FIX], cwd=tmp_path, env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (tmp_path / "written").exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the fix never reached its write"
        time.sleep(0.02)
    proc.kill()  # SIGKILL: no handler, no finally, no clean-up
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    left = [p.name for p in (tmp_path / "d").iterdir() if p.name.endswith(TMP_SUFFIX)]
    assert len(left) == 1, left  # what SIGKILL leaves behind: a complete temporary file beside the target
    assert (tmp_path / "d" / "b.txt").read_text(encoding="utf-8") == THU  # the article itself is whole

    done = subprocess.run([sys.executable, "-m", "factlint", "lint", "d", "--fix"], cwd=tmp_path, env=_env(),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert not [p.name for p in (tmp_path / "d").iterdir() if p.name.endswith(TMP_SUFFIX)]
    assert (tmp_path / "d" / "b.txt").read_text(encoding="utf-8") == THU.replace("Cheikhoun", "Sheikhun")


def test_the_fuzz_campaign_runs(tmp_path: Path) -> None:
    """benchmarks/fuzz.py is not part of the suite (the campaign takes the better part of an hour); this keeps it
    from rotting: a few cases run, and it prints its counts."""
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "fuzz.py"), "40", "--no-scaling", "--out",
                           str(tmp_path)], env=_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr[-3000:]  # 1: it found a crash or a hang, and says which
    assert "40 cases (" in done.stdout and "crashes: " in done.stdout and "hangs: " in done.stdout, done.stdout
