"""GitHub Actions output: one workflow command per finding, which the runner turns into an annotation on the diff.

An annotation has a single location, so the first side of a finding is where it is shown and the other sides are
listed in its message.
"""

from __future__ import annotations

from collections.abc import Mapping

from factlint.formats import FormatOptions, one_line, relative_path
from factlint.model import Evidence, Finding, Report

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    # As `escapeData` in @actions/core (command.ts): the runner reads one command per line and un-escapes these.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    # As `escapeProperty` in @actions/core: ":" ends the property list and "," separates properties.
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: Mapping[str, object], message: str) -> str:
    """`::name key=value,...::message`; like the toolkit, properties with an empty value are left out."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if str(value))
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def _side(ev: Evidence, root: str) -> str:
    s = ev.span
    label = f" ({ev.label})" if ev.label else ""
    return f'{relative_path(s.path, root)}:{s.line}:{s.column}: "{one_line(s.text)}"{label}'


def annotation(f: Finding, opts: FormatOptions) -> str:
    props: dict[str, object] = {}
    p = f.primary
    if p is not None:
        props.update(
            file=relative_path(p.path, opts.root), line=p.line, col=p.column, endLine=p.end_line, endColumn=p.end_column
        )
    props["title"] = f.rule
    message = "\n".join([f.message, *(_side(ev, opts.root) for ev in f.evidence[1:])])
    return command(COMMANDS[f.severity], props, message)


def render(report: Report, opts: FormatOptions) -> str:
    return "".join(annotation(f, opts) + "\n" for f in report.findings)
