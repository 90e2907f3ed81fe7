"""Revisions — what changed between two versions of a document, shown the way the HR office reads it.

A filing goes back and forth with the HR office; between rounds the consultant shows the client
exactly what changed. One comparison gives two things:
- the changed sentences, old → new: each document's text (body paragraphs, table rows) split into
  sentences and compared with difflib, similar sentences paired, for the terminal;
- a copy of the new version with Word tracked changes (w:ins / w:del, author skillplan, a date)
  that Word and WPS show as 修订 and can accept or reject, named with （修订） after its name.

Two differs write the tracked changes. skillplan's own documents hold nothing but paragraphs of
plain runs and tables of them, so for two builds a paragraph-level differ of our own aligns the
blocks, pairs similar paragraphs and rows, and marks the changed words inside them (the 58-page
filing: 160 ms against the engine's 9 s, measured by benchmarks/bench.py on a loaded 2-core machine),
with no extra to install. A document edited in Word (arbitrary runs, rsids, bookmarks, comments,
fields) goes to python-redlines' docxodus engine, an optional extra, skillplan[redline], because it
is a 45 MB binary and takes seconds a document: without it the sentences are still listed, with a
line saying how to get the 修订 copy. Text is compared as Word shows it with revisions accepted.
"""
from __future__ import annotations

import copy
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
from itertools import accumulate, zip_longest
from pathlib import Path

from lxml import etree

from ..core.archive import stable_zip
from ..core.errors import SkillplanError, UsageError, os_reason

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
AUTHOR = "skillplan"
REVISED = "（修订）"
REVISIONS_DIR = "修订"
INSTALL_HINT = "未安装修订引擎，没有生成修订稿（Word 修订模式的副本）；安装方法：pip install 'skillplan[redline]'"
_SIMILAR = 0.5  # how alike two sentences (or rows) must be to count as one changed, not one out, one in
_MAX_PAIRINGS = 2_500  # beyond 50 × 50 sentences replaced it is a rewrite: shown side by side
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
    was: str = ""  # the name it had in the last build, when it is built under another name now


@dataclass
class Comparison:
    """Everything a diff found and wrote; hint says how to get 修订 copies when the engine is missing.

    Copies from earlier diffs of documents unchanged now are kept (they may have been sent out) and
    listed, so nobody mistakes one for this round's."""

    documents: list[DocumentChanges] = field(default_factory=list)
    hint: str = ""
    earlier: list[Path] = field(default_factory=list)  # 修订 copies left from earlier diffs, not rewritten now

    @property
    def revisions(self) -> list[Path]:
        """The 修订 copies written, one per changed document."""
        return [d.revision for d in self.documents if d.revision]

    def as_dict(self) -> dict:
        """For --format json: per document its status, changed sentences and 修订 copy."""
        return {"changed": bool(self.documents), "hint": self.hint or None,
                "earlier_revisions": [str(p) for p in self.earlier],
                "documents": [{"name": d.name, "status": d.status, "was": d.was or None,
                               "revision": str(d.revision) if d.revision else None,
                               "changes": [{"old": c.old, "new": c.new} for c in d.changes]} for d in self.documents]}


# ---- the text, sentence by sentence ------------------------------------------------------------

def document_xml(data: bytes, label: str) -> etree._Element:
    """word/document.xml of a .docx, or a clear error when the file is not a Word document."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return etree.fromstring(z.read("word/document.xml"), etree.XMLParser(huge_tree=True, resolve_entities=False))
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as e:
        raise SkillplanError(f"{label} 不是有效的 Word 文件（.docx）：{e}") from e


# what a run's elements other than text read as: a tab, a line break, Word's non-breaking hyphen
_SPECIAL_TEXT = {f"{W}tab": "\t", f"{W}br": "\n", f"{W}cr": "\n", f"{W}noBreakHyphen": "-"}


def _paragraph_text(p: etree._Element) -> str:
    parts = []
    for node in p.iter(f"{W}t", *_SPECIAL_TEXT):
        parts.append(node.text or "" if node.tag == f"{W}t" else _SPECIAL_TEXT[node.tag])
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


def matched(old: list[str], new: list[str]) -> list[tuple[int | None, int | None]]:
    """Old and new items in order as pairs (i, j), (i, None) for removed, (None, j) for added.

    Equal runs are found by difflib; inside a replaced run the most similar items are paired first,
    without crossing, so a table row renumbered after a removed row still meets its old self."""
    pairs: list[tuple[int | None, int | None]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            pairs += zip(range(i1, i2), range(j1, j2))
        else:
            pairs += _similar_pairs(old, new, range(i1, i2), range(j1, j2))
    return pairs


def _similar_pairs(old, new, olds: range, news: range) -> list[tuple[int | None, int | None]]:
    if len(olds) * len(news) > _MAX_PAIRINGS:
        return list(zip_longest(olds, news))
    scored = sorted(((_similarity(old[i], new[j]), i, j) for i in olds for j in news), reverse=True)
    chosen: list[tuple[int, int]] = []
    for score, i, j in scored:
        if score >= _SIMILAR and all((i - a) * (j - b) > 0 for a, b in chosen):
            chosen.append((i, j))
    chosen.sort()
    pairs, i, j = [], olds.start, news.start
    for a, b in [*chosen, (olds.stop, news.stop)]:
        pairs += [(k, None) for k in range(i, a)] + [(None, k) for k in range(j, b)]
        if a < olds.stop:
            pairs.append((a, b))
        i, j = a + 1, b + 1
    return pairs


def _similarity(a: str, b: str) -> float:
    """difflib's ratio, skipped (0) when its cheap upper bound already says the two are unalike."""
    if not (a and b):
        return 0.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.ratio() if matcher.quick_ratio() >= _SIMILAR else 0.0


def sentence_changes(old: list[str], new: list[str]) -> list[Change]:
    """The sentences that differ: a changed one paired with its new version, added and removed alone."""
    return [Change("" if i is None else old[i], "" if j is None else new[j]) for i, j in matched(old, new)
            if i is None or j is None or old[i] != new[j]]


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


def compare(name: str, old: bytes, new: bytes, old_label: str = "", new_label: str = "") -> DocumentChanges:
    """One document's changed sentences between two versions of it (labels name them in errors)."""
    return DocumentChanges(name, "changed", sentence_changes(sentences(old, old_label or f"上次生成的 {name}"),
                                                             sentences(new, new_label or name)))


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


# The paragraph-level differ for what skillplan writes (see the module's docstring).
_ALLOWED = {"body": "p tbl sectPr", "p": "pPr r", "r": "rPr t tab br noBreakHyphen", "tbl": "tblPr tblGrid tr", "tr": "trPr tc",
            "tc": "tcPr p"}
_REVISION_TAGS = "ins del pPrChange rPrChange trPrChange tcPrChange tblPrChange sectPrChange"
# one XPath, evaluated in C: is there any element outside _ALLOWED, or any revision?
_IRREGULAR = etree.XPath("boolean(" + " | ".join(
    [f"{'self::w:body' if parent == 'body' else f'.//w:{parent}'}/*[not({' or '.join(f'self::w:{c}' for c in children.split())})]"
     for parent, children in _ALLOWED.items()] + [f".//w:{tag}" for tag in _REVISION_TAGS.split()]) + ")",
    namespaces={"w": W[1:-1]})
_TOKEN = re.compile(r"[A-Za-z0-9.%]+|\s|.", re.S)


def _regular(body: etree._Element) -> bool:
    """Only the containers and runs skillplan writes (what is inside property elements aside), and no
    revisions already in them."""
    return not _IRREGULAR(body)


class _Marks:
    """Numbers each w:ins / w:del and stamps it with the author and the date."""

    def __init__(self, date: str):
        self.date, self.next_id = date, 1

    def mark(self, kind: str) -> etree._Element:
        element = etree.Element(f"{W}{kind}", {f"{W}id": str(self.next_id), f"{W}author": AUTHOR, f"{W}date": self.date})
        self.next_id += 1
        return element


def _key(block: etree._Element) -> str:
    """What two blocks must share to count as the same: kind and text (cells and rows kept apart)."""
    if block.tag == f"{W}tbl":
        return "tbl\0" + "\1".join("\2".join(_cell_text(c) for c in row.iter(f"{W}tc")) for row in block.iter(f"{W}tr"))
    if block.tag == f"{W}tr":
        return "\2".join(_cell_text(c) for c in block.iter(f"{W}tc"))
    return etree.QName(block).localname + "\0" + _paragraph_text(block)


def _cell_text(cell: etree._Element) -> str:
    return "\n".join(_paragraph_text(p) for p in cell.iter(f"{W}p"))


def _atoms(p: etree._Element) -> tuple[str, list[tuple[etree._Element | None, etree._Element | None]]]:
    """A paragraph's text, and per character its run's rPr and its element when it is a tab, a break or
    a non-breaking hyphen."""
    text, atoms = [], []
    for run in p.iterchildren(f"{W}r"):
        rpr = run.find(f"{W}rPr")
        for node in run:
            if node.tag == f"{W}t":
                text.append(node.text or "")
                atoms += [(rpr, None)] * len(node.text or "")
            elif node.tag in (f"{W}tab", f"{W}br", f"{W}noBreakHyphen"):
                text.append(_SPECIAL_TEXT[node.tag])
                atoms.append((rpr, node))
    return "".join(text), atoms


def _runs(text: str, atoms: list, deleted: bool) -> list[etree._Element]:
    """Runs for a stretch of a paragraph, one per stretch of equal formatting."""
    runs, last = [], object()
    for char, (rpr, special) in zip(text, atoms):
        if rpr is not last or not runs:
            runs.append(etree.Element(f"{W}r"))
            if rpr is not None:
                runs[-1].append(copy.deepcopy(rpr))
            last = rpr
        run = runs[-1]
        if special is not None:
            run.append(copy.deepcopy(special))
            continue
        tail = run[-1] if len(run) and run[-1].tag in (f"{W}t", f"{W}delText") else None
        if tail is None:
            tail = etree.SubElement(run, f"{W}delText" if deleted else f"{W}t")
            tail.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        tail.text = (tail.text or "") + char
    return runs


def _wrapped(kind: str, runs: list[etree._Element], marks: _Marks) -> list[etree._Element]:
    if not runs:
        return []
    wrapper = marks.mark(kind)
    wrapper.extend(runs)
    return [wrapper]


def _mark_paragraph(p: etree._Element, kind: str, marks: _Marks) -> etree._Element:
    """A whole paragraph added or removed: its text and its paragraph mark."""
    text, atoms = _atoms(p)
    marked = etree.Element(f"{W}p")
    ppr = copy.deepcopy(p.find(f"{W}pPr")) if p.find(f"{W}pPr") is not None else etree.Element(f"{W}pPr")
    mark_rpr = ppr.find(f"{W}rPr")
    if mark_rpr is None:
        mark_rpr = etree.SubElement(ppr, f"{W}rPr")
    mark_rpr.insert(0, marks.mark(kind))
    marked.append(ppr)
    marked.extend(_wrapped(kind, _runs(text, atoms, kind == "del"), marks))
    return marked


def _changed_paragraph(old: etree._Element, new: etree._Element, marks: _Marks) -> etree._Element:
    """The new paragraph with word-level changes: numbers and Latin words whole, Chinese by character."""
    (old_text, old_atoms), (new_text, new_atoms) = _atoms(old), _atoms(new)
    old_tokens, new_tokens = _TOKEN.findall(old_text), _TOKEN.findall(new_text)
    old_at, new_at = [0, *accumulate(map(len, old_tokens))], [0, *accumulate(map(len, new_tokens))]
    marked = etree.Element(f"{W}p")
    if new.find(f"{W}pPr") is not None:
        marked.append(copy.deepcopy(new.find(f"{W}pPr")))
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False).get_opcodes():
        a, b, c, d = old_at[i1], old_at[i2], new_at[j1], new_at[j2]
        if tag == "equal":
            marked.extend(_runs(new_text[c:d], new_atoms[c:d], False))
            continue
        marked.extend(_wrapped("del", _runs(old_text[a:b], old_atoms[a:b], True), marks))
        marked.extend(_wrapped("ins", _runs(new_text[c:d], new_atoms[c:d], False), marks))
    return marked


def _changed(old: etree._Element, new: etree._Element, marks: _Marks) -> list[etree._Element]:
    """A block whose text changed, as the new block with the changes inside it marked: a paragraph
    word by word, a table row by row, a row cell by cell (a row with other cells: out and in whole)."""
    if new.tag == f"{W}p":
        return [_changed_paragraph(old, new, marks)]
    if new.tag == f"{W}tr" and len(old.findall(f"{W}tc")) != len(new.findall(f"{W}tc")):
        return [_marked(old, "del", marks), _marked(new, "ins", marks)]
    shell = copy.deepcopy(new)
    if new.tag == f"{W}tbl":
        for row in shell.findall(f"{W}tr"):
            shell.remove(row)
        shell.extend(_aligned(old.findall(f"{W}tr"), new.findall(f"{W}tr"), marks))
        return [shell]
    for old_cell, cell in zip(old.findall(f"{W}tc"), shell.findall(f"{W}tc")):
        paragraphs = cell.findall(f"{W}p")
        for p in paragraphs:
            cell.remove(p)
        cell.extend(_aligned(old_cell.findall(f"{W}p"), paragraphs, marks))
    return [shell]


def _marked(block: etree._Element, kind: str, marks: _Marks) -> etree._Element:
    """A block added or removed as a whole: a paragraph, a table row, or every row of a table."""
    if block.tag == f"{W}p":
        return _mark_paragraph(block, kind, marks)
    marked = copy.deepcopy(block)
    for row in marked.iter(f"{W}tr"):
        props = row.find(f"{W}trPr")
        if props is None:
            props = etree.Element(f"{W}trPr")
            row.insert(0, props)
        props.append(marks.mark(kind))
        for cell in row.iter(f"{W}tc"):
            for p in cell.findall(f"{W}p"):
                p.addprevious(_mark_paragraph(p, kind, marks))
                cell.remove(p)
    return marked


def _aligned(old: list[etree._Element], new: list[etree._Element], marks: _Marks) -> list[etree._Element]:
    """Blocks (a body's, a cell's paragraphs, a table's rows) aligned by their text: the same kept,
    a similar one of the same kind changed inside, the rest removed and added whole."""
    out = []
    old_keys, new_keys = [_key(b) for b in old], [_key(b) for b in new]
    for i, j in matched(old_keys, new_keys):
        if i is None:
            out.append(_marked(new[j], "ins", marks))
        elif j is None:
            out.append(_marked(old[i], "del", marks))
        elif old[i].tag != new[j].tag:
            out += [_marked(old[i], "del", marks), _marked(new[j], "ins", marks)]
        elif old_keys[i] == new_keys[j]:
            out.append(new[j])
        else:
            out += _changed(old[i], new[j], marks)
    return out


def tracked_changes(old: bytes, new: bytes, date: str) -> bytes | None:
    """The new document with its differences from the old as Word tracked changes, by skillplan's own
    paragraph-level differ; None when either holds more than skillplan writes (then the engine does it)."""
    old_body = document_xml(old, "旧版本").find(f"{W}body")
    root = document_xml(new, "新版本")
    new_body = root.find(f"{W}body")
    if old_body is None or new_body is None or not (_regular(old_body) and _regular(new_body)):
        return None
    section = new_body.find(f"{W}sectPr")
    marked = _aligned([b for b in old_body if b.tag != f"{W}sectPr"], [b for b in new_body if b is not section],
                      _Marks(date))
    for child in list(new_body):
        new_body.remove(child)
    new_body.extend([*marked, *([section] if section is not None else [])])
    xml = etree.tostring(root, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(io.BytesIO(new)) as z:
        return stable_zip((i.filename, xml if i.filename == "word/document.xml" else z.read(i)) for i in z.infolist())


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
        os.chmod(partial, 0o644)  # mkstemp makes it private; a copy to send round is an ordinary file
        os.replace(partial, path)
    except OSError as e:
        if partial:
            Path(partial).unlink(missing_ok=True)
        raise SkillplanError(f"写入 {path} 失败：{os_reason(e)}") from e


def read_docx(path: Path) -> bytes:
    """A document named on the command line: a usage error when it is not there."""
    if not path.is_file():
        raise UsageError(f"{path} 不存在或不是文件。")
    return path.read_bytes()


# ---- the two ways in: a client's last build, or any two files ----------------------------------

def _reading_order(name: str) -> tuple[int, str]:
    """The filing document first, then the folders (附件/, 公告/), each by name."""
    return name.count("/"), name


def _same_body(old: bytes, new: bytes) -> bool:
    """The same word/document.xml (the files themselves differ whenever the embedded config does)."""
    if old == new:
        return True
    try:
        with zipfile.ZipFile(io.BytesIO(old)) as a, zipfile.ZipFile(io.BytesIO(new)) as b:
            return a.read("word/document.xml") == b.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError):
        return False  # compare() says what is wrong with it


def compare_builds(built: Path, current: dict[str, bytes], revisions_to: Path) -> Comparison:
    """The last build in `built` against what the config would build now (relative path → bytes).

    The 修订 copies go under revisions_to, by the same relative paths; nothing in `built` is touched."""
    old = {p.relative_to(built).as_posix(): p.read_bytes() for p in built.rglob("*.docx") if p.is_file()}
    renamed = _renamed(sorted(old.keys() - current.keys()), sorted(current.keys() - old.keys()))
    was = {new: former for former, new in renamed.items()}
    comparison, changed = Comparison(), {}
    for name in sorted((old.keys() - renamed.keys()) | current.keys(), key=_reading_order):
        before = old.get(was.get(name, name))
        if name not in current:
            comparison.documents.append(DocumentChanges(name, "removed"))
        elif before is None:
            comparison.documents.append(DocumentChanges(name, "added"))
        elif _same_body(before, current[name]):  # builds are reproducible: the same body, the same text
            continue
        elif (document := compare(name, before, current[name], f"上次生成的 {was.get(name, name)}")).changes:
            document.was = was.get(name, "")
            comparison.documents.append(document)
            changed[name] = (before, current[name])
    targets = {name: revisions_to / revised_name(name) for name in changed}
    write_revisions(comparison, changed, targets)
    written = {t.resolve() for t in targets.values()}
    comparison.earlier = sorted(p for p in revisions_to.rglob(f"*{REVISED}.docx") if p.resolve() not in written)
    return comparison


_ANNEX = re.compile(r"附件/附件\d+-(.+)")


def _renamed(gone: list[str], added: list[str]) -> dict[str, str]:
    """The last build's name → today's, for documents built under another name now: the filing is
    named for the company (a corrected name renames it), an annex carries its number (a plan that
    drops the 题库 annex renumbers the rest). Paired by what the document is, when exactly one on
    each side is that document; anything else stays removed and added."""
    def kind(name: str) -> str | None:
        if "/" not in name and name.endswith("工作方案.docx"):
            return "工作方案"
        return m[1] if (m := _ANNEX.fullmatch(name)) else None

    def by_kind(names: list[str]) -> dict[str, list[str]]:
        kinds: dict[str, list[str]] = {}
        for name in names:
            if (k := kind(name)) is not None:
                kinds.setdefault(k, []).append(name)
        return kinds

    before, now = by_kind(gone), by_kind(added)
    return {before[k][0]: now[k][0] for k in before.keys() & now.keys() if len(before[k]) == len(now[k]) == 1}


def compare_files(old_path: Path, new_path: Path, out: Path | None = None) -> Comparison:
    """Any two versions of a document; the 修订 copy goes to out, by default beside the new one."""
    old, new = read_docx(old_path), read_docx(new_path)
    target = out or new_path.with_name(revised_name(new_path.name))
    if target.is_dir():
        target = target / revised_name(new_path.name)
    if target.suffix.lower() != ".docx":
        raise UsageError(f"修订稿的文件名须以 .docx 结尾，实际为 {target}。")
    if target.resolve() in {old_path.resolve(), new_path.resolve()}:
        raise UsageError(f"修订稿不能覆盖被比较的文件 {target}：请用 -o 指定另一个文件名。")
    document = compare(new_path.name, old, new, str(old_path), str(new_path))
    comparison = Comparison([document] if document.changes else [])
    if document.changes:
        write_revisions(comparison, {document.name: (old, new)}, {document.name: target})
    return comparison


def write_revisions(comparison: Comparison, changed: dict[str, tuple[bytes, bytes]],
                    targets: dict[str, Path]) -> None:
    """A 修订 copy per changed document: by our own differ when it can, else by the engine when it is
    installed, else the hint how to get one."""
    date = revision_date()
    marked = {name: tracked_changes(old, new, date) for name, (old, new) in changed.items()}
    irregular = {name: changed[name] for name, copy_ in marked.items() if copy_ is None}
    if irregular:
        engine = redline_engine()
        if engine is None:
            comparison.hint = INSTALL_HINT
        marked.update(redlines(engine, irregular, date) if engine else {})
    for document in comparison.documents:
        if marked.get(document.name) is not None:
            write_file(targets[document.name], marked[document.name])
            document.revision = targets[document.name]
