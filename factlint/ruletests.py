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
from dataclasses import dataclass, replace
from pathlib import Path

from factlint.errors import ConfigError
from factlint.model import Finding, Rule
from factlint.ruleset import BUILTIN_DIR, RuleSet, load_ruleset
from factlint.ruletest_spec import Expectation, RuleTest, normal, parse_tests
from factlint.runner import lint, load_rules, read_corpus


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
    return out + _subset(exp.values, normal(dict(f.values)), "values")


def _subset(want: object, have: object, path: str) -> list[str]:
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


def _json(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _show(f: Finding, brief: bool = False) -> str:
    head = f"{f.severity} {_json(list(_paths(f)))}"
    if brief:
        return head
    values = _json(normal(dict(f.values)))
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
