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
from ..core.terms import GRADING, PENDING, UNQUALIFIED
from ..core.xlsx import Again, Sheet, workbook_bytes
from ..output.bundle import Written, staged
from ..output.provenance import Provenance, docx_writer
from ..plan import facts
from ..plan.appraisal import occupation_of
from ..plan.dates import issue_date, publicity, result_date
from .forms import FORMS_DIR, print_chunks, print_name, start_batch, worker_batch
from .ledger import REVOKED
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


def results_documents(plan: dict, cycle: dict, outcomes: list[Outcome], numbers: dict[str, str],
                      templates: Path | None = None, source: Provenance | None = None, jobs: int | None = None,
                      forms: ScoredForms | None = None, staging: Path | None = None,
                      kept_out: list | None = None) -> Iterator[tuple[str, bytes | Written]]:
    """The certificate data sheet and the score summary, the results notice (IDs masked), then the
    filled forms with scores in print files of up to 100 — rendered on all cores (by forms' workers,
    which may have started on the forms while the scores were read), streamed; numbers maps the ID
    of everyone who passed and holds a valid certificate number to it. With source the .docx files
    embed the plan and cycle files (never the roster or the scores). staging: the bundle's staging
    folder, where the print files the workers wrote are moved (Written), not read back here.
    kept_out: the 资格审核's verdicts on those not admitted (admission.Verdict), in the summary too."""
    if forms is None:
        with scored_forms(plan, templates, source, [], jobs) as forms:
            yield from results_documents(plan, cycle, outcomes, numbers, forms=forms, kept_out=kept_out)
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
    group = plan["company"]["name"] if facts.units_of(plan) else None  # a group's summary says each one's 工作单位
    yield SUMMARY, workbook_bytes([Sheet("成绩汇总", summary_columns(group),
                                         Again(lambda: summary_rows(outcomes, numbers, kept_out or [], group)))])
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


def before_assessment_ends(plan: dict, cycle: dict, today: dt.date) -> list[str]:
    """Results of a cycle whose assessment has not ended (a rehearsal, or a date typed wrong): said,
    as its numbers are registered on a 认定日期 still to come."""
    end = cycle["assessment"]["end"]
    return [f"注意：本批考核至 {end} 才结束；证书编号按认定日期 {result_date(cycle)}、发证日期 {issue_date(plan, cycle)} 登记"
            ] if today < end else []


def dates_note(plan: dict, cycle: dict) -> str:
    """The cycle's calendar as results applies it: the 公示 and the 发证日期 whose year new numbers carry."""
    start, end = publicity(plan, cycle)
    issued = issue_date(plan, cycle)
    return (f"认定结果公示期 {start} 至 {end}（{plan['quality']['result_notice_days']}个工作日）；发证日期 {issued}"
            f"{'' if cycle.get('issue_date') else '（公示期满后的第一个工作日）'}，新登记的证书编号按 {issued.year} 年编号")


def what_changed(outcomes: list[Outcome], change, kept_out: list | None = None) -> tuple[dict[str, int], list[str]]:
    """The run's counts (for --format json too) and the lines that say them: one of counts, then
    each reconciled change (ledger.Reconciled). The people are counted by their status in the
    成绩汇总 (result_word), so the console and the documents agree: 合格 is who the 公示 lists."""
    numbers = {key[0] for key in change.numbers}
    words = [result_word(o, numbers) for o in outcomes] + [v.verdict for v in kept_out or []]
    c = {key: words.count(word) for key, word in STATUS_KEYS.items()}
    c.update({"new": len(change.registered), "reused": change.kept, "withdrawn": len(change.withdrawn)})
    return c, ["，".join(f"{word} {c[key]} 人" for key, word in STATUS_KEYS.items())
               + f"；新登记证书编号 {c['new']} 个，沿用本批已登记的编号 {c['reused']} 个，撤回 {c['withdrawn']} 个",
               *change.lines()]


# each status a roster's applicant ends with, and its key in --format json's counts
STATUS_KEYS = {"passed": "合格", "failed": "不合格", "absent": "缺考", "unqualified": UNQUALIFIED, "pending": PENDING,
               "revoked": REVOKED}


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


# the enterprise's own record of every applicant's status, 缺考 and those not admitted included (not
# public: full ID numbers); a group's gains 工作单位 after 部门
SUMMARY_COLUMNS = ["序号", "姓名", "证件类型", "证件号码", "部门", "职业（工种）", "申报等级", "评价方式", "成绩", "结果",
                   "证书编号", "备注"]
REVOKED_REMARK = "证书编号已注销，不列入结果公示和证书数据"


def summary_columns(group: str | None) -> list[str]:
    """The 成绩汇总's columns: with 工作单位 for a group (group: the company's name)."""
    return SUMMARY_COLUMNS if group is None else [*SUMMARY_COLUMNS[:5], "工作单位", *SUMMARY_COLUMNS[5:]]


def result_word(outcome: Outcome, numbers: set[str] | dict[str, str] | None = None) -> str:
    """合格, 不合格 or 缺考: a candidate's result as every record prints it; 已注销 for one who passed
    but holds no valid number (numbers: the IDs that do; a revoked number is never replaced)."""
    if outcome.absent:
        return "缺考"
    if not outcome.passed:
        return "不合格"
    return "合格" if numbers is None or outcome.candidate.id_number in numbers else REVOKED


def score_words(outcome: Outcome, between: str = "；") -> str:
    """The total of a 定级 candidate, each subject of a 晋级 one, exactly; 缺考 for the absent.
    between: what parts the subjects (a line break where each is printed on a line of its own)."""
    if outcome.absent:
        return "缺考"
    if outcome.candidate.method == GRADING:
        return codes.exact_score(outcome.total)
    return between.join(f"{part} {codes.exact_score(v)}" for part, v in outcome.exam.items())


def summary_rows(outcomes: list[Outcome], numbers: dict[str, str], kept_out: list | None = None,
                 group: str | None = None) -> Iterator[list[str]]:
    """One row per applicant of the roster, in roster order, made as they are asked for: the graded
    with their score and status, those the 资格审核 kept out (admission.Verdict) with its verdict and
    reason. group: the company's name, for a group's 工作单位 column."""
    people = sorted([*outcomes, *(kept_out or [])], key=lambda o: o.candidate.row)
    for n, one in enumerate(people, 1):
        c = one.candidate
        if isinstance(one, Outcome):
            word = result_word(one, numbers)
            row = [score_words(one), word, numbers.get(c.id_number, ""), REVOKED_REMARK if word == REVOKED else ""]
        else:
            row = ["", one.verdict, "", one.reason]
        yield [str(n), c.name, c.id_type, c.id_number, c.department, *([c.unit or group] if group else []),
               c.occupation, codes.LEVEL_NAMES[c.level], c.method, *row]


# a row of the notice's list, as the template names its fields (sent to the worker as a tuple: 10,000
# small tuples, not 10,000 dictionaries)
NOTICE_ROW = ("no", "name", "id", "occupation", "level", "method", "score")


def notice_context(plan: dict, cycle: dict, outcomes: list[Outcome]) -> dict[str, Any]:
    """Everything the results notice prints; only those who passed, their IDs masked (each as a
    NOTICE_ROW tuple). No rule asks for scores in the 公示 and they invite objections: the 成绩
    column is printed only when the plan says so (quality.notice_scores), and then holds numbers
    only — a 定级 candidate's exact total, a 晋级 candidate's every subject (score_words)."""
    date, end = publicity(plan, cycle)
    days = plan["quality"]["result_notice_days"]
    passed = [o for o in outcomes if o.passed]
    scores = plan["quality"].get("notice_scores", False)
    return {
        "company": plan["company"]["name"], "names": facts.heading_names(plan), "year": cycle["year"],
        "batch": codes.chinese_number(cycle["batch"]), "assessment_period": facts.date_span(cycle["assessment"]["start"], cycle["assessment"]["end"]),
        "scores": scores,
        "passed": [(n, o.candidate.name, o.candidate.masked_id, o.candidate.occupation,
                    codes.LEVEL_NAMES[o.candidate.level], o.candidate.method, score_words(o, "\n") if scores else "")
                   for n, o in enumerate(passed, 1)],
        "period": facts.date_span(date, end), "days": days,
        "quality": plan["quality"], "date": codes.chinese_date(date),
    }
