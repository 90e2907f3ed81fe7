"""`skillplan forms`: a pre-filled 定级评价表 for every admitted 定级 applicant (and print files of up
to 100), and the 评分录入表 HR fills in."""
from __future__ import annotations

from collections.abc import Callable

from ..core.terms import GRADING
from .clients import ClientResult, provenance
from .cycle_folder import counted, cycle_run, inputs, roster_and_plan, verdicts, write_cycle_output


def forms(path, cycle_id: str, out_dir="out", templates=None, roster=None, jobs: int | None = None,
          force: bool = False, on_progress: Callable[[int, int], None] | None = None) -> ClientResult:
    """The forms and the score sheet into OUT/<client>_<cycle>/ (on_progress hears of each file
    written); rendered on every core unless jobs is 1."""
    from ..core.parallel import start_early
    from ..cycle.admission import not_admitted_note
    from ..cycle.forms import FORMS_OUTPUT, forms_count, forms_documents, start_batch

    if jobs != 1:  # the forms are rendered on every core: the workers' fork server loads the renderer meanwhile
        start_early(start_batch)
    run = cycle_run(path, cycle_id, out_dir, templates, force)
    result, plan, cycle, found, roster_path = roster_and_plan(run, roster)
    if plan is None:
        return result
    judged, reviewed = verdicts(result, plan, cycle, found)
    if judged is None:
        return result
    admitted = [v.candidate for v in judged if v.admitted]  # no form, no score row, for anyone else
    files = counted(forms_documents(plan, admitted, run.templates, jobs, provenance(result.plan_file)),
                    on_progress, forms_count(admitted))
    write_cycle_output(result, run, files, inputs(result.plan_file, roster_path, *reviewed), replacing=FORMS_OUTPUT)
    grading = sum(c.method == GRADING for c in admitted)
    result.notes += not_admitted_note(judged, "没有评价表和评分行")
    result.notes.append(f"名册 {len(found)} 人，资格审核符合 {len(admitted)} 人，" + (
        f"其中定级评价 {grading} 人" if grading or not admitted else "均为晋级评价：没有定级评价表，评分录入表每人一行"))
    return result
