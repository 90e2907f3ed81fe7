"""A cycle for any client: a roster and a score sheet made from the plan's own offerings, so every
client shape under config/ can be run through prepare, forms, results and certificates.

Each offering gets people at each of its levels, meeting the plan's structured 申报条件 (long service,
a degree, the lower certificate held for years), working at the unit whose address the offering
is at; among them a foreign name on a passport, a 4-character name, a name with ·, and people who
hold certificates (their dates printed in the 资格审核表). Occupations whose conditions are words
only are 待审核: a review.csv admits all of them but the last (when there are several). Everyone passes."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

from skillplan import api
from skillplan.core import codes
from skillplan.core.terms import GRADING, trade_of
from skillplan.cycle.roster import COLUMNS
from skillplan.plan.appraisal import EXAM, exam_parts, item_columns, occupation_of, rater_columns, row_raters
from skillplan.plan.facts import units_of

ROSTER_COLUMNS = [*COLUMNS, "证件类型", "部门", "工作单位", "已有证书"]
NAMES = ["陈志强", "Rahma bin Ismail", "欧阳明辉", "阿依古丽·买买提", "李晓玲", "张浩然", "黄淑贞", "刘伟强",
         "吴丽华", "周秀英", "梁家豪", "罗雅婷", "许永康", "谢婉仪", "冯伟明", "邓文斌", "曾锦荣", "彭丹丹"]


def _name(n: int) -> str:
    """The n-th applicant's name: the list's first, then a surname and a given name of it combined."""
    if n < len(NAMES):
        return NAMES[n]
    chinese = [m for m in NAMES if len(m) == 3]
    return chinese[n % len(chinese)][0] + chinese[(n // len(chinese) + n) % len(chinese)][1:]


def _resident_id(n: int, year: int) -> str:
    """A valid number for person n, born in year: an odd 17th digit (a man) for even n."""
    body = f"440106{year:04d}0315{n % 100:02d}{(n * 2 + 1 + n % 2) % 10}"
    return body + codes.ID_CHECK[sum(int(c) * w for c, w in zip(body, codes.ID_WEIGHTS)) % 11]


def _row_of(plan: dict, trade: str, level: int) -> dict:
    return next(o for o in plan["occupations"] if trade_of(o) == trade and level in o["levels"])


def _unit_at(plan: dict, address: str) -> str:
    return next((u["name"] for u in units_of(plan) if u["address"] == address), plan["company"]["name"])


def _held(row: dict, level: int) -> str:
    """The certificate one level below, issued in 2015 (a number of the right form for its year and level)."""
    if level == 5:
        return ""
    lower = level + 1
    return f"{row['name']}/{codes.LEVEL_SHORT[lower]}/Y00004401202715{lower}000{100 + level}/2015-06-30"


def roster_rows(plan: dict, cycle: dict, per_level: int) -> list[dict]:
    """Everyone who applies: per_level people at each level of each offering."""
    rows, n = [], 0
    for offer in cycle["offerings"]:
        for level in offer["levels"]:
            row = _row_of(plan, offer["trade"], level)
            for _ in range(per_level):
                name, year = _name(n), 1965 + n % 15
                passport = name.isascii()
                rows.append({
                    "姓名": name, "性别": "女" if n % 2 else "男",
                    "出生年月": f"{year}-03", "证件号码": f"E{12345670 + n}" if passport else _resident_id(n, year),
                    "证件类型": "护照" if passport else "", "文化程度": "本科", "工作岗位": "技术骨干",
                    "申报职业": row["name"], "工种": row.get("trade", ""), "申报等级": f"{level}级",
                    "本单位工作年限": "20", "本职业工龄": "25", "部门": f"生产{n % 3 + 1}部",
                    "工作单位": _unit_at(plan, offer["address"]), "已有证书": _held(row, level)})
                n += 1
    return rows


def score_rows(plan: dict, roster: list) -> tuple[list[str], list[dict]]:
    """A score sheet in which everyone passes: 90 % of every item, 85 in every subject."""
    columns, rows = ["证件号码", "姓名", "评价主体"], []
    for c in roster:
        if c.method == GRADING:
            occupation = occupation_of(plan, c)
            items = item_columns(plan, occupation)
            columns += [name for name, _ in items if name not in columns]
            for rater in row_raters(plan, c):
                rows.append({"证件号码": c.id_number, "姓名": c.name, "评价主体": rater,
                             **{name: f"{points * 0.9:g}" for name, points in rater_columns(plan, c, rater).items()}})
        else:
            parts = exam_parts(c.level)
            columns += [p for p in parts if p not in columns]
            rows.append({"证件号码": c.id_number, "姓名": c.name, "评价主体": EXAM, **dict.fromkeys(parts, "85")})
    return columns, rows


def _write(path: Path, columns: list[str], rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, columns)
        writer.writeheader()
        writer.writerows(rows)


def make_cycle(source: Path, folder: Path, per_level: int = 1) -> str:
    """Copy the client at source to folder and give its first cycle a roster, a review and scores
    (unless it has its own); the cycle's id is returned."""
    from skillplan.cycle.admission import review
    from skillplan.cycle.roster import read_roster

    shutil.copytree(source, folder)
    _, plan = api.checked(folder / "plan.yaml", strict=False)
    cycle = plan["cycles"][0]
    where = folder / "cycles" / cycle["id"]
    if (where / "roster.csv").is_file():  # the example's own cycle, staff list and all
        return cycle["id"]
    where.mkdir(parents=True, exist_ok=True)
    _write(where / "roster.csv", ROSTER_COLUMNS, roster_rows(plan, cycle, per_level))
    candidates, problems = read_roster(where / "roster.csv", plan, cycle)
    assert not problems, problems
    pending = [v.candidate for v in review(plan, candidates, cycle["registration"]["end"]) if v.verdict != "符合"]
    kept = pending[-1:] if len(pending) > 1 else []  # the last stays 待审核, unless nobody would sit then
    if pending:  # all the others admitted by a reviewer
        _write(where / "review.csv", ["证件号码", "结论", "理由"],
               [{"证件号码": c.id_number, "结论": "符合", "理由": "已核验毕业证书和工作年限证明"}
                for c in pending if c not in kept])
    admitted = [c for c in candidates if c not in kept]
    _write(where / "scores.csv", *score_rows(plan, admitted))
    return cycle["id"]
