"""Revisions — what changed between two versions of a document, shown the way the HR office reads it.

A filing goes back and forth with the HR office; between rounds the consultant shows the client
exactly what changed. One comparison gives two things:
- the changed sentences, old → new: each document's text (body paragraphs, table rows) split into
  sentences and compared with difflib, for the terminal;
- a copy of the new version with Word tracked changes (w:ins / w:del, author skillplan, a date)
  that Word and WPS show as 修订 and can accept or reject, named with （修订） after its name.

The tracked-changes copy comes from python-redlines' docxodus engine, which compares any two
Word documents (arbitrary runs, rsids, comments) and is an optional extra, skillplan[redline],
because it is a 45 MB binary: without it the sentences are still listed, with a line saying how to
get 修订 copies. Text is compared as Word shows it with revisions accepted (w:delText is not text).
"""
from __future__ import annotations

import datetime as dt
import difflib
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path

from lxml import etree

from ..core.errors import SkillplanError, UsageError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
AUTHOR = "skillplan"
REVISED = "（修订）"
REVISIONS_DIR = "修订"
INSTALL_HINT = "未安装修订引擎，没有生成修订稿（Word 修订模式的副本）；安装方法：pip install 'skillplan[redline]'"
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|\n")


@dataclass(frozen=True)
class Change:
    """One changed sentence: old → new; old is "" for an added sentence, new "" for a removed one."""

    old: str
    new: str


@dataclass
class DocumentChanges:
    """One document's changed sentences; status says whether it is new, gone or changed."""

    name: str
    status: str = "changed"  # changed | added | removed
    changes: list[Change] = field(default_factory=list)
    revision: Path | None = None  # the 修订 copy written for it, if any


@dataclass
class Comparison:
    """Everything a diff found and wrote; hint says how to get 修订 copies when the engine is missing."""

    documents: list[DocumentChanges] = field(default_factory=list)
    hint: str = ""

    @property
    def revisions(self) -> list[Path]:
        return [d.revision for d in self.documents if d.revision]


# ---- the text, sentence by sentence ------------------------------------------------------------

def document_xml(data: bytes, label: str) -> etree._Element:
    """word/document.xml of a .docx, or a clear error when the file is not a Word document."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return etree.fromstring(z.read("word/document.xml"), etree.XMLParser(huge_tree=True, resolve_entities=False))
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as e:
        raise SkillplanError(f"{label} 不是有效的 Word 文件（.docx）：{e}") from e


def _paragraph_text(p: etree._Element) -> str:
    parts = []
    for node in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        parts.append(node.text or "" if node.tag == f"{W}t" else "\t" if node.tag == f"{W}tab" else "\n")
    return "".join(parts)


def _blocks(element: etree._Element) -> Iterator[str]:
    """Paragraph texts and table rows (cells joined by " | ") in reading order; content controls opened."""
    for child in element:
        if child.tag == f"{W}p":
            yield _paragraph_text(child)
        elif child.tag == f"{W}tbl":
            for row in child.iter(f"{W}tr"):
                yield " | ".join("".join(_paragraph_text(p) for p in cell.iter(f"{W}p"))
                                 for cell in row.iter(f"{W}tc"))
        elif child.tag != f"{W}sectPr":
            yield from _blocks(child)


def sentences(data: bytes, label: str = "文件") -> list[str]:
    """A document's text as sentences: every paragraph and table row, cut after 。！？；."""
    body = document_xml(data, label).find(f"{W}body")
    found = []
    for block in _blocks(body if body is not None else etree.Element("empty")):
        found += [s.strip() for s in _SENTENCE_END.split(block) if s.strip()]
    return found


def sentence_changes(old: list[str], new: list[str]) -> list[Change]:
    """The sentences that differ, paired old → new where a run of sentences was replaced."""
    changes = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            changes += [Change(a or "", b or "") for a, b in zip_longest(old[i1:i2], new[j1:j2])]
    return changes


def word_changes(old: str, new: str) -> list[tuple[str, str]]:
    """A sentence pair as (kind, text) pieces — kind "=", "-" or "+" — to mark what changed inside it."""
    pieces = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(("=", old[i1:i2]))
            continue
        if i2 > i1:
            pieces.append(("-", old[i1:i2]))
        if j2 > j1:
            pieces.append(("+", new[j1:j2]))
    return pieces


def compare(name: str, old: bytes, new: bytes) -> DocumentChanges:
    """One document's changed sentences between two versions of it."""
    return DocumentChanges(name, "changed", sentence_changes(sentences(old, name), sentences(new, name)))


# ---- the 修订 copy ----------------------------------------------------------------------------

def revised_name(name: str) -> str:
    """附件/附件1-X.docx → 附件/附件1-X（修订）.docx: the copy sorts beside the document it revises."""
    path = Path(name)
    return path.with_name(f"{path.stem}{REVISED}{path.suffix or '.docx'}").as_posix()


def revision_date() -> str:
    """Now, in UTC to the second (Word's w:date); SOURCE_DATE_EPOCH fixes it for reproducible output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    when = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch.isdigit() else dt.datetime.now(dt.timezone.utc)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def redline_engine():
    """The docxodus engine, or None when skillplan[redline] is not installed."""
    try:
        from python_redlines import DocxodusEngine, EngineNotInstalledError
    except ImportError:
        return None
    try:
        return DocxodusEngine()
    except EngineNotInstalledError:
        return None
    except OSError as e:  # the engine unpacks itself into the user's cache folder once
        raise SkillplanError(f"修订引擎无法启动：{e}") from e


def redline(engine, old: bytes, new: bytes, date: str) -> bytes:
    """The new version with every difference from the old one as a Word tracked change."""
    from python_redlines import EngineExecutionError

    try:
        marked, _, _ = engine.run_redline(AUTHOR, old, new, date_time=date)
    except (EngineExecutionError, OSError) as e:
        raise SkillplanError(f"修订引擎比较失败：{e}") from e
    return marked


def redlines(engine, pairs: dict[str, tuple[bytes, bytes]], date: str) -> dict[str, bytes]:
    """Several documents' 修订 copies at once: the engine is a separate process per document."""
    with ThreadPoolExecutor(max(1, min(len(pairs), os.cpu_count() or 1))) as pool:
        done = {name: pool.submit(redline, engine, old, new, date) for name, (old, new) in pairs.items()}
        return {name: future.result() for name, future in done.items()}


def write_file(path: Path, data: bytes) -> None:
    """Write beside the target and rename: a reader never sees half a file, a failure leaves the old one."""
    partial = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(partial, path)
    except OSError as e:
        if partial:
            Path(partial).unlink(missing_ok=True)
        raise SkillplanError(f"写入 {path} 失败：{e.strerror or e}") from e


def read_docx(path: Path) -> bytes:
    """A document named on the command line: a usage error when it is not there."""
    if not path.is_file():
        raise UsageError(f"{path} 不存在或不是文件")
    return path.read_bytes()


# ---- the two ways in: a client's last build, or any two files ----------------------------------

def _reading_order(name: str) -> tuple[int, str]:
    """The filing document first, then the folders (附件/, 公告/), each by name."""
    return name.count("/"), name


def compare_builds(built: Path, current: dict[str, bytes], revisions_to: Path) -> Comparison:
    """The last build in `built` against what the config would build now (relative path → bytes).

    The 修订 copies go under revisions_to, by the same relative paths; nothing in `built` is touched."""
    old = {p.relative_to(built).as_posix(): p.read_bytes() for p in built.rglob("*.docx") if p.is_file()}
    comparison, changed = Comparison(), {}
    for name in sorted(old.keys() | current.keys(), key=_reading_order):
        if name not in current:
            comparison.documents.append(DocumentChanges(name, "removed"))
        elif name not in old:
            comparison.documents.append(DocumentChanges(name, "added"))
        elif (document := compare(name, old[name], current[name])).changes:
            comparison.documents.append(document)
            changed[name] = (old[name], current[name])
    write_revisions(comparison, changed, {name: revisions_to / revised_name(name) for name in changed})
    return comparison


def compare_files(old_path: Path, new_path: Path, out: Path | None = None) -> Comparison:
    """Any two versions of a document; the 修订 copy goes to out, by default beside the new one."""
    old, new = read_docx(old_path), read_docx(new_path)
    target = out or new_path.with_name(revised_name(new_path.name))
    if target.resolve() in {old_path.resolve(), new_path.resolve()}:
        raise UsageError(f"修订稿不能覆盖被比较的文件 {target}：请用 -o 指定另一个文件名")
    document = compare(new_path.name, old, new)
    comparison = Comparison([document] if document.changes else [])
    if document.changes:
        write_revisions(comparison, {document.name: (old, new)}, {document.name: target})
    return comparison


def write_revisions(comparison: Comparison, changed: dict[str, tuple[bytes, bytes]],
                    targets: dict[str, Path]) -> None:
    """A 修订 copy per changed document, when the engine is installed; else the hint how to get one."""
    if not changed:
        return
    engine = redline_engine()
    if engine is None:
        comparison.hint = INSTALL_HINT
        return
    marked = redlines(engine, changed, revision_date())
    for document in comparison.documents:
        if document.name in marked:
            write_file(targets[document.name], marked[document.name])
            document.revision = targets[document.name]
