"""Every date of a cycle as the calendar (output/calendar.py) and the timeline (output/timeline.py)
show it: the announcement, the registration window, each exam session at its address, the
assessment, the 公示 window, the 发证日期 and the deadlines still open (cycle/stages.py)."""
from __future__ import annotations

import datetime as dt

from ..output.calendar import Event
from ..output.timeline import Lane, Mark, Span
from .stages import DONE, HANDOVER_DAYS, CycleStatus


def calendar_events(client: str, plan: dict, cycle: dict, status: CycleStatus) -> list[Event]:
    """The cycle's dates as calendar entries; each session timed, at its address (the cycle's own
    sessions, else one per subject on the offering's date, as prepare seats them)."""
    from .seating import sessions_of

    d, cid = status.dates, status.cycle_id
    head = f"{client} {cid}"

    def day(kind: str, what: str, start: dt.date, end: dt.date | None = None, note: str = "") -> Event:
        return Event((client, cid, kind), f"{head} {what}", start, end or start, description=note)

    events = [day("announce", "认定公告发布", d.announce),
              day("registration", "报名", d.registration_start, d.registration_end, f"报名截止 {d.registration_end}"),
              day("assessment", "认定考核", d.assessment_start, d.assessment_end)]
    for s in sessions_of(plan, cycle):
        start, end = (dt.datetime.combine(s.date, dt.time.fromisoformat(t)) for t in (s.start, s.end))
        key = (client, cid, "session", s.title, str(s.date), s.start, s.address)
        rooms = "、".join(s.rooms) if s.rooms_given else ""
        events.append(Event(key, f"{head} {s.title}", start, end, s.address,
                            f"{s.subject_label}；{s.date} {s.time}" + (f"；考场：{rooms}" if rooms else "")))
    events += [day("publicity", "认定结果公示", d.result_date, d.publicity_end, f"公示期至 {d.publicity_end}"),
               day("issue", "发证日期", d.issue_date)]
    events += [Event((client, cid, "deadline", dl.kind), f"{head} 截止：{dl.message}", dl.due, dl.due)
               for dl in status.deadlines]
    return events


def timeline_lane(status: CycleStatus) -> Lane:
    """The cycle as a bar from the announcement to the hand-over, its phases coloured, the deadlines
    warned marked (red when overdue)."""
    d, p, one = status.dates, status.progress, dt.timedelta(days=1)
    if status.stage == DONE and p is not None and p.last_handover:
        end = dt.date.fromisoformat(p.last_handover)
    elif p is not None and p.unhanded_since:
        end = dt.date.fromisoformat(p.unhanded_since) + dt.timedelta(days=HANDOVER_DAYS)
    else:
        end = d.issue_date + dt.timedelta(days=HANDOVER_DAYS)
    phases = [Span(d.announce, d.registration_end, "registration", "报名"),
              Span(d.registration_end + one, d.assessment_start - one, "preparation", "准备"),
              Span(d.assessment_start, d.assessment_end, "assessment", "考核"),
              Span(d.result_date, d.publicity_end, "publicity", "公示"),
              Span(d.publicity_end + one, d.issue_date, "approval", "确认"),
              Span(d.issue_date + one, max(end, d.issue_date + one), "handover", "核发")]
    marks = tuple(Mark(w.due, w.message, w.overdue(status.on)) for w in status.warnings)
    step = status.todo if status.stage == DONE or not status.todo else f"下一步：{status.todo}"  # no command: a client reads it
    note = "；".join(words for words in (status.next_words(), step) if words)
    return Lane(status.cycle_id, status.stage, tuple(s for s in phases if s.start <= s.end), marks, note)
