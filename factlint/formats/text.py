"""Human-readable output: per finding, severity, rule id and message, then every side as `path:line:col: "snippet"`."""

from __future__ import annotations

from factlint.formats import FormatOptions, one_line
from factlint.model import Finding, Report

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET = "\033[0m"


def _finding(f: Finding, opts: FormatOptions) -> list[str]:
    sev = f"{_COLORS[f.severity]}{f.severity}{_RESET}" if opts.color else f.severity
    lines = [f"{sev} [{f.rule}] {f.message}"]
    for ev in f.evidence:
        s = ev.span
        label = f" ({ev.label})" if ev.label else ""
        lines.append(f'  {s.path}:{s.line}:{s.column}: "{one_line(s.text)}"{label}')
    if f.fixes:
        lines.append("  fix: " + ", ".join(f'"{x.span.text}" -> "{x.replacement}"' for x in f.fixes))
    return lines


def summary_line(report: Report) -> str:
    c = report.counts()
    return (
        f"{report.documents} documents, {report.facts} facts: "
        f"{c['error']} errors, {c['warning']} warnings, {c['info']} info"
    )


def statistics(report: Report) -> list[str]:
    per_rule: dict[tuple[str, str], int] = {}
    for f in report.findings:
        per_rule[(f.rule, f.severity)] = per_rule.get((f.rule, f.severity), 0) + 1
    return [f"{n:5d}  {rule}  ({sev})" for (rule, sev), n in sorted(per_rule.items(), key=lambda kv: (-kv[1], kv[0]))]


def render(report: Report, opts: FormatOptions) -> str:
    out: list[str] = []
    for f in report.findings:
        out.extend(_finding(f, opts))
        out.append("")
    for fp in report.stale_baseline:
        out.append(f"baseline entry {fp} no longer occurs")
    if opts.statistics:
        out.extend(statistics(report))
    out.append(summary_line(report))
    return "\n".join(out) + "\n"
