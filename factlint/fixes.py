"""Applying fixes: only spans whose text is still as read, written atomically (temp file + rename), keeping the
encoding (and BOM), line endings and every byte outside the fixed spans."""

from __future__ import annotations

import difflib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from factlint.documents import decode
from factlint.errors import FactlintError
from factlint.fsio import atomic_write
from factlint.model import Finding, Fix


@dataclass(frozen=True)
class FileFix:
    path: str
    before: str
    after: str
    applied: int
    bom: bool = False


def plan(findings: list[Finding] | tuple[Finding, ...], resolve: dict[str, Path]) -> list[FileFix]:
    """What fixing would change, per file: fixes are applied from the end so offsets stay valid; a fix whose span
    no longer reads as it did, or that overlaps another, is skipped."""
    by_path: dict[str, list[Fix]] = {}
    for f in findings:
        for fix in f.fixes:
            by_path.setdefault(fix.span.path, []).append(fix)
    out = []
    for shown, fixes in sorted(by_path.items()):
        path = resolve.get(shown)
        if path is None:
            continue
        decoded = decode(path.read_bytes())
        if decoded is None:
            continue
        text, bom = decoded
        new, applied, last_start = text, 0, len(text) + 1
        for fix in sorted(set(fixes), key=lambda x: x.span.start, reverse=True):
            s = fix.span
            if s.end > last_start or text[s.start:s.end] != s.text or s.text == fix.replacement \
                    or _line_breaks(s.text) != _line_breaks(fix.replacement):  # a fix never joins or splits lines
                continue
            new = new[:s.start] + fix.replacement + new[s.end:]
            last_start = s.start
            applied += 1
        if applied:
            out.append(FileFix(shown, text, new, applied, bom))
    return out


def write(fix: FileFix, path: Path) -> str | None:
    """Write the fixed text; None when written, else why the file was left as it is (read-only, hard-linked, or
    changed since it was read)."""
    try:
        st = os.stat(path)
        if not st.st_mode & stat.S_IWUSR or not os.access(path, os.W_OK):
            return "the file is read-only"
        if st.st_nlink > 1:
            return f"the file has {st.st_nlink} hard links, which a fix would separate"
        decoded = decode(path.read_bytes())
        if decoded is None or decoded[0] != fix.before:
            return "the file changed since it was read"
        atomic_write(path, (b"\xef\xbb\xbf" if decoded[1] else b"") + fix.after.encode("utf-8"))
    except OSError as exc:
        raise FactlintError(f"cannot write the fix ({exc.strerror or exc})", fix.path) from None
    return None


def _line_breaks(text: str) -> int:
    return text.count("\n") + text.count("\r")


def diff(fix: FileFix) -> str:
    """A unified diff that `patch` and `git apply` accept: of the bytes as written (BOM included), lines end at "\n"
    only (a CR is part of its line, as in diff), and a last line without one is marked so it does not run into the
    next."""
    return "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
        for line in difflib.unified_diff(_lines(fix.before, fix.bom), _lines(fix.after, fix.bom),
                                         fromfile=f"a/{fix.path}", tofile=f"b/{fix.path}"))


def _lines(text: str, bom: bool) -> list[str]:
    lines = [line + "\n" for line in (("\ufeff" if bom else "") + text).split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]
