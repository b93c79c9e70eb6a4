"""Regular expressions that come from rule files (event triggers, regex phrases of a lexicon) run with a time budget.

Python's `re` can take exponential time on some patterns ("(a+)+$" against forty a's and a b). A user's pattern is
compiled with the `regex` module, which takes a timeout; when a search runs over its budget, `PatternTimeout` says
which pattern, from which rule file and line, on which text. The runner reports it once, as a warning naming the
document, and goes on without that pattern: one bad pattern never hangs a run.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import regex

BUDGET_SECONDS = 0.5  # per search of one sentence: far beyond what any sane pattern needs


class PatternTimeout(Exception):
    """A user pattern that could not finish a search: over its time budget, or out of memory (regex gives up with
    MemoryError on some recursive patterns, "(?R)" beside deeply nested groups)."""

    def __init__(self, pattern: UserPattern, why: str = f"ran longer than {BUDGET_SECONDS} s") -> None:
        super().__init__(f"pattern '{pattern.source}' ({pattern.origin}) {why}")
        self.pattern = pattern


@dataclass(eq=False)
class UserPattern:
    """A compiled user pattern and where it was written. `disabled` is set once it has run over its budget."""

    source: str
    origin: str  # "file:line:col" in the rule file
    flags: int = regex.IGNORECASE
    disabled: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        self._compiled = regex.compile(self.source, self.flags | regex.VERSION0)

    @property
    def pattern(self) -> str:
        return self.source

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[regex.Match[str]]:
        if self.disabled:
            return iter(())
        end = len(text) if endpos is None else endpos
        try:
            return iter(list(self._compiled.finditer(text, pos, end, timeout=BUDGET_SECONDS)))
        except TimeoutError:
            raise PatternTimeout(self) from None
        except MemoryError:
            raise PatternTimeout(self, "ran out of memory") from None

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match[str] | None:
        if self.disabled:
            return None
        end = len(text) if endpos is None else endpos
        try:
            return self._compiled.search(text, pos, end, timeout=BUDGET_SECONDS)
        except TimeoutError:
            raise PatternTimeout(self) from None
        except MemoryError:
            raise PatternTimeout(self, "ran out of memory") from None


def compile_user(source: str, origin: str) -> UserPattern:
    """Compile a rule file's pattern; `regex.error` (a bad pattern) propagates for the loader to locate."""
    try:
        return UserPattern(source, origin)
    except ValueError as exc:  # regex refuses some inline flags ("(?a)(?u)", "(?V1)") with ValueError
        raise regex.error(str(exc)) from None
    except RecursionError:  # groups nested thousands deep
        raise regex.error("groups nested too deeply") from None
