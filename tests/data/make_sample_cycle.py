"""Write the example client's sample cycle data (config/example/cycles/2026-1/roster.csv, scores.csv)
and tests/data/roster_mistakes.csv. Deterministic: run it again and the files come out the same.

    python tests/data/make_sample_cycle.py
"""
from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from skillplan import api  # noqa: E402
from skillplan.core.codes import ID_CHECK, ID_WEIGHTS  # noqa: E402
from skillplan.cycle.roster import COLUMNS, ID_COLUMN  # noqa: E402
from skillplan.plan.appraisal import EXAM, exam_parts, item_columns, rater_columns, row_raters  # noqa: E402

SURNAMES = "陈李张黄刘吴郑周何林梁罗许谢冯邓曾彭萧蔡潘杜叶程苏魏吕丁任卢"
GIVEN = ["志强", "嘉欣", "伟明", "丽华", "俊杰", "海燕", "家豪", "晓玲", "国平", "文斌", "美玲", "建华", "子轩",
         "雅婷", "浩然", "少芬", "锦荣", "秀英", "振宇", "慧敏", "永康", "淑贞", "泽楠", "丹丹", "宏图", "佩珊",
         "耀祖", "婉仪", "伟强", "凤霞", "明辉", "碧云"]
EDUCATION = ["初中", "高中", "中专", "技工学校", "大专", "本科"]
# (职业, 工种, 等级, 工作岗位): what this batch offers (example plan, cycle 2026-1)
# the example keeps the heading existing rosters use for the number column (证件号码 is the other)
ROSTER_COLUMNS = ["身份证号" if c == ID_COLUMN else c for c in COLUMNS]
APPLICATIONS = [("电工", "", 5, "装配电工"), ("电工", "", 4, "设备维修电工"), ("电工", "", 3, "维修班班长"),
                ("车工", "", 5, "数控车床操作工"), ("车工", "", 4, "普通车床操作工"),
                ("焊工", "电焊工", 4, "结构件焊工"), ("焊工", "电焊工", 3, "焊接班组长"),
                ("仓储管理员", "", 5, "仓库保管员"), ("仓储管理员", "", 4, "仓库主管")]


def id_number(region: str, year: int, month: int, day: int, seq: int, male: bool) -> str:
    body = f"{region}{year:04d}{month:02d}{day:02d}{seq:02d}{(seq * 2 + (1 if male else 0)) % 10}"
    return body + ID_CHECK[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS)) % 11]


def people(count: int, rng: random.Random) -> list[dict]:
    rows = []
    for n in range(count):
        male = rng.random() < 0.75
        year, month, day = rng.randint(1972, 2002), rng.randint(1, 12), rng.randint(1, 28)
        occupation, trade, level, post = APPLICATIONS[n % len(APPLICATIONS)]
        region = "440606" if occupation == "仓储管理员" else rng.choice(["440112", "440106", "441302", "445221"])
        years_trade = rng.randint(1, 2026 - year - 18)
        rows.append({"姓名": SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 7) % len(GIVEN)], "性别": "男" if male else "女",
                     "出生年月": f"{year}-{month:02d}", "身份证号": id_number(region, year, month, day, n % 100, male),
                     "文化程度": rng.choice(EDUCATION), "工作岗位": post, "申报职业": occupation, "工种": trade,
                     "申报等级": f"{level}级", "本单位工作年限": str(min(years_trade + rng.randint(0, 3), 2026 - year - 16)),
                     "本职业工龄": str(years_trade)})
    return rows


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    # "CSV UTF-8" as Excel saves it: with a BOM
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, columns)
        writer.writeheader()
        writer.writerows(rows)


def scores(plan: dict, roster: list, rng: random.Random) -> tuple[list[str], list[dict]]:
    from skillplan.plan.appraisal import occupation_of

    columns, rows = ["身份证号", "姓名", "评价主体"], []
    for c in roster:
        ability = 0.9 if c.row % 11 else 0.45  # about one in eleven falls short
        if c.method == "定级评价":
            occupation = occupation_of(plan, c)
            items = item_columns(plan, occupation)
            columns += [name for name, _ in items if name not in columns]
            for rater in row_raters(plan, c):
                row, own = {"身份证号": c.id_number, "姓名": c.name, "评价主体": rater}, rater_columns(plan, c, rater)
                for name, points in items:
                    value = points * min(1.0, max(0.0, rng.gauss(ability, 0.08)))
                    # raters give whole or half points, and nothing where they have no weight
                    row[name] = f"{round(value * 2) / 2:g}" if name in own else ""
                rows.append(row)
        else:
            parts = exam_parts(c.level)
            columns += [p for p in parts if p not in columns]
            rows.append({"身份证号": c.id_number, "姓名": c.name, "评价主体": EXAM,
                         **{p: str(min(100, max(0, round(rng.gauss(100 * ability - 12, 8))))) for p in parts}})
    return columns, rows


def main() -> None:
    rng = random.Random(2026)
    folder = ROOT / "config" / "example" / "cycles" / "2026-1"
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(folder / "roster.csv", ROSTER_COLUMNS, people(30, rng))
    _, plan = api.checked(ROOT / "config" / "example" / "plan.yaml", strict=False)
    from skillplan.cycle.roster import read_roster

    cycle = next(c for c in plan["cycles"] if c["id"] == "2026-1")
    roster, problems = read_roster(folder / "roster.csv", plan, cycle)
    assert not problems, problems
    columns, rows = scores(plan, roster, rng)
    write_csv(folder / "scores.csv", columns, rows)

    # the same people with the mistakes consultants meet, one per row after the first two
    bad = people(9, random.Random(7))
    bad[2]["身份证号"] = bad[2]["身份证号"][:17] + ("0" if bad[2]["身份证号"][17] != "0" else "1")  # check digit
    bad[3]["出生年月"] = "1991-13"                                                         # no 13th month
    bad[4]["性别"] = "女" if bad[4]["性别"] == "男" else "男"                                 # ID says otherwise
    bad[5]["申报职业"], bad[5]["工种"] = "钳工", ""                                         # not offered
    bad[6]["申报等级"] = "2级"                                                              # 电焊工 2级 not offered
    for column in ("身份证号", "出生年月", "性别"):                                          # the same person twice
        bad[7][column] = bad[0][column]
    bad[8]["身份证号"] = id_number("440112", 2012, 3, 5, 8, True)                            # 14 years old
    bad[8]["出生年月"] = "2012-03"
    write_csv(ROOT / "tests" / "data" / "roster_mistakes.csv", ROSTER_COLUMNS, bad)


if __name__ == "__main__":
    main()
