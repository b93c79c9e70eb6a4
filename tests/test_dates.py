"""Date expressions in news wording: what they resolve to against the publication date, and what they date."""

from __future__ import annotations

import re

import pytest

from factlint.documents import make_document
from factlint.extract import Extractor
from factlint.model import DateFact, Event
from factlint.runner import load_rules, make_extractor

GENERIC = load_rules([])
EXTRACTOR = make_extractor(GENERIC)
EVENTS = (
    Event("quake", "the earthquake", (re.compile(r"\b(?:earth)?quakes?\b"), re.compile(r"tremor jolted"))),
    Event("collapse", "the mine collapse", (re.compile(r"mine collapsed"),)),
    Event("ceasefire", "the ceasefire", (re.compile(r"ceasefire took effect"),)),
    Event("toll", "the toll announcement", (re.compile(r"announced"),)),
)
LINKER = Extractor((), EVENTS, GENERIC.lexicon)


def dates(text: str, published: str | None = "2025-03-12", extractor: Extractor = EXTRACTOR) -> list[DateFact]:
    head = f"---\ndate: {published}\n---\n" if published else ""
    _, facts = extractor.extract(make_document("a.txt", head + text + "\n"))
    return [f for f in facts if isinstance(f, DateFact)]


def values(text: str, published: str | None = "2025-03-12") -> list[tuple[str, str | None]]:
    return [(f.span.text, f.value) for f in dates(text, published)]


@pytest.mark.parametrize("sentence, expected", [  # published Wednesday 2025-03-12
    ("The bridge was built in 1998 and rebuilt in 2016.", [("in 1998", "1998"), ("in 2016", "2016")]),
    ("Floods struck in July, after the driest June on record.", [("in July", "2024-07")]),
    ("Elections are due in July.", [("in July", "2025-07")]),
    ("The dam burst last June.", [("last June", "2024-06")]),
    ("Repairs will start in early March.", [("in early March", "2025-03")]),
    ("Prices rose last month and again this month.", [("last month", "2025-02"), ("this month", "2025-03")]),
    ("The town was flooded four years ago and again two weeks ago.",
     [("four years ago", "2021"), ("two weeks ago", "2025-W09")]),
    ("A dozen people died three days ago.", [("three days ago", "2025-03-09")]),
    ("Tourism fell this year and will recover next year.", [("this year", "2025"), ("next year", "2026")]),
    ("The drought began last summer.", [("last summer", "2024-SU")]),
    ("Sales rose in the third quarter of 2024 and fell in the first quarter.",
     [("in the third quarter of 2024", "2024-Q3"), ("in the first quarter", "2025-Q1")]),
    ("The company lost money in the fourth quarter.", [("in the fourth quarter", "2024-Q4")]),
    ("Revenue for fiscal 2023 was flat.", [("for fiscal 2023", "2023")]),
    ("The ministry reported more cases earlier this week.", [("earlier this week", "2025-W11")]),
    ("Rents doubled in the 1990s, the fastest rise since the 19th century.",
     [("in the 1990s", "199"), ("since the 19th century", "18")]),
    ("The quake struck on New Year's Day.", [("on New Year's Day", "2025-01-01")]),
    ("The camp now holds 4,000 people; it recently doubled and may grow in the future.",
     [("now", "PRESENT_REF"), ("recently", "PAST_REF"), ("in the future", "FUTURE_REF")]),
    ("The storm hit on Saturday, March 8, 2025.", [("on Saturday, March 8, 2025", "2025-03-08")]),
    ("The storm hit on Saturday (March 8).", [("on Saturday (March 8)", "2025-03-08")]),
    ("The deadline was extended to March 30.", [("to March 30", "2025-03-30")]),
    ("The plant closed in March 2023 and reopened the following month.",
     [("in March 2023", "2023-03"), ("the following month", "2023-04")]),
    ("Floods hit in 2019; that year, 40 people died.", [("in 2019", "2019"), ("that year", "2019")]),
    ("Talks end at the end of the month.", [("at the end of the month", "2025-03")]),
    ("Prices may rise in the coming months.", [("in the coming months", "FUTURE_REF")]),
    ("The war started on October 7.", [("on October 7", "2024-10-07")]),
    ("Schools reopen on October 7.", [("on October 7", "2024-10-07")]),
    ("Schools will reopen on October 7.", [("on October 7", "2025-10-07")]),
])
def test_resolution(sentence: str, expected: list[tuple[str, str | None]]) -> None:
    assert values(sentence) == expected


def test_explicit_dates_need_no_publication_date_and_open_years_stay_open() -> None:
    assert values("The floods of 2022 came before the fire of August 9, a Monday.", None) == [
        ("of 2022", "2022"), ("of August 9", "XXXX-08-09")]
    [open_date] = [f for f in dates("The fire broke out on August 9.", None)]
    assert (open_date.start, open_date.end, open_date.granularity) == (None, None, "day")


def test_refs_and_quarters_date_no_days_without_a_quarter_spoken_of() -> None:
    [now] = dates("Officials now fear more deaths.")
    assert (now.value, now.start, now.end, now.granularity) == ("PRESENT_REF", None, None, "ref")
    # "the quarter" is the one the text spoke of; without one it is a part of a city, not a date
    assert values("Shells fell on the old quarter.") == []
    assert values("Profit rose in the third quarter. In the quarter, sales fell; a year earlier they rose.") == [
        ("in the third quarter", "2024-Q3"), ("In the quarter", "2024-Q3"), ("a year earlier", "2023-Q3")]


def test_names_and_other_calendars_are_not_dates() -> None:
    assert values("He told USA Today that the Lunar New Year parade was cancelled.") == []
    assert values("May the victims rest in peace, and may June Carter sing.") == []
    assert values("Flight 2024 landed with 1990 passengers on board.") == []


def test_datelines_date_the_report_and_no_event() -> None:
    for text in ("LIMA, March 4 - A tremor jolted the coast, killing 12.",
                 "LIMA, March 4 (Reuters) - A tremor jolted the coast, killing 12.",
                 "Lima/Callao, March 4 (AFP) A tremor jolted the coast, killing 12."):
        [dateline] = dates(text, "2025-03-04", LINKER)
        assert (dateline.span.text, dateline.value, dateline.event) == ("March 4", "2025-03-04", None)


@pytest.mark.parametrize("sentence, expected", [
    ("The quake struck on Monday, killing 40.", [("on Monday", "quake")]),
    ("A tremor jolted Dingri county near the Nepal border at 9:05 am on January 7, 2025, flattening homes.",
     [("on January 7, 2025", "quake")]),
    # the date dates the count, not the event the count is of
    ("The death toll from the quake rose to 202 on Tuesday.", [("on Tuesday", None)]),
    # a reporting date, a deadline
    ("Officials said on Friday that the quake killed 20.", [("on Friday", None)]),
    ("Survivors of the quake will be housed in tents until Sunday.", [("until Sunday", None)]),
    # the date belongs to the main clause, the trigger to a subordinate one
    ("Rescuers were searching on Monday for miners missing since the mine collapsed.", [("on Monday", None)]),
    # a relative clause is about its noun
    ("Hundreds died in the earthquake that shook the region on New Year's Day.", [("on New Year's Day", "quake")]),
    # the date as a modifier of the event's noun
    ("Relief for victims of the March 3 quake arrived late.", [("March 3", "quake")]),
    # each trigger goes to its nearest date
    ("Rebels pressed an offensive on Thursday as a ceasefire took effect in Lebanon on Wednesday.",
     [("on Thursday", None), ("on Wednesday", "ceasefire")]),
    # a year dates an event only right beside it
    ("The town has not seen such a quake since 2016, when floods also came.", [("since 2016", None)]),
    # a report that is the event itself
    ("Saudi authorities announced on Sunday that 1,301 pilgrims had died.", [("on Sunday", "toll")]),
    ("Now the quake zone is quiet.", [("Now", None)]),
    # an "after" clause with no date of its own happened at the date of the clause before
    ("The toll climbed to 290 on Friday after a quake struck the north.", [("on Friday", "quake")]),
    ("Shops reopened on Friday after the quake struck on Tuesday.", [("on Friday", None), ("on Tuesday", "quake")]),
    # a headline run into its text is a clause of its own
    ("Rescuers search ruins after quake\nOn Sunday rescuers searched the town.", [("On Sunday", None)]),
])
def test_event_of_a_date_is_the_one_its_clause_is_about(sentence: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(f.span.text, f.event) for f in dates(sentence, "2025-03-12", LINKER)] == expected


def test_the_same_day_takes_the_date_before_it_and_links_like_any_date() -> None:
    got = [(f.span.text, f.value, f.event) for f in dates(
        "Floods hit the capital on Monday. A quake struck the north the same day.", "2025-03-12", LINKER)]
    assert got == [("on Monday", "2025-03-10", None), ("the same day", "2025-03-10", "quake")]
