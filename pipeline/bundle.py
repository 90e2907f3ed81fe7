"""Stage 5 — bundle: put a client's documents on disk all at once or not at all.

The folder is written beside its final place and swapped in only when complete, so a failed or
interrupted build never leaves half-written files and never destroys the previous good output.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from .errors import SkillplanError

_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def safe_name(name: str, limit: int = 120) -> str:
    """A file name that is valid on Windows, macOS and Linux and cannot leave its folder."""
    cleaned = _UNSAFE.sub("_", name).strip(" .")[:limit].strip(" .")
    if not cleaned or cleaned.upper().split(".")[0] in _RESERVED:
        cleaned = f"_{cleaned}"
    return cleaned


def write_folder(final: Path, files: dict[str, bytes], keep_existing: bool = False) -> Path:
    """Write files (relative path → bytes) as the folder `final`, replacing the old one only when done.

    With keep_existing the previous folder's other files are carried over (a partial rebuild)."""
    parent = final.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.new-", dir=parent))
    except OSError as e:
        raise SkillplanError(f"无法写入输出目录 {parent}：{e.strerror}") from e
    old = None
    try:
        if keep_existing and final.is_dir():
            shutil.copytree(final, staging, dirs_exist_ok=True)
        for rel, data in sorted(files.items()):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if final.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{final.name}.old-", dir=parent))
            os.replace(final, old / "previous")
        os.replace(staging, final)
    except OSError as e:
        shutil.rmtree(staging, ignore_errors=True)
        if old is not None and not final.exists():
            os.replace(old / "previous", final)  # put the previous good output back
        raise SkillplanError(f"写入 {final} 失败：{e.strerror}") from e
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return final
