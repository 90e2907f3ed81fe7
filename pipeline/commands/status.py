"""`skillplan status`: where every client stands — its filing (checks or not, built or not, changed
since the build) and each cycle's stage, next date and next step (cycle/stages.py), from the plans,
the outputs in OUT/ and the 台账 (read-only); with a calendar of every date (.ics) and a one-page
timeline (.html). Nothing is rendered: the plan is checked, the ledger read, a few files looked at."""
from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..core import clock
from ..core.errors import SkillplanError, UsageError
from ..output.bundle import write_whole
from .clients import CYCLES_DIR, PLAN_FILE, checked, config_inputs, find_clients, plan_file
from .cycle_folder import ledger_file


@dataclass(frozen=True)
class Filing:
    """The client's filing: errors and warnings of its check, whether OUT/<client>/ was built, and
    whether the plan or a cycle file changed since (the manifest's config hash)."""

    errors: int
    warnings: int
    built: bool
    changed: bool
    folder: Path

    @property
    def valid(self) -> bool:
        """The plan checks (warnings allowed)."""
        return not self.errors

    @property
    def current(self) -> bool:
        """Built from the plan as it stands."""
        return self.valid and self.built and not self.changed

    def words(self) -> str:
        """备案：通过，已生成 / 已改动，需重新生成 / 3 个错误 …"""
        if not self.valid:
            return f"备案：{self.errors} 个错误"
        said = "通过" + (f"（{self.warnings} 个警告）" if self.warnings else "")
        return f"备案：{said}，" + ("未生成" if not self.built else "已改动，需重新生成" if self.changed else "已生成")

    def as_dict(self) -> dict:
        """The filing as `status --format json` gives it."""
        return {"valid": self.valid, "errors": self.errors, "warnings": self.warnings, "built": self.built,
                "changed": self.changed, "folder": str(self.folder)}


@dataclass
class ClientStatus:
    """One client: its filing, each cycle's status (cycle/stages.CycleStatus), its 台账 (the file, or
    why it cannot be read), the command to run for the filing, and notes (a year's calendar not known)."""

    client: str
    plan_file: Path
    filing: Filing
    cycles: list = field(default_factory=list)
    ledger: Path | None = None
    ledger_error: str = ""
    command: str | None = None
    notes: list[str] = field(default_factory=list)
    plan: dict | None = field(default=None, repr=False)  # the checked plan (the calendar's sessions)
    company: str = ""

    def as_dict(self) -> dict:
        """The client as `status --format json` gives it (docs/status.md)."""
        return {"client": self.client, "plan": str(self.plan_file), "company": self.company,
                "filing": self.filing.as_dict(), "command": self.command,
                "ledger": {"path": str(self.ledger) if self.ledger else None, "error": self.ledger_error or None},
                "cycles": [c.as_dict() for c in self.cycles], "notes": self.notes}


@dataclass
class Portfolio:
    """Every client's status on a day, the paths skipped (not clients), and the files written (.ics, .html)."""

    on: dt.date
    out_dir: Path
    clients: list[ClientStatus]
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    def as_dict(self) -> dict:
        """The whole report as `status --format json` gives it (docs/status.md)."""
        return {"date": str(self.on), "out": str(self.out_dir), "clients": [c.as_dict() for c in self.clients],
                "skipped": [{"path": str(p), "reason": why} for p, why in self.skipped],
                "written": [str(p) for p in self.written]}


def status(paths: Iterable[Path | str] = (), out_dir: Path | str = "out", on: dt.date | None = None,
           ics: Path | str | None = None, html: Path | str | None = None) -> Portfolio:
    """Where each client stands on the day `on` (today): clients as build takes them, or with none
    every subfolder of the current folder that holds a plan; their bundles and cycle outputs are
    looked up in out_dir. ics, html: also write the calendar and the timeline there."""
    from ..cycle.stages import Invocation

    on = on or clock.today()
    out_dir = Path(out_dir)
    plans, skipped = _clients(list(paths))
    out = None if out_dir == Path("out") else str(out_dir)
    found = Portfolio(on, out_dir, _each(plans, out_dir, on, [Invocation(named, out) for _, named in plans]), skipped)
    for target, write in ((ics, write_calendar), (html, write_timeline)):
        if target is not None:
            found.written.append(write(found, Path(target)))
    return found


def _clients(paths: list[Path | str]) -> tuple[list[tuple[Path, str]], list[tuple[Path, str]]]:
    """(plan file, the client as named on the command line) of each client, once, and the paths skipped."""
    if paths:
        plans, skipped = find_clients(paths)
    else:
        here = sorted(entry.name for entry in os.scandir(".") if entry.is_dir() and not entry.name.startswith("."))
        plans, skipped = [plan_file(name) for name in here if (Path(name) / PLAN_FILE).is_file()], []
        if not plans:
            raise UsageError(f"当前文件夹 {Path.cwd()} 中没有客户（含 {PLAN_FILE} 的子文件夹）：请给出客户，"
                             "如 skillplan status clients/*。")
    once = {p.resolve(): p for p in reversed(plans)}
    return [(p, str(p.parent) if p.name == PLAN_FILE else str(p)) for p in reversed(once.values())], skipped


PARALLEL_FROM = 16  # clients checked on every core from this many on (about 15 ms each; a pool takes 30 ms to start)


def _each(plans: list[tuple[Path, str]], out_dir: Path, on: dt.date, named: list) -> list[ClientStatus]:
    """Each client's status, in order: on every core for a long list (checking the plans is nearly
    all of status's time), in this process for a short one."""
    jobs = min(os.cpu_count() or 1, len(plans) // (PARALLEL_FROM // 2))
    if len(plans) < PARALLEL_FROM or jobs < 2:
        return [client_status(p, out_dir, on, how) for (p, _), how in zip(plans, named)]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(jobs) as pool:
        return list(pool.map(client_status, [p for p, _ in plans], [out_dir] * len(plans), [on] * len(plans), named,
                             chunksize=-(-len(plans) // jobs)))


def client_status(plan_path: Path, out_dir: Path, on: dt.date, how) -> ClientStatus:
    """One client's filing, 台账 and cycles (how: cycle/stages.Invocation, the client as named)."""
    from ..cycle.stages import cycle_status
    from ..output.bundle import config_digest, recorded_config, safe_name
    from ..plan.dates import calendar_notes

    result, plan = checked(plan_path, strict=False)
    errors = sum(p.severity == "error" for p in result.problems)
    folder = out_dir / safe_name(result.client)
    recorded = recorded_config(folder)
    changed = recorded is not None and recorded != config_digest(config_inputs(plan_path))
    filing = Filing(errors, len(result.problems) - errors, recorded is not None, changed, folder)
    found = ClientStatus(result.client, plan_path, filing, plan=plan,
                         company=plan["company"]["name"] if plan else "")
    found.command = how.command("check", "") if errors else None if filing.current else how.command("build", "")
    if plan is None:
        return found
    progress = _progress(found, ledger_file(plan_path))
    for cycle in plan["cycles"]:
        facts = (_outputs(plan_path, out_dir, result.client, cycle["id"]),
                 None if progress is None else progress.get(cycle["id"], _empty()))
        found.cycles.append(cycle_status(plan, cycle, facts, on, how, filing.current))
        found.notes += [n for n in calendar_notes(plan, cycle) if n not in found.notes]
    return found


def _empty():
    from ..cycle.ledger import CycleProgress

    return CycleProgress()


def _progress(found: ClientStatus, path: Path) -> dict | None:
    """Each cycle's progress in the client's 台账, read-only; None when there is none, or it cannot
    be read (why is kept on the client's line, and the other clients go on)."""
    from ..cycle.ledger import Ledger

    if not path.exists():
        return None
    found.ledger = path
    try:
        with Ledger(path, read_only=True) as book:
            return book.progress()
    except SkillplanError as e:
        found.ledger_error = str(e)
        return None


def _outputs(plan_path: Path, out_dir: Path, client: str, cycle_id: str):
    """What the cycle commands left: the roster and scores beside the plan (any case, .xlsx or .csv),
    the seating, the score sheet and the results in OUT/<client>_<cycle>/."""
    from ..cycle.stages import RESULT_FILES, SCORE_SHEET, SEATING_FILE, Outputs
    from ..output.bundle import safe_name

    try:
        given = {name.casefold() for name in os.listdir(plan_path.parent / CYCLES_DIR / cycle_id)}
    except OSError:
        given = set()
    folder = out_dir / safe_name(f"{client}_{cycle_id}")
    written = [_modified(folder / name) for name in RESULT_FILES]
    results = all(written)
    return Outputs(roster=bool(given & {"roster.xlsx", "roster.csv"}), scores=bool(given & {"scores.xlsx", "scores.csv"}),
                   prepared=(folder / SEATING_FILE).is_file(), forms=(folder / SCORE_SHEET).is_file(), results=results,
                   results_written=max(written) if results else "")


def _modified(path: Path) -> str:
    """When a file was last written, in UTC to the millisecond as the 台账 records events (`recorded`), so
    the two compare as text; "" when it is no file."""
    try:
        found = path.stat()
    except OSError:
        return ""
    if not stat.S_ISREG(found.st_mode):
        return ""
    return dt.datetime.fromtimestamp(found.st_mtime, dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")[:23]


def write_calendar(found: Portfolio, path: Path) -> Path:
    """Every date of every client's cycles as an .ics file (output/calendar.py)."""
    from ..cycle.agenda import calendar_events
    from ..output.calendar import calendar_bytes

    events = [event for c in found.clients if c.plan is not None
              for cycle, s in zip(c.plan["cycles"], c.cycles) for event in calendar_events(c.client, c.plan, cycle, s)]
    return write_whole(path, calendar_bytes(events, found.on, "职业技能等级认定"))


def write_timeline(found: Portfolio, path: Path) -> Path:
    """The one-page timeline of every client (output/timeline.py)."""
    from ..cycle.agenda import timeline_lane
    from ..output.timeline import Chart, timeline_page

    charts = []
    for c in found.clients:
        lines = [c.filing.words() + (f"，运行 {c.command}" if c.command else "")]
        lines += [f"台账：{c.ledger_error}"] if c.ledger_error else []
        warnings = tuple((f"{s.cycle_id} {s.warning_words(w)}", w.overdue(found.on)) for s in c.cycles for w in s.warnings)
        charts.append(Chart(c.client, c.company, tuple(lines), tuple(timeline_lane(s) for s in c.cycles), warnings))
    return write_whole(path, timeline_page(charts, found.on, "企业职业技能等级认定进度"))



