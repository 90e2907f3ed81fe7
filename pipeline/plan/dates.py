"""A cycle's dates after its assessment (docs/architecture.md, "One order for the ledger and the
output": four dates): the 认定日期, the 认定结果公示 counted in working days (core/workdays.py), the
发证日期. Part of the plan, as the rules check the cycle's issue_date against them, the results print
them and `skillplan status` reads a cycle's calendar without loading what renders documents."""
from __future__ import annotations

import datetime as dt

from ..core import workdays


def result_date(cycle: dict) -> dt.date:
    """认定日期: the cycle's result_date, else the last day of assessment."""
    return cycle.get("result_date") or cycle["assessment"]["end"]


def publicity(plan: dict, cycle: dict) -> tuple[dt.date, dt.date]:
    """The 认定结果公示's first and last day: result_notice_days working days from the 认定日期, which
    counts as the first when it is a working day (core/workdays.py)."""
    start = result_date(cycle)
    return start, workdays.nth_working_day(start, plan["quality"]["result_notice_days"])


def issue_date(plan: dict, cycle: dict) -> dt.date:
    """发证日期: the cycle's issue_date, else the first working day after the 公示 ends (the province
    approves the data once the 公示 has passed without objection)."""
    return cycle.get("issue_date") or workdays.next_working_day(publicity(plan, cycle)[1])


def calendar_notes(plan: dict, cycle: dict) -> list[str]:
    """The console's word when the 公示 or the 发证日期 was counted without a year's official holidays."""
    start, end = publicity(plan, cycle)
    return workdays.unknown_note(workdays.unknown_years(start, max(end, issue_date(plan, cycle))),
                                 "认定结果公示期和发证日期")
