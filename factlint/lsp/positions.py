"""Positions between factlint and LSP: factlint counts code points from 0 (offsets) or 1 (columns); LSP counts lines
and characters from 0, characters in the negotiated encoding's code units (UTF-16 unless the client offers another),
so an emoji before a span is 2 characters in UTF-16, 1 in UTF-32 and 4 in UTF-8. Lines end at \\r\\n, \\r or \\n, as in
both factlint and the LSP specification."""

from __future__ import annotations

import bisect
import re

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
ENCODINGS = ("utf-16", "utf-32", "utf-8")


def units(text: str, encoding: str = "utf-16") -> int:
    """The length of `text` in the encoding's code units."""
    if encoding == "utf-32":
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


class LineIndex:
    """Offsets <-> (line, character) for one text."""

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        self.text = text
        self.encoding = encoding if encoding in ENCODINGS else "utf-16"
        self._starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
        self._ends = [m.start() for m in _LINE_BREAK.finditer(text)] + [len(text)]  # where each line's text ends

    def position(self, offset: int) -> tuple[int, int]:
        """The 0-based (line, character) of a 0-based code-point offset (clamped to the text)."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._starts, offset) - 1
        return line, units(self.text[self._starts[line]:offset], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """The code-point offset of an LSP position; a character past the line's end means its end, one inside a
        character's code units means that character's start."""
        if line < 0:
            return 0
        if line >= len(self._starts):
            return len(self.text)
        start, end = self._starts[line], self._ends[line]
        used = 0
        for i in range(start, end):
            used += units(self.text[i], self.encoding)
            if used > character:
                return i
        return end
