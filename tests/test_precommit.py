"""factlint under the real pre-commit, in a temporary git repository: a commit that adds a contradicting article is
refused, a consistent one goes through. The hook is `repo: local`, `language: system`, so pre-commit runs the
factlint of this environment and downloads nothing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

STORY = Path(__file__).resolve().parent / "data" / "story"

WED = "date 2024-11-30 Rebels launched an offensive on Wednesday near Aleppo.\n"
THU = "date 2024-11-30 Rebels launched an offensive on Thursday near Aleppo.\n"
MISSPELT = "date 2024-11-30 The convoy moved toward Khan Cheikhoun.\n"

HOOK = """\
repos:
  - repo: local
    hooks:
      - id: factlint
        name: factlint
        entry: factlint lint --focus
        language: system
        files: \\.(txt|md|markdown|ya?ml|jsonl|toml)$
        pass_filenames: true
        require_serial: true
"""


def test_hooks_file_declares_the_factlint_hook() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [hook] = [h for h in hooks if h["id"] == "factlint"]
    assert hook["pass_filenames"] is True
    assert hook["require_serial"] is True
    assert hook["entry"].split()[:3] == ["factlint", "lint", "--focus"]
    files = re.compile(hook["files"])
    assert all(files.search(p) for p in ["articles/a.txt", "notes.md", "rules/story.yaml", "pyproject.toml",
                                         "facts/x.jsonl", "facts/x.facts.yml"])
    assert not any(files.search(p) for p in ["photo.png", "script.py", "data.csv"])


class Repo:
    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.root, self.env = root, env

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(list(args), cwd=self.root, env=self.env, capture_output=True, text=True, timeout=120)
        if check and done.returncode != 0:
            raise AssertionError(f"{args} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
        return done

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("git", *args, check=check)

    def write(self, name: str, text: str) -> None:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def commit(self, message: str, *paths: str) -> subprocess.CompletedProcess[str]:
        self.git("add", *paths)
        return self.git("commit", "-m", message, check=False)

    def commits(self) -> int:
        return int(self.git("rev-list", "--count", "HEAD").stdout)


def factlint_command(bin_dir: Path) -> None:
    """`factlint` on PATH for the hook: this environment's console script, else a wrapper for `python -m factlint`."""
    script = Path(sys.executable).parent / "factlint"
    if script.is_file() and os.access(script, os.X_OK):
        (bin_dir / "factlint").symlink_to(script)
    else:
        wrapper = bin_dir / "factlint"
        wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m factlint "$@"\n', encoding="utf-8")
        wrapper.chmod(0o755)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    pytest.importorskip("pre_commit")
    root, bin_dir, home = tmp_path / "repo", tmp_path / "bin", tmp_path / "home"
    for d in (root, bin_dir, home):
        d.mkdir()
    factlint_command(bin_dir)
    (home / ".gitconfig").write_text("", encoding="utf-8")
    env = dict(os.environ)
    for key in list(env):
        if key.startswith(("GIT_", "PRE_COMMIT")) or key == "GITHUB_ACTIONS":
            del env[key]
    env.update(
        PATH=os.pathsep.join([str(bin_dir), env.get("PATH", "")]),
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
        GIT_CONFIG_GLOBAL=str(home / ".gitconfig"), GIT_CONFIG_NOSYSTEM="1",
        NO_COLOR="1", PRE_COMMIT_COLOR="never",
    )
    r = Repo(root, env)
    r.git("init", "-q")
    r.git("config", "user.email", "test@example.com")
    r.git("config", "user.name", "factlint tests")
    r.git("config", "commit.gpgsign", "false")
    shutil.copytree(STORY, root / "rules")
    r.write("pyproject.toml", '[project]\nname = "newsroom"\n\n[tool.factlint]\npaths = ["articles"]\nrules = ["rules"]\n')
    r.write(".pre-commit-config.yaml", HOOK)
    r.run(sys.executable, "-m", "pre_commit", "install")
    return r


def test_precommit_refuses_a_contradicting_article(repo: Repo) -> None:
    repo.write("articles/a.txt", WED)
    first = repo.commit("first article", "-A")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "factlint" in first.stdout + first.stderr  # the hook ran (and passed)

    repo.write("articles/b.txt", THU)
    refused = repo.commit("contradicting article", "articles/b.txt")
    assert refused.returncode != 0
    assert "event-date-agreement" in refused.stdout + refused.stderr
    assert "articles/b.txt" in refused.stdout + refused.stderr
    assert repo.commits() == 1

    repo.write("articles/b.txt", WED.replace("near Aleppo", "near Aleppo, residents said"))
    ok = repo.commit("consistent article", "articles/b.txt")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert repo.commits() == 2


def test_precommit_reports_only_findings_touching_the_commit(repo: Repo) -> None:
    repo.write("articles/a.txt", WED)
    assert repo.commit("first", "-A").returncode == 0
    # a contradiction already in the corpus (committed without the hook)...
    repo.write("articles/b.txt", THU)
    repo.git("add", "articles/b.txt")
    repo.git("commit", "-q", "--no-verify", "-m", "old contradiction")
    # ... does not block an unrelated article, and a warning does not fail the hook
    repo.write("articles/c.txt", MISSPELT)
    ok = repo.commit("unrelated article", "articles/c.txt")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "event-date-agreement" not in ok.stdout + ok.stderr
    # touching a rule file re-checks everything
    with (repo.root / "rules" / "story.yaml").open("a", encoding="utf-8") as fh:
        fh.write("# reviewed\n")
    refused = repo.commit("edit rules", "rules/story.yaml")
    assert refused.returncode != 0
    assert "event-date-agreement" in refused.stdout + refused.stderr
