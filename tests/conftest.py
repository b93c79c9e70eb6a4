"""Shared test helpers: small corpora in temporary folders, run through the real CLI entry point."""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from factlint.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
RULES = ROOT / "rules"


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def json(self) -> Any:
        return json.loads(self.out)

    def findings(self, rule: str | None = None) -> list[dict[str, Any]]:
        return [f for f in self.json["findings"] if rule is None or f["rule"] == rule]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Run `factlint ARGS` in `cwd` (default tmp_path) and capture exit code, stdout and stderr."""
    def _run(*args: str, cwd: Path | None = None) -> Result:
        monkeypatch.chdir(cwd or tmp_path)
        monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return Result(code, out, err)
    return _run


def write(root: Path, files: dict[str, str]) -> Path:
    """Write a small corpus: {relative path: text}; text is dedented."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def evidence_paths(finding: dict[str, Any]) -> list[str]:
    return sorted({ev["path"] for ev in finding["evidence"]})


def refused_rules(run, root: Path, text: str) -> Result:  # type: ignore[no-untyped-def]
    """Lint a trivial document with `text` as the only rule file (bad.yaml); the run must stop with exit 2."""
    (root / "doc.txt").write_text("---\ndate: 2024-11-30\n---\nNothing happened.\n", encoding="utf-8")
    (root / "bad.yaml").write_text(text, encoding="utf-8")
    r: Result = run("lint", "doc.txt", "--rules", "bad.yaml", "--format", "json", cwd=root)
    return r


def refusal_line(run, root: Path, text: str) -> str:  # type: ignore[no-untyped-def]
    """The one stderr line of a refused rule file: no output, no traceback, exit 2."""
    r = refused_rules(run, root, text)
    assert (r.code, r.out) == (2, "")
    assert "Traceback" not in r.err
    [line] = r.err.strip().splitlines()
    return line


def write_rules(root: Path, rules: tuple[dict[str, Any], ...] | list[dict[str, Any]],
                story: dict[str, Any] | None = None) -> Path:
    """root/rules.yaml holding the given rules, after a story's `entities:`/`events:` when given."""
    import yaml

    path = root / "rules.yaml"
    doc = {"factlint": ">=0.1", **(story or {}), "rules": list(rules)}
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def lint_json(run, root: Path, files: dict[str, str], rules: tuple[dict[str, Any], ...],  # type: ignore[no-untyped-def]
              story: dict[str, Any] | None = None, path: str = ".") -> Result:
    """Write a corpus and a rule file, lint with --format json; the run must not be a usage error."""
    write(root, files)
    r: Result = run("lint", path, "--rules", str(write_rules(root, rules, story)), "--format", "json")
    assert r.code in (0, 1), r.err
    return r
