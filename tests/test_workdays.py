"""Working days are counted by China's official calendar (holidays and 调休), in one helper everywhere:
the 制度公示 before an assessment, the 认定结果公示 (its notice and the filing say 个工作日), the
default 发证日期. A year whose schedule is not known yet is counted Monday to Friday and said on the
console, never in a document."""
import datetime as dt
import re

from helpers import example_plan_and_cycle, run_cli
from skillplan.core import workdays
from skillplan.cycle.results import notice_context
from skillplan.plan.dates import calendar_notes, issue_date, publicity

D = dt.date


def test_the_official_holidays_and_the_weekend_days_worked_instead_count():
    assert not workdays.is_working_day(D(2026, 10, 1))  # 国庆
    assert not workdays.is_working_day(D(2026, 10, 7))
    assert workdays.is_working_day(D(2026, 10, 10))  # a Saturday worked instead (调休)
    assert workdays.is_working_day(D(2026, 9, 20))  # a Sunday worked instead
    assert not workdays.is_working_day(D(2026, 9, 25))  # 中秋, a Friday
    assert workdays.is_working_day(D(2026, 2, 14)) and workdays.is_working_day(D(2026, 2, 28))  # 春节's Saturdays
    assert workdays.schedule_known(2026)


def test_a_notice_spanning_national_day_2026_counts_working_days_by_the_official_calendar():
    # 9-30 (Wed) counts; 10-1 to 10-7 are holidays; 10-8, 10-9, 10-10 (a Saturday worked), then 10-12
    assert workdays.nth_working_day(D(2026, 9, 30), 5) == D(2026, 10, 12)
    plan, cycle = example_plan_and_cycle()
    cycle = {**cycle, "result_date": D(2026, 9, 30)}
    assert publicity(plan, cycle) == (D(2026, 9, 30), D(2026, 10, 12))
    context = notice_context(plan, cycle, [])
    assert (context["period"], context["days"]) == ("2026年9月30日至10月12日", 5)
    assert issue_date(plan, cycle) == D(2026, 10, 13)  # the first working day after the 公示
    assert calendar_notes(plan, cycle) == []


def test_a_result_day_off_work_starts_the_count_on_the_next_working_day():
    assert workdays.nth_working_day(D(2026, 12, 19), 3) == D(2026, 12, 23)  # Saturday: Mon, Tue, Wed
    assert workdays.nth_working_day(D(2026, 12, 18), 5) == D(2026, 12, 24)  # the example: Friday counts
    assert workdays.next_working_day(D(2026, 9, 30)) == D(2026, 10, 8)
    assert workdays.working_days_between(D(2026, 9, 29), D(2026, 10, 10)) == 3  # 9-30, 10-8, 10-9


def test_a_year_not_yet_known_is_counted_monday_to_friday_and_said_on_the_console_only():
    assert not workdays.schedule_known(2027)  # chinesecalendar 1.11 knows the years up to 2026
    assert workdays.is_working_day(D(2027, 1, 1))  # 元旦, but unknown: a Friday like another
    assert not workdays.is_working_day(D(2027, 1, 2))
    assert workdays.unknown_years(D(2026, 12, 28), D(2027, 1, 5)) == [2027]
    plan, cycle = example_plan_and_cycle("2027-1")
    [note] = calendar_notes(plan, cycle)
    assert "尚未收录2027年的法定节假日和调休安排" in note and "按周一至周五计算，未计节假日和调休" in note
    assert "尚未收录" not in str(notice_context(plan, cycle, []))


def test_the_notice_promised_before_an_assessment_counts_national_day_as_no_working_days(client):
    plan = client / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    # five Monday-to-Friday days lie between, but only 9-30, 10-8 and 10-9 are working days
    text = text.replace("announce_date: 2026-11-25", "announce_date: 2026-09-29").replace(
        "start: 2026-11-26\n      end: 2026-12-04", "start: 2026-09-29\n      end: 2026-10-09").replace(
        "start: 2026-12-14\n      end: 2026-12-18", "start: 2026-10-10\n      end: 2026-12-18")
    plan.write_text(text, encoding="utf-8")
    done = run_cli("check", client)
    assert done.returncode == 1
    assert "announce_date  公告发布至认定开始只有3个工作日，方案承诺的公示期为不少于5个工作日" in done.stderr


def test_a_notice_under_three_working_days_is_refused_and_the_default_is_five(client):
    plan = client / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("result_notice_days: 5 ", "result_notice_days: 2 "), encoding="utf-8")
    done = run_cli("check", client)
    assert done.returncode == 1 and "quality.result_notice_days  应不小于 3，实际为 2" in done.stderr, done.stderr
    plan.write_text(re.sub(r"\n  result_notice_days: 5[^\n]*", "", text), encoding="utf-8")
    from skillplan import api

    _, checked = api.checked(plan, strict=False)
    assert checked["quality"]["result_notice_days"] == 5


def test_an_issue_date_inside_the_notice_is_refused_by_check(client):
    plan = client / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("      end: 2026-12-18\n", "      end: 2026-12-18\n    issue_date: 2026-12-24\n"),
                    encoding="utf-8")
    done = run_cli("check", client)
    assert done.returncode == 1
    assert ("issue_date  发证日期须在认定结果公示期满之后：公示期为 2026-12-18 至 2026-12-24（5个工作日），"
            "发证日期最早为 2026-12-25") in done.stderr


def test_check_says_which_cycle_was_counted_without_its_years_holidays_and_the_cycle_commands_only_their_own(client,
                                                                                                        tmp_path):
    checked = run_cli("check", client)
    assert checked.returncode == 0
    [note] = [line for line in checked.stdout.splitlines() if "尚未收录" in line]
    assert "尚未收录2027年的法定节假日和调休安排" in note and "2027-1 批次公告发布至认定开始的工作日按周一至周五计算" in note
    built = run_cli("build", client, "--cycle", "2026-1", "-o", tmp_path / "out")
    assert built.returncode == 0 and "尚未收录" not in built.stdout
    results = run_cli("results", client, "--cycle", "2026-1", "-o", tmp_path / "out")
    assert results.returncode == 0 and "尚未收录" not in results.stdout  # 2026-1 lies in a year known
