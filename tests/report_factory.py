"""Hand-made spans, findings and reports for formatter tests: no extraction or rule checks involved."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from factlint.model import Count, Diagnostic, Evidence, Finding, Fix, Report, RuleMeta, Span, fingerprint


def span(path: str, text: str, line: int = 1, column: int = 1, start: int = 0, sentence: str | None = None) -> Span:
    """A one-line span; `end_column` is exclusive, like `end`."""
    return Span(
        path=path,
        start=start,
        end=start + len(text),
        line=line,
        column=column,
        end_line=line,
        end_column=column + len(text),
        text=text,
        sentence=sentence if sentence is not None else text,
    )


def finding(
    rule: str,
    sides: Sequence[Span | Evidence],
    severity: str = "error",
    message: str = "",
    type: str = "monotonic",
    values: Mapping[str, Any] | None = None,
    fixes: Sequence[Fix] = (),
    help: str = "",
) -> Finding:
    evidence = tuple(s if isinstance(s, Evidence) else Evidence(s) for s in sides)
    return Finding(
        rule=rule,
        type=type,
        severity=severity,
        message=message or f"{rule} found a problem",
        values=dict(values or {}),
        evidence=evidence,
        # ascii(): arbitrary test text may hold lone surrogates, which the fingerprint's UTF-8 encoding rejects.
        fingerprint=fingerprint(ascii(rule), ascii(message), [ascii((e.span.path, e.span.text)) for e in evidence]),
        fixes=tuple(fixes),
        help=help,
    )


def rule_meta(rule: str, severity: str = "error", type: str = "monotonic", description: str = "") -> RuleMeta:
    return RuleMeta(
        id=rule,
        type=type,
        severity=severity,
        message="{metric} went from {before} to {after}",
        description=description,
        help=f"Documentation of the {type} rule type.",
        origin="rules/news.yaml:3",
    )


WEIRD = 'rate 50%, ratio 3:1,\nnext line\r\n<&"> café 🚒 bell\x07 tab\t{0} [x](1)'

CONTRADICTION = finding(
    "deaths-decrease",
    [
        Evidence(
            span("news/day 1.txt", "12 dead", line=3, column=5, start=40),
            Count(span("news/day 1.txt", "12 dead", 3, 5, 40), "deaths", 12, 12, "exact"),
            label="2024-11-27",
        ),
        Evidence(span("news/day2.txt", "at least 9 dead", line=7, column=1, start=88), label="2024-11-28"),
        Evidence(span("news/day3.txt", "10 dead", line=1, column=12, start=11), label="2024-11-29"),
    ],
    severity="error",
    message="deaths fell from 12 to 9",
    values={"metric": "deaths", "before": 12, "after": 9},
)

WITH_FIX = finding(
    "name-spelling",
    [span("news/day2.txt", "Zelenskiy", line=2, column=10, start=30)],
    severity="warning",
    type="names",
    message="Zelenskiy is spelled Zelensky elsewhere",
    fixes=[
        Fix(span("news/day2.txt", "Zelenskiy", line=2, column=10, start=30), "Zelensky"),
        Fix(span("news/day2.txt", "Zelenskiy", line=9, column=1, start=400), "Zelensky"),
    ],
)

STRANGE = finding(
    "odd:rule,id",
    [span("odd dir/a,b:c%.txt", WEIRD, line=4, column=2, start=5), span("other file.txt", "x\ny", line=1)],
    severity="info",
    type="dates",
    message=WEIRD,
    help="Help with {braces} and\nnewlines.",
)

NOWHERE = finding("corpus-empty", [], severity="warning", type="coverage", message="no dated documents")


def sample_report(diagnostics: Sequence[Diagnostic] = ()) -> Report:
    """Findings in every shape; rules metadata for some rules only, as happens when a finding's rule is unknown."""
    return Report(
        findings=(CONTRADICTION, WITH_FIX, STRANGE, NOWHERE),
        documents=3,
        facts=17,
        diagnostics=tuple(diagnostics),
        rules=(
            rule_meta("deaths-decrease", description="Death tolls do not decrease"),
            rule_meta("name-spelling", severity="warning", type="names"),
            rule_meta("unused-rule", severity="info", type="dates"),
        ),
    )


def empty_report() -> Report:
    return Report(findings=(), documents=2, facts=0)
