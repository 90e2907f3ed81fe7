"""A cycle's roster of candidates (报名名册): read, and every row checked against the ID card rules,
the plan and this cycle's offerings. Problems are reported by file, row and column."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..core import codes
from ..core.errors import Problem, did_you_mean
from ..core.tables import Table, read_table
from ..core.terms import GRADING, display_name, illegal_character, trade_of

COLUMNS = ["姓名", "性别", "出生年月", "身份证号", "文化程度", "工作岗位", "申报职业", "工种", "申报等级",
           "本单位工作年限", "本职业工龄"]
REQUIRED = [c for c in COLUMNS if c != "工种"]  # 工种 may be left blank when the occupation has none
MIN_AGE = 16  # 劳动法: no one under 16 is employed, so no one younger is assessed

_LEVELS = {**{str(n): n for n in range(1, 6)}, **{f"{n}级": n for n in range(1, 6)},
           **{v: k for k, v in codes.LEVEL_SHORT.items()}, **{v: k for k, v in codes.LEVEL_NAMES.items()},
           **{v.split("/")[1]: k for k, v in codes.LEVEL_NAMES.items()}}


@dataclass(frozen=True)
class Candidate:
    """One checked roster row: who applies for which occupation, level and method."""

    row: int
    name: str
    gender: str
    birth: str  # YYYY-MM
    id_number: str
    education: str
    post: str
    occupation: str  # the plan's display name: 电工, 焊工（电焊工）
    level: int
    method: str
    years_here: str
    years_trade: str

    @property
    def masked_id(self) -> str:
        return codes.masked_id(self.id_number)


def read_roster(path: Path, plan: dict, cycle: dict) -> tuple[list[Candidate], list[Problem]]:
    """Every valid row as a Candidate, and a problem for everything wrong in the others."""
    table = read_table(path, REQUIRED)
    offered = _offered(plan, cycle)
    candidates, problems, seen = [], [], {}
    for row in table.rows:
        found = _check_row(table, row.number, row.cells, plan, cycle, offered)
        if isinstance(found, list):
            problems += found
            continue
        key = found.id_number
        if key in seen:
            problems.append(table.problem(row.number, "身份证号", f"与第 {seen[key]} 行重复：同一人在一批中只能申报一次"))
            continue
        seen[key] = row.number
        candidates.append(found)
    return candidates, problems


def _offered(plan: dict, cycle: dict) -> dict[tuple[str, str], tuple[dict, set[int]]]:
    """(职业, 工种) → (the plan's occupation row, the levels this cycle offers for it)."""
    offered: dict[tuple[str, str], tuple[dict, set[int]]] = {}
    for offer in cycle["offerings"]:
        for o in plan["occupations"]:
            if trade_of(o) == offer["trade"] and set(offer["levels"]) & set(o["levels"]):
                key = (o["name"], o.get("trade") or "")
                levels = offered.get(key, (o, set()))[1] | (set(offer["levels"]) & set(o["levels"]))
                offered[key] = (o, levels)
    return offered


def _check_row(table: Table, n: int, cells: dict[str, str], plan: dict, cycle: dict, offered: dict):
    """A Candidate for a good row; else the list of everything wrong with it."""
    problems: list[Problem] = []

    def bad(column: str, message: str) -> None:
        problems.append(table.problem(n, column, message))

    for column in REQUIRED:
        if not cells.get(column):
            bad(column, "不能为空")
    for column, value in cells.items():  # pasted from other programs: what Word cannot hold is refused
        if message := illegal_character(value):
            bad(column, message)
    birth = _check_identity(table, n, cells, cycle, bad)
    for column in ("本单位工作年限", "本职业工龄"):
        value = cells.get(column, "")
        if value and not re.fullmatch(r"\d{1,2}(\.\d)?年?", value):
            bad(column, f"应为年数，如 3 或 2.5，实际为“{value}”")
    row, level = _check_application(cells, offered, bad)
    if problems or row is None or level is None or birth is None:
        return problems
    return Candidate(n, cells["姓名"], cells["性别"], birth, _id_number(cells), cells["文化程度"], cells["工作岗位"],
                     display_name(row), level, row["method"], cells["本单位工作年限"].rstrip("年"),
                     cells["本职业工龄"].rstrip("年"))


def _id_number(cells: dict[str, str]) -> str:
    return cells.get("身份证号", "").replace(" ", "").upper()


def _check_identity(table: Table, n: int, cells: dict[str, str], cycle: dict, bad) -> str | None:
    """Gender, birth month and age against the ID number; the birth month as YYYY-MM when readable."""
    gender, id_number = cells.get("性别", ""), _id_number(cells)
    if gender and gender not in ("男", "女"):
        bad("性别", f"应为“男”或“女”，实际为“{gender}”")
    birth = _year_month(cells.get("出生年月", ""))
    if cells.get("出生年月") and birth is None:
        bad("出生年月", f"应为年月，如 1990-05 或 1990年5月，实际为“{cells['出生年月']}”")
    if id_number and (n, "身份证号") in table.numbers:
        bad("身份证号", "被 Excel 存成了数字，只保留了15位有效数字、末几位已丢失：请把该列设为“文本”后重新输入")
        return birth
    if not id_number:
        return birth
    if problem := codes.id_number_problem(id_number):
        bad("身份证号", problem)
        return birth
    if birth and id_number[6:12] != birth.replace("-", ""):
        bad("出生年月", f"与身份证号不符：身份证上为 {id_number[6:10]}-{id_number[10:12]}")
    id_gender = "男" if int(id_number[16]) % 2 else "女"
    if gender in ("男", "女") and gender != id_gender:
        bad("性别", f"与身份证号不符：身份证号第17位表示“{id_gender}”")
    born = dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    start = cycle["assessment"]["start"]
    age = start.year - born.year - ((start.month, start.day) < (born.month, born.day))
    if age < MIN_AGE:
        bad("身份证号", f"认定开始时未满{MIN_AGE}周岁（{age}岁）")
    return birth


def _check_application(cells: dict[str, str], offered: dict, bad) -> tuple[dict | None, int | None]:
    """The plan's occupation row and the level applied for, when this cycle offers them."""
    occupation, level = cells.get("申报职业", ""), _LEVELS.get(cells.get("申报等级", "").replace(" ", ""))
    if cells.get("申报等级") and level is None:
        bad("申报等级", f"应为1-5级（如 4、四级、中级工），实际为“{cells['申报等级']}”")
    if not occupation:
        return None, level
    key = (occupation, cells.get("工种", ""))
    if key not in offered:
        names = [f"{o}（{t}）" if t else o for o, t in offered]
        shown = f"{occupation}（{key[1]}）" if key[1] else occupation
        hint = did_you_mean(shown, names)
        bad("工种" if key[1] else "申报职业", f"本批不认定“{shown}”" + (hint or f"；本批认定：{'、'.join(names)}"))
        return None, level
    row, levels = offered[key]
    if level is not None and level not in levels:
        listed = "、".join(f"{lv}级" for lv in sorted(levels, reverse=True))
        bad("申报等级", f"本批“{display_name(row)}”只认定{listed}，不含{level}级")
    elif level is not None and row["method"] == GRADING and level not in codes.GRADING_LEVELS:
        bad("申报等级", f"定级评价只用于五级至三级，不含{level}级")
    return row, level


def _year_month(text: str) -> str | None:
    """1990-05, 1990.5, 1990/05, 1990年5月, 199005 or an Excel date → 1990-05."""
    m = re.fullmatch(r"(\d{4})\s*(?:[-./年]\s*(\d{1,2})\s*月?(?:[-./]\d{1,2}日?)?|(\d{2}))", text.strip())
    if not m:
        return None
    month = int(m.group(2) or m.group(3))
    return f"{m.group(1)}-{month:02d}" if 1 <= month <= 12 else None
