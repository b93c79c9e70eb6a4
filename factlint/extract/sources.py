"""Who reported a figure: "according to X", "X said", "X told AFP", "said X", "Moscow claims".

A source that names a gazetteer entity becomes its canonical name. A definite short form ("the monitor", "the
ministry") refers back to the latest earlier source or organisation of the document whose name has that head word,
or, for generic heads (monitor, agency...), to the latest earlier organisation cited; a pronoun subject ("It said")
to the latest source. Anything else is the noun phrase, lower-case, without its article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice

from factlint.extract.names import NameMatcher, _Listed
from factlint.lexicon import Lexicon, alternation

_BOUNDARY = re.compile(r"[,;:“”\"()\[\]—–]|\b(?:that|but|while|as|which|who|after|before|when|because|since|where)\b|"
                       r"\band\s+(?=(?-i:[a-z]))", re.I)
_ACRONYM = re.compile(r"\s*\([A-Z][A-Za-z0-9&.-]{1,9}\)\s*$")  # "the Authority (NDMA) said"
_TEMPORAL = re.compile(r"^(?:on\s+|last\s+|this\s+|late\s+|early\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|"
                       r"sunday|today|yesterday|tonight|earlier|later|in a statement|in a post)\b", re.I)
_ROLE_OF = re.compile(r"^(?:an?\s+|the\s+)?(?:[\w-]+\s+)?(?:spokes(?:man|woman|person)|representative|official|officials|"
                      r"head|chief|director|member|members|source|sources)\s+(?:for|of|at|from|with|in)\s+(.+)$", re.I)
_TRAILING = re.compile(r"\s+(?:there|here|also|later|earlier|today|yesterday|now|too|then)$", re.I)
# a role before a name: "Interior Minister Carolina Toha", "state broadcaster CCTV", "conflict monitor ACLED"
_TITLED = re.compile(r"^(?:[A-Za-z-]+\s+){1,4}?((?:[A-Z][\w’'.-]*)(?:\s+(?:[A-Z][\w’'.-]*|al-\w+|bin|de|van|von))*)$")
_DET = re.compile(r"^(?:the|a|an|its|their|his|her|this|that)\s+", re.I)
_PRONOUN = re.compile(r"^(?:it|he|she|they)$", re.I)
_SEGMENT = re.compile(r"\s*,\s*")
_NAME_TAIL = re.compile(r"(?:[A-Z][\w’'.-]*\s+)*[A-Z][\w’'-]*$")
_PASSIVE = re.compile(r"\b(?:have|has|had|having)\s+been\s+(?:\w+ly\s+)?$|\b(?:were|was|are|is|be|being)\s+(?:\w+ly\s+)?$", re.I)
_AUXILIARY_TAIL = re.compile(r"(?:\s+(?:had|has|have|would|will|also|earlier|later|previously|initially|on \w+day))+$", re.I)
_NAME_RUN = re.compile(r"[A-Z][\w’'-]*(?:\s+(?:(?:of|for|the|al|el|bin)\s+)*[A-Z][\w’'-]*)*")


def _plausible(np: str) -> bool:
    """A noun phrase that can be a source: no figures ("at least 40"), not only little words."""
    if re.search(r"\d", np) or re.match(r"(?:at least|more than|some|about|nearly|over|up to)\b", np, re.I):
        return False
    if _PRONOUN.match(np.strip()):
        return True
    words = re.findall(r"[A-Za-z][\w’'-]*", np)
    return bool(words) and any(w.lower() not in _LITTLE for w in words)


_LITTLE = frozenset({"the", "a", "an", "and", "or", "of", "in", "on", "at", "to", "had", "has", "have", "been", "be",
                     "not", "no", "it", "that", "this", "which", "who", "more", "than", "were", "was", "is", "are",
                     "also", "earlier", "later", "said", "would", "could", "will", "there", "here", "so", "as"})

LOOKBACK = 100  # a short form refers to a recent source: look back this far, so long documents stay linear


@dataclass
class SourceState:
    """What a document has cited so far, for short forms and pronouns."""

    cited: list[tuple[str, str | None]] = field(default_factory=list)  # (source, entity type)
    orgs: list[str] = field(default_factory=list)  # organisations named so far, canonical
    previous: str | None = None  # the source of the previous sentence, which a sentence may continue
    speakers: dict[str, str] = field(default_factory=dict)  # "Lt. X" -> "the interior ministry", as the text says


class SourceResolver:
    def __init__(self, lex: Lexicon, names: NameMatcher) -> None:
        self.names = names
        verbs = alternation(lex.words("source_verbs"))
        self.verb = re.compile(rf"(?<![\w-]){verbs}(?![\w-])", re.I)
        self.prep = re.compile(rf"(?<![\w-]){alternation(lex.words('source_prepositions'))}\s+", re.I)
        self.heads = {w.lower() for w in lex.words("short_form_heads")}

    def find(self, sentence: str, state: SourceState) -> str | None:
        """The source of a sentence (the first attribution in it), recording it in `state`."""
        source = self._find(sentence, state)
        state.previous = source
        return source

    def _find(self, sentence: str, state: SourceState) -> str | None:
        found: list[tuple[int, str]] = []
        for m in self.prep.finditer(sentence):
            np = re.split(r"[,;.”\"()]|\s(?:which|who|that|citing|and said|while|in|on)\s", sentence[m.end():m.end() + 200])[0]
            found.append((m.start(), np))
        for m in self.verb.finditer(sentence):
            lead = sentence[max(0, m.start() - 30): m.start()]
            if re.search(r"\b(?:the|a|an|its|their)\s+$|\b(?:newly|recently|previously|widely|officially|first|most|"
                         r"already|initially)\s+$", lead, re.I):
                continue  # "the confirmed toll", "newly reported deaths": an adjective, not a verb of saying
            if _PASSIVE.search(lead):
                continue  # "800 have been reported injured": what was reported, not who reported it
            if re.match(r"\s+(?:the\s+)?lives\b", sentence[m.end():m.end() + 12], re.I):
                continue  # "the landslide claimed the lives of": not a report
            before = _ACRONYM.sub("", sentence[max(0, m.start() - 200): m.start()].rstrip(" ,"))  # bounded: linear
            segments = [seg.strip() for seg in _SEGMENT.split(before)]
            np = _BOUNDARY.split(segments[-1])[-1].strip() if segments else ""
            speaker = None
            role = _ROLE_OF.match(np)
            if role and len(segments) >= 2 and _NAME_RUN.fullmatch(segments[-2].split(" ")[-1] or "x"):
                speaker = _NAME_TAIL.search(segments[-2])  # "Lt. X, a spokesman for the ministry, said"
            if m.group().lower() in ("said", "says", "told") and not np:
                after = re.match(r"\s+((?:the\s+)?[\w’'. -]+?)(?=[.,;]|$)", sentence[m.end():m.end() + 120])
                np = after.group(1) if after and len(after.group(1).split()) <= 6 and not _TEMPORAL.match(after.group(1)) else ""
            if np and len(np.split()) <= 9 and _plausible(np):
                found.append((m.start(), np))
                if speaker is not None:
                    state.speakers.setdefault(speaker.group().strip(), np)
        for _, np in sorted(found):
            resolved = self.resolve(np, state)
            if resolved:
                return resolved
        return None

    def resolve(self, np: str, state: SourceState) -> str | None:
        np = _TRAILING.sub("", np.strip(" '’\"“”"))
        np = _AUXILIARY_TAIL.sub("", np)  # "officials had earlier", "WHO on Monday had"
        verb = re.search(r"\s(?:\w+ed|gathered|stood|were|was)\b", np)  # "relatives gathered outside ...": the subject
        if verb and not re.search(r"[A-Z]", np[verb.start():]):
            np = np[: verb.start()]
        if not np or _TEMPORAL.match(np) or not _plausible(np):
            return None
        if _PRONOUN.match(np):
            return state.cited[-1][0] if state.cited else None
        if np in state.speakers and state.speakers[np] != np:
            return self.resolve(state.speakers[np], state)
        for run in _NAME_RUN.finditer(np):
            listed, _, _, _ = self.names.lookup(run.group())
            if listed is None:
                listed = self._inner(run.group())
            if listed is not None:
                return self._entity(listed, state)
            spoken = state.speakers.get(run.group())
            if spoken is not None and spoken != run.group():
                return self.resolve(spoken, state)
        role = _ROLE_OF.match(np)  # "a spokesman for the army": the army speaks
        if role:
            np = role.group(1)
        definite = bool(re.match(r"^the\s", np, re.I))
        bare = _DET.sub("", np).strip()
        titled = _TITLED.match(bare)
        if (titled and bare[:1].islower()) or (titled and len(titled.group(1).split()) >= 2 and not re.match(r"[A-Z]", bare.split()[0][:1] or "")):
            bare = titled.group(1)
        listed, _, _, _ = self.names.lookup(bare[:1].upper() + bare[1:]) if bare else (None, "", 0, True)
        if listed is not None:
            return self._entity(listed, state)
        bare = re.sub(r"^(?:[A-Z][a-z]+(?:ian|ese|ish|i|an)\s+)(?=[a-z])", "", bare)  # "Chinese state media"
        head = bare.split()[-1].lower() if bare else ""
        if definite and head:
            for name, _ in islice(reversed(state.cited), LOOKBACK):
                if head in name.lower().split():
                    return name
            for name in islice(reversed(state.orgs), LOOKBACK):
                if head in name.lower().split():
                    return name
            if head in self.heads:
                for name, etype in islice(reversed(state.cited), LOOKBACK):
                    if etype == "organization":
                        return name
        proper = re.search(r"\s[A-Z][a-z]", bare) or re.search(r"\b[A-Z]{2,}\b", bare)
        text = " ".join(bare.split() if proper else bare.lower().split())  # a name keeps its spelling
        if not text or len(text) < 2 or not re.search(r"[a-z]", text, re.I):
            return None
        self._cite(state, text, None)
        return text

    def _entity(self, listed: _Listed, state: SourceState) -> str:
        """A gazetteer entity as a source: a person who speaks for an organisation gives its figures."""
        entity = listed.entity
        seen = {entity.id}
        while entity.speaks_for is not None and entity.speaks_for in self.names.by_id \
                and entity.speaks_for not in seen:
            entity = self.names.by_id[entity.speaks_for]
            seen.add(entity.id)
        self._cite(state, entity.name, entity.type)
        return entity.name

    def _inner(self, run: str) -> _Listed | None:
        words = run.split()
        for n in range(len(words) - 1, 0, -1):
            for i in range(0, len(words) - n + 1):
                listed, kind, _, _ = self.names.lookup(" ".join(words[i:i + n]))
                if listed is not None and kind != "fuzzy":
                    return listed
        return None

    @staticmethod
    def _cite(state: SourceState, name: str, etype: str | None) -> None:
        state.cited.append((name, etype))
