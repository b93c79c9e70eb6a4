"""The extraction lexicon: generic English news wording, compiled once into regular expressions.

The built-in lexicon is `factlint/data/lexicon.yaml`; rule files may extend it under `lexicon:` (lists append, maps
merge), so a new story or a new house style needs YAML, not Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from factlint.patterns import UserPattern, compile_user
from factlint.yamlpos import Node, describe, expect_list, expect_mapping

LEXICON_KEYS = (
    "units", "tens", "scales", "ordinals", "vague", "qualifiers", "bands", "who", "metrics", "cumulative_cues",
    "incident_cues", "projection_cues", "superseded_cues", "source_verbs", "source_prepositions",
    "short_form_heads", "forward_cues", "not_names", "demonyms", "subset_cues",
    "title_words", "official_sources",
)
METRIC_KEYS = ("participles", "verbs", "nouns", "lost")
MAPPING_KEYS = ("units", "tens", "scales", "ordinals", "bands", "vague", "qualifiers", "who", "metrics", "demonyms")


def validate(node: Node) -> None:
    """Check the shape of a `lexicon:` section, naming file, line and key on error."""
    keys = expect_mapping(node, LEXICON_KEYS)
    for key, value in keys.items():
        if key == "metrics":
            for metric in expect_mapping(value, list(value.value) if isinstance(value.value, dict) else []).values():
                expect_mapping(metric, METRIC_KEYS)
        elif key in MAPPING_KEYS:
            expect_mapping(value, list(value.value) if isinstance(value.value, dict) else [])
        else:
            for item in expect_list(value):
                if not isinstance(item.value, str):  # `On`, `No`, `Yes` are booleans in YAML: quote them
                    raise item.error(f"expected a phrase (a string), got {describe(item.value)}; quote it")


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
