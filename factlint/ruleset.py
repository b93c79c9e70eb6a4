"""Rule files: load, validate (with file:line:col and key paths), compile once.

A rule file is YAML with these top-level keys, all optional but `factlint`:

    factlint: ">=0.1"            # the factlint versions this file needs; checked before anything else
    extends: [builtin:generic]   # other rule files to load first (builtin:NAME or a path relative to this file)
    lexicon: {...}               # additions to the extraction lexicon
    entities: [...]              # the gazetteer: {id, name, type, aliases}
    events: [...]                # events to date: {id, name, triggers: [regex, ...], window}
    rules: [...]                 # checks: {id, type, severity, message, description, tests, <type keys>}
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factlint import __version__, checks
from factlint import lexicon as lexmod
from factlint.errors import ConfigError
from factlint.model import SEVERITIES, Entity, Event, Rule, RuleMeta
from factlint.ruletest_spec import parse_tests
from factlint.yamlpos import (
    Node,
    did_you_mean,
    expect_int,
    expect_list,
    expect_mapping,
    expect_str,
    expect_str_list,
    load_file,
)

BUILTIN_DIR = Path(__file__).parent / "data"
TOP_KEYS = ("factlint", "extends", "lexicon", "entities", "events", "rules")
RULE_KEYS = ("id", "type", "severity", "message", "description", "tests")
ENTITY_KEYS = ("id", "name", "type", "aliases")
EVENT_KEYS = ("id", "name", "triggers", "window")
ENTITY_TYPES = ("person", "organization", "place", "group", "other")
RULE_REQUIRED = ("id", "type", "severity", "message")
ENTITY_REQUIRED = ("id", "name")
EVENT_REQUIRED = ("id", "triggers")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    entities: tuple[Entity, ...]
    events: tuple[Event, ...]
    lexicon: lexmod.Lexicon
    files: tuple[str, ...] = field(default=())


def check_version(spec: str, node: Node, version: str = __version__) -> None:
    have = _vtuple(version)
    for clause in spec.split(","):
        m = re.fullmatch(r"\s*(>=|<=|==|!=|>|<|~=)?\s*(\d+(?:\.\d+)*)(\.\*)?\s*", clause)
        if not m:
            raise node.error(f"'{spec}' is not a version requirement (try \">=0.1\")")
        op, want, star = m.group(1) or "==", _vtuple(m.group(2)), m.group(3)
        if star:
            ok = have[: len(want)] == want if op == "==" else have[: len(want)] != want
        else:
            n = max(len(have), len(want))
            a, b = have + (0,) * (n - len(have)), want + (0,) * (n - len(want))
            ok = {">=": a >= b, "<=": a <= b, "==": a == b, "!=": a != b, ">": a > b, "<": a < b,
                  "~=": a >= b and a[: len(want) - 1] == b[: len(want) - 1]}[op]
        if not ok:
            raise node.error(f"this file needs factlint {spec}, but this is factlint {version}")


def _vtuple(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", v))


class _Loader:
    def __init__(self) -> None:
        self.seen: set[Path] = set()
        self.files: list[str] = []
        self.lexicon: dict[str, Any] = {}
        self.entities: dict[str, tuple[Entity, Node]] = {}
        self.events: dict[str, Event] = {}
        self.rules: dict[str, Rule] = {}

    def load(self, path: Path, display: str) -> None:
        real = path.resolve()
        if real in self.seen:
            return
        self.seen.add(real)
        root = load_file(str(path), display)
        if root is None:
            raise ConfigError("empty rule file; it needs at least `factlint: \">=0.1\"`", display)
        top = expect_mapping(root, TOP_KEYS, required=("factlint",))
        check_version(expect_str(top["factlint"]), top["factlint"])  # first: a newer file may use unknown keys
        self.files.append(display)
        if "extends" in top:
            for item in expect_list(top["extends"]) if isinstance(top["extends"].value, list) else [top["extends"]]:
                self.load(*self._resolve(expect_str(item), path, item))
        if "lexicon" in top:
            lexmod.validate(top["lexicon"])
            self.lexicon = lexmod.merge(self.lexicon, top["lexicon"].plain())
        for node in expect_list(top["entities"]) if "entities" in top else []:
            self._entity(node)
        for node in expect_list(top["events"]) if "events" in top else []:
            self._event(node)
        for node in expect_list(top["rules"]) if "rules" in top else []:
            self._rule(node)

    def _resolve(self, ref: str, base: Path, node: Node) -> tuple[Path, str]:
        if ref.startswith("builtin:"):
            name = ref.split(":", 1)[1]
            target = BUILTIN_DIR / f"{name}.yaml"
            if not target.is_file() or name == "lexicon":
                known = sorted(p.stem for p in BUILTIN_DIR.glob("*.yaml") if p.stem != "lexicon")
                raise node.error(f"no built-in rule set '{name}'{did_you_mean(name, known)}")
            return target, ref
        target = (base.parent / ref)
        if not target.is_file():
            raise node.error(f"extends: no such file '{ref}'")
        return target, str(target)

    def _entity(self, node: Node) -> None:
        keys = expect_mapping(node, ENTITY_KEYS, required=ENTITY_REQUIRED)
        eid = _identifier(keys["id"])
        etype = expect_str(keys["type"], ENTITY_TYPES) if "type" in keys else "other"
        aliases = tuple(expect_str_list(keys["aliases"])) if "aliases" in keys else ()
        self.entities[eid] = (Entity(eid, expect_str(keys["name"]), etype, aliases), node)

    def _event(self, node: Node) -> None:
        keys = expect_mapping(node, EVENT_KEYS, required=EVENT_REQUIRED)
        eid = _identifier(keys["id"])
        triggers = []
        for t in expect_list(keys["triggers"]) if isinstance(keys["triggers"].value, list) else [keys["triggers"]]:
            try:
                triggers.append(re.compile(expect_str(t), re.I))
            except re.error as exc:
                raise t.error(f"invalid regular expression: {exc}") from None
        window = expect_int(keys["window"], 1) if "window" in keys else 10
        name = expect_str(keys["name"]) if "name" in keys else eid
        self.events[eid] = Event(eid, name, tuple(triggers), window)

    def _rule(self, node: Node) -> None:
        if not isinstance(node.value, dict):
            raise node.error("expected a mapping (a rule)")
        if "type" not in node.value:
            raise node.error("missing required key 'type'")
        rtype = expect_str(node.value["type"])
        if rtype not in checks.names():
            raise node.value["type"].error(
                f"unknown rule type '{rtype}'{did_you_mean(rtype, checks.names())}; known: {', '.join(checks.names())}")
        module = checks.get(rtype)
        keys = expect_mapping(node, RULE_KEYS + module.KEYS, required=RULE_REQUIRED)
        rid = _identifier(keys["id"])
        severity = expect_str(keys["severity"], SEVERITIES)
        message = expect_str(keys["message"])
        params = module.parse({k: v for k, v in keys.items() if k in module.KEYS}, node)
        if "tests" in keys:
            parse_tests(keys["tests"])  # malformed inline tests are rule-file errors for every command
        self.rules[rid] = Rule(
            rid, rtype, severity, message,
            expect_str(keys["description"]) if "description" in keys else "",
            params, f"{node.file}:{node.line}", keys.get("tests"),
        )


def rule_meta(rule: Rule) -> RuleMeta:
    """What a formatter may say about a rule: its fields and its type's documentation."""
    return RuleMeta(rule.id, rule.type, rule.severity, rule.message, rule.description,
                    checks.get(rule.type).__doc__ or "", rule.origin)


def _identifier(node: Node) -> str:
    value = expect_str(node)
    if not ID_PATTERN.match(value):
        raise node.error(f"'{value}' is not a valid id (lower-case letters, digits, '-', '_', '.')")
    return value


def load_ruleset(paths: list[tuple[Path, str]]) -> RuleSet:
    """Load rule files (each with its display name); the built-in lexicon is always the base."""
    loader = _Loader()
    loader.load(BUILTIN_DIR / "lexicon.yaml", "builtin:lexicon")
    for path, display in paths:
        loader.load(path, display)
    entities = tuple(e for e, _ in loader.entities.values())
    return RuleSet(
        tuple(loader.rules.values()), entities, tuple(loader.events.values()), lexmod.Lexicon(loader.lexicon),
        tuple(loader.files),
    )


def rule_files(path: Path) -> list[Path]:
    """A rule file, or every *.yaml / *.yml directly in a folder, in name order."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    return [path]
