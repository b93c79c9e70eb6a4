"""Inline rule tests: a rule's `tests:` are small corpora with the findings the rule must (or must not) produce.

    tests:
      - name: a later, lower toll from the same monitor
        documents:                    # path -> text, one document each (front matter gives the date)
          a.txt: "---\\ndate: 2024-03-02\\n---\\nThe death toll has risen to at least 80, the agency said."
          b.txt: "---\\ndate: 2024-03-04\\n---\\nThe quake has killed 61 people so far, the agency said."
        facts:                        # path -> a facts file (factlint/factfiles.py); names end in .facts.yaml
          c.facts.yaml: {published: "2024-03-05", counts: [{text: "70 people", metric: killed, low: 70}]}
        expect:                       # the findings of this rule, each matched by one of these
          - {paths: [a.txt, b.txt], severity: error, values: {kind: decrease}}
      - name: a rising toll is fine
        documents: {...}
        expect_none: true             # this rule finds nothing here

An expectation matches a finding of the rule when each key it gives agrees: `paths` with the sorted set of the
finding's evidence paths, `severity`, and `values` as a subset of the finding's values (mappings compared key by key).
A test passes when every expectation matches a finding and every finding matches an expectation. A rule passes when
it has a test with `expect` (one that makes it fire) and all its tests pass.

Each test runs in a new temporary folder through the real pipeline (`read_corpus` + `lint`), with the rule set of the
file the rule is defined in: its gazetteer, events and lexicon, and whatever that file extends.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from factlint.corpus import TEXT_SUFFIXES, is_document
from factlint.errors import ConfigError
from factlint.model import SEVERITIES, Finding
from factlint.ruleset import BUILTIN_DIR, Rule, RuleSet, load_ruleset
from factlint.runner import lint, load_rules, read_corpus
from factlint.yamlpos import Node, describe, expect_bool, expect_list, expect_mapping, expect_str, expect_str_list

TEST_KEYS = ("name", "documents", "facts", "expect", "expect_none")
EXPECT_KEYS = ("paths", "severity", "values")
FACTS_SUFFIXES = (".facts.yaml", ".facts.yml")


@dataclass(frozen=True)
class Expectation:
    paths: tuple[str, ...] | None
    severity: str | None
    values: dict[str, Any]  # JSON-normal, compared as a subset
    where: str


@dataclass(frozen=True)
class RuleTest:
    name: str
    where: str  # file:line:col of the test in its rule file
    files: tuple[tuple[str, str], ...]  # relative path -> text (documents and facts files)
    expect: tuple[Expectation, ...]  # empty: the rule must find nothing
    node: Node = field(compare=False, repr=False)


@dataclass(frozen=True)
class Outcome:
    test: RuleTest
    problems: tuple[str, ...]


@dataclass(frozen=True)
class RuleResult:
    rule: str
    origin: str
    outcomes: tuple[Outcome, ...]

    @property
    def problems(self) -> list[str]:
        out = [f"{o.test.where}: {o.test.name}: {p}" for o in self.outcomes for p in o.problems]
        if not any(o.test.expect for o in self.outcomes):
            out.append("no test makes this rule fire: add a test with `expect`")
        return out

    @property
    def passed(self) -> bool:
        return not self.problems


# --- the format ---------------------------------------------------------------------------------------------------

def parse_tests(node: Node | None) -> tuple[RuleTest, ...]:
    """A rule's `tests:`, validated; errors name file, line, column and key path."""
    if node is None:
        return ()
    return tuple(_test(item, i) for i, item in enumerate(expect_list(node)))


def _where(node: Node) -> str:
    return f"{node.file}:{node.line}:{node.column}"


def _test(node: Node, index: int) -> RuleTest:
    keys = expect_mapping(node, TEST_KEYS)
    name = expect_str(keys["name"]) if "name" in keys else f"test {index + 1}"
    files = _files(keys.get("documents"), facts=False) + _files(keys.get("facts"), facts=True)
    if not files:
        raise node.error("a test needs `documents` or `facts` (the corpus it runs on)")
    expect = tuple(_expectation(e) for e in expect_list(keys["expect"])) if "expect" in keys else ()
    if "expect" in keys and not expect:
        raise keys["expect"].error("expected at least one finding here; for none, write `expect_none: true`")
    none = expect_bool(keys["expect_none"]) if "expect_none" in keys else False
    if none and expect:
        raise node.error("`expect` and `expect_none: true` contradict each other", "expect_none")
    if not none and not expect:
        raise node.error("a test needs `expect` (the findings that must occur) or `expect_none: true`")
    return RuleTest(name, _where(node), files, expect, node)


def _files(node: Node | None, facts: bool) -> tuple[tuple[str, str], ...]:
    if node is None:
        return ()
    what = "facts file name -> its mapping" if facts else "document name -> its text"
    if not isinstance(node.value, dict):
        raise node.error(f"expected a mapping ({what}), got {describe(node.value)}")
    out: list[tuple[str, str]] = []
    for name, child in node.value.items():
        parts = PurePosixPath(name).parts
        if not name.strip() or name.startswith("/") or "\\" in name or ".." in parts \
                or any(p.startswith(".") for p in parts[:-1]):  # the corpus reader skips hidden folders
            raise node.error("expected a path relative to the test's folder, without '..' or hidden folders", name)
        if facts:
            if not name.endswith(FACTS_SUFFIXES):
                raise node.error(f"a facts file name ends in {' or '.join(FACTS_SUFFIXES)}", name)
            if not isinstance(child.value, dict):
                raise child.error(f"expected a mapping (a facts file), got {describe(child.value)}")
            out.append((name, yaml.safe_dump(child.plain(), sort_keys=False, allow_unicode=True)))
        else:
            if not is_document(Path(name)):
                raise node.error(f"a document name ends in {', '.join(TEXT_SUFFIXES)}", name)
            out.append((name, expect_str(child)))
    return tuple(out)


def _expectation(node: Node) -> Expectation:
    keys = expect_mapping(node, EXPECT_KEYS)
    paths = tuple(sorted(set(expect_str_list(keys["paths"])))) if "paths" in keys else None
    severity = expect_str(keys["severity"], SEVERITIES) if "severity" in keys else None
    values: dict[str, Any] = {}
    if "values" in keys:
        given = keys["values"]
        if not isinstance(given.value, dict):
            raise given.error(f"expected a mapping (value name -> value), got {describe(given.value)}")
        values = _normal(given.plain())
    return Expectation(paths, severity, values, _where(node))


# --- running ------------------------------------------------------------------------------------------------------

def run_all(paths: list[Path]) -> list[RuleResult]:
    """Test every rule that `factlint lint` would run with these rule paths. Malformed tests raise ConfigError
    before any test runs."""
    combined = load_rules(paths)
    parsed = [(rule, parse_tests(rule.tests)) for rule in combined.rules]
    own: dict[str, RuleSet] = {}
    results: list[RuleResult] = []
    for rule, tests in parsed:
        file = rule.origin.rsplit(":", 1)[0]
        if file not in own:
            own[file] = load_ruleset([(_source(file), file)])
        ruleset = own[file]
        mine = next((r for r in ruleset.rules if r.id == rule.id), rule)
        results.append(RuleResult(rule.id, rule.origin, tuple(run_test(mine, ruleset, t) for t in tests)))
    return results


def _source(display: str) -> Path:
    """The file behind a rule file's display name (`builtin:NAME` or a path)."""
    if display.startswith("builtin:"):
        return BUILTIN_DIR / f"{display.split(':', 1)[1]}.yaml"
    return Path(display)


def run_test(rule: Rule, ruleset: RuleSet, test: RuleTest) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="factlint-test-") as tmp:
        root = Path(tmp)
        for name, text in test.files:
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        try:
            corpus = read_corpus([root], ruleset, root=root)
        except ConfigError as exc:  # a bad inline facts file: point at it in the rule file, not at the copy
            facts = test.node.value.get("facts")
            at = facts.value.get(exc.path, test.node) if facts is not None else test.node
            raise at.error(exc.message) from None
        report = lint(corpus, replace(ruleset, rules=(rule,)))
    findings = [f for f in report.findings if f.rule == rule.id]
    return Outcome(test, tuple(compare(test.expect, findings)))


def compare(expect: tuple[Expectation, ...], findings: list[Finding]) -> list[str]:
    """What is wrong, or nothing: every expectation matches a finding and every finding an expectation."""
    if not expect:
        return [f"expected no finding, got {_show(f)}" for f in findings]
    problems: list[str] = []
    for exp in expect:
        misses = [_mismatch(exp, f) for f in findings]
        if all(misses):
            got = "; ".join(f"{_show(f, brief=True)} ({', '.join(m)})" for f, m in zip(findings, misses))
            problems.append(f"expected {_show_expected(exp)} (at {exp.where}); got {got or 'no finding'}")
    if problems:  # they already show every finding and how it differs
        return problems
    return [f"unexpected {_show(f)}" for f in findings if all(_mismatch(exp, f) for exp in expect)]


def _mismatch(exp: Expectation, f: Finding) -> list[str]:
    out: list[str] = []
    paths = _paths(f)
    if exp.paths is not None and exp.paths != paths:
        out.append(f"paths {_json(list(paths))}")
    if exp.severity is not None and exp.severity != f.severity:
        out.append(f"severity {f.severity}")
    return out + _subset(exp.values, _normal(dict(f.values)), "values")


def _subset(want: Any, have: Any, path: str) -> list[str]:
    if isinstance(want, dict) and isinstance(have, dict):
        out: list[str] = []
        for key, value in want.items():
            if key not in have:
                out.append(f"no {path}.{key}")
            else:
                out.extend(_subset(value, have[key], f"{path}.{key}"))
        return out
    return [] if _json(want) == _json(have) else [f"{path} {_json(have)}"]


def _paths(f: Finding) -> tuple[str, ...]:
    return tuple(sorted({ev.span.path for ev in f.evidence}))


def _normal(value: Any) -> Any:
    """JSON-shaped: tuples become lists, dates strings, so YAML expectations compare with finding values."""
    return json.loads(json.dumps(value, default=str))


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _show(f: Finding, brief: bool = False) -> str:
    head = f"{f.severity} {_json(list(_paths(f)))}"
    if brief:
        return head
    values = _json(_normal(dict(f.values)))
    return f'{head} "{f.message}" values={values if len(values) <= 300 else values[:297] + "..."}'


def _show_expected(exp: Expectation) -> str:
    parts = [f"paths {_json(list(exp.paths))}"] if exp.paths is not None else []
    parts += [f"severity {exp.severity}"] if exp.severity else []
    parts += [f"values {_json(exp.values)}"] if exp.values else []
    return "a finding with " + ", ".join(parts) if parts else "a finding"


# --- the report ---------------------------------------------------------------------------------------------------

def render(results: list[RuleResult]) -> str:
    lines: list[str] = []
    for r in results:
        n = len(r.outcomes)
        lines.append(f"{'PASS' if r.passed else 'FAIL'} {r.rule} ({n} test{'' if n == 1 else 's'}, {r.origin})")
        lines.extend(f"  {p}" for p in r.problems)
    failed = sum(not r.passed for r in results)
    lines.append(f"{len(results)} rule{'' if len(results) == 1 else 's'}: {len(results) - failed} passed, "
                 f"{failed} failed")
    return "\n".join(lines) + "\n"
