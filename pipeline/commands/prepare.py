"""`skillplan prepare`: the exam-day pack. 资格审核 of every applicant (review.csv's decisions count),
sessions and seats for the admitted, their tickets, sign-in sheets and irregularity records; with a
staff list, the examiners, raters, supervisors and clerks of every room, and their badges."""
from __future__ import annotations

from pathlib import Path

from ..core.errors import InvalidInput, UsageError
from ..core.terms import GRADING
from .clients import ClientResult, provenance
from .cycle_folder import (
    CycleRun,
    cycle_file,
    cycle_run,
    inputs,
    roster_and_plan,
    verdicts,
    write_cycle_output,
)


def prepare(path, cycle_id: str, out_dir="out", templates=None, roster=None, force: bool = False,
            staff=None) -> ClientResult:
    """The exam-day pack into OUT/<client>_<cycle>/; roster and staff: the files to read instead of
    the cycle folder's roster and staff list."""
    if staff is not None and not Path(staff).is_file():  # said before the roster is read, as --roster is
        raise UsageError(f"{staff} 不存在。")
    run = cycle_run(path, cycle_id, out_dir, templates, force)
    result, plan, cycle, found, roster_path = roster_and_plan(run, roster)
    if plan is None:
        return result
    judged, reviewed = verdicts(result, plan, cycle, found)
    if judged is not None:
        _seat_and_write(result, run, plan, cycle, judged, [roster_path, *reviewed], staff)
    return result


def _seat_and_write(result: ClientResult, run: CycleRun, plan: dict, cycle: dict, judged: list, read: list,
                    staff: Path | str | None) -> None:
    from ..cycle.admission import review_count_note, review_hint, review_notes
    from ..cycle.exam_day import PREPARE_OUTPUT, prepare_documents, staff_documents
    from ..cycle.seating import clash_problems, seat_everyone, seating_notes, ticket_numbers

    admitted = [v.candidate for v in judged if v.admitted]
    sessions, places = seat_everyone(plan, cycle, admitted)
    result.problems += clash_problems(result.plan_file, sessions)
    if not result.ok:
        return
    staff_path, posts = _staff_posts(result, plan, run.cycle_id, sessions, staff)
    if posts is None:
        return
    source = provenance(result.plan_file)
    files = list(prepare_documents(plan, cycle, judged, sessions, places, ticket_numbers(cycle, admitted, places),
                                   cycle["registration"]["end"], run.templates, source))
    if staff_path:
        files += staff_documents(plan, cycle, posts, run.templates, source)
    read += [staff_path] if staff_path else []
    write_cycle_output(result, run, files, inputs(result.plan_file, *read), replacing=PREPARE_OUTPUT)
    result.notes += review_notes(judged) + review_hint(judged, run.cycle_id) + seating_notes(plan, cycle, sessions)
    result.notes.append(f"考评人员安排：{len({p.name for post in posts for p in post.filled})} 人上岗，"
                        f"{len({(post.session.number, post.room) for post in posts})} 个考场" if staff_path else
                        f"未提供考评人员名单（cycles/{run.cycle_id}/staff.csv 或 .xlsx，或用 --staff 指定），未生成考评人员安排和工作证")
    result.notes.append(review_count_note(judged, sum(1 for s in sessions if s.seats)))


def _staff_posts(result: ClientResult, plan: dict, cycle_id: str, sessions, given) -> tuple[Path | None, list | None]:
    """The staff list (None when the cycle has none) and its posts filled by the solver; posts is None
    when the list has mistakes or cannot staff every room (the problems are in the result then)."""
    from ..core.terms import display_name
    from ..cycle.assignment import assign, posts_of, shortfall_problems
    from ..cycle.staff import STAFF_STEM, read_staff
    from ..plan.appraisal import raters

    path = cycle_file(result.plan_file, cycle_id, STAFF_STEM, given, optional=True)
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
