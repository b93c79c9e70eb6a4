"""factlint: a fact-consistency linter for prose."""

__version__ = "0.1.0"
