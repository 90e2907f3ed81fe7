"""A realistic group client for the staff benchmark and tests (issue 39): a head office and five
branches at six addresses, ten occupations (electricians split into 定级 五–三 and 晋级 二–一), a
cycle of 14 offerings over five days, three a day at three addresses at overlapping times, each
with its own sessions and named rooms; a roster with 部门 and 工作单位; and a staff list as a
group's HR writes it: most examiners hold several occupations, every department has a few people,
some people hold two roles (a 高级考评员 who is also the 主管部门 rater).

    write_group(folder, applicants)            # folder/plan.yaml, folder/cycles/2026-2/{roster,staff}.csv

Everything is drawn from one seeded generator: the same arguments give the same files. The staff
list grows with the roster: each occupation gets SPARE times the examiners (and each 二级 trade the
高级考评员) its busiest session needs, counting only those of other departments than its workshops,
the raters SPARE times a 定级 session's rooms, and supervisors and clerks SPARE times the rooms open
at once on the busiest day. A small cycle (up to 100) sits in groups of two or three a room."""
from __future__ import annotations

import csv
import math
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CYCLE = "2026-2"
GRADING, PROMOTION = "定级评价", "晋级评价"
# (code, name, trade, levels, method, cluster): ten occupations, 电工 in two rows by method
OCCUPATIONS = [
    ("6-31-01-03", "电工", "", [5, 4, 3], GRADING, "电"),
    ("6-31-01-03", "电工", "", [2, 1], PROMOTION, "电"),
    ("6-18-01-01", "车工", "", [5, 4, 3], GRADING, "机"),
    ("6-18-02-04", "焊工", "电焊工", [5, 4, 3, 2], PROMOTION, "焊"),
    ("6-31-03-01", "化学检验员", "", [5, 4, 3, 2], PROMOTION, "化"),
    ("6-20-01-01", "装配钳工", "", [5, 4, 3], PROMOTION, "机"),
    ("6-18-01-02", "铣工", "", [5, 4, 3], PROMOTION, "机"),
    ("6-31-01-09", "仪器仪表维修工", "", [5, 4, 3], PROMOTION, "电"),
    ("6-29-03-01", "管工", "", [5, 4, 3], PROMOTION, "焊"),
    ("6-29-03-03", "电梯安装维修工", "", [5, 4, 3], PROMOTION, "电"),
    ("6-30-05-01", "起重装卸机械操作工", "", [5, 4, 3], PROMOTION, "焊"),
]
# the head office and five branches: (city, credit code area, address)
PLACES = [("广州", "", "广州市南沙区黄阁镇装备大道66号"),
          ("深圳", "", "深圳市宝安区福海街道桥头社区装备路12号"),
          ("佛山", "", "佛山市禅城区南庄镇能源大道8号"),
          ("湛江", "", "湛江市霞山区临港工业园海滨大道168号"),
          ("东莞", "441900", "东莞市松山湖高新区工业东路9号"),
          ("惠州", "441300", "惠州市大亚湾石化区滨海大道5号")]
# (trade, levels, day, place, morning start): three offerings a day at three addresses
OFFERINGS = [("电工", [5, 4, 3], 0, 0, "08:30"), ("电焊工", [5, 4], 0, 1, "09:00"), ("装配钳工", [5, 4, 3], 0, 4, "09:30"),
             ("车工", [5, 4, 3], 1, 2, "08:30"), ("化学检验员", [5, 4], 1, 3, "09:00"), ("铣工", [5, 4, 3], 1, 5, "09:00"),
             ("电工", [2, 1], 2, 0, "09:00"), ("电焊工", [3, 2], 2, 1, "09:00"), ("化学检验员", [3, 2], 2, 3, "09:30"),
             ("仪器仪表维修工", [5, 4, 3], 3, 5, "09:00"), ("管工", [5, 4, 3], 3, 4, "08:30"), ("车工", [5, 4], 3, 0, "09:00"),
             ("电梯安装维修工", [5, 4, 3], 4, 2, "09:00"), ("起重装卸机械操作工", [5, 4], 4, 4, "09:30")]
# seats a room: a small cycle sits in small groups (as the 40 applicants in 20 rooms did), a large
# one fills classrooms of 30 and workshops of 10
SMALL = {"理论知识": 3, "操作技能": 2, "定级评价": 3, "综合评审": 2}
LARGE = {"理论知识": 30, "操作技能": 10, "定级评价": 15, "综合评审": 10}
WORKSHOPS = {"电": ["电气维修车间", "设备动力部"], "机": ["机加工车间", "装配车间"], "焊": ["焊接车间", "安装工程部"],
             "化": ["理化检测中心"]}
OFFICES = ["质量安全部", "技术中心", "生产管理部", "安全环保部"]
SURNAMES = "陈李张黄刘吴郑周何林梁罗许谢冯邓曾彭萧蔡潘杜叶程苏魏吕丁任卢钟谭廖姚骆"
SPARE = 1.3  # people a role has for each one its busiest moment needs
GIVEN = "志强嘉欣伟明丽华俊杰海燕家豪晓玲国平文斌美玲建华子轩雅婷浩然少芬锦荣秀英振宇慧敏永康淑贞泽楠丹丹宏图佩珊"


def write_group(folder: Path, applicants: int, staff: bool = True, seed: int = 39) -> None:
    """The group's plan, its cycle's roster of `applicants` and (with staff) its staff list; another seed
    draws other departments and occupations."""
    sys.path.insert(0, str(ROOT))
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    seats = SMALL if applicants <= 100 else LARGE
    plan = _plan(seats)
    (folder / "plan.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    cycle = folder / "cycles" / CYCLE
    cycle.mkdir(parents=True, exist_ok=True)
    people = _roster(cycle / "roster.csv", plan, applicants, rng)
    if staff:
        write_staff(cycle / "staff.csv", staff_rows(people, seats, rng))


def _plan(seats: dict[str, int]) -> dict:
    from skillplan.core.codes import with_credit_check

    plan = yaml.safe_load((ROOT / "config" / "group-branches" / "plan.yaml").read_text(encoding="utf-8"))
    company = plan["company"]["name"]
    plan["branches"] = plan["branches"][:3] + [
        {"name": f"{company}{city}分公司", "credit_code": with_credit_check(f"91{area}MA5{k}QR7X{k}"), "address": address}
        for k, (city, area, address) in enumerate(PLACES[4:], 4)]
    grading = plan["occupations"][0]["appraisal"], plan["occupations"][2]["appraisal"]
    plan["occupations"] = [_occupation(row, grading) for row in OCCUPATIONS]
    sites: dict[tuple, set] = {}
    for trade, levels, _, place, _ in OFFERINGS:
        sites.setdefault((PLACES[place][2], trade, _method(trade, levels)), set()).update(levels)
    plan["exam_sites"] = [{"address": a, "trades": [t], "levels": sorted(lv, reverse=True), "method": m}
                          for (a, t, m), lv in sites.items()]
    cycle = plan["cycles"][0]
    cycle.update({"id": CYCLE, "offerings": [_offering(*o, seats) for o in OFFERINGS]})
    plan["cycles"] = [cycle]
    return plan


def _occupation(row: tuple, grading: tuple) -> dict:
    code, name, trade, levels, method, _ = row
    years = {5: 1, 4: 3, 3: 5, 2: 8, 1: 12}
    found = {"code": code, "name": name, **({"trade": trade} if trade else {}), "levels": levels,
             "basis": "国家职业技能标准", "method": method,
             "requirements": {lv: [{"min_years_in_trade": years[lv]}] for lv in levels}}
    if method == GRADING:
        found["appraisal"] = grading[0] if name == "电工" else grading[1]
    return found


def _method(trade: str, levels: list[int]) -> str:
    return next(m for _, n, t, lv, m, _ in OCCUPATIONS if (t or n) == trade and set(levels) <= set(lv))


def _offering(trade: str, levels: list[int], day: int, place: int, start: str, seats: dict[str, int]) -> dict:
    """Its sessions: 定级 all day; 晋级 理论知识 in the morning, 综合评审 for 二级 and 一级 before noon,
    操作技能 in the afternoon, in workshops of ten places."""
    date = f"2026-12-{7 + day:02d}"
    hour, minute = map(int, start.split(":"))
    if _method(trade, levels) == GRADING:
        sessions = [{"subject": "定级评价", "start": start, "end": "17:00", "rooms": ["实训楼201", "实训楼202"],
                     "capacity": seats["定级评价"]}]
    else:
        sessions = [{"subject": "理论知识", "start": start, "end": f"{hour + 1:02d}:{minute + 30:02d}"
                     if minute < 30 else f"{hour + 2:02d}:{minute - 30:02d}", "rooms": ["综合楼101", "综合楼102"],
                     "capacity": seats["理论知识"]}]
        if min(levels) <= 2:
            sessions.append({"subject": "综合评审", "start": "11:10", "end": "12:20", "levels": [lv for lv in levels if lv <= 2],
                             "rooms": ["会议室"], "capacity": seats["综合评审"]})
        sessions.append({"subject": "操作技能", "start": "13:30" if place % 2 else "14:00", "end": "17:00",
                         "rooms": ["实训车间1", "实训车间2", "实训车间3"], "capacity": seats["操作技能"]})
    return {"trade": trade, "levels": levels, "date": date, "address": PLACES[place][2], "sessions": sessions}


def _roster(path: Path, plan: dict, count: int, rng: random.Random) -> list[dict]:
    """Applicants spread over the offerings and their levels, each from the unit where it is held; returns
    what the staff list is sized by: (offering, level, department) of each."""
    from skillplan.core.codes import ID_CHECK, ID_WEIGHTS
    from skillplan.cycle.roster import COLUMNS

    units = {plan["company"]["address"]: plan["company"]["name"], **{b["address"]: b["name"] for b in plan["branches"]}}
    people = []
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([*COLUMNS, "部门", "工作单位"])
        for n in range(count):
            k = n % len(OFFERINGS)
            trade, levels, _, place, _ = OFFERINGS[k]
            level = levels[(n // len(OFFERINGS)) % len(levels)]
            row = next(o for o in OCCUPATIONS if (o[2] or o[1]) == trade and level in o[3])
            department = rng.choice(WORKSHOPS[row[5]])
            day = _birthday(n)
            body = f"440112{day:%Y%m%d}{n % 50 * 2 + 101:03d}"  # odd: 男
            number = body + ID_CHECK[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS)) % 11]
            writer.writerow([_name(n), "男", f"{day:%Y-%m}", number, "高中", f"{trade}岗位", row[1], row[2], f"{level}级",
                             "15", "14", department, units[PLACES[place][2]]])
            people.append({"offering": k, "level": level, "department": department})
    return people


def _birthday(n: int):
    import datetime as dt

    return dt.date(1972, 1, 1) + dt.timedelta(days=n // 50)


def _name(n: int) -> str:
    surname, k = SURNAMES[n % len(SURNAMES)], n // len(SURNAMES)
    return f"{surname}{GIVEN[2 * (k % (len(GIVEN) // 2)):][:2]}" + (str(k // (len(GIVEN) // 2)) if k >= len(GIVEN) // 2 else "")


def _needs(people: list[dict], seats: dict[str, int]) -> tuple[dict[str, int], dict[str, int], int, int]:
    """Examiners each trade's busiest session needs, 高级考评员 its busiest session with 二级 or 一级
    candidates needs, the rooms open at once on the busiest day, and the most rooms of a 定级 session."""
    sessions: dict[tuple[int, str], float] = {}
    for p in people:
        trade, levels, *_ = OFFERINGS[p["offering"]]
        subjects = (["定级评价"] if _method(trade, levels) == GRADING else
                    ["理论知识", "操作技能"] + (["综合评审"] if p["level"] <= 2 else []))
        for subject in subjects:
            sessions[p["offering"], subject] = sessions.get((p["offering"], subject), 0) + 1 / seats[subject]
    examiners: dict[str, int] = {}
    seniors: dict[str, int] = {}
    busiest: dict[tuple[int, int], int] = {}
    for (k, subject), share in sessions.items():
        trade, levels, day, *_ = OFFERINGS[k]
        need = math.ceil(share) * (1 if subject == "定级评价" else 3)
        examiners[trade] = max(examiners.get(trade, 0), need)
        if min(levels) <= 2:
            seniors[trade] = max(seniors.get(trade, 0), need)
        busiest[day, k] = max(busiest.get((day, k), 0), math.ceil(share))
    days: dict[int, int] = {}
    for (day, _), rooms in busiest.items():
        days[day] = days.get(day, 0) + rooms
    grading = max(math.ceil(share) for (k, subject), share in sessions.items() if subject == "定级评价")
    return examiners, seniors, max(days.values()), grading


def staff_rows(people: list[dict], seats: dict[str, int], rng: random.Random) -> list[list[str]]:
    """The staff list's rows: 高级考评员 and 考评员 holding two to four occupations (mostly of one trade
    family), 定级评价员 for 电工 and 车工, 督导人员 and 考务人员, a few people in every department."""
    examiners, seniors, rooms, grading = _needs(people, seats)
    trades = {(t or n): c for _, n, t, *_, c in OCCUPATIONS}
    names = iter(_staff_name(n) for n in range(10**6))
    rows: list[list[str]] = []
    for role, targets, spare in (("高级考评员", seniors, SPARE), ("考评员", examiners, SPARE)):
        for trade, needed in targets.items():
            while sum(trade in r[3].split("、") and r[4] not in WORKSHOPS[trades[trade]] for r in rows) < needed * spare:
                rows.append(_examiner(next(names), role, trade, trades, rng))
    for k, (rater, held) in enumerate([("班组长", "电工"), ("班组长", "车工"), ("车间主管", "电工"),
                                       ("车间主管", "车工"), ("人力资源部门", "电工、车工")] * math.ceil(grading * SPARE)):
        department = "人力资源部" if rater == "人力资源部门" else WORKSHOPS["电" if held == "电工" else "机"][k % 2]
        rows.append([next(names), "定级评价员", rater, held, department])
    for row in rows[:math.ceil(grading * SPARE)]:  # some 高级考评员 are also the 主管部门 rater
        rows.append([row[0], "定级评价员", "主管部门", "电工、车工", row[4]])
    departments = OFFICES + ["工会", "纪委办公室", "人力资源部"]
    rows += [[next(names), "督导人员", "", "", departments[k % len(departments)]] for k in range(max(4, math.ceil(rooms * SPARE)))]
    rows += [[next(names), "考务人员", "", "", ["人力资源部", "综合管理部"][k % 2]] for k in range(max(4, math.ceil(rooms * SPARE)))]
    return rows


def _staff_name(n: int) -> str:
    given = "国强振华建军海涛丽萍晓燕志勇美华立新伟东俊峰永红秀兰桂芳德明春生"
    surname, k = SURNAMES[n % len(SURNAMES)], n // len(SURNAMES)
    return f"{surname}{given[2 * (k % (len(given) // 2)):][:2]}" + (str(k // (len(given) // 2)) if k >= len(given) // 2 else "")


def _examiner(name: str, role: str, home: str, trades: dict[str, str], rng: random.Random) -> list[str]:
    family = [t for t, c in trades.items() if c == trades[home] and t != home]
    others = [t for t in trades if t != home and t not in family]
    held = [home] + rng.sample(family, min(len(family), rng.randint(1, 2))) + rng.sample(others, rng.randint(0, 1))
    department = rng.choice(OFFICES * 2 + WORKSHOPS[trades[home]])
    return [name, role, "", "、".join(held), department]


def write_staff(path: Path, rows: list[list[str]]) -> None:
    """A staff.csv of these rows (姓名, 角色, 评价主体, 可考评职业, 部门)."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["姓名", "角色", "评价主体", "可考评职业", "部门"])
        writer.writerows(rows)


if __name__ == "__main__":
    write_group(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 40)


def too_few_seniors(path: Path, department: str | None = None) -> None:
    """Make the staff list at path impossible: six 高级考评员, each also for the three 二级 trades (the
    others become 考评员), while the three 二级 offerings of 12-09 need nine at once. department: the
    six's 部门, when it matters to the case."""
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    seniors = [r for r in rows if r["角色"] == "高级考评员"]
    for r in seniors[:6]:
        r["可考评职业"] = "、".join(dict.fromkeys([*r["可考评职业"].split("、"), "电工", "电焊工", "化学检验员"]))
        if department:
            r["部门"] = department
    for r in seniors[6:]:
        r["角色"] = "考评员"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
