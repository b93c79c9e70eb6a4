"""The Dask backend: a run's extraction and checks on a Dask cluster (`--scheduler tcp://HOST:8786`, or `local` for
a cluster of worker processes on this machine). It needs the `dask` extra: `pip install 'factlint[dask]'`.

What runs where, with the same result as a run on one machine:

- the client (the `factlint` process) lists the corpus, reads and decodes each file and its date header (about
  0.1 ms a document), and looks its facts up in the fact cache, which stays on the client: workers need neither the
  corpus nor the cache on their file system, and a warm run sends only the documents that changed;
- the workers extract facts, in batches of documents: the costly step (about 10 ms a document). Each worker builds
  the extractor once per run (and thread) from the rule set's gazetteer, events and lexicon, sent once to every
  worker;
- the facts come back to the client, which writes them to the cache and runs the corpus passes (publication dates
  that only the corpus settles, the story's area): they need every document's facts and are cheap. The documents
  the date pass dates are extracted again on the workers;
- the checks run on the workers, per partition (factlint/partition.py): each rule's facts split by its group key
  (metric, who, source, scope; an event; a name; a document), so that no worker needs every fact. The findings come
  back and are merged and sorted as the local engine merges them (`engine.merge`).

Tasks are Dask futures; the scheduler places them, and Dask retries a task whose worker dies. Nothing here opens a
socket or a process of its own.
"""

from __future__ import annotations

import asyncio
import heapq
import logging
import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from factlint import __version__, checks, partition
from factlint.engine import merge
from factlint.errors import FactlintError, UsageError
from factlint.extract import KINDS, Extractor
from factlint.extract.corpusdates import publication_from_corpus
from factlint.lexicon import Lexicon
from factlint.model import Diagnostic, Document, Entity, Event, Fact, FactTable, Finding, Rule
from factlint.runner import Extract, Reads, _Job, _Read, extract_cached, extract_guarded, open_job

if TYPE_CHECKING:
    import datetime as dt

    from distributed import Client

    from factlint.cache import FactCache
    from factlint.ruleset import RuleSet

INSTALL = "pip install 'factlint[dask]'"
MAX_BATCH = 32  # documents a task extracts: about a third of a second of work, a few dozen kilobytes of text
TASKS_PER_THREAD = 4  # check tasks per worker thread: small enough to balance, few enough to cost little

_Header = tuple["dt.date | None", "str | None", "str | None"]  # what extraction may add to a document: its date
Extracted = tuple[tuple[_Header, list[Fact]] | None, list[Diagnostic]]


@contextmanager
def connect(address: str, workers: int | None = None) -> Iterator[DaskBackend]:
    """A backend on the Dask scheduler at `address`, or on a new cluster of `workers` processes on this machine when
    `address` is `local`; closed on exit. Connecting waits at most Dask's connect timeout
    (`distributed.comm.timeouts.connect`, 30 s unless configured), then fails with one line."""
    try:
        import dask
        from dask.utils import parse_timedelta
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError(f"--scheduler needs Dask, which is not installed: {INSTALL}") from None
    timeout = parse_timedelta(dask.config.get("distributed.comm.timeouts.connect"), "s") or 30
    with ExitStack() as stack:
        for handler in logging.getLogger("distributed").handlers:  # Dask's own: it logs tracebacks when a cluster
            stack.callback(handler.setLevel, handler.level)       # fails, which factlint says in one line
            handler.setLevel(logging.CRITICAL)
        if address == "local":
            # a worker's profiler samples its stack every 10 ms: a third more time on extraction's deep Python calls
            stack.enter_context(dask.config.set({"distributed.worker.profile.enabled": False}))
            cluster = stack.enter_context(LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, silence_logs=logging.ERROR,
                dashboard_address=":0"))  # any free port: the scheduler serves HTTP even without a dashboard
            client = stack.enter_context(Client(cluster, set_as_default=False))
        else:
            client = _client(Client, address, timeout)
            stack.callback(client.close)
        _check_workers(client, address, timeout)
        yield DaskBackend(client, address)


def _client(make: Callable[..., Client], address: str, timeout: float) -> Client:
    _check_address(address)  # a Client that fails on a malformed address is left half made, and complains at exit
    try:
        return make(address, timeout=timeout, set_as_default=False)
    except (OSError, ValueError, TypeError, asyncio.TimeoutError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UsageError(f"--scheduler: cannot reach a Dask scheduler at {address}: {reason}") from None


def _check_address(address: str) -> None:
    from distributed.comm import registry
    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        scheme, location = parse_address(address)
        if scheme not in registry.backends:
            raise ValueError(f"unknown scheme '{scheme}' (known: {', '.join(sorted(registry.backends))})")
        if scheme in ("tcp", "tls", "ws", "wss"):
            parse_host_port(location)
    except (ValueError, TypeError) as exc:
        raise UsageError(f"--scheduler: '{address}' is not the address of a Dask scheduler (tcp://HOST:8786) nor "
                         f"local: {exc}") from None


def _check_workers(client: Client, address: str, timeout: float) -> None:
    """The cluster has a worker, and its workers run this factlint: a worker without it could not run a task."""
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (OSError, asyncio.TimeoutError):
        raise UsageError(f"--scheduler: the Dask scheduler at {address} has no workers "
                         f"(waited {timeout:g} s)") from None
    try:
        versions = client.run(worker_version)
    except Exception as exc:  # noqa: BLE001 (whatever a worker raises, the run cannot go on: say so in one line)
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UsageError(f"--scheduler: the Dask workers at {address} cannot run factlint ({reason}); install "
                         f"factlint {__version__} and its dask extra on them") from None
    wrong = sorted({v for v in versions.values() if v != __version__})
    if wrong:
        raise UsageError(f"--scheduler: the Dask workers at {address} run factlint {', '.join(wrong)}, "
                         f"this is factlint {__version__}: install the same version on both")


def worker_version() -> str:
    return __version__


@dataclass(frozen=True)
class _Spec:
    """What a worker builds its extractor from (sent once to every worker); `token` names the run."""

    token: str
    entities: tuple[Entity, ...]
    events: tuple[Event, ...]
    lexicon: Lexicon
    kinds: frozenset[str]


_LOCAL = threading.local()  # each worker thread's extractor for the current run (a pattern disabled stays in it)


def _extractor(spec: _Spec) -> Extractor:
    held: tuple[str, Extractor] | None = getattr(_LOCAL, "held", None)
    if held is None or held[0] != spec.token:
        held = (spec.token, Extractor(spec.entities, spec.events, spec.lexicon, spec.kinds))
        _LOCAL.held = held
    return held[1]


def extract_batch(spec: _Spec, documents: list[Document]) -> list[Extracted]:
    """On a worker: each document's date (which extraction may infer) and facts, or None when it could not be read;
    and the problems. The document's text is not sent back: the client has it."""
    extractor = _extractor(spec)
    out: list[Extracted] = []
    for doc in documents:
        diagnostics: list[Diagnostic] = []
        extracted = extract_guarded(extractor, doc, diagnostics)
        if extracted is None:
            out.append((None, diagnostics))
        else:
            read, facts = extracted
            out.append((((read.published, read.date_source, read.date_evidence), facts), diagnostics))
    return out


def _with_header(doc: Document, header: _Header) -> Document:
    if header == (doc.published, doc.date_source, doc.date_evidence):
        return doc
    return replace(doc, published=header[0], date_source=header[1], date_evidence=header[2])


@dataclass
class _Batch:
    documents: list[Document] = field(default_factory=list)
    future: Any = None
    results: list[Extracted] | None = None


@dataclass
class _Slot:
    """One document on its way: from the cache (`extracted`) or from a batch on a worker."""

    document: Document | None
    diagnostics: list[Diagnostic]
    extracted: tuple[Document, list[Fact]] | None = None
    batch: _Batch | None = None
    index: int = 0


class DaskBackend:
    """factlint.runner.Backend on a Dask client."""

    def __init__(self, client: Client, address: str) -> None:
        self.client = client
        self.address = address
        self.threads = max(1, sum(client.nthreads().values()))
        self._spec: tuple[RuleSet, frozenset[str], Any] | None = None

    def read(self, work: list[_Job], ruleset: RuleSet, kinds: frozenset[str], cache: FactCache | None,
             date_map: dict[str, dt.date] | None) -> Iterator[_Read]:
        self._spec = (ruleset, kinds, None)
        size = max(1, min(MAX_BATCH, -(-len(work) // (2 * self.threads))))  # every thread gets work
        for slot in self._stream((open_job(job, date_map) for job in work), cache, size):
            if slot.extracted is None:
                yield None, [], slot.diagnostics
            else:
                yield slot.extracted[0], slot.extracted[1], slot.diagnostics

    def rereader(self, documents: list[Document], claimed: set[str], extractor: Reads,
                 cache: FactCache | None) -> Extract:
        """The documents the corpus date pass will date and extract again, extracted on the workers beforehand (it
        asks for them one at a time); any other request is extracted here."""
        known = sorted(d.published for d in documents if d.published is not None)
        todo: list[Document] = []
        for doc in documents:
            if doc.published is None and doc.path not in claimed:
                chosen = publication_from_corpus(doc, known)
                if chosen is not None:
                    todo.append(replace(doc, published=chosen[0], date_source="inferred", date_evidence=chosen[1]))
        done: dict[str, _Slot] = {}
        if todo and self._spec is not None:
            size = max(1, min(MAX_BATCH, -(-len(todo) // (2 * self.threads))))
            done = {s.document.path: s for s in self._stream(((d, []) for d in todo), cache, size)
                    if s.document is not None}

        def extract(doc: Document, diagnostics: list[Diagnostic]) -> tuple[Document, list[Fact]] | None:
            slot = done.pop(doc.path, None)
            if slot is None or slot.document != doc:
                return extract_cached(extractor, cache, doc, diagnostics)
            diagnostics.extend(slot.diagnostics)
            return slot.extracted
        return extract

    @contextmanager
    def _failures(self) -> Iterator[None]:
        """A cluster that fails under the run (its scheduler gone, a task's workers dying again and again) is one
        line; an exception a task raises is factlint's own, and passes."""
        from distributed import KilledWorker
        from distributed.client import FutureCancelledError
        from distributed.comm.core import CommClosedError

        try:
            yield
        except (KilledWorker, FutureCancelledError, CommClosedError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise FactlintError(f"--scheduler: the Dask cluster at {self.address} failed during the run "
                                f"({type(exc).__name__}: {reason})") from None

    def _stream(self, items: Iterable[tuple[Document | None, list[Diagnostic]]], cache: FactCache | None,
                size: int) -> Iterator[_Slot]:
        """Each (document, diagnostics) completed with its extraction, in the order given; at most a few batches per
        worker thread are in flight, so a corpus of any size streams through."""
        with self._failures():
            yield from self._streamed(items, cache, size)

    def _streamed(self, items: Iterable[tuple[Document | None, list[Diagnostic]]], cache: FactCache | None,
                  size: int) -> Iterator[_Slot]:
        assert self._spec is not None
        ruleset, kinds, shipped = self._spec
        if shipped is None:
            spec = _Spec(uuid.uuid4().hex, ruleset.entities, ruleset.events, ruleset.lexicon, kinds)
            shipped = self.client.scatter(spec, broadcast=True, hash=False)
            self._spec = (ruleset, kinds, shipped)
        cached = cache is not None and kinds == KINDS
        window = 2 * self.threads + 2
        slots: deque[_Slot] = deque()
        current = _Batch()
        running: deque[_Batch] = deque()

        def submit(batch: _Batch) -> None:
            batch.future = self.client.submit(extract_batch, shipped, batch.documents, pure=False)
            running.append(batch)

        def ready(slot: _Slot) -> bool:
            b = slot.batch
            return b is None or b.results is not None or (b.future is not None and b.future.done())

        def finish(slot: _Slot) -> _Slot:
            b = slot.batch
            if b is not None:
                if b.results is None:
                    b.results = b.future.result()
                    b.future = None
                    running.remove(b)
                extracted, extra = b.results[slot.index]
                if extracted is not None:
                    assert slot.document is not None
                    slot.extracted = (_with_header(slot.document, extracted[0]), extracted[1])
                slot.diagnostics = slot.diagnostics + extra
                if cache is not None and cached and slot.extracted is not None and not extra:
                    assert slot.document is not None
                    cache.put(slot.document, *slot.extracted)  # never a degraded extraction, as extract_cached
            return slot

        for doc, diagnostics in items:
            slot = _Slot(doc, diagnostics)
            if doc is not None:
                hit = cache.get(doc) if cache is not None and cached else None
                if hit is not None:
                    slot.extracted = hit
                else:
                    slot.batch, slot.index = current, len(current.documents)
                    current.documents.append(doc)
                    if len(current.documents) >= size:
                        submit(current)
                        current = _Batch()
            slots.append(slot)
            while slots and slots[0].batch is not current and (ready(slots[0]) or len(running) > window):
                yield finish(slots.popleft())
        if current.documents:
            submit(current)
        while slots:
            yield finish(slots.popleft())

    def run(self, rules: Sequence[Rule], table: FactTable) -> list[Finding]:
        parts, whole = partition.split(rules, table)
        found: list[Finding] = []
        with self._failures():
            found.extend(self._check(rules, parts))
        for index in whole:  # a rule type without a partition function sees the whole table, here
            found.extend(checks.get(rules[index].type).check(rules[index], table))
        return merge(found)

    def _check(self, rules: Sequence[Rule], parts: list[partition.Part]) -> Iterator[Finding]:
        if parts:
            shipped = self.client.scatter([list(rules)], broadcast=True, hash=False)[0]
            data = self.client.scatter(balance(parts, TASKS_PER_THREAD * self.threads), hash=False)
            futures = [self.client.submit(partition.check_parts, shipped, d, pure=False) for d in data]
            for batch in self.client.gather(futures):
                yield from batch


def balance(parts: Sequence[partition.Part], tasks: int) -> list[list[partition.Part]]:
    """The parts in at most `tasks` lists of about equal size (the largest part first into the lightest list)."""
    heap = [(0, i) for i in range(max(1, min(tasks, len(parts))))]
    out: list[list[partition.Part]] = [[] for _ in heap]
    for part in sorted(parts, key=lambda p: -p.size):
        load, i = heapq.heappop(heap)
        out[i].append(part)
        heapq.heappush(heap, (load + part.size + 1, i))
    return [b for b in out if b]
