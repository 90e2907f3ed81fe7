"""Stage 5 — bundle: put a client's output on disk all at once or not at all.

OUT/<client>/ holds the documents and a manifest.json (every file's size and SHA-256, the config's
hash, the tool's version); OUT/<client>.zip holds the same folder. Everything is first written
beside its final place and swapped in only when complete, so a failed or killed build never
leaves half-written files and never destroys the previous good output. Nothing depends on the
time or the machine: the same input gives byte-identical files.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from . import __version__
from .archive import ZipWriter
from .errors import SkillplanError

MANIFEST = "manifest.json"
_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def safe_name(name: str, limit: int = 120) -> str:
    """A file name that is valid on Windows, macOS and Linux and cannot leave its folder."""
    cleaned = _UNSAFE.sub("_", name).strip(" .")[:limit].strip(" .")
    if not cleaned or cleaned.upper().split(".")[0] in _RESERVED:
        cleaned = f"_{cleaned}"
    return cleaned


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _size_and_hash(folder: Path, path: Path, known: dict[str, tuple[int, str]]) -> tuple[int, str]:
    rel = path.relative_to(folder).as_posix()
    return known[rel] if rel in known else (path.stat().st_size, _file_sha256(path))


def _files(folder: Path) -> list[Path]:
    """Every file in the folder, in the order of their relative paths (the manifest's and the zip's)."""
    return sorted((p for p in folder.rglob("*") if p.is_file()), key=lambda p: p.relative_to(folder).as_posix())


def manifest(folder: Path, inputs: dict[str, bytes], known: dict[str, tuple[int, str]] | None = None) -> bytes:
    """manifest.json for a finished folder: what was built, from which config, by which version.

    known: (size, sha256) of files hashed as they were written, so they are not read again."""
    known = known or {}
    files = [p for p in _files(folder) if p.relative_to(folder).as_posix() != MANIFEST]
    config = [{"path": name, "sha256": sha256(data)} for name, data in sorted(inputs.items())]
    data = {
        "tool": "skillplan", "version": __version__,
        # one hash for the whole config: of each input file's path and hash, in path order
        "config": {"sha256": sha256("".join(f"{c['path']}\0{c['sha256']}\n" for c in config).encode()),
                   "files": config},
        "files": [{"path": rel, "size": size, "sha256": digest}
                  for rel, (size, digest) in ((p.relative_to(folder).as_posix(), _size_and_hash(folder, p, known))
                                              for p in files)],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


def write_bundle(final: Path, files: Iterable[tuple[str, bytes]] | dict[str, bytes], inputs: dict[str, bytes], *,
                 keep_existing: bool = False, replacing: tuple[str, ...] = (), pdf: bool = False) -> list[str]:
    """Write files (relative path → bytes, a dict or a stream of pairs) as the folder `final`, plus
    manifest.json and final.zip. Each file goes to disk and into the zip as it comes, so a batch of
    thousands never sits in memory and is never read back.

    inputs are the config files (path relative to the client → bytes) the manifest hashes. With
    keep_existing the previous folder's other files are carried over (a partial rebuild), except those
    whose path starts with one of `replacing` (a set of files this call rewrites as a whole). With pdf
    every new .docx is also converted. The zip's members come in a fixed order: carried-over files by
    path, then the new ones as produced, then PDFs and the manifest. Returns the paths this call wrote."""
    parent = final.parent
    _recover(final)
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.new-", dir=parent))
    except OSError as e:
        raise SkillplanError(f"无法写入输出目录 {parent}：{e.strerror}") from e
    zip_path = parent / f"{final.name}.zip"
    zip_staging = staging.with_name(staging.name + ".zip")
    old = None
    try:
        stream = sorted(files.items()) if isinstance(files, dict) else files
        new = set(files) if isinstance(files, dict) else set()
        if keep_existing and final.is_dir():
            for old_file in _files(final):
                rel = old_file.relative_to(final).as_posix()
                if not (rel.startswith(replacing) or rel in new or rel == MANIFEST):
                    (staging / rel).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(old_file, staging / rel)
        names, hashed = [], {}
        with open(zip_staging, "wb") as out:
            archive = ZipWriter(out)
            for old_file in _files(staging):
                archive.add((f"{final.name}/{old_file.relative_to(staging).as_posix()}", old_file.read_bytes()))
            for rel, data in stream:
                target = staging / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                archive.add((f"{final.name}/{rel}", data))
                names.append(rel)
                hashed[rel] = (len(data), sha256(data))
            pdfs = []
            if pdf:
                from .pdf import convert

                for converted in convert([staging / rel for rel in names if rel.endswith(".docx")]):
                    pdfs.append(converted.relative_to(staging).as_posix())
                    archive.add((f"{final.name}/{pdfs[-1]}", converted.read_bytes()))
            listing = manifest(staging, inputs, hashed)
            (staging / MANIFEST).write_bytes(listing)
            archive.add((f"{final.name}/{MANIFEST}", listing))
            archive.close()
        written = sorted([*names, *pdfs, MANIFEST])
        if final.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{final.name}.old-", dir=parent))
            os.replace(final, old / "previous")
        os.replace(staging, final)
        os.replace(zip_staging, zip_path)
    except BaseException as e:  # also KeyboardInterrupt: put everything back as it was
        shutil.rmtree(staging, ignore_errors=True)
        zip_staging.unlink(missing_ok=True)
        if old is not None and not final.exists():
            os.replace(old / "previous", final)
        if isinstance(e, OSError):
            raise SkillplanError(f"写入 {final} 失败：{e.strerror or e}") from e
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return written


def _recover(final: Path) -> None:
    """Clean up after a build that was killed: finish a swap that had started, restore a folder caught
    mid-swap, drop staging leftovers.

    The folder's rename is the commit point. A zip staged beside a staging folder that is gone was
    part of a build whose folder is already in place: it is moved in too (the one moment a kill
    leaves the zip a build behind the folder is repaired here)."""
    parent = final.parent
    if not parent.is_dir():
        return
    for staged_zip in sorted(parent.glob(f".{glob_escape(final.name)}.new-*.zip")):
        if not staged_zip.with_suffix("").exists():
            os.replace(staged_zip, parent / f"{final.name}.zip")
    for leftover in sorted(parent.glob(f".{glob_escape(final.name)}.*-*")):
        previous = leftover / "previous"
        if previous.is_dir() and not final.exists():
            os.replace(previous, final)
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)
