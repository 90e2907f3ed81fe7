"""`skillplan forms`: the roster's 定级 candidates get pre-filled 定级评价表 (one each, plus print
files of up to 100) and the score entry sheet HR fills in (评分录入表.xlsx)."""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

from lxml import etree

from ..core import codes
from ..core.archive import Packed, pack, stable_zip
from ..core.render import DOCUMENT, Rendered, append_document, render
from ..core.tables import Sheet, workbook_bytes
from ..core.terms import GRADING, RATERS
from ..filing import derive
from ..filing.bundle import safe_name
from ..filing.documents import docx_writer
from ..filing.provenance import Provenance
from .roster import Candidate
from .scoring import ABSENT, exam_parts, item_columns, occupation_of, rater_columns, row_raters

FORMS_DIR = "定级评价表"
# what `forms` rewrites as a whole in OUT/<client>_<cycle>/ (a rerun drops its own old files)
FORMS_OUTPUT = (f"{FORMS_DIR}/", f"{FORMS_DIR}-合并打印", "评分录入表")


PRINT_CHUNK = 100  # forms per merged print file: a 10,000-page Word file helps no one and fills memory


def print_chunks(items: list) -> list[tuple[int, list, bool]]:
    """(number, up to 100 items, whether print files are numbered) for each print file."""
    numbered = len(items) > PRINT_CHUNK
    return [(k, items[i:i + PRINT_CHUNK], numbered) for k, i in enumerate(range(0, len(items), PRINT_CHUNK), 1)]


def print_name(stem: str, k: int, numbered: bool) -> str:
    """定级评价表-合并打印.docx, or -001, -002 … when one file would exceed a chunk."""
    return f"{stem}-{k:03d}.docx" if numbered else f"{stem}.docx"


def forms_doc(plan: dict, forms: list[dict], templates: Path | None, source: Provenance | None = None) -> bytes:
    """One .docx holding the given forms, each from a new page (embedding the plan when source is given)."""
    return docx_writer(source)(render("annex1.docx", derive.grading_context(plan, None, forms), templates))


def forms_documents(plan: dict, candidates: list[Candidate], templates: Path | None = None,
                    jobs: int | None = None, source: Provenance | None = None) -> Iterator[tuple[str, bytes]]:
    """One pre-filled 定级评价表 per 定级 candidate, print files of up to 100 forms (each form from a new
    page, as the forms themselves), and the score sheet — yielded one file at a time, so a roster
    of any size streams to disk in constant memory. Chunks of 100 run on all cores.

    With source every form embeds the plan and cycle files (the roster never: it is personal)."""
    grading = [c for c in candidates if c.method == GRADING]
    width = max(3, len(str(len(grading))))
    chunks = [(*chunk, width) for chunk in print_chunks(grading)]

    def sheet() -> list[tuple[str, bytes]]:  # made here while the workers render the forms
        return [("评分录入表.xlsx", score_sheet(plan, candidates))]

    for files in _ordered_map(_chunk_files, chunks, jobs, (plan, templates, source), meanwhile=sheet):
        yield from files


_BATCH: list = []  # this process's FormBatch (set up once per worker by _start)


def _start(plan: dict, templates: Path | None, source: Provenance | None = None) -> None:
    _BATCH[:] = [FormBatch(plan, templates, source)]


def _chunk_files(task) -> list[tuple[str, bytes]]:
    """The files of one chunk of up to 100 candidates: each one's form, then their print file."""
    k, chunk, numbered, width = task
    batch, files, documents = _BATCH[0], [], []
    for n, c in enumerate(chunk, (k - 1) * PRINT_CHUNK + 1):
        documents.append(batch.document(c))
        name = f"{n:0{width}d}-{safe_name(c.name)}-{safe_name(c.occupation)}-{codes.LEVEL_SHORT[c.level]}.docx"
        files.append((f"{FORMS_DIR}/{name}", batch.docx(documents[-1])))
    files.append((print_name(f"{FORMS_DIR}-合并打印", k, numbered), batch.merged(documents)))
    return files


def _ordered_map(func, items: list, jobs: int | None, initargs: tuple, meanwhile) -> Iterator:
    """meanwhile()'s result, then func over items, results in order: in this process for one item
    or one core, else in a process pool with a few tasks in flight per worker (so finished results
    never pile up), meanwhile() running here while the workers start."""
    jobs = min(jobs or os.cpu_count() or 1, len(items))
    if jobs <= 1:
        yield meanwhile()
        _start(*initargs)
        yield from map(func, items)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(jobs, initializer=_start, initargs=initargs) as pool:
        pending = [pool.submit(func, item) for item in items[:2 * jobs]]
        yield meanwhile()
        for item in items[2 * jobs:]:
            yield pending.pop(0).result()
            pending.append(pool.submit(func, item))
        for future in pending:
            yield future.result()


class FormBatch:
    """Pre-filled forms for many candidates, rendered once per occupation and level.

    The form of an (occupation, level) is rendered once with a marker in each of the candidate's
    cells; a candidate's word/document.xml is that XML with the markers replaced by the
    candidate's values escaped exactly as lxml escapes text, and the other zip members are
    compressed once. The first candidate of every group is also rendered the plain way and
    compared: if a template does anything to those cells that replacement cannot reproduce, the
    group renders plainly. The output is byte for byte what rendering each form alone gives."""

    FIELDS = ("name", "gender", "birth", "id_label", "id_number", "education", "post", "years_here", "years_trade")

    def __init__(self, plan: dict, templates: Path | None, source: Provenance | None = None):
        self.plan, self.templates, self.source = plan, templates, source
        self.groups: dict[tuple[str, int], bytes | None] = {}
        self.members: list[Packed | None] | None = None  # the template's other members, packed once
        self.join_ok: bool | None = None

    def document(self, candidate: Candidate) -> bytes:
        values = [str(getattr(candidate, f)) for f in self.FIELDS]
        if any(_needs_render(v) for v in values):
            return self._plain(candidate)
        key = (candidate.occupation, candidate.level)
        if key not in self.groups:
            self.groups[key] = self._marked(candidate)
            if self._fill(self.groups[key], values) != self._plain(candidate):
                self.groups[key] = None
        marked = self.groups[key]
        return self._plain(candidate) if marked is None else self._fill(marked, values)

    def docx(self, document: bytes) -> bytes:
        return stable_zip(pack(DOCUMENT, document) if m is None else m for m in self.members)

    def merged(self, documents: list[bytes]) -> bytes:
        """The forms one after another, each from a new page: what append_document gives, joined as
        bytes (checked against append_document once per batch; on any difference, that is used)."""
        joined = _joined(documents)
        if self.join_ok is None:
            self.join_ok = joined == _appended(documents)
        return self.docx(joined if self.join_ok and joined is not None else _appended(documents))

    def _render(self, form: dict) -> bytes:
        rendered = render("annex1.docx", derive.grading_context(self.plan, None, [form]), self.templates)
        if self.members is None:
            members = self.source.members(rendered.members) if self.source else rendered.members
            self.members = [None if name == DOCUMENT else data if isinstance(data, Packed) else pack(name, data)
                            for name, data in members]
        return etree.tostring(rendered.root, encoding="UTF-8", standalone=True)

    def _plain(self, candidate: Candidate) -> bytes:
        occupation = occupation_of(self.plan, candidate)
        return self._render(derive.grading_form(self.plan, occupation, candidate.level, candidate))

    def _marked(self, candidate: Candidate) -> bytes:
        marked = SimpleNamespace(**{f: f"⟦{f}⟧" for f in self.FIELDS})
        return self._render(derive.grading_form(self.plan, occupation_of(self.plan, candidate), candidate.level, marked))

    def _fill(self, document: bytes, values: list[str]) -> bytes:
        for field, value in zip(self.FIELDS, values):
            document = document.replace(f"⟦{field}⟧".encode(), _xml_text(value).encode())
        return document


def _appended(documents: list[bytes]) -> bytes:
    first = Rendered(etree.fromstring(documents[0]), [])
    for document in documents[1:]:
        append_document(first, Rendered(etree.fromstring(document), []))
    return etree.tostring(first.root, encoding="UTF-8", standalone=True)


_FIRST_PPR = re.compile(rb"<w:p(?: [^>]*)?><w:pPr>(?:<w:pStyle [^>]*/>)?")


def _joined(documents: list[bytes]) -> bytes | None:
    """Each document's body content in turn, a page break before every one after the first."""
    parts = []
    for n, document in enumerate(documents):
        start, end = document.index(b"<w:body>") + len(b"<w:body>"), document.rindex(b"<w:sectPr")
        if n == 0:
            head, tail = document[:start], document[end:]
        content = document[start:end]
        if n:
            m = _FIRST_PPR.match(content)
            if m is None:
                return None  # not a paragraph with properties first: let append_document decide
            content = content[:m.end()] + b"<w:pageBreakBefore/>" + content[m.end():]
        parts.append(content)
    return head + b"".join(parts) + tail


def _needs_render(value: str) -> bool:
    """Text docxtpl turns into structure (tabs, breaks) or that could be mistaken for a marker."""
    return any(ord(ch) < 0x20 for ch in value) or "⟦" in value


def _xml_text(value: str) -> str:
    """Text as lxml writes it in an element: &, < and > escaped (and a lone CR kept as a reference)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


SHEET_META = ["证件类型", "证件号码", "姓名", "评价主体", ABSENT]
SHEET_HELP = [
    "每位定级评价人员每个评价主体一行，晋级评价人员一行（评价主体为“考试”）。",
    "只在白色单元格填写分数：灰色单元格是该评价主体在这部分没有权重、或不属于该人员职业的项目，必须留空。",
    "分数填数字，可带小数（如 8.5），不超过该项配分（见“分值范围”表）；晋级评价各科目满分100，60分及以上合格。",
    f"缺考：在该人员的一行（或每一行）的“{ABSENT}”列填写“{ABSENT}”，该人员的分数全部留空；缺考人员记为缺考，不核发证书编号。",
    "表头和证件号码、姓名已锁定（工作表保护，无密码），须与名册一致；改名册后请重新运行 skillplan forms。",
    "填好后另存为 scores.xlsx，放在 cycles/批次id/ 文件夹中，再运行 skillplan results。",
]


def score_sheet(plan: dict, candidates: list[Candidate]) -> bytes:
    """评分录入表.xlsx: a row per candidate and rater with a column per item, ready for HR to fill in.
    Only the cells a row may fill are open; the others are grey and locked, the header protected.
    A second sheet says how to fill it in (缺考 included), a third lists each column's points."""
    columns: dict[str, str] = {}
    for c in candidates:
        if c.method == GRADING:
            for name, points in item_columns(plan, occupation_of(plan, c)):
                columns.setdefault(name, f"0-{points}")
        else:
            for part in exam_parts(c.level):
                columns.setdefault(part, "0-100（晋级评价，60分合格）")
    position = {name: i for i, name in enumerate([*SHEET_META, *columns])}
    rows, fill_in = [], []
    label = dict(zip(RATERS, derive.rater_labels(plan)))  # a service business's 部门主管 as its forms say
    for c in candidates:
        for rater in row_raters(plan, c):
            rows.append([c.id_type, c.id_number, c.name, label.get(rater, rater)] + [None] * (1 + len(columns)))
            fill_in.append({position[ABSENT]} | {position[name] for name in rater_columns(plan, c, rater)})
    return workbook_bytes([Sheet("评分", [*SHEET_META, *columns], rows, fill_in),
                           Sheet("填写说明", ["填写说明"], [[line] for line in SHEET_HELP]),
                           Sheet("分值范围", ["评分列", "分值范围"], [[name, span] for name, span in columns.items()])])
