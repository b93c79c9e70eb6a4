"""Concise output: one `path:line:col: severity rule message` line per finding, for editors and grep.

Editors' error formats (vim's errorformat, Emacs' compilation-mode) read one problem per line, so a finding never spans
two lines here: its other sides are left to the text and JSON formats.
"""

from __future__ import annotations

from factlint.formats import FormatOptions
from factlint.formats.text import statistics, summary_line
from factlint.model import Finding, Report

NO_LOCATION = "-:0:0"


def location(f: Finding) -> str:
    p = f.primary
    return f"{p.path}:{p.line}:{p.column}" if p else NO_LOCATION


def line(f: Finding) -> str:
    # A line break inside a message would start what a parser takes for a new, malformed problem.
    message = " ".join(f.message.splitlines())
    return f"{location(f)}: {f.severity} {f.rule} {message}"


def render(report: Report, opts: FormatOptions) -> str:
    out = [line(f) for f in report.findings]
    if opts.statistics:
        out.extend(statistics(report))
    out.append(summary_line(report))
    return "\n".join(out) + "\n"
