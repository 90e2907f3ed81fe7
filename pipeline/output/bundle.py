"""Stage 5 — bundle: put a client's output on disk all at once or not at all.

OUT/<client>/ holds the documents and a manifest.json (every file's size and SHA-256, the config's
hash, the tool's version); OUT/<client>.zip holds the same folder. Everything is first written
beside its final place and swapped in only when complete, so a failed or killed build never
leaves half-written files and never destroys the previous good output. Nothing depends on the
time or the machine: the same input gives byte-identical files.

A colleague's edit is never overwritten either: before anything is replaced, every file in the
folder is compared with the hash the previous manifest recorded; a changed or added file stops the
build (HandEdited), or with force is first moved to OUT/手改/<client>/ under a time-stamped name.
"""
from __future__ import annotations

import ctypes
import hashlib
import io
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from isal import isal_zlib

from .. import __version__
from ..core.archive import ZipWriter, stored_file
from ..core.durable import sync_dir, sync_tree
from ..core.errors import SkillplanError, UsageError, os_reason
from ..core.faults import COMMITTED, STAGED, SWAPPING, fault_point

MANIFEST = "manifest.json"
HAND_EDITS = "手改"  # OUT/手改/<client>/: where --force puts edited files before a build replaces them
# files editors keep beside an open document: not a colleague's work, gone when the document closes
_EDITOR_LEFTOVERS = re.compile(r"^(~\$|\.~lock\.|~WRL)|^(\.DS_Store|Thumbs\.db|desktop\.ini)$", re.IGNORECASE)
LOCK_WAIT = 60.0  # seconds a second writer of one folder waits for the first
_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def safe_name(name: str, limit: int = 120) -> str:
    """A file name that is valid on Windows, macOS and Linux and cannot leave its folder, at most
    limit bytes in UTF-8 (file systems count bytes: 255 a name; 80 CJK characters are 240), never
    cutting a character in two."""
    cleaned = _UNSAFE.sub("_", name).strip(" .")
    cleaned = cleaned.encode("utf-8")[:limit].decode("utf-8", "ignore").strip(" .")
    if not cleaned or cleaned.upper().split(".")[0] in _RESERVED:
        cleaned = f"_{cleaned}"
    return cleaned


PERSON_NAME_BYTES = 60  # a person's name in a file name (forms, certificates): beside a number and an occupation


def write_whole(path: Path, data: bytes) -> Path:
    """One file written whole, beside its place then renamed over it (never half an export or page),
    or a usage error saying why it cannot be."""
    if not path.parent.is_dir():
        raise UsageError(f"无法写入 {path}：文件夹 {path.parent} 不存在。")
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(data)
        partial.replace(path)
    except OSError as e:
        partial.unlink(missing_ok=True)
        raise UsageError(f"无法写入 {path}：{os_reason(e)}。") from e
    return path


def sha256(data: bytes) -> str:
    """Hex SHA-256, the hash the manifest records."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class Written:
    """A file its maker has already written into the staging folder (a worker: 10,000 certificates
    are written on every core, not one by one here): its size and CRC, for the zip, which takes its
    bytes from the file, and its SHA-256."""

    size: int
    crc: int
    digest: str


class Digest(str):
    """An input file's SHA-256, taken as it was read (a 10,000-row roster is hashed for the
    manifest, not kept in memory through the run)."""


def file_digest(path: Path) -> Digest:
    """A file's Digest, read a megabyte at a time."""
    return Digest(_file_sha256(path))


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _size_and_hash(folder: Path, rel: str, known: dict[str, tuple[int, str]]) -> tuple[int, str]:
    return known[rel] if rel in known else ((folder / rel).stat().st_size, _file_sha256(folder / rel))


def _files(folder: Path) -> list[str]:
    """Every file in the folder by its relative path, in order (the manifest's and the zip's); listed
    with os.scandir, which knows a file from a folder without asking again: 10,000 certificates
    are neither 10,000 Path objects nor 10,000 more system calls."""
    found, folders = [], [(str(folder), "")]
    while folders:
        top, prefix = folders.pop()
        with os.scandir(top) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, f"{prefix}{entry.name}/"))
                elif entry.is_file():
                    found.append(prefix + entry.name)
    return sorted(found)


def manifest(folder: Path, inputs: dict[str, bytes | Digest], known: dict[str, tuple[int, str]] | None = None,
             unlisted: frozenset[str] = frozenset()) -> bytes:
    """manifest.json for a finished folder: what was built, from which config, by which version.

    known: (size, sha256) of files hashed as they were written, so they are not read again (or, for a
    file someone edited, as the last build wrote it, so the edit stays visible); unlisted: files in
    the folder that skillplan did not write (someone added them)."""
    known = known or {}
    files = [rel for rel in _files(folder) if rel != MANIFEST and rel not in unlisted]
    config = _config_files(inputs)
    data = {"tool": "skillplan", "version": __version__, "config": {"sha256": _config_hash(config), "files": config}}
    # the listing of a 10,000-certificate folder written entry by entry, each as json.dumps(indent=2)
    # lays it out: the encoder's indented path is pure Python, ten times slower than these lines
    out = io.BytesIO()  # bytes, not text: a StringIO of Chinese paths holds four bytes a character
    out.write(json.dumps({**data, "files": []}, ensure_ascii=False, indent=2).removesuffix("[]\n}").encode())
    for n, rel in enumerate(files):
        size, digest = _size_and_hash(folder, rel, known)
        out.write(_ENTRY.format(",\n" if n else "[\n", _json_text(rel), size, digest).encode())
    out.write(b"\n  ]\n}\n" if files else b"[]\n}\n")
    return out.getvalue()


def _config_files(inputs: dict[str, bytes | Digest]) -> list[dict[str, str]]:
    return [{"path": name, "sha256": data if isinstance(data, Digest) else sha256(data)}
            for name, data in sorted(inputs.items())]


def _config_hash(config: list[dict[str, str]]) -> str:
    """One hash for the whole config: of each input file's path and hash, in path order."""
    return sha256("".join(f"{c['path']}\0{c['sha256']}\n" for c in config).encode())


def config_digest(inputs: dict[str, bytes | Digest]) -> str:
    """The config hash a manifest of these inputs records (skillplan status compares the two)."""
    return _config_hash(_config_files(inputs))


def recorded_config(folder: Path) -> str | None:
    """The config hash the folder's manifest.json recorded; None without a readable manifest."""
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["config"]["sha256"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


_ENTRY = '{}    {{\n      "path": {},\n      "size": {},\n      "sha256": "{}"\n    }}'
_json_text = json.encoder.encode_basestring  # a string as json.dumps(ensure_ascii=False) writes it


def write_bundle(final: Path, files: Iterable[tuple[str, bytes]] | dict[str, bytes] | Callable[[Path], Iterable],
                 inputs: dict[str, bytes | Digest], **options) -> list[str]:
    """Write files as the folder `final`, plus manifest.json and final.zip, in one go (a build: no
    ledger to commit in between). options: those of Bundle. Returns the paths written."""
    with Bundle(final, inputs, **options) as bundle:
        bundle.stage(files)
    return bundle.names


class Bundle:
    """An output folder replaced all at once: `with Bundle(...) as b: b.stage(files)` writes the new
    folder and its zip completely beside their place and flushes them to disk; leaving the `with`
    swaps them in, or, on any exception, removes them and leaves the previous folder as it was.

    Between stage() and the end of the `with` a command commits its ledger: the ledger then never
    holds what the output does not show, nor the output what the ledger does not hold (a failed
    commit leaves both as they were; a kill after the commit leaves a ledger whose re-run writes
    the same output). Hand-edited files --force moves aside are moved only at the swap.

    stage(files): files is a dict or a stream of (relative path, bytes or Written), or a function of
    the staging folder giving the stream (makers that write there themselves). inputs are the config
    files (path relative to the client → bytes or Digest) the manifest hashes. With keep_existing the
    previous folder's other files are carried over (a partial rebuild), except those whose path starts
    with one of `replacing`. With pdf every new .docx is also converted. The zip's members come in a
    fixed order: given a dict, every file (carried over or new) by path, then PDFs by path, then the
    manifest — the order of a complete build; given a stream, carried-over files by path, then the new
    ones as produced.

    A file changed or added by hand since the last build stops the run (HandEdited) before anything is
    written; with force it is moved under OUT/手改/ at the swap and on_set_aside hears where it went.
    owned: the paths (prefixes) this run may write, when it shares the folder with other commands
    (forms, results, certificates); a file of theirs edited by hand is kept as it is, still marked as
    edited, and neither stops this run nor is moved. None: the whole folder is this run's. Writers of
    one folder take turns (a lock beside it): one run's clean-up never removes another's staging folder.
    after_commit: what a failed swap adds to its message, for a run whose ledger has committed."""

    def __init__(self, final: Path, inputs: dict[str, bytes | Digest], *, keep_existing: bool = False,
                 replacing: tuple[str, ...] = (), owned: tuple[str, ...] | None = None, pdf: bool = False,
                 force: bool = False, on_set_aside: Callable[[str, Path], None] | None = None, after_commit: str = ""):
        self.final, self.inputs, self.keep_existing, self.replacing = final, inputs, keep_existing, replacing
        self.after_commit = after_commit  # said when the swap fails after a ledger committed
        self.owned, self.pdf, self.force, self.on_set_aside = owned, pdf, force, on_set_aside
        self.names: list[str] = []
        self.staging: Path | None = None

    def __enter__(self) -> Bundle:
        self._lock = _folder_lock(self.final)
        self._lock.__enter__()
        try:
            _refuse_links(self.final)
            _recover(self.final)
            if self.final.exists() and not self.final.is_dir():
                raise SkillplanError(f"{self.final} 是一个文件，不是输出文件夹：输出要写入同名的文件夹，请移走或改名该文件后重试")
            self.set_aside, self.theirs = hand_edited(self.final, self.force, self.owned)
        except BaseException:
            self._lock.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, kind, error, trace) -> None:
        try:
            if kind is None and self.staging is not None:
                fault_point(COMMITTED)
                self._swap()
            else:
                self._discard()
        finally:
            self._lock.__exit__(None, None, None)

    def stage(self, files) -> None:
        """The new folder and its zip, complete and on disk beside their place (see the class)."""
        staging = self.staging = _staging_folder(self.final)
        try:
            if self.keep_existing:
                _carry_over(self.final, staging, self.replacing,
                            set(files) if isinstance(files, dict) else set(), {rel for rel, _ in self.set_aside})
            self.names = self._write(staging, files)
            sync_tree(staging, self.names)
            sync_tree(self._zip_staging())
        except OSError as e:
            raise SkillplanError(f"写入 {self.final} 失败：{os_reason(e)}") from e
        fault_point(STAGED)

    def _zip_staging(self) -> Path:
        return self.staging.with_name(self.staging.name + ".zip")

    def _write(self, staging: Path, files) -> list[str]:
        recorded = (recorded_entries(self.final) or {}) if self.theirs else {}
        # another command's files edited by hand: carried as they are, listed as that command wrote them
        kept = {rel: recorded[rel] for rel in self.theirs if rel in recorded}
        carried = _files(staging)
        top = self.final.name
        if callable(files):
            files = files(staging)
        # written in large pieces: 10,101 certificates are 20,000 small writes with the default buffer
        with open(self._zip_staging(), "wb", buffering=ZIP_BUFFER) as out:
            archive = ZipWriter(out)
            if isinstance(files, dict):
                # all known up front: old and new members interleave in path order, PDFs last, so a
                # partial rebuild leaves the same zip as a complete build of the same files
                hashed = _write_in_order(staging, files, [r for r in carried if not r.endswith(".pdf")], archive, top)
            else:
                for rel in carried:
                    archive.add((f"{top}/{rel}", (staging / rel).read_bytes()))
                hashed = _write_new(staging, files, archive, top)
            old_pdfs = [r for r in carried if r.endswith(".pdf")] if isinstance(files, dict) else []
            pdfs = _add_pdfs(staging, list(hashed) if self.pdf else [], archive, top, old_pdfs)
            listing = manifest(staging, self.inputs, {**hashed, **kept}, frozenset(self.theirs) - kept.keys())
            (staging / MANIFEST).write_bytes(listing)
            archive.add((f"{top}/{MANIFEST}", listing))
            archive.close()
        return sorted([*hashed, *pdfs, MANIFEST])

    def _swap(self) -> None:
        try:
            for rel, moved_to in set_aside_hand_edits(self.final, self.set_aside):
                if self.on_set_aside:
                    self.on_set_aside(rel, moved_to)
            _swap_in(self.final, self.staging, self._zip_staging())
        except OSError as e:
            self._discard()
            raise SkillplanError(f"无法把新生成的文件放入 {self.final}：{os_reason(e)}{self.after_commit}") from e
        except BaseException:
            self._discard()
            raise

    def _discard(self) -> None:
        """Nothing of this run stays behind (also on KeyboardInterrupt)."""
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self._zip_staging().unlink(missing_ok=True)


@contextmanager
def _folder_lock(final: Path) -> Iterator[None]:
    """Kept in the temporary folder, keyed by the folder's full path, so the output stays clean;
    where no lock can be made there (an odd temporary folder), writing goes on unlocked as before."""
    from filelock import FileLock, Timeout

    locks = Path(tempfile.gettempdir()) / "skillplan-locks"
    lock = FileLock(locks / f"{sha256(str(final.resolve()).encode())[:32]}.lock")
    try:
        locks.mkdir(exist_ok=True)
        lock.acquire(timeout=LOCK_WAIT)
    except Timeout:
        raise SkillplanError(f"另一个 skillplan 进程正在写入 {final}，等待 {LOCK_WAIT:.0f} 秒后仍未结束，请稍后重试") from None
    except OSError:
        lock = None
    try:
        yield
    finally:
        if lock is not None:
            lock.release()


ZIP_BUFFER = 1 << 18


def _staging_folder(final: Path) -> Path:
    """A fresh folder beside `final`, on the same file system so the swap is one rename."""
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.new-", dir=final.parent))
        os.chmod(staging, 0o777 & ~_umask())  # mkdtemp's 0700 would become the output folder's mode
        return staging
    except OSError as e:
        raise SkillplanError(f"无法写入输出目录 {final.parent}：{os_reason(e)}") from e


def _umask() -> int:
    """The user's umask (read by setting it, so set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _carry_over(final: Path, staging: Path, replacing: tuple[str, ...], new: set[str], leaving: set[str]) -> None:
    """A partial rebuild keeps the previous folder's files that this run does not rewrite (nor move
    aside as edited by hand: leaving)."""
    if not final.is_dir():
        return
    for rel in _files(final):
        old_file = final / rel
        if not (rel.startswith(replacing) or rel in new or rel == MANIFEST or rel in leaving):
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            _carry(old_file, staging / rel)


def _carry(old_file: Path, target: Path) -> None:
    """A file kept from the previous folder: a second name for it (a hard link), so its bytes are
    neither copied nor, when the previous folder goes, freed (certificates keeps results' 100 print
    files); a copy where the file system has no hard links (FAT, some network drives). Output files
    are only ever replaced, never changed in place, so the two names never differ."""
    try:
        os.link(old_file, target)
    except OSError:
        shutil.copy2(old_file, target)


def _refuse_links(final: Path) -> None:
    """An output folder (or its zip) that is a symbolic link is refused before anything is written: the
    new output is exchanged into place whole, which would replace the link itself and leave the folder it
    points to as it was (a stale 证书数据.xlsx where the consultant looks)."""
    for path in (final, final.parent / f"{final.name}.zip"):
        if path.is_symlink():
            raise SkillplanError(f"{path} 是指向 {os.readlink(path)} 的链接：输出整个替换写入，不能经由链接写入；"
                                 f"请用 -o 直接指定实际的输出位置，或删去这个链接")


def _write_new(staging: Path, stream: Iterable[tuple[str, bytes | Written]], archive: ZipWriter,
               top: str) -> dict[str, tuple[int, str]]:
    """Each new file to disk (unless Written already) and into the zip as it comes; their sizes and
    hashes, in that order."""
    hashed, folders = {}, set()
    for rel, data in stream:
        if isinstance(data, Written):  # the zip takes its bytes from the file the worker wrote
            archive.add(stored_file(f"{top}/{rel}", os.path.join(staging, rel), data.size, data.crc))
            hashed[rel] = (data.size, data.digest)
        else:
            written = staged(staging, rel, data, folders)
            archive.add((f"{top}/{rel}", data))
            hashed[rel] = (written.size, written.digest)
    return hashed


def staged(staging: Path | str, rel: str, data: bytes, folders: set[str]) -> Written:
    """One file written into the staging folder (by this process or a worker); folders: those made
    already (10,000 certificates share one folder: made once)."""
    target = os.path.join(staging, rel)
    folder = os.path.dirname(target)
    if folder not in folders:
        os.makedirs(folder, exist_ok=True)
        folders.add(folder)
    try:
        with open(target, "wb") as f:
            f.write(data)
    except OSError as e:  # rel names whose file it is (a person's name and number)
        raise SkillplanError(f"无法写入 {rel}：{os_reason(e)}") from e
    return Written(len(data), isal_zlib.crc32(data), sha256(data))


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
    """The folder's swap is the commit point: one atomic exchange of the two folders where the system
    has one (Linux), so the output folder is never missing; elsewhere the previous folder is moved
    aside, then put back if the new one cannot take its place. The zip follows its folder."""
    fault_point(SWAPPING)
    if final.exists() and exchange(staging, final):
        os.replace(zip_staging, final.parent / f"{final.name}.zip")
        sync_dir(final.parent)
        shutil.rmtree(staging, ignore_errors=True)  # it holds the previous folder now
        return
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
    sync_dir(final.parent)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


_RENAME_EXCHANGE, _AT_FDCWD = 2, -100


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE); False where the system or the
    file system has no such step, and nothing has moved."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        done = libc.renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    except (OSError, AttributeError):  # a C library without renameat2
        return False
    return done == 0


def _recover(final: Path) -> None:
    """Clean up after a run that was killed: finish a swap that had started, restore a folder caught
    mid-swap, drop staging leftovers.

    The folders' swap is the commit point. A staged zip whose manifest is the one in the output folder
    belongs to a run whose folder is already in place: it is moved in too (the one moment a kill
    leaves the zip a run behind the folder is repaired here)."""
    parent = final.parent
    if not parent.is_dir():
        return
    for staged_zip in sorted(parent.glob(f".{glob_escape(final.name)}.new-*.zip")):
        if _same_manifest(staged_zip, final):
            os.replace(staged_zip, parent / f"{final.name}.zip")
    for leftover in sorted(parent.glob(f".{glob_escape(final.name)}.*-*")):
        previous = leftover / "previous"
        if previous.is_dir() and not final.exists():
            os.replace(previous, final)
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


def _same_manifest(staged_zip: Path, final: Path) -> bool:
    import zipfile

    try:
        with zipfile.ZipFile(staged_zip) as z:
            return z.read(f"{final.name}/{MANIFEST}") == (final / MANIFEST).read_bytes()
    except (OSError, KeyError, zipfile.BadZipFile):
        return False


def glob_escape(name: str) -> str:
    """A literal name for glob(): a client called a[1] must not match a1."""
    return re.sub(r"([*?\[])", r"[\1]", name)


# ---- hand edits: never overwrite what a colleague changed since the last build ------------------

class HandEdited(SkillplanError):
    """Files in an output folder differ from what the last build wrote: replacing them would lose
    someone's work, so the build stops, like git refusing to overwrite local changes."""

    def __init__(self, folder: Path, edited: list[tuple[str, str]]):
        self.folder, self.edited = folder, edited
        listing = "\n".join(f"  {rel}（{how}）" for rel, how in edited)
        super().__init__(
            f"{folder} 中有 {len(edited)} 个文件在上次生成之后被修改或新增，为免覆盖手改的内容，本次没有替换任何文件：\n"
            f"{listing}\n请把要保留的修改写回 YAML；或加 --force，先把这些文件移到 "
            f"{folder.parent / HAND_EDITS / folder.name}/ 再生成。")

    def __reduce__(self):  # rebuilt with its own arguments when it crosses a process pool
        return HandEdited, (self.folder, self.edited)


def recorded_hashes(folder: Path) -> dict[str, str] | None:
    """path → SHA-256 of the files the folder's manifest.json lists; None without a readable manifest."""
    entries = recorded_entries(folder)
    return None if entries is None else {rel: digest for rel, (_, digest) in entries.items()}


def recorded_entries(folder: Path) -> dict[str, tuple[int, str]] | None:
    """path → (size, SHA-256) of the files the folder's manifest.json lists; None without a readable manifest."""
    try:
        listing = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return {entry["path"]: (entry["size"], entry["sha256"]) for entry in listing["files"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def hand_edits(folder: Path) -> list[tuple[str, str]]:
    """(path, 已修改 or 新增) for each file in the folder that the last build did not write as it is now.

    A folder without a readable manifest was not written by skillplan (or its record is lost):
    every file in it counts as someone's. Lock files an editor keeps beside an open document do not."""
    if not folder.is_dir():
        return []
    recorded = recorded_hashes(folder)
    found = []
    for rel in _files(folder):
        path = folder / rel
        if (rel == MANIFEST and recorded is not None) or _EDITOR_LEFTOVERS.search(path.name):
            continue
        if recorded is None or rel not in recorded:
            found.append((rel, "新增" if recorded is not None else "无生成记录"))
        elif _file_sha256(path) != recorded[rel]:
            found.append((rel, "已修改"))
    return found


def hand_edited(folder: Path, force: bool, owned: tuple[str, ...] | None = None) -> tuple[list[tuple[str, str]], list[str]]:
    """The files edited by hand that a run writing `owned` (None: the whole folder) would replace: a
    refusal (HandEdited) unless force, else the list to move aside at the swap (path, how edited);
    and the paths of the other commands' files edited by hand, which stay where they are."""
    edited = hand_edits(folder)
    theirs = [rel for rel, _ in edited if owned is not None and not rel.startswith(owned)]
    edited = [(rel, how) for rel, how in edited if owned is None or rel.startswith(owned)]
    if edited and not force:
        raise HandEdited(folder, edited)
    return edited, theirs


def set_aside_hand_edits(folder: Path, edited: list[tuple[str, str]],
                         now: datetime | None = None) -> list[tuple[str, Path]]:
    """Move each file edited by hand to OUT/手改/<client>/<path>（手改 YYYYMMDD-HHMM）.<ext>, never over
    an existing file; (path, new place) of each."""
    stamp = f"（手改 {(now or datetime.now()):%Y%m%d-%H%M}）"
    moved = []
    for rel, _ in edited:
        target = _free_name(folder.parent / HAND_EDITS / folder.name / rel, stamp)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(folder / rel, target)
        except OSError as e:
            raise SkillplanError(f"无法把手改的 {folder / rel} 移到 {target}：{os_reason(e)}") from e
        moved.append((rel, target))
    return moved


def _free_name(path: Path, stamp: str) -> Path:
    """name（手改 …）.ext, or name（手改 …-2）.ext and on when that exists already."""
    suffix = path.suffix if path.stem else ""
    stem = path.name[: len(path.name) - len(suffix)]
    candidate, n = path.with_name(f"{stem}{stamp}{suffix}"), 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{stem}{stamp[:-1]}-{n}）{suffix}")
    return candidate
