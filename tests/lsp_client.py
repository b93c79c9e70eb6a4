"""A small LSP client for the tests: starts `python -m factlint lsp` as a subprocess and speaks JSON-RPC with
Content-Length framing over its stdin and stdout. Every wait has a deadline, and `close` kills the server if it does
not exit, so a broken server fails a test instead of hanging the suite."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TIMEOUT = 30.0  # seconds; generous for a loaded 2-core machine, and only ever reached when something is broken

Message = dict[str, Any]


class LspError(AssertionError):
    pass


class Client:
    def __init__(self, cwd: Path, env: dict[str, str] | None = None, args: tuple[str, ...] = ("lsp",)) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "factlint", *args], cwd=cwd, env=env or dict(os.environ),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._inbox: queue.Queue[Message | None] = queue.Queue()
        self.notifications: list[Message] = []  # every notification received, in order
        self._unread: list[Message] = []  # notifications not yet returned by wait_for
        self._stderr: list[bytes] = []
        self._next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    # --- wire ---------------------------------------------------------------------------------------------------

    def _read(self) -> None:
        assert self.proc.stdout is not None
        out = self.proc.stdout
        try:
            while True:
                headers: dict[str, str] = {}
                while True:
                    line = out.readline()
                    if not line:
                        return
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.decode("ascii").partition(":")
                    headers[name.strip().lower()] = value.strip()
                body = out.read(int(headers["content-length"]))
                self._inbox.put(json.loads(body.decode("utf-8")))
        finally:
            self._inbox.put(None)

    def _drain_stderr(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self._stderr.append(line)

    @property
    def stderr(self) -> str:
        return b"".join(self._stderr).decode("utf-8", "replace")

    def _send(self, message: Message) -> None:
        assert self.proc.stdin is not None
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _receive(self, deadline: float) -> Message:
        try:
            message = self._inbox.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise LspError(f"no message from the server in time; its stderr:\n{self.stderr}") from None
        if message is None:
            raise LspError(f"the server closed its output; exit code {self.proc.poll()}; stderr:\n{self.stderr}")
        if "method" in message and "id" in message:  # a request from the server (registrations, progress)
            self._send({"id": message["id"], "result": None})
        elif "method" in message:
            self.notifications.append(message)
            self._unread.append(message)
        return message

    # --- protocol -----------------------------------------------------------------------------------------------

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = TIMEOUT) -> Any:
        self._next_id += 1
        rid = self._next_id
        self._send({"id": rid, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while True:
            message = self._receive(deadline)
            if message.get("id") == rid and "method" not in message:
                if "error" in message:
                    raise LspError(f"{method}: {message['error']}")
                return message.get("result")

    def wait_for(self, method: str, where: Callable[[Any], bool] = lambda p: True, timeout: float = TIMEOUT) -> Any:
        """The params of the first unread notification `method` whose params satisfy `where` (earlier unread ones
        of it that do not are dropped)."""
        deadline = time.monotonic() + timeout
        while True:
            for i, message in enumerate(self._unread):
                if message["method"] == method and where(message["params"]):
                    del self._unread[:i + 1]
                    return message["params"]
            self._receive(deadline)

    def settle(self, quiet: float = 0.5, timeout: float = TIMEOUT) -> None:
        """Read until the server has sent nothing for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                message = self._inbox.get(timeout=quiet)
            except queue.Empty:
                return
            if message is None:
                raise LspError(f"the server closed its output; stderr:\n{self.stderr}")
            self._inbox.put(message)  # handled in order by _receive
            self._receive(deadline)
        raise LspError("the server never went quiet")

    def diagnostics(self, uri: str, where: Callable[[Any], bool] = lambda p: True) -> list[Any]:
        params = self.wait_for("textDocument/publishDiagnostics", lambda p: p["uri"] == uri and where(p))
        return list(params["diagnostics"])

    # --- life cycle ---------------------------------------------------------------------------------------------

    def initialize(self, root: Path, encodings: list[str] | None = None, options: Any = None) -> Any:
        capabilities: dict[str, Any] = {"textDocument": {"publishDiagnostics": {"relatedInformation": True},
                                                         "hover": {"contentFormat": ["markdown", "plaintext"]}}}
        if encodings:
            capabilities["general"] = {"positionEncodings": encodings}
        result = self.request("initialize", {"processId": os.getpid(), "rootUri": root.resolve().as_uri(),
                                             "capabilities": capabilities, "initializationOptions": options})
        self.notify("initialized", {})
        return result

    def open(self, uri: str, text: str, version: int = 1) -> None:
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext",
                                                              "version": version, "text": text}})

    def change(self, uri: str, text: str, version: int) -> None:
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                               "contentChanges": [{"text": text}]})

    def close(self) -> int | None:
        """shutdown, exit; the exit code (killed, and None, when the server did not stop in time)."""
        try:
            if self.proc.poll() is None:
                self.request("shutdown", None, timeout=10)
                self.notify("exit", None)
                return self.proc.wait(timeout=10)
            return self.proc.returncode
        except (LspError, subprocess.TimeoutExpired, BrokenPipeError, OSError):
            return None
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait(timeout=10)
            for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
                if stream is not None:
                    stream.close()
