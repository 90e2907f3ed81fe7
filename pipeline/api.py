"""The library API that the CLI and the tests call: check and build clients."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import InvalidInput, Problem, UsageError
from .load import load
from .validate import validate

PLAN_FILE = "plan.yaml"
CYCLES_DIR = "cycles"


@dataclass
class ClientResult:
    """What happened to one client: its problems (errors and warnings) and the files written."""

    client: str
    plan_file: Path
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def as_dict(self) -> dict:
        return {"client": self.client, "file": str(self.plan_file), "valid": self.ok,
                "problems": [p.as_dict() for p in self.problems], "files": [str(f) for f in self.files]}


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


def _checked(path: Path | str, strict: bool) -> tuple[ClientResult, dict | None]:
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
    return [_checked(p, strict)[0] for p in paths]


def build(paths: list[Path | str], out_dir: Path | str = "out", templates: Path | str | None = None,
          strict: bool = False, cycle: str | None = None) -> list[ClientResult]:
    """Validate and render each client into out_dir/<client>/; invalid clients are reported, not built.

    With cycle, only that cycle's announcement is rendered and the client's other files are kept."""
    from .bundle import safe_name, write_folder
    from .documents import client_documents

    results = []
    for path in paths:
        result, plan = _checked(path, strict)
        if plan is not None:
            if cycle is not None and cycle not in (ids := [c["id"] for c in plan["cycles"]]):
                raise UsageError(f"{result.client} 没有 id 为“{cycle}”的认定批次（已有：{'、'.join(ids) or '无'}）")
            files = client_documents(plan, Path(templates) if templates else None, cycle)
            folder = write_folder(Path(out_dir) / safe_name(result.client), files, keep_existing=cycle is not None)
            result.files = [folder / rel for rel in sorted(files)]
        results.append(result)
    return results
