"""`skillplan forms`: the roster's 定级 candidates get pre-filled 定级评价表 (one each, plus print
files of up to 100) and the score entry sheet HR fills in (评分录入表.xlsx)."""
from __future__ import annotations

import functools
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from ..core import codes
from ..core.parallel import STATE, ordered_map
from ..core.stencil import Marks
from ..core.tables import picker
from ..core.terms import GRADING, PROMOTION
from ..core.xlsx import Again, Sheet, workbook_bytes
from ..output.batch import DocxBatch
from ..output.bundle import PERSON_NAME_BYTES, safe_name
from ..output.provenance import Provenance, docx_writer
from ..plan import appraisal
from ..plan.appraisal import FormFacts, exam_parts, item_columns, occupation_of, weighted_score
from ..plan.facts import rater_names
from .roster import Candidate
from .scoring import ABSENT, Outcome

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
    from ..core.render import render

    return docx_writer(source)(render("annex1.docx", appraisal.grading_context(plan, None, forms), templates))


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

    for files in ordered_map(_chunk_files, chunks, jobs, start_batch, (plan, templates, source), meanwhile=sheet):
        yield from files


def forms_count(candidates: list[Candidate]) -> int:
    """How many files forms_documents yields: a form each, the print files and the score sheet."""
    grading = [c for c in candidates if c.method == GRADING]
    return len(grading) + len(print_chunks(grading)) + 1


def start_batch(plan: dict, templates: Path | None, source: Provenance | None = None) -> None:
    """This process's FormBatch (once per worker)."""
    STATE["forms"] = FormBatch(plan, templates, source)


def _chunk_files(task) -> list[tuple[str, bytes]]:
    """The files of one chunk of up to 100 candidates: each one's form, then their print file."""
    k, chunk, numbered, width = task
    batch, files, documents = worker_batch(), [], []
    for n, c in enumerate(chunk, (k - 1) * PRINT_CHUNK + 1):
        documents.append(batch.document(c))
        name = f"{n:0{width}d}-{safe_name(c.name, PERSON_NAME_BYTES)}-{safe_name(c.occupation, PERSON_NAME_BYTES)}-{codes.LEVEL_SHORT[c.level]}.docx"
        files.append((f"{FORMS_DIR}/{name}", batch.docx(documents[-1])))
    files.append((print_name(f"{FORMS_DIR}-合并打印", k, numbered), batch.merged(documents)))
    return files


class FormBatch:
    """定级评价表 for many candidates (pre-filled, or with their scores) through the batch engine
    (output/batch.py): rendered once per occupation and level, filled for each candidate. Byte for
    byte what rendering each form alone gives."""

    def __init__(self, plan: dict, templates: Path | None, source: Provenance | None = None):
        self.plan, self.templates, self.source = plan, templates, source
        self.batch = DocxBatch("annex1.docx", templates, source)
        self.layouts: dict[tuple[str, int], tuple[dict, list, ScoreRows]] = {}

    def document(self, candidate: Candidate, outcome: Outcome | None = None) -> bytes:
        """One candidate's word/document.xml; with outcome, the form carries the scores and the result.
        Its values are listed straight from the candidate and the scores: the form's dictionaries
        are built only for the first form of each shape, which checks the list against them."""
        _, _, rows = self._shared(candidate)
        total, result = appraisal.form_result(outcome)
        values = [*rows.values(outcome), *appraisal.form_person(self.plan, candidate).values(), total, result]
        return self.batch.body((candidate.occupation, candidate.level), values,
                               lambda: self._context(self._form(candidate, outcome)),
                               lambda marks: self._context(_marked(self._form(candidate, outcome), marks)))

    def plain(self, candidate: Candidate, outcome: Outcome | None = None) -> bytes:
        """The same document rendered the plain way (what document() must equal)."""
        return self.batch.render(self._context(self._form(candidate, outcome)))

    def _context(self, form: dict) -> dict:
        return appraisal.grading_context(self.plan, None, [form])

    def _form(self, candidate: Candidate, outcome: Outcome | None) -> dict:
        occupation, layout, _ = self._shared(candidate)
        return appraisal.grading_form(self.plan, occupation, candidate.level, candidate, outcome, layout)

    def _shared(self, candidate: Candidate) -> tuple[dict, list, ScoreRows]:
        """What every form of the candidate's occupation and level shares, worked out once."""
        key = (candidate.occupation, candidate.level)
        if key not in self.layouts:
            occupation = occupation_of(self.plan, candidate)
            layout = appraisal.score_layout(self.plan, occupation)
            self.layouts[key] = (occupation, layout, ScoreRows(layout))
        return self.layouts[key]

    def docx(self, document: bytes) -> bytes:
        """One form's .docx."""
        return self.batch.docx(document)

    def merged(self, documents: list[bytes]) -> bytes:
        """The forms one after another, each from a new page."""
        return self.batch.merged(documents)


def worker_batch() -> FormBatch:
    """This worker's FormBatch (start_batch made it): the forms' and the results' workers share it."""
    return STATE["forms"]


def _marked(form: dict, marks: Marks) -> dict:
    """The form with every value that differs between candidates of one occupation and level marked."""
    rows = [{**row, "cells": [marks(c) for c in row["cells"]], "weighted": marks(row["weighted"])}
            for row in form["rows"]]
    return {**form, "candidate": {k: marks(v) for k, v in form["candidate"].items()}, "rows": rows,
            "total": marks(form["total"]), "result": marks(form["result"])}


class ScoreRows:
    """表2's values straight from an outcome's scores, in the order _marked passes them (first, each
    row's cells, then its weighted score): 10,000 forms build no row dictionaries. One per occupation and
    level; how each row takes its cells from Outcome.given is worked out once per form (Outcome.form)."""

    def __init__(self, layout: list):
        self.layout = layout
        # no scores (a pre-filled form, 缺考): a section's weights, an item's empty or ruled-out cells
        self.blank = [value for row, key, rated in layout
                      for value in ([*row["cells"], row["weighted"]] if key is None
                                    else [*("" if ok else "—" for _, ok in rated), ""])]
        self.plans: dict[tuple, tuple] = {}

    def values(self, outcome: Outcome | None) -> list[str]:
        """表2's values for one form: the blank ones, or the outcome's scores as printed."""
        if outcome is None or not outcome.form:
            return self.blank
        given = outcome.given.split(";")
        picked, items, fixed = self.plans.get(outcome.form) or self._plan(outcome.form)
        # every score as printed, then every item's weighted score, then the fixed texts: the form's
        # values are picked from these in one step
        weighted = [_weighted_text(weights, tuple(given[start:end])) for start, end, weights in items]
        return list(picked([*map(_score_text, given), *weighted, *fixed]))

    def _plan(self, form: tuple) -> tuple:
        """How a form's values are picked: each is a score (its place in Outcome.given), an item's
        weighted score or a fixed text (a weight row's cells, "" or "—" where a rater has no say);
        and each item's place in Outcome.given with its weights."""
        place, at = {}, 0
        for key, weights in form:
            place[key], at = (at, weights), at + len(weights)
        items, fixed, picks = [], {}, []
        for row, key, rated in self.layout:
            if key is None:
                picks += [("fixed", text) for text in [*row["cells"], row["weighted"]]]
                continue
            start, weights = place[key]
            raters = [r for r, _ in weights]
            picks += [("score", start + raters.index(r)) if r in raters else ("fixed", "" if ok else "—")
                      for r, ok in rated]
            picks.append(("weighted", len(items)))
            items.append((start, start + len(weights), weights))
        for kind, text in picks:
            if kind == "fixed":
                fixed.setdefault(text, at + len(items) + len(fixed))
        offset = {"score": 0, "weighted": at}
        plan = picker([fixed[n] if kind == "fixed" else offset[kind] + n for kind, n in picks]), items, list(fixed)
        self.plans[form] = plan
        return plan


@functools.lru_cache(maxsize=4096)
def _score_text(given: str) -> str:
    """A rater's score as the form prints it (1.5, 2), from the text Outcome.given holds."""
    return appraisal.number_text(Decimal(given))


@functools.lru_cache(maxsize=65536)  # an item's few raters give a few scores each: their sums repeat
def _weighted_text(weights: tuple, given: tuple[str, ...]) -> str:
    scores = {rater: Decimal(text) for (rater, _), text in zip(weights, given)}
    return codes.exact_score(weighted_score(scores, weights))


SHEET_META = ["证件类型", "证件号码", "姓名", "评价主体", ABSENT]
SHEET_HELP = [  # the first lines by the methods the sheet holds: a 晋级-only sheet never speaks of 定级
    {GRADING: "每位定级评价人员每个评价主体一行，晋级评价人员一行（评价主体为“考试”）。",
     PROMOTION: "每位晋级评价人员一行（评价主体为“考试”）。"},
    {GRADING: "只在白色单元格填写分数：灰色单元格是该评价主体在这部分没有权重、或不属于该人员职业的项目，必须留空。",
     PROMOTION: "只在白色单元格填写分数：灰色单元格是不属于该人员申报等级的科目，必须留空。"},
    {GRADING: "分数填数字，可带小数（如 8.5），不超过该项配分（见“分值范围”表）；晋级评价各科目满分100，60分及以上合格。",
     PROMOTION: "分数填数字，可带小数（如 75.5）；各科目满分100，60分及以上合格。"},
    f"缺考：在该人员的一行（或每一行）的“{ABSENT}”列填写“{ABSENT}”，该人员的分数全部留空；缺考人员记为缺考，不核发证书编号。",
    "表头和证件号码、姓名已锁定（工作表保护，无密码），须与名册一致；改名册后请重新运行 skillplan forms。",
    "填好后另存为 scores.xlsx，放在 cycles/批次id/ 文件夹中，再运行 skillplan results。",
]


def _help(line: str | dict[str, str], methods: set[str]) -> str:
    """A line of the sheet's instructions, in the words of the methods it holds."""
    if isinstance(line, str):
        return line
    return line[GRADING] if GRADING in methods or not methods else line[PROMOTION]


def score_sheet(plan: dict, candidates: list[Candidate]) -> bytes:
    """评分录入表.xlsx: a row per candidate and rater with a column per item, ready for HR to fill in.
    Only the cells a row may fill are open; the others are grey and locked, the header protected.
    A second sheet says how to fill it in (缺考 included), a third lists each column's points."""
    form_facts, forms = FormFacts(plan), {}  # one candidate of each method, occupation and level stands for all
    for c in candidates:
        forms.setdefault((c.method, c.occupation, c.level), c)
    columns: dict[str, str] = {}
    for c in forms.values():
        if c.method == GRADING:
            for name, points in item_columns(plan, occupation_of(plan, c)):
                columns.setdefault(name, f"0-{points}")
        else:
            for part in exam_parts(c.level):
                columns.setdefault(part, "0-100（晋级评价，60分合格）")
    position = {name: i for i, name in enumerate([*SHEET_META, *columns])}
    methods = {c.method for c in forms.values()}
    label = rater_names(plan)  # a service business's 部门经理 as its forms say
    blank = [None] * (1 + len(columns))
    shared = {(c.method, c.occupation, c.level, rater):  # 40,000 rows, a few dozen different sets of open cells
              frozenset({position[ABSENT]} | {position[name] for name in form_facts.columns(c, rater)})
              for c in forms.values() for rater in form_facts.raters(c)}
    # made as the sheet is written (twice: widths, then cells), never all 40,000 at once
    rows = Again(lambda: ([c.id_type, c.id_number, c.name, label.get(rater, rater), *blank]
                           for c in candidates for rater in form_facts.raters(c)))
    fill_in = Again(lambda: (shared[c.method, c.occupation, c.level, rater]
                              for c in candidates for rater in form_facts.raters(c)))
    return workbook_bytes([Sheet("评分", [*SHEET_META, *columns], rows, fill_in),
                           Sheet("填写说明", ["填写说明"], [[_help(line, methods)] for line in SHEET_HELP]),
                           Sheet("分值范围", ["评分列", "分值范围"], [[name, span] for name, span in columns.items()])])
