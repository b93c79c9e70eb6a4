"""The extraction lexicon: generic English news wording, compiled once into regular expressions.

The built-in lexicon is `factlint/data/lexicon.yaml`; rule files may extend it under `lexicon:` (lists append, maps
merge), so a new story or a new house style needs YAML, not Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import regex as regexmod

from factlint.patterns import UserPattern, compile_user
from factlint.yamlpos import Node, describe, expect_bool, expect_int, expect_list, expect_mapping

LEXICON_KEYS = (
    "units", "tens", "scales", "ordinals", "vague", "qualifiers", "bands", "who", "metrics", "cumulative_cues",
    "incident_cues", "projection_cues", "superseded_cues", "source_verbs", "source_prepositions",
    "short_form_heads", "forward_cues", "not_names", "demonyms", "subset_cues",
    "title_words", "official_sources",
)
METRIC_KEYS = ("participles", "verbs", "nouns", "lost")
MAPPING_KEYS = ("units", "tens", "scales", "ordinals", "bands", "vague", "qualifiers", "who", "metrics", "demonyms")


NUMBER_KEYS = ("units", "tens", "scales", "ordinals")  # word -> integer
PHRASE_MAPS = ("qualifiers", "who")  # name -> phrases
REGEX_KEYS = ("projection_cues", "superseded_cues")  # lists of regular expressions (Lexicon.regex_phrases)


def validate(node: Node) -> None:
    """Check the shape of a `lexicon:` section, naming file, line and key on error: a value extraction could not use
    (a number word that is no integer, a vague word without an interval, a pattern that does not compile) is refused
    here, when the rule file loads, rather than found mid-run."""
    keys = expect_mapping(node, LEXICON_KEYS)
    for key, value in keys.items():
        if key == "metrics":
            for metric in _entries(value):
                for part, item in expect_mapping(metric, METRIC_KEYS).items():
                    if part == "lost":
                        expect_bool(item)
                    else:
                        _phrases(item)
        elif key in NUMBER_KEYS:
            for item in _entries(value):
                expect_int(item, 1 if key == "scales" else 0)
        elif key == "vague":
            for item in _entries(value):
                _interval(item)
        elif key == "bands":
            for item in _entries(value):
                if isinstance(item.value, bool) or not isinstance(item.value, (int, float)) or not 0 <= item.value < 1:
                    raise item.error(f"expected a fraction from 0 up to 1 (0.1 is 10%), got {describe(item.value)}")
        elif key in PHRASE_MAPS:
            for item in _entries(value):
                _phrases(item)
        elif key == "demonyms":  # "Afghans": Afghanistan
            for item in _entries(value):
                if not isinstance(item.value, str):
                    raise item.error(f"expected the place's name (a string), got {describe(item.value)}")
        else:
            _phrases(value, regex=key in REGEX_KEYS)


def _entries(node: Node) -> list[Node]:
    return list(expect_mapping(node, list(node.value) if isinstance(node.value, dict) else []).values())


def _phrases(node: Node, regex: bool = False) -> None:
    for item in expect_list(node):
        if not isinstance(item.value, str):  # `On`, `No`, `Yes` are booleans in YAML: quote them
            raise item.error(f"expected a phrase (a string), got {describe(item.value)}; quote it")
        if regex:
            try:
                compile_user(item.value, f"{item.file}:{item.line}:{item.column}")
            except regexmod.error as exc:
                raise item.error(f"invalid regular expression: {exc}") from None


def _interval(node: Node) -> None:
    """A vague word's [low, high]: integers, high null for unbounded, low <= high."""
    bounds = expect_list(node)
    if len(bounds) != 2:
        raise node.error(f"expected [low, high] (high null for no upper bound), got {len(bounds)} values")
    low = expect_int(bounds[0], 0)
    if bounds[1].value is not None and expect_int(bounds[1], low) < low:
        raise bounds[1].error("high is below low")


def merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Lists append (without duplicates), mappings merge recursively, scalars replace."""
    out = dict(base)
    for key, value in extra.items():
        if key in out and isinstance(out[key], dict) and isinstance(value, dict):
            out[key] = merge(out[key], value)
        elif key in out and isinstance(out[key], list) and isinstance(value, list):
            out[key] = out[key] + [v for v in value if v not in out[key]]
        else:
            out[key] = value
    return out


def alternation(phrases: list[str], regex: bool = False) -> str:
    """One regex alternative per phrase, longest first, spaces matching any run of whitespace."""
    parts = sorted({p for p in phrases if p}, key=len, reverse=True)
    if not regex:
        parts = [re.escape(p).replace(r"\ ", r"\s+") for p in parts]
    return "(?:" + "|".join(parts) + ")" if parts else "(?!x)x"


@dataclass(frozen=True)
class Lexicon:
    data: dict[str, Any]
    _compiled: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False, repr=False)
    _user: dict[str, UserPattern] = field(default_factory=dict, compare=False, repr=False)

    def words(self, key: str) -> list[str]:
        return [str(x) for x in self.data.get(key, [])]

    @cached_property
    def number_words(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for key in ("units", "tens", "scales"):
            out.update({k.lower(): int(v) for k, v in self.data.get(key, {}).items()})
        return out

    @cached_property
    def ordinals(self) -> dict[str, int]:
        return {k.lower(): int(v) for k, v in self.data.get("ordinals", {}).items()}

    @cached_property
    def vague(self) -> dict[str, tuple[int, int | None]]:
        return {k.lower(): (int(v[0]), None if v[1] is None else int(v[1]))
                for k, v in self.data.get("vague", {}).items()}

    @cached_property
    def qualifier_of(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for name, phrases in self.data.get("qualifiers", {}).items():
            for p in phrases:
                out[" ".join(p.lower().split())] = name
        return out

    @cached_property
    def who_of(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for name, nouns in self.data.get("who", {}).items():
            for n in nouns:
                out[" ".join(n.lower().split())] = name
        return out

    @cached_property
    def who_re(self) -> re.Pattern[str]:
        return re.compile(r"\b" + alternation(list(self.who_of)) + r"\b", re.I)

    def metric_phrases(self, part: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for metric, spec in self.data.get("metrics", {}).items():
            for p in spec.get(part, []) or []:
                out.setdefault(" ".join(str(p).lower().split()), metric)
        return out

    @cached_property
    def metrics(self) -> tuple[str, ...]:
        """Every metric extraction can give a count."""
        return tuple(self.data.get("metrics", {}))

    @cached_property
    def who_categories(self) -> tuple[str, ...]:
        """Every `who` extraction can give a count (besides the default, people)."""
        return tuple(self.data.get("who", {}))

    @cached_property
    def lost_metrics(self) -> list[str]:
        return [m for m, spec in self.data.get("metrics", {}).items() if spec.get("lost")]

    def phrase_re(self, key: str) -> re.Pattern[str]:
        """A list of plain phrases as one pattern, matching whole words."""
        if key not in self._compiled:
            self._compiled[key] = re.compile(r"(?<![\w-])" + alternation(self.words(key)) + r"(?![\w-])", re.I)
        return self._compiled[key]

    def regex_phrases(self, key: str) -> UserPattern:
        """A list of regular expressions as one pattern. Rule files may add to these lists, so they run with the time
        budget of user patterns (factlint/patterns.py)."""
        if key not in self._user:
            self._user[key] = compile_user(r"(?<![\w-])" + alternation(self.words(key), regex=True) + r"(?![\w-])",
                                           f"lexicon `{key}`")
        return self._user[key]

    def band(self, qualifier: str) -> float:
        return float(self.data.get("bands", {}).get(qualifier, 0.1))
