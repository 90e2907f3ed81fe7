"""`skillplan results`: scores give each candidate's result; those who pass get certificate numbers
from the ledger; the filled forms, the results notice (IDs masked) and the certificate data sheet
the authority asks for (证书数据.xlsx) are written."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..core import codes
from ..core.errors import SkillplanError, os_reason
from ..core.parallel import Workers
from ..core.stencil import long_list
from ..core.terms import GRADING
from ..core.xlsx import Again, Sheet, workbook_bytes
from ..output.bundle import Written, staged
from ..output.provenance import Provenance, docx_writer
from ..plan import facts
from ..plan.appraisal import occupation_of
from .forms import FORMS_DIR, print_chunks, print_name, start_batch, worker_batch
from .roster import Candidate
from .scoring import Outcome

SCORED = f"{FORMS_DIR}（含成绩）-合并打印"
# what `results` rewrites as a whole in OUT/<client>_<cycle>/
RESULTS_OUTPUT = (SCORED, "认定结果公示", "证书数据", "成绩汇总")
# The seed's fields in its order (证书编号、姓名、证件号码、职业（工种）、认定级别、认定日期), with 证件类型
# beside its number (the province registers workers from Hong Kong, Macau, Taiwan and abroad) and the
# occupation as the province's system keys it (职业编码, 职业名称 and 工种名称 apart, as the 工作方案's
# table has them) after the seed's 职业（工种）. The province's import template is not public: the
# seed's fields are kept and others added, never dropped.
DATA_COLUMNS = ["证书编号", "姓名", "证件类型", "证件号码", "职业（工种）", "职业编码", "职业名称", "工种名称", "认定级别",
                "认定日期"]


def result_date(cycle: dict) -> dt.date:
    """认定日期: the cycle's result_date, else the last day of assessment."""
    return cycle.get("result_date") or cycle["assessment"]["end"]


def results_documents(plan: dict, cycle: dict, outcomes: list[Outcome], numbers: dict[str, str],
                      templates: Path | None = None, source: Provenance | None = None, jobs: int | None = None,
                      forms: ScoredForms | None = None, staging: Path | None = None) -> Iterator[tuple[str, bytes | Written]]:
    """The certificate data sheet and the score summary, the results notice (IDs masked), then the
    filled forms with scores in print files of up to 100 — rendered on all cores (by forms' workers,
    which may have started on the forms while the scores were read), streamed; numbers maps the ID
    of everyone who passed and holds a valid certificate number to it. With source the .docx files
    embed the plan and cycle files (never the roster or the scores). staging: the bundle's staging
    folder, where the print files the workers wrote are moved (Written), not read back here."""
    if forms is None:
        with scored_forms(plan, templates, source, [], jobs) as forms:
            yield from results_documents(plan, cycle, outcomes, numbers, forms=forms)
        return
    scored = [o for o in outcomes if o.candidate.method == GRADING]
    # only those holding a valid number: a revoked one never reappears in the notice or the data sheet
    listed = [o for o in outcomes if o.passed and o.candidate.id_number in numbers]
    when = result_date(cycle).isoformat()
    # each task carries what it needs: no worker holds every outcome
    notice = forms.workers.submit(_notice_file, notice_context(plan, cycle, listed))
    print_files = forms.submitted(scored)
    # the sheets are written here while the workers render, each row made as it is written: 10,000
    # people's rows are never held, nor sent to a worker
    data = Again(lambda: data_rows(plan, listed, numbers, when))
    yield DATA_SHEET, workbook_bytes([Sheet("证书数据", DATA_COLUMNS, data)])
    yield SUMMARY, workbook_bytes([Sheet("成绩汇总", SUMMARY_COLUMNS, Again(lambda: summary_rows(outcomes, numbers)))])
    yield NOTICE, notice.result()
    yield from forms.collected(print_files, staging)


def data_rows(plan: dict, listed: list[Outcome], numbers: dict[str, str], when: str) -> Iterator[list[str]]:
    """证书数据.xlsx's rows (DATA_COLUMNS), made as they are written; each occupation's code, name and
    工种 (empty when it has none) are the plan's row the candidate applied under, looked up once."""
    occupations: dict[tuple[str, int], tuple[str, str, str]] = {}
    for o in listed:
        c = o.candidate
        if (c.occupation, c.level) not in occupations:
            row = occupation_of(plan, c)
            occupations[c.occupation, c.level] = row["code"], row["name"], row.get("trade") or ""
        yield [numbers[c.id_number], c.name, c.id_type, c.id_number, c.occupation,
               *occupations[c.occupation, c.level], codes.LEVEL_NAMES[c.level], when]


def before_assessment_ends(cycle: dict, today: dt.date) -> list[str]:
    """Results of a cycle whose assessment has not ended (a rehearsal, or a date typed wrong): said,
    as its numbers are registered on a 认定日期 still to come."""
    end = cycle["assessment"]["end"]
    return [f"注意：本批考核至 {end} 才结束；证书编号按认定日期 {result_date(cycle)} 登记"] if today < end else []


def what_changed(outcomes: list[Outcome], change) -> tuple[dict[str, int], list[str]]:
    """The run's counts (for --format json too) and the lines that say them: one of counts, then
    each reconciled change (ledger.Reconciled)."""
    absent = sum(o.absent for o in outcomes)
    passed = sum(o.passed for o in outcomes)
    c = {"passed": passed, "failed": len(outcomes) - passed - absent, "absent": absent,
         "new": len(change.registered), "reused": change.kept, "withdrawn": len(change.withdrawn),
         "revoked": len(change.revoked)}
    return c, [f"合格 {c['passed']} 人，不合格 {c['failed']} 人，缺考 {c['absent']} 人；"
               f"新登记证书编号 {c['new']} 个，沿用本批已登记的编号 {c['reused']} 个，"
               f"撤回 {c['withdrawn']} 个，已注销 {c['revoked']} 个", *change.lines()]


NOTICE, DATA_SHEET, SUMMARY = RECORDS = ("认定结果公示.docx", "证书数据.xlsx", "成绩汇总.xlsx")


def results_count(outcomes: list[Outcome]) -> int:
    """How many files results_documents yields."""
    return len(RECORDS) + len(print_chunks([o for o in outcomes if o.candidate.method == GRADING]))


@contextmanager
def scored_forms(plan: dict, templates: Path | None, source: Provenance | None, candidates: list[Candidate],
                 jobs: int | None = None) -> Iterator[ScoredForms]:
    """Workers for the results' documents, ready to take the roster's forms as they are graded. The
    temporary folder outlives the workers: none is still writing when it goes."""
    try:
        spill = tempfile.TemporaryDirectory(prefix="skillplan-")
    except OSError as e:
        raise SkillplanError(f"无法在临时文件夹 {tempfile.gettempdir()} 中写入：{os_reason(e)}"
                             "（可用环境变量 TMPDIR 指定另一个文件夹）") from None
    with spill as folder, Workers(start_batch, (plan, templates, source), jobs) as workers:
        yield ScoredForms(workers, folder, candidates)


class ScoredForms:
    """The 定级评价表 with scores, rendered while the score sheet is still being read: a print file
    of 100 goes to a worker as soon as its last person is graded, so a sheet in roster order (as the
    评分录入表 is) keeps the other core busy from its first hundred people on. Each print file is
    written by its worker to a temporary folder and read back in turn: files finished early never
    wait in memory, 10,000 people or 1,000."""

    def __init__(self, workers: Workers, folder: str, candidates: list[Candidate]):
        self.workers, self.folder = workers, folder
        self.ahead: dict[tuple, Any] = {}  # (number, numbered, IDs on it) → its print file's future
        self.submissions = 0
        self.expect(candidates)

    def expect(self, candidates: list[Candidate]) -> None:
        """The roster whose forms are to come (known once the workers have helped read it)."""
        self.chunks = print_chunks([c for c in candidates if c.method == GRADING])
        self.place = {c.id_number: (i, p) for i, (_, chunk, _) in enumerate(self.chunks) for p, c in enumerate(chunk)}
        self.graded: list[list | None] = [[None] * len(chunk) for _, chunk, _ in self.chunks]
        self.left = [len(chunk) for _, chunk, _ in self.chunks]

    def add(self, outcome: Outcome) -> None:
        """A candidate graded: their print file goes to a worker once all on it are."""
        if (place := self.place.get(outcome.candidate.id_number)) is None:
            return
        i, p = place
        self.graded[i][p] = outcome
        self.left[i] -= 1
        if not self.left[i]:
            k, _, numbered = self.chunks[i]
            self.ahead[_key(k, self.graded[i], numbered)] = self._submit(k, self.graded[i], numbered)
            self.graded[i] = None

    def submitted(self, scored: list[Outcome]) -> list[tuple[str, Any]]:
        """Each print file of these outcomes (name, future): the one rendered ahead when it holds
        exactly these people, else sent now."""
        return [(print_name(SCORED, k, numbered),
                 self.ahead.get(_key(k, chunk, numbered)) or self._submit(k, chunk, numbered))
                for k, chunk, numbered in print_chunks(scored)]

    def collected(self, print_files: list[tuple[str, Any]],
                  staging: Path | None = None) -> Iterator[tuple[str, bytes | Written]]:
        """The print files in order as their turn comes: moved from the temporary folder into the
        staging folder (Written: 41 MB of forms for 10,000 people are neither read back nor written
        again here), else read back."""
        for name, future in print_files:
            path, written = future.result()
            if staging is None:
                data = Path(path).read_bytes()
                os.unlink(path)
                yield name, data
            else:
                shutil.move(path, os.path.join(staging, name))  # a rename, or the kernel's copy across disks
                yield name, written

    def _submit(self, k: int, chunk: list[Outcome], numbered: bool):
        # a path of its own per submission: a print file rendered ahead and again (its people
        # changed) must not have two workers writing one file
        self.submissions += 1
        path = os.path.join(self.folder, f"{k:03d}-{numbered:d}-{self.submissions}.docx")
        return self.workers.submit(_print_file, (path, chunk))


def _key(k: int, chunk: list[Outcome], numbered: bool) -> tuple:
    return k, numbered, tuple(o.candidate.id_number for o in chunk)


def _print_file(task) -> tuple[str, Written]:
    """One print file of up to 100 forms with scores, written to the given path (which is returned,
    with its size, CRC and hash)."""
    path, chunk = task
    batch = worker_batch()
    return path, staged(os.path.dirname(path), os.path.basename(path),
                        batch.merged([batch.document(o.candidate, o) for o in chunk]), set())


def _notice_file(context: dict) -> bytes:
    batch = worker_batch()
    return _notice(context, batch.templates, batch.source)


def _notice(context: dict, templates: Path | None, source: Provenance | None) -> bytes:
    """认定结果公示.docx: its list of names (10,000 of them, it may be) filled into a stencil of one row."""
    from ..core.render import Rendered, render, xml_bytes  # in a worker: the main process loads no docxtpl

    members: list = []
    context = {**context, "passed": [dict(zip(NOTICE_ROW, row)) for row in context["passed"]]}

    def document_xml(context: dict) -> bytes:
        rendered = render("results_notice.docx", context, templates)
        members[:] = rendered.members
        return xml_bytes(rendered)

    body = long_list(document_xml, context, "passed",
                     lambda row, marks: {key: marks(value) for key, value in row.items()})
    return docx_writer(source)(Rendered(body, members))


# the enterprise's own record of every candidate's result, 缺考 included (not public: full ID numbers)
SUMMARY_COLUMNS = ["序号", "姓名", "证件类型", "证件号码", "部门", "职业（工种）", "申报等级", "评价方式", "成绩", "结果",
                   "证书编号"]


def result_word(outcome: Outcome) -> str:
    """合格, 不合格 or 缺考: a candidate's result as every record prints it."""
    return "缺考" if outcome.absent else ("合格" if outcome.passed else "不合格")


def score_words(outcome: Outcome, between: str = "；") -> str:
    """The total of a 定级 candidate, each subject of a 晋级 one, exactly; 缺考 for the absent.
    between: what parts the subjects (a line break where each is printed on a line of its own)."""
    if outcome.absent:
        return "缺考"
    if outcome.candidate.method == GRADING:
        return codes.exact_score(outcome.total)
    return between.join(f"{part} {codes.exact_score(v)}" for part, v in outcome.exam.items())


def summary_rows(outcomes: list[Outcome], numbers: dict[str, str]) -> Iterator[list[str]]:
    """One row per candidate of the roster, in roster order, made as they are asked for."""
    return ([str(n), o.candidate.name, o.candidate.id_type, o.candidate.id_number, o.candidate.department,
             o.candidate.occupation, codes.LEVEL_NAMES[o.candidate.level], o.candidate.method, score_words(o),
             result_word(o), numbers.get(o.candidate.id_number, "")]
            for n, o in enumerate(sorted(outcomes, key=lambda o: o.candidate.row), 1))


# a row of the notice's list, as the template names its fields (sent to the worker as a tuple: 10,000
# small tuples, not 10,000 dictionaries)
NOTICE_ROW = ("no", "name", "id", "occupation", "level", "method", "score")


def notice_context(plan: dict, cycle: dict, outcomes: list[Outcome]) -> dict[str, Any]:
    """Everything the results notice prints; only those who passed, their IDs masked (each as a
    NOTICE_ROW tuple). No rule asks for scores in the 公示 and they invite objections: the 成绩
    column is printed only when the plan says so (quality.notice_scores), and then holds numbers
    only — a 定级 candidate's exact total, a 晋级 candidate's every subject (score_words)."""
    date = result_date(cycle)
    days = plan["quality"]["result_notice_days"]
    passed = [o for o in outcomes if o.passed]
    scores = plan["quality"].get("notice_scores", False)
    return {
        "company": plan["company"]["name"], "year": cycle["year"], "batch": codes.chinese_number(cycle["batch"]),
        "assessment_period": facts.date_span(cycle["assessment"]["start"], cycle["assessment"]["end"]),
        "scores": scores,
        "passed": [(n, o.candidate.name, o.candidate.masked_id, o.candidate.occupation,
                    codes.LEVEL_NAMES[o.candidate.level], o.candidate.method, score_words(o, "\n") if scores else "")
                   for n, o in enumerate(passed, 1)],
        "period": facts.date_span(date, date + dt.timedelta(days=days - 1)), "days": days,
        "quality": plan["quality"], "date": codes.chinese_date(date),
    }
