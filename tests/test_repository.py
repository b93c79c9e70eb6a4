"""The repository stands on its own: nothing reads outside it, and the README's two commands are the real ones."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OUTSIDE = re.compile(r"\.\./shared|parents\[\d+\]\s*/\s*[\"']shared[\"']")


def _tracked() -> list[Path]:
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [ROOT / p for p in out.decode().split("\0") if p]


def test_nothing_reads_outside_the_repository() -> None:
    offenders = []
    for path in _tracked():
        if path.suffix not in (".py", ".sh", ".toml", ".cfg", ".yaml", ".yml", "") or not path.is_file():
            continue
        if path == Path(__file__):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if OUTSIDE.search(text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[: readme.index("## ", readme.index("## Start here") + 3)]
    return re.findall(r"```sh\n(.*?)\n```", head, re.S)


def test_readme_starts_with_an_install_and_a_test_command() -> None:
    install, tests = _readme_commands()[:2]
    assert "pip install -e ." in install and "factlint lint seeds/" in install
    assert "python -m pytest" in tests
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python -m pytest" in ci  # CI runs the README's test command


def test_ci_installs_at_least_the_extras_the_readme_test_command_installs() -> None:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]

    tests = _readme_commands()[1]
    wanted = re.search(r"\.\[([\w,]+)\]", tests)
    ci = re.search(r"-e \"\.\[([\w,]+)\]\"", (ROOT / ".ci" / "run").read_text(encoding="utf-8"))
    assert wanted is not None and ci is not None
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    installed = set(ci.group(1).split(","))
    for name in list(installed):  # an extra may pull in another: dev = ["factlint[test]", ...]
        installed |= {m for dep in extras.get(name, []) for m in re.findall(r"factlint\[([\w,]+)\]", dep)}
    assert set(wanted.group(1).split(",")) <= installed


def test_the_readme_rule_example_loads_and_its_tests_pass(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(factlint: \">=0\.1\".*?)```", readme, re.S)
    assert example is not None
    (tmp_path / "story.yaml").write_text(example.group(1), encoding="utf-8")
    r = run("test", "story.yaml")
    assert r.code == 0, r.out + r.err
    assert "PASS rescued-never-drops" in r.out
