"""`skillplan prepare`: the exam-day pack of a cycle, from its roster — 资格审核表, 考场安排 (.docx and
a .xlsx for the HR department), 准考证 (a print file per offering, one candidate per page), 签到表,
证卡 and 考场异常情况记录表 (one page per session and room).

Only admitted (符合) candidates get a seat and a ticket; the others are listed in the 资格审核表 with
the reason and reported by the command, so nobody is dropped silently."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..core import codes
from ..core.render import render
from ..core.terms import GRADING, level_range
from ..core.xlsx import Sheet, workbook_bytes
from ..output.bundle import safe_name
from ..output.provenance import Provenance, docx_writer
from ..plan import facts
from .admission import PENDING, QUALIFIED, UNQUALIFIED, Verdict
from .assignment import EXAMINER_POST, Post
from .roster import Candidate
from .seating import Seat, Session
from .staff import Staff

# what `prepare` rewrites as a whole in OUT/<client>_<cycle>/ (a rerun drops its own old files)
PREPARE_OUTPUT = ("资格审核表", "考场安排", "准考证", "签到表", "证卡", "考场异常情况记录表", "考评人员安排", "工作证")
RULES = [
    "考生须持本准考证和有效身份证件，按时到达考场，凭证入场，对号入座。",
    "开考后迟到15分钟以上者不得入场；理论知识考试开考30分钟后方可交卷离场。",
    "除规定的文具和工具外，不得携带手机、资料等物品进入考场；已携带的须关机并放在指定位置。",
    "服从考评人员和督导人员的管理，遵守考场纪律和安全操作规程；违纪、作弊者按规定处理并记录在案。",
    "考试结束后，本准考证请妥善保存，凭证查询成绩。",
]
# a 定级评价 is an appraisal at work by the raters, not an examination: no exam words on its ticket
GRADING_RULES = [
    "参评人员须持本准考证和有效身份证件，按时到达评价地点，凭证参加评价。",
    "迟到15分钟以上者不得参加当场评价。",
    "除评价所需的工具外，不得携带手机、资料等物品进入评价现场；已携带的须关机并放在指定位置。",
    "服从考评人员和督导人员的管理，遵守现场纪律和安全操作规程；违纪、作弊者按规定处理并记录在案。",
    "评价结束后，本准考证请妥善保存，凭证查询认定结果。",
]


def _common(plan: dict, cycle: dict) -> dict[str, Any]:
    return {"company": plan["company"]["name"], "year": cycle["year"], "batch": codes.chinese_number(cycle["batch"])}


def _application(c: Candidate) -> str:
    return f"{c.occupation}{codes.LEVEL_SHORT[c.level]}"


def _held(c: Candidate) -> str:
    """已有证书 as the register prints them: 电工四级, and its date (（2021-06-30）) on a line of its own,
    where a narrow column would otherwise break it at a hyphen; one certificate after another."""
    return "\n".join(f"{h.occupation}{codes.LEVEL_SHORT[h.level]}\n（{h.issued}）" for h in c.held) or "—"


def _verdict_text(v: Verdict) -> str:
    """符合, 不符合：why, or a reviewer's word: 符合：已核验（人工审核）, or 符合：人工审核 with no reason given."""
    if v.reviewed:
        return f"{v.verdict}：{v.reason}（人工审核）" if v.reason else f"{v.verdict}：人工审核"
    return v.verdict + (f"：{v.reason}" if v.reason else "")


def _id_with_type(c: Candidate) -> str:
    """The ID number, after its kind unless it is a 居民身份证 (a passport number alone says nothing)."""
    return c.id_number if c.id_type == codes.RESIDENT_ID else f"{c.id_type} {c.id_number}"


def qualification_context(plan: dict, cycle: dict, verdicts: list[Verdict], when: dt.date) -> dict[str, Any]:
    """资格审核表: the conditions of each occupation and level applied for, once (they are the same for
    all its applicants), then every applicant in roster order."""
    rows = [{"no": n, "name": v.candidate.name, "id": _id_with_type(v.candidate), "application": _application(v.candidate),
             "years_trade": f"{v.candidate.years_trade}年", "years_here": f"{v.candidate.years_here}年",
             "education": v.candidate.education, "held": _held(v.candidate), "verdict": _verdict_text(v)}
            for n, v in enumerate(verdicts, 1)]
    kinds = {_application(v.candidate): v.conditions for v in verdicts}
    count = {k: sum(v.verdict == k for v in verdicts) for k in (QUALIFIED, UNQUALIFIED, PENDING)}
    return {**_common(plan, cycle), "rows": rows, "total": len(verdicts), "qualified": count[QUALIFIED],
            "kinds": [{"application": k, "conditions": text} for k, text in kinds.items()],
            "unqualified": count[UNQUALIFIED], "pending": count[PENDING], "date": codes.chinese_date(when)}


def _place(plan: dict, session: Session) -> str:
    return f"{facts.site_unit(plan, session.address)}（{session.address}）"


def _when(session: Session) -> str:
    return f"{codes.chinese_date(session.date)} {session.time}"


def _seat_rows(session: Session, room: str, tickets: dict[str, str]) -> list[dict[str, str]]:
    return [{"seat": str(n), "ticket": tickets[c.id_number], "name": c.name, "occupation": c.occupation,
             "level": codes.LEVEL_NAMES[c.level], "id": c.masked_id}
            for n, c in enumerate(session.seats.get(room, []), 1)]


def seating_context(plan: dict, cycle: dict, sessions: list[Session], tickets: dict[str, str]) -> dict[str, Any]:
    """考场安排: every session that has candidates, room by room."""
    shown = [s for s in sessions if s.seats]
    return {**_common(plan, cycle), "sessions": [
        {"number": s.number, "title": s.title, "when": _when(s), "place": _place(plan, s),
         "count": sum(map(len, s.seats.values())), "opened": "、".join(s.opened),
         "rooms": [{"name": room, "seats": _seat_rows(s, room, tickets)} for room in s.rooms if s.seats.get(room)]}
        for s in shown]}


def room_pages(plan: dict, sessions: list[Session], tickets: dict[str, str]) -> list[dict[str, Any]]:
    """One page per session and room, for the 签到表 and the 考场异常情况记录表."""
    return [{"session": s.number, "title": s.title, "when": _when(s), "place": _place(plan, s), "room": room,
             "seats": _seat_rows(s, room, tickets), "count": len(s.seats[room]), "opened": room in s.opened}
            for s in sessions for room in s.rooms if s.seats.get(room)]


def ticket_context(plan: dict, cycle: dict, admitted: list[Candidate], places: dict[str, list[Seat]],
                   tickets: dict[str, str]) -> dict[str, Any]:
    """准考证 for the given candidates, one per page in ticket order."""
    ordered = sorted(admitted, key=lambda c: tickets[c.id_number])
    return {**_common(plan, cycle), "tickets": [
        {"heading": "参评须知" if c.method == GRADING else "考生须知",
         "rules": GRADING_RULES if c.method == GRADING else RULES, "ticket": tickets[c.id_number], "name": c.name, "id_type": c.id_type, "id": c.masked_id,
         "occupation": c.occupation, "level": codes.LEVEL_NAMES[c.level], "method": c.method,
         "place": _place(plan, places[c.id_number][0].session) if places[c.id_number] else "",
         "sessions": [{"subject": s.session.subject_label, "date": codes.chinese_date(s.session.date),
                       "time": s.session.time, "room": s.room, "seat": str(s.seat)} for s in places[c.id_number]]}
        for c in ordered]}


def _two_across(badges: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    """Badges in pairs for a sheet two across; an odd last one is paired with an empty badge."""
    empty = dict.fromkeys(badges[0] if badges else [], "")
    return [[badges[i], badges[i + 1] if i + 1 < len(badges) else empty] for i in range(0, len(badges), 2)]


def badge_context(plan: dict, cycle: dict, admitted: list[Candidate], places: dict[str, list[Seat]],
                  tickets: dict[str, str]) -> dict[str, Any]:
    """证卡, two across: each candidate's name, ticket, occupation and first room and seat."""
    badges = []
    for c in sorted(admitted, key=lambda c: tickets[c.id_number]):
        first = places[c.id_number][0] if places[c.id_number] else None
        badges.append({"company": plan["company"]["name"], "name": c.name, "ticket": tickets[c.id_number],
                       "occupation": c.occupation, "level": codes.LEVEL_SHORT[c.level],
                       "room": first.room if first else "", "seat": str(first.seat) if first else ""})
    return {**_common(plan, cycle), "pairs": _two_across(badges)}


def allocation_sheet(plan: dict, sessions: list[Session], tickets: dict[str, str]) -> bytes:
    """考场安排.xlsx: one row per candidate and session, text cells only."""
    header = ["场次", "科目", "日期", "时间", "地点", "考场", "座位号", "准考证号", "姓名", "证件号码", "申报职业（工种）",
              "申报等级"]
    rows = [[str(s.number), s.subject_label, s.date.isoformat(), s.time, _place(plan, s), room, r["seat"], r["ticket"],
             r["name"], r["id"], r["occupation"], r["level"]]
            for s in sessions for room in s.rooms for r in _seat_rows(s, room, tickets)]
    return workbook_bytes([Sheet("考场安排", header, rows)])


def prepare_documents(plan: dict, cycle: dict, verdicts: list[Verdict], sessions: list[Session],
                      places: dict[str, list[Seat]], tickets: dict[str, str], when: dt.date,
                      templates: Path | None = None, source: Provenance | None = None) -> Iterator[tuple[str, bytes]]:
    """Every file of the exam-day pack, as (relative path, bytes); with source, each .docx embeds the
    plan it was prepared from (never the roster)."""
    admitted = [v.candidate for v in verdicts if v.admitted]
    write = docx_writer(source)

    def _docx(template: str, context: dict[str, Any]) -> bytes:
        return write(render(template, context, templates))

    yield "资格审核表.docx", _docx("qualification.docx", qualification_context(plan, cycle, verdicts, when))
    yield "考场安排.docx", _docx("seating.docx", seating_context(plan, cycle, sessions, tickets))
    yield "考场安排.xlsx", allocation_sheet(plan, sessions, tickets)
    for i, offer in enumerate(cycle["offerings"]):
        group = [c for c in admitted if places[c.id_number] and places[c.id_number][0].session.offering == i]
        if group:
            name = safe_name(f"准考证-{i + 1:02d}-{group[0].occupation}-{offer['date'].isoformat()}")
            yield f"准考证/{name}.docx", _docx("ticket.docx", ticket_context(plan, cycle, group, places, tickets))
    pages = {**_common(plan, cycle), "rooms": room_pages(plan, sessions, tickets)}
    if pages["rooms"]:
        yield "签到表.docx", _docx("signin.docx", pages)
        yield "考场异常情况记录表.docx", _docx("incident.docx", pages)
        yield "证卡.docx", _docx("badge.docx", badge_context(plan, cycle, admitted, places, tickets))


def _duty(post: Post, person: Staff, shown: dict[str, str]) -> str:
    """考评员 or 高级考评员 on an examiner's post; the 评价主体 (as the forms name it), 督导人员 or 考务人员 otherwise."""
    return person.role if post.duty == EXAMINER_POST else shown.get(post.duty, post.duty)


def _role_label(person: Staff, shown: dict[str, str]) -> str:
    return f"{person.role}（{shown.get(person.rater, person.rater)}）" if person.rater else person.role


def staffing_context(plan: dict, cycle: dict, posts: list[Post]) -> dict[str, Any]:
    """考评人员安排: per session and room the people on duty, then per person everything they do."""
    sessions: dict[int, dict[str, Any]] = {}
    duties: dict[str, list[str]] = {}
    shown = facts.rater_names(plan)
    for post in posts:
        s = post.session
        entry = sessions.setdefault(s.number, {"number": s.number, "title": s.title, "when": _when(s),
                                               "place": _place(plan, s), "rows": []})
        for person in post.filled:
            first = not any(r["room_key"] == post.room for r in entry["rows"])
            entry["rows"].append({"room_key": post.room, "room": post.room if first else "",
                                  "count": f"{len(s.seats[post.room])}人" if first else "",
                                  "duty": _duty(post, person, shown), "name": person.name,
                                  "department": person.department or "—"})
            duties.setdefault(person.name, []).append(f"场次{s.number} {post.room} {_duty(post, person, shown)}")
    people = {p.name: p for post in posts for p in post.filled}
    summary = [{"name": n, "department": people[n].department or "—",
                "roles": "、".join(dict.fromkeys(_role_label(p, shown) for post in posts for p in post.filled if p.name == n)),
                "duties": "；".join(d)} for n, d in duties.items()]
    return {**_common(plan, cycle), "sessions": list(sessions.values()), "people": summary,
            "total": len(summary)}


def staff_badge_context(plan: dict, cycle: dict, posts: list[Post]) -> dict[str, Any]:
    """工作证, two across: one per person and role on duty, in the order of the staff list."""
    start, end = cycle["assessment"]["start"], cycle["assessment"]["end"]
    period = f"{codes.chinese_date(start)}至" + (  # 2026年12月14日至18日: short enough for one line on a badge
        f"{end.day}日" if (end.year, end.month) == (start.year, start.month)
        else codes.chinese_date(end).split("年", 1)[1] if end.year == start.year else codes.chinese_date(end))
    badges: dict[tuple[int, str], dict[str, str]] = {}
    shown = facts.rater_names(plan)
    for post in posts:
        for person in post.filled:
            badge = badges.setdefault((person.row, person.role), {
                "company": plan["company"]["name"], "name": person.name, "role": _role_label(person, shown),
                "department": person.department or "", "period": period, "sessions": []})
            if str(post.session.number) not in badge["sessions"]:
                badge["sessions"].append(str(post.session.number))
    ordered = [dict(b, sessions="场次" + "、".join(b["sessions"])) for _, b in sorted(badges.items())]
    return {**_common(plan, cycle), "pairs": _two_across(ordered)}


def staffing_sheet(plan: dict, posts: list[Post]) -> bytes:
    """考评人员安排.xlsx: one row per person and post, text cells only, for the HR department's own lists."""
    header = ["场次", "科目", "日期", "时间", "地点", "考场", "职业（工种）", "等级", "职责", "姓名", "角色", "部门"]
    shown = facts.rater_names(plan)
    rows = [[str(p.session.number), p.session.subject_label, p.session.date.isoformat(), p.session.time,
             _place(plan, p.session), p.room, p.session.occupation, level_range(sorted(p.levels)), _duty(p, person, shown),
             person.name, _role_label(person, shown), person.department]
            for p in posts for person in p.filled]
    return workbook_bytes([Sheet("考评人员安排", header, rows)])


def staff_documents(plan: dict, cycle: dict, posts: list[Post], templates: Path | None,
                    source: Provenance | None = None) -> Iterator[tuple[str, bytes]]:
    """考评人员安排 and 工作证, once every post is filled (none when no room holds a candidate)."""
    if not posts:
        return
    write = docx_writer(source)
    yield "考评人员安排.docx", write(render("staffing.docx", staffing_context(plan, cycle, posts), templates))
    yield "考评人员安排.xlsx", staffing_sheet(plan, posts)
    yield "工作证.docx", write(render("staff_badge.docx", staff_badge_context(plan, cycle, posts), templates))
