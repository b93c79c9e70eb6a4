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
_NAME_RUN = re.compile(r"[A-Z][\w’'-]*(?:\s+(?:(?:of|for|the|al|el|bin)\s+)*[A-Z][\w’'-]*)*")


LOOKBACK = 100  # a short form refers to a recent source: look back this far, so long documents stay linear


@dataclass
class SourceState:
    """What a document has cited so far, for short forms and pronouns."""

    cited: list[tuple[str, str | None]] = field(default_factory=list)  # (source, entity type)
    orgs: list[str] = field(default_factory=list)  # organisations named so far, canonical
    previous: str | None = None  # the source of the previous sentence, which a sentence may continue


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
            if re.search(r"\b(?:the|a|an|its|their)\s+$", sentence[max(0, m.start() - 20): m.start()], re.I):
                continue  # "the confirmed toll": an adjective, not a verb of saying
            if re.match(r"\s+(?:the\s+)?lives\b", sentence[m.end():m.end() + 12], re.I):
                continue  # "the landslide claimed the lives of": not a report
            before = _ACRONYM.sub("", sentence[max(0, m.start() - 200): m.start()])  # bounded: stays linear
            cut = 0
            for b in _BOUNDARY.finditer(before):
                cut = b.end()
            np = before[cut:].strip()
            if m.group().lower() in ("said", "says", "told") and not np:
                after = re.match(r"\s+((?:the\s+)?[\w’'. -]+?)(?=[.,;]|$)", sentence[m.end():m.end() + 120])
                np = after.group(1) if after and len(after.group(1).split()) <= 6 and not _TEMPORAL.match(after.group(1)) else ""
            if np and len(np.split()) <= 9:
                found.append((m.start(), np))
        for _, np in sorted(found):
            resolved = self.resolve(np, state)
            if resolved:
                return resolved
        return None

    def resolve(self, np: str, state: SourceState) -> str | None:
        np = _TRAILING.sub("", np.strip(" '’\"“”"))
        verb = re.search(r"\s(?:\w+ed|gathered|stood|were|was)\b", np)  # "relatives gathered outside ...": the subject
        if verb and not re.search(r"[A-Z]", np[verb.start():]):
            np = np[: verb.start()]
        if not np or _TEMPORAL.match(np):
            return None
        if _PRONOUN.match(np):
            return state.cited[-1][0] if state.cited else None
        for run in _NAME_RUN.finditer(np):
            listed, _, _, _ = self.names.lookup(run.group())
            if listed is None:
                listed = self._inner(run.group())
            if listed is not None:
                self._cite(state, listed.entity.name, listed.entity.type)
                return listed.entity.name
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
            self._cite(state, listed.entity.name, listed.entity.type)
            return listed.entity.name
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
