"""The JSON Schema of rule files, built from the loader's own tables so that the two cannot drift apart.

`factlint schema` prints it; `factlint/data/rules.schema.json` is the shipped copy (a test keeps it equal to this).
An editor with yaml-language-server validates and completes a rule file that starts with

    # yaml-language-server: $schema=<path or URL of rules.schema.json>

It is draft-07, the newest draft yaml-language-server fully supports. Every mapping the loader closes is closed here
(`additionalProperties: false`); a rule's own keys come from its type, through `if type is T then rule-T`. The shape
of a type's keys is its module's `SCHEMA` (key -> JSON Schema, which may use the shared definitions below:
`severity`, `strings`, `KIND-selector`, `KIND-fields`, `any-selector`, `any-fields`, `any-field`). Constraints between
keys (a sum needs `parts` and `total`, a subset's `part` goes with `whole`, an agreement's `kind` decides its fields)
are left to the loader, which reports them with file, line and column.
"""

from __future__ import annotations

import json
from typing import Any

from factlint import checks, factfiles, ruleset, ruletest_spec
from factlint import lexicon as lexmod
from factlint.checks.common import FIELDS
from factlint.corpus import TEXT_SUFFIXES
from factlint.model import SEVERITIES

DRAFT = "http://json-schema.org/draft-07/schema#"
# Required keys: the loader names these in its calls; tests/test_schema.py checks each against the loader.
RULE_REQUIRED = ruleset.RULE_REQUIRED
ENTITY_REQUIRED = ruleset.ENTITY_REQUIRED
EVENT_REQUIRED = ruleset.EVENT_REQUIRED

Schema = dict[str, Any]


def _ref(name: str, description: str | None = None) -> Schema:
    # draft-07 ignores the siblings of "$ref", so a described reference goes through allOf
    if description is None:
        return {"$ref": f"#/definitions/{name}"}
    return {"description": description, "allOf": [{"$ref": f"#/definitions/{name}"}]}


def _closed(properties: dict[str, Schema], required: tuple[str, ...] = (), **extra: Any) -> Schema:
    out: Schema = {"type": "object", **extra, "properties": properties, "additionalProperties": False}
    if required:
        out["required"] = list(required)
    return out


def _keys(names: tuple[str, ...], shapes: dict[str, Schema]) -> dict[str, Schema]:
    """The loader's keys, in its order, with their shapes: a key the loader gains is open here until given one."""
    return {k: shapes.get(k, {}) for k in names}


def _described(spec: Schema) -> Schema:
    """A check module's key schema, made draft-07-safe."""
    if "$ref" in spec and len(spec) > 1:
        rest = {k: v for k, v in spec.items() if k != "$ref"}
        return {**rest, "allOf": [{"$ref": spec["$ref"]}]}
    return dict(spec)


def _first_line(doc: str | None) -> str:
    lines = (doc or "").strip().splitlines()
    return lines[0] if lines else ""


def _shared() -> dict[str, Schema]:
    scalar = {"type": ["string", "number", "boolean", "null"]}
    condition = {"anyOf": [scalar, {"type": "array", "items": scalar}],
                 "description": "the value, or a list of values, the field must have"}
    every = sorted({f for fields in FIELDS.values() for f in fields})
    out: dict[str, Schema] = {
        "severity": {"enum": list(SEVERITIES)},
        "text": {"type": "string", "pattern": r"\S"},
        "strings": {"anyOf": [{"type": "string"}, {"type": "array", "items": _ref("text")}]},
        "id": {"type": "string", "pattern": ruleset.ID_PATTERN.pattern},
    }
    for kind, fields in [*FIELDS.items(), ("any", tuple(every))]:
        out[f"{kind}-selector"] = _closed({f: condition for f in fields},
                                          description=f"conditions on {kind} fields, all of which must hold")
        out[f"{kind}-fields"] = {"anyOf": [{"enum": list(fields)}, {"type": "array", "items": {"enum": list(fields)}}]}
    out["any-field"] = {"enum": every}
    return out


def _lexicon() -> Schema:
    props: dict[str, Schema] = {}
    for key in lexmod.LEXICON_KEYS:
        if key == "metrics":
            metric = _closed({k: {} for k in lexmod.METRIC_KEYS})
            props[key] = {"type": "object", "additionalProperties": metric, "description": "metric -> its phrases"}
        elif key in lexmod.MAPPING_KEYS:
            props[key] = {"type": "object"}
        else:
            props[key] = {"type": "array", "description": "phrases, appended to the built-in ones"}
    return _closed(props, description="additions to the extraction lexicon (lists append, mappings merge)")


def _facts_file() -> Schema:
    def fact(fields: tuple[str, ...]) -> Schema:
        return {"type": "array", "items": _closed({f: {} for f in fields})}

    return _closed(_keys(factfiles.TOP, {
        "document": {"type": "string", "description": "the text the facts were read from, relative to this file"},
        "published": {"description": "the document's publication date (YYYY-MM-DD)"},
        "counts": fact(factfiles.COUNT_FIELDS), "dates": fact(factfiles.DATE_FIELDS),
        "mentions": fact(factfiles.MENTION_FIELDS), "note": {},
    }), description="a facts file (see factlint/factfiles.py)")


def _tests() -> Schema:
    suffix = "|".join("".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in s[1:]) for s in TEXT_SUFFIXES)
    facts_suffix = "|".join(s.replace(".", r"\.") for s in ruletest_spec.FACTS_SUFFIXES)
    expectation = _closed({
        "paths": _ref("strings", "the finding's evidence paths (as a set)"),
        "severity": _ref("severity"),
        "values": {"type": "object", "description": "a subset of the finding's values"},
    }, description="a finding of this rule that must occur")
    test = _closed({
        "name": _ref("text", "what the case shows"),
        "documents": {"type": "object", "additionalProperties": _ref("text"),
                      "propertyNames": {"pattern": rf"\.(?:{suffix})$"},
                      "description": "document path -> its text (front matter allowed)"},
        "facts": {"type": "object", "additionalProperties": _ref("facts-file"),
                  "propertyNames": {"pattern": rf"(?:{facts_suffix})$"},
                  "description": "facts file path -> its content"},
        "expect": {"type": "array", "minItems": 1, "items": expectation,
                   "description": "every finding of this rule, each matched by one of these"},
        "expect_none": {"type": "boolean", "description": "true: this rule finds nothing here"},
    }, description="a small corpus and what this rule finds in it")
    test["allOf"] = [{"anyOf": [{"required": ["documents"]}, {"required": ["facts"]}]},
                     {"anyOf": [{"required": ["expect"]}, {"required": ["expect_none"]}]}]
    return {"type": "array", "items": test, "description": "inline tests, run by `factlint test`"}


_OVERRIDE: Schema = {"type": "boolean",
                     "description": "true: replace an earlier definition with the same id (a built-in one, say)"}


def _rule_common(type_: Schema) -> dict[str, Schema]:
    return _keys(ruleset.RULE_KEYS, {
        "id": _ref("id", "the rule's id (lower-case letters, digits, '-', '_', '.')"),
        "type": type_,
        "severity": _ref("severity", "error | warning | info"),
        "message": _ref("text", "the message template; {name} is filled from the finding's values"),
        "description": _ref("text", "what the rule checks, for `factlint rules`"),
        "tests": _ref("tests", "inline tests: small corpora and the findings this rule must produce"),
        "override": _OVERRIDE,
    })


def _rules(definitions: dict[str, Schema]) -> Schema:
    names = checks.names()
    summaries = [_first_line(checks.get(n).__doc__) for n in names]
    for name, summary in zip(names, summaries):
        module = checks.get(name)
        own: dict[str, Schema] = dict(getattr(module, "SCHEMA", {}))
        keys = {k: _described(own.get(k, {"description": f"a key of the {name} rule type"})) for k in module.KEYS}
        definitions[f"rule-{name}"] = _closed(
            {**_rule_common({"const": name, "description": summary}), **keys},
            RULE_REQUIRED, description=summary)
    # The common keys are only described here, for completion before a type is chosen; the rule-TYPE branch
    # validates them, so that an error is reported once.
    hints = {k: {"description": v["description"]} for k, v in _rule_common({}).items() if k != "type"}
    kinds = {"enum": names, "enumDescriptions": summaries, "description": "the rule type (see `factlint explain TYPE`)"}
    return {
        "type": "object",
        "required": list(RULE_REQUIRED),
        "properties": {"type": kinds, **hints},
        "allOf": [{"if": {"properties": {"type": {"const": n}}, "required": ["type"]}, "then": _ref(f"rule-{n}")}
                  for n in names],
    }


def _gazetteer() -> dict[str, Schema]:
    entity = _closed(_keys(ruleset.ENTITY_KEYS, {
        "id": _ref("id"), "name": _ref("text", "the canonical spelling"),
        "type": {"enum": list(ruleset.ENTITY_TYPES)}, "aliases": _ref("strings", "other accepted spellings"),
        "speaks_for": _ref("id", "the organisation this person or office speaks for: its figures are that "
                                 "organisation's"),
        "part_of": _ref("id", "the larger place or body this one is part of"),
        "override": _OVERRIDE,
    }), ENTITY_REQUIRED)
    event = _closed(_keys(ruleset.EVENT_KEYS, {
        "id": _ref("id"), "name": _ref("text"),
        "triggers": _ref("strings", "regular expressions (case-insensitive) that mention the event"),
        "window": {"type": "integer", "minimum": 1, "description": "words between a trigger and its date"},
        "override": _OVERRIDE,
    }), EVENT_REQUIRED)
    return {"entities": {"type": "array", "items": entity, "description": "the gazetteer"},
            "events": {"type": "array", "items": event, "description": "the events the articles date"}}


def build() -> Schema:
    definitions = _shared()
    definitions["tests"] = _tests()
    definitions["facts-file"] = _facts_file()
    definitions["rule"] = _rules(definitions)
    top = _keys(ruleset.TOP_KEYS, {
        "factlint": {"type": "string", "description": "the factlint versions this file needs, e.g. \">=0.1\""},
        "extends": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
                    "description": "rule files to load first: builtin:NAME or a path relative to this file"},
        "lexicon": _lexicon(),
        **_gazetteer(),
        "rules": {"type": "array", "items": _ref("rule"), "description": "the checks"},
    })
    return {
        "$schema": DRAFT,
        "title": "factlint rule file",
        "description": "Rules, gazetteer, events and lexicon for factlint (see `factlint explain TYPE`).",
        **_closed(top, ("factlint",)),
        "definitions": definitions,
    }


def render() -> str:
    return json.dumps(build(), indent=2, ensure_ascii=False) + "\n"
