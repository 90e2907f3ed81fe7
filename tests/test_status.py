"""skillplan status: where every client stands. Each stage of a cycle, its next date, its next step and
its warnings, on copies of the clients in config/ taken through the real commands (tests/portfolio.py),
asked with a fixed --date; the filing's state; a damaged ledger on its own line; the JSON shape; the
calendar (parsed back with icalendar, the same bytes twice); the timeline in a real Chromium."""
import datetime as dt
import json
import os
import shutil
import subprocess

import pytest
from helpers import EXAMPLE, docx_text, run_cli
from portfolio import make_portfolio

TODAY = dt.date.today()  # the day the portfolio's commands ran: their records (印制) carry it
ISSUED = dt.date(2026, 12, 25)  # the example's 2026-1 发证日期: nothing is handed over before it
HANDED = max(TODAY, ISSUED)  # the day the portfolio records its hand-overs


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    """DIR/clients (config/'s clients, the example at each step of its cycle 2026-1) and DIR/out."""
    base = tmp_path_factory.mktemp("portfolio")
    make_portfolio(base)
    return base


def _report(base, *args):
    done = run_cli("status", *args, "--format", "json", cwd=base)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _cycle(base, client, on, cycle_id="2026-1"):
    [found] = _report(base, f"clients/{client}", "--date", str(on))["clients"]
    return next(c for c in found["cycles"] if c["id"] == cycle_id)


def _lines(base, client, on):
    done = run_cli("status", f"clients/{client}", "--date", str(on), cwd=base)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return done.stdout.splitlines()


# ---- one test per stage -------------------------------------------------------------------------

def test_before_the_announcement_the_cycle_waits_for_it(portfolio):
    c = _cycle(portfolio, "example", "2026-11-20")
    assert c["stage"] == "待公告"
    assert c["next"] == {"date": "2026-11-25", "what": "发布公告", "days_left": 5, "working_days_left": 4}
    assert (c["todo"], c["command"], c["warnings"]) == ("届时发布已生成的认定公告", None, [])
    assert "  2026-1  待公告  发布公告 2026-11-25（还有 5 天）  下一步：届时发布已生成的认定公告" in \
        _lines(portfolio, "example", "2026-11-20")


def test_from_the_announcement_to_the_deadline_registration_is_open(portfolio):
    c = _cycle(portfolio, "example", "2026-11-25")
    assert c["stage"] == "报名中" and c["next"]["what"] == "报名开始" and c["next"]["date"] == "2026-11-26"
    c = _cycle(portfolio, "example", "2026-11-30")
    assert c["stage"] == "报名中" and c["next"]["date"] == "2026-12-04" and c["next"]["days_left"] == 4
    assert c["todo"] == "报名截止（2026-12-04）后进行资格审核、安排考场"
    assert c["command"] == "skillplan prepare clients/example --cycle 2026-1"


def test_after_registration_a_cycle_with_no_seating_is_warned_five_days_before_its_exam(portfolio):
    quiet = _cycle(portfolio, "example", "2026-12-08")
    assert quiet["stage"] == "待考场安排" and quiet["warnings"] == []
    c = _cycle(portfolio, "example", "2026-12-10")
    assert c["stage"] == "待考场安排" and c["next"] == {"date": "2026-12-14", "what": "考核开始", "days_left": 4,
                                                     "working_days_left": 3}
    assert c["warnings"] == [{"kind": "seating", "date": "2026-12-14", "overdue": False,
                              "message": "考核 2026-12-14 开始，尚未安排考场"}]
    lines = _lines(portfolio, "example", "2026-12-10")
    assert "    提醒：考核 2026-12-14 开始，尚未安排考场（还有 4 天）" in lines
    assert "提醒 1 条" in lines[-2]
    late = _cycle(portfolio, "example", "2026-12-15")
    assert late["stage"] == "待考场安排" and late["warnings"][0]["overdue"]


def test_with_seating_prepared_the_cycle_is_in_its_assessment(portfolio):
    before = _cycle(portfolio, "example-seated", "2026-12-10")
    assert before["stage"] == "考核中" and before["next"]["what"] == "考核开始" and before["warnings"] == []
    assert before["outputs"] == {"roster": True, "scores": True, "prepared": True, "forms": True, "results": False,
                                 "results_written": ""}
    c = _cycle(portfolio, "example-seated", "2026-12-15")
    assert c["stage"] == "考核中" and c["next"] == {"date": "2026-12-18", "what": "考核结束", "days_left": 3,
                                                 "working_days_left": 4}
    assert c["command"] == "skillplan results clients/example-seated --cycle 2026-1"
    assert c["todo"].startswith("按考场安排考核；评分后把评分表放入 cycles/2026-1/scores.xlsx")


def test_an_assessment_ended_with_no_results_is_overdue(portfolio):
    c = _cycle(portfolio, "example-seated", "2026-12-21")
    assert c["stage"] == "待录入成绩" and c["next"] == {"date": "2026-12-18", "what": "结果公示开始", "days_left": -3,
                                                   "working_days_left": 0}
    assert c["warnings"] == [{"kind": "results", "date": "2026-12-18", "overdue": True,
                              "message": "考核已于 2026-12-18 结束，尚未录入成绩，结果公示应于 2026-12-18 开始"}]
    assert "    逾期：考核已于 2026-12-18 结束，尚未录入成绩，结果公示应于 2026-12-18 开始（已过 3 天）" in \
        _lines(portfolio, "example-seated", "2026-12-21")
    unseated = _cycle(portfolio, "example", "2026-12-19")  # never prepared: the results are due all the same
    assert unseated["stage"] == "待录入成绩" and unseated["command"] == "skillplan results clients/example --cycle 2026-1"


def test_with_results_in_the_publicity_runs_and_its_last_three_working_days_are_warned(portfolio):
    early = _cycle(portfolio, "example-scored", "2026-12-21")
    assert early["stage"] == "公示中" and early["next"]["working_days_left"] == 4 and early["warnings"] == []
    c = _cycle(portfolio, "example-scored", "2026-12-22")
    assert c["stage"] == "公示中"
    assert c["next"] == {"date": "2026-12-24", "what": "结果公示截止", "days_left": 2, "working_days_left": 3}
    assert (c["warnings"][0]["kind"], c["warnings"][0]["overdue"]) == ("publicity", False)
    assert c["command"] is None and c["todo"] == "结果公示期满（2026-12-24）后把 证书数据.xlsx 报省里确认"
    assert "  2026-1  公示中  结果公示截止 2026-12-24（还有 3 个工作日）  下一步：结果公示期满（2026-12-24）后把 " \
           "证书数据.xlsx 报省里确认" in _lines(portfolio, "example-scored", "2026-12-22")
    assert c["certificates"]["valid"] == 24 and c["certificates"]["approved"] == []


def test_after_the_publicity_the_cycle_waits_for_the_provinces_approved_list(portfolio):
    c = _cycle(portfolio, "example-scored", "2026-12-28")
    assert c["stage"] == "待省里确认" and c["next"] == {"date": "2026-12-25", "what": "发证日期", "days_left": -3,
                                                   "working_days_left": 0}
    assert c["command"] == "skillplan certificates clients/example-scored --cycle 2026-1 --approved <省里确认的证书数据.xlsx>"
    assert [(w["kind"], w["overdue"]) for w in c["warnings"]] == [("approval", True)]


def test_an_approved_list_that_left_numbers_unprinted_leaves_them_to_print(portfolio):
    c = _cycle(portfolio, "example-partial", "2026-12-28")
    assert c["stage"] == "待打印证书" and c["todo"] == "19 个有效的证书编号尚未打印"
    assert c["certificates"] == {"registered": 24, "valid": 24, "approved": [str(TODAY)], "printed": 5,
                                 "handed_over": 0, "not_handed_over": 5, "reprints": 0}


def test_printed_certificates_wait_to_be_handed_over_and_are_warned_a_week_before_two_weeks_pass(portfolio):
    due = HANDED + dt.timedelta(days=14)  # after the print, or after the 发证日期 when printed before it
    c = _cycle(portfolio, "example-printed", due - dt.timedelta(days=8))
    assert c["stage"] == "待核发" and c["next"]["date"] == str(due) and c["next"]["what"] == "核发期限"
    assert c["warnings"] == [] and c["todo"] == "24 份证书已印制、尚未核发"
    assert c["command"] == "skillplan ledger handover clients/example-printed <证书编号> --receiver <领取人>"
    warned = _cycle(portfolio, "example-printed", due - dt.timedelta(days=7))["warnings"]
    since = f"{TODAY} 印制" if TODAY >= ISSUED else f"{TODAY} 印制、{ISSUED} 发证"
    assert warned == [{"kind": "handover", "date": str(due), "overdue": False,
                       "message": f"24 份证书 {since}，应于 {due} 前核发"}]
    assert _cycle(portfolio, "example-printed", due + dt.timedelta(days=1))["warnings"][0]["overdue"]


def test_a_cycle_whose_certificates_are_all_handed_over_is_done(portfolio):
    c = _cycle(portfolio, "example-done", "2027-01-15")
    assert c["stage"] == "已完成" and c["next"] is None and c["warnings"] == [] and c["command"] is None
    assert c["todo"] == f"24 份证书已全部核发（最后一份 {HANDED}）"
    assert c["certificates"]["handed_over"] == 24
    assert f"  2026-1  已完成  24 份证书已全部核发（最后一份 {HANDED}）" in _lines(portfolio, "example-done", "2027-01-15")


# ---- the filing, the ledger, the clients ------------------------------------------------------

def test_the_filing_is_said_unbuilt_built_changed_or_failing_its_check(tmp_path):
    client = tmp_path / "acme"
    shutil.copytree(EXAMPLE, client)
    first = _report(tmp_path, "acme", "--date", "2026-11-20")["clients"][0]
    assert first["filing"]["built"] is False and first["command"] == "skillplan build acme"
    assert first["cycles"][0]["command"] == "skillplan build acme" and first["cycles"][0]["todo"] == "生成认定公告"
    assert run_cli("build", "acme", cwd=tmp_path).returncode == 0
    built = _report(tmp_path, "acme", "--date", "2026-11-20")["clients"][0]
    assert built["filing"] == {"valid": True, "errors": 0, "warnings": 0, "built": True, "changed": False,
                               "folder": "out/acme"} and built["command"] is None
    (client / "cycles" / "2027-1.yaml").write_text((client / "cycles" / "2027-1.yaml").read_text(encoding="utf-8")
                                                 .replace("何嘉欣", "何嘉怡"), encoding="utf-8")
    changed = _report(tmp_path, "acme", "--date", "2026-11-20")["clients"][0]
    assert changed["filing"]["changed"] and changed["command"] == "skillplan build acme"
    assert "acme（广州华粤精密机械有限公司）  备案：通过，已改动，需重新生成，运行 skillplan build acme" in \
        run_cli("status", "acme", "--date", "2026-11-20", cwd=tmp_path).stdout
    plan = client / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("total: 1268 ", "total: 很多 "), encoding="utf-8")
    broken = _report(tmp_path, "acme")["clients"][0]
    assert broken["filing"]["valid"] is False and broken["filing"]["errors"] == 1
    assert broken["cycles"] == [] and broken["command"] == "skillplan check acme"


def test_a_damaged_ledger_is_said_on_its_clients_line_and_the_others_go_on(portfolio, tmp_path):
    shutil.copytree(portfolio / "clients" / "example-scored", tmp_path / "clients" / "scored")
    shutil.copytree(portfolio / "clients" / "single-level", tmp_path / "clients" / "single-level")
    shutil.copytree(portfolio / "out" / "example-scored_2026-1", tmp_path / "out" / "scored_2026-1")
    (tmp_path / "clients" / "scored" / "certificates.sqlite").write_bytes(b"not a ledger at all")
    done = run_cli("status", "clients/scored", "clients/single-level", "--date", "2026-12-22", cwd=tmp_path)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert "  台账：证书台账 clients/scored/certificates.sqlite：台账文件为空或已损坏，请从备份恢复（不是证书台账文件）" in \
        done.stdout.splitlines()
    assert "  2026-1  公示中  结果公示截止 2026-12-24（还有 3 个工作日）" in done.stdout  # from its outputs
    assert "single-level（汕头市星乐智能玩具有限公司）" in done.stdout
    found = _report(tmp_path, "clients/scored", "--date", "2026-12-22")["clients"][0]
    assert "已损坏" in found["ledger"]["error"] and found["cycles"][0]["certificates"] is None


def test_status_reads_the_ledger_without_changing_it(portfolio, tmp_path):
    ledger = tmp_path / "clients" / "printed" / "certificates.sqlite"
    shutil.copytree(portfolio / "clients" / "example-printed", ledger.parent)
    before, listed = ledger.read_bytes(), sorted(ledger.parent.iterdir())
    assert run_cli("status", "clients/printed", cwd=tmp_path).returncode == 0
    assert ledger.read_bytes() == before and sorted(ledger.parent.iterdir()) == listed  # no journal, no lock


def test_without_clients_every_subfolder_holding_a_plan_is_one(portfolio, tmp_path):
    report = _report(portfolio / "clients", "-o", "../out", "--date", "2026-12-22")
    names = [c["client"] for c in report["clients"]]
    assert names == sorted(p.name for p in (portfolio / "clients").iterdir())
    assert report["out"] == "../out" and report["date"] == "2026-12-22"
    printed = next(c for c in report["clients"] if c["client"] == "example-printed")
    assert printed["cycles"][0]["command"] == "skillplan ledger handover example-printed <证书编号> --receiver <领取人>"
    scored = next(c for c in report["clients"] if c["client"] == "example-scored")
    assert scored["cycles"][0]["stage"] == "公示中"
    done = run_cli("status", cwd=tmp_path)
    assert done.returncode == 2 and "中没有客户（含 plan.yaml 的子文件夹）：请给出客户，如 skillplan status clients/*。" in done.stderr


def test_usage_errors_exit_2_and_a_json_report_stays_json(portfolio):
    for args in (["clients/nobody"], ["clients/example", "--date", "2026-02-30"], ["clients/example", "--format", "xml"]):
        done = run_cli("status", *args, cwd=portfolio)
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    done = run_cli("status", "clients/nobody", "--format", "json", cwd=portfolio)
    assert done.returncode == 2 and json.loads(done.stdout)["error"] == "clients/nobody 不存在。"
    skipped = _report(portfolio, "clients/example", str(EXAMPLE / "cycles"))
    assert skipped["skipped"][0]["reason"].startswith("不是客户文件夹")


def test_the_json_report_has_its_documented_shape(portfolio):
    report = _report(portfolio, "clients/example-printed", "--date", "2026-12-28")
    assert set(report) == {"date", "out", "clients", "skipped", "written"}
    [client] = report["clients"]
    assert set(client) == {"client", "plan", "company", "filing", "command", "ledger", "cycles", "notes"}
    assert client["ledger"] == {"path": "clients/example-printed/certificates.sqlite", "error": None}
    cycle = client["cycles"][0]
    assert set(cycle) == {"id", "stage", "next", "todo", "command", "dates", "outputs", "certificates", "warnings"}
    assert cycle["dates"] == {"announce": "2026-11-25", "registration_start": "2026-11-26", "registration_end": "2026-12-04",
                              "assessment_start": "2026-12-14", "assessment_end": "2026-12-18",
                              "result_date": "2026-12-18", "publicity_end": "2026-12-24", "issue_date": "2026-12-25"}
    assert client["cycles"][1]["certificates"] == {"registered": 0, "valid": 0, "approved": [], "printed": 0,
                                                   "handed_over": 0, "not_handed_over": 0, "reprints": 0}


def test_a_long_list_is_checked_on_every_core_and_reported_as_one_process_reports_it(tmp_path, monkeypatch):
    from skillplan import api
    from skillplan.commands import status as module

    for n in range(17):
        shutil.copytree(EXAMPLE.parent / "single-level", tmp_path / f"c{n:02d}")
    clients = sorted(tmp_path.iterdir())
    many = api.status(clients, tmp_path / "out", dt.date(2026, 12, 1)).as_dict()
    monkeypatch.setattr(module, "PARALLEL_FROM", 1000)
    assert api.status(clients, tmp_path / "out", dt.date(2026, 12, 1)).as_dict() == many
    assert [c["client"] for c in many["clients"]] == [p.name for p in clients]


def test_the_files_whose_presence_shows_a_command_ran_are_those_the_commands_write():
    from skillplan.cycle import exam_day, forms, results, stages

    assert stages.SEATING_FILE.rsplit(".", 1)[0] in exam_day.PREPARE_OUTPUT
    assert stages.SCORE_SHEET.rsplit(".", 1)[0] in forms.FORMS_OUTPUT
    assert set(stages.RESULT_FILES) <= set(results.RECORDS)


# ---- the calendar ------------------------------------------------------------------------------

def test_the_calendar_holds_every_date_with_stable_uids_and_the_same_bytes_twice(portfolio, tmp_path):
    import icalendar
    from helpers import example_plan_and_cycle
    from skillplan.cycle.seating import sessions_of

    for name in ("a.ics", "b.ics"):
        assert run_cli("status", "clients/example-scored", "--date", "2026-12-22", "--ics", tmp_path / name,
                       cwd=portfolio).returncode == 0
    assert (tmp_path / "a.ics").read_bytes() == (tmp_path / "b.ics").read_bytes()
    events = icalendar.Calendar.from_ical((tmp_path / "a.ics").read_bytes()).walk("VEVENT")
    found = {str(e["summary"]): e for e in events}
    assert len({str(e["uid"]) for e in events}) == len(events)

    def days(summary):
        e = found[f"example-scored 2026-1 {summary}"]
        return e.decoded("dtstart"), e.decoded("dtend")

    assert days("认定公告发布") == (dt.date(2026, 11, 25), dt.date(2026, 11, 26))
    assert days("报名") == (dt.date(2026, 11, 26), dt.date(2026, 12, 5))
    assert days("认定考核") == (dt.date(2026, 12, 14), dt.date(2026, 12, 19))
    assert days("认定结果公示") == (dt.date(2026, 12, 18), dt.date(2026, 12, 25))
    assert days("发证日期") == (dt.date(2026, 12, 25), dt.date(2026, 12, 26))
    assert days("截止：结果公示 2026-12-24 截止，期满后把 证书数据.xlsx 报省里确认")[0] == dt.date(2026, 12, 24)
    plan, cycle = example_plan_and_cycle()
    sessions = sessions_of(plan, cycle)
    for s in sessions:
        e = found[f"example-scored 2026-1 {s.title}"]
        start = e.decoded("dtstart")
        assert (start.date(), start.strftime("%H:%M"), e.decoded("dtend").strftime("%H:%M")) == (s.date, s.start, s.end)
        assert start.utcoffset() == dt.timedelta(hours=8) and str(e["location"]) == s.address
    assert sum(str(e["summary"]).startswith("example-scored 2027-1") for e in events) >= 6
    # another day: the same events keep their UIDs (a subscribed calendar updates them)
    assert run_cli("status", "clients/example-scored", "--date", "2026-12-28", "--ics", tmp_path / "c.ics",
                   cwd=portfolio).returncode == 0
    later = {str(e["summary"]): str(e["uid"]) for e in icalendar.Calendar.from_ical((tmp_path / "c.ics").read_bytes())
             .walk("VEVENT")}
    assert all(later[s] == str(e["uid"]) for s, e in found.items() if s in later)
    assert later["example-scored 2026-1 报名"] == str(found["example-scored 2026-1 报名"]["uid"])


# ---- the timeline --------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def test_the_timeline_is_one_page_with_nothing_from_the_network(portfolio, tmp_path):
    page = tmp_path / "t.html"
    done = run_cli("status", "clients/example-printed", "clients/example-seated", "--date", "2026-12-28",
                   "--html", page, cwd=portfolio)
    assert done.returncode == 0 and f"已生成 {page}" in done.stdout
    text = page.read_text(encoding="utf-8")
    assert "<script" not in text and "src=" not in text and "url(" not in text and "@import" not in text
    assert "截至 2026-12-28，共 2 个客户" in text
    assert '<li class="late">逾期：2026-1 考核已于 2026-12-18 结束，尚未录入成绩' in text
    assert text.count('<section class="client"') == 2


@pytest.mark.skipif(not CHROMIUM and not os.environ.get("CI"), reason="Chromium 未安装（apt-get install chromium）")
def test_the_timeline_renders_in_chromium_with_every_client(portfolio, tmp_path):
    assert CHROMIUM, "CI 须安装 Chromium（.ci/run）"
    page = tmp_path / "timeline.html"
    clients = sorted(p.name for p in (portfolio / "clients").iterdir())
    assert run_cli("status", *[f"clients/{c}" for c in clients], "--date", "2026-12-22", "--html", page,
                   cwd=portfolio).returncode == 0
    browser = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1400,900", "--hide-scrollbars"]
    dom = subprocess.run([*browser, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "企业职业技能等级认定进度" in dom.stdout and "截至 2026-12-22，共 13 个客户" in dom.stdout
    for name in clients:
        assert f'data-client="{name}"' in dom.stdout, name
    assert "Uncaught" not in dom.stderr and "Failed to load resource" not in dom.stderr
    shot = subprocess.run([*browser, f"--screenshot={tmp_path / 'timeline.png'}", page.as_uri()], capture_output=True,
                          text=True, timeout=120)
    assert shot.returncode == 0, shot.stderr[-2000:]
    from PIL import Image

    with Image.open(tmp_path / "timeline.png") as picture:
        assert picture.size == (1400, 900)
        assert len(picture.convert("RGB").getcolors(1 << 20)) > 50  # drawn, not a blank page


def test_a_number_revoked_after_the_results_were_written_is_said_until_results_runs_again(tmp_path):
    """ledger.md: a revoked number appears in no output; the 证书数据.xlsx written before the 注销 still
    listed it, and status told the consultant to send it to the province."""
    client, out = tmp_path / "example", tmp_path / "out"
    shutil.copytree(EXAMPLE, client)
    assert run_cli("results", client, "--cycle", "2026-1", "-o", out).returncode == 0

    def warned() -> list[dict]:
        done = run_cli("status", client, "-o", out, "--date", "2026-12-21", "--format", "json")
        [found] = json.loads(done.stdout)["clients"]
        return [w for c in found["cycles"] for w in c["warnings"] if w["kind"] == "revoked"]

    assert warned() == []
    revoked = run_cli("ledger", "revoke", client, "Y000044012027265000001", "--reason", "弄虚作假")
    assert revoked.returncode == 0 and "此前生成的结果公示和证书数据表仍列有这个编号：重新运行 skillplan results" in revoked.stdout
    assert [w["message"] for w in warned()] == [
        "结果公示和证书数据表生成后又注销了本批的证书编号，其中仍列有该编号：请重新运行 skillplan results（--cycle 2026-1）更新"]
    assert run_cli("results", client, "--cycle", "2026-1", "-o", out).returncode == 0
    assert warned() == []
    assert "Y000044012027265000001" not in docx_text(out / "example_2026-1" / "认定结果公示.docx")
