"""The few git questions factlint asks: which files changed since a ref."""

from __future__ import annotations

import subprocess

from factlint.errors import UsageError


def _git(*args: str) -> str:
    try:
        done = subprocess.run(["git", *args], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UsageError(f"--since: cannot run git ({exc})") from None
    if done.returncode != 0:
        raise UsageError(f"--since: git {' '.join(args)} failed: {done.stderr.strip() or done.returncode}")
    return done.stdout


def changed_since(ref: str) -> list[str]:
    """Files changed between `ref` and the working tree, plus untracked ones, relative to the working directory."""
    if ref.startswith("-"):
        raise UsageError(f"--since: '{ref}' is not a git ref")
    # -z: names as they are, not C-quoted ("caf\303\251.txt") when they hold non-ASCII bytes
    changed = _git("diff", "-z", "--name-only", "--relative", ref, "--").split("\0")
    untracked = _git("ls-files", "-z", "--others", "--exclude-standard").split("\0")
    return sorted({p for p in changed + untracked if p})
