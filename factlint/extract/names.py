"""Name mentions: capitalised runs in the text resolved against the gazetteer.

Inside each run of capitalised words (with name connectors: "al-", "bin", "of", "for"...), the longest windows are
matched first: exactly as a canonical name or listed alias; then after normalisation (case, hyphens, "al-"/"Al ",
diacritics: `textnorm.normalize`); then fuzzily (rapidfuzz ratio over transliteration-folded forms, windows of the
alias's word count). An acronym introduced in parentheses after a resolved name ("Hayat Tahrir al-Sham (HTS)") is an
alias of that entity for the rest of the document. What is left of a run is kept as an unlisted name, so spelling
variants can be clustered across the corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from factlint.extract.text import Sentence, make_span
from factlint.lexicon import Lexicon
from factlint.model import Document, Entity, Mention
from factlint.textnorm import fold, middle_name, normalize

_ART = r"(?:al|el|ad|ar|as|ash|an|at|az|bin|ibn|bint|abu|de|da|del|della|di|du|la|le|van|von|der|den|ul|ud|wal|wa)"
_CAP = r"(?:[A-Z][\w’'.]*\w|[A-Z])(?:-[\w’']+)*"
_TOKEN = rf"(?:{_CAP}|{_ART}-{_CAP})"
_CONNECT = r"(?:of|for|the|and|on|de|du|la|las|los|le|les|al|el|bin|ibn|da|di|do|dos|das|del|von|van|der|au|aux|des|sur|en|y)"
_RUN = re.compile(rf"(?<![\w’'-]){_TOKEN}(?:\s+(?:{_CONNECT}\s+)*{_TOKEN})*")
_WORD = re.compile(rf"{_TOKEN}|{_CONNECT}")
_POSSESSIVE = re.compile(r"[’']s?$")
_COMPOUND = re.compile(r"-(?:backed|run|led|based|held|controlled|linked|allied|aligned|born|owned|dominated|funded|"
                       r"sponsored|style|era|bound|wide|made|ruled|occupied|supported|affiliated|inspired|brokered)$")
_DEMONYM = re.compile(r"(?:ian|ean|ese|ish|ani)$")
FUZZY_CUTOFF = 85.0
MEMO_SIZE = 200_000  # surfaces remembered; the memo starts again past this, so memory stays bounded


_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Z0-9&-]{1,7})\)")


@dataclass(frozen=True)
class _Listed:
    entity: Entity
    spelling: str


_Part = tuple[int, int, "_Listed | None", str, float, bool]  # start, end (in the run), listed, kind, score, unique


class NameMatcher:
    def __init__(self, entities: tuple[Entity, ...], lex: Lexicon) -> None:
        self.exact: dict[str, _Listed] = {}
        self.norm: dict[str, list[_Listed]] = {}
        self.fuzzy: dict[int, list[tuple[str, _Listed]]] = {}
        self.by_id = {e.id: e for e in entities}
        for e in entities:
            for spelling in (e.name, *e.aliases):
                listed = _Listed(e, spelling)
                self.exact.setdefault(spelling, listed)
                bucket = self.norm.setdefault(normalize(spelling), [])
                if all(x.entity.id != e.id for x in bucket):
                    bucket.append(listed)
                if len(normalize(spelling)) >= 5:
                    self.fuzzy.setdefault(len(fold(spelling).split()), []).append((fold(spelling), listed))
        self.max_words = max((len(normalize(s).split()) for s in self.norm), default=1) + 1
        self.not_names = {w.lower() for w in lex.words("not_names")}
        self.demonyms = {str(d).lower() for d in lex.data.get("demonyms", {})}
        self.titles = {w.lower() for w in lex.words("title_words")}
        self._memo: dict[str, tuple[_Listed | None, str, float, bool]] = {}
        self._runs: dict[str, list[_Part]] = {}

    def lookup(self, surface: str, local: dict[str, _Listed] | None = None) -> tuple[_Listed | None, str, float, bool]:
        """(listed spelling, match kind, score, unambiguous) for a surface form; (None, 'unlisted', 0, True) if none.
        Names repeat across a corpus: the answer for a surface is computed once (the document's own acronyms aside)."""
        surface = " ".join(surface.split())  # a name wrapped over two lines is the same name
        if local and surface in local:
            return local[surface], "acronym", 100.0, True
        found = self._memo.get(surface)
        if found is None:
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            found = self._memo[surface] = self._lookup(surface)
        return found

    def _lookup(self, surface: str) -> tuple[_Listed | None, str, float, bool]:
        if surface in self.exact:
            listed = self.exact[surface]
            return listed, "exact" if listed.spelling == listed.entity.name else "alias", 100.0, True
        key = normalize(surface)
        if key in self.norm:
            hits = self.norm[key]
            return hits[0], "normalized", 100.0, len(hits) == 1
        words = len(fold(surface).split())
        if len(key) >= 5 and words in self.fuzzy:
            choices = self.fuzzy[words]
            best = process.extractOne(fold(surface), [c for c, _ in choices], scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
            if best is not None:
                listed = choices[best[2]][1]
                if not _affix(key, normalize(listed.spelling)) and fold(surface)[:1] == fold(listed.spelling)[:1] \
                        and not self._other_word(key, normalize(listed.spelling)):
                    return listed, "fuzzy", float(best[1]), True
        if words >= 2:  # "Aditya Chowdhury" for the listed "Aditya Kumar Chaudhary": a middle name left out
            for folded, listed in self.fuzzy.get(words + 1, []):
                if listed.entity.type == "person" and middle_name(fold(surface), folded):
                    return listed, "fuzzy", 80.0, True
        return None, "unlisted", 0.0, True

    def _other_word(self, a: str, b: str) -> bool:
        """'Health Minister' is not a misspelling of 'Health Ministry', nor 'German' of 'Germany': the words that
        differ are a title or office word, or one is a demonym."""
        if a in self.demonyms or b in self.demonyms:
            return True
        differ = set(a.split()) ^ set(b.split())
        return any(w in self.titles for w in differ)

    def extract(self, doc: Document, sents: list[Sentence]) -> list[Mention]:
        out: list[Mention] = []
        local: dict[str, _Listed] = {}
        for sent in sents:
            for run in _RUN.finditer(doc.text, sent.start, sent.end):
                out.extend(self._run(doc, sent, run, local))
        return out

    def _run(self, doc: Document, sent: Sentence, run: re.Match[str], local: dict[str, _Listed]) -> list[Mention]:
        text = run.group()
        parts: list[_Part] | None
        if local and any(w in local for w in text.split()):
            parts = self._resolve(text, local)  # the document's own acronyms: not for the corpus-wide memo
        else:
            parts = self._runs.get(text)
            if parts is None:
                if len(self._runs) >= MEMO_SIZE:
                    self._runs.clear()
                parts = self._runs[text] = self._resolve(text, None)
        out: list[Mention] = []
        base = run.start()
        for rel_start, rel_end, listed, kind, score, unique in parts:
            span = make_span(doc, sent, base + rel_start, base + rel_end)  # span.text is the surface: one string
            if listed is None:
                out.append(Mention(span, span.text, None, None, 0.0, None, "unlisted", None, doc.published))
                continue
            out.append(Mention(span, span.text, listed.entity.id, listed.entity.name, score,
                               listed.entity.type, kind, listed.spelling if unique else None, doc.published))
            self._acronym(doc, span.end, listed, local)
        return out

    def _resolve(self, text: str, local: dict[str, _Listed] | None) -> list[_Part]:
        """The names in a run of capitalised words, as offsets into it: the longest listed windows first, then what
        is left as unlisted names. Depends only on the run's text (and the document's acronyms, when given), so a
        corpus resolves each distinct run once."""
        words = [_trim(text, m.start(), m.end()) for m in _WORD.finditer(text)]
        out: list[_Part] = []
        i, leftover_start = 0, None
        leftovers: list[tuple[int, int]] = []
        while i < len(words):
            hit = None
            for n in range(min(self.max_words, len(words) - i), 0, -1):
                s, e = words[i][0], words[i + n - 1][1]
                if not text[s].isupper() or not text[e - 1].isalnum() or text[words[i + n - 1][0]:e].islower():
                    continue  # a name starts and ends with a capitalised word ("Naskar", not "Naskar of")
                listed, kind, score, unique = self.lookup(text[s:e], local)
                if listed is not None and kind in ("normalized", "fuzzy") and n > 1 \
                        and text[words[i][0]:words[i][1]].lower() in self.not_names:
                    continue  # "At Bhubaneswar": a sentence's first word is not part of a name
                if listed is not None:
                    hit = (n, s, e, listed, kind, score, unique)
                    break
            if hit is None:
                if leftover_start is None:
                    leftover_start = i
                i += 1
                continue
            if leftover_start is not None:
                leftovers.append((leftover_start, i))
                leftover_start = None
            n, s, e, listed, kind, score, unique = hit
            out.append((s, e, listed, kind, score, unique))
            i += n
        if leftover_start is not None:
            leftovers.append((leftover_start, len(words)))
        for a, b in leftovers:
            out.extend(self._unlisted(text, words[a:b]))
        return sorted(out, key=lambda p: p[0])

    def _acronym(self, doc: Document, end: int, listed: _Listed, local: dict[str, _Listed]) -> None:
        m = _ACRONYM_AFTER.match(doc.text, end, end + 12)
        if m and m.group(1) not in self.exact:
            local[m.group(1)] = _Listed(listed.entity, m.group(1))

    def _unlisted(self, text: str, words: list[tuple[int, int]]) -> list[_Part]:
        def name_like(w: tuple[int, int]) -> bool:
            return text[w[0]].isupper() or bool(re.match(rf"{_ART}-[A-Z]", text[w[0]:w[1]]))
        while words and (text[words[0][0]:words[0][1]].lower() in self.not_names or not name_like(words[0])):
            words = words[1:]
        while words and not name_like(words[-1]):
            words = words[:-1]
        if not words:
            return []
        s, e = words[0][0], words[-1][1]
        surface = text[s:e]
        if len(words) == 1 and (len(surface) < 3 or _DEMONYM.search(surface) or surface.lower() in self.demonyms
                                or (surface.isupper() and len(surface) < 2)):
            return []
        return [(s, e, None, "unlisted", 0.0, True)]


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """A word without its possessive ("Syria's") or compound suffix ("Hamas-run")."""
    for pattern in (_POSSESSIVE, _COMPOUND):
        m = pattern.search(text, s, e)
        if m and m.end() == e and m.start() > s:
            e = m.start()
    return s, e


_DEMONYM_ENDINGS = ("n", "an", "ian", "ns", "ans", "ians", "ese", "i", "is", "ish", "s")


def _affix(a: str, b: str) -> bool:
    """'syria'/'syrian', 'iran'/'iranian': a demonym or plural of a name is not a spelling of it."""
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and long[len(short):] in _DEMONYM_ENDINGS
