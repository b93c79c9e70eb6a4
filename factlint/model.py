"""The fact and finding model: frozen, typed records with provenance.

Everything downstream of extraction (rule checks, formatters, the SQL back ends to come) reads these records and
nothing else, so each record can be flattened to one row of a table (`as_row`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Union

if TYPE_CHECKING:
    from factlint.patterns import UserPattern

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {name: rank for rank, name in enumerate(reversed(SEVERITIES))}  # info 0 < warning 1 < error 2


@dataclass(frozen=True)
class Document:
    path: str
    text: str
    published: dt.date | None = None
    date_source: str | None = None  # front-matter | marker | config | inferred | explicit (facts file)
    date_evidence: str | None = None  # for an inferred date: what it was inferred from
    body_start: int = 0  # offset where the article text begins (after front matter or the date marker)
    bom: bool = False
    _line_starts: list[int] = field(default_factory=list, repr=False, compare=False)

    def __post_init__(self) -> None:
        starts = [0]
        for m in _LINE_BREAK.finditer(self.text):
            starts.append(m.end())
        object.__setattr__(self, "_line_starts", starts)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a 0-based character offset."""
        i = bisect.bisect_right(self._line_starts, offset) - 1
        return i + 1, offset - self._line_starts[i] + 1


@dataclass(frozen=True)
class Entity:
    """A gazetteer entry: one canonical spelling and the other accepted ones."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    speaks_for: str | None = None  # a person (or office) whose figures are this organisation's
    part_of: str | None = None  # a place inside a larger place, a body inside a larger body


@dataclass(frozen=True)
class Event:
    """A story event: date expressions near one of its triggers are linked to it."""

    id: str
    name: str
    triggers: tuple[UserPattern, ...]
    window: int = 10


@dataclass(frozen=True)
class Rule:
    """A loaded rule: its type's compiled parameters and where it was defined."""

    id: str
    type: str
    severity: str
    message: str
    description: str
    params: Any
    origin: str
    tests: Any = None  # the rule's inline tests (a yamlpos.Node), run by `factlint test`


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Where a fact was read: 0-based character offsets into the decoded text, 1-based line and column."""

    path: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    sentence: str


@dataclass(frozen=True, slots=True)
class Count:
    """A count of people: `low`..`high` inclusive, `high` None for unbounded."""

    span: Span
    metric: str
    low: int
    high: int | None
    qualifier: str
    who: str = "people"
    source: str | None = None
    cumulative: bool = False
    status: str = "claim"  # claim | projection | superseded
    scope: str | None = None  # None: the story as a whole; else the place it covers, or another event ("1939")
    published: dt.date | None = None
    id: str = ""
    part_of: str | None = None  # id of the whole this count is a part of, in the same document
    via: str | None = None  # who passed the figure on, when the text names both ("the UN, citing the ministry")
    reason: str | None = None  # the text's own explanation of a revision ("after DNA tests")
    as_of: dt.date | None = None  # the day the text says the figure was given, when before publication
    basis: str = ""  # how the text gave it: total (a toll noun, "so far", a headline), participle, verb, noun, ...
    official: bool = False  # its source is the official voice in general ("the authorities", "officials")

    kind = "count"

    @property
    def dated(self) -> dt.date | None:
        """The day the figure stands for: when it was given, else when it was published."""
        return self.as_of or self.published


@dataclass(frozen=True, slots=True)
class DateFact:
    """A date expression resolved to an inclusive interval of days (`start`..`end`) and a TIMEX3-style `value`.

    `value` is None and the bounds are None when the expression could not be resolved (an undated document).
    """

    span: Span
    value: str | None
    start: dt.date | None
    end: dt.date | None
    granularity: str  # day | week | month | year | span
    anchor: str  # publication | inferred | explicit | none
    event: str | None = None
    published: dt.date | None = None
    id: str = ""

    kind = "date"


@dataclass(frozen=True, slots=True)
class Mention:
    """A name as written, resolved to a canonical entity when the gazetteer knows it (`entity` is its id)."""

    span: Span
    surface: str
    entity: str | None
    canonical: str | None
    score: float
    entity_type: str | None = None
    match: str = "exact"  # exact | alias | normalized | fuzzy | acronym | unlisted
    listed: str | None = None  # the gazetteer spelling (name or alias) it matched; None when ambiguous
    published: dt.date | None = None
    id: str = ""

    kind = "mention"


Fact = Union[Count, DateFact, Mention]  # noqa: UP007 (a runtime alias: `|` needs Python 3.10 types)


def fact_row(fact: Fact) -> dict[str, Any]:
    """The fact as one flat JSON-able row: the `factlint facts --format jsonl` contract."""
    s = fact.span
    row: dict[str, Any] = {
        "kind": fact.kind,
        "id": fact.id,
        "path": s.path,
        "line": s.line,
        "column": s.column,
        "end_line": s.end_line,
        "end_column": s.end_column,
        "start": s.start,
        "end": s.end,
        "text": s.text,
        "sentence": s.sentence,
        "published": fact.published.isoformat() if fact.published else None,
    }
    if isinstance(fact, Count):
        row.update(
            metric=fact.metric,
            who=fact.who,
            low=fact.low,
            high=fact.high,
            qualifier=fact.qualifier,
            source=fact.source,
            cumulative=fact.cumulative,
            status=fact.status,
            scope=fact.scope,
            part_of=fact.part_of,
            via=fact.via,
            reason=fact.reason,
            as_of=fact.as_of.isoformat() if fact.as_of else None,
            basis=fact.basis,
            official=fact.official,
        )
    elif isinstance(fact, DateFact):
        row.update(
            value=fact.value,
            start_date=fact.start.isoformat() if fact.start else None,
            end_date=fact.end.isoformat() if fact.end else None,
            granularity=fact.granularity,
            event=fact.event,
            anchor=fact.anchor,
        )
    else:
        row.update(
            surface=fact.surface,
            entity=fact.entity,
            canonical=fact.canonical,
            score=round(fact.score, 1),
            entity_type=fact.entity_type,
            match=fact.match,
            listed=fact.listed,
        )
    return row


def fact_sort_key(fact: Fact) -> tuple[Any, ...]:
    """A total order: facts read from files without a text can share a position (and an id), so their content
    breaks ties. Built from plain fields, once per fact: sorting is on every run's path."""
    s = fact.span
    if isinstance(fact, Count):
        content: tuple[str, ...] = (fact.metric, fact.who, str(fact.low), str(fact.high), fact.qualifier,
                                    str(fact.source), str(fact.scope), fact.status, str(fact.cumulative),
                                    str(fact.part_of), str(fact.published), str(fact.as_of))
    elif isinstance(fact, DateFact):
        content = (str(fact.value), str(fact.event), fact.granularity, fact.anchor, str(fact.published))
    else:
        content = (fact.surface, str(fact.entity), fact.match, str(fact.listed), str(fact.published))
    return (s.path, s.start, s.end, fact.kind, s.line, s.column, fact.id, s.text, content)


@dataclass(frozen=True, slots=True)
class Evidence:
    """One side of a finding: the fact it rests on (when there is one) and where it was read."""

    span: Span
    fact: Fact | None = None
    label: str | None = None  # the side this evidence stands for, e.g. "2024-11-27"
    reference: bool = False  # an example to compare with (the listed spelling elsewhere), not a place at fault


@dataclass(frozen=True, slots=True)
class Fix:
    """Replace `span.start:span.end` of `span.path` (which must still read `span.text`) with `replacement`."""

    span: Span
    replacement: str


@dataclass(frozen=True)
class Finding:
    """A problem, built complete by a rule check: nothing is stamped on it later."""

    rule: str
    type: str
    severity: str
    message: str
    values: Mapping[str, Any]
    evidence: tuple[Evidence, ...]
    fingerprint: str
    fixes: tuple[Fix, ...] = ()
    help: str = ""

    @property
    def primary(self) -> Span | None:
        return self.evidence[0].span if self.evidence else None

    @property
    def paths(self) -> set[str]:
        """The documents this finding is about (reference examples elsewhere left out)."""
        return {ev.span.path for ev in self.evidence if not ev.reference}

    def sort_key(self) -> tuple[Any, ...]:
        p = self.primary
        where = (p.path, p.start) if p else ("", -1)
        return (where, self.rule, -SEVERITY_RANK[self.severity], self.fingerprint)


def fingerprint(rule: str, *parts: object) -> str:
    """A stable id for a finding: built from the rule and the facts' meaning, never from line numbers,
    so moving unrelated text in a document does not change it."""
    blob = json.dumps([rule, *parts], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Diagnostic:
    """A problem with an input (an unreadable document, a malformed facts file) rather than with the facts."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None
    severity: str = "warning"

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class RuleMeta:
    """What a formatter may say about a rule (SARIF's tool.driver.rules, `factlint rules`)."""

    id: str
    type: str
    severity: str
    message: str  # the message template
    description: str  # the rule's own one-line description, or ""
    help: str  # the rule type's documentation
    origin: str  # "path:line" of the rule's definition


@dataclass(frozen=True)
class Series:
    """Counts a rule compares with each other over publication dates: one of its groups (for the HTML report's
    timelines). `key` holds the group's (field, value) pairs, values as the rule compares them (case-folded)."""

    rule: str
    key: tuple[tuple[str, Any], ...]
    counts: tuple[Count, ...]


@dataclass(frozen=True)
class ReportContext:
    """What a report shows beyond the findings: the documents, every fact read, and the series rules compare."""

    documents: tuple[Document, ...]
    facts: tuple[Fact, ...]
    series: tuple[Series, ...]


@dataclass(frozen=True)
class Report:
    """The whole result of a run, built before anything is rendered."""

    findings: tuple[Finding, ...]
    documents: int
    facts: int
    diagnostics: tuple[Diagnostic, ...] = ()
    rules: tuple[RuleMeta, ...] = field(default=())
    stale_baseline: tuple[str, ...] = ()  # baseline fingerprints that no longer occur
    suppressed: int = 0
    context: ReportContext | None = field(default=None, repr=False, compare=False)  # for the HTML report only

    def counts(self) -> dict[str, int]:
        out = {name: 0 for name in SEVERITIES}
        for f in self.findings:
            out[f.severity] += 1
        return out


@dataclass
class FactTable:
    """The documents of a run and every fact read from them, in a deterministic order."""

    documents: list[Document]
    facts: list[Fact]
    _by_path: dict[str, list[Fact]] = field(default_factory=dict, repr=False)
    _by_kind: dict[str, list[Fact]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.documents = sorted(self.documents, key=lambda d: d.path)
        self.facts = sort_facts(self.facts)
        for f in self.facts:
            self._by_path.setdefault(f.span.path, []).append(f)
            self._by_kind.setdefault(f.kind, []).append(f)

    def facts_of(self, path: str) -> list[Fact]:
        return self._by_path.get(path, [])

    def of_kind(self, kind: str) -> list[Fact]:
        """The facts of one kind (count, date, mention), in the table's order."""
        return self._by_kind.get(kind, [])


def sort_facts(facts: list[Fact]) -> list[Fact]:
    """Facts in `fact_sort_key` order, the cheap way: by place first (which settles every extracted fact), then by
    content only where facts share a place (facts files without positions)."""
    out = sorted(facts, key=_place)
    i = 0
    while i < len(out):
        j = i + 1
        while j < len(out) and _place(out[j]) == _place(out[i]):
            j += 1
        if j - i > 1:
            out[i:j] = sorted(out[i:j], key=fact_sort_key)
        i = j
    return out


_KIND_ORDER = {"count": 0, "date": 1, "mention": 2}  # the order of fact_sort_key's kind names


def _place(fact: Fact) -> tuple[str, int, int, int]:
    s = fact.span
    return s.path, s.start, s.end, _KIND_ORDER[fact.kind]
