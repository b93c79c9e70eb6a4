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

import dataclasses
import fnmatch
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

from factlint import __version__, checks, fsio
from factlint import lexicon as lexmod
from factlint.checks.common import Selector
from factlint.errors import ConfigError, UsageError
from factlint.model import SEVERITIES, Entity, Event, Rule, RuleMeta
from factlint.patterns import compile_user
from factlint.ruletest_spec import parse_tests
from factlint.yamlpos import (
    Node,
    did_you_mean,
    expect_bool,
    expect_int,
    expect_list,
    expect_mapping,
    expect_str,
    expect_str_list,
    load_file,
)

BUILTIN_DIR = Path(__file__).parent / "data"
TOP_KEYS = ("factlint", "extends", "lexicon", "entities", "events", "rules")
RULE_KEYS = ("id", "type", "severity", "message", "description", "tests", "override")
ENTITY_KEYS = ("id", "name", "type", "aliases", "speaks_for", "part_of", "override")
EVENT_KEYS = ("id", "name", "triggers", "window", "override")
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
    """The file's `factlint:` requirement (PEP 440, as pip reads it: ">=0.1", "~=0.2", ">=0.1,<1") against this
    factlint; pre-releases of a satisfying version satisfy it."""
    try:
        wanted = SpecifierSet(spec)
    except InvalidSpecifier:
        raise node.error(f"'{spec}' is not a version requirement (try \">=0.1\")") from None
    if not wanted.contains(Version(version), prereleases=True):
        raise node.error(f"this file needs factlint {spec}, but this is factlint {version}")


class _Loader:
    def __init__(self) -> None:
        self.seen: set[Path] = set()
        self.stack: list[tuple[Path, str]] = []  # the files being loaded, outermost first: a cycle is an error
        self.files: list[str] = []
        self.lexicon: dict[str, Any] = {}
        self.entities: dict[str, tuple[Entity, Node]] = {}
        self.events: dict[str, tuple[Event, Node]] = {}
        self.rules: dict[str, tuple[Rule, Node]] = {}

    def load(self, path: Path, display: str, via: Node | None = None) -> None:
        real = path.resolve()
        chain = [shown for p, shown in self.stack] + [display]
        if any(p == real for p, _ in self.stack):
            message = f"extends itself: {' -> '.join(chain)}"
            raise via.error(message) if via is not None else ConfigError(message, display)
        if real in self.seen:
            return  # already loaded through another file: once is enough
        self.seen.add(real)
        self.stack.append((real, display))
        try:
            self._load(path, display)
        finally:
            self.stack.pop()

    def _load(self, path: Path, display: str) -> None:
        root = load_file(str(path), display)
        if root is None:
            raise ConfigError("empty rule file; it needs at least `factlint: \">=0.1\"`", display)
        top = expect_mapping(root, TOP_KEYS, required=("factlint",))
        check_version(expect_str(top["factlint"]), top["factlint"])  # first: a newer file may use unknown keys
        self.files.append(display)
        if "extends" in top:
            for item in expect_list(top["extends"]) if isinstance(top["extends"].value, list) else [top["extends"]]:
                self.load(*self._resolve(expect_str(item), path, item), via=item)
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
            if not fsio.is_file(target) or name == "lexicon":
                known = sorted(p.stem for p in BUILTIN_DIR.glob("*.yaml") if p.stem != "lexicon")
                raise node.error(f"no built-in rule set '{name}'{did_you_mean(name, known)}")
            return target, ref
        target = (base.parent / ref)
        if not fsio.is_file(target):
            raise node.error(f"extends: no such file '{ref}'")
        return target, str(target)

    def _entity(self, node: Node) -> None:
        keys = expect_mapping(node, ENTITY_KEYS, required=ENTITY_REQUIRED)
        eid = _identifier(keys["id"])
        _unique("entity", eid, keys, self.entities)
        etype = expect_str(keys["type"], ENTITY_TYPES) if "type" in keys else "other"
        aliases = tuple(expect_str_list(keys["aliases"])) if "aliases" in keys else ()
        links = {k: _identifier(keys[k]) if k in keys else None for k in ("speaks_for", "part_of")}
        self.entities[eid] = (Entity(eid, expect_str(keys["name"]), etype, aliases, **links), node)

    def _event(self, node: Node) -> None:
        keys = expect_mapping(node, EVENT_KEYS, required=EVENT_REQUIRED)
        eid = _identifier(keys["id"])
        _unique("event", eid, keys, self.events)
        triggers = []
        for t in expect_list(keys["triggers"]) if isinstance(keys["triggers"].value, list) else [keys["triggers"]]:
            try:
                triggers.append(compile_user(expect_str(t), f"{t.file}:{t.line}:{t.column}"))
            except regex.error as exc:
                raise t.error(f"invalid regular expression: {exc}") from None
        window = expect_int(keys["window"], 1) if "window" in keys else 10
        name = expect_str(keys["name"]) if "name" in keys else eid
        self.events[eid] = (Event(eid, name, tuple(triggers), window), node)

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
        _unique("rule", rid, keys, self.rules)
        severity = expect_str(keys["severity"], SEVERITIES)
        message = expect_str(keys["message"])
        params = module.parse({k: v for k, v in keys.items() if k in module.KEYS}, node)
        if "tests" in keys:
            parse_tests(keys["tests"])  # malformed inline tests are rule-file errors for every command
        self.rules[rid] = (Rule(
            rid, rtype, severity, message,
            expect_str(keys["description"]) if "description" in keys else "",
            params, f"{node.file}:{node.line}", keys.get("tests"),
        ), node)

    def check_links(self) -> None:
        """`speaks_for` and `part_of` name entities that exist, and `part_of` never loops."""
        known = list(self.entities)
        for eid, (entity, node) in self.entities.items():
            for key in ("speaks_for", "part_of"):
                target = getattr(entity, key)
                if target is not None and target not in self.entities:
                    raise node.value[key].error(f"no entity '{target}'{did_you_mean(target, known)}")
            seen, cur = {eid}, entity.part_of
            while cur is not None:
                if cur in seen:
                    raise node.value["part_of"].error(f"'{eid}' is part of itself (through '{cur}')")
                seen.add(cur)
                cur = self.entities[cur][0].part_of

    def check_values(self, lexicon: lexmod.Lexicon) -> None:
        """A rule's `metric:` or `who:` value that no extraction produces would make it silently never fire."""
        allowed = {"metric": sorted(lexicon.metrics), "who": sorted({*lexicon.who_categories, "people"})}
        for rule, _ in self.rules.values():
            for selector in _selectors(rule.params):
                for name, value, node in selector.origins:
                    if name in allowed and str(value).lower() not in allowed[name]:
                        raise node.error(f"'{value}' is not a {name} that extraction produces"
                                         f"{did_you_mean(str(value).lower(), allowed[name])}; known: "
                                         f"{', '.join(allowed[name])}")


def rule_meta(rule: Rule) -> RuleMeta:
    """What a formatter may say about a rule: its fields and its type's documentation."""
    return RuleMeta(rule.id, rule.type, rule.severity, rule.message, rule.description,
                    checks.get(rule.type).__doc__ or "", rule.origin)


def _unique(what: str, ident: str, keys: dict[str, Node], defined: dict[str, Any]) -> None:
    """An id is defined once; a later definition replaces an earlier one (a built-in rule, say) only when it says so
    with `override: true`, and then only when there is one to replace."""
    override = expect_bool(keys["override"]) if "override" in keys else False
    if ident in defined and not override:
        first = defined[ident][1]
        raise keys["id"].error(f"duplicate {what} id '{ident}' (first defined at {first.file}:{first.line}); "
                               "rename it, or add `override: true` to replace the first")
    if override and ident not in defined:
        raise keys["override"].error(f"`override: true`, but no earlier {what} has the id '{ident}'")


def _selectors(params: object) -> Iterator[Selector]:
    """The selectors in a rule type's parameters (a dataclass whose fields may hold one or a tuple of them)."""
    if not dataclasses.is_dataclass(params):
        return
    for f in dataclasses.fields(params):
        value = getattr(params, f.name)
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, Selector):
                yield item


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
    loader.check_links()
    lexicon = lexmod.Lexicon(loader.lexicon)
    for key in lexmod.REGEX_KEYS:  # each pattern compiled alone when loaded; together they may still clash
        try:
            lexicon.regex_phrases(key)
        except regex.error as exc:
            raise ConfigError(f"lexicon.{key}: the patterns of these rule files do not compile together ({exc})",
                              ", ".join(loader.files)) from None
    loader.check_values(lexicon)
    return RuleSet(
        tuple(r for r, _ in loader.rules.values()), tuple(e for e, _ in loader.entities.values()),
        tuple(e for e, _ in loader.events.values()), lexicon, tuple(loader.files),
    )


def select_rules(ruleset: RuleSet, select: list[str], ignore: list[str]) -> RuleSet:
    """The rules that `select` names (all when empty) less those `ignore` names, by id, type or glob ("name-*",
    "monotonic"), as Ruff selects its rules. A pattern that names no rule is an error, with a "did you mean"."""
    known = [r.id for r in ruleset.rules] + checks.names()
    for pattern in [*select, *ignore]:
        if not any(fnmatch.fnmatchcase(name, pattern) for name in known):
            raise UsageError(f"--select/--ignore: no rule or rule type '{pattern}'{did_you_mean(pattern, known)}")

    def named(rule: Rule, patterns: list[str]) -> bool:
        return any(fnmatch.fnmatchcase(rule.id, p) or fnmatch.fnmatchcase(rule.type, p) for p in patterns)

    rules = tuple(r for r in ruleset.rules if (not select or named(r, select)) and not named(r, ignore))
    return dataclasses.replace(ruleset, rules=rules)


def rule_files(path: Path) -> list[Path]:
    """A rule file, or every *.yaml / *.yml directly in a folder, in name order."""
    if fsio.is_dir(path):
        try:
            return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and fsio.is_file(p))
        except OSError as exc:  # a folder we may not read
            raise ConfigError(f"cannot read the rule folder ({exc.strerror or exc})", str(path)) from None
    return [path]
