"""What hover shows for each kind of fact, read by the real extractor, and which fact a position picks."""

from __future__ import annotations

from pathlib import Path

from factlint.documents import make_document
from factlint.lsp.hover import describe, fact_at
from factlint.model import Fact
from factlint.runner import load_rules, make_extractor

STORY = Path(__file__).resolve().parent / "data" / "story"
TEXT = ("date 2024-11-30 Fighting began last week; in March about 40 people died near Khan Cheikhoun, "
        "the Observatory said.")


def facts(text: str) -> list[Fact]:
    _, found = make_extractor(load_rules([STORY])).extract(make_document("x.txt", text))
    return found


def at(text: str, needle: str) -> Fact:
    fact = fact_at(facts(text), text, text.index(needle) + 1)
    assert fact is not None, needle
    return fact


def test_a_count_shows_its_interval_and_attribution() -> None:
    shown = describe(at(TEXT, "about 40"))
    assert "[36, 44]" in shown and "killed" in shown and "Khan Sheikhun" in shown and "2024-11-30" in shown


def test_dates_show_the_resolved_days() -> None:
    assert "2024-11-18..2024-11-24" in describe(at(TEXT, "last week")) and "2024-W47" in describe(at(TEXT, "last week"))
    assert "2024-03-01..2024-03-31" in describe(at(TEXT, "in March"))
    undated = "Rebels launched an offensive on Wednesday."
    shown = describe(at(undated, "on Wednesday"))
    assert "unresolved" in shown and "offensive-launch" in shown


def test_a_name_shows_its_entity() -> None:
    shown = describe(at(TEXT, "Khan Cheikhoun"))
    assert "Khan Sheikhun" in shown and "khan-sheikhun" in shown


def test_no_fact_where_the_text_has_changed_or_between_facts() -> None:
    found = facts(TEXT)
    assert fact_at(found, TEXT, TEXT.index("began")) is None
    moved = "An extra sentence. " + TEXT  # the facts were read from TEXT: their offsets no longer fit
    assert fact_at(found, moved, TEXT.index("about 40") + 1) is None
