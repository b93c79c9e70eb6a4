"""Applying fixes: only spans whose text is still as read, written atomically (temp file + rename), keeping the
encoding (and BOM), line endings and every byte outside the fixed spans."""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from factlint.documents import decode
from factlint.errors import FactlintError
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
            if s.end > last_start or text[s.start:s.end] != s.text or s.text == fix.replacement:
                continue
            new = new[:s.start] + fix.replacement + new[s.end:]
            last_start = s.start
            applied += 1
        if applied:
            out.append(FileFix(shown, text, new, applied, bom))
    return out


def write(fix: FileFix, path: Path) -> None:
    try:
        _write(fix, path)
    except OSError as exc:
        raise FactlintError(f"cannot write the fix ({exc.strerror or exc})", fix.path) from None


def _write(fix: FileFix, path: Path) -> None:
    path = path.resolve()  # through a symlink to the file, so the link itself stays a link
    bom = path.read_bytes().startswith(b"\xef\xbb\xbf")
    data = (b"\xef\xbb\xbf" if bom else b"") + fix.after.encode("utf-8")
    mode = stat.S_IMODE(path.stat().st_mode)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".factlint-tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


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
