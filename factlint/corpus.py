"""Which files a run reads: text documents and structured facts files, from files and folders.

Excludes use gitignore semantics (`pathspec`), relative to the folder of the configuration that lists them: `drafts/`
leaves out every folder named drafts, `articles/drafts/*` only that one, `*.md` every Markdown file. A folder that
cannot be read, a file that is a broken or looping symbolic link, and a named pipe, socket or device in a folder
(reading one could wait forever) are reported as warnings, never skipped in silence.
"""

from __future__ import annotations

import functools
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import pathspec

from factlint.model import Diagnostic

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
FACT_SUFFIXES = (".facts.yaml", ".facts.yml", ".jsonl")
SKIPPED_FOLDERS = ("node_modules", "__pycache__")


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def escape_controls(text: str) -> str:
    """Control characters (a line break, a terminal escape) as \\xNN, so a message stays one line and cannot
    recolour or rewrite the terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def printable(name: str) -> str:
    """A path as text that can always be printed on one line: bytes that are not UTF-8 (a file name from another
    system) and control characters (a line break in a name) are written as \\xNN escapes."""
    return escape_controls(os.fsencode(name).decode("utf-8", "backslashreplace"))


def display_path(path: Path, root: Path | None = None) -> str:
    """The path as shown in findings: relative to `root` (the working directory) when inside it, POSIX slashes."""
    base = _real(str(root or Path.cwd()))
    real = os.path.realpath(path)  # never raises, even on a symbolic-link loop
    if real == base:
        return "."
    if real.startswith(base.rstrip(os.sep) + os.sep):
        return printable(Path(os.path.relpath(real, base)).as_posix())
    return printable(path.as_posix())


@functools.lru_cache(maxsize=64)
def _real(folder: str) -> str:
    return os.path.realpath(folder)


def is_facts_file(path: Path) -> bool:
    return path.name.endswith(FACT_SUFFIXES)


def is_document(path: Path) -> bool:
    return path.suffix.lower() in TEXT_SUFFIXES and not is_facts_file(path)


class Excludes:
    """gitignore-style patterns, matched against paths relative to `base` (the configuration's folder)."""

    def __init__(self, patterns: tuple[str, ...] | list[str] = (), base: Path | None = None) -> None:
        self.patterns = tuple(patterns)
        self.base = base or Path.cwd()
        self._spec = pathspec.GitIgnoreSpec.from_lines(self.patterns)

    def match(self, path: Path, is_dir: bool = False) -> bool:
        if not self.patterns:
            return False
        try:
            rel = Path(os.path.abspath(path)).relative_to(os.path.abspath(self.base)).as_posix()
        except ValueError:
            return False  # outside the configuration's folder: its patterns do not speak of it
        if rel == ".":
            return False
        return bool(self._spec.match_file(rel + "/" if is_dir else rel))


def _special(path: Path) -> bool:
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False  # a broken or looping link: reading it says why


@dataclass(frozen=True)
class Input:
    path: Path  # where to read it
    shown: str  # how findings name it
    root: Path  # the folder of the corpus it was found in (a facts file's `document:` must stay inside it)


@dataclass
class Collected:
    inputs: list[Input]
    diagnostics: list[Diagnostic]


def collect(paths: list[Path], excludes: Excludes | None = None, root: Path | None = None) -> Collected:
    """Documents and facts files under the given paths, each once, in path order. A file named directly is read
    whatever its suffix; folders contribute text and facts files, skipping hidden folders."""
    excludes = excludes or Excludes()
    out: dict[str, Input] = {}
    diagnostics: list[Diagnostic] = []
    for path in paths:
        if path.is_dir():
            def unreadable(exc: OSError, top: Path = path) -> None:
                where = display_path(Path(exc.filename) if exc.filename else top, root)
                diagnostics.append(Diagnostic(where, f"skipped folder: cannot read it ({exc.strerror or exc})"))

            for dirpath, dirnames, filenames in os.walk(path, onerror=unreadable):
                folder = Path(dirpath)
                dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIPPED_FOLDERS
                                     and not excludes.match(folder / d, is_dir=True))
                for name in filenames:
                    p = folder / name
                    if (is_document(p) or is_facts_file(p)) and not excludes.match(p):
                        shown = display_path(p, root)
                        if _special(p):  # reading a named pipe nobody writes to would wait forever
                            diagnostics.append(Diagnostic(shown, "skipped: not a regular file "
                                                          "(a named pipe, socket or device)"))
                            continue
                        out.setdefault(shown, Input(p, shown, path))
        elif not excludes.match(path):
            shown = display_path(path, root)
            out.setdefault(shown, Input(path, shown, path.parent))
    return Collected([out[k] for k in sorted(out)], diagnostics)
