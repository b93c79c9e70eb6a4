"""The command line: one `main(argv) -> int`, one error boundary, fixed exit codes, all terminal output here.

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 usage, configuration or input error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Sequence

from factlint import __version__, checks, formats
from factlint.errors import FactlintError, UsageError
from factlint.model import SEVERITIES, SEVERITY_RANK, Report, fact_row
from factlint.runner import lint, load_rules, read_corpus

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="factlint", description="A fact-consistency linter for prose.")
    parser.add_argument("--version", action="version", version=f"factlint {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--rules", action="append", type=Path, metavar="PATH",
                       help="a rule file or folder (repeatable; replaces the default rule set)")
        p.add_argument("--config", type=Path, help="a factlint.yaml or pyproject.toml to use")

    lint_p = sub.add_parser("lint", help="lint documents for contradictions")
    lint_p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: from the config, else .)")
    common(lint_p)
    lint_p.add_argument("--format", choices=formats.FORMAT_NAMES, help="output format (default text; github on GitHub Actions)")
    lint_p.add_argument("--fail-on", choices=SEVERITIES, help="lowest severity that fails the run (default error)")
    lint_p.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    lint_p.add_argument("--output", "-o", type=Path, help="write the report to this file")
    lint_p.add_argument("--statistics", action="store_true", help="show counts per rule")
    lint_p.add_argument("--color", choices=("auto", "always", "never"), default="auto")

    facts_p = sub.add_parser("facts", help="show the facts extracted from documents")
    facts_p.add_argument("paths", nargs="+", type=Path)
    common(facts_p)
    facts_p.add_argument("--format", choices=("text", "jsonl"), default="text")
    facts_p.add_argument("--kind", choices=("count", "date", "mention"), action="append")

    rules_p = sub.add_parser("rules", help="list the loaded rules")
    common(rules_p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            build_parser().print_help()
            return EXIT_ERROR
        return _COMMANDS[args.command](args)
    except FactlintError as exc:
        print(f"factlint: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("factlint: interrupted", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK
    except RecursionError:
        print("factlint: error: input nested too deeply", file=sys.stderr)
        return EXIT_ERROR


def _rule_paths(args: argparse.Namespace) -> list[Path]:
    if args.rules:
        for p in args.rules:
            if not p.exists():
                raise UsageError(f"--rules: no such file or folder: {p}")
        return list(args.rules)
    default = Path("rules")
    return [default] if default.is_dir() else []


def _cmd_lint(args: argparse.Namespace) -> int:
    ruleset = load_rules(_rule_paths(args))
    paths = args.paths or [Path(".")]
    for p in paths:
        if not p.exists():
            raise UsageError(f"no such file or folder: {p}")
    corpus = read_corpus(paths, ruleset)
    report = lint(corpus, ruleset)
    for d in report.diagnostics:
        print(f"factlint: {d}", file=sys.stderr)
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    color = args.color == "always" or (args.color == "auto" and fmt == "text" and args.output is None
                                       and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    rendered = formats.get(fmt)(report, formats.FormatOptions(color=color, statistics=args.statistics))
    _emit(rendered, args.output)
    return exit_code(report, args.fail_on or "error", args.exit_zero)


def exit_code(report: Report, fail_on: str, exit_zero: bool = False) -> int:
    if exit_zero:
        return EXIT_OK
    threshold = SEVERITY_RANK[fail_on]
    return EXIT_FINDINGS if any(SEVERITY_RANK[f.severity] >= threshold for f in report.findings) else EXIT_OK


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"--output: cannot write {output}: {exc.strerror or exc}") from None


def _cmd_facts(args: argparse.Namespace) -> int:
    ruleset = load_rules(_rule_paths(args))
    for p in args.paths:
        if not p.exists():
            raise UsageError(f"no such file or folder: {p}")
    corpus = read_corpus(args.paths, ruleset)
    for d in corpus.diagnostics:
        print(f"factlint: {d}", file=sys.stderr)
    lines = []
    for fact in corpus.table.facts:
        if args.kind and fact.kind not in args.kind:
            continue
        row = fact_row(fact)
        if args.format == "jsonl":
            lines.append(json.dumps(row, ensure_ascii=False))
        else:
            lines.append(_fact_text(row))
    _emit("\n".join(lines) + ("\n" if lines else ""), None)
    return EXIT_OK


def _fact_text(row: dict[str, object]) -> str:
    where = f"{row['path']}:{row['line']}:{row['column']}"
    if row["kind"] == "count":
        hi = "inf" if row["high"] is None else row["high"]
        what = (f"count  {row['metric']}/{row['who']} [{row['low']}, {hi}] {row['qualifier']}"
                f" source={row['source']} cumulative={str(row['cumulative']).lower()} status={row['status']}"
                + (f" scope={row['scope']}" if row["scope"] else "") + (" part_of=" + str(row["part_of"]) if row["part_of"] else ""))
    elif row["kind"] == "date":
        what = f"date   {row['value']} ({row['start_date']}..{row['end_date']}) anchor={row['anchor']}" + (
            f" event={row['event']}" if row["event"] else "")
    else:
        what = f"name   {row['canonical'] or '-'} ({row['match']}" + (f", {row['score']}" if row["match"] == "fuzzy" else "") + ")"
    return f'{where}: {what}  "{row["text"]}"'


def _cmd_rules(args: argparse.Namespace) -> int:
    ruleset = load_rules(_rule_paths(args))
    lines = [f"{r.id:28} {r.type:15} {r.severity:8} {r.description or r.message}" for r in ruleset.rules]
    _emit("\n".join(lines) + "\n", None)
    return EXIT_OK


_COMMANDS = {"lint": _cmd_lint, "facts": _cmd_facts, "rules": _cmd_rules}
