"""Date expressions, resolved against the publication date P into TIMEX3-style values and day intervals.

- explicit: "2024-11-30", "November 30, 2024", "30 November", "Nov 30", "Saturday (Nov 30)", "in 2016", "since 2016";
  a month-day without a year takes P's year, or the year before when that would be after P (no forward cue);
- relative to P: today/tonight (P), yesterday (P-1), tomorrow (P+1); a bare weekday is the latest such day on or
  before P, or the first after P with a forward cue ("will", "due to", "next"); "Wednesday last week" is in the ISO
  week before P's; this/last/next week are ISO weeks (2024-W48); this/last month, this/last year;
- ordinal day counts: "for a fourth day" is the start day of the period, P - 3;
- "the same day (that) X": the date of the previous expression in the sentence, linked to X's event.

Without P, relative expressions stay unresolved (value None) rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from factlint.extract.text import Sentence, make_span
from factlint.lexicon import Lexicon, alternation
from factlint.model import DateFact, Document, Event

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MON = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
_YEAR = r"(?:19\d\d|20\d\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"

_PATTERNS: list[tuple[str, str]] = [
    ("iso", rf"\b(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b"),
    ("wd_md", rf"\b(?:on\s+)?{_WD},?\s*\(?\s*(?:(?P<mon>{_MON})\s+(?P<day>{_DAY})|(?P<day2>{_DAY})\s+(?P<mon2>{_MON}))(?:,?\s+(?P<y>{_YEAR}))?\s*\)?"),
    ("md", rf"\b(?:on\s+)?(?P<mon>{_MON})\s+(?P<day>{_DAY})\b(?:,?\s+(?P<y>{_YEAR}))?"),
    ("dm", rf"\b(?:on\s+)?(?P<day>{_DAY})\s+(?:of\s+)?(?P<mon>{_MON})(?:,?\s+(?P<y>{_YEAR}))?(?![\w])"),
    ("my", rf"\b(?:(?:in|since|until|by|from|during|early|late|mid-?|last|this|next)\s+)?(?P<mon>{_MON})\s+(?P<y>{_YEAR})\b"),
    ("mon", rf"\b(?P<prep>in|since|until|till|by|from|during|early|late|mid-?|last|this|next|earlier this|since early|since late)\s+(?P<mon>{_MON})(?![\w.])(?!\s+\d)"),
    ("wd", rf"\b(?:(?P<rel>last|next|this|on|late|early|from|until|by|since)\s+)?{_WD}(?:\s+(?:morning|afternoon|evening|night))?(?:,?\s+(?P<wk>last|next|this)\s+week)?\b"),
    ("day", r"\b(?P<rd>[Tt]oday|[Tt]onight|[Yy]esterday|[Tt]omorrow|[Tt]his (?:morning|afternoon|evening)|[Ll]ast night)\b"),
    ("period", r"\b(?:(?P<ea>earlier|later)\s+)?(?P<rel>this|last|next)\s+(?P<unit>week|month|year)\b"),
    ("ordinal", r"\b(?:for\s+(?:a|the)\s+(?P<ord>\w+)\s+(?:straight\s+|consecutive\s+|successive\s+|running\s+)?day|on\s+the\s+(?P<ord2>\w+)\s+day\s+of)\b"),
    ("same", r"\b(?:on\s+)?the\s+same\s+day\b"),
    ("year", rf"(?<![\w$€£.,-])(?:(?P<prep>[Ss]ince|[Uu]ntil|till|[Ii]n|by|[Ff]rom|[Bb]efore|[Aa]fter|of|through|to)\s+)?(?:(?:early|late|mid-?)\s*)?(?P<y>{_YEAR})(?![\w%.,-]\d|\d|%|,\d)"),
]
_COMPILED = [(name, re.compile(pat)) for name, pat in _PATTERNS]
_PRIORITY = {name: i for i, (name, _) in enumerate(_PATTERNS)}


def _month(text: str) -> int:
    t = text.lower().rstrip(".")
    return MONTHS.index(t) + 1 if t in MONTHS else _MONTH_ABBR[t[:4] if t.startswith("sept") else t[:3]]


def _iso_week(d: dt.date) -> tuple[str, dt.date, dt.date]:
    y, w, _ = d.isocalendar()
    monday = d - dt.timedelta(days=d.weekday())
    return f"{y}-W{w:02d}", monday, monday + dt.timedelta(days=6)


def _month_span(y: int, m: int) -> tuple[dt.date, dt.date]:
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return dt.date(y, m, 1), nxt - dt.timedelta(days=1)


@dataclass(frozen=True)
class Resolved:
    value: str | None
    start: dt.date | None
    end: dt.date | None
    granularity: str
    explicit: bool


def _day(d: dt.date, explicit: bool = False) -> Resolved:
    return Resolved(d.isoformat(), d, d, "day", explicit)


class DateExtractor:
    def __init__(self, lex: Lexicon, events: tuple[Event, ...]) -> None:
        self.events = events
        self.forward = re.compile(r"(?<![\w'])" + alternation(lex.words("forward_cues")) + r"(?![\w])", re.I)
        self.ordinals = lex.ordinals
        self.who = lex.who_re

    # -- matching ------------------------------------------------------------------------------------------------

    def matches(self, text: str, start: int, end: int) -> list[tuple[str, re.Match[str]]]:
        found = []
        for kind, regex in _COMPILED:
            for m in regex.finditer(text, start, end):
                if kind == "year" and self._year_is_count(text, m):
                    continue
                if kind == "ordinal" and self._ordinal(m) is None:
                    continue
                found.append((kind, m))
        # leftmost, then longest, then the earlier pattern; no overlaps
        found.sort(key=lambda km: (km[1].start(), -km[1].end(), _PRIORITY[km[0]]))
        out: list[tuple[str, re.Match[str]]] = []
        for kind, m in found:
            if out and m.start() < out[-1][1].end():
                continue
            out.append((kind, m))
        return out

    def _year_is_count(self, text: str, m: re.Match[str]) -> bool:
        after = text[m.end(): m.end() + 40]
        before = text[max(0, m.start() - 20): m.start()]
        if re.match(r"\s+(?:\w+\s+)?(?:people|persons|" + self.who.pattern + r")", after, re.I) and not m.group("prep"):
            return True
        return bool(re.search(r"(?:Resolution|No\.|number|Article|Route|flight|Flight)\s*$", before))

    def _ordinal(self, m: re.Match[str]) -> int | None:
        word = (m.group("ord") or m.group("ord2") or "").lower()
        if word in self.ordinals:
            return self.ordinals[word]
        d = re.match(r"(\d+)(?:st|nd|rd|th)$", word)
        return int(d.group(1)) if d else None

    # -- resolution ----------------------------------------------------------------------------------------------

    def resolve(self, kind: str, m: re.Match[str], p: dt.date | None, forward: bool) -> Resolved | None:
        g = m.groupdict()
        if kind == "iso":
            return _day(dt.date(int(g["y"]), int(g["m"]), int(g["d"])), True)
        if kind in ("wd_md", "md", "dm"):
            mon = _month(g.get("mon") or g.get("mon2") or "")
            day = int(re.match(r"\d+", g.get("day") or g.get("day2") or "").group())  # type: ignore[union-attr]
            wd = WEEKDAYS.index(g["wd"].lower()) if g.get("wd") else None
            return self._month_day(mon, day, int(g["y"]) if g.get("y") else None, wd, p, forward)
        if kind == "my":
            s, e = _month_span(int(g["y"]), _month(g["mon"]))
            return Resolved(f"{g['y']}-{_month(g['mon']):02d}", s, e, "month", True)
        if kind == "mon":
            if p is None:
                return None
            mon = _month(g["mon"])
            prep = g["prep"].lower()
            y = p.year
            if prep == "next" or (forward and mon != p.month):
                y = p.year + (mon <= p.month)
            elif mon > p.month or (prep == "last" and mon >= p.month):
                y = p.year - 1
            s, e = _month_span(y, mon)
            return Resolved(f"{y}-{mon:02d}", s, e, "month", False)
        if kind == "year":
            y = int(g["y"])
            return Resolved(str(y), dt.date(y, 1, 1), dt.date(y, 12, 31), "year", True)
        if p is None:
            return None
        if kind == "wd":
            rel = (g.get("rel") or "").lower()
            return self._weekday(WEEKDAYS.index(g["wd"].lower()), rel, (g.get("wk") or "").lower(), p,
                                 forward or rel in ("until", "till", "by"))
        if kind == "day":
            rd = g["rd"].lower()
            delta = {"yesterday": -1, "tomorrow": 1, "last night": -1}.get(rd, 0)
            return _day(p + dt.timedelta(days=delta))
        if kind == "period":
            return self._period(g["rel"].lower(), g["unit"].lower(), p)
        if kind == "ordinal":
            n = self._ordinal(m) or 1
            return _day(p - dt.timedelta(days=n - 1))
        return None

    @staticmethod
    def _month_day(mon: int, day: int, year: int | None, wd: int | None, p: dt.date | None, forward: bool) -> Resolved | None:
        if year is not None:
            try:
                return _day(dt.date(year, mon, day), True)
            except ValueError:
                return None
        if p is None:
            return None
        candidates = []
        for y in (p.year - 1, p.year, p.year + 1):
            try:
                candidates.append(dt.date(y, mon, day))
            except ValueError:
                continue
        if wd is not None:
            with_wd = [c for c in candidates if c.weekday() == wd]
            candidates = with_wd or candidates
        past = [c for c in candidates if c <= p]
        future = [c for c in candidates if c > p]
        if forward and future:
            return _day(min(future))
        if past and (not future or (p - max(past)).days <= (min(future) - p).days or wd is None):
            return _day(max(past))
        return _day(min(future)) if future else None

    @staticmethod
    def _weekday(wd: int, rel: str, wk: str, p: dt.date, forward: bool) -> Resolved:
        monday = p - dt.timedelta(days=p.weekday())
        if wk:
            shift = {"last": -7, "next": 7, "this": 0}[wk]
            return _day(monday + dt.timedelta(days=shift + wd))
        if rel == "this":
            return _day(monday + dt.timedelta(days=wd))
        if rel == "next" or (forward and rel != "last"):
            ahead = (wd - p.weekday()) % 7 or 7
            return _day(p + dt.timedelta(days=ahead))
        back = (p.weekday() - wd) % 7
        if rel == "last" and back == 0:
            back = 7
        return _day(p - dt.timedelta(days=back))

    @staticmethod
    def _period(rel: str, unit: str, p: dt.date) -> Resolved:
        shift = {"this": 0, "last": -1, "next": 1}[rel]
        if unit == "week":
            value, s, e = _iso_week(p + dt.timedelta(days=7 * shift))
            return Resolved(value, s, e, "week", False)
        if unit == "month":
            y, m = divmod(p.year * 12 + p.month - 1 + shift, 12)
            s, e = _month_span(y, m + 1)
            return Resolved(f"{y}-{m + 1:02d}", s, e, "month", False)
        y = p.year + shift
        return Resolved(str(y), dt.date(y, 1, 1), dt.date(y, 12, 31), "year", False)

    def _is_forward(self, sent_text: str, rel_start: int) -> bool:
        clause = re.split(r"[,;:(]|\band\b|\bbut\b|\bafter\b|\bbefore\b", sent_text[max(0, rel_start - 200):rel_start])[-1]
        words = clause.split()[-8:]
        return bool(self.forward.search(" ".join(words)))

    # -- facts ---------------------------------------------------------------------------------------------------

    def extract(self, doc: Document, sent: Sentence, p: dt.date | None, anchor: str,
                previous: Resolved | None = None) -> tuple[list[DateFact], Resolved | None]:
        """The sentence's date facts, and the last day-level date so far ("the same day" may refer back to it)."""
        found = self.matches(doc.text, sent.start, sent.end)
        triggers = self._triggers(sent)
        facts: list[DateFact] = []
        same_day_triggers: set[int] = set()
        for kind, m in found:
            if kind == "same":
                j = self._trigger_after(triggers, m.end(), sent)
                if j is not None:
                    same_day_triggers.add(j)
        for kind, m in found:
            forward = self._is_forward(sent.text, m.start() - sent.start)
            if kind == "same":
                r = previous
                j = self._trigger_after(triggers, m.end(), sent)
                event = triggers[j][2] if j is not None else None
            else:
                r = self.resolve(kind, m, p, forward)
                event = self._link(triggers, m, sent, same_day_triggers, kind) if r is None or r.granularity in ("day", "week") else None
            span = make_span(doc, sent, m.start(), m.end())
            fact_anchor = "explicit" if r is not None and r.explicit else (anchor if r is not None else "none")
            facts.append(DateFact(
                span=span, value=r.value if r else None, start=r.start if r else None, end=r.end if r else None,
                granularity=r.granularity if r else _granularity(kind), anchor=fact_anchor, event=event, published=p,
            ))
            if r is not None and r.granularity == "day":
                previous = r
        return facts, previous

    def _triggers(self, sent: Sentence) -> list[tuple[int, int, str]]:
        out = []
        for ev in self.events:
            for pat in ev.triggers:
                for t in pat.finditer(sent.text):
                    out.append((sent.start + t.start(), sent.start + t.end(), ev.id))
        return sorted(out)

    def _trigger_after(self, triggers: list[tuple[int, int, str]], pos: int, sent: Sentence) -> int | None:
        for j, (s, _, _) in enumerate(triggers):
            if s >= pos and _words(sent, pos, s) <= 6:
                return j
        return None

    def _link(self, triggers: list[tuple[int, int, str]], m: re.Match[str], sent: Sentence, taken: set[int], kind: str) -> str | None:
        best: tuple[int, int, str] | None = None
        for j, (s, e, event) in enumerate(triggers):
            if j in taken:
                continue
            window = next(ev.window for ev in self.events if ev.id == event)
            dist = _words(sent, e, m.start()) if e <= m.start() else _words(sent, m.end(), s) if s >= m.end() else 0
            if dist > window:
                continue
            rank = (dist, 0 if e <= m.start() else 1)
            if best is None or rank < best[:2]:
                best = (rank[0], rank[1], event)
        return best[2] if best else None


def _words(sent: Sentence, a: int, b: int) -> int:
    return len(re.findall(r"[\w'-]+", sent.text[a - sent.start: b - sent.start]))


def _granularity(kind: str) -> str:
    return {"period": "week", "year": "year", "my": "month"}.get(kind, "day")


def infer_publication(extractor: DateExtractor, doc: Document, sents: list[Sentence],
                      today: dt.date | None = None) -> tuple[dt.date, str] | None:
    """The latest explicit day in the text, when the text pins its year: a full date, or a weekday with a month-day
    ("Saturday (Nov 30)") whose year is the latest one, not after today and not before any year the text mentions,
    on which that month-day falls on that weekday. Returns the date and what it was inferred from."""
    today = today or dt.date.today()
    years = [int(y) for y in re.findall(rf"(?<!\d){_YEAR}(?!\d)", doc.text[doc.body_start:])]
    floor = max(years) if years else None
    candidates: list[tuple[dt.date, str]] = []
    for sent in sents:
        for kind, m in extractor.matches(doc.text, sent.start, sent.end):
            g = m.groupdict()
            where = f"'{m.group().strip()}' (line {doc.position(m.start())[0]})"
            if kind == "iso" or (kind in ("md", "dm", "wd_md") and g.get("y")):
                r = extractor.resolve(kind, m, None, False)
                if r and r.start:
                    candidates.append((r.start, where))
            elif kind == "wd_md":
                mon = _month(g.get("mon") or g.get("mon2") or "")
                day = int(re.match(r"\d+", g.get("day") or g.get("day2") or "").group())  # type: ignore[union-attr]
                wd = WEEKDAYS.index(g["wd"].lower())
                # the latest year, not after today and not before any year the text mentions, that puts this
                # month-day on this weekday (a weekday repeats on a date every 5, 6 or 11 years)
                for y in range(today.year, (floor or today.year - 11) - 1, -1):
                    try:
                        d = dt.date(y, mon, day)
                    except ValueError:
                        continue
                    if d.weekday() == wd and d <= today:
                        candidates.append((d, where))
                        break
    if not candidates:
        return None
    return max(candidates)
