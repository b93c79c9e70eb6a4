"""Writing files safely: every file factlint writes (a fix, a baseline, a report, a cache entry) goes through
`atomic_write`, so a reader sees the old file or the new one, never half of one.

The new bytes go to a temporary file beside the target, are flushed to disk, take the old file's mode and owner, and
replace the target with one rename; the folder is flushed so the rename survives a crash. The temporary file's name
carries the writer's process id: a run killed mid-write (SIGKILL leaves no chance to clean up) leaves one behind,
and the next write into that folder removes it once its writer is gone.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
from pathlib import Path

TMP_SUFFIX = ".factlint-tmp"
_TMP_NAME = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{8}" + re.escape(TMP_SUFFIX) + "$")


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` (through a symlink, the file it points at) with `data`, keeping its mode and owner."""
    path = Path(os.path.realpath(path))
    folder = path.parent
    try:
        old: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        old = None
    sweep(folder)
    tmp = folder / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TMP_SUFFIX}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fd)
            _copy_metadata(fd, old)
        os.replace(tmp, path)
        _fsync_dir(folder)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def replace_quickly(path: Path, data: bytes) -> None:
    """Write `path` all at once, as a cache writes an entry: readers see the old file or the new one, never half of
    either, but nothing is synced to disk (an entry lost in a power cut costs a re-read, not a user's text). A
    temporary file left by a writer killed mid-write is swept by the next `sweep` of its folder."""
    tmp = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TMP_SUFFIX}"
    try:
        with open(tmp, "xb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write(path, text.encode("utf-8"))


def _copy_metadata(fd: int, old: os.stat_result | None) -> None:
    if old is None:
        os.fchmod(fd, 0o666 & ~_umask())
        return
    os.fchmod(fd, stat.S_IMODE(old.st_mode))
    if hasattr(os, "fchown") and (old.st_uid != os.geteuid() or old.st_gid != os.getegid()):
        with contextlib.suppress(PermissionError):  # only root may give a file away; others keep their own
            os.fchown(fd, old.st_uid, old.st_gid)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def sweep(folder: Path) -> None:
    """Remove the temporary files that writers killed mid-write left in `folder` (never a live writer's)."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            m = _TMP_NAME.match(entry.name)
            if m and not _alive(int(m.group(1))):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def is_file(path: Path) -> bool:
    """Path.is_file(), but False rather than an exception for a name the system refuses (too long, say)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):
        return False
