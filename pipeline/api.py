"""The library API that the CLI and the tests call: check and build clients."""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .core.errors import InvalidInput, Problem, SkillplanError, UsageError
from .core.terms import GRADING
from .filing.load import load
from .filing.validate import validate

PLAN_FILE = "plan.yaml"
CYCLES_DIR = "cycles"


@dataclass
class ClientResult:
    """What happened to one client: its problems (errors and warnings), the files written, and a
    failure that stopped its build (a template error, a full disk, an unknown cycle) if any."""

    client: str
    plan_file: Path
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    failure: str = ""
    exit_code: int = 0
    notes: list[str] = field(default_factory=list)  # a line or two of what was done (counts, numbers)

    @property
    def ok(self) -> bool:
        return not self.failure and not any(p.severity == "error" for p in self.problems)

    def as_dict(self) -> dict:
        return {"client": self.client, "file": str(self.plan_file), "valid": self.ok,
                "problems": [p.as_dict() for p in self.problems], "failure": self.failure or None,
                "files": [str(f) for f in self.files]}


def plan_file(path: Path | str) -> Path:
    """A client is a folder holding plan.yaml; the plan file itself is accepted too."""
    path = Path(path)
    if not path.exists():
        raise UsageError(f"{path} 不存在")
    if why := not_a_client(path):
        raise UsageError(f"{path} {why}")
    return path / PLAN_FILE if path.is_dir() else path


def not_a_client(path: Path) -> str | None:
    """Why an existing path is not a client (None when it is): a folder holding plan.yaml, or a
    .yaml/.yml plan file."""
    if path.is_dir():
        return None if (path / PLAN_FILE).is_file() else \
            f"不是客户文件夹：其中没有 {PLAN_FILE}（可用 skillplan init {path} 创建）"
    if path.suffix.lower() not in (".yaml", ".yml"):
        return "不是客户：客户是含 plan.yaml 的文件夹或 .yaml/.yml 文件"
    return None


def find_clients(paths: list[Path | str]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The plan files among paths, and each path skipped with the reason.

    `skillplan build clients/*` also catches a README.md or an empty folder: those are skipped with a
    note and the real clients go on. A path that does not exist is a typo: a usage error. With no
    client left at all there is nothing to do, which is a usage error too."""
    plans, skipped = [], []
    for path in map(Path, paths):
        if not path.exists():
            raise UsageError(f"{path} 不存在")
        if why := not_a_client(path):
            skipped.append((path, why))
        else:
            plans.append(plan_file(path))
    if not plans:
        raise UsageError("没有可处理的客户：" + "；".join(f"{p} {why}" for p, why in skipped))
    return plans, skipped


def client_name(plan_path: Path) -> str:
    """clients/acme/plan.yaml is client "acme"; a plan file under another name is named by its stem."""
    return plan_path.resolve().parent.name if plan_path.name == PLAN_FILE else plan_path.stem


def cycle_files(plan_path: Path) -> list[Path]:
    """One file per recognition cycle in the client's cycles/ folder, in name order."""
    folder = plan_path.parent / CYCLES_DIR
    return sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")) if plan_path.name == PLAN_FILE else []


def checked(path: Path | str, strict: bool) -> tuple[ClientResult, dict | None]:
    """Load and validate a client's plan and cycle files; the plan is None when anything is wrong."""
    plan_path = plan_file(path)
    result = ClientResult(client_name(plan_path), plan_path)
    try:
        plan_source = load(plan_path)
    except InvalidInput as e:
        result.problems = e.problems
        return result, None
    cycle_sources, broken = [], []
    for file in cycle_files(plan_path):
        try:
            cycle_sources.append(load(file))
        except InvalidInput as e:  # report a broken cycle file and still check everything else
            broken += e.problems
    try:
        plan, warnings = validate(plan_source, cycle_sources, strict=strict)
    except InvalidInput as e:
        result.problems = broken + e.problems
        return result, None
    result.problems = broken + warnings
    return result, (None if broken else plan)


def check(paths: list[Path | str], strict: bool = False) -> list[ClientResult]:
    """Validate clients without rendering anything (and without importing the rendering stack)."""
    return [checked(p, strict)[0] for p in find_clients(paths)[0]]


def build(paths: list[Path | str], out_dir: Path | str = "out", templates: Path | str | None = None,
          strict: bool = False, cycle: str | None = None, pdf: bool = False, jobs: int | None = None,
          on_done: Callable[[ClientResult], None] | None = None) -> list[ClientResult]:
    """Validate and render each client into out_dir/<client>/ and out_dir/<client>.zip.

    Invalid clients are reported, not built; the valid ones are built all the same. Several
    clients are built in parallel on the machine's cores; on_done hears of each as it finishes.
    With cycle, only that cycle's announcement is rendered and the client's other files are kept."""
    plans = find_clients(paths)[0]  # usage errors (a missing path) before any work starts
    names = [client_name(p) for p in plans]
    if len(set(names)) < len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        raise UsageError(f"多个客户同名（{'、'.join(twice)}），输出会互相覆盖：请分开构建或改用不同的文件夹名")
    task = partial(build_client, out_dir=Path(out_dir), templates=Path(templates) if templates else None,
                   strict=strict, cycle=cycle, pdf=pdf)
    jobs = min(jobs or os.cpu_count() or 1, len(plans))
    if jobs <= 1:
        results = []
        for plan_path in plans:
            results.append(task(plan_path))
            if on_done:
                on_done(results[-1])
        return results
    from concurrent.futures import ProcessPoolExecutor, as_completed  # only builds of several clients need it

    with ProcessPoolExecutor(jobs) as pool:
        futures = {pool.submit(task, plan_path): n for n, plan_path in enumerate(plans)}
        results_by_index: dict[int, ClientResult] = {}
        for future in as_completed(futures):
            results_by_index[futures[future]] = future.result()
            if on_done:
                on_done(results_by_index[futures[future]])
    return [results_by_index[n] for n in range(len(plans))]


def build_client(plan_path: Path, out_dir: Path, templates: Path | None, strict: bool, cycle: str | None,
                 pdf: bool) -> ClientResult:
    """One client, start to finish; any failure is kept in the result so the other clients go on."""
    from .filing.bundle import safe_name, write_bundle
    from .filing.documents import client_documents

    result, plan = checked(plan_path, strict)
    if plan is None:
        return result
    try:
        if cycle is not None:
            cycle_of(result, plan, cycle)
        files = client_documents(plan, templates, cycle)
        folder = out_dir / safe_name(result.client)
        written = write_bundle(folder, files, config_inputs(plan_path), keep_existing=cycle is not None, pdf=pdf)
        result.files = [folder / rel for rel in written] + [folder.with_name(folder.name + ".zip")]
    except SkillplanError as e:
        result.failure, result.exit_code = str(e), e.exit_code
    return result


def config_inputs(plan_path: Path) -> dict[str, bytes]:
    """The client's config files by path inside the client folder, for the manifest's config hash."""
    files = [plan_path, *cycle_files(plan_path)]
    return {f.relative_to(plan_path.parent).as_posix(): f.read_bytes() for f in files}


# ---- running a cycle: roster → forms → scores → results -----------------------------------------

def _cycle_file(plan_path: Path, cycle_id: str, stem: str, given: Path | str | None) -> Path:
    """A cycle's roster or scores: the file given, else <client>/cycles/<id>/<stem>.xlsx or .csv."""
    if given is not None:
        if not Path(given).is_file():
            raise UsageError(f"{given} 不存在")
        return Path(given)
    folder = plan_path.parent / CYCLES_DIR / cycle_id
    for suffix in (".xlsx", ".csv"):
        if (folder / f"{stem}{suffix}").is_file():
            return folder / f"{stem}{suffix}"
    raise UsageError(f"没有找到 {folder / stem}.xlsx 或 .csv（也可用 --{stem} 指定文件）")


def cycle_of(result: ClientResult, plan: dict, cycle_id: str) -> dict:
    """The plan's cycle with this id; a usage error naming the ids there are otherwise."""
    for cycle in plan["cycles"]:
        if cycle["id"] == cycle_id:
            return cycle
    ids = "、".join(c["id"] for c in plan["cycles"]) or "无"
    raise UsageError(f"{result.client} 没有 id 为“{cycle_id}”的认定批次（已有：{ids}）")


def ledger_file(plan_path: Path, given: Path | str | None = None) -> Path:
    """The certificate ledger: the file given, else certificates.sqlite beside plan.yaml."""
    from .cycle.ledger import FILE

    return Path(given) if given else plan_path.parent / FILE


def _inputs(plan_path: Path, *files: Path) -> dict[str, bytes]:
    inputs = config_inputs(plan_path)
    for f in files:
        try:
            inputs[f.resolve().relative_to(plan_path.parent.resolve()).as_posix()] = f.read_bytes()
        except ValueError:  # a file outside the client folder is named by its own name
            inputs[f.name] = f.read_bytes()
    return inputs


def _run_cycle(path, cycle_id: str, roster: Path | str | None):
    """The checked plan, the cycle and its roster's candidates; None for the plan when anything is wrong."""
    from .cycle.roster import read_roster

    plan_path = plan_file(path)
    result, plan = checked(plan_path, strict=False)
    if plan is None:
        return result, None, None, [], None
    cycle = cycle_of(result, plan, cycle_id)
    roster_path = _cycle_file(plan_path, cycle_id, "roster", roster)
    try:
        candidates, problems = read_roster(roster_path, plan, cycle)
    except InvalidInput as e:
        candidates, problems = [], e.problems
    result.problems += problems
    return result, (None if problems else plan), cycle, candidates, roster_path


def _write_cycle_output(result: ClientResult, out_dir, cycle_id: str, files, inputs: dict[str, bytes],
                        replacing: tuple[str, ...]) -> None:
    """Into OUT/<client>_<cycle>/, keeping what the other command wrote there (forms vs results)."""
    from .filing.bundle import safe_name, write_bundle

    folder = Path(out_dir) / safe_name(f"{result.client}_{cycle_id}")
    written = write_bundle(folder, files, inputs, keep_existing=True, replacing=replacing)
    result.files = [folder / rel for rel in written] + [folder.with_name(folder.name + ".zip")]


def forms(path, cycle_id: str, out_dir="out", templates=None, roster=None, jobs: int | None = None) -> ClientResult:
    """Pre-filled 定级评价表 for a cycle's roster, one per 定级 candidate plus one print file, and the
    score entry sheet, into OUT/<client>_<cycle>/."""
    from .cycle.forms import FORMS_OUTPUT, forms_documents

    result, plan, cycle, candidates, roster_path = _run_cycle(path, cycle_id, roster)
    if plan is None:
        return result
    files = forms_documents(plan, candidates, Path(templates) if templates else None, jobs)
    _write_cycle_output(result, out_dir, cycle_id, files, _inputs(result.plan_file, roster_path),
                        replacing=FORMS_OUTPUT)
    grading = sum(c.method == GRADING for c in candidates)
    result.notes.append(f"名册 {len(candidates)} 人，其中定级评价 {grading} 人")
    return result


def results(path, cycle_id: str, out_dir="out", templates=None, roster=None, scores=None,
            ledger=None) -> ClientResult:
    """Scores → results at the plan's pass mark, certificate numbers from the ledger for those who
    pass, the filled forms, the results notice and the data sheet."""
    from .cycle.ledger import Ledger
    from .cycle.results import RESULTS_OUTPUT, result_date, results_documents
    from .cycle.scoring import read_scores
    from .filing.derive import certificate_prefix

    result, plan, cycle, candidates, roster_path = _run_cycle(path, cycle_id, roster)
    if plan is None:
        return result
    scores_path = _cycle_file(result.plan_file, cycle_id, "scores", scores)
    try:
        outcomes, problems = read_scores(scores_path, plan, candidates)
    except InvalidInput as e:
        outcomes, problems = [], e.problems
    if problems:
        result.problems += problems
        return result
    numbers = {}
    with Ledger(ledger_file(result.plan_file, ledger)) as book:
        before = book.count()
        for o in outcomes:
            if o.passed:
                c = o.candidate
                numbers[c.id_number] = book.issue(certificate_prefix(plan), c.id_number, c.name, c.occupation,
                                                  c.level, result_date(cycle), cycle_id)
        issued = book.count() - before
    files = results_documents(plan, cycle, outcomes, numbers, Path(templates) if templates else None)
    _write_cycle_output(result, out_dir, cycle_id, files, _inputs(result.plan_file, roster_path, scores_path),
                        replacing=RESULTS_OUTPUT)
    passed = sum(o.passed for o in outcomes)
    result.notes.append(f"合格 {passed} 人，不合格 {len(outcomes) - passed} 人；新核发证书编号 {issued} 个"
                        + (f"，{len(numbers) - issued} 人沿用台账中已有的编号" if len(numbers) > issued else ""))
    return result


def _staff_posts(result: ClientResult, plan: dict, cycle_id: str, sessions) -> tuple[Path | None, list | None]:
    """The staff list (None when the cycle has none) and its posts filled by the solver; posts is None
    when the list has mistakes or cannot staff every room (the problems are in the result then)."""
    from .core.terms import display_name
    from .cycle.assignment import assign, posts_of, shortfall_problems
    from .cycle.scoring import raters
    from .cycle.staff import STAFF_STEM, read_staff

    folder = result.plan_file.parent / CYCLES_DIR / cycle_id
    path = next((folder / f"{STAFF_STEM}{x}" for x in (".xlsx", ".csv") if (folder / f"{STAFF_STEM}{x}").is_file()), None)
    if path is None:
        return None, []
    try:
        staff = read_staff(path, plan)
    except InvalidInput as e:
        result.problems += e.problems
        return path, None
    rows = {display_name(o): o for o in plan["occupations"]}  # rows split by method share names and trades
    weighted = {(display_name(o), o["method"]): raters(plan, o) for o in plan["occupations"] if o["method"] == GRADING}
    posts = posts_of(sessions, weighted)
    short = assign(posts, staff, rows)
    if short:
        result.problems += shortfall_problems(str(path), short)
        return path, None
    return path, posts


def prepare(path, cycle_id: str, out_dir="out", templates=None, roster=None) -> ClientResult:
    """The exam-day pack: 资格审核 of every applicant (review.csv decisions count), sessions and seats
    for the admitted, and their tickets, sign-in sheets, badges and irregularity records."""
    from .cycle.admission import PENDING, REVIEW_FILE, UNQUALIFIED, read_decisions, review
    from .cycle.exam_day import PREPARE_OUTPUT, prepare_documents
    from .cycle.seating import seat_everyone, ticket_numbers

    result, plan, cycle, candidates, roster_path = _run_cycle(path, cycle_id, roster)
    if plan is None:
        return result
    decisions_file = result.plan_file.parent / CYCLES_DIR / cycle_id / REVIEW_FILE
    try:
        decisions = read_decisions(decisions_file, candidates) if decisions_file.is_file() else {}
    except InvalidInput as e:
        result.problems += e.problems
        return result
    when = cycle["registration"]["end"]  # the facts are judged as they stood when registration closed
    verdicts = review(plan, candidates, when, decisions)
    admitted = [v.candidate for v in verdicts if v.admitted]
    sessions, places = seat_everyone(plan, cycle, admitted)
    tickets = ticket_numbers(cycle, admitted, places)
    staff_path, posts = _staff_posts(result, plan, cycle_id, sessions)
    if posts is None:
        return result
    templates = Path(templates) if templates else None
    files = list(prepare_documents(plan, cycle, verdicts, sessions, places, tickets, when, templates))
    if staff_path:
        from .cycle.exam_day import staff_documents

        files += staff_documents(plan, cycle, posts, templates)
    inputs = [roster_path] + ([decisions_file] if decisions_file.is_file() else []) + ([staff_path] if staff_path else [])
    _write_cycle_output(result, out_dir, cycle_id, files, _inputs(result.plan_file, *inputs), replacing=PREPARE_OUTPUT)
    result.notes += [f"{v.verdict}：{v.candidate.name}（名册第 {v.candidate.row} 行，{v.candidate.occupation}"
                     f"{v.candidate.level}级）{v.reason}" for v in verdicts if v.verdict in (UNQUALIFIED, PENDING)]
    result.notes += [f"场次{s.number}（{s.title}）原定考场已满，已增设{'、'.join(s.opened)}，请落实场地"
                     for s in sessions if s.opened]
    result.notes.append(f"考评人员安排：{len({p.name for post in posts for p in post.filled})} 人上岗，"
                        f"{len({(post.session.number, post.room) for post in posts})} 个考场" if staff_path else
                        f"未提供考评人员名单（{CYCLES_DIR}/{cycle_id}/staff.csv 或 .xlsx），未生成考评人员安排和工作证")
    counts = {k: sum(v.verdict == k for v in verdicts) for k in ("符合", UNQUALIFIED, PENDING)}
    result.notes.append(f"名册 {len(verdicts)} 人：符合 {counts['符合']} 人（已发准考证），不符合 {counts[UNQUALIFIED]} 人，"
                        f"待审核 {counts[PENDING]} 人；{sum(1 for s in sessions if s.seats)} 个场次")
    return result
