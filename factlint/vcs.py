"""The few git questions factlint asks: which files changed since a ref."""

from __future__ import annotations

import os
import subprocess

from factlint.corpus import printable
from factlint.errors import UsageError


def _git(*args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UsageError(f"--since: cannot run git ({exc})") from None
    if done.returncode != 0:
        raise UsageError(f"--since: git {args[0]} failed: {_first_line(done.stderr) or f'exit {done.returncode}'}")
    return done.stdout


def _first_line(stderr: bytes) -> str:
    """git's own reason, one line ("fatal: not a git repository ..."), without its usage text."""
    for line in stderr.decode("utf-8", "replace").splitlines():
        if line.strip():
            return line.strip()
    return ""


def changed_since(ref: str) -> list[str]:
    """Files changed between `ref` and the working tree, plus untracked ones, relative to the working directory."""
    if ref.startswith("-"):
        raise UsageError(f"--since: '{ref}' is not a git ref")
    try:
        _git("rev-parse", "--is-inside-work-tree")
    except UsageError:
        raise UsageError("--since: the working directory is not inside a git repository") from None
    try:
        _git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except UsageError:
        raise UsageError(f"--since: '{ref}' is not a commit of this repository") from None
    # -z: names as they are, not C-quoted ("caf\303\251.txt") when they hold non-ASCII bytes
    changed = _git("diff", "-z", "--name-only", "--relative", ref, "--").split(b"\0")
    untracked = _git("ls-files", "-z", "--others", "--exclude-standard").split(b"\0")
    # names as bytes, shown as factlint shows every path (bytes that are not UTF-8, control characters as \xNN)
    return sorted({printable(os.fsdecode(p)) for p in changed + untracked if p})
