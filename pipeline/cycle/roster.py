"""A cycle's roster of candidates (报名名册): read, and every row checked against the ID document
rules, the plan and this cycle's offerings. Problems are reported by file, row and column."""
from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..core import codes
from ..core.errors import InvalidInput, Problem, did_you_mean
from ..core.tables import Row, Table, bulk, open_table, plain, read_table, simplified
from ..core.terms import GRADING, display_name, illegal_character, trade_of

if TYPE_CHECKING:
    from ..core.parallel import Workers

ID_COLUMN = "证件号码"
ID_ALIASES = {ID_COLUMN: ("身份证号",)}  # existing rosters and score sheets head it 身份证号
COLUMNS = ["姓名", "性别", "出生年月", ID_COLUMN, "文化程度", "工作岗位", "申报职业", "工种", "申报等级",
           "本单位工作年限", "本职业工龄"]
REQUIRED = [c for c in COLUMNS if c != "工种"]  # 工种 may be left blank when the occupation has none
# 证件类型 (absent or blank: 居民身份证), the candidate's 部门, and a certificate already held
OPTIONAL = ("工种", "证件类型", "部门", "工作单位", "已有证书")
MIN_AGE = 16  # 劳动法: no one under 16 is employed, so no one younger is assessed and no one worked younger
# a spreadsheet reads a cell starting with one of these as a formula (OWASP CSV injection)
FORMULA_START = ("=", "+", "-", "@", "#")

_LEVELS = {**{str(n): n for n in range(1, 6)}, **{f"{n}级": n for n in range(1, 6)},
           **{v: k for k, v in codes.LEVEL_SHORT.items()}, **{v: k for k, v in codes.LEVEL_NAMES.items()},
           **{v.split("/")[1]: k for k, v in codes.LEVEL_NAMES.items()}}


@dataclass(frozen=True)
class Held:
    """A certificate the candidate already holds (已有证书): 职业, 等级, 证书编号, 发证日期."""

    occupation: str
    level: int
    number: str
    issued: str  # YYYY-MM-DD


@dataclass(frozen=True, slots=True)
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
    id_type: str = codes.RESIDENT_ID
    department: str = ""
    unit: str = ""  # 工作单位 of a group's applicant: the company, or one of its 分公司 or 子公司 (empty: the company)
    held: tuple[Held, ...] = ()

    @property
    def masked_id(self) -> str:
        """The ID number as public documents print it (the middle hidden)."""
        return codes.masked_id(self.id_number)

    @property
    def id_label(self) -> str:
        """身份证号, 护照号码 …: what a form prints beside the number."""
        return codes.ID_LABELS[self.id_type]


@bulk
def read_roster(path: Path, plan: dict, cycle: dict, workers: Workers | None = None) -> tuple[list[Candidate], list[Problem]]:
    """Every valid row as a Candidate, and a problem for everything wrong in the others. With
    workers, every other block of rows is checked by one of them meanwhile (a 10,000-row roster on
    two cores); the rows that repeat an earlier one are found here, in row order."""
    table, rows = open_table(path, REQUIRED, OPTIONAL, ID_ALIASES)  # row by row: 10,000 rows are never all held
    offered = _offered(plan, cycle)
    units = unit_addresses(plan)
    candidates, problems, seen, count = [], [], {}, 0
    for n, found in _checked_rows(table, rows, cycle, offered, workers):
        count += 1
        if isinstance(found, list):
            problems += found
            continue
        if found.unit and found.unit not in units:
            problems.append(table.problem(n, "工作单位", f"应为方案中的企业或其分公司、子公司的全称：实际为“{found.unit}”"
                                          + (did_you_mean(found.unit, list(units)) or f"；可写：{'、'.join(units)}")))
            continue
        key = found.id_number
        if key in seen:
            problems.append(table.problem(n, ID_COLUMN, f"与第 {seen[key]} 行重复：同一人在一批中只能申报一次"))
            continue
        seen[key] = n
        candidates.append(found)
    if not count:
        raise InvalidInput([Problem(str(path), 1, 0, "", "名册只有表头，没有任何人员：请填写报名人员后再运行")])
    return candidates, problems


def unit_addresses(plan: dict) -> dict[str, str]:
    """工作单位 a roster may name → its address: the company, its 分公司 and 子公司."""
    from ..plan.facts import units_of

    return {plan["company"]["name"]: plan["company"]["address"], **{u["name"]: u["address"] for u in units_of(plan)}}


BLOCK = 1000  # rows checked together, here or by a worker


def _checked_rows(table: Table, rows: Iterator[Row], cycle: dict, offered: dict,
                  workers: Workers | None) -> Iterator[tuple[int, Candidate | list[Problem]]]:
    """(row number, its Candidate or its problems) for every row, in order: once a worker is up, of
    each two blocks of rows the second goes to it before this process checks the first."""
    numbered = ((row.number, row.cells.filled()) for row in rows)
    blocks = iter(lambda: list(itertools.islice(numbered, BLOCK)), [])
    for here in blocks:
        away = next(blocks, None) if workers is not None and workers.started() else None
        # the table as read so far goes along: it names a problem's column, and knows the cells Excel stored as numbers
        later = None if away is None else workers.submit(_check_block, (table, away, cycle, offered))
        yield from _check_block((table, here, cycle, offered))
        if later is not None:
            yield from later.result()


def _check_block(task) -> list[tuple[int, Candidate | list[Problem]]]:
    table, block, cycle, offered = task
    return [(n, _check_row(table, n, cells, cycle, offered)) for n, cells in block]


def _offered(plan: dict, cycle: dict) -> dict[tuple[str, str], dict[int, dict]]:
    """(职业, 工种) → the plan's occupation row of each level this cycle offers for it: one
    occupation may be split by method (定级 五至三级, 晋级 二至一级), and each level has its own row."""
    offered: dict[tuple[str, str], dict[int, dict]] = {}
    for offer in cycle["offerings"]:
        for o in plan["occupations"]:
            if trade_of(o) == offer["trade"]:
                for level in set(offer["levels"]) & set(o["levels"]):
                    offered.setdefault((o["name"], o.get("trade") or ""), {})[level] = o
    return offered


def _check_row(table: Table, n: int, cells: dict[str, str], cycle: dict, offered: dict):
    """A Candidate for a good row; else the list of everything wrong with it."""
    problems: list[Problem] = []

    def bad(column: str, message: str) -> None:
        problems.append(table.problem(n, column, message))

    for column in REQUIRED:
        if not cells.get(column):  # in a workbook, a formula without its value reads as empty: said as such
            bad(column, table.blank_reason(n, column, column, column) or "不能为空")
    # pasted from other programs: what Word cannot hold is refused (the row searched once, each cell
    # only when something is there)
    filled = cells.items()
    if illegal_character("".join(value for _, value in filled)):
        for column, value in filled:
            if message := illegal_character(value):
                bad(column, message)
    check_name(cells.get("姓名", ""), bad)
    birth = _check_identity(table, n, cells, cycle, bad)
    years = _check_years(cells, birth, cycle, bad)
    row, level = _check_application(cells, offered, bad)
    held = _check_held(cells.get("已有证书", ""), cycle, bad)
    if problems or row is None or level is None or birth is None or years is None:
        return problems
    return Candidate(n, cells["姓名"], cells["性别"], birth, _id_number(cells), cells["文化程度"], cells["工作岗位"],
                     display_name(row), level, row["method"], *years, id_type=_id_type(cells),
                     department=cells.get("部门", ""), unit=cells.get("工作单位", ""), held=held)


def check_name(name: str, bad) -> None:
    """A name is kept exactly as written (·, 𠀀, Latin letters), but never as something a spreadsheet
    would run: no formula start, no control or invisible characters."""
    if name.startswith(FORMULA_START):
        bad("姓名", f"不能以“{name[0]}”开头（电子表格会把它当作公式）：实际为“{name}”")
    hidden = next((ch for ch in name if unicodedata.category(ch) in ("Cc", "Cf")), None)
    if hidden is not None:
        bad("姓名", f"含有控制字符或不可见字符 U+{ord(hidden):04X}，请删除")


def _id_number(cells: dict[str, str]) -> str:
    return plain(cells.get(ID_COLUMN, "")).replace(" ", "").upper()


def _id_type(cells: dict[str, str]) -> str:
    return id_type_of(cells.get("证件类型", "")) or codes.RESIDENT_ID


def id_type_of(written: str) -> str:
    """A 证件类型 as written (traditional characters, spaces, 身份证 for short) as its full name."""
    kind = simplified(written.replace(" ", ""))
    return codes.ID_TYPE_SHORT.get(kind, kind)


def _check_identity(table: Table, n: int, cells: dict[str, str], cycle: dict, bad) -> str | None:
    """Gender, birth month and age against the ID number; the birth month as YYYY-MM when readable."""
    gender, id_number, id_type = cells.get("性别", ""), _id_number(cells), _id_type(cells)
    if gender and gender not in ("男", "女"):
        bad("性别", f"应为“男”或“女”，实际为“{gender}”")
    birth = _year_month(plain(cells.get("出生年月", "")))
    if cells.get("出生年月") and birth is None:
        bad("出生年月", f"应为年月，如 1990-05 或 1990年5月，实际为“{cells['出生年月']}”")
    if id_type not in codes.ID_TYPES:
        bad("证件类型", f"应为{'、'.join(codes.ID_TYPES)}之一，实际为“{id_type}”" + did_you_mean(id_type, list(codes.ID_TYPES)))
        return birth
    if id_number and (n, ID_COLUMN) in table.numbers:
        bad(ID_COLUMN, "被 Excel 存成了数字，只保留了15位有效数字、末几位已丢失：请把该列设为“文本”后重新输入")
        return birth
    if not id_number:
        return birth
    if problem := codes.id_document_problem(id_type, id_number):
        bad(ID_COLUMN, problem if id_type == codes.RESIDENT_ID else f"{id_type}号码{problem}")
        return birth
    _against_number(id_type, id_number, birth, gender, cycle, bad)
    return birth


def _against_number(id_type: str, id_number: str, birth: str | None, gender: str, cycle: dict, bad) -> None:
    """What the number itself says (birth date, gender) against the row, and the age it gives."""
    born = codes.birth_in_number(id_type, id_number)
    if born is None:  # 通行证, 台胞证, 护照: the age comes from 出生年月 (the month, so a doubtful month passes)
        start = cycle["assessment"]["start"]
        age = start.year - int(birth[:4]) - (start.month < int(birth[5:])) if birth else MIN_AGE
        if age < MIN_AGE:
            bad("出生年月", f"认定开始时未满{MIN_AGE}周岁（{age}岁）")
        return
    label = codes.ID_LABELS[id_type]
    if birth and f"{born:%Y-%m}" != birth:
        bad("出生年月", f"与{label}不符：证件上为 {born:%Y-%m}")
    if codes.ID_TYPES[id_type][1]:
        id_gender = "男" if int(id_number[16]) % 2 else "女"
        if gender in ("男", "女") and gender != id_gender:
            bad("性别", f"与{label}不符：{label}第17位表示“{id_gender}”")
    start = cycle["assessment"]["start"]
    age = start.year - born.year - ((start.month, start.day) < (born.month, born.day))
    if age < MIN_AGE:
        bad(ID_COLUMN, f"认定开始时未满{MIN_AGE}周岁（{age}岁）")


def _check_years(cells: dict[str, str], birth: str | None, cycle: dict, bad) -> tuple[str, str] | None:
    """本单位工作年限 and 本职业工龄 as numbers of years, neither starting before the age of 16.

    Counted in calendar years (2026 − 1988 − 16 = 22 at most for someone born in 1988), so someone
    who started in the year they turned 16 is never refused."""
    years = []
    for column in ("本单位工作年限", "本职业工龄"):
        value = plain(cells.get(column, ""))
        if value and not _YEARS.fullmatch(value):
            bad(column, f"应为年数，如 3 或 2.5，实际为“{cells[column]}”")
            continue
        value = value.rstrip("年")
        limit = cycle["assessment"]["start"].year - int(birth[:4]) - MIN_AGE if birth else None
        if value and limit is not None and float(value) > max(limit, 0):
            bad(column, f"{value}年不可能：{birth[:4]}年出生，满{MIN_AGE}周岁起算至多{max(limit, 0)}年")
            continue
        years.append(value)
    return (years[0], years[1]) if len(years) == 2 else None


def _check_application(cells: dict[str, str], offered: dict, bad) -> tuple[dict | None, int | None]:
    """The plan's occupation row and the level applied for, when this cycle offers them."""
    occupation, level = cells.get("申报职业", ""), level_of(cells.get("申报等级", ""))
    if cells.get("申报等级") and level is None:
        bad("申报等级", f"应为1-5级（如 4、四级、中级工），实际为“{cells['申报等级']}”")
    if not occupation:
        return None, level
    key = (occupation, cells.get("工种", ""))
    if key not in offered:
        _not_offered(occupation, key[1], offered, bad)
        return None, level
    rows = offered[key]
    row = rows.get(level) or next(iter(rows.values()))
    if level is not None and level not in rows:
        listed = "、".join(codes.LEVEL_NAMES[lv] for lv in sorted(rows, reverse=True))
        bad("申报等级", f"本批“{display_name(row)}”只认定{listed}，不含{codes.LEVEL_NAMES[level]}")
    elif level is not None and row["method"] == GRADING and level not in codes.GRADING_LEVELS:
        bad("申报等级", f"定级评价只用于五级至三级，不含{codes.LEVEL_NAMES[level]}")
    return row, level


def level_of(text: str) -> int | None:
    """4, ４, 4级, 四级, 中级工, 四级/中级工 → 4; None when it names no level."""
    return _LEVELS.get(plain(text).replace(" ", "").replace("級", "级"))


def _not_offered(occupation: str, trade: str, offered: dict, bad) -> None:
    """Why (职业, 工种) is not offered, proposing only what fits: the trades of an offered occupation
    when the 工种 is wrong or missing, else an occupation that takes the 工种 as given."""
    shown = f"{occupation}（{trade}）" if trade else occupation
    trades = [t for o, t in offered if o == occupation]
    if trades:
        named = "、".join(f"“{t}”" if t else "（不填工种）" for t in trades)
        if not trade:
            bad("工种", f"本批“{occupation}”须填写工种：{named}")
        else:
            bad("工种", f"本批“{occupation}”认定的工种为{named}，实际为“{trade}”"
                + did_you_mean(trade, [t for t in trades if t]))
        return
    fitting = [o for o, t in offered if t == trade]
    names = [f"{o}（{t}）" if t else o for o, t in offered]
    hint = did_you_mean(occupation, fitting)
    bad("申报职业", f"本批不认定“{shown}”" + (hint or f"；本批认定：{'、'.join(names)}"))


def _check_held(text: str, cycle: dict, bad) -> tuple[Held, ...]:
    """已有证书: 职业/等级/证书编号/发证日期, several separated by ；, each well-formed. One of the very
    occupation and level applied for is the 资格审核's verdict on the person (admission), not a
    mistake in the roster."""
    if not text:  # nearly everyone: nothing held
        return ()
    held = []
    for part in filter(None, (p.strip() for p in re.split(r"[;；\n]", plain(text)))):
        found = _held(part, cycle)
        if isinstance(found, str):
            bad("已有证书", f"“{part}”{found}")
            continue
        held.append(found)
    return tuple(held)


def _held(text: str, cycle: dict) -> Held | str:
    """One held certificate, or what is wrong with it."""
    parts = [p.strip() for p in re.split(r"[/，,]", text)]
    if len(parts) != 4 or not all(parts):
        return "应写作 职业/等级/证书编号/发证日期，如 电工/四级/Y000044012027254000001/2025-12-18"
    occupation, level_text, number, issued = parts
    level, day = level_of(level_text), _date(issued)
    if level is None:
        return f"的等级应为1-5级，实际为“{level_text}”"
    if not re.fullmatch(r"[YS][0-9]{4}[0-9]{8}[0-9]{2}[1-5][0-9]{6}", number.upper()):
        return "的证书编号应为22位：Y 或 S 加21位数字（如 Y000044012027254000001）"
    if day is None or day > cycle["assessment"]["start"]:
        return f"的发证日期应为认定开始前的日期，如 2025-12-18，实际为“{issued}”"
    if number[13:16] != f"{day.year % 100:02d}{level}":
        return f"的证书编号第14-16位应为发证年份后两位和等级（{day.year % 100:02d}{level}），实际为“{number[13:16]}”"
    return Held(occupation, level, number.upper(), day.isoformat())


def _date(text: str) -> dt.date | None:
    m = re.fullmatch(r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?", text, re.ASCII)
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    except ValueError:
        return None


_YEARS = re.compile(r"[0-9]{1,2}(\.[0-9])?年?")
_YEAR_MONTH = re.compile(r"(\d{4})\s*(?:[-./年]\s*(\d{1,2})\s*月?(?:[-./]\d{1,2}日?)?|(\d{2}))", re.ASCII)


def _year_month(text: str) -> str | None:
    """1990-05, 1990.5, 1990/05, 1990年5月, 199005 or an Excel date → 1990-05."""
    m = _YEAR_MONTH.fullmatch(text.strip())
    if not m:
        return None
    month = int(m.group(2) or m.group(3))
    return f"{m.group(1)}-{month:02d}" if 1 <= month <= 12 else None


def roster_problem(roster_path: Path, row: int, message: str) -> Problem:
    """A problem placed at a roster row's 证件号码 (a repeat applicant found when numbers are registered)."""
    return read_table(roster_path, [], aliases=ID_ALIASES).problem(row, ID_COLUMN, message)
