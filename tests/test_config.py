"""Configuration through the CLI: discovery from subfolders (nearest wins), every key, and errors that name the file
and key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import Result, evidence_paths, write

STORY = Path(__file__).resolve().parent / "data" / "story"

WED = "date 2024-11-30 Rebels launched an offensive on Wednesday near Aleppo.\n"
THU = "date 2024-11-30 Rebels launched an offensive on Thursday near Aleppo.\n"
MISSPELT = "date 2024-11-30 The convoy moved toward Khan Cheikhoun.\n"
UNDATED_THU = "Rebels launched an offensive on Thursday near Aleppo.\n"


def project(root: Path, files: dict[str, str]) -> Path:
    """The story's rules in ./story (not ./rules, so only a config that names them loads them) and the files."""
    shutil.copytree(STORY, root / "story")
    return write(root, files)


def found(r: Result) -> list[tuple[str, list[str]]]:
    return [(f["rule"], [Path(p).name for p in evidence_paths(f)]) for f in r.findings()]


# --- discovery -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["factlint.yaml", "pyproject.toml"])
@pytest.mark.parametrize("cwd", [".", "articles", "notes/deep"])
def test_config_is_found_from_a_subfolder(run, tmp_path: Path, kind: str, cwd: str) -> None:  # type: ignore[no-untyped-def]
    config = {
        "factlint.yaml": "paths: [articles]\nrules: [story]\nfail-on: warning\n",
        "pyproject.toml": '[project]\nname = "x"\n\n[tool.factlint]\npaths = ["articles"]\nrules = ["story"]\n'
                          'fail-on = "warning"\n',
    }[kind]
    project(tmp_path, {kind: config, "articles/a.txt": WED, "articles/c.txt": MISSPELT, "elsewhere/b.txt": THU})
    (tmp_path / "notes" / "deep").mkdir(parents=True)
    r = run("lint", "--format", "json", cwd=tmp_path / cwd)
    assert r.code == 1  # fail-on: warning
    assert found(r) == [("name-spelling", ["c.txt"])]  # paths: only articles/, with the story's gazetteer
    assert r.json["summary"]["documents"] == 2


def test_nearest_config_wins(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project(tmp_path, {
        "pyproject.toml": '[tool.factlint]\npaths = ["articles"]\nrules = ["story"]\nfail-on = "error"\n',
        "sub/factlint.yaml": "paths: [../articles]\nrules: [../story]\nfail-on: warning\n",
        "sub/plain/pyproject.toml": '[project]\nname = "not-factlint"\n',  # no [tool.factlint]: skipped
        "articles/a.txt": WED, "articles/c.txt": MISSPELT,
    })
    (tmp_path / "other").mkdir()
    assert run("lint", cwd=tmp_path / "sub").code == 1
    assert run("lint", cwd=tmp_path / "sub" / "plain").code == 1
    assert run("lint", cwd=tmp_path / "other").code == 0
    assert run("lint", cwd=tmp_path).code == 0


def test_explicit_config_file(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project(tmp_path, {"ci/factlint.yaml": "paths: [../articles]\nrules: [../story]\nfail-on: warning\n",
                       "articles/c.txt": MISSPELT})
    assert run("lint").code == 0  # not found from the root
    r = run("lint", "--config", "ci/factlint.yaml", "--format", "json")
    assert r.code == 1 and found(r) == [("name-spelling", ["c.txt"])]


# --- keys ----------------------------------------------------------------------------------------------------------


def test_paths_and_explicit_paths(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project(tmp_path, {"factlint.yaml": "paths: [articles, wire/w.txt]\nrules: [story]\n",
                       "articles/a.txt": WED, "wire/w.txt": WED, "wire/x.txt": THU, "b.txt": THU})
    r = run("lint", "--format", "json")
    assert r.code == 0 and r.json["summary"]["documents"] == 2
    r = run("lint", "articles", "b.txt", "--format", "json")  # paths on the command line replace the config's
    assert r.code == 1 and found(r) == [("event-date-agreement", ["a.txt", "b.txt"])]


@pytest.mark.parametrize("pattern", ["articles/drafts/*", "articles/drafts", "drafts", "*/drafts/*"])
def test_exclude(run, tmp_path: Path, pattern: str) -> None:  # type: ignore[no-untyped-def]
    project(tmp_path, {"factlint.yaml": f"paths: [articles]\nrules: [story]\nexclude: ['{pattern}']\n",
                       "articles/a.txt": WED, "articles/drafts/d.txt": THU})
    r = run("lint", "--format", "json")
    assert r.code == 0 and r.findings() == []
    assert r.json["summary"]["documents"] == 1


def test_rules_from_the_config(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project(tmp_path, {"articles/a.txt": WED, "articles/b.txt": THU})
    assert run("lint", "articles").code == 0  # the generic set knows no events
    write(tmp_path, {"factlint.yaml": "rules: [story/story.yaml]\n"})
    r = run("lint", "articles", "--format", "json")
    assert r.code == 1 and found(r) == [("event-date-agreement", ["a.txt", "b.txt"])]
    write(tmp_path, {"factlint.yaml": "rules: [no-such-folder]\n"})
    r = run("lint", "articles")
    assert r.code == 2 and "factlint.yaml" in r.err and "no-such-folder" in r.err


def test_fail_on_from_the_config_and_the_command_line_wins(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project(tmp_path, {"factlint.yaml": "paths: [articles]\nrules: [story]\nfail-on: info\n", "articles/c.txt": MISSPELT})
    assert run("lint").code == 1
    assert run("lint", "--fail-on", "error").code == 0


@pytest.mark.parametrize(("disable", "expected"), [
    ("{'wire/*': [name-spelling]}", [("name-spelling", ["c.txt"])]),
    ("{'wire/*': [all]}", [("name-spelling", ["c.txt"])]),
    ("{'wire/*': [event-date-agreement]}", [("name-spelling", ["c.txt"]), ("name-spelling", ["w.txt"])]),
    ("{'*': name-spelling}", []),
])
def test_disable_per_path(run, tmp_path: Path, disable: str, expected: list[tuple[str, list[str]]]) -> None:  # type: ignore[no-untyped-def]
    project(tmp_path, {"factlint.yaml": f"paths: [articles, wire]\nrules: [story]\ndisable: {disable}\n",
                       "articles/c.txt": MISSPELT, "wire/w.txt": MISSPELT})
    assert found(run("lint", "--format", "json")) == expected


def test_disable_keeps_a_contradiction_with_an_enabled_path(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project(tmp_path, {"factlint.yaml": "paths: [articles, wire]\nrules: [story]\ndisable: {'wire/*': [all]}\n",
                       "articles/a.txt": WED, "wire/w.txt": THU, "wire/x.txt": WED})
    r = run("lint", "--format", "json")
    assert r.code == 1 and found(r) == [("event-date-agreement", ["a.txt", "w.txt", "x.txt"])]


def test_disable_hides_a_spelling_in_wire_copy_listed_elsewhere(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project(tmp_path, {"factlint.yaml": "paths: [articles, wire]\nrules: [story]\ndisable: {'wire/*': [name-spelling]}\n",
                       "articles/a.txt": "date 2024-11-30 Fighting reached Khan Sheikhun.\n", "wire/w.txt": MISSPELT})
    assert found(run("lint", "--format", "json")) == []


def test_dates_map(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project(tmp_path, {"pyproject.toml": '[tool.factlint]\npaths = ["articles"]\nrules = ["story"]\n'
                                         'dates = {"articles/undated.txt" = "2024-11-30"}\n',
                       "articles/a.txt": WED, "articles/undated.txt": UNDATED_THU})
    r = run("lint", "--format", "json")
    assert r.code == 1 and found(r) == [("event-date-agreement", ["a.txt", "undated.txt"])]


@pytest.mark.parametrize("cwd", ["articles", "notes"])
def test_config_paths_are_relative_to_its_folder_from_a_subfolder(run, tmp_path: Path, cwd: str) -> None:  # type: ignore[no-untyped-def]
    """dates, exclude and disable name paths relative to the config file, wherever factlint runs."""
    project(tmp_path, {
        "factlint.yaml": "paths: [articles, wire]\nrules: [story]\nexclude: [articles/drafts/*]\n"
                         "disable: {'wire/*': [name-spelling]}\ndates: {articles/undated.txt: 2024-11-30}\n",
        "articles/a.txt": WED, "articles/undated.txt": UNDATED_THU, "articles/drafts/d.txt": MISSPELT,
        "wire/w.txt": MISSPELT,
    })
    (tmp_path / "notes").mkdir()
    r = run("lint", "--format", "json", cwd=tmp_path / cwd)
    assert found(r) == [("event-date-agreement", ["a.txt", "undated.txt"])]
    assert r.json["summary"]["documents"] == 3


# --- errors --------------------------------------------------------------------------------------------------------


def test_unknown_yaml_key_names_file_line_and_key(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project(tmp_path, {"factlint.yaml": "paths: [articles]\nfail-onn: warning\n", "articles/a.txt": WED})
    (tmp_path / "articles" / "sub").mkdir()
    r = run("lint", cwd=tmp_path / "articles" / "sub")
    assert r.code == 2
    [line] = r.err.splitlines()
    assert line.startswith(f"factlint: {tmp_path / 'factlint.yaml'}:2:")
    assert "fail-onn" in line and "'fail-on'" in line


def test_unknown_toml_key_names_file_line_and_key(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project(tmp_path, {"pyproject.toml": '[project]\nname = "x"\n\n[tool.factlint]\npaths = ["articles"]\nexlude = []\n',
                       "articles/a.txt": WED})
    r = run("lint")
    assert r.code == 2
    [line] = r.err.splitlines()
    assert line.startswith(f"factlint: {tmp_path / 'pyproject.toml'}:6:")
    assert "tool.factlint.exlude" in line and "'exclude'" in line


@pytest.mark.parametrize(("config", "key"), [
    ("fail-on: fatal\n", "fail-on"),
    ("paths: 3\n", "paths"),
    ("exclude: {a: b}\n", "exclude"),
    ("dates: {a.txt: 30/11/2024}\n", "dates"),
    ("disable: [name-spelling]\n", "disable"),
    ("baseline: [x]\n", "baseline"),
    ("- paths\n", ""),
])
def test_invalid_values_exit_2_naming_the_file(run, tmp_path: Path, config: str, key: str) -> None:  # type: ignore[no-untyped-def]
    project(tmp_path, {"factlint.yaml": config, "a.txt": WED})
    r = run("lint", "a.txt")
    assert r.code == 2
    assert "factlint.yaml:1:" in r.err and key in r.err
    assert "Traceback" not in r.err


def test_broken_pyproject_that_configures_factlint_exits_2(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project(tmp_path, {"pyproject.toml": '[tool.factlint]\npaths = ["articles"\n', "a.txt": WED})
    r = run("lint", "a.txt")
    assert r.code == 2 and "pyproject.toml" in r.err
