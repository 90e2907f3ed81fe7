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
    if path.is_dir():
        candidate = path / PLAN_FILE
        if not candidate.is_file():
            raise UsageError(f"{path} 不是客户文件夹：其中没有 {PLAN_FILE}（可用 skillplan init {path} 创建）")
        return candidate
    if path.is_file():
        return path
    raise UsageError(f"{path} 不存在")


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
    issued = _prefix_problems(plan_path, plan, plan_source)
    result.problems = broken + issued + warnings
    return result, (None if broken or issued else plan)


def _prefix_problems(plan_path: Path, plan: dict, source) -> list[Problem]:
    """Once the client's ledger holds numbers, the plan keys their prefix comes from cannot change."""
    from .cycle.ledger import FILE, issued_prefixes, prefix_changes
    from .filing.derive import certificate_prefix

    if plan_path.name != PLAN_FILE:
        return []
    current = certificate_prefix(plan)
    return [source.problem(key, message) for issued in issued_prefixes(plan_path.parent / FILE)
            for key, message in prefix_changes(issued, current)]


def check(paths: list[Path | str], strict: bool = False) -> list[ClientResult]:
    """Validate clients without rendering anything (and without importing the rendering stack)."""
    return [checked(p, strict)[0] for p in paths]


def build(paths: list[Path | str], out_dir: Path | str = "out", templates: Path | str | None = None,
          strict: bool = False, cycle: str | None = None, pdf: bool = False, jobs: int | None = None,
          on_done: Callable[[ClientResult], None] | None = None) -> list[ClientResult]:
    """Validate and render each client into out_dir/<client>/ and out_dir/<client>.zip.

    Invalid clients are reported, not built; the valid ones are built all the same. Several
    clients are built in parallel on the machine's cores; on_done hears of each as it finishes.
    With cycle, only that cycle's announcement is rendered and the client's other files are kept."""
    plans = [plan_file(p) for p in paths]  # usage errors (a missing path) before any work starts
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
            ledger=None, on_wait: Callable[[str], None] | None = None) -> ClientResult:
    """Scores → results at the plan's pass mark, certificate numbers from the ledger for those who
    pass, the filled forms, the results notice and the data sheet.

    The ledger is reconciled with this run's pass list in one transaction that commits only after the
    output is written, under the client's lock (on_wait hears when another run holds it)."""
    from .cycle.scoring import read_scores

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
    _register_and_write(result, plan, cycle, outcomes, (roster_path, scores_path),
                        dict(out_dir=out_dir, templates=templates, ledger=ledger, on_wait=on_wait))
    return result


def _register_and_write(result: ClientResult, plan: dict, cycle: dict, outcomes: list, sources: tuple,
                        options: dict) -> None:
    """Under the client's lock: reconcile the ledger and write the results; a failed first run leaves
    no empty ledger behind."""
    from .cycle.ledger import AlreadyCertified, client_lock, repeat_message

    ledger_path = ledger_file(result.plan_file, options["ledger"])
    with client_lock(ledger_path, f"results {cycle['id']}", options["on_wait"]):
        existed = ledger_path.exists()
        try:
            change = _reconciled_output(result, plan, cycle, outcomes, sources, ledger_path, options)
        except AlreadyCertified as e:
            result.problems += [_roster_problem(sources[0], h.row, repeat_message(c)) for h, c in e.repeats]
            return
        finally:
            if not existed and not result.files:
                ledger_path.unlink(missing_ok=True)
    _say_what_changed(result, outcomes, change)


def _reconciled_output(result: ClientResult, plan: dict, cycle: dict, outcomes: list, sources: tuple,
                       ledger_path: Path, options: dict):
    """The ledger's transaction spans the writing of the output: it commits only once the files are in place."""
    from .cycle.ledger import Ledger
    from .cycle.results import RESULTS_OUTPUT, result_date, results_documents
    from .filing.derive import certificate_prefix

    templates = Path(options["templates"]) if options["templates"] else None
    with Ledger(ledger_path) as book, book.transaction():
        change = book.reconcile(certificate_prefix(plan), cycle["id"], result_date(cycle), _holders(outcomes))
        numbers = {key[0]: number for key, number in change.numbers.items()}
        files = results_documents(plan, cycle, outcomes, numbers, templates)
        _write_cycle_output(result, options["out_dir"], cycle["id"], files, _inputs(result.plan_file, *sources),
                            replacing=RESULTS_OUTPUT)
    return change


def _holders(outcomes: list) -> list:
    from .cycle.ledger import DEFAULT_ID_TYPE, Holder

    return [Holder(o.candidate.id_number, o.candidate.name, o.candidate.occupation, o.candidate.level,
                   o.candidate.row, getattr(o.candidate, "id_type", DEFAULT_ID_TYPE)) for o in outcomes if o.passed]


def _roster_problem(roster_path: Path, row: int, message: str) -> Problem:
    from .core.tables import read_table

    return read_table(roster_path, []).problem(row, "身份证号", message)


def _say_what_changed(result: ClientResult, outcomes: list, change) -> None:
    passed = sum(o.passed for o in outcomes)
    result.notes.append(f"合格 {passed} 人，不合格 {len(outcomes) - passed} 人；新登记证书编号 {len(change.registered)} 个"
                        + (f"，{change.kept} 人沿用本批已登记的编号" if change.kept else ""))
    result.notes += change.lines()


def certificates(path, cycle_id: str, out_dir="out", templates=None, approved=None, draft: bool = False,
                 number: str | None = None, ledger=None, overlay: bool = False,
                 on_progress: Callable[[int, int], None] | None = None) -> ClientResult:
    """Print certificates into OUT/<client>_<cycle>/: the approved list (证书/), proofs marked 样本
    (证书样本/), or one number again on a new blank after a reissue (补发证书/); with overlay only the
    values, at the plan's positions, onto pre-printed blanks (证书套打/). Printing for issue
    takes blanks from the 台账's stock; the 台账 commits only once the files are written."""
    from .cycle.ledger import Ledger, client_lock

    if [approved is not None, draft, number is not None].count(True) != 1:
        raise UsageError("请指定其一：--approved 省里确认的名单、--draft 打印样本、--number 补发的证书编号")
    plan_path = plan_file(path)
    result, plan = checked(plan_path, strict=False)
    if plan is None:
        return result
    cycle_of(result, plan, cycle_id)
    if overlay and not any((plan["certificate"].get("overlay") or {}).values()):
        raise UsageError("套打须先在 plan.yaml 的 certificate.overlay 中写明各项的位置（距纸张左上角的毫米数“横,纵”）")
    ledger_path = ledger_file(plan_path, ledger)
    if not ledger_path.is_file():
        raise UsageError(f"证书台账 {ledger_path} 不存在：请先运行 skillplan results")
    how = dict(approved=approved, draft=draft, number=number, out_dir=out_dir, overlay=overlay, on_progress=on_progress,
               templates=Path(templates) if templates else None)
    with client_lock(ledger_path, f"certificates {cycle_id}"), Ledger(ledger_path, create=False) as book, \
            book.transaction():
        _print_certificates(result, plan, cycle_id, book, how)
    return result


def _print_certificates(result: ClientResult, plan: dict, cycle_id: str, book, how: dict) -> None:
    import datetime as dt

    from .cycle import certificates as printing
    from .cycle import stock

    chosen, folder = _chosen_certificates(result, book, cycle_id, how["approved"], how["draft"], how["number"])
    if result.problems or not chosen:
        if not result.problems:
            result.failure, result.exit_code = f"认定批次 {cycle_id} 没有可打印的有效证书", 1
        return
    day = max(dt.date.today(), max(dt.date.fromisoformat(c.issued_on) for c in chosen))
    blanks = {} if how["draft"] else stock.print_marks(book, [c.number for c in chosen], day, how["number"] is not None)
    photos = result.plan_file.parent / CYCLES_DIR / cycle_id / "photos"
    if how["overlay"] and folder == printing.PRINTED:
        folder = printing.OVERLAID
    files = printing.certificate_files(plan, chosen, photos, folder, how["draft"], how["templates"], blanks,
                                       how["overlay"])
    if how["on_progress"]:
        files = _counted(files, len({(c.occupation, c.level) for c in chosen}) + len(chosen), how["on_progress"])
    inputs = (_inputs(result.plan_file, Path(how["approved"])) if how["approved"] is not None
              else config_inputs(result.plan_file))
    _write_cycle_output(result, how["out_dir"], cycle_id, files, inputs,
                        replacing=(f"{folder}/",) if how["number"] is None else ())
    result.notes.append(f"已打印证书 {len(chosen)} 份" + ("（样本，不得发放）" if how["draft"] else ""))
    if not how["draft"] and not all(blanks.values()):
        result.notes.append(f"台账中没有足够的空白证书库存：{sum(not b for b in blanks.values())} 份的印制记录不含印制流水码"
                            "（可用 skillplan ledger stock --receive 登记入库）")


def _chosen_certificates(result: ClientResult, book, cycle_id: str, approved, draft: bool, number):
    from .cycle import certificates as printing
    from .cycle.ledger import VALID

    if approved is not None:
        if not Path(approved).is_file():
            raise UsageError(f"{approved} 不存在")
        try:
            chosen, problems = printing.approved(Path(approved), book, cycle_id)
        except InvalidInput as e:
            chosen, problems = [], e.problems
        result.problems += problems
        return chosen, printing.PRINTED
    if draft:
        return [c for c in book.certificates() if c.cycle == cycle_id and c.status == VALID], printing.DRAFTS
    message, found = printing.reissue_refusal(book, number, cycle_id)
    if message:
        raise SkillplanError(message)
    return [found], printing.REISSUED


def _counted(files, total: int, on_progress: Callable[[int, int], None]):
    """The files as they come, telling on_progress how many of the total are done."""
    for done, item in enumerate(files, 1):
        yield item
        on_progress(done, total)
