"""check and build: clients found on the command line, their plans checked, their filings
rendered and bundled; what happened to each client (ClientResult), as every command reports it."""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..core.errors import InvalidInput, Problem, SkillplanError, UsageError
from ..plan.load import load
from ..plan.validate import validate

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
        """No failure and no error among the problems (warnings allowed)."""
        return not self.failure and not any(p.severity == "error" for p in self.problems)

    def file_texts(self) -> list[str]:
        """The paths of the files written, as text."""
        return file_texts(self.files)

    def as_dict(self) -> dict:
        """The result as --format json reports it."""
        return {"client": self.client, "file": str(self.plan_file), "valid": self.ok,
                "problems": [p.as_dict() for p in self.problems], "failure": self.failure or None,
                "files": file_texts(self.files), **({"counts": self.counts} if self.counts else {})}


def plan_file(path: Path | str) -> Path:
    """A client is a folder holding plan.yaml; the plan file itself is accepted too."""
    path = Path(path)
    if not path.exists():
        raise UsageError(f"{path} 不存在。")
    if why := not_a_client(path):
        raise UsageError(f"{path} {why}。")
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
            raise UsageError(f"{path} 不存在。")
        if why := not_a_client(path):
            skipped.append((path, why))
        else:
            plans.append(plan_file(path))
    if not plans:
        raise UsageError("没有可处理的客户：" + "；".join(f"{p} {why}" for p, why in skipped) + "。")
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
    return result, (None if broken or any(p.severity == "error" for p in issued) else plan)


def _prefix_problems(plan_path: Path, plan: dict, source) -> list[Problem]:
    """Once the client's ledger holds numbers, the plan keys their prefix comes from cannot change."""
    from ..cycle.ledger import FILE, issued_prefixes, prefix_changes
    from ..plan.facts import certificate_prefix

    if plan_path.name != PLAN_FILE:
        return []
    current = certificate_prefix(plan)
    try:
        issued = issued_prefixes(plan_path.parent / FILE)
    except SkillplanError as e:  # the cycle commands refuse it; the filing may still be built
        return [Problem(str(plan_path.parent / FILE), 0, 0, "", str(e), "warning")]
    return [source.problem(key, message) for prefix in issued for key, message in prefix_changes(prefix, current)]


def check(paths: list[Path | str], strict: bool = False) -> list[ClientResult]:
    """Validate clients without rendering anything (and without importing the rendering stack)."""
    results = []
    for path in find_clients(paths)[0]:
        result, plan = checked(path, strict)
        results.append(_calendar_said(result, plan))
    return results


def _calendar_said(result: ClientResult, plan: dict | None, cycle_id: str | None = None) -> ClientResult:
    """check's and build's word on a cycle's working days counted without a year's official holidays."""
    from ..plan.rules import guessed_calendars

    if plan is not None:
        result.notes += guessed_calendars(plan, cycle_id)
    return result


def build(paths: list[Path | str], out_dir: Path | str = "out", templates: Path | str | None = None,
          strict: bool = False, cycle: str | None = None, pdf: bool = False, jobs: int | None = None,
          on_done: Callable[[ClientResult], None] | None = None, force: bool = False) -> list[ClientResult]:
    """Validate and render each client into out_dir/<client>/ and out_dir/<client>.zip.

    Invalid clients are reported, not built; the valid ones are built all the same. Several
    clients are built in parallel on the machine's cores; on_done hears of each as it finishes.
    With cycle, only that cycle's announcement is rendered and the client's other files are kept.
    A client whose output was edited by hand is not rebuilt unless force (see bundle.keep_hand_edits)."""
    from ..output.bundle import safe_name

    if pdf:  # no LibreOffice is said before any work, not after the documents are rendered
        from ..core.pdf import soffice

        soffice()
    plans = find_clients(paths)[0]  # usage errors (a missing path) before any work starts
    plans = list({p.resolve(): p for p in reversed(plans)}.values())[::-1]  # one client named twice is built once
    # two clients whose output folders would be one (a:b and a_b are both out/a_b)
    names = [safe_name(client_name(p)) for p in plans]
    if len(set(names)) < len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        raise UsageError(f"多个客户的输出文件夹同名（{'、'.join(twice)}），输出会互相覆盖：请分开构建或改用不同的文件夹名。")
    task = partial(build_client, options=BuildOptions(Path(out_dir), Path(templates) if templates else None,
                                                      strict, cycle, pdf, force))
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


@dataclass(frozen=True)
class BuildOptions:
    """How a build runs: where to, with which templates, how strictly, which cycle only, with PDFs,
    over hand edits."""

    out_dir: Path = Path("out")
    templates: Path | None = None
    strict: bool = False
    cycle: str | None = None
    pdf: bool = False
    force: bool = False


def build_client(plan_path: Path, options: BuildOptions) -> ClientResult:
    """One client, start to finish; any failure is kept in the result so the other clients go on."""
    from ..filing.documents import client_documents
    from ..output.bundle import write_bundle

    result, plan = checked(plan_path, options.strict)
    if plan is None:
        return result
    _calendar_said(result, plan, options.cycle)
    try:
        if options.cycle is not None:
            cycle_of(result, plan, options.cycle)
        folder = output_folder(plan_path, options.out_dir, result.client)
        files = client_documents(plan, options.templates, options.cycle, provenance(plan_path))
        written = write_bundle(folder, files, config_inputs(plan_path), keep_existing=options.cycle is not None,
                               pdf=options.pdf, force=options.force, on_set_aside=note_set_aside(result))
        result.files = WrittenFiles(folder, written)
    except SkillplanError as e:
        result.failure, result.exit_code = str(e), e.exit_code
    return result


def cycle_of(result: ClientResult, plan: dict, cycle_id: str) -> dict:
    """The plan's cycle with this id; a usage error naming the ids there are otherwise."""
    for cycle in plan["cycles"]:
        if cycle["id"] == cycle_id:
            return cycle
    ids = "、".join(c["id"] for c in plan["cycles"]) or "无"
    raise UsageError(f"{result.client} 没有 id 为“{cycle_id}”的认定批次（已有：{ids}）。")


def output_folder(plan_path: Path, out_dir: Path | str, name: str) -> Path:
    """OUT/<name>/, refused where a build would replace what it must not: the client's own files
    (-o naming the folder that holds the client), or the folder of hand-edited files (a client named 手改)."""
    from ..output.bundle import HAND_EDITS, safe_name

    folder = Path(out_dir) / safe_name(name)
    if folder.name == HAND_EDITS:
        raise UsageError(f"客户文件夹名“{HAND_EDITS}”与存放手改文件的文件夹 {folder} 同名：请改用其他文件夹名。")
    if plan_path.resolve().is_relative_to(folder.resolve()):
        raise UsageError(f"输出文件夹 {folder} 包含客户的方案 {plan_path}：生成时会替换整个输出文件夹，请用 -o 指定另一个文件夹。")
    return folder


def note_set_aside(result: ClientResult) -> Callable[[str, Path], None]:
    """Tell the consultant where --force put each hand-edited file."""
    return lambda rel, moved_to: result.notes.append(f"手改过的 {rel} 已移到 {moved_to}")


def provenance(plan_path: Path):
    """What every document of this client embeds: its plan and cycle files (never a roster or scores)."""
    from ..output.provenance import Provenance, source_files

    return Provenance(source_files(config_inputs(plan_path), plan_path.name))


def config_inputs(plan_path: Path) -> dict[str, bytes]:
    """The client's config files by path inside the client folder, for the manifest's config hash."""
    files = [plan_path, *cycle_files(plan_path)]
    return {f.relative_to(plan_path.parent).as_posix(): f.read_bytes() for f in files}
