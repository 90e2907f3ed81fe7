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

from .. import __version__
from ..core.archive import ZipWriter
from ..core.errors import SkillplanError

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
    """Hex SHA-256, the hash the manifest records."""
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
    every new .docx is also converted. The zip's members come in a fixed order: given a dict, every
    file (carried over or new) by path, then PDFs by path, then the manifest — the order of a complete
    build; given a stream, carried-over files by path, then the new ones as produced. Returns the paths this call wrote."""
    _recover(final)
    staging = _staging_folder(final)
    zip_staging = staging.with_name(staging.name + ".zip")
    try:
        if keep_existing:
            _carry_over(final, staging, replacing, set(files) if isinstance(files, dict) else set())
        carried = [p.relative_to(staging).as_posix() for p in _files(staging)]
        with open(zip_staging, "wb") as out:
            archive = ZipWriter(out)
            if isinstance(files, dict):
                # all known up front: old and new members interleave in path order, PDFs last, so a
                # partial rebuild leaves the same zip as a complete build of the same files
                hashed = _write_in_order(staging, files, [r for r in carried if not r.endswith(".pdf")],
                                         archive, final.name)
            else:
                for rel in carried:
                    archive.add((f"{final.name}/{rel}", (staging / rel).read_bytes()))
                hashed = _write_new(staging, files, archive, final.name)
            names = list(hashed)
            old_pdfs = [r for r in carried if r.endswith(".pdf")] if isinstance(files, dict) else []
            pdfs = _add_pdfs(staging, names if pdf else [], archive, final.name, old_pdfs)
            listing = manifest(staging, inputs, hashed)
            (staging / MANIFEST).write_bytes(listing)
            archive.add((f"{final.name}/{MANIFEST}", listing))
            archive.close()
        _swap_in(final, staging, zip_staging)
    except BaseException as e:  # also KeyboardInterrupt: nothing of this build stays behind
        shutil.rmtree(staging, ignore_errors=True)
        zip_staging.unlink(missing_ok=True)
        if isinstance(e, OSError):
            raise SkillplanError(f"写入 {final} 失败：{e.strerror or e}") from e
        raise
    return sorted([*names, *pdfs, MANIFEST])


def _staging_folder(final: Path) -> Path:
    """A fresh folder beside `final`, on the same file system so the swap is one rename."""
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".{final.name}.new-", dir=final.parent))
    except OSError as e:
        raise SkillplanError(f"无法写入输出目录 {final.parent}：{e.strerror}") from e


def _carry_over(final: Path, staging: Path, replacing: tuple[str, ...], new: set[str]) -> None:
    """A partial rebuild keeps the previous folder's files that this call does not rewrite."""
    if not final.is_dir():
        return
    for old_file in _files(final):
        rel = old_file.relative_to(final).as_posix()
        if not (rel.startswith(replacing) or rel in new or rel == MANIFEST):
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(old_file, staging / rel)


def _write_new(staging: Path, stream: Iterable[tuple[str, bytes]], archive: ZipWriter,
               top: str) -> dict[str, tuple[int, str]]:
    """Each new file to disk and into the zip as it comes; their sizes and hashes, in that order."""
    hashed = {}
    for rel, data in stream:
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        archive.add((f"{top}/{rel}", data))
        hashed[rel] = (len(data), sha256(data))
    return hashed


def _write_in_order(staging: Path, files: dict[str, bytes], carried: list[str], archive: ZipWriter,
                    top: str) -> dict[str, tuple[int, str]]:
    """New files (written to disk here) and carried-over ones into the zip in one path order."""
    hashed = {}
    for rel in sorted(set(files) | set(carried)):
        if rel in files:
            hashed.update(_write_new(staging, [(rel, files[rel])], archive, top))
        else:
            archive.add((f"{top}/{rel}", (staging / rel).read_bytes()))
    return hashed


def _add_pdfs(staging: Path, names: list[str], archive: ZipWriter, top: str, carried: list[str] = ()) -> list[str]:
    """Convert the new .docx among names and add every PDF (these and any carried over) in path order."""
    docx = [staging / rel for rel in names if rel.endswith(".docx")]
    pdfs = []
    if docx:
        from ..core.pdf import convert  # LibreOffice is only needed with --pdf

        pdfs = [c.relative_to(staging).as_posix() for c in convert(docx)]
    for rel in sorted(set(pdfs) | set(carried)):
        archive.add((f"{top}/{rel}", (staging / rel).read_bytes()))
    return pdfs


def _swap_in(final: Path, staging: Path, zip_staging: Path) -> None:
    """The folder's rename is the commit point; the previous folder is put back if it fails."""
    old = None
    if final.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{final.name}.old-", dir=final.parent))
        os.replace(final, old / "previous")
    try:
        os.replace(staging, final)
    except BaseException:
        if old is not None:
            os.replace(old / "previous", final)
        raise
    os.replace(zip_staging, final.parent / f"{final.name}.zip")
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


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
    """A literal name for glob(): a client called a[1] must not match a1."""
    return re.sub(r"([*?\[])", r"[\1]", name)
