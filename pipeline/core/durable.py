"""On disk for real: a file or folder that a later step relies on (the ledger commits only once the
output it publishes is complete) is flushed from the system's cache to the disk first, so a power
cut cannot leave a committed ledger beside output that never reached the disk."""
from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path


def sync_dir(folder: Path | str) -> None:
    """A folder's entries (a file created or renamed in it) on disk; a no-op where folders cannot be
    opened (Windows: NTFS journals its renames)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems (network drives) refuse fsync on a folder: their renames are theirs to keep
    finally:
        os.close(fd)


def sync_tree(folder: Path | str, files: list[str] | None = None) -> None:
    """Every file under folder and the folder entries on disk. On Linux one syncfs() of the file
    system that holds it: 10,000 certificates are one call, not 10,000 fsyncs (each a disk round
    trip). Elsewhere each file (files: their paths relative to folder, when known) and folder."""
    if _syncfs(folder):
        return
    for rel in files if files is not None else _walk(folder):
        with open(os.path.join(folder, rel), "rb+") as f:
            os.fsync(f.fileno())
    for top, _, _ in os.walk(folder):
        sync_dir(top)


def _syncfs(folder: Path | str) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fd = os.open(folder, os.O_RDONLY)
    except (OSError, AttributeError):
        return False
    try:
        return libc.syncfs(fd) == 0
    finally:
        os.close(fd)


def _walk(folder: Path | str) -> list[str]:
    return [os.path.relpath(os.path.join(top, name), folder) for top, _, names in os.walk(folder) for name in names]
