"""Which files a run reads: text documents and structured facts files, from files, folders and globs."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
FACT_SUFFIXES = (".facts.yaml", ".facts.yml", ".jsonl")


def display_path(path: Path, root: Path | None = None) -> str:
    """The path as shown in findings: relative to `root` (the working directory) when inside it, POSIX slashes."""
    base = (root or Path.cwd()).resolve()
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def is_facts_file(path: Path) -> bool:
    return path.name.endswith(FACT_SUFFIXES)


def is_document(path: Path) -> bool:
    return path.suffix.lower() in TEXT_SUFFIXES and not is_facts_file(path)


def excluded(display: str, excludes: list[str]) -> bool:
    return any(fnmatch.fnmatch(display, pat) or fnmatch.fnmatch(display, pat.rstrip("/") + "/*")
               or any(fnmatch.fnmatch(part, pat) for part in display.split("/")) for pat in excludes)


def collect(paths: list[Path], excludes: list[str] | None = None, root: Path | None = None) -> list[tuple[Path, str]]:
    """Documents and facts files under the given paths, each once, in path order. A file named directly is read
    whatever its suffix; folders contribute text and facts files, skipping hidden folders."""
    excludes = excludes or []
    out: dict[str, Path] = {}
    for path in paths:
        if path.is_dir():
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in ("node_modules", "__pycache__"))
                for name in filenames:
                    p = Path(dirpath) / name
                    shown = display_path(p, root)
                    if (is_document(p) or is_facts_file(p)) and not excluded(shown, excludes):
                        out.setdefault(shown, p)
        else:
            shown = display_path(path, root)
            if not excluded(shown, excludes):
                out.setdefault(shown, path)
    return [(p, shown) for shown, p in sorted(out.items())]
