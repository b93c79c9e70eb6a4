"""The fact cache, processes and rule selection change what a run costs, never what it finds."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factlint.progress import Progress
from factlint.runner import load_rules, make_cache, read_corpus

RULES = ROOT / "rules"
SENTENCES = [
    "Rebels launched an offensive on Wednesday near Aleppo.",
    "Rebels launched an offensive on Thursday near Aleppo.",
    "The fighting has killed at least {n} people, the Syrian Observatory for Human Rights said.",
    "The Observatory said {n} civilians were among the dead.",
    "Troops moved toward Khan Cheikhoun and Hama.",
    "HTS fighters entered the city, Hayat Tahrir al-Sham said.",
]


def article(day: int, picks: list[int], n: int) -> str:
    body = " ".join(SENTENCES[i].format(n=n) for i in picks)
    return f"---\ndate: 2024-11-{day:02d}\n---\nFighting in Syria\n{body}\n"


def rows(corpus: Any) -> list[dict[str, Any]]:
    from factlint.model import fact_row

    return [fact_row(f) for f in corpus.table.facts]


def findings(root: Path, cache_dir: Path | None, jobs: int = 1) -> str:
    ruleset = load_rules([RULES])
    cache = make_cache(ruleset, cache_dir) if cache_dir else None
    corpus = read_corpus([root / "articles"], ruleset, root=root, cache=cache, jobs=jobs)
    from factlint.formats import FormatOptions, get
    from factlint.runner import lint

    return get("json")(lint(corpus, ruleset), FormatOptions())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.sampled_from(["add", "change", "remove"]), st.integers(0, 5),
                                st.integers(26, 30), st.lists(st.integers(0, 5), min_size=1, max_size=4),
                                st.integers(2, 500)), min_size=1, max_size=6))
def test_a_warm_run_finds_what_a_cold_run_finds(tmp_path: Path, edits: list[tuple[Any, ...]]) -> None:
    root = tmp_path / "corpus"
    shutil.rmtree(root, ignore_errors=True)
    (root / "articles").mkdir(parents=True)
    cache_dir = root / ".factlint_cache"
    for what, index, day, picks, n in edits:  # edit the corpus, then compare a warm run with a cold one
        path = root / "articles" / f"a{index}.txt"
        if what == "remove":
            path.unlink(missing_ok=True)
        else:
            path.write_text(article(day, picks, n), encoding="utf-8")
        assert findings(root, cache_dir) == findings(root, None)


def test_a_damaged_cache_entry_is_read_again(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    shutil.copytree(SEEDS, tmp_path / "articles", dirs_exist_ok=True)
    cache_dir = tmp_path / "cache"
    cold = findings(tmp_path, None)
    assert findings(tmp_path, cache_dir) == cold
    entries = sorted(cache_dir.rglob("*.json"))
    assert entries
    entries[0].write_text("{not json", encoding="utf-8")
    entries[1].write_text(json.dumps({"doc": [None, None, None], "sentences": [], "facts": [["count", 1]]}))
    assert findings(tmp_path, cache_dir) == cold  # both extracted again ...
    assert json.loads(entries[0].read_text(encoding="utf-8"))["facts"]  # ... and written back whole


def test_the_workspace_reads_again_only_what_changed_and_finds_what_a_fresh_one_finds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from factlint.workspace import Workspace

    (tmp_path / "articles").mkdir()
    shutil.copytree(SEEDS, tmp_path / "articles", dirs_exist_ok=True)
    shutil.copytree(RULES, tmp_path / "rules")
    monkeypatch.chdir(tmp_path)

    def shown(analysis: Any) -> list[tuple[str, str, tuple[str, ...]]]:
        return [(f.rule, f.message, tuple(e.fact.span.path for e in f.evidence)) for f in analysis.report.findings]

    ws = Workspace()
    first = ws.analyse()
    cache = ws._cache
    assert cache is not None and cache.misses >= 5 and cache.hits == 0  # every document read (one may be read
    read, kept = cache.misses, len(cache._entries)                       # again with the date the corpus gives it)
    assert shown(ws.analyse()) == shown(first)
    assert cache.misses == read and cache.hits == read  # nothing changed: nothing extracted
    path = "articles/001_0aee72244986942d.txt"
    edited = first.documents[path].text.replace("Aleppo", "Alepo", 1)
    again = ws.analyse({path: edited})
    assert cache.misses == read + 1  # the edited buffer only
    assert shown(again) == shown(Workspace().analyse({path: edited})) != shown(first)
    assert len(cache._entries) == kept  # the text before the edit is forgotten


def test_the_workspace_starts_from_the_cache_a_lint_run_wrote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from factlint.cli import main
    from factlint.workspace import Workspace

    (tmp_path / "articles").mkdir()
    shutil.copytree(SEEDS, tmp_path / "articles", dirs_exist_ok=True)
    shutil.copytree(RULES, tmp_path / "rules")
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "articles", "--format", "json", "--output", "out.json"]) == 1  # writes .factlint_cache
    ws = Workspace()
    ws.analyse()
    assert ws._cache is not None and ws._cache.misses == 0 and ws._cache.hits >= 5  # nothing extracted


def test_processes_find_what_one_process_finds(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    for i in range(40):  # enough documents for two processes to be used
        (tmp_path / "articles" / f"a{i:02d}.txt").write_text(article(26 + i % 5, [i % 6, (i + 2) % 6], 300 + i),
                                                             encoding="utf-8")
    assert findings(tmp_path, None, jobs=2) == findings(tmp_path, None, jobs=1)


def test_the_cli_uses_the_cache_and_no_cache_skips_it(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shutil.copytree(SEEDS, tmp_path / "seeds")
    shutil.copytree(RULES, tmp_path / "rules")
    first = run("lint", "seeds", "--format", "json")
    assert (tmp_path / ".factlint_cache" / "CACHEDIR.TAG").is_file()
    assert run("lint", "seeds", "--format", "json").out == first.out
    shutil.rmtree(tmp_path / ".factlint_cache")
    assert run("lint", "seeds", "--format", "json", "--no-cache").out == first.out
    assert not (tmp_path / ".factlint_cache").exists()
    assert run("lint", "seeds", "--format", "json", "--cache-dir", "elsewhere").out == first.out
    assert (tmp_path / "elsewhere" / "CACHEDIR.TAG").is_file()


def test_select_and_ignore_choose_the_rules_that_run(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shutil.copytree(SEEDS, tmp_path / "seeds")
    shutil.copytree(RULES, tmp_path / "rules")
    every = {f["rule"] for f in run("lint", "seeds", "--format", "json").findings()}
    assert {"event-date-agreement", "name-spelling"} <= every
    names = run("lint", "seeds", "--format", "json", "--select", "canonical-name")  # a rule type
    assert {f["rule"] for f in names.findings()} == {"name-spelling"} and names.code == 0
    assert {f["rule"] for f in run("lint", "seeds", "--format", "json", "--ignore", "name-*").findings()} == \
        every - {"name-spelling"}
    both = run("lint", "seeds", "--format", "json", "--select", "event-date-agreement,name-spelling")
    assert {f["rule"] for f in both.findings()} == {"event-date-agreement", "name-spelling"}
    bad = run("lint", "seeds", "--select", "name-speling")
    assert bad.code == 2 and "name-spelling" in bad.err and "Traceback" not in bad.err


def test_a_names_only_run_reads_no_counts_or_dates(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from factlint.checks import kinds_needed
    from factlint.ruleset import select_rules

    ruleset = select_rules(load_rules([RULES]), ["canonical-name"], [])
    assert kinds_needed(ruleset.rules) == {"mention"}
    corpus = read_corpus([SEEDS], ruleset, root=ROOT, kinds=kinds_needed(ruleset.rules))
    assert corpus.table.facts and {f.kind for f in corpus.table.facts} == {"mention"}


def test_the_progress_bar_draws_and_clears_itself() -> None:
    out = io.StringIO()
    bar = Progress(out)
    bar.started -= 5  # a long run, last drawn long ago
    bar.last -= 5
    bar.update(3, 10)
    bar.update(10, 10)
    bar.close()
    text = out.getvalue()
    assert "3/10 documents" in text and "10/10 documents" in text and text.endswith("\r")


@pytest.mark.parametrize("value", ["0", "-2", "two"])
def test_jobs_must_be_a_positive_number(run, tmp_path: Path, value: str) -> None:  # type: ignore[no-untyped-def]
    r = run("lint", ".", "--jobs", value)
    assert r.code == 2 and "jobs" in r.err and "Traceback" not in r.err
