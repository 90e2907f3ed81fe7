"""The 定级评价表 (附件1) and the score sheet that feeds it, in one place: the three sections with
their items and each rater's weight, which columns each rater fills for a candidate, the subjects a
晋级评价 candidate sits, the one pass rule, and the form as printed (blank, pre-filled or scored)."""
from __future__ import annotations

import decimal
import functools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from ..core import codes
from ..core.subjects import PRACTICE, REVIEW, REVIEW_FROM, THEORY
from ..core.tables import picker
from ..core.terms import GRADING, RATERS, display_name, label_lines, level_range, name_lines, text_units
from . import clauses
from .facts import (
    CONSTRUCTION,
    LOGISTICS,
    NEUTRAL,
    SERVICES,
    SUBSIDIARY,
    UTILITIES,
    rater_names,
    sector_family,
    signature_label,
    units_of,
    weights_of,
)

TITLE = "企业职业（岗位）技能等级定级评价表"  # 附件1's title, in the filing's list of annexes too


# the 职业道德 and 核心能力 items' wording by sector family (plan/library/plan.yaml): a workshop's as the
# seed has them; a building site's, a service business's, and everyone else's (no 车间, 产品 or 文明生产)
ITEM_VARIANTS = {CONSTRUCTION: "construction", SERVICES: "service", UTILITIES: "general", LOGISTICS: "general",
                 NEUTRAL: "general"}


class Candidate(Protocol):
    """Whom a form is for, as far as the form's shape goes (a roster's Candidate is one)."""

    method: str
    occupation: str
    level: int


# 表2's columns in twips, across the 8844 of the text: 评价内容 ("（10分）" on one line), 评价标准 (what the
# others leave), 配分 ("100%"), a column per rater as wide as its title's longest line in the 五号 of the
# head row (a weight or a score fits the narrowest), 加权平均分 (加权 / 平均分)
TEXT_WIDTH, CONTENT_WIDTH, POINTS_WIDTH, WEIGHTED_WIDTH, RATER_MIN_WIDTH = 8844, 1290, 760, 820, 640
# half a 五号 character (the head), a 小四 digit and per cent sign (a weight); a cell's margins, and the room
# LibreOffice wants beyond the text's exact width
HALF_CHARACTER, DIGIT, PERCENT, CELL_ROOM = 105, 120, 200, 190
STANDARD_MIN_WIDTH = 2400  # 评价标准: ten characters a line
EMPLOYER_CHARACTERS = 14  # 表1's 工作单位 (3600 twips): a longer name breaks between its words
SIGNATURE_CHARACTERS = 11  # 表3's first column (2840 twips): 人力资源部门负责人签字 on one line


UNSCORED_RESULT = "□通过　　　　□不通过"


@dataclass(frozen=True)
class Section:
    """One part of 表2: 职业道德 (10), 核心能力 (10) or 职业能力 (80), its items and its raters' weights."""

    number: str
    name: str
    points: int
    groups: list[tuple[str, list[dict]]]  # (module, items); module "" when the section has none
    weights: dict[str, int]  # rater → %, only the raters who rate this section

    @property
    def items(self) -> list[dict]:
        """The section's items, modules in order."""
        return [item for _, items in self.groups for item in items]


SECTION_KEYS = ("ethics_weights", "core_weights", "ability_weights")


def appraisal_sections(plan: dict, occupation: dict) -> list[Section]:
    """The three parts of an occupation's 定级评价表 with their items and the weights of the raters who
    rate them (a rater weighted 0 does not)."""
    weights = weights_of(plan, occupation)
    library = clauses.library("plan")
    ethics, core = library["ethics_items"], library["core_items"]
    variant = ITEM_VARIANTS.get(sector_family(plan))
    if variant:
        ethics, core = ([{**item, **item.get(variant, {})} for item in items] for items in (ethics, core))
    rated = {key: {r: w for r, w in weights[key].items() if w} for key in SECTION_KEYS}  # a weight of 0: no say
    return [Section("1", "职业道德", 10, [("", ethics)], rated["ethics_weights"]),
            Section("2", "核心能力", 10, [("", core)], rated["core_weights"]),
            Section("3", "职业能力", 80, _modules(occupation["appraisal"]), rated["ability_weights"])]


@functools.lru_cache(maxsize=4096, typed=True)  # 10,000 forms print the same few scores
def number_text(value) -> str:
    """A score as printed: 1.5, 2, 87.25 (no trailing zeros, no exponent)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def score_layout(plan: dict, occupation: dict) -> list[tuple[dict, tuple[str, str] | None, list[tuple[str, bool]]]]:
    """表2 without its scores, the same for every form of the occupation: each row, the (section
    number, item name) its scores are filed under (None for a section's weight row), and for each rater
    of the form (raters(): no one else has a column) whether they score it."""
    layout = []
    shown = raters(plan, occupation)
    for section in appraisal_sections(plan, occupation):
        rated = [(r, r in section.weights) for r in shown]
        merged = len(section.groups) == 1  # a section without modules merges its label down over its items
        layout.append(({"label": f"{section.number}\n{section.name}\n（{section.points}分）", "merge_first": True,
                        "standard": "权重", "style": "TableHead", "points": "100%", "weighted": "",
                        "cells": [f"{section.weights[r]}%" if ok else "—" for r, ok in rated]},
                       None, rated))
        for m, (module, items) in enumerate(section.groups, 1):
            label = f"{section.number}.{m}\n{module}" if module else ""
            for i, item in enumerate(items):
                first = not merged and i == 0
                # a continued (merged-down) cell stays empty: Word would otherwise keep its text hidden inside
                layout.append(({"label": label if first else "", "merge_first": first,
                                "standard": f"{item['name']}：{item['standard']}", "style": "TableTextLeft",
                                "points": str(item["points"])}, (section.number, item["name"]), rated))
    return layout


def _score_rows(plan: dict, occupation: dict, scored: dict | None = None, layout: list | None = None) -> list[dict]:
    """Rows of 表2: each section's weight row, then its items; 职业能力 items grouped by module.

    scored, for a filled form: (section number, item name) → ({rater: score}, weighted score).
    layout: score_layout(plan, occupation), when the caller keeps it for many forms."""
    rows = []
    for row, key, rated in layout or score_layout(plan, occupation):
        if key is None:
            rows.append(row)
            continue
        scores, weighted = (scored or {}).get(key, ({}, None))
        rows.append({**row, "weighted": "" if weighted is None else codes.exact_score(weighted),
                     "cells": [number_text(scores[r]) if r in scores else ("" if ok else "—") for r, ok in rated]})
    return rows


def _modules(items: list[dict]) -> list[tuple[str, list[dict]]]:
    groups: dict[str, list[dict]] = {}
    for item in items:
        groups.setdefault(item["module"], []).append(item)
    return list(groups.items())


def blank_candidate(plan: dict) -> dict[str, str]:
    """The candidate fields of an unfilled form: only the employer may be known, and only when every
    applicant works for the company itself (its 分公司 are part of it; a 子公司 is an employer of its own)."""
    employer = "" if any(u["kind"] == SUBSIDIARY for u in units_of(plan)) else plan["company"]["name"]
    return {"name": "", "gender": "", "birth": "", "id_label": "证件号码", "id_number": "", "education": "",
            "employer": name_lines(employer, EMPLOYER_CHARACTERS), "post": "", "years_here": "", "years_trade": ""}


def grading_form(plan: dict, occupation: dict, level: int | list[int], candidate=None, outcome=None,
                 layout: list | None = None) -> dict[str, Any]:
    """One 定级评价表: blank, pre-filled with a candidate (roster.Candidate), or with the scores too
    (scoring.Outcome); layout: score_layout(plan, occupation), kept by a batch of many forms. level: a
    candidate's, or the levels one blank form stands for (the items are the row's, the same for each):
    表2 names them all, 表1's 申报等级 is the one level applied for (left to fill in when there are several)."""
    total, result = form_result(outcome)
    levels = [level] if isinstance(level, int) else sorted(level, reverse=True)
    shown = codes.LEVEL_NAMES[levels[0]] if len(levels) == 1 else level_range(levels)
    return {"occupation": display_name(occupation), "level": shown, "applied": shown if len(levels) == 1 else "",
            "candidate": form_person(plan, candidate), **form_raters(plan, occupation),
            "rows": _score_rows(plan, occupation, outcome.scored if outcome is not None else None, layout),
            "total": total, "result": result}


def form_raters(plan: dict, occupation: dict) -> dict[str, Any]:
    """Who the form names, each by the plan's one title for them (facts.rater_labels): the raters who
    weigh in on this occupation, as 表2's columns (the title in lines, the column's width) and as 表3's
    rows to sign; and 表2's widths around them."""
    names, sections = rater_names(plan), appraisal_sections(plan, occupation)
    for most in range(2, 7):  # long titles take more lines, so 评价标准 keeps the width its text needs
        columns = []
        for rater in raters(plan, occupation):
            label = label_lines(names[rater], most)
            head = round(max(text_units(line) for line in label.split("\n")) * HALF_CHARACTER)
            weight = max(len(str(s.weights[rater])) * DIGIT + PERCENT for s in sections if rater in s.weights)
            columns.append({"label": label, "width": max(RATER_MIN_WIDTH, head + CELL_ROOM, weight + CELL_ROOM)})
        right = sum(c["width"] for c in columns) + WEIGHTED_WIDTH
        standard = TEXT_WIDTH - CONTENT_WIDTH - POINTS_WIDTH - right
        if standard >= STANDARD_MIN_WIDTH:
            break
    return {"raters": columns, "signers": [name_lines(signature_label(names[r]), SIGNATURE_CHARACTERS)
                                           for r in raters(plan, occupation)],
            # 表2's columns, and the cells across several: the occupation's (two), the levels' (配分, the
            # raters' and 加权平均分: 技能等级：五级至三级 on one line beside two raters), 总得分's (two)
            "widths": {"content": CONTENT_WIDTH, "standard": standard, "points": POINTS_WIDTH, "weighted": WEIGHTED_WIDTH,
                       "occupation": TEXT_WIDTH - right - POINTS_WIDTH, "levels": right + POINTS_WIDTH,
                       "levels_span": len(columns) + 2,
                       "total": CONTENT_WIDTH + standard}}


def form_person(plan: dict, candidate=None) -> dict[str, str]:
    """The form's candidate fields: blank but for the employer, or the candidate's."""
    person = blank_candidate(plan)
    if candidate is not None:
        unit = getattr(candidate, "unit", "") or plan["company"]["name"]
        person.update(name=candidate.name, gender=candidate.gender, birth=candidate.birth,
                      id_label=candidate.id_label, id_number=candidate.id_number, education=candidate.education, post=candidate.post,
                      employer=name_lines(unit, EMPLOYER_CHARACTERS),
                      years_here=f"{candidate.years_here}年", years_trade=f"{candidate.years_trade}年")
    return person


def form_result(outcome=None) -> tuple[str, str]:
    """The form's total and result: blank boxes before scoring, 缺考, or the exact total and the ticked box."""
    if outcome is None:
        return "", UNSCORED_RESULT
    if outcome.absent:
        return "缺考", "缺考"
    return codes.exact_score(outcome.total), "☑通过　　　　□不通过" if outcome.passed else "□通过　　　　☑不通过"


def grading_context(plan: dict, annex_no: int | None, forms: list[dict] | None = None) -> dict[str, Any]:
    """Annex 1: one blank form per 定级评价 occupation row, for the levels it names (or the given forms,
    annex_no None for forms printed outside the filing)."""
    if forms is None:  # a blank form would be the same for each level of a row: one per row, naming its levels
        forms = [grading_form(plan, o, o["levels"]) for o in plan["occupations"] if o["method"] == GRADING]
    return {"annex_no": annex_no, "title": TITLE, "forms": forms, "pass_mark": plan["appraisal"]["pass_mark"]}


EXAM = "考试"  # 评价主体 of a 晋级评价 candidate's row


EXAM_PARTS = (THEORY, PRACTICE, REVIEW)  # the subjects prepare seats candidates for (core/subjects.py)


EXAM_PASS = Decimal(60)


def weighted_score(given: dict[str, Decimal], weights) -> Decimal:
    """An item's weighted score: each rater's score times their weight in per cent, summed exactly
    (every digit, codes.EXACT: in the workers that print the forms too)."""
    with decimal.localcontext(codes.EXACT):
        return sum((given[rater] * weight / 100 for rater, weight in weights), Decimal(0))


def reaches(score: Decimal, mark) -> bool:
    """The one pass rule of both methods: the exact score against the mark, never a rounded one."""
    return score >= Decimal(str(mark))


def item_columns(plan: dict, occupation: dict) -> list[tuple[str, int]]:
    """The score columns of a 定级评价 occupation, in form order, with each item's points."""
    return [(item["name"], item["points"]) for s in appraisal_sections(plan, occupation) for item in s.items]


def raters(plan: dict, occupation: dict) -> list[str]:
    """The raters who score at least one section of this occupation's form, in the form's order."""
    sections = appraisal_sections(plan, occupation)
    return [r for r in RATERS if any(s.weights.get(r) for s in sections)]


def exam_parts(level: int) -> tuple[str, ...]:
    """The subjects a 晋级评价 candidate sits: 综合评审 only from 二级 up."""
    return EXAM_PARTS if level <= REVIEW_FROM else EXAM_PARTS[:2]


def rater_columns(plan: dict, candidate: Candidate, rater: str) -> dict[str, int]:
    """The columns this rater fills for this candidate, with their points: the items of the sections
    where the rater has a weight, or the subjects of the candidate's level."""
    if candidate.method != GRADING:
        return {part: 100 for part in exam_parts(candidate.level)}
    return {item["name"]: item["points"] for s in appraisal_sections(plan, occupation_of(plan, candidate))
            if s.weights.get(rater) for item in s.items}


def row_raters(plan: dict, candidate: Candidate) -> list[str]:
    """The 评价主体 of a candidate's rows: the weighted raters, or 考试."""
    return raters(plan, occupation_of(plan, candidate)) if candidate.method == GRADING else [EXAM]


def score_columns(plan: dict) -> set[str]:
    """Every column that holds a score for someone: the items of every 定级 form and the subjects."""
    return {name for o in plan["occupations"] if o["method"] == GRADING for name, _ in item_columns(plan, o)} | set(
        EXAM_PARTS)


def occupation_of(plan: dict, candidate: Candidate) -> dict:
    """The plan's occupation row a candidate applies under (an occupation may be split by level)."""
    return next(o for o in plan["occupations"] if display_name(o) == candidate.occupation
                and candidate.level in o["levels"])


class FormFacts:
    """What a candidate's form asks of whom (raters, their columns, the weights): the same for
    everyone of one method, occupation and level, so worked out once each (FormKind), not once
    per row of 40,000."""

    def __init__(self, plan: dict):
        self.plan, self.kinds = plan, {}

    def kind(self, candidate: Candidate) -> FormKind:
        """The FormKind of the candidate's method, occupation and level (made once)."""
        key = (candidate.method, candidate.occupation, candidate.level)
        kind = self.kinds.get(key)
        if kind is None:
            kind = self.kinds[key] = FormKind(self.plan, candidate)
        return kind

    def columns(self, candidate: Candidate, rater: str) -> dict[str, int]:
        """The columns this rater fills for the candidate, with their points."""
        return self.kind(candidate).columns(rater)

    def raters(self, candidate: Candidate) -> list[str]:
        """The 评价主体 of the candidate's rows."""
        return self.kind(candidate).raters

    def flat(self, candidate: Candidate) -> tuple[tuple[tuple[str, str], ...], tuple[Decimal, ...]]:
        """The form's (rater, item) cells in Outcome.given's order, and their weights."""
        return self.kind(candidate).flat

    def weights(self, candidate: Candidate) -> tuple:
        """((section number, item), ((rater, weight in per cent), …)) for each item of the form: the
        Outcome.form every outcome of this occupation and level shares."""
        return self.kind(candidate).weights


class FormKind:
    """The forms of one method, occupation and level (made from the first candidate of it)."""

    def __init__(self, plan: dict, candidate: Candidate):
        self.plan, self.candidate = plan, candidate
        self.raters = row_raters(plan, candidate)
        self.by_rater: dict[str, dict[str, int]] = {}

    def columns(self, rater: str) -> dict[str, int]:
        """The columns this rater fills, with their points (worked out once a rater)."""
        if rater not in self.by_rater:
            self.by_rater[rater] = rater_columns(self.plan, self.candidate, rater)
        return self.by_rater[rater]

    @functools.cached_property
    def weights(self) -> tuple:
        """((section number, item), ((rater, weight), …)) for each item of the form."""
        return tuple(((s.number, item["name"]), tuple((r, Decimal(w)) for r, w in s.weights.items() if w))
                     for s in appraisal_sections(self.plan, occupation_of(self.plan, self.candidate)) for item in s.items)

    @functools.cached_property
    def from_rows(self) -> Callable[[list], tuple]:
        """The raters' row values joined (in `raters` order, each in its columns' order) → the same
        values in `flat`'s order."""
        joined = [(rater, column) for rater in self.raters for column in self.columns(rater)]
        place = {cell: i for i, cell in enumerate(joined)}
        return picker([place[cell] for cell in self.flat[0]])

    @functools.cached_property
    def flat(self) -> tuple[tuple[tuple[str, str], ...], tuple[Decimal, ...]]:
        """The form's (rater, item) cells in Outcome.given's order, and their weights."""
        return (tuple((r, key[1]) for key, weights in self.weights for r, _ in weights),
                tuple(w for _, weights in self.weights for _, w in weights))
