"""A cycle's staff list (考评人员名单, cycles/<id>/staff.csv or .xlsx): who may assess, rate, supervise
and run the exam, every row checked against the seed's rules (annexes 3 and 4) and the plan.

Columns: 姓名, 角色 (考评员 / 高级考评员 / 定级评价员 / 督导人员 / 考务人员), 评价主体 (定级评价员 only:
班组长 / 车间主管 / 主管部门 / 人力资源部门), 可考评职业 (occupations or trades of the plan, several
separated by 、 or ；; blank for 督导人员 and 考务人员), 部门 (optional; used for 回避). A person may hold
several roles, one row each: the name is the person, so they are never in two places at once."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import InvalidInput, Problem, did_you_mean
from ..core.tables import Table, read_table
from ..core.terms import RATERS, display_name, illegal_character, trade_of
from ..plan.facts import FORMER_TITLES, rater_keys
from .roster import check_name

STAFF_STEM = "staff"
EXAMINER, SENIOR, RATER, SUPERVISOR, CLERK = "考评员", "高级考评员", "定级评价员", "督导人员", "考务人员"
ROLES = (EXAMINER, SENIOR, RATER, SUPERVISOR, CLERK)
# the highest level (smallest number) each examiner grade may assess: seed 二、（二） and annex 3
HIGHEST_LEVEL = {EXAMINER: 3, SENIOR: 1}
NEEDS_OCCUPATIONS = (EXAMINER, SENIOR, RATER)
SEPARATORS = re.compile(r"[、;；,，/]+")


@dataclass(frozen=True)
class Staff:
    """One checked row of the staff list: a person in one role."""

    row: int
    name: str
    role: str
    rater: str  # 评价主体 of a 定级评价员, else ""
    occupations: tuple[str, ...]  # as written: occupation names, trade names or display names
    department: str

    def covers(self, occupation: dict) -> bool:
        """Qualified for this plan row: an occupation covers its trades; a trade covers only itself."""
        names = {occupation["name"], trade_of(occupation), display_name(occupation)}
        return any(o in names for o in self.occupations)

    def may_assess(self, level: int) -> bool:
        """考评员 assess 五级 to 三级, 高级考评员 五级 to 一级; other roles are not examiners."""
        return self.role in HIGHEST_LEVEL and level >= HIGHEST_LEVEL[self.role]


def read_staff(path: Path, plan: dict) -> list[Staff]:
    """Every row of the staff list; InvalidInput naming every problem by row and column otherwise."""
    table = read_table(path, ["姓名", "角色"])
    known = _occupation_names(plan)
    raters = rater_keys(plan)  # 部门经理, as a service business's forms say, is 车间主管
    staff, problems, seen = [], [], {}
    for row in table.rows:
        found = _check_row(table, row.number, row.cells, known, raters)
        if isinstance(found, list):
            problems += found
        elif (found.name, found.role, found.rater) in seen:
            problems.append(table.problem(row.number, "姓名", f"与第 {seen[found.name, found.role, found.rater]} 行重复："
                                                             f"{found.name}已列为{found.rater or found.role}"))
        else:
            seen[found.name, found.role, found.rater] = row.number
            staff.append(found)
    if problems:
        raise InvalidInput(problems)
    if not staff:
        raise InvalidInput([Problem(str(path), 0, 0, "", "名单是空的：没有任何考评人员")])
    return staff


def _occupation_names(plan: dict) -> list[str]:
    names: list[str] = []
    for o in plan["occupations"]:
        names += [n for n in (o["name"], trade_of(o), display_name(o)) if n not in names]
    return names


def _check_row(table: Table, n: int, cells: dict[str, str], known: list[str],
               raters: dict[str, str]) -> Staff | list[Problem]:
    """A Staff for a good row; else everything wrong with it. raters: the 评价主体 as the plan's forms
    name them → as the plan's weights do."""
    problems: list[Problem] = []

    def bad(column: str, message: str) -> None:
        problems.append(table.problem(n, column, message))

    for column, value in cells.items():
        if message := illegal_character(value):
            bad(column, message)
    name, role, rater = cells.get("姓名", ""), cells.get("角色", ""), cells.get("评价主体", "")
    if not name:
        bad("姓名", "不能为空")
    else:  # a staff member's name goes into the staffing sheet and badges as a roster name does
        check_name(name, bad)
    if role not in ROLES:
        bad("角色", f"应为{'、'.join(ROLES)}之一，实际为“{role}”" + did_you_mean(role, list(ROLES)) if role
            else f"不能为空：应为{'、'.join(ROLES)}之一")
    rater = raters.get(rater, rater)
    if role == RATER and rater not in RATERS:
        shown = "、".join(r for r in raters if r not in FORMER_TITLES)  # as the forms print them
        bad("评价主体", f"定级评价员须写明评价主体（{shown}），实际为“{rater}”" if rater
            else f"定级评价员须写明评价主体（{shown}）")
    elif role in ROLES and role != RATER and rater:
        bad("评价主体", f"只有定级评价员填写评价主体；{role}应留空，实际为“{rater}”")
    occupations = tuple(o for o in SEPARATORS.split(cells.get("可考评职业", "")) if o.strip())
    _check_occupations(role, occupations, known, bad)
    if problems:
        return problems
    return Staff(n, name, role, rater if role == RATER else "", tuple(o.strip() for o in occupations),
                 cells.get("部门", ""))


def _check_occupations(role: str, occupations: tuple[str, ...], known: list[str], bad) -> None:
    if role in NEEDS_OCCUPATIONS and not occupations:
        bad("可考评职业", f"{role}须写明可考评的职业（工种），多个用“、”分隔")
    elif role in (SUPERVISOR, CLERK) and occupations:
        bad("可考评职业", f"{role}不承担考评，应留空")
    for o in occupations:
        if role in NEEDS_OCCUPATIONS and o.strip() not in known:
            bad("可考评职业", f"方案的认定范围中没有“{o.strip()}”" + (did_you_mean(o.strip(), known)
                                                                 or f"；认定范围：{'、'.join(dict.fromkeys(known))}"))
