"""The Dask backend (`--scheduler`): the same output, byte for byte, as a run in one process, with the work done by
the workers of a real `distributed.LocalCluster` of two processes; and one-line errors when Dask is missing or
the scheduler cannot be reached.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import socket
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SEEDS

from factlint.cli import main

TIMEOUT = 60  # seconds a cluster may take to start or stop on a loaded machine
NEEDS_DASK = "the dask extra is not installed (pip install 'factlint[dask]')"


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a cluster of two worker processes with one thread each, for the module's tests."""
    pytest.importorskip("distributed", reason=NEEDS_DASK)
    import logging

    from distributed import LocalCluster

    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0",
                      silence_logs=logging.ERROR, timeout=TIMEOUT) as cluster:
        yield cluster.scheduler_address


@contextmanager
def tasks_by_worker(address: str) -> Iterator[dict[str, set[str]]]:
    """The workers that ran each kind of task (extract_batch, check_parts) while the block ran, filled at its end."""
    from distributed import Client, get_task_stream

    seen: dict[str, set[str]] = {}
    with Client(address, set_as_default=False, timeout=TIMEOUT) as client, get_task_stream(client) as stream:
        yield seen
    for task in stream.data:
        key = task["key"] if isinstance(task["key"], str) else task["key"][0]
        name = key.split("-", 1)[0]  # a function's name, then a random token
        seen.setdefault(name, set()).add(task["worker"])


# --- a generated newsroom corpus: every check type fires, and the corpus passes have work ----------------------------

def newsroom(folder: Path, documents: int = 300) -> Path:
    """Varied news prose (the seeds and the gold passages) with shifted figures and dates; some documents undated,
    some dated only by a dateline (the corpus date pass dates them), one with a broken date marker; a facts file,
    an empty file, a binary file, and a configuration with a date map."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "gold" / "passages").glob("*.txt"))]
    marker = re.compile(r"\A(?:---\s*\ndate:\s*\S+\s*\n---\s*\n| ?date \S+ )")
    articles = folder / "articles"
    articles.mkdir(parents=True)
    for i in range(documents):
        body = marker.sub("", texts[i % len(texts)])
        body = re.sub(r"\b(\d{2,3})\b", lambda m, shift=i % 7: str(int(m.group(1)) + shift), body)
        day = dt.date(2024, 11, 20) + dt.timedelta(days=i % 30)
        names = ["Jisr al-Shughur", "Jisr al-Shugour", "Jisr Al Shughour"]
        body += f"\nFighters also reached {names[i % 3]}, the Observatory said.\n"
        if i % 40 == 5:  # the sides add up to more than the total, on a day with no other report
            day = dt.date(2025, 1, 1) + dt.timedelta(days=i)
            body += (f"\nThe Syrian Observatory for Human Rights said the fighting had killed {250 + i} people in "
                     "total. The army had lost 120 soldiers, while the insurgents had lost 95, the Observatory "
                     "said. It said 61 civilians had been killed.\n")
        if i % 10 == 3:
            text = f"ALEPPO, {day:%b} {day.day} (AFP) - {body}"  # dated by the corpus
        elif i % 10 == 7:
            text = body  # undated, unless the text pins its day
        elif i % 50 == 11:
            text = f"date 2024-13-{i % 28 + 1:02d} {body}"  # a broken marker: a warning, then undated
        elif i % 2:
            text = f"---\ndate: {day.isoformat()}\n---\n{body}"
        else:
            text = f"date {day.isoformat()} {body}"
        (articles / f"doc{i:04d}.txt").write_text(text, encoding="utf-8")
    (articles / "empty.txt").write_text("", encoding="utf-8")
    (articles / "binary.txt").write_bytes(b"\x00\x01binary\xff")
    (articles / "wire.facts.yaml").write_text(yaml.safe_dump({
        "published": "2024-12-01",
        "counts": [{"text": "200 killed", "metric": "killed", "who": "people", "low": 200, "high": 200,
                    "source": "Syrian Observatory for Human Rights", "cumulative": True}],
        "dates": [{"text": "on Tuesday", "value": "2024-11-26", "event": "offensive-launch"}],
    }), encoding="utf-8")
    (folder / "factlint.yaml").write_text(yaml.safe_dump({
        "paths": ["articles"], "rules": [str(ROOT / "rules")], "dates": {"articles/doc0007.txt": "2024-11-28"},
    }), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return newsroom(tmp_path_factory.mktemp("newsroom"))


@pytest.fixture(scope="module")
def local(corpus: Path) -> tuple[int, str, str]:
    """Exit code, JSON and standard error of `factlint lint` on the corpus in this process, with no cache."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp, redirect_stdout(out), redirect_stderr(err):
        mp.chdir(corpus)
        mp.delenv("GITHUB_ACTIONS", raising=False)
        code = main(["lint", "--format", "json", "--no-cache", "--jobs", "1"])
    return code, out.getvalue(), err.getvalue()


# --- the same output -------------------------------------------------------------------------------------------------

def test_the_seeds_give_the_same_json_and_facts(run, scheduler: str) -> None:  # type: ignore[no-untyped-def]
    for command in (["lint", "--format", "json"], ["facts", "--format", "jsonl"]):
        here = run(*command, str(SEEDS), "--no-cache", cwd=ROOT)
        there = run(*command, str(SEEDS), "--no-cache", "--scheduler", scheduler, cwd=ROOT)
        assert (there.code, there.out, there.err) == (here.code, here.out, here.err)
    assert here.out.count("\n") > 300 and there.code == 0


def test_a_generated_corpus_gives_the_same_json_and_the_workers_did_the_work(  # type: ignore[no-untyped-def]
        run, scheduler: str, corpus: Path, local: tuple[int, str, str]) -> None:
    with tasks_by_worker(scheduler) as context:
        there = run("lint", "--format", "json", "--no-cache", "--scheduler", scheduler, cwd=corpus)
    assert (there.code, there.err) == (local[0], local[2])
    assert there.out == local[1]
    report = there.json
    assert report["summary"]["documents"] == 301  # 300 articles and the facts file; the empty and binary skipped
    assert {f["type"] for f in report["findings"]} == {"monotonic", "subset", "sum", "agreement", "canonical-name",
                                                       "undated"}
    assert any("is not a valid date" in d for d in report["diagnostics"])
    assert any(ev["fact"] and ev["fact"].get("anchor") == "inferred" and ev["path"].endswith("3.txt")  # by dateline
               for f in report["findings"] for ev in f["evidence"])
    assert len(context["extract_batch"]) == 2, context  # documents were extracted on both workers ...
    assert len(context["check_parts"]) == 2, context  # ... and checked on both


def test_the_cache_stays_on_the_client_and_a_warm_run_is_the_same(  # type: ignore[no-untyped-def]
        run, scheduler: str, corpus: Path, local: tuple[int, str, str], tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    filled = run("lint", "--format", "json", "--cache-dir", str(cache), "--scheduler", scheduler, cwd=corpus)
    assert filled.out == local[1]
    entries = list(cache.rglob("*.json"))
    assert len(entries) >= 290  # every document whose extraction was whole, written by the client
    with tasks_by_worker(scheduler) as context:
        warm = run("lint", "--format", "json", "--cache-dir", str(cache), "--scheduler", scheduler, cwd=corpus)
    assert warm.out == local[1]
    assert "extract_batch" not in context  # nothing left to extract: every document came from the cache
    assert run("lint", "--format", "json", "--cache-dir", str(cache), cwd=corpus).out == local[1]


def test_the_configuration_can_name_the_scheduler(run, scheduler: str, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    config = yaml.safe_load((corpus / "factlint.yaml").read_text(encoding="utf-8"))
    (corpus / "factlint.yaml").write_text(yaml.safe_dump({**config, "scheduler": scheduler}), encoding="utf-8")
    try:
        with tasks_by_worker(scheduler) as context:
            there = run("lint", "--format", "json", "--no-cache", "articles/doc0001.txt", "articles/doc0002.txt",
                        cwd=corpus)
    finally:
        (corpus / "factlint.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    assert context["extract_batch"]
    assert there.out == run("lint", "--format", "json", "--no-cache", "articles/doc0001.txt",
                            "articles/doc0002.txt", cwd=corpus).out


def test_a_local_cluster_of_worker_processes(run) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("distributed", reason=NEEDS_DASK)
    here = run("lint", str(SEEDS), "--format", "json", "--no-cache", cwd=ROOT)
    there = run("lint", str(SEEDS), "--format", "json", "--no-cache", "--scheduler", "local", "--jobs", "2", cwd=ROOT)
    assert (there.code, there.out) == (here.code, here.out)


# --- errors: one line, exit 2, never a hang --------------------------------------------------------------------------

def test_an_unreachable_scheduler_is_one_line_after_the_connect_timeout(run) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("distributed", reason=NEEDS_DASK)
    import dask

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.monotonic()
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        result = run("lint", str(SEEDS), "--scheduler", f"tcp://127.0.0.1:{port}", cwd=ROOT)
    assert time.monotonic() - started < 30
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1
    assert result.err.startswith(f"factlint: error: --scheduler: cannot reach a Dask scheduler at "
                                 f"tcp://127.0.0.1:{port}")


def test_a_scheduler_without_workers_is_one_line(run) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("distributed", reason=NEEDS_DASK)
    import dask
    from distributed import LocalCluster

    with LocalCluster(n_workers=0, processes=False, dashboard_address=":0", timeout=TIMEOUT) as empty, \
            dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        result = run("lint", str(SEEDS), "--scheduler", empty.scheduler_address, cwd=ROOT)
    assert result.code == 2
    assert result.err == f"factlint: error: --scheduler: the Dask scheduler at {empty.scheduler_address} has no " \
                         "workers (waited 2 s)\n"


@pytest.mark.parametrize("address", ["nonsense", "foo://host:8786", "tcp://host:port"])
def test_a_malformed_address_is_one_line(run, address: str) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("distributed", reason=NEEDS_DASK)
    result = run("lint", str(SEEDS), "--scheduler", address, cwd=ROOT)
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert result.err.startswith(f"factlint: error: --scheduler: '{address}' is not the address of a Dask scheduler")


def test_without_dask_the_error_names_the_extra(run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the dask extra were not installed
    result = run("lint", str(SEEDS), "--scheduler", "tcp://127.0.0.1:8786", cwd=ROOT)
    assert result.code == 2
    assert result.err == ("factlint: error: --scheduler needs Dask, which is not installed: "
                          "pip install 'factlint[dask]'\n")


def test_a_scheduler_in_the_configuration_must_be_an_address(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "factlint.yaml").write_text("scheduler: 8786\n", encoding="utf-8")
    result = run("lint", str(SEEDS))
    assert result.code == 2
    assert result.err.startswith(f"factlint: {tmp_path / 'factlint.yaml'}:1:")
    assert result.err.endswith(" error: scheduler: expected the address of a Dask scheduler (tcp://HOST:8786) or "
                               "local\n")
