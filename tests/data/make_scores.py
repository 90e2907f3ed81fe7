"""Write the score fixtures of tests/test_scores.py into tests/data/scores/: a roster of six (定级 and
晋级, two of them absent), scores at the pass mark's edge (59.995 and 60.00 in both methods), and a
score sheet with every unchecked mistake. Deterministic: run it again and the files come out the same.

    python tests/data/make_scores.py
"""
from __future__ import annotations

import csv
import io
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "scores"
sys.path.insert(0, str(ROOT))

from skillplan.core.codes import ID_CHECK, ID_WEIGHTS  # noqa: E402

ROSTER_HEADER = ["姓名", "性别", "出生年月", "证件号码", "文化程度", "工作岗位", "申报职业", "工种", "申报等级",
                 "本单位工作年限", "本职业工龄"]


def checked18(first17: str) -> str:
    return first17 + ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


PEOPLE = [  # 姓名, 证件号码 (17 digits), 申报职业, 工种, 申报等级
    ("陈志强", "44011219880921001", "电工", "", "5级"),         # 定级 59.995: fails
    ("李晓玲", "44522119891225012", "电工", "", "4级"),         # 定级 60.00: passes
    ("张浩然", "44011219740210025", "焊工", "电焊工", "4级"),    # 晋级 理论知识 59.995: fails
    ("黄淑贞", "44130219780709037", "焊工", "电焊工", "3级"),    # 晋级 60.00 and 60: passes
    ("刘伟强", "44130219890219049", "电工", "", "3级"),         # 定级, 缺考
    ("吴丽华", "44130219901107051", "焊工", "电焊工", "4级"),    # 晋级, 缺考
]


def write_csv(path: Path, rows: list[list[str]]) -> None:
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(rows)
    path.write_bytes(text.getvalue().encode("utf-8-sig"))


def roster() -> list[list[str]]:
    rows = [ROSTER_HEADER]
    for name, first17, occupation, trade, level in PEOPLE:
        number = checked18(first17)
        gender = "男" if int(number[16]) % 2 else "女"
        rows.append([name, gender, f"{number[6:10]}-{number[10:12]}", number, "高中", "操作工", occupation, trade,
                     level, "5", "5"])
    return rows


def scores() -> list[list[str]]:
    from skillplan import api
    from skillplan.plan.appraisal import EXAM_PARTS, item_columns, rater_columns, row_raters

    _, plan = api.checked(ROOT / "config" / "example" / "plan.yaml", strict=False)
    cycle = next(c for c in plan["cycles"] if c["id"] == "2026-1")
    from skillplan.cycle.roster import read_roster

    candidates, problems = read_roster(OUT / "roster.csv", plan, cycle)
    assert not problems, problems
    electrician = next(o for o in plan["occupations"] if o["name"] == "电工")
    items = [n for n, _ in item_columns(plan, electrician)]
    header = ["证件号码", "姓名", "评价主体", "缺考", *items, *EXAM_PARTS[:2]]
    out = [header]
    for c in candidates:
        for rater in row_raters(plan, c):
            marks = {n: f"{Decimal(p) * Decimal('0.6'):f}" for n, p in rater_columns(plan, c, rater).items()}
            if c.name == "陈志强" and rater == "班组长":
                marks["工作态度"] = "1.19"   # 30 %: −0.003
            if c.name == "陈志强" and rater == "人力资源部门":
                marks["创新能力"] = "1.19"   # 20 %: −0.002, so 59.995 in all
            if c.name == "张浩然":
                marks = {"理论知识": "59.995", "操作技能": "80"}
            if c.name == "黄淑贞":
                marks = {"理论知识": "60.00", "操作技能": "60"}
            absent = "缺考" if c.name in ("刘伟强", "吴丽华") and rater in ("班组长", "考试") else ""
            if c.name in ("刘伟强", "吴丽华"):
                marks = {}
            out.append([c.id_number, c.name, rater, absent] + [marks.get(h, "") for h in header[4:]])
    return out


def unchecked(good: list[list[str]]) -> list[list[str]]:
    """The edge scores with one unchecked mistake per row."""
    rows = [list(r) for r in good]
    header = rows[0]
    rows[4][header.index("低压电器选用")] = "999"                  # 人力资源部门 has no weight in 职业能力
    rows[1][header.index("工作态度")] = "八十"                      # not a number
    rows[2][header.index("沟通合作")] = "٨٥"                        # Arabic-Indic digits
    rows[3][header.index("操作规程")] = "6e1"                       # an exponent
    rows[5][header.index("理论知识")] = "90"                        # a 晋级 subject on a 定级 row
    rows[6][1] = "李小玲"                                           # the roster says 李晓玲
    rows[7][header.index("工作态度")] = "缺考"                       # absence written in a score cell
    return rows


def main() -> None:
    OUT.mkdir(exist_ok=True)
    write_csv(OUT / "roster.csv", roster())
    good = scores()
    write_csv(OUT / "edge_scores.csv", good)
    write_csv(OUT / "unchecked_scores.csv", unchecked(good))


if __name__ == "__main__":
    main()
