"""SARIF 2.1.0 output, for GitHub code scanning and IDE viewers.

One run. Each finding is a result located at its first side; its other sides are related locations, so a viewer can
jump between the statements that contradict each other. Fingerprints go in `partialFingerprints`, which is how code
scanning tells a finding that moved from a new one.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from factlint import __version__
from factlint.formats import FormatOptions, relative_path
from factlint.model import Diagnostic, Evidence, Finding, Fix, Report, RuleMeta, Span

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/factlint/factlint"
FINGERPRINT_KEY = "factlint/v1"
SRCROOT = "%SRCROOT%"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}

_DRIVE = re.compile(r"^[A-Za-z]:/")


def artifact_location(path: str, root: str) -> dict[str, str]:
    p = relative_path(path, root)
    if os.sep == "\\":  # a Windows path; elsewhere a backslash is part of a name (or of a \xNN escape, below)
        p = p.replace("\\", "/")
    if p.startswith("/"):
        return {"uri": "file://" + _quote(p)}
    if _DRIVE.match(p):
        return {"uri": "file:///" + p[:2] + _quote(p[2:])}
    return {"uri": _quote(p), "uriBaseId": SRCROOT}


_ESCAPE = re.compile(r"\\x([0-9a-f]{2})")


def _quote(path: str) -> str:
    # Everything but "/" is escaped, so a space or a ":" in a file name cannot make a bad URI or a URI scheme. A name
    # that was not UTF-8 on disk is shown with \xNN escapes (corpus.printable), or holds surrogates (surrogateescape):
    # either way the URI gets the name's original bytes back, so it finds the file.
    raw = b"".join(bytes.fromhex(piece) if i % 2 else piece.encode("utf-8", "surrogateescape")
                   for i, piece in enumerate(_ESCAPE.split(path)))
    return quote(raw, safe="/")


def message(text: str, fallback: str) -> dict[str, str]:
    # SARIF reads "{0}" as a placeholder and requires literal braces doubled (§3.11.5) and text non-empty (§3.11.8).
    return {"text": (text or fallback).replace("{", "{{").replace("}", "}}")}


def _side(ev: Evidence) -> str:
    return f'{ev.label}: "{ev.span.text}"' if ev.label else f'"{ev.span.text}"'


def _region(s: Span) -> dict[str, Any]:
    # Span columns count code points, hence run.columnKind; end_column is taken as exclusive, like SARIF's endColumn.
    region: dict[str, Any] = {
        "startLine": s.line,
        "startColumn": s.column,
        "endLine": s.end_line,
        "endColumn": s.end_column,
    }
    if s.text:
        region["snippet"] = {"text": s.text}
    return region


def _location(ev: Evidence, root: str) -> dict[str, Any]:
    return {
        "physicalLocation": {"artifactLocation": artifact_location(ev.span.path, root), "region": _region(ev.span)},
        "message": message(_side(ev), ev.span.path),
    }


def _fix(fixes: Iterable[Fix], root: str) -> dict[str, Any]:
    # The Fix entries of a finding are applied together, so they are one SARIF fix with one change per file.
    by_path: dict[str, list[Fix]] = {}
    for x in sorted(fixes, key=lambda x: (x.span.path, x.span.start)):
        by_path.setdefault(x.span.path, []).append(x)
    changes = []
    descriptions = []
    for path, edits in by_path.items():
        replacements = []
        for x in edits:
            replacement: dict[str, Any] = {
                "deletedRegion": {"charOffset": x.span.start, "charLength": x.span.end - x.span.start}
            }
            if x.replacement:  # no insertedContent means a deletion (§3.57.4)
                replacement["insertedContent"] = {"text": x.replacement}
            replacements.append(replacement)
            descriptions.append(f'replace "{x.span.text}" with "{x.replacement}"')
        changes.append({"artifactLocation": artifact_location(path, root), "replacements": replacements})
    return {"description": message("; ".join(descriptions), "fix"), "artifactChanges": changes}


def _result(f: Finding, rule_index: int, root: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[f.severity],
        "message": message(f.message, f.rule),
    }
    if f.evidence:
        result["locations"] = [_location(f.evidence[0], root)]
    if len(f.evidence) > 1:
        result["relatedLocations"] = [
            {"id": i, **_location(ev, root)} for i, ev in enumerate(f.evidence[1:], start=1)
        ]
    result["partialFingerprints"] = {FINGERPRINT_KEY: f.fingerprint}
    if f.fixes:
        result["fixes"] = [_fix(f.fixes, root)]
    result["properties"] = {"type": f.type, "values": dict(f.values)}
    return result


def _rule(meta: RuleMeta) -> dict[str, Any]:
    rule: dict[str, Any] = {"id": meta.id, "shortDescription": message(meta.description or meta.message, meta.id)}
    if meta.help:
        rule["fullDescription"] = message(meta.help, meta.id)
        rule["help"] = message(meta.help, meta.id)
    rule["defaultConfiguration"] = {"level": LEVELS.get(meta.severity, "warning")}
    rule["properties"] = {"type": meta.type}
    return rule


def rule_table(report: Report) -> list[RuleMeta]:
    """Every rule of the run once, in report order, then rules known only from their findings."""
    rules: dict[str, RuleMeta] = {}
    for meta in report.rules:
        rules.setdefault(meta.id, meta)
    for f in report.findings:
        if f.rule not in rules:
            rules[f.rule] = RuleMeta(f.rule, f.type, f.severity, "", "", f.help, "")
    return list(rules.values())


def _notification(d: Diagnostic, root: str) -> dict[str, Any]:
    note: dict[str, Any] = {"level": LEVELS.get(d.severity, "warning"), "message": message(d.message, d.path)}
    physical: dict[str, Any] = {"artifactLocation": artifact_location(d.path, root)}
    if d.line is not None and d.line >= 1:
        physical["region"] = {"startLine": d.line}
        if d.column is not None and d.column >= 1:
            physical["region"]["startColumn"] = d.column
    note["locations"] = [{"physicalLocation": physical}]
    return note


def render(report: Report, opts: FormatOptions) -> str:
    rules = rule_table(report)
    index = {meta.id: i for i, meta in enumerate(rules)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "factlint",
                "version": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(meta) for meta in rules],
            }
        },
        "invocations": [
            {
                # The run completed; problems with inputs are reported beside the results, not as a failed run.
                "executionSuccessful": True,
                "toolExecutionNotifications": [_notification(d, opts.root) for d in report.diagnostics],
            }
        ],
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index[f.rule], opts.root) for f in report.findings],
    }
    if opts.root:
        base = Path(os.path.abspath(opts.root)).as_uri()
        run["originalUriBaseIds"] = {SRCROOT: {"uri": base if base.endswith("/") else base + "/"}}
    doc = {"version": "2.1.0", "$schema": SCHEMA_URI, "runs": [run]}
    return json.dumps(doc, indent=2, ensure_ascii=False, default=str) + "\n"
