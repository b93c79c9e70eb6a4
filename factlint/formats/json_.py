"""JSON output: a versioned contract that tests pin and other tools read."""

from __future__ import annotations

import json
from typing import Any

from factlint import __version__
from factlint.formats import FormatOptions
from factlint.model import Evidence, Finding, Report, fact_row

VERSION = 1


def evidence_dict(ev: Evidence) -> dict[str, Any]:
    s = ev.span
    return {
        "path": s.path,
        "line": s.line,
        "column": s.column,
        "end_line": s.end_line,
        "end_column": s.end_column,
        "text": s.text,
        "sentence": s.sentence,
        "label": ev.label,
        "fact": fact_row(ev.fact) if ev.fact is not None else None,
    }


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule,
        "type": f.type,
        "severity": f.severity,
        "message": f.message,
        "values": dict(f.values),
        "fingerprint": f.fingerprint,
        "evidence": [evidence_dict(ev) for ev in f.evidence],
        "fixes": [
            {"path": x.span.path, "start": x.span.start, "end": x.span.end, "text": x.span.text,
             "replacement": x.replacement}
            for x in f.fixes
        ],
    }


def render(report: Report, opts: FormatOptions) -> str:
    doc: dict[str, Any] = {
        "version": VERSION,
        "tool": {"name": "factlint", "version": __version__},
        "findings": [finding_dict(f) for f in report.findings],
        "summary": {
            "documents": report.documents,
            "facts": report.facts,
            "findings": report.counts(),
            "suppressed": report.suppressed,
        },
        "diagnostics": [str(d) for d in report.diagnostics],
        "stale_baseline": list(report.stale_baseline),
    }
    # one finding a line: readable, and written by the C encoder (an indented dump of a big report is slow)
    parts = []
    for key, value in doc.items():
        if key == "findings" and value:
            rows = ",\n".join("    " + json.dumps(f, ensure_ascii=False, default=str) for f in value)
            parts.append(f'  "findings": [\n{rows}\n  ]')
        else:
            inner = json.dumps(value, indent=2, ensure_ascii=False, default=str).replace("\n", "\n  ")
            parts.append(f"  {json.dumps(key)}: {inner}")
    return "{\n" + ",\n".join(parts) + "\n}\n"
