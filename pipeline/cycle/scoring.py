"""A cycle's scores (评分表) → each candidate's result, computed exactly as the seed's 定级评价表 says.

定级评价: every rater scores every item of the sections they rate, within the item's points. An
item's weighted score is the sum of each rater's score times that rater's weight in the section;
the total is the sum of the items' weighted scores (100 at most). 晋级评价: 理论知识 and 操作技能
(and 综合评审 for 二级/一级) are each out of 100. One rule for both: a score passes when it reaches
the mark exactly (达到60分及以上) — Decimal arithmetic and no rounding, so 59.995 fails and is
printed 59.995. A candidate marked 缺考 is a result, not an error.

Every cell is checked: a score where the rater has no weight, in another occupation's column or
that is not a plain number is refused by row and column, as is a 姓名 that differs from the roster.
"""
from __future__ import annotations

import decimal
import functools
import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..core import codes
from ..core.errors import InvalidInput, Problem
from ..core.tables import Cells, Row, Table, bulk, open_table, picker, plain
from ..core.terms import GRADING, PENDING
from ..plan.appraisal import (
    EXAM,
    EXAM_PASS,
    FormFacts,
    FormKind,
    appraisal_sections,
    exam_parts,
    item_columns,
    occupation_of,
    reaches,
    score_columns,
    weighted_score,
)
from ..plan.facts import rater_keys
from .roster import ID_ALIASES, ID_COLUMN, Candidate, id_type_of

ABSENT = "缺考"  # the column, and the word written in it, that marks a candidate absent
META = (ID_COLUMN, "证件类型", "姓名", "评价主体", ABSENT)
_NUMBER = re.compile(r"[0-9]{1,3}(\.[0-9]+)?")


@dataclass(slots=True)
class Outcome:
    """A candidate's result: the total, pass or not (or absent), and the scores behind it."""

    candidate: Candidate
    total: Decimal | None  # None when absent
    passed: bool
    exam: dict[str, Decimal] = field(default_factory=dict)
    absent: bool = False
    # a 定级 form's scores, compactly (10,000 outcomes stay small): every rater's score of every item,
    # exactly as Decimal writes it, joined by ";", in the order of `form`, which is ((section number,
    # item name), ((rater, weight), …)) per item and one object shared by every outcome of the same form
    given: str = ""
    form: tuple = ()

    @property
    def scored(self) -> dict[tuple[str, str], tuple[dict[str, Decimal], Decimal]]:
        """(section number, item name) → ({rater: score}, weighted score); empty for 晋级评价."""
        scores, scored = map(_decimal, self.given.split(";")), {}
        for key, weights in self.form:
            given = {rater: next(scores) for rater, _ in weights}
            scored[key] = (given, weighted_score(given, weights))
        return scored


@bulk
def read_scores(path: Path, plan: dict, candidates: list[Candidate],
                on_graded: Callable[[Outcome], None] | None = None,
                kept_out: dict | None = None) -> tuple[list[Outcome], list[Problem]]:
    """Each candidate's outcome, and every problem in the scores file. on_graded hears each outcome
    as soon as the person's rows are in, as long as the sheet has had no problem so far. kept_out:
    those on the roster the 资格审核 did not admit (证件号码 → admission.Verdict): a row of theirs is refused."""
    # every score column is an expected one: headed twice (a re-marked copy beside the first) is
    # refused, never one of the two silently graded
    table, rows = open_table(path, [ID_COLUMN, "评价主体"], (*META, *sorted(score_columns(plan))), ID_ALIASES)
    scoring = _Scoring(table, plan)
    sheet = _ScoreSheet(table, plan, candidates, scoring, on_graded, kept_out or {})
    for row in rows:
        sheet.add(row)
    if not sheet.count:
        raise InvalidInput([Problem(str(path), 1, 0, "", "评分表只有表头，没有任何成绩")])
    return sheet.finish(candidates), sorted(sheet.problems + scoring.problems)


class _ScoreSheet:
    """The score sheet's rows by candidate as they are read. Once every rater's row of a candidate
    is in, their cells are checked, they are graded (or marked 缺考) and their rows let go: a sheet
    that lists each person's rows together (as the 评分录入表 does) holds a few people's cells at a
    time, not 40,000 rows. Anyone still waiting at the end (a row missing) is settled then."""

    def __init__(self, table: Table, plan: dict, candidates: list[Candidate], scoring: _Scoring,
                 on_graded: Callable[[Outcome], None] | None, kept_out: dict):
        self.table, self.scoring, self.facts, self.on_graded = table, scoring, scoring.facts, on_graded
        self.kept_out, self.refused_people = kept_out, set()
        self.by_id = {c.id_number: c for c in candidates}
        self.key_of = rater_keys(plan)  # 部门经理 (as a service business's form prints it) is 车间主管
        self.waiting: dict[str, dict[str, tuple[int, Cells]]] = {}  # 证件号码 → rater → (row, cells), until graded
        self.graded: dict[str, tuple[int, ...]] = {}  # 证件号码 → the row of each rater: a repeated row is named
        self.outcomes: dict[str, Outcome] = {}
        self.absent: set[str] = set()
        self.problems: list[Problem] = []
        self.count = 0

    def add(self, row: Row) -> None:
        self.count += 1
        n, cells = row.number, row.cells
        number, rater = plain(cells.get(ID_COLUMN, "")).replace(" ", "").upper(), cells.get("评价主体", "")
        rater = self.key_of.get(rater, rater)
        candidate = self.by_id.get(number)
        if candidate is None and number in self.kept_out:
            if number not in self.refused_people:  # once a person, at their first row
                self.refused_people.add(number)
                v = self.kept_out[number]
                why = (f"待人工审核（{v.reason}）：请先在 review.csv 中写明审核结论" if v.verdict == PENDING else
                       f"资格审核不符合（{v.reason}），不能认定：请删除其评分行；"
                       + (v.instead or "审核有误的，在 review.csv 中写明结论"))
                self.problems.append(self.table.problem(n, ID_COLUMN, f"{v.candidate.name}（名册第 {v.candidate.row} 行）{why}"))
            return
        if candidate is None:
            self.problems.append(self.table.problem(n, ID_COLUMN, "被 Excel 存成了数字，末几位已丢失：请把该列设为“文本”"
                                                    "后重新输入" if (n, ID_COLUMN) in self.table.numbers else "名册中没有这个证件号码"))
            return
        self.problems += _identity_problems(self.table, n, cells, candidate)
        mark = cells.get(ABSENT, "")
        if mark not in ("", ABSENT):
            self.problems.append(self.table.problem(n, ABSENT, f"应为“{ABSENT}”或留空，实际为“{mark}”"))
        elif mark:
            self.absent.add(number)
        allowed = self.facts.raters(candidate)
        rows = self.waiting.setdefault(number, {}) if number not in self.graded else {}
        if rater not in allowed:
            self.problems.append(self.table.problem(n, "评价主体", f"{candidate.name}的评价主体应为：{'、'.join(allowed)}；"
                                                                 f"实际为“{rater}”"))
        elif rater in rows or number in self.graded:
            earlier = rows[rater][0] if rater in rows else self.graded[number][allowed.index(rater)]
            self.problems.append(self.table.problem(n, "评价主体", f"{candidate.name}的“{rater}”评分已在第 {earlier} 行"))
        else:
            rows[rater] = (n, cells)
            if len(rows) == len(allowed):  # any later row of theirs is a repeat, refused as one
                self._settle(candidate)

    def _settle(self, candidate: Candidate) -> None:
        """Check the candidate's cells and grade them (缺考, or None with problems when rows are missing or wrong)."""
        number = candidate.id_number
        rows = self.waiting.pop(number, {})
        outcome = None if number in self.absent else self.scoring.quick(candidate, rows)
        if outcome is None:  # 缺考, or something in the rows to report: every cell is checked and named
            given = {rater: self.scoring.check_cells(n, cells, rater, candidate, number in self.absent)
                     for rater, (n, cells) in rows.items()}
            outcome = Outcome(candidate, None, False, absent=True) if number in self.absent else self.scoring.grade(
                candidate, {rater: n for rater, (n, _) in rows.items()}, given)
        if outcome is not None:
            self.outcomes[number] = outcome
            if self.on_graded and not (self.problems or self.scoring.problems):
                self.on_graded(outcome)
        self.graded[number] = tuple(rows[r][0] if r in rows else 0 for r in self.facts.raters(candidate))

    def finish(self, candidates: list[Candidate]) -> list[Outcome]:
        """Settle everyone still waiting (缺考, or rows missing) and those with no row at all; the
        outcomes in roster order."""
        for candidate in candidates:
            if candidate.id_number not in self.graded:
                self._settle(candidate)
        return [self.outcomes[c.id_number] for c in candidates if c.id_number in self.outcomes]


def _identity_problems(table: Table, n: int, cells: dict[str, str], candidate: Candidate) -> list[Problem]:
    """The row's 姓名 and 证件类型, when given, must be the roster's: a score never lands on the wrong person."""
    problems = []
    if cells.get("姓名") and cells["姓名"] != candidate.name:
        problems.append(table.problem(n, "姓名", f"与名册不符：名册第 {candidate.row} 行该证件号码的姓名为“{candidate.name}”，"
                                               f"实际为“{cells['姓名']}”"))
    kind = id_type_of(cells.get("证件类型", ""))
    if kind and kind != candidate.id_type:
        problems.append(table.problem(n, "证件类型", f"与名册不符：名册第 {candidate.row} 行为“{candidate.id_type}”，"
                                                 f"实际为“{cells['证件类型']}”"))
    return problems


class _Scoring:
    """Checks every score cell of a row and grades each candidate, collecting problems."""

    def __init__(self, table: Table, plan: dict):
        self.table, self.plan, self.problems = table, plan, []
        self.known = score_columns(plan)
        # cells already reported, so a bad score is not also "missing"
        self.refused: set[tuple[int, str]] = set()
        self.facts = FormFacts(plan)
        self.row_checks: dict[tuple[FormKind, str], RowCheck | None] = {}
        self.numbers: dict[str, tuple[Decimal, str] | None] = {}  # a score's text → (value, as Decimal writes it)

    def quick(self, candidate: Candidate, rows: dict[str, tuple[int, Cells]]) -> Outcome | None:
        """Nearly everyone: a 定级 candidate whose rows are all in and hold nothing to report, graded
        in one step (RowCheck); None for anyone else, whose cells check_cells then goes through one by one."""
        if candidate.method != GRADING:
            return None
        kind = self.facts.kind(candidate)
        if len(rows) != len(kind.raters):
            return None
        scores: list[tuple[Decimal, str]] = []
        for rater in kind.raters:
            check = self._row_check(kind, rater)
            got = check and check.scores(rows[rater][1].values, self.numbers)
            if got is None:
                return None
            scores += got
        in_form_order = kind.from_rows(scores)
        return self._graded(candidate, [value for value, _ in in_form_order], kind.flat[1],
                            [written for _, written in in_form_order])

    def _row_check(self, kind: FormKind, rater: str) -> RowCheck | None:
        """The quick check of this rater's rows of this kind of form; None when the sheet lacks one of its columns."""
        key = (kind, rater)
        if key not in self.row_checks:
            index, columns = self.table.places.index, kind.columns(rater)
            places = [index.get(column) for column in columns]
            others = [i for column, i in index.items() if column in self.known and column not in columns]
            self.row_checks[key] = None if None in places else RowCheck(places, list(columns.values()), others)
        return self.row_checks[key]

    def check_cells(self, n: int, cells: Cells, rater: str, candidate: Candidate, absent: bool) -> dict[str, Decimal]:
        """Each filled cell is a number within its points in a column this rater fills, and nothing
        is filled for an absent candidate; the row's good scores by column."""
        allowed, scores = {} if absent else self.facts.columns(candidate, rater), {}
        for column, text in cells.items():  # filled cells only
            if column in allowed and text != ABSENT:  # nearly every cell: a score where one belongs
                if (value := _score(text)) is None or value > allowed[column]:
                    self.problems.append(self.table.problem(n, column, f"应为 0 至 {allowed[column]} 之间的分数，实际为“{text}”"))
                    self.refused.add((n, column))
                else:
                    scores[column] = value
            elif column in META:
                continue
            elif text == ABSENT and column in self.known and not absent:
                self.problems.append(self.table.problem(n, column, f"缺考请在“{ABSENT}”列填写“{ABSENT}”，分数格留空"))
                self.refused.add((n, column))
            elif column in self.known:
                self.problems.append(self.table.problem(n, column, self._why_blank(candidate, rater, column, text, absent)))
        return scores

    def _why_blank(self, candidate: Candidate, rater: str, column: str, text: str, absent: bool) -> str:
        if absent:
            return f"{candidate.name}已标记缺考，此格应留空，实际为“{text}”"
        if candidate.method == GRADING and column in dict(item_columns(self.plan, occupation_of(self.plan, candidate))):
            section = next(s for s in appraisal_sections(self.plan, occupation_of(self.plan, candidate))
                           if any(i["name"] == column for i in s.items))
            return f"“{rater}”在“{section.name}”中没有权重，此格应留空，实际为“{text}”"
        return f"不是{candidate.name}（{candidate.occupation}{codes.LEVEL_NAMES[candidate.level]}）的评分项，此格应留空，实际为“{text}”"

    def grade(self, candidate: Candidate, rows: dict[str, int], given: dict[str, dict[str, Decimal]]) -> Outcome | None:
        """The candidate's outcome from each rater's row number and good scores (check_cells'); None
        (with problems) when a row or a score is missing or wrong."""
        missing = [r for r in self.facts.raters(candidate) if r not in rows]
        self.problems += [self.table.problem(1, "评价主体", f"缺少{candidate.name}（名册第 {candidate.row} 行）的“{r}”评分行"
                                                       f"（缺考请在“{ABSENT}”列填写“{ABSENT}”）") for r in missing]
        scores, complete = {}, not missing
        for rater in self.facts.raters(candidate):
            if rater in missing:
                continue
            n, good = rows[rater], given[rater]
            for column, points in self.facts.columns(candidate, rater).items():
                if column in good:
                    scores[rater, column] = good[column]
                    continue
                complete = False
                if (n, column) not in self.refused:  # a refused score is not also "missing"
                    self.problems.append(self.table.problem(n, column, self._why_missing(n, column, points)))
        return self._outcome(candidate, scores) if complete else None

    def _why_missing(self, n: int, column: str, points: int) -> str:
        """A score cell read as empty: empty, or in a workbook an Excel error value or a formula saved
        without its result (calamine reads both as empty), which HR would look for in vain as a blank."""
        fill = f"分数（0 至 {points} 分）"
        return self.table.blank_reason(n, column, "分数", fill) or f"缺少{fill}"

    def _outcome(self, candidate: Candidate, scores: dict[tuple[str, str], Decimal]) -> Outcome:
        if candidate.method != GRADING:
            exam = {part: scores[EXAM, part] for part in exam_parts(candidate.level)}
            return Outcome(candidate, min(exam.values()), all(reaches(v, EXAM_PASS) for v in exam.values()), exam=exam)
        cells, weights = self.facts.flat(candidate)
        return self._graded(candidate, tuple(map(scores.__getitem__, cells)), weights)

    def _graded(self, candidate: Candidate, values: Sequence[Decimal], weights: tuple[Decimal, ...],
                written: Sequence[str] | None = None) -> Outcome:
        # Σ score × weight / 100 over every rater and item: exact (every digit, codes.EXACT), the same
        # value as the items' weighted scores summed
        with decimal.localcontext(codes.EXACT):
            total = sum(map(operator.mul, values, weights), Decimal(0)) / 100
        return Outcome(candidate, total, reaches(total, self.plan["appraisal"]["pass_mark"]),
                       given=";".join(written if written is not None else map(str, values)),
                       form=self.facts.weights(candidate))


class RowCheck:
    """A rater's row of one kind of form read in one step: each of the rater's columns holds a plain
    number within its points, and no other score column is filled. Only then are its scores
    returned; check_cells reports anything else cell by cell."""

    def __init__(self, places: list[int], points: list[int], others: list[int]):
        self.width = max(places + others, default=-1) + 1  # a shorter row (a CSV's trailing cells left off) takes the long way
        self.take, self.points = picker(places), points
        self.others = picker(others)

    def scores(self, values: list[str], numbers: dict[str, tuple[Decimal, str] | None]) -> list[tuple[Decimal, str]] | None:
        """(value, as written back) of each of the rater's columns, in column order; None unless all is well."""
        if len(values) < self.width or any(self.others(values)):
            return None
        texts = self.take(values)
        try:
            scores = [numbers[text] for text in texts]
        except KeyError:  # a text not seen before in this sheet
            scores = [numbers[text] if text in numbers else numbers.setdefault(text, _number(text)) for text in texts]
        if None in scores or not all(map(operator.le, [value for value, _ in scores], self.points)):
            return None
        return scores


def _number(text: str) -> tuple[Decimal, str] | None:
    value = _score(text)
    return None if value is None else (value, str(value))


_decimal = functools.lru_cache(maxsize=4096)(Decimal)  # a score written back as itself (str(Decimal) is exact)


@functools.lru_cache(maxsize=4096)  # a roster's scores repeat: 8, 8.5, 10 …
def _score(text: str) -> Decimal | None:
    """A score cell's number, exactly; None when it is not a plain number."""
    value = plain(text)
    return Decimal(value) if _NUMBER.fullmatch(value) else None
