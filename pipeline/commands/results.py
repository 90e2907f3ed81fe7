"""`skillplan results`: scores → each candidate's result at the plan's pass mark, certificate numbers
from the ledger for those who pass, the filled forms, the results notice and the data sheet.

Under the client's lock the output is staged, the ledger reconciled with this run's pass list
commits, and only then is the output swapped in (docs/architecture.md: one order for the ledger and
the output)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..core import clock
from ..core.errors import InvalidInput
from .clients import ClientResult, WrittenFiles, provenance
from .cycle_folder import (
    CycleRun,
    candidates,
    counted,
    cycle_bundle,
    cycle_file,
    cycle_run,
    inputs,
    ledger_file,
    plan_and_cycle,
    verdicts,
)


@dataclass(frozen=True)
class Registration:
    """What results registers and writes: the graded outcomes, the files they came from, the ledger,
    the workers rendering the forms, whom to tell when another run holds the client, the admitted
    who obtained a certificate the same year and those the 资格审核 kept out (admission.Verdict)."""

    outcomes: list
    sources: tuple[Path, ...]
    ledger: Path | None
    forms: object  # cycle.results.ScoredForms
    on_wait: Callable[[str], None] | None
    twice: list = field(default_factory=list)
    kept_out: list = field(default_factory=list)


def results(path, cycle_id: str, out_dir="out", templates=None, roster=None, scores=None,
            ledger=None, force: bool = False, on_wait: Callable[[str], None] | None = None,
            on_progress: Callable[[int, int], None] | None = None) -> ClientResult:
    """Results into OUT/<client>_<cycle>/ and numbers into the ledger (--ledger, else the client's);
    roster and scores: files to read instead of the cycle folder's."""
    from ..core.parallel import start_early
    from ..cycle.forms import start_batch
    from ..cycle.results import scored_forms

    start_early(start_batch)  # the workers' fork server loads the renderer on the other core while the plan is checked
    run = cycle_run(path, cycle_id, out_dir, templates, force, on_progress)
    result, plan, cycle = plan_and_cycle(run)
    if plan is None:
        return result
    # the forms are rendered on every core, each print file as soon as its people are graded: the
    # workers start before the roster is read, and check half of it
    with scored_forms(plan, run.templates, provenance(result.plan_file), []) as forms:
        graded = _graded(result, plan, cycle, roster, scores, forms)
        if graded is not None:
            outcomes, sources, twice, kept_out = graded
            _register_and_write(result, run, plan, cycle, Registration(
                outcomes, sources, Path(ledger) if ledger else None, forms, on_wait, twice, kept_out))
    return result


def _graded(result: ClientResult, plan: dict, cycle: dict, roster, scores, forms) -> tuple[list, tuple, list, list] | None:
    """The admitted candidates' outcomes, the files they came from, the admitted who obtained a
    certificate the same year and the verdicts on those not admitted; None when anything is wrong
    (the problems are in the result). Each graded person's form goes to the workers at once."""
    from ..cycle.admission import not_admitted_note
    from ..cycle.results import before_assessment_ends, dates_note
    from ..cycle.scoring import read_scores
    from ..plan.dates import calendar_notes

    found, roster_path, problems = candidates(result, plan, cycle, roster, forms.workers)
    if problems:
        return None
    judged, reviewed = verdicts(result, plan, cycle, found)
    if judged is None:
        return None
    # only the admitted are graded and certified: a score row for anyone else is refused
    admitted = [v.candidate for v in judged if v.admitted]
    kept_out = {v.candidate.id_number: v for v in judged if not v.admitted}
    notes = not_admitted_note(judged, "不参加认定，没有结果")
    twice = [v for v in judged if v.admitted and v.same_year]  # 同一年度一人一证: said with the data sheet
    del judged  # 10,000 verdicts need not outlive the review
    forms.expect(admitted)
    try:
        scores_path = cycle_file(result.plan_file, cycle["id"], "scores", scores)
        outcomes, problems = read_scores(scores_path, plan, admitted, on_graded=forms.add, kept_out=kept_out)
    except InvalidInput as e:
        outcomes, problems = [], e.problems
    result.problems += problems
    if problems:
        return None
    result.notes += [*notes, *before_assessment_ends(plan, cycle, clock.today()), *calendar_notes(plan, cycle),
                     dates_note(plan, cycle)]
    return outcomes, (roster_path, scores_path, *reviewed), twice, list(kept_out.values())


def _register_and_write(result: ClientResult, run: CycleRun, plan: dict, cycle: dict, job: Registration) -> None:
    """Under the client's lock: stage the results, commit the ledger, swap the results in. A new
    ledger appears only with its first commit."""
    from ..cycle.admission import same_year_note
    from ..cycle.ledger import (
        AlreadyCertified,
        LedgerNotUpdated,
        client_lock,
        refuse_a_second_ledger,
        repeat_message,
    )
    from ..cycle.results import what_changed
    from ..cycle.roster import roster_problem

    ledger_path = ledger_file(result.plan_file, job.ledger)
    if job.ledger is not None:
        refuse_a_second_ledger(ledger_file(result.plan_file), ledger_path)
    with client_lock(ledger_path, f"results {cycle['id']}", job.on_wait):
        existed = ledger_path.exists()
        try:
            change = _reconciled_output(result, run, plan, cycle, job, ledger_path)
        except AlreadyCertified as e:
            result.problems += [roster_problem(job.sources[0], h.row, repeat_message(c)) for h, c in e.repeats]
            return
        except LedgerNotUpdated as e:
            raise e.saying("没有登记、撤回或更正任何证书编号，输出文件夹保持原样") from e
    if not existed:
        result.notes.append(f"新建证书台账 {ledger_path}")
    result.counts, lines = what_changed(job.outcomes, change, job.kept_out)
    result.notes += lines + same_year_note(job.twice, {key[0] for key in change.numbers})


def _reconciled_output(result: ClientResult, run: CycleRun, plan: dict, cycle: dict, job: Registration,
                       ledger_path: Path):
    """Stage → commit → swap: the output is complete on disk before the ledger commits, and in place
    only once it has."""
    from ..cycle.ledger import Ledger, holder_of
    from ..cycle.results import RESULTS_OUTPUT, results_count, results_documents
    from ..plan.dates import issue_date, result_date
    from ..plan.facts import certificate_prefix

    passing = [holder_of(o.candidate) for o in job.outcomes if o.passed]
    with Ledger(ledger_path) as book, cycle_bundle(result, run, inputs(result.plan_file, *job.sources),
                                                   RESULTS_OUTPUT, ledger=True) as out:
        with book.transaction():
            change = book.reconcile(certificate_prefix(plan), cycle["id"], result_date(cycle), passing,
                                    issue_date(plan, cycle))
            numbers = {key[0]: number for key, number in change.numbers.items()}

            def files(staging: Path):  # the print files the workers wrote are moved into the staging folder
                return results_documents(plan, cycle, job.outcomes, numbers, forms=job.forms, staging=staging,
                                         kept_out=job.kept_out)

            out.stage(counted(files, run.on_progress, results_count(job.outcomes)))
    result.files = WrittenFiles(out.final, out.names)
    return change
