"""Offsets (code points) <-> LSP positions in each encoding: round trips, and the widths of characters outside the
Basic Multilingual Plane."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factlint.lsp.positions import ENCODINGS, LineIndex, units

TEXTS = st.lists(st.sampled_from(["a", "é", "😀", "𝐀", "中", "\n", "\r", "\r\n", " "]), max_size=40).map("".join)
BYTES_PER_UNIT = {"utf-8": 1, "utf-16": 2, "utf-32": 4}
CODEC = {"utf-8": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}


@given(TEXTS, st.data())
def test_round_trip(text: str, data: st.DataObject) -> None:
    offset = data.draw(st.integers(0, len(text)))
    if 0 < offset < len(text) and text[offset - 1:offset + 1] == "\r\n":
        offset -= 1  # between \r and \n is no position of its own
    for enc in ENCODINGS:
        index = LineIndex(text, enc)
        line, character = index.position(offset)
        assert index.offset(line, character) == offset
        before = text[:offset].replace("\r\n", "\n").replace("\r", "\n")
        assert line == before.count("\n")
        on_line = before.rsplit("\n", 1)[-1]
        assert character == len(on_line.encode(CODEC[enc])) // BYTES_PER_UNIT[enc]


@pytest.mark.parametrize(("enc", "width"), [("utf-16", 2), ("utf-32", 1), ("utf-8", 4)])
def test_a_character_outside_the_bmp(enc: str, width: int) -> None:
    text = "x 😀 Khan\r\nsecond 𝐀 line"
    index = LineIndex(text, enc)
    assert units("😀", enc) == width
    assert index.position(text.index("Khan")) == (0, 3 + width)
    assert index.position(text.index("line")) == (1, 8 + width)
    assert index.offset(1, 7 + width) == text.index(" line")
    assert index.offset(0, 99) == text.index("\r")  # past the end of a line: its end
    assert index.offset(5, 0) == len(text)
