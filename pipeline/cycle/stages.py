"""Where a cycle stands (skillplan status, docs/status.md): its stage from its dates, the outputs the
cycle commands wrote (OUT/<client>_<cycle>/) and what the 台账 says; the next date and the days
left; what to do next; and the deadlines it knows, warned ahead.

The stage is the furthest one the facts show (a 公示 written, an approved list given, certificates
printed or handed over); the dates decide among those the facts still allow. The outputs and the
台账 are read as they are now; `on` is the day the dates are compared with."""
from __future__ import annotations

import datetime as dt
import shlex
from dataclasses import dataclass, field

from ..core import workdays
from ..plan.dates import issue_date, publicity, result_date
from .ledger import CycleProgress

STAGES = (ANNOUNCE, REGISTRATION, SEATING, ASSESSMENT, SCORES, PUBLICITY, APPROVAL, PRINTING, HANDOVER, DONE) = (
    "待公告", "报名中", "待考场安排", "考核中", "待录入成绩", "公示中", "待省里确认", "待打印证书", "待核发", "已完成")

# the files whose presence shows a command ran (prepare, forms, results: cycle/exam_day.PREPARE_OUTPUT,
# cycle/forms.FORMS_OUTPUT, cycle/results.RECORDS; a test keeps them the same)
SEATING_FILE, SCORE_SHEET, RESULT_FILES = "考场安排.xlsx", "评分录入表.xlsx", ("认定结果公示.docx", "证书数据.xlsx")

# how far ahead each deadline is warned (docs/status.md, "提醒")
ANNOUNCE_AHEAD = 3  # days before the announcement, when the filing is not built as it stands
SEATING_AHEAD = 5  # days before the assessment begins, with no seating prepared
PUBLICITY_AHEAD = 3  # working days before the 公示's last day (the last day included)
APPROVAL_AHEAD = 3  # working days before the 发证日期, the approved list not given yet
HANDOVER_DAYS = 14  # days after the print by which certificates are handed over
HANDOVER_AHEAD = 7  # warned this many days before that
COUNTED_IN_WORKING_DAYS = ("结果公示截止", "发证日期")  # said in working days (core/workdays.py), as the 公示 is counted


@dataclass(frozen=True)
class Milestones:
    """A cycle's dates: the announcement, registration, assessment, the 认定日期 (the 公示's first day),
    the 公示's last day and the 发证日期."""

    announce: dt.date
    registration_start: dt.date
    registration_end: dt.date
    assessment_start: dt.date
    assessment_end: dt.date
    result_date: dt.date
    publicity_end: dt.date
    issue_date: dt.date

    def as_dict(self) -> dict[str, str]:
        """Each date as YYYY-MM-DD, by its name."""
        return {name: str(getattr(self, name)) for name in self.__dataclass_fields__}


def milestones(plan: dict, cycle: dict) -> Milestones:
    """The cycle's dates, the 公示 and the 发证日期 counted as results counts them (plan/dates.py)."""
    return Milestones(cycle["announce_date"], cycle["registration"]["start"], cycle["registration"]["end"],
                      cycle["assessment"]["start"], cycle["assessment"]["end"], result_date(cycle),
                      publicity(plan, cycle)[1], issue_date(plan, cycle))


@dataclass(frozen=True)
class Outputs:
    """What is on disk for the cycle: the roster and the scores in the client's cycles/<id>/, and in
    OUT/<client>_<cycle>/ the seating (prepare), the score sheet (forms) and the results (results)."""

    roster: bool = False
    scores: bool = False
    prepared: bool = False
    forms: bool = False
    results: bool = False
    results_written: str = ""  # when the results were last written (UTC, to the millisecond, as the 台账's `recorded`)


@dataclass(frozen=True)
class Deadline:
    """A date something must be done by: warned from warn_from on, overdue after due."""

    kind: str  # announce, seating, results, publicity, approval, handover, revoked
    due: dt.date
    warn_from: dt.date
    message: str

    def overdue(self, on: dt.date) -> bool:
        """Past its date, and still open."""
        return on > self.due


@dataclass(frozen=True)
class Invocation:
    """How the client is named on the command line (as given to status) and the output folder, for
    the commands status suggests."""

    client: str
    out: str | None = None  # None: the default out/

    def command(self, verb: str, cycle_id: str, *more: str) -> str:
        """`skillplan VERB CLIENT --cycle ID …` as the consultant would type it."""
        words = ["skillplan", *verb.split(), self.client, *(["--cycle", cycle_id] if cycle_id else []), *more]
        if self.out is not None and verb.split()[0] in ("build", "prepare", "forms", "results", "certificates"):
            words += ["-o", self.out]
        return " ".join(shlex.quote(w) if not w.startswith("<") else w for w in words)


@dataclass
class CycleStatus:
    """Where one cycle stands on a day: its stage, the next date (what it is, the days and working days
    left), what to do next (and the command), the deadlines warned and those still open."""

    cycle_id: str
    stage: str
    dates: Milestones
    outputs: Outputs
    progress: CycleProgress | None  # None: no 台账 to read (none yet, or damaged)
    next_date: dt.date | None = None
    next_what: str = ""
    days_left: int | None = None
    working_days_left: int | None = None
    todo: str = ""
    command: str | None = None
    warnings: list[Deadline] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)  # every open one, warned or not (the calendar's)
    on: dt.date | None = None

    def as_dict(self) -> dict:
        """The cycle as `status --format json` gives it (docs/status.md)."""
        p = self.progress
        return {
            "id": self.cycle_id, "stage": self.stage,
            "next": None if self.next_date is None else {
                "date": str(self.next_date), "what": self.next_what, "days_left": self.days_left,
                "working_days_left": self.working_days_left},
            "todo": self.todo, "command": self.command, "dates": self.dates.as_dict(),
            "outputs": vars(self.outputs),
            "certificates": None if p is None else {
                "registered": p.registered, "valid": p.valid, "approved": list(p.approvals), "printed": p.printed,
                "handed_over": p.handed, "not_handed_over": p.unhanded, "reprints": p.reprints},
            "warnings": [{"kind": w.kind, "date": str(w.due), "overdue": w.overdue(self.on), "message": w.message}
                         for w in self.warnings],
        }

    def next_words(self) -> str:
        """The next date as the console says it: 结果公示截止 2026-12-24（还有 3 个工作日）."""
        if self.next_date is None:
            return ""
        return f"{self.next_what} {self.next_date}（{self._left(self.next_date, self.next_what in COUNTED_IN_WORKING_DAYS)}）"

    def step_words(self) -> str:
        """下一步：what to do，运行 the command; a finished cycle's word as it is."""
        if self.stage == DONE:
            return self.todo
        return f"下一步：{self.todo}" + (f"，运行 {self.command}" if self.command else "")

    def warning_words(self, warning: Deadline) -> str:
        """A deadline warned, with how far off it is, or how long overdue."""
        return f"{warning.message}（{self._left(warning.due, warning.kind in ('publicity', 'approval'))}）"

    def _left(self, day: dt.date, working: bool) -> str:
        left = (day - self.on).days
        if left < 0:
            return f"已过 {-left} 天"
        if left == 0:
            return "今天"
        return f"还有 {_working_days_left(self.on, day)} 个工作日" if working else f"还有 {left} 天"


def cycle_status(plan: dict, cycle: dict, facts: tuple[Outputs, CycleProgress | None], on: dt.date,
                 how: Invocation, filing_current: bool = True) -> CycleStatus:
    """Where the cycle stands on the day `on`, from its dates and the facts (the outputs on disk,
    the 台账's progress of the cycle, None without one). filing_current: the client's filing is built
    as its plan stands (the announcement is ready to publish)."""
    outputs, progress = facts
    d = milestones(plan, cycle)
    status = CycleStatus(cycle["id"], _stage(d, outputs, progress, on), d, outputs, progress, on=on)
    status.next_what, status.next_date = _next(status, d)
    if status.next_date is not None:
        status.days_left = (status.next_date - on).days
        status.working_days_left = _working_days_left(on, status.next_date)
    status.todo, status.command = _todo(status, how, filing_current)
    status.deadlines = _deadlines(status, d, filing_current)
    status.warnings = [dl for dl in status.deadlines if on >= dl.warn_from]
    return status


def _stage(d: Milestones, outputs: Outputs, p: CycleProgress | None, on: dt.date) -> str:
    """The furthest stage the facts show; the dates decide among those still open."""
    if outputs.results or (p is not None and p.registered):
        return _after_results(d, p, on)
    if outputs.prepared:  # seating prepared: the assessment is next, whatever the day
        return ASSESSMENT if on <= d.assessment_end else SCORES
    if on < d.announce:
        return ANNOUNCE
    if on <= d.registration_end:
        return REGISTRATION
    return SEATING if on <= d.assessment_end else SCORES


def _after_results(d: Milestones, p: CycleProgress | None, on: dt.date) -> str:
    """Once the results are in: the 公示, the province's approval, the prints, the hand-over."""
    if p is not None and p.approved:
        if p.unprinted or p.reprints:
            return PRINTING
        return HANDOVER if p.unhanded else DONE
    if on <= d.publicity_end:
        return PUBLICITY
    if p is not None and not p.valid:  # nobody certified: nothing for the province to approve
        return DONE
    return APPROVAL


def _next(s: CycleStatus, d: Milestones) -> tuple[str, dt.date | None]:
    """The next date of the stage and what it is."""
    on, p = s.on, s.progress
    if s.stage == HANDOVER and p is not None and p.unhanded_since:
        return "核发期限", _handover_due(p, d)
    return {
        ANNOUNCE: ("发布公告", d.announce),
        REGISTRATION: ("报名开始", d.registration_start) if on < d.registration_start else ("报名截止", d.registration_end),
        SEATING: ("考核开始", d.assessment_start),
        ASSESSMENT: ("考核开始", d.assessment_start) if on < d.assessment_start else ("考核结束", d.assessment_end),
        SCORES: ("结果公示开始", d.result_date),
        PUBLICITY: ("结果公示开始", d.result_date) if on < d.result_date else ("结果公示截止", d.publicity_end),
        APPROVAL: ("发证日期", d.issue_date),
        PRINTING: ("发证日期", d.issue_date),
    }.get(s.stage, ("", None))


def _working_days_left(on: dt.date, day: dt.date) -> int:
    """The working days from `on` to `day`, both counted (core/workdays.py): what is left of a 公示
    on its last day is 1; 0 once the day has passed."""
    if day < on:
        return 0
    ends = workdays.is_working_day(on) + (workdays.is_working_day(day) if day != on else 0)
    return workdays.working_days_between(on, day) + ends


def _todo(s: CycleStatus, how: Invocation, filing_current: bool) -> tuple[str, str | None]:
    """What to do next, in words, and the command that does it (None: nothing to run now)."""
    cid, o, p, d = s.cycle_id, s.outputs, s.progress, s.dates
    roster = "" if o.roster else f"把报名名册放入 cycles/{cid}/roster.xlsx（或 .csv），再"
    scores = "" if o.scores else f"把评分表放入 cycles/{cid}/scores.xlsx（或 .csv），再"
    approved = how.command("certificates", cid, "--approved", "<省里确认的证书数据.xlsx>")
    if s.stage == ANNOUNCE:
        return ("届时发布已生成的认定公告", None) if filing_current else \
            ("生成认定公告", how.command("build", ""))
    if s.stage == REGISTRATION:
        return f"报名截止（{d.registration_end}）后{roster}进行资格审核、安排考场", how.command("prepare", cid)
    if s.stage == SEATING:
        return f"{roster}进行资格审核、安排考场", how.command("prepare", cid)
    if s.stage == ASSESSMENT and not o.forms:
        return "生成定级评价表和评分录入表", how.command("forms", cid)
    if s.stage == ASSESSMENT:
        return f"按考场安排考核；评分后把评分表放入 cycles/{cid}/scores.xlsx，再录入成绩", how.command("results", cid)
    if s.stage == SCORES:
        return f"{scores}录入成绩、登记证书编号、生成结果公示", how.command("results", cid)
    if s.stage == PUBLICITY:
        return f"结果公示期满（{d.publicity_end}）后把 证书数据.xlsx 报省里确认", None
    if s.stage == APPROVAL:
        return "把 证书数据.xlsx 报省里确认；确认后打印证书", approved
    if s.stage == PRINTING and p is not None and p.reprints:
        return f"{p.reprints} 份补发的证书待重新打印", how.command("certificates", cid, "--number", "<证书编号>")
    if s.stage == PRINTING and p is not None:
        return f"{p.unprinted} 个有效的证书编号尚未打印", approved
    if s.stage == HANDOVER and p is not None:
        return f"{p.unhanded} 份证书已印制、尚未核发", how.command("ledger handover", "", "<证书编号>", "--receiver", "<领取人>")
    if p is not None and p.valid:
        return f"{p.valid} 份证书已全部核发" + (f"（最后一份 {p.last_handover}）" if p.last_handover else ""), None
    return "本批没有取得证书的人员", None


def _deadlines(s: CycleStatus, d: Milestones, filing_current: bool) -> list[Deadline]:
    """The deadlines still open, from the facts alone (the calendar lists them all; status warns of
    those whose horizon has come)."""
    p, days = s.progress, dt.timedelta
    found = []
    if s.stage == ANNOUNCE and not filing_current:
        found.append(Deadline("announce", d.announce, d.announce - days(ANNOUNCE_AHEAD),
                              f"认定公告 {d.announce} 发布，备案材料尚未按现在的方案生成"))
    if s.stage in (ANNOUNCE, REGISTRATION, SEATING):
        found.append(Deadline("seating", d.assessment_start, d.assessment_start - days(SEATING_AHEAD),
                              f"考核 {d.assessment_start} 开始，尚未安排考场"))
    if s.stage in (ANNOUNCE, REGISTRATION, SEATING, ASSESSMENT, SCORES):
        found.append(Deadline("results", d.result_date, d.assessment_end + days(1),
                              f"考核已于 {d.assessment_end} 结束，尚未录入成绩，结果公示应于 {d.result_date} 开始"))
    if s.stage == PUBLICITY:
        found.append(Deadline("publicity", d.publicity_end, _working_days_before(d.publicity_end, PUBLICITY_AHEAD),
                              f"结果公示 {d.publicity_end} 截止，期满后把 证书数据.xlsx 报省里确认"))
    if s.stage == APPROVAL:
        found.append(Deadline("approval", d.issue_date, _working_days_before(d.issue_date, APPROVAL_AHEAD),
                              f"发证日期 {d.issue_date}，尚未按省里确认的名单打印证书"))
    if s.stage == HANDOVER and p is not None and p.unhanded_since:
        printed, due = dt.date.fromisoformat(p.unhanded_since), _handover_due(p, d)
        since = f"{printed} 印制" if printed >= d.issue_date else f"{printed} 印制、{d.issue_date} 发证"
        found.append(Deadline("handover", due, due - days(HANDOVER_AHEAD), f"{p.unhanded} 份证书 {since}，应于 {due} 前核发"))
    if s.outputs.results and p is not None and p.last_revoked > s.outputs.results_written:
        # a number revoked after the results were written is still in 证书数据.xlsx and the 公示
        found.append(Deadline("revoked", s.on, s.on, f"结果公示和证书数据表生成后又注销了本批的证书编号，其中仍列有该编号："
                                                     f"请重新运行 skillplan results（--cycle {s.cycle_id}）更新"))
    return found


def _handover_due(p: CycleProgress, d: Milestones) -> dt.date:
    """The day certificates are handed over by: HANDOVER_DAYS after their print, or after the 发证日期 when
    they were printed before it (none is handed over before the 发证日期)."""
    return max(dt.date.fromisoformat(p.unhanded_since), d.issue_date) + dt.timedelta(days=HANDOVER_DAYS)


def _working_days_before(day: dt.date, n: int) -> dt.date:
    """The day from which `day` is at most n working days away, `day` counted (the horizon of a warning)."""
    start, counted = day, workdays.is_working_day(day)
    while counted < n:
        start -= workdays.ONE_DAY
        counted += workdays.is_working_day(start)
    return start
