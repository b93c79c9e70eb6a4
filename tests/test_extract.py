"""Extraction on single sentences in varied news wording (not the seeds'): counts, dates, names."""

from __future__ import annotations

import pytest

from factlint.documents import make_document
from factlint.model import Count, DateFact, Entity
from factlint.runner import load_rules, make_extractor

EXTRACTOR = make_extractor(load_rules([]))


def facts(sentence: str, published: str | None = "2025-03-12"):  # type: ignore[no-untyped-def]
    head = f"---\ndate: {published}\n---\n" if published else ""
    _, out = EXTRACTOR.extract(make_document("a.txt", head + sentence + "\n"))
    return out


def counts(sentence: str) -> list[tuple[object, ...]]:
    return [(f.metric, f.who, f.low, f.high, f.qualifier) for f in facts(sentence) if isinstance(f, Count)]


@pytest.mark.parametrize("sentence, expected", [
    ("The landslide claimed the lives of 14 villagers.", [("killed", "people", 14, 14, "exact")]),
    ("A blast left nine workers dead and 31 injured.", [("killed", "people", 9, 9, "exact"),
                                                        ("wounded", "people", 31, 31, "exact")]),
    ("The number of fatalities stood at 212 on Wednesday.", [("killed", "people", 212, 212, "exact")]),
    ("Rescue teams said 46 bodies were recovered from the river.", [("killed", "people", 46, 46, "exact")]),
    ("At least 80 people remain unaccounted for, officials said.", [("missing", "people", 80, None, "at_least")]),
    ("Eleven passengers were hurt when the bus overturned.", [("wounded", "people", 11, 11, "exact")]),
    ("More than 3,000 people have been forced from their homes.", [("displaced", "people", 3001, None, "more_than")]),
    ("Authorities detained 12 suspects after the riot.", [("arrested", "people", 12, 12, "exact")]),
    ("Some 40 of the injured were in critical condition.", [("wounded", "people", 36, 44, "about")]),
    ("Four soldiers and two civilians died in the ambush.", [("killed", "troops", 4, 4, "exact"),
                                                            ("killed", "civilians", 2, 2, "exact")]),
    ("Nearly 100 people drowned when the ferry capsized.", [("killed", "people", 90, 99, "nearly")]),
    ("Dozens of migrants were reported missing.", [("missing", "migrants", 24, 99, "vague")]),
    ("About a dozen miners were rescued alive.", [("rescued", "people", 11, 13, "about")]),
    ("Floods have displaced 2.3 million people.", [("displaced", "people", 2300000, 2300000, "exact")]),
    ("Twenty-three people were killed.", [("killed", "people", 23, 23, "exact")]),
    # not counts of people: a population, an age, a distance, a duration
    ("The city of around two million people was shaken.", []),
    ("A 29-year-old man said the front stretched over 100km for five days.", []),
])
def test_counts(sentence: str, expected: list[tuple[object, ...]]) -> None:
    assert counts(sentence) == expected


def test_running_total_incident_projection_and_superseded_figures() -> None:
    [total] = [f for f in facts("The death toll from the quake has risen to 2,316, the ministry said.") if isinstance(f, Count)]
    assert (total.cumulative, total.status, total.source) == (True, "claim", "ministry")
    [strike] = [f for f in facts("A drone strike killed 16 people on Thursday alone.") if isinstance(f, Count)]
    assert strike.cumulative is False
    [projection] = [f for f in facts("Officials warned the toll could reach 20,000.") if isinstance(f, Count)]
    assert projection.status == "projection"
    old, new = [f for f in facts("The agency revised the toll from 150 to 132.") if isinstance(f, Count)]
    assert (old.status, old.low, new.status, new.low) == ("superseded", 150, "claim", 132)
    comparison = [f for f in facts("It was the deadliest since a 1939 quake that killed 33,000 people.") if isinstance(f, Count)]
    assert [(f.scope, f.cumulative) for f in comparison] == [("1939", False)]


def test_parts_and_sources() -> None:
    whole, part = [f for f in facts("The storm killed 23 people, among them eight children, state broadcaster NHK reported.")
                   if isinstance(f, Count)]
    assert part.part_of == whole.id and (part.who, part.low) == ("children", 8)
    assert whole.source == part.source == "NHK"
    text = ("The interior ministry said 40 people were killed. The ministry later said another 12 were missing.")
    sources = [f.source for f in facts(text) if isinstance(f, Count)]
    assert sources == ["interior ministry", "interior ministry"]
    [f] = [f for f in facts("Four soldiers died, a spokesman for the army said.") if isinstance(f, Count)]
    assert f.source == "army"


def dates(sentence: str, published: str | None = "2025-03-12") -> list[tuple[str, str | None]]:
    return [(f.span.text, f.value) for f in facts(sentence, published) if isinstance(f, DateFact)]


@pytest.mark.parametrize("sentence, expected", [  # published Wednesday 2025-03-12
    ("The dam burst on Monday.", [("on Monday", "2025-03-10")]),
    ("The dam burst on Wednesday.", [("on Wednesday", "2025-03-12")]),
    ("Talks will resume on Monday.", [("on Monday", "2025-03-17")]),
    ("The minister is due to visit on Friday.", [("on Friday", "2025-03-14")]),
    ("The strike came on Tuesday last week.", [("on Tuesday last week", "2025-03-04")]),
    ("Rain fell last Wednesday.", [("last Wednesday", "2025-03-05")]),
    ("Schools stay shut until Sunday.", [("until Sunday", "2025-03-16")]),
    ("The fire broke out yesterday and burned until tonight.", [("yesterday", "2025-03-11"), ("tonight", "2025-03-12")]),
    ("Aid arrived last week; more is expected next week.", [("last week", "2025-W10"), ("next week", "2025-W12")]),
    ("Cases rose earlier this month.", [("earlier this month", "2025-03")]),
    ("The quake struck on Feb 6, 2023 and again on 20 February.", [("on Feb 6, 2023", "2023-02-06"),
                                                                   ("on 20 February", "2025-02-20")]),
    ("The war began in 2011 and the siege lasted until 2016.", [("in 2011", "2011"), ("until 2016", "2016")]),
    ("As the search went on for a third day, hopes faded.", [("for a third day", "2025-03-10")]),
])
def test_dates(sentence: str, expected: list[tuple[str, str | None]]) -> None:
    assert dates(sentence) == expected


def test_relative_dates_stay_unresolved_without_a_publication_date() -> None:
    assert dates("The dam burst on Monday.", None) == [("on Monday", None)]


def test_names_exact_alias_normalised_fuzzy_acronym_and_unlisted() -> None:
    from factlint.extract.names import NameMatcher
    from factlint.extract.text import sentences

    entities = (Entity("rsf", "Rapid Support Forces", "organization", ()), Entity("kharkiv", "Kharkiv", "place", ("Kharkov",)),
                Entity("fasher", "El Fasher", "place", ()), Entity("hts", "Hayat Tahrir al-Sham", "organization", ()))
    matcher = NameMatcher(entities, EXTRACTOR.counts.lex)
    doc = make_document("a.txt", "The Rapid Support Forces (RSF) shelled Al-Fashir. The RSF denied it. Hayat Tahrir Al Sham "
                                 "and Kharkov were named. Colonel Jean-Pierre Mbala spoke.\n")
    found = [(m.surface, m.canonical, m.match) for m in matcher.extract(doc, sentences(doc))]
    assert ("Rapid Support Forces", "Rapid Support Forces", "exact") in found
    assert ("RSF", "Rapid Support Forces", "acronym") in found
    assert ("Al-Fashir", "El Fasher", "fuzzy") in found
    assert ("Hayat Tahrir Al Sham", "Hayat Tahrir al-Sham", "normalized") in found
    assert ("Kharkov", "Kharkiv", "alias") in found
    assert any(m == "unlisted" and "Jean-Pierre Mbala" in s for s, _, m in found)
