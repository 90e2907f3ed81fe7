"""`skillplan certificates`: print the certificates the province approved (证书/), proofs marked 样本
(证书样本/), one number again after a 补发 (补发证书/), or only the values onto pre-printed blanks
(套打, 证书套打/). Printing for issue takes blanks from the 台账's stock; the files are staged, the
prints recorded, then the files swapped in."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from ..core import clock
from ..core.errors import UsageError
from .clients import (
    CYCLES_DIR,
    ClientResult,
    WrittenFiles,
    checked,
    config_inputs,
    cycle_of,
    plan_file,
    provenance,
)
from .cycle_folder import CycleRun, counted, cycle_bundle, cycle_run, inputs, ledger_file


@dataclass(frozen=True)
class Printing:
    """What is printed: the approved list, the proofs, or one number again; on blanks that carry
    everything but the values (overlay); the 发证日期 given for the certificates printed now."""

    approved: Path | None = None
    draft: bool = False
    number: str | None = None
    overlay: bool = False
    issue_date: dt.date | None = None


def certificates(path, cycle_id: str, out_dir="out", templates=None, approved=None, draft: bool = False,
                 number: str | None = None, ledger=None, overlay: bool = False,
                 on_progress: Callable[[int, int], None] | None = None, force: bool = False,
                 issue_date: dt.date | None = None) -> ClientResult:
    """Certificates into OUT/<client>_<cycle>/ from the ledger (--ledger, else the client's): exactly
    one of approved (the province's list), draft and number. issue_date: the 发证日期 they print
    (else the one results registered)."""
    from ..core.parallel import start_early
    from ..core.tables import preread
    from ..cycle.certificates import during_publicity, start_printing
    from ..cycle.ledger import Ledger, LedgerNotUpdated, client_lock
    from ..plan.dates import calendar_notes

    how = Printing(Path(approved) if approved is not None else None, draft, number, overlay, issue_date)
    if [how.approved is not None, draft, number is not None].count(True) != 1:
        raise UsageError("请指定其一：--approved 省里确认的名单、--draft 打印样本、--number 补发的证书编号。")
    if number is None:  # a batch is printed on every core: the workers' fork server loads the renderer meanwhile
        start_early(start_printing)
    if how.approved is not None:  # parsed on another thread while the plan is checked
        preread(how.approved)
    run = cycle_run(path, cycle_id, out_dir, templates, force, on_progress)
    result, plan = checked(plan_file(path), strict=False)
    if plan is None:
        return result
    cycle = cycle_of(result, plan, cycle_id)
    if overlay and not any((plan["certificate"].get("overlay") or {}).values()):
        raise UsageError("套打须先在 plan.yaml 的 certificate.overlay 中写明各项的位置（距纸张左上角的毫米数“横,纵”）。")
    ledger_path = ledger_file(result.plan_file, ledger)
    if not ledger_path.is_file():
        raise UsageError(f"证书台账 {ledger_path} 不存在：请先运行 skillplan results。")
    with client_lock(ledger_path, f"certificates {cycle_id}"), Ledger(ledger_path, create=False, read_only=draft) as book:
        try:
            _print(result, run, plan, cycle, book, how)
        except LedgerNotUpdated as e:
            raise e.saying("没有记下任何印制，没有取用空白证书，输出文件夹保持原样") from e
    if how.approved is not None and result.files:
        result.notes += during_publicity(plan, cycle, clock.today())
    if result.files:  # the 公示 and the default 发证日期 counted without a year's official holidays
        result.notes += calendar_notes(plan, cycle)
    return result


def _print(result: ClientResult, run: CycleRun, plan: dict, cycle: dict, book, how: Printing) -> None:
    from ..cycle import certificates as printing

    chosen, folder, problems = printing.chosen(book, run.cycle_id, how.approved, how.draft, how.number)
    result.problems += problems
    if not result.ok or not chosen:  # a warning (the plan's, a number listed twice) prints all the same
        if result.ok:
            result.failure, result.exit_code = printing.nothing_to_print(run.cycle_id, how.approved), 1
        return
    photos = result.plan_file.parent / CYCLES_DIR / run.cycle_id / "photos"
    problems, notes = printing.photo_findings(plan, how.overlay, photos, chosen)
    result.problems += problems
    if not result.ok:
        return
    result.notes += notes
    if how.overlay and folder == printing.PRINTED:
        folder = printing.OVERLAID
    _print_and_record(result, run, (plan, cycle), book, how, chosen, folder, photos)


def _print_and_record(result: ClientResult, run: CycleRun, plan_and_cycle: tuple[dict, dict], book, how: Printing,
                      chosen: list, folder: str, photos: Path) -> None:
    """Stage the print files, record the prints (and the blanks they take, and the 发证日期 they
    bear) in the 台账, then swap the files in: a failed commit leaves neither the files nor the
    records. A proof records nothing. A 发证日期 inside the 公示 or of another year than the number's
    is refused before anything is staged."""
    from ..cycle import certificates as printing
    from ..cycle import stock

    plan, cycle = plan_and_cycle

    # blanks are taken in the order the pages print, file after file: each print file has a run of them
    files_in_order = printing.print_files(chosen, folder)
    chosen = [c for _, chunk in files_in_order for c in chunk]
    source, count = provenance(result.plan_file), len({(c.occupation, c.level) for c in chosen}) + len(chosen)
    found = inputs(result.plan_file, how.approved) if how.approved is not None else config_inputs(result.plan_file)
    # a reprint replaces only an earlier reprint of its own number (lost again), never another's
    replacing = (f"{folder}/",) if how.number is None else (f"{folder}/{chosen[0].number}-", f"{folder}/个人/{chosen[0].number}-")
    with cycle_bundle(result, run, found, replacing, owned=(f"{folder}/",),
                      ledger=not how.draft) as out, (nullcontext() if how.draft else book.transaction()):
        # 印制 is recorded on the day it happens
        blanks, fresh = ({}, set()) if how.draft else stock.print_marks(
            book, [c.number for c in chosen], clock.today(), how.number is not None)
        # the date given goes on those printed now (or on every proof); one on paper keeps its own
        chosen = printing.dated(plan, cycle, chosen, how.issue_date, {c.number for c in chosen} if how.draft else fresh)
        if not how.draft:
            book.date_issues([(c.number, c.issue_date) for c in chosen if c.number in fresh])
        if how.approved is not None:  # the province's list given, recorded with the prints (skillplan status)
            _record_approval(book, run.cycle_id, how.approved, len(chosen))

        def files(staging: Path):  # the workers write the files into the bundle's staging folder themselves
            return printing.certificate_files(plan, chosen, photos, folder, how.draft, run.templates, blanks,
                                              how.overlay, source, staging=staging)

        out.stage(counted(files, run.on_progress, count))
    result.files = WrittenFiles(out.final, out.names)
    result.notes.append(f"已打印证书 {len(chosen)} 份" + ("（样本，不得发放）" if how.draft else ""))
    result.notes += printing.blank_notes(files_in_order, blanks, fresh)


def _record_approval(book, cycle_id: str, approved: Path, numbers: int) -> None:
    """The day the approved list was given and printed from, and the list file's SHA-256 (in the
    print's transaction: a failed print records no approval either)."""
    from ..output.bundle import file_digest

    book.record_approval(cycle_id, clock.today(), file_digest(approved), approved.name, numbers)
