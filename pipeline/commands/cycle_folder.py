"""What the cycle commands share: a cycle's input folder (roster, scores, review.csv …, found in any
case), its checked plan and roster, the 资格审核 every command applies alike, and its output folder
OUT/<client>_<cycle>/, which several commands write in turn, each keeping the others' files."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import InvalidInput, Problem, UsageError
from .clients import (
    CYCLES_DIR,
    ClientResult,
    WrittenFiles,
    checked,
    config_inputs,
    cycle_of,
    note_set_aside,
    output_folder,
    plan_file,
)


@dataclass(frozen=True)
class CycleRun:
    """What every cycle command is asked: the client and cycle, where to write, with which templates,
    whether to move hand edits aside, and whom to tell of progress (files written of how many)."""

    client: Path | str
    cycle_id: str
    out_dir: Path = Path("out")
    templates: Path | None = None
    force: bool = False
    on_progress: Callable[[int, int], None] | None = None


def cycle_run(client, cycle_id: str, out_dir="out", templates=None, force: bool = False,
              on_progress: Callable[[int, int], None] | None = None) -> CycleRun:
    """A CycleRun from the loosely typed arguments the library functions take (str or Path, None)."""
    return CycleRun(client, cycle_id, Path(out_dir), Path(templates) if templates else None, force, on_progress)


def cycle_file(plan_path: Path, cycle_id: str, stem: str, given: Path | str | None,
               optional: bool = False) -> Path | None:
    """A cycle's roster, scores or staff list: the file given, else <client>/cycles/<id>/<stem>.xlsx or
    .csv in any case; two of them (roster.xlsx beside Roster.csv) are refused, as which one HR meant
    is a guess. optional: None when there is none (the staff list), instead of a usage error."""
    if given is not None:
        if not Path(given).is_file():
            raise UsageError(f"{given} 不存在。")
        return Path(given)
    folder = plan_path.parent / CYCLES_DIR / cycle_id
    try:
        names = sorted(os.listdir(folder), key=lambda n: (not n.casefold().endswith(".xlsx"), n))
    except OSError:
        names = []
    found = [folder / n for n in names if n.casefold() in (f"{stem}.xlsx", f"{stem}.csv") and (folder / n).is_file()]
    if len(found) > 1:
        listed = "、".join(f.name for f in found[:-1]) + f" 和 {found[-1].name}"
        raise InvalidInput([Problem(str(folder), 0, 0, "", f"同时有 {listed}，无法确定用哪一个："
                                    f"请删除或改名{'其中一个' if len(found) == 2 else '多余的'}（或用 --{stem} 指定文件）")])
    if found or optional:
        return found[0] if found else None
    others = [n for n in names if n.casefold().startswith(f"{stem}.")]
    # named right but no regular file (a folder, a dangling link, a pipe): said as what it is
    odd = [n for n in others if n.casefold() in (f"{stem}.xlsx", f"{stem}.csv")]
    others = [n for n in others if n not in odd]
    raise UsageError(f"没有找到 {folder / stem}.xlsx 或 .csv（也可用 --{stem} 指定文件）"
                     + (f"；文件夹中的 {'、'.join(odd)} 不是普通文件（是文件夹、失效的链接或管道）" if odd else "")
                     + (f"；文件夹中的 {'、'.join(others)} 不是这两种格式：请在 Excel 中另存为 .xlsx 或“CSV UTF-8”" if others else "") + "。")


def ledger_file(plan_path: Path, given: Path | str | None = None) -> Path:
    """The certificate ledger: the file given, else certificates.sqlite beside plan.yaml."""
    from ..cycle.ledger import FILE

    return Path(given) if given else plan_path.parent / FILE


def inputs(plan_path: Path, *files: Path) -> dict:
    """The config files, and the tables a cycle command read (roster, scores …) by their hash alone."""
    from ..output.bundle import file_digest

    found: dict = config_inputs(plan_path)
    for f in files:
        try:
            found[f.resolve().relative_to(plan_path.parent.resolve()).as_posix()] = file_digest(f)
        except ValueError:  # a file outside the client folder is named by its own name
            found[f.name] = file_digest(f)
    return found


def plan_and_cycle(run: CycleRun) -> tuple[ClientResult, dict | None, dict | None]:
    """The checked plan (None when it has errors) and the cycle."""
    result, plan = checked(plan_file(run.client), strict=False)
    return result, plan, (None if plan is None else cycle_of(result, plan, run.cycle_id))


def candidates(result: ClientResult, plan: dict, cycle: dict, roster: Path | str | None, workers=None):
    """The cycle's roster: its candidates, its path and its problems (added to the result too).
    workers: the command's worker processes, to check a long roster on every core."""
    from ..cycle.roster import read_roster

    roster_path = None
    try:
        roster_path = cycle_file(result.plan_file, cycle["id"], "roster", roster)
        found, problems = read_roster(roster_path, plan, cycle, workers)
    except InvalidInput as e:
        found, problems = [], e.problems
    result.problems += problems
    return found, roster_path, problems


def roster_and_plan(run: CycleRun, roster: Path | str | None):
    """The checked plan, the cycle and its roster's candidates; None for the plan when anything is wrong."""
    result, plan, cycle = plan_and_cycle(run)
    if plan is None:
        return result, None, None, [], None
    found, roster_path, problems = candidates(result, plan, cycle, roster)
    return result, (None if problems else plan), cycle, found, roster_path


def verdicts(result: ClientResult, plan: dict, cycle: dict, found: list):
    """资格审核 of the roster as every command applies it (review.csv's decisions, the ledger's
    repeat applicants and 同一年度一人一证 counted), and the files read for it (review.csv, when there is one); None for
    the verdicts when review.csv has mistakes (they are in the result)."""
    from ..cycle.admission import REVIEW_FILE, read_decisions, refuse_repeats, review
    from ..plan.dates import issue_date

    decisions_file = result.plan_file.parent / CYCLES_DIR / cycle["id"] / REVIEW_FILE
    read = [decisions_file] if decisions_file.is_file() else []
    try:
        decisions = read_decisions(decisions_file, found) if read else {}
    except InvalidInput as e:
        result.problems += e.problems
        return None, read
    # the facts are judged as they stood when registration closed
    judged = review(plan, found, cycle["registration"]["end"], decisions)
    return refuse_repeats(ledger_file(result.plan_file), result.plan_file.parent, cycle["id"], judged,
                          issue_date(plan, cycle).year), read


def cycle_folder(result: ClientResult, out_dir: Path, cycle_id: str) -> Path:
    """OUT/<client>_<cycle>/."""
    return output_folder(result.plan_file, out_dir, f"{result.client}_{cycle_id}")


def cycle_bundle(result: ClientResult, run: CycleRun, found_inputs: dict, replacing: tuple[str, ...],
                 owned: tuple[str, ...] | None = None, ledger: bool = False):
    """OUT/<client>_<cycle>/ as a Bundle, keeping what the other commands wrote there (forms, results,
    certificates), hand edits of theirs included. owned: the paths this command writes, when more
    than those it replaces as a whole. ledger: the command commits the ledger between staging and the
    swap (a swap that fails then says a re-run writes the same files)."""
    from ..output.bundle import Bundle

    hint = "；证书台账已记下本次结果，重新运行同一命令即可写出同样的文件" if ledger else ""
    return Bundle(cycle_folder(result, run.out_dir, run.cycle_id), found_inputs, keep_existing=True,
                  replacing=replacing, owned=owned or replacing, force=run.force, on_set_aside=note_set_aside(result),
                  after_commit=hint)


def write_cycle_output(result: ClientResult, run: CycleRun, files, found_inputs: dict,
                       replacing: tuple[str, ...]) -> None:
    """Into OUT/<client>_<cycle>/ at once, for the commands that change no ledger (prepare, forms)."""
    with cycle_bundle(result, run, found_inputs, replacing) as out:
        out.stage(counted(files, run.on_progress))
    result.files = WrittenFiles(out.final, out.names)


def counted(files: Iterable, on_progress: Callable[[int, int], None] | None, total: int | None = None):
    """The files as they come, telling on_progress how many of the total are done (the files as they
    are without on_progress). files may be a function of the staging folder, as Bundle.stage takes."""
    if on_progress is None:
        return files
    if callable(files):
        return lambda staging: counted(files(staging), on_progress, total)
    return _counting(files, total, on_progress)


def _counting(files: Iterable, total: int | None, on_progress: Callable[[int, int], None]) -> Iterator:
    for done, item in enumerate(files, 1):
        yield item
        on_progress(done, total or done)
