"""The JSON Schema of rule files: shipped copy up to date, shipped rule files valid, and the schema refusing what the
loader refuses (unknown keys, bad severities, unknown types, missing required keys), so editors flag what a run would.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from factlint import checks, schema
from factlint.errors import ConfigError
from factlint.ruleset import RULE_KEYS, load_ruleset

SHIPPED = ROOT / "factlint" / "data" / "rules.schema.json"
RULE_FILES = sorted([*(ROOT / "rules").glob("*.yaml"), *(ROOT / "factlint" / "data").glob("*.yaml")])

# The smallest valid rule of each type (a sum needs its parts and total). A new type adds its line here.
MINIMAL: dict[str, dict[str, Any]] = {
    "monotonic": {},
    "subset": {},
    "sum": {"parts": [{"who": "troops"}, {"who": "rebels"}], "total": {"who": "people"}},
    "agreement": {},
    "canonical-name": {},
    "undated": {},
}


class _JsonLikeLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it: an unquoted 2024-11-30 stays a string."""


_JsonLikeLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    built = schema.build()
    jsonschema.Draft7Validator.check_schema(built)
    return jsonschema.Draft7Validator(built)


def base_file(rtype: str = "monotonic", **rule: Any) -> dict[str, Any]:
    return {
        "factlint": ">=0.1",
        "entities": [{"id": "sohr", "name": "Syrian Observatory", "type": "organization", "aliases": ["SOHR"]}],
        "events": [{"id": "launch", "name": "the launch", "triggers": ["launched"], "window": 8}],
        "rules": [{"id": "r", "type": rtype, "severity": "error", "message": "m", **MINIMAL[rtype], **rule}],
    }


def loader_accepts(doc: dict[str, Any], tmp: Path) -> bool:
    path = tmp / "rules.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    try:
        load_ruleset([(path, "rules.yaml")])
    except ConfigError:
        return False
    return True


def schema_accepts(validator: jsonschema.Draft7Validator, doc: dict[str, Any]) -> bool:
    return validator.is_valid(json.loads(json.dumps(doc)))


# --- the shipped schema ---------------------------------------------------------------------------------------------

def test_the_shipped_schema_is_the_generated_one() -> None:
    assert SHIPPED.read_text(encoding="utf-8") == schema.render(), \
        "stale: run `factlint schema > factlint/data/rules.schema.json`"


def test_factlint_schema_prints_the_shipped_schema(run):  # type: ignore[no-untyped-def]
    r = run("schema")
    assert r.code == 0, r.err
    assert json.loads(r.out) == json.loads(SHIPPED.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.name)
def test_every_shipped_rule_file_validates(validator: jsonschema.Draft7Validator, path: Path) -> None:
    doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_JsonLikeLoader)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]
    assert not errors


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_every_reference_resolves() -> None:
    built = schema.build()
    for ref in set(_refs(built)):
        assert ref.startswith("#/definitions/") and ref.split("/")[-1] in built["definitions"], ref


@pytest.mark.parametrize("rtype", checks.names())
def test_each_rule_type_describes_its_own_keys(rtype: str) -> None:
    module = checks.get(rtype)
    assert set(getattr(module, "SCHEMA", {})) == set(module.KEYS)
    definition = schema.build()["definitions"][f"rule-{rtype}"]
    assert set(definition["properties"]) == set(RULE_KEYS) | set(module.KEYS)
    assert definition["description"] == (module.__doc__ or "").strip().splitlines()[0]
    assert definition["additionalProperties"] is False


def test_every_rule_type_has_a_minimal_example() -> None:
    assert set(MINIMAL) == set(checks.names())


# --- agreement with the loader --------------------------------------------------------------------------------------

@pytest.mark.parametrize("rtype", checks.names())
def test_a_minimal_rule_of_each_type_is_accepted_by_both(validator, tmp_path, rtype):  # type: ignore[no-untyped-def]
    doc = base_file(rtype)
    assert loader_accepts(doc, tmp_path) and schema_accepts(validator, doc)


def _without(doc: dict[str, Any], where: str, key: str) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    target = out if where == "top" else out[where][0]
    del target[key]
    return out


REQUIRED = [("top", "factlint"), *(("rules", k) for k in schema.RULE_REQUIRED),
            *(("entities", k) for k in schema.ENTITY_REQUIRED), *(("events", k) for k in schema.EVENT_REQUIRED)]


@pytest.mark.parametrize("where,key", REQUIRED)
def test_a_missing_required_key_is_refused_by_both(validator, tmp_path, where, key):  # type: ignore[no-untyped-def]
    doc = _without(base_file(), where, key)
    assert not loader_accepts(doc, tmp_path)
    assert not schema_accepts(validator, doc)


def _set(path: str, value: Any) -> Any:
    """A base file with one change at a dotted path (`rules.0.severity`)."""
    doc = base_file("sum") if path.startswith("rules.0.parts") else base_file()
    *parents, last = path.split(".")
    target: Any = doc
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target.setdefault(part, {})
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return doc


REFUSED = {
    "unknown top-level key": ("gazeteer", []),
    "unknown rule key": ("rules.0.serverity", "error"),
    "another type's key": ("rules.0.part", {"who": "civilians"}),
    "bad severity": ("rules.0.severity", "fatal"),
    "unknown rule type": ("rules.0.type", "monotonous"),
    "bad drop severity": ("rules.0.drop_severity", "critical"),
    "unknown selector field": ("rules.0.where", {"sauce": "SOHR"}),
    "unknown group field": ("rules.0.group_by", ["metric", "wh"]),
    "unknown field in a sum part": ("rules.0.parts.1", {"whom": "rebels"}),
    "bad id": ("rules.0.id", "Toll Rule"),
    "empty message": ("rules.0.message", ""),
    "unknown entity key": ("entities.0.alias", ["HTS"]),
    "bad entity type": ("entities.0.type", "organisation"),
    "unknown event key": ("events.0.trigger", ["launched"]),
    "window below 1": ("events.0.window", 0),
    "unknown lexicon key": ("lexicon.metric", {}),
    "unknown metric key": ("lexicon.metrics", {"killed": {"noun": ["deaths"]}}),
    "lexicon list as mapping": ("lexicon.who", ["civilians"]),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_what_the_loader_refuses_the_schema_refuses(validator, tmp_path, case):  # type: ignore[no-untyped-def]
    doc = _set(*REFUSED[case])
    assert not loader_accepts(doc, tmp_path)
    assert not schema_accepts(validator, doc)


ACCEPTED = {
    "metric as a string": ("rules.0.metric", "killed"),
    "metric as a list": ("rules.0.metric", ["killed", "wounded"]),
    "selector with a list": ("rules.0.where", {"source": ["SOHR", "AFP"], "cumulative": True}),
    "extends as a string": ("extends", "builtin:generic"),
    "triggers as a string": ("events.0.triggers", "launched"),
    "lexicon additions": ("lexicon", {"who": {"troops": ["conscripts"]}, "source_verbs": ["briefed"]}),
    "a described rule": ("rules.0.description", "what it checks"),
}


@pytest.mark.parametrize("case", sorted(ACCEPTED))
def test_what_the_loader_accepts_the_schema_accepts(validator, tmp_path, case):  # type: ignore[no-untyped-def]
    doc = _set(*ACCEPTED[case])
    assert loader_accepts(doc, tmp_path)
    assert schema_accepts(validator, doc)


@settings(max_examples=60, deadline=None)
@given(rtype=st.sampled_from(checks.names()), key=st.from_regex(r"[a-z][a-z_]{0,12}", fullmatch=True))
def test_any_other_rule_key_is_refused_by_both(validator, tmp_path_factory, rtype, key):  # type: ignore[no-untyped-def]
    known = set(RULE_KEYS) | set(checks.get(rtype).KEYS)
    doc = base_file(rtype)
    if key not in known:  # a known key's value shape is the loader's business; any other key is refused
        doc["rules"][0][key] = "x"
        assert not loader_accepts(doc, tmp_path_factory.mktemp("k"))
        assert not schema_accepts(validator, doc)


# --- inline tests in the schema -------------------------------------------------------------------------------------

TESTS = {
    "unknown test key": ({"name": "t", "document": {"a.txt": "x"}, "expect_none": True}, False),
    "no expectation": ({"documents": {"a.txt": "x"}}, False),
    "no corpus": ({"expect_none": True}, False),
    "a document without a text suffix": ({"documents": {"a.yaml": "x"}, "expect_none": True}, False),
    "unknown expectation key": ({"documents": {"a.txt": "x"}, "expect": [{"path": ["a.txt"]}]}, False),
    "unknown facts field": ({"facts": {"a.facts.yaml": {"counts": [{"lo": 1}]}}, "expect_none": True}, False),
    "a good test": ({"documents": {"a.txt": "x"}, "expect": [{"paths": "a.txt", "severity": "warning",
                                                            "values": {"kind": "decrease"}}]}, True),
    "a facts test": ({"facts": {"a.facts.yml": {"published": "2024-01-01", "counts": []}}, "expect_none": True}, True),
}


@pytest.mark.parametrize("case", sorted(TESTS))
def test_inline_tests_are_checked_by_the_schema(validator, case):  # type: ignore[no-untyped-def]
    test, ok = TESTS[case]
    assert schema_accepts(validator, base_file(tests=[test])) is ok
