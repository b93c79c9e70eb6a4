"""Inline rule tests, the format: a rule's `tests:` parsed and validated (the rule loader checks them at load time;
`factlint.ruletests` runs them). The format is documented in `factlint/ruletests.py`."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from factlint.corpus import TEXT_SUFFIXES, is_document
from factlint.model import SEVERITIES
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
        values = normal(given.plain())
    return Expectation(paths, severity, values, _where(node))


def normal(value: Any) -> Any:
    """JSON-shaped: tuples become lists, dates strings, so YAML expectations compare with finding values."""
    return json.loads(json.dumps(value, default=str))
