"""Baselines and suppressions: findings known and accepted, keyed by fingerprint.

A baseline (`--write-baseline FILE`) records today's findings so that `--baseline FILE` reports only new ones and
lists the entries that no longer occur. A suppression file holds single accepted findings, each with a reason
(articles cannot carry comments, so the reason lives beside them)::

    suppressions:
      - fingerprint: 3f2a9c0d1e4b5a67
        rule: event-date-agreement        # optional, checked when given
        reason: "000 was corrected in print; the web copy is frozen"
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from factlint import __version__
from factlint.errors import ConfigError
from factlint.fsio import atomic_write_text
from factlint.model import Finding, Report
from factlint.yamlpos import expect_list, expect_mapping, expect_str, load_file

BASELINE_VERSION = 1


def write_baseline(report: Report, path: Path) -> None:
    entries = [
        {"fingerprint": f.fingerprint, "rule": f.rule, "severity": f.severity, "message": f.message,
         "paths": sorted({ev.span.path for ev in f.evidence})}
        for f in report.findings
    ]
    doc = {"version": BASELINE_VERSION, "tool": f"factlint {__version__}", "findings": entries}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise ConfigError(f"cannot write baseline ({exc.strerror or exc})", str(path)) from None


def read_baseline(path: Path) -> set[str]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read baseline ({exc.strerror or exc})", str(path)) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 text (byte {exc.start})", str(path)) from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"invalid JSON: {exc.msg}", str(path), exc.lineno, exc.colno) from None
    except ValueError as exc:  # an integer beyond Python's digit limit
        raise ConfigError(f"invalid JSON: {exc}".split(";")[0], str(path)) from None
    except RecursionError:
        raise ConfigError("invalid JSON: nested too deeply", str(path)) from None
    if not isinstance(doc, dict) or doc.get("version") != BASELINE_VERSION or not isinstance(doc.get("findings"), list):
        raise ConfigError(f"not a factlint baseline (expected version {BASELINE_VERSION} with a findings list)",
                          str(path))
    out = set()
    for i, entry in enumerate(doc["findings"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise ConfigError(f"findings[{i}]: expected an object with a fingerprint", str(path))
        out.add(entry["fingerprint"])
    return out


def read_suppressions(path: Path) -> dict[str, str | None]:
    """fingerprint -> the rule id it must belong to (or None)."""
    root = load_file(str(path))
    if root is None:
        return {}
    top = expect_mapping(root, ("suppressions",))
    out: dict[str, str | None] = {}
    for node in expect_list(top["suppressions"]) if "suppressions" in top else []:
        keys = expect_mapping(node, ("fingerprint", "rule", "reason"), required=("fingerprint", "reason"))
        expect_str(keys["reason"])
        out[expect_str(keys["fingerprint"])] = expect_str(keys["rule"]) if "rule" in keys else None
    return out


def apply(report: Report, baseline: set[str] | None, suppressions: dict[str, str | None] | None) -> Report:
    kept: list[Finding] = []
    suppressed = 0
    seen: set[str] = set()
    for f in report.findings:
        seen.add(f.fingerprint)
        suppressed_here = suppressions is not None and suppressions.get(f.fingerprint, "-") in (None, f.rule)
        if suppressed_here or (baseline is not None and f.fingerprint in baseline):
            suppressed += 1
        else:
            kept.append(f)
    stale = tuple(sorted(baseline - seen)) if baseline is not None else ()
    return replace(report, findings=tuple(kept), suppressed=report.suppressed + suppressed, stale_baseline=stale)
