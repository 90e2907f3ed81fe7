"""A cycle's scores (评分表) → each candidate's result, computed exactly as the seed's 定级评价表 says.

定级评价: every rater scores every item of the sections they rate, within the item's points. An
item's weighted score is the sum of each rater's score times that rater's weight in the section;
the total is the sum of the items' weighted scores (100 at most) and passes at the plan's pass
mark. Decimal arithmetic, so 87.25 is 87.25 and the result never depends on float rounding.
晋级评价: 理论知识 and 操作技能 (and 综合评审 for 二级/一级) are each out of 100 and pass at 60.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from ..core.errors import Problem
from ..core.tables import read_table
from ..core.terms import GRADING, RATERS, display_name
from ..filing.derive import appraisal_sections, rater_labels
from .roster import Candidate

EXAM = "考试"  # 评价主体 of a 晋级评价 candidate's row
EXAM_PARTS = ("理论知识", "操作技能", "综合评审")
EXAM_PASS = Decimal(60)
CENT = Decimal("0.01")


@dataclass
class Outcome:
    """A candidate's result: the total, pass or not, and the scores behind it."""

    candidate: Candidate
    total: Decimal
    passed: bool
    # (section number, item name) → ({rater: score}, weighted score); empty for 晋级评价
    scored: dict[tuple[str, str], tuple[dict[str, Decimal], Decimal]] = field(default_factory=dict)
    exam: dict[str, Decimal] = field(default_factory=dict)


def item_columns(plan: dict, occupation: dict) -> list[tuple[str, int]]:
    """The score columns of a 定级评价 occupation, in form order, with each item's points."""
    return [(item["name"], item["points"]) for s in appraisal_sections(plan, occupation) for item in s.items]


def raters(plan: dict, occupation: dict) -> list[str]:
    """The raters who score at least one section of this occupation's form, in the form's order."""
    sections = appraisal_sections(plan, occupation)
    return [r for r in RATERS if any(s.weights.get(r) for s in sections)]


def exam_parts(level: int) -> tuple[str, ...]:
    """The subjects a 晋级评价 candidate sits: 综合评审 only from 二级 up."""
    return EXAM_PARTS if level <= 2 else EXAM_PARTS[:2]


def read_scores(path: Path, plan: dict, candidates: list[Candidate]) -> tuple[list[Outcome], list[Problem]]:
    """Each candidate's outcome, and every problem in the scores file."""
    table = read_table(path, ["身份证号", "评价主体"])
    by_id = {c.id_number: c for c in candidates}
    rows: dict[tuple[str, str], tuple[int, dict[str, str]]] = {}
    problems = []
    key_of = dict(zip(rater_labels(plan), RATERS))  # 部门主管 (as a service business's form prints it) is 车间主管
    for row in table.rows:
        number, rater = row.cells.get("身份证号", "").replace(" ", "").upper(), row.cells.get("评价主体", "")
        rater = key_of.get(rater, rater)
        candidate = by_id.get(number)
        if candidate is None:
            problems.append(table.problem(row.number, "身份证号", "名册中没有这个身份证号"))
            continue
        allowed = [EXAM] if candidate.method != GRADING else raters(plan, occupation_of(plan, candidate))
        if rater not in allowed:
            problems.append(table.problem(row.number, "评价主体", f"{candidate.name}的评价主体应为：{'、'.join(allowed)}；"
                                                                f"实际为“{rater}”"))
        elif (number, rater) in rows:
            problems.append(table.problem(row.number, "评价主体",
                                          f"{candidate.name}的“{rater}”评分已在第 {rows[number, rater][0]} 行"))
        else:
            rows[number, rater] = (row.number, row.cells)
    outcomes = []
    for candidate in candidates:
        outcome, more = _grade(table, plan, candidate, rows)
        problems += more
        if outcome is not None:
            outcomes.append(outcome)
    return outcomes, problems


def occupation_of(plan: dict, candidate: Candidate) -> dict:
    """The plan's occupation row a candidate applies under (an occupation may be split by level)."""
    return next(o for o in plan["occupations"] if display_name(o) == candidate.occupation
                and candidate.level in o["levels"])


def _score(table, row: int, column: str, text: str, points: int, problems: list) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not 0 <= value <= points:
        problems.append(table.problem(row, column, f"应为 0 至 {points} 之间的分数，实际为“{text}”" if text
                                      else f"缺少分数（0 至 {points} 分）"))
        return None
    return value


def _grade(table, plan: dict, candidate: Candidate, rows: dict) -> tuple[Outcome | None, list[Problem]]:
    problems: list[Problem] = []
    who = f"{candidate.name}（名册第 {candidate.row} 行）"
    if candidate.method != GRADING:
        if (candidate.id_number, EXAM) not in rows:
            return None, [table.problem(1, "评价主体", f"缺少{who}的“{EXAM}”成绩行")]
        n, cells = rows[candidate.id_number, EXAM]
        exam = {part: _score(table, n, part, cells.get(part, ""), 100, problems) for part in exam_parts(candidate.level)}
        if problems:
            return None, problems
        return Outcome(candidate, min(exam.values()), all(v >= EXAM_PASS for v in exam.values()), exam=exam), []
    occupation = occupation_of(plan, candidate)
    scored, total = {}, Decimal(0)
    for section in appraisal_sections(plan, occupation):
        for item in section.items:
            scores = {}
            for rater in (r for r, w in section.weights.items() if w):
                if (candidate.id_number, rater) not in rows:
                    continue
                n, cells = rows[candidate.id_number, rater]
                value = _score(table, n, item["name"], cells.get(item["name"], ""), item["points"], problems)
                if value is not None:
                    scores[rater] = value
            weighted = sum((scores[r] * Decimal(w) / 100 for r, w in section.weights.items() if r in scores), Decimal(0))
            scored[section.number, item["name"]] = (scores, weighted)
            total += weighted
    missing = [r for r in raters(plan, occupation) if (candidate.id_number, r) not in rows]
    problems += [table.problem(1, "评价主体", f"缺少{who}的“{r}”评分行") for r in missing]
    if problems:
        return None, problems
    total = total.quantize(CENT, rounding=ROUND_HALF_UP)
    return Outcome(candidate, total, total >= plan["appraisal"]["pass_mark"], scored=scored), []
