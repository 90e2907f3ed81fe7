"""The library API that the CLI and the tests call: check and build clients."""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .core.errors import InvalidInput, Problem, SkillplanError, UsageError
from .core.terms import GRADING
from .filing.load import load
from .filing.validate import validate

PLAN_FILE = "plan.yaml"
CYCLES_DIR = "cycles"


class WrittenFiles(Sequence[Path]):
    """The paths of the files a build wrote into a folder, then its zip: each Path made when asked
    for (10,101 certificates' paths held as Path objects take 4 MB, as names one)."""

    def __init__(self, folder: Path, names: list[str]):
        self.folder, self.names = folder, names

    def __len__(self) -> int:
        return len(self.names) + 1

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        index = index + len(self) if index < 0 else index
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self.folder / self.names[index] if index < len(self.names) else self.folder.with_name(f"{self.folder.name}.zip")

    def texts(self) -> list[str]:
        """The same paths as text, made without a Path object each (listing 10,101 certificates'
        paths through Path took a quarter of a second)."""
        folder = str(self.folder)
        return [os.path.join(folder, name) for name in self.names] + [str(self[-1])]


def file_texts(files: Sequence[Path]) -> list[str]:
    """Written files' paths as text (WrittenFiles makes them without Path objects)."""
    return files.texts() if isinstance(files, WrittenFiles) else [str(f) for f in files]


@dataclass
class ClientResult:
    """What happened to one client: its problems (errors and warnings), the files written, and a
    failure that stopped its build (a template error, a full disk, an unknown cycle) if any."""

    client: str
    plan_file: Path
    problems: list[Problem] = field(default_factory=list)
    files: Sequence[Path] = field(default_factory=list)
    failure: str = ""
    exit_code: int = 0
    notes: list[str] = field(default_factory=list)  # a line or two of what was done (counts, numbers)
    counts: dict[str, int] = field(default_factory=dict)  # results: passed, failed, absent, new, reused …

    @property
    def ok(self) -> bool:
        return not self.failure and not any(p.severity == "error" for p in self.problems)

    def as_dict(self) -> dict:
        return {"client": self.client, "file": str(self.plan_file), "valid": self.ok,
                "problems": [p.as_dict() for p in self.problems], "failure": self.failure or None,
                "files": file_texts(self.files), **({"counts": self.counts} if self.counts else {})}


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
    return [checked(p, strict)[0] for p in find_clients(paths)[0]]


def build(paths: list[Path | str], out_dir: Path | str = "out", templates: Path | str | None = None,
          strict: bool = False, cycle: str | None = None, pdf: bool = False, jobs: int | None = None,
          on_done: Callable[[ClientResult], None] | None = None, force: bool = False) -> list[ClientResult]:
    """Validate and render each client into out_dir/<client>/ and out_dir/<client>.zip.

    Invalid clients are reported, not built; the valid ones are built all the same. Several
    clients are built in parallel on the machine's cores; on_done hears of each as it finishes.
    With cycle, only that cycle's announcement is rendered and the client's other files are kept.
    A client whose output was edited by hand is not rebuilt unless force (see bundle.keep_hand_edits)."""
    from .filing.bundle import safe_name

    plans = find_clients(paths)[0]  # usage errors (a missing path) before any work starts
    plans = list({p.resolve(): p for p in reversed(plans)}.values())[::-1]  # one client named twice is built once
    # two clients whose output folders would be one (a:b and a_b are both out/a_b)
    names = [safe_name(client_name(p)) for p in plans]
    if len(set(names)) < len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        raise UsageError(f"多个客户的输出文件夹同名（{'、'.join(twice)}），输出会互相覆盖：请分开构建或改用不同的文件夹名")
    task = partial(build_client, out_dir=Path(out_dir), templates=Path(templates) if templates else None,
                   strict=strict, cycle=cycle, pdf=pdf, force=force)
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
                 pdf: bool, force: bool = False) -> ClientResult:
    """One client, start to finish; any failure is kept in the result so the other clients go on."""
    from .filing.bundle import write_bundle
    from .filing.documents import client_documents

    result, plan = checked(plan_path, strict)
    if plan is None:
        return result
    try:
        if cycle is not None:
            cycle_of(result, plan, cycle)
        folder = output_folder(plan_path, out_dir, result.client)
        files = client_documents(plan, templates, cycle, provenance(plan_path))
        written = write_bundle(folder, files, config_inputs(plan_path), keep_existing=cycle is not None, pdf=pdf,
                               force=force, on_set_aside=_note_set_aside(result))
        result.files = WrittenFiles(folder, written)
    except SkillplanError as e:
        result.failure, result.exit_code = str(e), e.exit_code
    return result


def output_folder(plan_path: Path, out_dir: Path | str, name: str) -> Path:
    """OUT/<name>/, refused where a build would replace what it must not: the client's own files
    (-o naming the folder that holds the client), or the folder of hand-edited files (a client named 手改)."""
    from .filing.bundle import HAND_EDITS, safe_name

    folder = Path(out_dir) / safe_name(name)
    if folder.name == HAND_EDITS:
        raise UsageError(f"客户文件夹名“{HAND_EDITS}”与存放手改文件的文件夹 {folder} 同名：请改用其他文件夹名")
    if plan_path.resolve().is_relative_to(folder.resolve()):
        raise UsageError(f"输出文件夹 {folder} 包含客户的方案 {plan_path}：生成时会替换整个输出文件夹，请用 -o 指定另一个文件夹")
    return folder


def _note_set_aside(result: ClientResult) -> Callable[[str, Path], None]:
    """Tell the consultant where --force put each hand-edited file."""
    return lambda rel, moved_to: result.notes.append(f"手改过的 {rel} 已移到 {moved_to}")


def provenance(plan_path: Path):
    """What every document of this client embeds: its plan and cycle files (never a roster or scores)."""
    from .filing.provenance import Provenance, source_files

    return Provenance(source_files(config_inputs(plan_path), plan_path.name))


def config_inputs(plan_path: Path) -> dict[str, bytes]:
    """The client's config files by path inside the client folder, for the manifest's config hash."""
    files = [plan_path, *cycle_files(plan_path)]
    return {f.relative_to(plan_path.parent).as_posix(): f.read_bytes() for f in files}


def source(docx: Path | str, out_dir: Path | str):
    """Give back the plan and cycle files a generated document was built from, byte for byte, into
    out_dir (plan.yaml, cycles/…): a document found months later can be traced and rebuilt.
    Returns the embedded source (its files and the skillplan version) and the paths written."""
    from .filing.provenance import write_source

    docx = Path(docx)
    if not docx.is_file():
        raise UsageError(f"{docx} 不存在")
    return write_source(docx, Path(out_dir))


def watch(path: Path | str, out_dir: Path | str = "out", templates: Path | str | None = None, *,
          on_build: Callable, stop=None, rounds: int | None = None, force: bool = False) -> None:
    """Build a client, then rebuild it on every save of its plan or cycle files, in this process, so
    a rebuild costs no interpreter start. on_build hears of every round (a watch.Rebuild: what was
    saved, the ClientResult, which documents changed by hash); a broken save is reported there and
    the watch goes on. Runs until stop (a threading.Event) is set, rounds rebuilds are done, or Ctrl+C."""
    import time

    from .filing.bundle import safe_name
    from .watch import Rebuild, document_changes, snapshot, watch_loop

    plan_path = plan_file(path)
    out_dir, templates = Path(out_dir), Path(templates) if templates else None
    folder = out_dir / safe_name(client_name(plan_path))
    last: list = []  # the folder as the previous round left it, so a round reads it only once

    def rebuild(saved: list[str]) -> None:
        before, start = (last.pop() if last else snapshot(folder)), time.perf_counter()
        try:
            result = build_client(plan_path, out_dir, templates, strict=False, cycle=None, pdf=False, force=force)
        except SkillplanError as e:  # the plan was deleted or renamed: say so and wait for the next save
            result = ClientResult(client_name(plan_path), plan_path, failure=str(e), exit_code=e.exit_code)
        seconds = time.perf_counter() - start
        after = snapshot(folder) if result.ok else before
        last.append(after)
        on_build(Rebuild(saved, result, document_changes(before, after), seconds))

    cycles = plan_path.parent / CYCLES_DIR if plan_path.name == PLAN_FILE else None
    watch_loop(plan_path, cycles, rebuild, stop, rounds)


# ---- running a cycle: roster → forms → scores → results -----------------------------------------

def _cycle_file(plan_path: Path, cycle_id: str, stem: str, given: Path | str | None) -> Path:
    """A cycle's roster or scores: the file given, else <client>/cycles/<id>/<stem>.xlsx or .csv."""
    if given is not None:
        if not Path(given).is_file():
            raise UsageError(f"{given} 不存在")
        return Path(given)
    folder = plan_path.parent / CYCLES_DIR / cycle_id
    found = [folder / f"{stem}{suffix}" for suffix in (".xlsx", ".csv") if (folder / f"{stem}{suffix}").is_file()]
    if len(found) > 1:  # which one HR meant is a guess: ask instead of silently taking the .xlsx
        raise InvalidInput([Problem(str(folder), 0, 0, "", f"同时有 {stem}.xlsx 和 {stem}.csv，无法确定用哪一个："
                                    f"请删除或改名其中一个（或用 --{stem} 指定文件）")])
    if found:
        return found[0]
    others = sorted(f.name for f in folder.glob(f"{stem}.*")) if folder.is_dir() else []
    raise UsageError(f"没有找到 {folder / stem}.xlsx 或 .csv（也可用 --{stem} 指定文件）"
                     + (f"；文件夹中的 {'、'.join(others)} 不是这两种格式：请在 Excel 中另存为 .xlsx 或“CSV UTF-8”" if others else ""))


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


def _inputs(plan_path: Path, *files: Path) -> dict:
    """The config files, and the tables a cycle command read (roster, scores …) by their hash alone."""
    from .filing.bundle import file_digest

    inputs: dict = config_inputs(plan_path)
    for f in files:
        try:
            inputs[f.resolve().relative_to(plan_path.parent.resolve()).as_posix()] = file_digest(f)
        except ValueError:  # a file outside the client folder is named by its own name
            inputs[f.name] = file_digest(f)
    return inputs


def _run_cycle(path, cycle_id: str, roster: Path | str | None):
    """The checked plan, the cycle and its roster's candidates; None for the plan when anything is wrong."""
    result, plan, cycle = _plan_and_cycle(path, cycle_id)
    if plan is None:
        return result, None, None, [], None
    candidates, roster_path, problems = _candidates(result, plan, cycle, roster)
    return result, (None if problems else plan), cycle, candidates, roster_path


def _plan_and_cycle(path, cycle_id: str):
    """The checked plan (None when it has errors) and the cycle."""
    result, plan = checked(plan_file(path), strict=False)
    return result, plan, (None if plan is None else cycle_of(result, plan, cycle_id))


def _candidates(result: ClientResult, plan: dict, cycle: dict, roster: Path | str | None, workers=None):
    """The cycle's roster: its candidates, its path and its problems (added to the result too).
    workers: the command's worker processes, to check a long roster on every core."""
    from .cycle.roster import read_roster

    roster_path = None
    try:
        roster_path = _cycle_file(result.plan_file, cycle["id"], "roster", roster)
        candidates, problems = read_roster(roster_path, plan, cycle, workers)
    except InvalidInput as e:
        candidates, problems = [], e.problems
    result.problems += problems
    return candidates, roster_path, problems


def _verdicts(result: ClientResult, plan: dict, cycle: dict, candidates: list):
    """资格审核 of the roster as prepare does it (review.csv's decisions counted), and the files read
    for it (review.csv, when there is one); None for the verdicts when review.csv has mistakes (they
    are in the result)."""
    from .cycle.admission import REVIEW_FILE, read_decisions, review

    decisions_file = result.plan_file.parent / CYCLES_DIR / cycle["id"] / REVIEW_FILE
    read = [decisions_file] if decisions_file.is_file() else []
    try:
        decisions = read_decisions(decisions_file, candidates) if read else {}
    except InvalidInput as e:
        result.problems += e.problems
        return None, read
    # the facts are judged as they stood when registration closed
    verdicts = review(plan, candidates, cycle["registration"]["end"], decisions)
    return _not_twice(result.plan_file, cycle["id"], verdicts), read


def _not_twice(plan_path: Path, cycle_id: str, verdicts: list) -> list:
    """An applicant who already holds a valid certificate of the occupation and level (the client's
    ledger, another cycle) is 不符合 at the review, whatever else is said: found before they sit the
    assessment, not when results registers numbers."""
    import dataclasses

    from .cycle.admission import UNQUALIFIED
    from .cycle.ledger import Ledger, repeat_message

    path = ledger_file(plan_path)
    if not path.is_file() or not path.stat().st_size:
        return verdicts
    with Ledger(path, create=False) as book:
        held = {h.id_number: c for h, c in book.held_elsewhere(cycle_id, [_holder(v.candidate) for v in verdicts])}
    return [dataclasses.replace(v, verdict=UNQUALIFIED, reason=repeat_message(held[v.candidate.id_number]))
            if v.candidate.id_number in held else v for v in verdicts]


def _not_admitted_note(verdicts: list, what: str) -> list[str]:
    """A word on those the 资格审核 keeps out (不符合, or 待审核 until a reviewer decides)."""
    out = [v for v in verdicts if not v.admitted]
    return [f"资格审核不符合或待审核的 {len(out)} 人{what}（见 skillplan prepare 的资格审核表；人工审核结论写在 review.csv）："
            + "、".join(f"{v.candidate.name}（{v.verdict}）" for v in out[:10]) + ("等" if len(out) > 10 else "")] if out else []


def _cycle_folder(result: ClientResult, out_dir, cycle_id: str) -> Path:
    return output_folder(result.plan_file, out_dir, f"{result.client}_{cycle_id}")


def _write_cycle_output(result: ClientResult, out_dir, cycle_id: str, files, inputs: dict,
                        replacing: tuple[str, ...], force: bool, owned: tuple[str, ...] | None = None) -> None:
    """Into OUT/<client>_<cycle>/, keeping what the other commands wrote there (forms, results,
    certificates), hand edits of theirs included. owned: the paths this command writes, when more
    than those it replaces as a whole."""
    from .filing.bundle import write_bundle

    folder = _cycle_folder(result, out_dir, cycle_id)
    written = write_bundle(folder, files, inputs, keep_existing=True, replacing=replacing, owned=owned or replacing,
                           force=force, on_set_aside=_note_set_aside(result))
    result.files = WrittenFiles(folder, written)


def forms(path, cycle_id: str, out_dir="out", templates=None, roster=None, jobs: int | None = None,
          force: bool = False, on_progress: Callable[[int, int], None] | None = None) -> ClientResult:
    """Pre-filled 定级评价表 for a cycle's roster, one per 定级 candidate plus one print file, and the
    score entry sheet, into OUT/<client>_<cycle>/ (on_progress hears of each file written)."""
    from .core.parallel import start_early
    from .cycle.forms import FORMS_OUTPUT, forms_count, forms_documents, start_batch

    if jobs != 1:  # the forms are rendered on every core: the workers' fork server loads the renderer meanwhile
        start_early(start_batch)
    result, plan, cycle, candidates, roster_path = _run_cycle(path, cycle_id, roster)
    if plan is None:
        return result
    verdicts, reviewed = _verdicts(result, plan, cycle, candidates)
    if verdicts is None:
        return result
    admitted = [v.candidate for v in verdicts if v.admitted]  # no form, no score row, for anyone else
    files = forms_documents(plan, admitted, Path(templates) if templates else None, jobs,
                            provenance(result.plan_file))
    if on_progress:
        files = _counted(files, forms_count(admitted), on_progress)
    _write_cycle_output(result, out_dir, cycle_id, files, _inputs(result.plan_file, roster_path, *reviewed),
                        replacing=FORMS_OUTPUT, force=force)
    grading = sum(c.method == GRADING for c in admitted)
    result.notes += _not_admitted_note(verdicts, "没有评价表和评分行")
    result.notes.append(f"名册 {len(candidates)} 人，资格审核符合 {len(admitted)} 人，" + (
        f"其中定级评价 {grading} 人" if grading or not admitted else "均为晋级评价：没有定级评价表，评分录入表每人一行"))
    return result


def results(path, cycle_id: str, out_dir="out", templates=None, roster=None, scores=None,
            ledger=None, force: bool = False, on_wait: Callable[[str], None] | None = None,
            on_progress: Callable[[int, int], None] | None = None) -> ClientResult:
    """Scores → results at the plan's pass mark, certificate numbers from the ledger for those who
    pass, the filled forms, the results notice and the data sheet.

    The ledger is reconciled with this run's pass list in one transaction that commits only after the
    output is written, under the client's lock (on_wait hears when another run holds it)."""
    from .core.parallel import start_early
    from .cycle.forms import start_batch
    from .cycle.results import RESULTS_OUTPUT, scored_forms
    from .cycle.scoring import read_scores
    from .filing.bundle import keep_hand_edits

    start_early(start_batch)  # the workers' fork server loads the renderer on the other core while the plan is checked
    result, plan, cycle = _plan_and_cycle(path, cycle_id)
    if plan is None:
        return result
    templates = Path(templates) if templates else None
    # the forms are rendered on every core, each print file as soon as its people are graded: the
    # workers start before the roster is read, and check half of it
    with scored_forms(plan, templates, provenance(result.plan_file), []) as forms:
        candidates, roster_path, problems = _candidates(result, plan, cycle, roster, forms.workers)
        if problems:
            return result
        verdicts, reviewed = _verdicts(result, plan, cycle, candidates)
        if verdicts is None:
            return result
        # only the admitted are graded and certified: a score row for anyone else is refused
        candidates = [v.candidate for v in verdicts if v.admitted]
        kept_out = {v.candidate.id_number: v for v in verdicts if not v.admitted}
        not_admitted = _not_admitted_note(verdicts, "不参加认定，没有结果")
        del verdicts  # 10,000 verdicts need not outlive the review
        forms.expect(candidates)
        try:
            scores_path = _cycle_file(result.plan_file, cycle_id, "scores", scores)
            outcomes, problems = read_scores(scores_path, plan, candidates, on_graded=forms.add, kept_out=kept_out)
        except InvalidInput as e:
            outcomes, problems = [], e.problems
        if problems:
            result.problems += problems
            return result
        if not force:  # refuse before any certificate number is registered, not after
            keep_hand_edits(_cycle_folder(result, out_dir, cycle_id), force=False, owned=RESULTS_OUTPUT)
        result.notes += not_admitted + _before_assessment_ends(cycle)
        _register_and_write(result, plan, cycle, outcomes, (roster_path, scores_path, *reviewed),
                            dict(out_dir=out_dir, forms=forms, ledger=ledger, on_wait=on_wait, force=force,
                                 on_progress=on_progress))
    return result


def _register_and_write(result: ClientResult, plan: dict, cycle: dict, outcomes: list, sources: tuple,
                        options: dict) -> None:
    """Under the client's lock: reconcile the ledger and write the results; a failed first run leaves
    no empty ledger behind."""
    from .cycle.ledger import AlreadyCertified, client_lock, repeat_message

    ledger_path = ledger_file(result.plan_file, options["ledger"])
    if options["ledger"] is not None:
        _refuse_a_parallel_ledger(result.plan_file, ledger_path)
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
    if not existed:
        result.notes.append(f"新建证书台账 {ledger_path}")
    _say_what_changed(result, outcomes, change)


def _refuse_a_parallel_ledger(plan_path: Path, ledger_path: Path) -> None:
    """A --ledger path that names no ledger yet starts one from serial 000001: refused where that is
    surely a slip (its folder is missing, or the client already keeps a ledger beside its plan),
    as the new one would hand out numbers the real one already has."""
    if ledger_path.is_file() and ledger_path.stat().st_size:
        return
    if not ledger_path.parent.is_dir():
        raise UsageError(f"--ledger {ledger_path}：文件夹 {ledger_path.parent} 不存在")
    usual = ledger_file(plan_path)
    if usual.is_file() and usual.resolve() != ledger_path.resolve():
        raise UsageError(f"--ledger 指定的证书台账 {ledger_path} 不存在（或是空文件），而客户文件夹中已有证书台账 {usual}："
                         "新建一份台账会从 000001 重新取号，与已登记的编号重复。请检查路径；确要另起新台账，先把原台账移走")


def _reconciled_output(result: ClientResult, plan: dict, cycle: dict, outcomes: list, sources: tuple,
                       ledger_path: Path, options: dict):
    """The ledger's transaction spans the writing of the output: it commits only once the files are in place."""
    from .cycle.ledger import Ledger
    from .cycle.results import RESULTS_OUTPUT, result_date, results_count, results_documents
    from .filing.derive import certificate_prefix

    with Ledger(ledger_path) as book, book.transaction():
        change = book.reconcile(certificate_prefix(plan), cycle["id"], result_date(cycle), _holders(outcomes))
        numbers = {key[0]: number for key, number in change.numbers.items()}

        def files(staging: Path):  # the print files the workers wrote are moved into the bundle's staging folder
            made = results_documents(plan, cycle, outcomes, numbers, forms=options["forms"], staging=staging)
            return _counted(made, results_count(outcomes), options["on_progress"]) if options["on_progress"] else made

        _write_cycle_output(result, options["out_dir"], cycle["id"], files, _inputs(result.plan_file, *sources),
                            replacing=RESULTS_OUTPUT, force=options["force"])
    return change


def _holders(outcomes: list) -> list:
    return [_holder(o.candidate) for o in outcomes if o.passed]


def _holder(candidate):
    from .cycle.ledger import DEFAULT_ID_TYPE, Holder

    return Holder(candidate.id_number, candidate.name, candidate.occupation, candidate.level, candidate.row,
                  getattr(candidate, "id_type", DEFAULT_ID_TYPE))


def _roster_problem(roster_path: Path, row: int, message: str) -> Problem:
    from .core.tables import read_table
    from .cycle.roster import ID_ALIASES, ID_COLUMN

    return read_table(roster_path, [], aliases=ID_ALIASES).problem(row, ID_COLUMN, message)


def _say_what_changed(result: ClientResult, outcomes: list, change) -> None:
    """The run's counts (also for --format json) in one Chinese line, then each reconciled change."""
    absent = sum(o.absent for o in outcomes)
    passed = sum(o.passed for o in outcomes)
    result.counts = {"passed": passed, "failed": len(outcomes) - passed - absent, "absent": absent,
                     "new": len(change.registered), "reused": change.kept, "withdrawn": len(change.withdrawn),
                     "revoked": len(change.revoked)}
    c = result.counts
    result.notes.append(f"合格 {c['passed']} 人，不合格 {c['failed']} 人，缺考 {c['absent']} 人；"
                        f"新登记证书编号 {c['new']} 个，沿用本批已登记的编号 {c['reused']} 个，"
                        f"撤回 {c['withdrawn']} 个，已注销 {c['revoked']} 个")
    result.notes += change.lines()


def certificates(path, cycle_id: str, out_dir="out", templates=None, approved=None, draft: bool = False,
                 number: str | None = None, ledger=None, overlay: bool = False,
                 on_progress: Callable[[int, int], None] | None = None, force: bool = False) -> ClientResult:
    """Print certificates into OUT/<client>_<cycle>/: the approved list (证书/), proofs marked 样本
    (证书样本/), or one number again on a new blank after a reissue (补发证书/); with overlay only the
    values, at the plan's positions, onto pre-printed blanks (证书套打/). Printing for issue
    takes blanks from the 台账's stock; the 台账 commits only once the files are written."""
    from .core.parallel import start_early
    from .core.tables import preread
    from .cycle.certificates import start_printing
    from .cycle.ledger import Ledger, client_lock

    if [approved is not None, draft, number is not None].count(True) != 1:
        raise UsageError("请指定其一：--approved 省里确认的名单、--draft 打印样本、--number 补发的证书编号")
    if number is None:  # a batch is printed on every core: the workers' fork server loads the renderer meanwhile
        start_early(start_printing)
    if approved is not None:  # parsed on another thread while the plan is checked
        preread(Path(approved))
    plan_path = plan_file(path)
    result, plan = checked(plan_path, strict=False)
    if plan is None:
        return result
    cycle = cycle_of(result, plan, cycle_id)
    if overlay and not any((plan["certificate"].get("overlay") or {}).values()):
        raise UsageError("套打须先在 plan.yaml 的 certificate.overlay 中写明各项的位置（距纸张左上角的毫米数“横,纵”）")
    ledger_path = ledger_file(plan_path, ledger)
    if not ledger_path.is_file():
        raise UsageError(f"证书台账 {ledger_path} 不存在：请先运行 skillplan results")
    how = dict(approved=approved, draft=draft, number=number, out_dir=out_dir, overlay=overlay, on_progress=on_progress,
               templates=Path(templates) if templates else None, force=force)
    with client_lock(ledger_path, f"certificates {cycle_id}"), Ledger(ledger_path, create=False) as book, \
            book.transaction():
        _print_certificates(result, plan, cycle_id, book, how)
    if approved is not None and result.files:
        result.notes += _during_publicity(plan, cycle)
    return result


def _before_assessment_ends(cycle: dict) -> list[str]:
    """Results of a cycle whose assessment has not ended (a rehearsal, or a date typed wrong): said,
    as its numbers are registered on a 认定日期 still to come."""
    import datetime as dt

    from .cycle.results import result_date

    end = cycle["assessment"]["end"]
    return [f"注意：本批考核至 {end} 才结束；证书编号按认定日期 {result_date(cycle)} 登记"] if dt.date.today() < end else []


def _during_publicity(plan: dict, cycle: dict) -> list[str]:
    """Certificates are printed once the province has approved the results, after their 公示: a print
    before the 公示 ends is said (the example's cycle, and a consultant's rehearsal, lie ahead)."""
    import datetime as dt

    from .cycle.results import result_date

    start = result_date(cycle)
    end = start + dt.timedelta(days=plan["quality"]["result_notice_days"] - 1)
    if dt.date.today() > end:
        return []
    return [f"注意：认定结果公示期为 {start} 至 {end}，尚未结束；证书应在公示期满、省里确认证书数据之后打印发放"]


def _print_certificates(result: ClientResult, plan: dict, cycle_id: str, book, how: dict) -> None:
    import datetime as dt

    from .cycle import certificates as printing
    from .cycle import stock

    chosen, folder = _chosen_certificates(result, book, cycle_id, how["approved"], how["draft"], how["number"])
    if not result.ok or not chosen:  # a warning (the plan's, a number listed twice) prints all the same
        if result.ok:
            result.failure, result.exit_code = (f"{how['approved']} 中没有证书编号：名单须有“证书编号”列，每行一个"
                                                if how["approved"] is not None else
                                                f"认定批次 {cycle_id} 没有可打印的有效证书"), 1
        return
    photos = result.plan_file.parent / CYCLES_DIR / cycle_id / "photos"
    if not how["overlay"] or (plan["certificate"].get("overlay") or {}).get("photo"):  # an overlay may leave the photo to paste on
        album = printing.Photos(photos)
        result.problems += album.problems(chosen)
        if not result.ok:
            return
        if without := album.missing(chosen):
            result.notes.append(f"{len(without)} 份证书没有照片（{photos}{os.sep}<证件号码>.jpg），照片处留空待贴："
                                + "、".join(c.name for c in without[:10]) + ("等" if len(without) > 10 else ""))
    day = max(dt.date.today(), max(dt.date.fromisoformat(c.issued_on) for c in chosen))
    if how["overlay"] and folder == printing.PRINTED:
        folder = printing.OVERLAID
    # blanks are taken in the order the pages print, file after file: each print file has a run of them
    files_in_order = printing.print_files(chosen, folder)
    chosen = [c for _, chunk in files_in_order for c in chunk]
    blanks, fresh = ({}, set()) if how["draft"] else stock.print_marks(book, [c.number for c in chosen], day,
                                                                      how["number"] is not None)
    source, count = provenance(result.plan_file), len({(c.occupation, c.level) for c in chosen}) + len(chosen)

    def files(staging: Path):  # the workers write the files into the bundle's staging folder themselves
        made = printing.certificate_files(plan, chosen, photos, folder, how["draft"], how["templates"], blanks,
                                          how["overlay"], source, staging=staging)
        return _counted(made, count, how["on_progress"]) if how["on_progress"] else made

    inputs = (_inputs(result.plan_file, Path(how["approved"])) if how["approved"] is not None
              else config_inputs(result.plan_file))
    _write_cycle_output(result, how["out_dir"], cycle_id, files, inputs,
                        replacing=(f"{folder}/",) if how["number"] is None else (), force=how["force"],
                        owned=(f"{folder}/",))
    result.notes.append(f"已打印证书 {len(chosen)} 份" + ("（样本，不得发放）" if how["draft"] else ""))
    result.notes += _blank_notes(files_in_order, blanks, fresh)
    if any(not blanks[n] for n in fresh):
        result.notes.append(f"台账中没有足够的空白证书库存：{sum(not blanks[n] for n in fresh)} 份的印制记录不含印制流水码"
                            "（可用 skillplan ledger stock --receive 登记入库）")


def _blank_notes(files_in_order: list, blanks: dict[str, str], fresh: set[str]) -> list[str]:
    """What the operator loads into the printer for each file: the new blanks it takes, in order. A
    certificate printed before keeps its blank (a re-run records no new print): said as such, so
    nobody loads blanks already used."""
    from .cycle.certificates import blank_ranges

    notes, again = [], []
    if not blanks:  # proofs take no blanks
        return notes
    for name, chunk in files_in_order:
        if serials := [blanks[c.number] for c in chunk if c.number in fresh and blanks[c.number]]:
            notes.append(f"{name}：空白证书 {blank_ranges(serials)}（{len(serials)} 张）")
        again += [c.number for c in chunk if c.number not in fresh]
    if again:
        used = [blanks[n] for n in again if blanks[n]]
        notes.append(f"其中 {len(again)} 份此前已印制" + (f"（空白证书 {blank_ranges(used)}）" if used else "")
                     + "，本次没有记入台账，也没有取用新的空白证书；印坏须重印的，先 skillplan ledger destroy 销毁原流水码，"
                     "再 certificates --number 重印")
    return notes


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


def _staff_posts(result: ClientResult, plan: dict, cycle_id: str, sessions,
                 given: Path | str | None = None) -> tuple[Path | None, list | None]:
    """The staff list (the file given, else the cycle's; None when it has none) and its posts filled by
    the solver; posts is None when the list has mistakes or cannot staff every room (the problems are
    in the result then)."""
    from .core.terms import display_name
    from .cycle.assignment import assign, posts_of, shortfall_problems
    from .cycle.scoring import raters
    from .cycle.staff import STAFF_STEM, read_staff

    folder = result.plan_file.parent / CYCLES_DIR / cycle_id
    if given is None and not any((folder / f"{STAFF_STEM}{x}").is_file() for x in (".xlsx", ".csv")):
        return None, []
    path = None
    try:  # staff.xlsx beside staff.csv is refused as the roster's pair is
        path = _cycle_file(result.plan_file, cycle_id, STAFF_STEM, given)
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


def prepare(path, cycle_id: str, out_dir="out", templates=None, roster=None, force: bool = False,
            staff=None) -> ClientResult:
    """The exam-day pack: 资格审核 of every applicant (review.csv decisions count), sessions and seats
    for the admitted, and their tickets, sign-in sheets, badges and irregularity records; with a staff
    list (the file given, else the cycle's staff.xlsx or .csv) who works where, and their badges."""
    from .cycle.admission import PENDING, UNQUALIFIED
    from .cycle.exam_day import PREPARE_OUTPUT, prepare_documents
    from .cycle.seating import seat_everyone, ticket_numbers

    result, plan, cycle, candidates, roster_path = _run_cycle(path, cycle_id, roster)
    if plan is None:
        return result
    verdicts, reviewed = _verdicts(result, plan, cycle, candidates)
    if verdicts is None:
        return result
    when = cycle["registration"]["end"]
    admitted = [v.candidate for v in verdicts if v.admitted]
    sessions, places = seat_everyone(plan, cycle, admitted)
    result.problems += [Problem(str(result.plan_file), 0, 0, "", f"场次{s.number}（{s.title}）与场次{other}同时在同一地点，"
                                f"都安排在“{room}”：两批考生同用一个考场、座位号重复；请在批次的 offerings 中为其一写明别的考场")
                        for s in sessions for room, other in s.clashes]
    if not result.ok:
        return result
    tickets = ticket_numbers(cycle, admitted, places)
    staff_path, posts = _staff_posts(result, plan, cycle_id, sessions, staff)
    if posts is None:
        return result
    templates = Path(templates) if templates else None
    source = provenance(result.plan_file)
    files = list(prepare_documents(plan, cycle, verdicts, sessions, places, tickets, when, templates, source))
    if staff_path:
        from .cycle.exam_day import staff_documents

        files += staff_documents(plan, cycle, posts, templates, source)
    inputs = [roster_path, *reviewed] + ([staff_path] if staff_path else [])
    _write_cycle_output(result, out_dir, cycle_id, files, _inputs(result.plan_file, *inputs), replacing=PREPARE_OUTPUT,
                        force=force)
    result.notes += [f"{v.verdict}：{v.candidate.name}（名册第 {v.candidate.row} 行，{v.candidate.occupation}"
                     f"{v.candidate.level}级）{v.reason}" for v in verdicts if v.verdict in (UNQUALIFIED, PENDING)]
    result.notes += [f"场次{s.number}（{s.title}）原定考场已满，已增设{'、'.join(s.opened)}，请落实场地"
                     for s in sessions if s.opened]
    result.notes += _empty_offerings(plan, cycle, sessions)
    result.notes.append(f"考评人员安排：{len({p.name for post in posts for p in post.filled})} 人上岗，"
                        f"{len({(post.session.number, post.room) for post in posts})} 个考场" if staff_path else
                        f"未提供考评人员名单（{CYCLES_DIR}/{cycle_id}/staff.csv 或 .xlsx，或用 --staff 指定），未生成考评人员安排和工作证")
    counts = {k: sum(v.verdict == k for v in verdicts) for k in ("符合", UNQUALIFIED, PENDING)}
    result.notes.append(f"名册 {len(verdicts)} 人：符合 {counts['符合']} 人（已发准考证），不符合 {counts[UNQUALIFIED]} 人，"
                        f"待审核 {counts[PENDING]} 人；{sum(1 for s in sessions if s.seats)} 个场次")
    return result


def _empty_offerings(plan: dict, cycle: dict, sessions) -> list[str]:
    """An announced offering nobody was seated at: a group's branch announced as a place of assessment
    whose staff all went to the head office (its roster names no 工作单位), or nobody applied."""
    from .core.terms import level_range
    from .filing.derive import units_of

    seated = {s.offering for s in sessions if s.seats}
    # the 工作单位 hint only where the trade's applicants were seated elsewhere (not where nobody was admitted)
    elsewhere = {(cycle["offerings"][s.offering]["trade"], lv) for s in sessions if s.seats for lv in s.levels}
    hint = "（集团的申报人员可在名册的“工作单位”列写明所在的分公司、子公司，安排到其所在地的认定项目）" if units_of(plan) else ""
    return [f"认定项目“{o['trade']}{level_range(sorted(o['levels']))}”（{o['date']}，{o['address']}）没有考生"
            + (hint if any((o["trade"], lv) in elsewhere for lv in o["levels"]) else "")
            for i, o in enumerate(cycle["offerings"]) if i not in seated]


# ---- revisions: what changed since the last build ------------------------------------------------

def diff(path, out_dir="out", templates=None):
    """What the client's current config would build against its last build in OUT/<client>/: the
    changed sentences per document, and 修订 copies in OUT/修订/<client>/ (outside the bundle, so a
    build neither ships nor wipes them). Renders in memory; the build itself is not touched."""
    from .filing.bundle import safe_name
    from .filing.documents import client_documents
    from .filing.revisions import REVISIONS_DIR, compare_builds

    result, plan = checked(path, strict=False)
    folder = Path(out_dir) / safe_name(result.client)
    if safe_name(result.client) == REVISIONS_DIR:
        raise UsageError(f"客户文件夹名“{REVISIONS_DIR}”与修订稿文件夹同名，修订稿会写进该客户的输出：请改用其他文件夹名")
    if not folder.is_dir():
        raise UsageError(f"没有找到 {result.client} 上次生成的文件（{folder}）：请先运行 skillplan build "
                         f"{path} -o {out_dir}，修改 plan.yaml 后再用 skillplan diff 查看改动")
    if plan is None:
        raise InvalidInput([p for p in result.problems if p.severity == "error"])
    current = client_documents(plan, Path(templates) if templates else None, source=provenance(result.plan_file))
    return compare_builds(folder, current, Path(out_dir) / REVISIONS_DIR / safe_name(result.client))


def diff_files(old, new, out=None):
    """Any two versions of a Word document (say the built one and a colleague's edit): the changed
    sentences, and a 修订 copy of the new one at out (default: beside it, named …（修订）.docx)."""
    from .filing.revisions import compare_files

    return compare_files(Path(old), Path(new), Path(out) if out else None)
