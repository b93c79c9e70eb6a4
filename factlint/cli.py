"""The command line: one `main(argv) -> int`, one error boundary, fixed exit codes, all terminal output here.

Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 usage, configuration or input error;
130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from factlint import __version__, baseline, checks, config, fixes, formats, fsio, vcs
from factlint.cache import DEFAULT_DIR
from factlint.config import Config
from factlint.corpus import collect, display_path, escape_controls, printable
from factlint.errors import ConfigError, FactlintError, UsageError
from factlint.extract import KINDS
from factlint.formats import facts as facts_format
from factlint.fsio import atomic_write_text
from factlint.model import SEVERITIES, SEVERITY_RANK, Report
from factlint.progress import Progress
from factlint.ruleset import RuleSet, select_rules
from factlint.runner import Backend, Corpus, lint, load_rules, make_cache, read_corpus, report_context
from factlint.yamlpos import did_you_mean

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


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

    def reading(p: argparse.ArgumentParser, selecting: bool = True) -> None:
        if selecting:
            p.add_argument("--select", action="append", metavar="RULES", default=[],
                           help="run only these rules: ids, types or globs, comma-separated (repeatable)")
            p.add_argument("--ignore", action="append", metavar="RULES", default=[],
                           help="do not run these rules: ids, types or globs, comma-separated (repeatable)")
        p.add_argument("--jobs", "-j", type=_positive, metavar="N",
                       help="processes that read documents (default: the machine's cores; 1 when only names "
                            "are checked)")
        p.add_argument("--no-cache", action="store_true", help="read every document again (no fact cache)")
        p.add_argument("--cache-dir", type=Path, metavar="DIR", help="where the fact cache lives (default "
                       ".factlint_cache beside the configuration, else in the working directory)")
        p.add_argument("--scheduler", metavar="ADDRESS", help="extract and check on a Dask cluster: its scheduler "
                       "(tcp://HOST:8786), or local for worker processes here (needs the dask extra)")

    lint_p = sub.add_parser("lint", help="lint documents for contradictions")
    lint_p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: from the config, else .)")
    common(lint_p)
    reading(lint_p)
    lint_p.add_argument("--format", choices=formats.FORMAT_NAMES,
                        help="output format (default text; github on GitHub Actions)")
    lint_p.add_argument("--fail-on", choices=SEVERITIES, help="lowest severity that fails the run (default error)")
    lint_p.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    lint_p.add_argument("--output", "-o", type=Path, help="write the report to this file")
    lint_p.add_argument("--statistics", action="store_true", help="show counts per rule")
    lint_p.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    lint_p.add_argument("--focus", action="store_true",
                        help="treat PATHS as the changed files: lint the whole configured corpus, report the findings "
                             "that touch them (all findings when a rule file changed); for pre-commit")
    lint_p.add_argument("--since", metavar="GIT_REF", help="focus on the files changed since a git ref")
    lint_p.add_argument("--baseline", type=Path, metavar="FILE", help="report only findings not in this baseline")
    lint_p.add_argument("--write-baseline", type=Path, metavar="FILE", help="record today's findings as the baseline")
    lint_p.add_argument("--suppressions", type=Path, metavar="FILE",
                        help="a side file of accepted findings with reasons")
    lint_p.add_argument("--fix", action="store_true", help="rewrite non-canonical spellings of listed names in place")
    lint_p.add_argument("--diff", action="store_true", help="show what --fix would change, change nothing")

    report_p = sub.add_parser("report", help="write an HTML report (one self-contained file that opens offline)")
    report_p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: from the config, else .)")
    common(report_p)
    reading(report_p)
    report_p.add_argument("--output", "-o", type=Path, default=Path("factlint-report.html"),
                          help="the HTML file to write (default factlint-report.html)")
    report_p.add_argument("--baseline", type=Path, metavar="FILE", help="report only findings not in this baseline")
    report_p.add_argument("--suppressions", type=Path, metavar="FILE",
                          help="a side file of accepted findings with reasons")

    facts_p = sub.add_parser("facts", help="show the facts extracted from documents")
    facts_p.add_argument("paths", nargs="+", type=Path)
    common(facts_p)
    reading(facts_p, selecting=False)
    facts_p.add_argument("--format", choices=("text", "jsonl"), default="text")
    facts_p.add_argument("--kind", choices=("count", "date", "mention"), action="append")

    rules_p = sub.add_parser("rules", help="list the loaded rules")
    common(rules_p)

    explain_p = sub.add_parser("explain", help="show a rule and its type's documentation")
    explain_p.add_argument("rule", help="a rule id (or a rule type)")
    common(explain_p)

    sub.add_parser("schema", help="print the JSON Schema of rule files (for editors and CI)")

    test_p = sub.add_parser("test", help="run the rules' inline tests")
    test_p.add_argument("rules", nargs="*", type=Path, metavar="RULES",
                        help="rule files or folders (default: the rules lint would use)")
    test_p.add_argument("--config", type=Path, help="a factlint.yaml or pyproject.toml to use")

    lsp_p = sub.add_parser("lsp", help="run the language server for editors (needs the lsp extra)")
    lsp_p.add_argument("--stdio", action="store_true", help="speak over stdin/stdout (the default and only transport)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            build_parser().print_help()
            return EXIT_ERROR
        with contextlib.ExitStack() as resources:  # a Dask cluster, when the run uses one
            args.resources = resources
            return _COMMANDS[args.command](args)
    except FactlintError as exc:
        _say(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except SystemExit as exc:  # --help and --version print and stop: still an exit code, not an exception
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except RecursionError:
        _say("error: input nested too deeply")
        return EXIT_ERROR
    except Exception as exc:  # a bug in factlint: one line for the user, the traceback on request
        if os.environ.get("FACTLINT_DEBUG"):
            raise
        _say(f"internal error: {type(exc).__name__}: {exc} (set FACTLINT_DEBUG=1 for the traceback; please report it)")
        return EXIT_ERROR


def _say(message: str) -> None:
    """One line on stderr, whatever a file name or a quoted value holds (a line break, a terminal escape)."""
    print(f"factlint: {escape_controls(message)}", file=sys.stderr)


def _config(args: argparse.Namespace) -> Config:
    if args.config is not None:
        if not fsio.is_file(args.config):
            raise UsageError(f"--config: no such file: {args.config}")
        return config.load(args.config)
    found = config.find(Path.cwd())
    return config.load(found) if found else Config()


def _rule_paths(args: argparse.Namespace, cfg: Config) -> list[Path]:
    """--rules replaces the default set; else the config's rules; else ./rules; else the packaged generic set."""
    if args.rules:
        for p in args.rules:
            _check_exists(p, "--rules: ")
        return list(args.rules)
    if cfg.rules:
        for p in cfg.rules:
            if not fsio.exists(p):
                raise ConfigError(f"rules: no such file or folder: {p}", str(cfg.file))
        return cfg.rules
    default = Path("rules")
    return [default] if default.is_dir() else []


def _corpus_paths(args: argparse.Namespace, cfg: Config) -> list[Path]:
    paths = [] if args.focus else list(args.paths)
    paths = paths or cfg.paths or [Path(".")]
    for p in paths:
        _check_exists(p)
    return paths


def _check_exists(p: Path, what: str = "") -> None:
    try:
        os.stat(p)
    except FileNotFoundError:
        raise UsageError(f"{what}no such file or folder: {printable(str(p))}") from None
    except OSError as exc:  # a symbolic-link loop, a folder we may not enter
        raise UsageError(f"{what}cannot read {printable(str(p))}: {exc.strerror or exc}") from None


def _check_output(flag: str, output: Path | None, paths: list[Path], cfg: Config, rule_paths: list[Path],
                  side_files: tuple[Path | None, ...] = ()) -> None:
    """--output and --write-baseline never overwrite what the run reads: a document, a facts file, a rule file, the
    configuration, or a side file (a baseline, a suppression file)."""
    if output is None or not fsio.exists(output):
        return
    inputs = [i.path for i in collect(paths, cfg.excludes()).inputs]
    inputs += [f for p in rule_paths for f in (p.rglob("*") if fsio.is_dir(p) else [p])]
    inputs += [f for f in (cfg.file, *side_files) if f is not None]
    for p in inputs:
        with contextlib.suppress(OSError):
            if os.path.samefile(p, output):
                raise UsageError(f"{flag}: {printable(str(output))} is an input of this run; refusing to overwrite it")


def _cmd_lint(args: argparse.Namespace) -> int:
    if args.fix and args.diff:
        raise UsageError("--fix and --diff cannot be used together")
    cfg = _config(args)
    rule_paths = _rule_paths(args, cfg)
    ruleset = _selected(args, cfg, load_rules(rule_paths))
    paths = _corpus_paths(args, cfg)
    suppressions = args.suppressions or cfg.suppressions
    _check_output("--output", args.output, paths, cfg, rule_paths, (args.baseline or cfg.baseline, suppressions))
    _check_output("--write-baseline", args.write_baseline, paths, cfg, rule_paths, (suppressions,))
    corpus = _read(args, cfg, ruleset, paths, checks.kinds_needed(ruleset.rules))
    disabled = {d.path: cfg.disabled_for(d.path) for d in corpus.table.documents} if cfg.disable else None
    report = lint(corpus, ruleset, disabled, _backend(args, cfg))
    if args.write_baseline:
        baseline.write_baseline(report, args.write_baseline)
        _say(f"wrote {len(report.findings)} findings to {printable(str(args.write_baseline))}")
        args.exit_zero = True  # recording the baseline succeeded; the findings are now known
    else:
        base = args.baseline or cfg.baseline
        sup = args.suppressions or cfg.suppressions
        report = baseline.apply(
            report, baseline.read_baseline(base) if base else None,
            baseline.read_suppressions(sup) if sup and (args.suppressions or fsio.exists(sup)) else None)
    focus = _focus(args, cfg, rule_paths)
    if focus is not None:  # after the baseline, so its stale entries are judged on the whole corpus
        report = replace(report, findings=tuple(
            f for f in report.findings if f.paths & focus))
    if args.fix or args.diff:
        report = _fix(args, report, corpus, ruleset, cfg, paths)
    for d in report.diagnostics:
        _say(str(d))
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if fmt == "html":
        report = replace(report, context=report_context(corpus, ruleset))
    color = args.color == "always" or (args.color == "auto" and fmt == "text" and args.output is None
                                       and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    rendered = formats.get(fmt)(report, formats.FormatOptions(color=color, statistics=args.statistics,
                                                             root=str(Path.cwd())))
    _emit(rendered, args.output)
    return exit_code(report, args.fail_on or cfg.fail_on or "error", args.exit_zero)


def _cmd_report(args: argparse.Namespace) -> int:
    """`lint --format html --output FILE`: the same findings; exit 0 once the report is written, whatever they are."""
    for name in ("fix", "diff", "focus", "exit_zero", "statistics"):
        setattr(args, name, False)
    args.since = args.write_baseline = args.fail_on = None
    args.format, args.color = "html", "never"
    _cmd_lint(args)
    print(f"factlint: wrote {args.output}", file=sys.stderr)
    return EXIT_OK


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of processes, 1 or more, got '{text}'")
    return n


def _selected(args: argparse.Namespace, cfg: Config, ruleset: RuleSet) -> RuleSet:
    """The rules --select/--ignore (or the configuration's select/ignore) choose, before anything runs."""
    def split(values: list[str]) -> list[str]:
        return [p.strip() for v in values for p in v.split(",") if p.strip()]

    select, ignore = split(args.select) or cfg.select, split(args.ignore) + cfg.ignore
    return select_rules(ruleset, select, ignore) if select or ignore else ruleset


def _read(args: argparse.Namespace, cfg: Config, ruleset: RuleSet, paths: list[Path],
          kinds: frozenset[str] = KINDS) -> Corpus:
    """The corpus, read with the cache, processes and progress display the arguments and configuration ask for."""
    cache = None
    if not args.no_cache and cfg.cache:
        folder = args.cache_dir or cfg.cache_dir or ((cfg.file.parent if cfg.file else Path.cwd()) / DEFAULT_DIR)
        cache = make_cache(ruleset, folder)
    # names alone are read faster than their facts travel back from another process: one process, unless asked
    jobs = args.jobs or cfg.jobs or (1 if kinds == frozenset({"mention"}) else _cores())
    bar = Progress(sys.stderr) if sys.stderr.isatty() else None
    try:
        return read_corpus(paths, ruleset, cfg.excludes(), cfg.dates, cache=cache, jobs=jobs, kinds=kinds,
                           progress=bar.update if bar else None, backend=_backend(args, cfg))
    finally:
        if bar:
            bar.close()


def _backend(args: argparse.Namespace, cfg: Config) -> Backend | None:
    """The Dask cluster --scheduler (or the configuration's `scheduler`) names, connected once a run; None to run in
    this process."""
    address = args.scheduler or cfg.scheduler
    if address is None:
        return None
    if getattr(args, "backend", None) is None:
        from factlint import distributed

        args.backend = args.resources.enter_context(distributed.connect(address, args.jobs or cfg.jobs))
    backend: Backend = args.backend
    return backend


def _cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _focus(args: argparse.Namespace, cfg: Config, rule_paths: list[Path]) -> set[str] | None:
    """The displayed paths findings must touch, or None for all findings."""
    if args.since:
        changed = vcs.changed_since(args.since)
    elif args.focus:
        changed = [display_path(p) for p in args.paths]
    else:
        return None
    rule_files = {display_path(f) for p in rule_paths for f in (p.rglob("*") if fsio.is_dir(p) else [p])}
    if cfg.file is not None:
        rule_files.add(display_path(cfg.file))
    if any(c in rule_files for c in changed):
        return None  # a changed rule or config can change any finding
    return set(changed)


def _fix(args: argparse.Namespace, report: Report, corpus: Corpus, ruleset: RuleSet, cfg: Config,
         paths: list[Path]) -> Report:
    resolve = {i.shown: i.path for i in collect(paths, cfg.excludes()).inputs}
    planned = fixes.plan(report.findings, resolve)
    if args.diff:
        _emit("".join(fixes.diff(f) for f in planned), None)
        return report
    written = []
    for f in planned:
        why = fixes.write(f, resolve[f.path])
        if why is None:
            written.append(f)
        else:
            _say(f"{f.path}: warning: not fixed: {why}")
    if written:
        _say(f"fixed {sum(f.applied for f in written)} spelling(s) in {len(written)} file(s)")
        corpus = _read(args, cfg, ruleset, paths, checks.kinds_needed(ruleset.rules))
        # what is left: the findings the fixes did not resolve (no fix, or a fix in a file left as it was)
        done = {f.path for f in written}
        unfixed = {f.fingerprint for f in report.findings
                   if not f.fixes or any(x.span.path not in done for x in f.fixes)}
        report = replace(report, findings=tuple(f for f in lint(corpus, ruleset, backend=_backend(args, cfg)).findings
                                                if f.fingerprint in unfixed))
    return report


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
        atomic_write_text(output, text)
    except OSError as exc:
        raise UsageError(f"--output: cannot write {output}: {exc.strerror or exc}") from None


def _cmd_facts(args: argparse.Namespace) -> int:
    cfg = _config(args)
    ruleset = load_rules(_rule_paths(args, cfg))
    for p in args.paths:
        _check_exists(p)
    corpus = _read(args, cfg, ruleset, args.paths)
    for d in corpus.diagnostics:
        _say(str(d))
    chosen = [f for f in corpus.table.facts if not args.kind or f.kind in args.kind]
    _emit(facts_format.render(chosen, args.format), None)
    return EXIT_OK


def _cmd_rules(args: argparse.Namespace) -> int:
    ruleset = load_rules(_rule_paths(args, _config(args)))
    lines = [f"{r.id:28} {r.type:15} {r.severity:8} {r.description or r.message}" for r in ruleset.rules]
    _emit("\n".join(lines) + "\n", None)
    return EXIT_OK


def _cmd_explain(args: argparse.Namespace) -> int:
    ruleset = load_rules(_rule_paths(args, _config(args)))
    rules = {r.id: r for r in ruleset.rules}
    if args.rule in rules:
        r = rules[args.rule]
        head = [f"{r.id}  ({r.type}, {r.severity})", f"defined at {r.origin}"]
        if r.description:
            head.append(r.description)
        head.append(f"message: {r.message}")
        doc = checks.get(r.type).__doc__ or ""
    elif args.rule in checks.names():
        head, doc = [f"rule type {args.rule}"], checks.get(args.rule).__doc__ or ""
    else:
        known = list(rules) + checks.names()
        raise UsageError(f"no rule or rule type '{args.rule}'{did_you_mean(args.rule, known)}")
    _emit("\n".join(head) + "\n\n" + textwrap.dedent(doc).strip() + "\n", None)
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from factlint import schema

    _emit(schema.render(), None)
    return EXIT_OK


def _cmd_test(args: argparse.Namespace) -> int:
    from factlint import ruletests

    for p in args.rules:
        _check_exists(p, "rule file: ")
    results = ruletests.run_all(_rule_paths(args, _config(args)))
    _emit(ruletests.render(results), None)
    return EXIT_OK if all(r.passed for r in results) else EXIT_FINDINGS


def _cmd_lsp(args: argparse.Namespace) -> int:
    from factlint import lsp

    lsp.serve()
    return EXIT_OK


_COMMANDS = {"lint": _cmd_lint, "report": _cmd_report, "facts": _cmd_facts, "rules": _cmd_rules,
             "explain": _cmd_explain, "schema": _cmd_schema, "test": _cmd_test, "lsp": _cmd_lsp}
