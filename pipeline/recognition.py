"""Running a recognition cycle after its announcement: the roster's 定级 candidates get pre-filled
定级评价表 and a score entry sheet (`skillplan forms`); their scores give results, certificate
numbers from the ledger, filled forms, the results notice and the data sheet (`skillplan results`)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from . import codes, derive
from .bundle import safe_name
from .datasheet import DATA_COLUMNS, workbook_bytes
from .render import render, to_bytes
from .roster import Candidate
from .rules import GRADING
from .scoring import EXAM, Outcome, exam_parts, item_columns, occupation_of, raters

FORMS_DIR = "定级评价表"


def result_date(cycle: dict) -> dt.date:
    """认定日期: the cycle's result_date, else the last day of assessment."""
    return cycle.get("result_date") or cycle["assessment"]["end"]


def _forms_doc(plan: dict, forms: list[dict], templates: Path | None) -> bytes:
    return to_bytes(render("annex1.docx", derive.grading_context(plan, None, forms), templates))


def forms_documents(plan: dict, candidates: list[Candidate], templates: Path | None = None) -> dict[str, bytes]:
    """One pre-filled 定级评价表 per 定级 candidate, all of them in one print file, and the score sheet."""
    grading = [c for c in candidates if c.method == GRADING]
    forms = [derive.grading_form(plan, occupation_of(plan, c), c.level, c) for c in grading]
    files = {f"{FORMS_DIR}/{n:03d}-{safe_name(c.name)}-{safe_name(c.occupation)}-{codes.LEVEL_SHORT[c.level]}.docx":
             _forms_doc(plan, [form], templates) for n, (c, form) in enumerate(zip(grading, forms), 1)}
    if forms:
        files[f"{FORMS_DIR}-合并打印.docx"] = _forms_doc(plan, forms, templates)
    files["评分录入表.xlsx"] = score_sheet(plan, candidates)
    return files


def score_sheet(plan: dict, candidates: list[Candidate]) -> bytes:
    """评分录入表.xlsx: a row per candidate and rater with a column per item, ready for HR to fill in;
    a second sheet lists each column's points."""
    columns: dict[str, str] = {}
    for c in candidates:
        if c.method == GRADING:
            occupation = occupation_of(plan, c)
            for name, points in item_columns(plan, occupation):
                columns.setdefault(name, f"0-{points}")
        else:
            for part in exam_parts(c.level):
                columns.setdefault(part, "0-100（晋级评价，60分合格）")
    rows = []
    for c in candidates:
        who = raters(plan, occupation_of(plan, c)) if c.method == GRADING else [EXAM]
        rows += [[c.id_number, c.name, rater] + [""] * len(columns) for rater in who]
    notes = [[name, span] for name, span in columns.items()]
    return workbook_bytes([("评分", ["身份证号", "姓名", "评价主体", *columns], rows),
                           ("说明", ["评分列", "分值范围"], notes)])


def results_documents(plan: dict, cycle: dict, outcomes: list[Outcome], numbers: dict[str, str],
                      templates: Path | None = None) -> dict[str, bytes]:
    """Filled forms with scores, the results notice (IDs masked) and the certificate data sheet."""
    files = {}
    scored = [derive.grading_form(plan, occupation_of(plan, o.candidate), o.candidate.level, o.candidate, o)
              for o in outcomes if o.candidate.method == GRADING]
    if scored:
        files[f"{FORMS_DIR}（含成绩）-合并打印.docx"] = _forms_doc(plan, scored, templates)
    files["认定结果公示.docx"] = to_bytes(render("results_notice.docx", notice_context(plan, cycle, outcomes),
                                               templates))
    when = result_date(cycle).isoformat()
    rows = [[numbers[o.candidate.id_number], o.candidate.name, o.candidate.id_number, o.candidate.occupation,
             codes.LEVEL_NAMES[o.candidate.level], when] for o in outcomes if o.passed]
    files["证书数据.xlsx"] = workbook_bytes([("证书数据", DATA_COLUMNS, rows)])
    return files


def notice_context(plan: dict, cycle: dict, outcomes: list[Outcome]) -> dict[str, Any]:
    date = result_date(cycle)
    days = plan["quality"]["result_notice_days"]
    passed = [o for o in outcomes if o.passed]
    return {
        "company": plan["company"]["name"], "year": cycle["year"], "batch": codes.chinese_number(cycle["batch"]),
        "assessment_period": derive.date_span(cycle["assessment"]["start"], cycle["assessment"]["end"]),
        "passed": [{"no": n, "name": o.candidate.name, "id": o.candidate.masked_id,
                    "occupation": o.candidate.occupation, "level": codes.LEVEL_NAMES[o.candidate.level],
                    "method": o.candidate.method,
                    "score": f"{o.total:.2f}" if o.candidate.method == GRADING else "合格"}
                   for n, o in enumerate(passed, 1)],
        "period": derive.date_span(date, date + dt.timedelta(days=days - 1)), "days": days,
        "quality": plan["quality"], "date": codes.chinese_date(date),
    }
