"""Output formats: each is a pure function from the whole report to a string. One module per format.

Formatters never compute findings and never decide the exit code; they render what the engine produced.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from factlint.model import Report


@dataclass(frozen=True)
class FormatOptions:
    color: bool = False
    statistics: bool = False
    root: str = ""  # paths in the report are shown relative to this (SARIF uses it as the base URI)


Formatter = Callable[[Report, FormatOptions], str]


def relative_path(path: str, root: str) -> str:
    """`path` relative to `root` when it is an absolute path under it; otherwise unchanged (already relative)."""
    if root and os.path.isabs(path):
        rel = os.path.relpath(path, os.path.abspath(root))
        if rel != ".." and not rel.startswith(".." + os.sep):
            return rel.replace(os.sep, "/")
    return path


def one_line(text: str) -> str:
    """A quote from a document on one line: a line break or tab inside it becomes a space."""
    return " ".join(text.split())


def _registry() -> dict[str, Formatter]:
    from factlint.formats import concise, github, html, json_, junit, sarif, text

    return {
        "text": text.render,
        "json": json_.render,
        "concise": concise.render,
        "github": github.render,
        "sarif": sarif.render,
        "junit": junit.render,
        "html": html.render,
    }


FORMAT_NAMES = ("text", "json", "concise", "github", "sarif", "junit", "html")


def get(name: str) -> Formatter:
    return _registry()[name]
