"""Working days in mainland China (工作日): Monday to Friday, less the official public holidays, plus the
weekend days worked instead of them (调休), as the State Council's yearly notice sets them (国务院办公厅
关于部分节假日安排的通知). The one helper every count of working days uses (docs/architecture.md,
"Working days"): the 制度公示 before an assessment, the 认定结果公示, the default 发证日期.

The schedules come from chinesecalendar, pinned to one version (the same input gives the same dates
on every machine). A year it has no schedule for yet (the notice comes out each November; a
version knows the years up to its release) raises there: such a year is counted Monday to Friday,
and unknown_years names it, so that a command can say so on the console. The documents never do.
"""
from __future__ import annotations

import datetime as dt
import functools

ONE_DAY = dt.timedelta(days=1)


@functools.cache
def schedule_known(year: int) -> bool:
    """Whether the official holidays and 调休 of the year are known (else it is counted Monday to Friday)."""
    import chinese_calendar

    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:  # a year before 2004, or after the library's release
        return False
    return True


def is_working_day(day: dt.date) -> bool:
    """A working day by the official calendar; Monday to Friday in a year whose schedule is not known."""
    if not schedule_known(day.year):
        return day.weekday() < 5
    import chinese_calendar

    return chinese_calendar.is_workday(day)


def nth_working_day(start: dt.date, n: int) -> dt.date:
    """The last day of a period of n working days that begins on start: start is the first of them
    when it is a working day, else the first working day after it is."""
    day, counted = start, is_working_day(start)
    while counted < n:
        day += ONE_DAY
        counted += is_working_day(day)
    return day


def next_working_day(day: dt.date) -> dt.date:
    """The first working day after day."""
    day += ONE_DAY
    while not is_working_day(day):
        day += ONE_DAY
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """How many working days lie after start and before end."""
    days, day = 0, start + ONE_DAY
    while day < end:
        days += is_working_day(day)
        day += ONE_DAY
    return days


def unknown_years(start: dt.date, end: dt.date) -> list[int]:
    """The years from start to end whose official schedule is not known (counted Monday to Friday)."""
    return [year for year in range(start.year, end.year + 1) if not schedule_known(year)]


def unknown_note(years: list[int], what: str) -> list[str]:
    """The console's word on a count made without a year's official schedule (what: the dates it
    concerns); nothing when every year is known."""
    if not years:
        return []
    named = "、".join(f"{year}年" for year in years)
    return [f"注意：skillplan 所用的日历尚未收录{named}的法定节假日和调休安排（国务院办公厅通常在上一年11月公布），"
            f"{what}按周一至周五计算，未计节假日和调休：请在公布后核对，或升级 skillplan 后重新运行"]
