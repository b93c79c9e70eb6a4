"""Typed errors that carry locations. The CLI is the one place that turns them into a message and exit code 2."""

from __future__ import annotations


class FactlintError(Exception):
    """A usage, configuration or input error: the run stops with exit code 2."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        return f"{where}error: {self.message}"


class ConfigError(FactlintError):
    """A bad rule file, facts file or configuration."""


class UsageError(FactlintError):
    """A bad command-line argument."""
