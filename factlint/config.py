"""Configuration: `factlint.yaml` (or `.factlint.yaml`) or `[tool.factlint]` in `pyproject.toml`; the nearest one up
from the working directory wins. Paths in it are relative to the file's folder. Unknown keys are errors.

    paths: [articles/]             # what `factlint lint` reads when given no paths
    exclude: ["drafts/"]           # gitignore-style patterns, relative to this file's folder
    rules: [rules/]                # rule files or folders (default: ./rules when it exists, else builtin:generic)
    fail-on: warning               # error | warning | info
    disable: {"wire/*": [name-spelling]}   # per-path rule disables (a glob -> rule ids, or [all])
    dates: {"articles/undated.txt": 2024-11-30}   # publication dates for files that carry none
    baseline: .factlint-baseline.json
    suppressions: factlint-suppressions.yaml
    select: [toll-never-decreases, canonical-name]   # rules to run (ids, types or globs; default all)
    ignore: [undated-document]     # rules not to run
    cache: true                    # keep each document's facts between runs (default true)
    cache-dir: .factlint_cache     # where (default: beside this file)
    jobs: 4                        # processes that read documents (default: the cores; 1 for names only)
    scheduler: tcp://10.0.0.5:8786 # run on a Dask cluster (or `local`; needs the dask extra)
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factlint.corpus import Excludes, display_path
from factlint.errors import ConfigError
from factlint.model import SEVERITIES
from factlint.yamlpos import did_you_mean, load_file

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

KEYS = ("paths", "exclude", "rules", "fail-on", "disable", "dates", "baseline", "suppressions", "select", "ignore",
        "cache", "cache-dir", "jobs", "scheduler")
YAML_NAMES = ("factlint.yaml", ".factlint.yaml", "factlint.yml")
NUL_IN_PATH = "a path cannot contain a NUL character"


@dataclass
class Config:
    file: Path | None = None
    paths: list[Path] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    rules: list[Path] = field(default_factory=list)
    fail_on: str | None = None
    disable: dict[str, list[str]] = field(default_factory=dict)
    dates: dict[str, dt.date] = field(default_factory=dict)
    baseline: Path | None = None
    suppressions: Path | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    cache: bool = True
    cache_dir: Path | None = None
    jobs: int | None = None
    scheduler: str | None = None

    def excludes(self) -> Excludes:
        return Excludes(self.exclude, self.file.parent if self.file else None)

    def disabled_for(self, path: str) -> set[str]:
        out: set[str] = set()
        for pattern, rules in self.disable.items():
            if fnmatch.fnmatch(path, pattern):
                out.update(rules)
        return out


def find(start: Path) -> Path | None:
    for folder in (start.resolve(), *start.resolve().parents):
        for name in YAML_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_section(pyproject):
            return pyproject
    return None


def _has_tool_section(path: Path) -> bool:
    try:
        return "tool" in (data := _read_toml(path)) and "factlint" in data["tool"]
    except ConfigError:
        return True  # a broken pyproject.toml that mentions factlint is reported, not skipped
    except (OSError, ValueError):  # unreadable or not TOML: not our configuration
        return False


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data: dict[str, Any] = tomllib.load(fh)
            return data
    except (ValueError, RecursionError) as exc:  # TOMLDecodeError and UnicodeDecodeError are ValueErrors
        if "factlint" in path.read_text(encoding="utf-8", errors="replace"):
            raise ConfigError(_toml_problem(exc), str(path)) from None
        raise
    except OSError as exc:
        raise ConfigError(f"cannot read ({exc.strerror})", str(path)) from None


def _toml_problem(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text (byte {exc.start})"
    if isinstance(exc, RecursionError):
        return "invalid TOML: nested too deeply"
    return f"invalid TOML: {exc}".split(";")[0]  # the digit limit's advice to call sys.set_int_max_str_digits


def load(path: Path) -> Config:
    shown = str(path)
    if path.name == "pyproject.toml":
        section = _read_toml(path).get("tool", {}).get("factlint", {})
        text = path.read_text(encoding="utf-8", errors="replace")
        return _build(path, section,
                      lambda key, msg: ConfigError(f"tool.factlint.{key}: {msg}", shown, _toml_line(text, key)))
    root = load_file(str(path), shown)
    if root is None:
        return Config(file=path)
    if not isinstance(root.value, dict):
        raise root.error("expected a mapping of configuration keys")
    return _build(path, root.plain(), lambda key, msg: root.error(msg, key))


def _toml_line(text: str, key: str) -> int | None:
    in_section = False
    for n, line in enumerate(text.splitlines(), 1):
        if re.match(r"\s*\[", line):
            in_section = bool(re.match(r"\s*\[tool\.factlint(?:\.|\])", line))
        elif in_section and re.match(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=", line):
            return n
    return None


def _rebase(base: Path, pattern: str) -> str:
    """A glob written relative to the config's folder, in the form findings show paths (relative to the working
    directory), so it still matches when factlint runs from a subfolder. A bare name or glob ("drafts", "*.md")
    matches at any depth and stays as written."""
    if "/" not in pattern.rstrip("/"):
        return pattern
    return display_path(base / pattern)


def _build(path: Path, raw: dict[str, Any], fail: Callable[[str, str], ConfigError]) -> Config:
    base = path.parent
    cfg = Config(file=path)
    if not isinstance(raw, dict):
        raise ConfigError("[tool.factlint] must be a table", str(path))
    for key in raw:
        if key not in KEYS:
            raise fail(key, f"unknown key{did_you_mean(key, KEYS)}; expected one of: {', '.join(KEYS)}")

    def str_list(key: str) -> list[str]:
        value = raw.get(key, [])
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, "expected a list of strings")
        if any("\0" in v for v in value):
            raise fail(key, NUL_IN_PATH)
        return list(value)

    cfg.paths = [base / p for p in str_list("paths")]
    cfg.exclude = str_list("exclude")
    cfg.rules = [base / p for p in str_list("rules")]
    if "fail-on" in raw:
        if raw["fail-on"] not in SEVERITIES:
            raise fail("fail-on", f"'{raw['fail-on']}' is not one of: {', '.join(SEVERITIES)}")
        cfg.fail_on = raw["fail-on"]
    disable = raw.get("disable", {})
    if not isinstance(disable, dict):
        raise fail("disable", "expected a mapping of path globs to lists of rule ids")
    for pattern, rules in disable.items():
        rules = [rules] if isinstance(rules, str) else rules
        if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
            raise fail("disable", f"'{pattern}': expected a list of rule ids")
        cfg.disable[_rebase(base, str(pattern))] = list(rules)
    dates = raw.get("dates", {})
    if not isinstance(dates, dict):
        raise fail("dates", "expected a mapping of paths to dates")
    for name, value in dates.items():
        if "\0" in str(name):
            raise fail("dates", NUL_IN_PATH)
        try:
            day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        except ValueError:
            raise fail("dates", f"'{name}': '{value}' is not a date (YYYY-MM-DD)") from None
        cfg.dates[display_path(base / str(name))] = day
    for key in ("baseline", "suppressions"):
        if key in raw:
            if not isinstance(raw[key], str):
                raise fail(key, "expected a path")
            if "\0" in raw[key]:
                raise fail(key, NUL_IN_PATH)
            setattr(cfg, key, base / raw[key])
    cfg.select, cfg.ignore = str_list("select"), str_list("ignore")
    if "cache" in raw:
        if not isinstance(raw["cache"], bool):
            raise fail("cache", "expected true or false")
        cfg.cache = raw["cache"]
    if "cache-dir" in raw:
        if not isinstance(raw["cache-dir"], str):
            raise fail("cache-dir", "expected a path")
        cfg.cache_dir = base / raw["cache-dir"]
    if "jobs" in raw:
        if isinstance(raw["jobs"], bool) or not isinstance(raw["jobs"], int) or raw["jobs"] < 1:
            raise fail("jobs", "expected a whole number of processes, 1 or more")
        cfg.jobs = raw["jobs"]
    if "scheduler" in raw:
        if not isinstance(raw["scheduler"], str) or not raw["scheduler"].strip():
            raise fail("scheduler", "expected the address of a Dask scheduler (tcp://HOST:8786) or local")
        cfg.scheduler = raw["scheduler"].strip()
    return cfg
