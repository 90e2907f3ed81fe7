"""考场安排: the sessions of a cycle and who sits where.

Each offering of the cycle (a trade, its levels, a date, an address) holds one or more sessions: the
plan's `sessions` (subject, date, time, rooms, capacity per room), or else one session per subject
(core/subjects.py) on the offering's date in one room of DEFAULT_CAPACITY seats. Admitted candidates attend every session of
their offering that covers their level; in each session they are seated in roster order, room by
room, seats numbered from 1. When the rooms listed are full, further rooms are opened (第3考场 …)
and said so, so nobody is left without a seat. Everything is deterministic: the same roster gives
the same tickets, rooms and seats."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import Problem
from ..core.subjects import DEFAULT_TIMES, GRADING_SUBJECT, THEORY, subjects_of
from ..core.terms import GRADING, display_name, level_range, trade_of
from .roster import Candidate, unit_addresses

DEFAULT_CAPACITY = 30
COMBINED = "理论知识、操作技能考核"  # a 晋级 session the plan gives without a subject holds both


@dataclass
class Session:
    """One sitting: a subject at one time and address, in one or more rooms."""

    number: int
    offering: int  # index of the offering in the cycle
    subject: str
    occupation: str  # display name: 焊工（电焊工）
    method: str
    levels: list[int]
    date: dt.date
    start: str
    end: str
    address: str
    rooms: list[str]
    capacity: int
    seats: dict[str, list[Candidate]] = field(default_factory=dict)  # room → candidates in seat order
    opened: list[str] = field(default_factory=list)  # rooms added because the listed ones were full
    mode: str = ""  # 机考, 笔试, 现场操作 …; empty for 定级评价 and for a subject the plan does not know
    rooms_given: bool = False  # the cycle names its rooms; else they are numbered here
    clashes: list[tuple[str, int]] = field(default_factory=list)  # (room, session) a named room shares

    def overlaps(self, other: Session) -> bool:
        """At the same address at the same time: they cannot share a room."""
        return (self.address, self.date) == (other.address, other.date) and self.start < other.end and other.start < self.end

    @property
    def subject_label(self) -> str:
        """理论知识（机考）: the subject with its mode, as tickets and lists print it."""
        return f"{self.subject}（{self.mode}）" if self.mode else self.subject

    @property
    def title(self) -> str:
        """The session as its papers name it: occupation, levels and subject."""
        return f"{self.occupation}（{level_range(self.levels)}）{self.subject}"

    @property
    def time(self) -> str:
        """The session's date and hours as printed."""
        return f"{self.start}—{self.end}"


@dataclass(frozen=True)
class Seat:
    """Where a candidate sits in one session."""

    session: Session
    room: str
    seat: int


def sessions_of(plan: dict, cycle: dict) -> list[Session]:
    """Every session of the cycle, numbered 1… in offering order: the offering's own sessions, else one
    per subject the plan sets for its levels (理论知识 in the morning, 操作技能 in the afternoon …)."""
    out: list[Session] = []
    for i, offer in enumerate(cycle["offerings"]):
        row = next(o for o in plan["occupations"] if trade_of(o) == offer["trade"]
                   and set(offer["levels"]) & set(o["levels"]))
        for subject, mode, levels, given in _given(row, offer) if offer.get("sessions") else _generated(row, offer):
            start, end = DEFAULT_TIMES.get(subject, DEFAULT_TIMES[THEORY])
            out.append(Session(
                len(out) + 1, i, subject, display_name(row), row["method"], levels, given.get("date") or offer["date"],
                given.get("start") or start, given.get("end") or end, offer["address"],
                list(given.get("rooms") or ["第1考场"]), given.get("capacity") or DEFAULT_CAPACITY, mode=mode,
                rooms_given=bool(given.get("rooms"))))
    return out


def _generated(row: dict, offer: dict) -> list[tuple[str, str, list[int], dict]]:
    """One session per subject and mode, in the order the day runs; levels sharing both sit together."""
    groups: dict[tuple[str, str], list[int]] = {}
    for level in sorted(offer["levels"], reverse=True):
        for subject, mode in subjects_of(row, level):
            groups.setdefault((subject, mode), []).append(level)
    day = list(DEFAULT_TIMES)
    ordered = sorted(groups.items(), key=lambda g: (DEFAULT_TIMES[g[0][0]], day.index(g[0][0])))
    return [(subject, mode, levels, {}) for (subject, mode), levels in ordered]


def _given(row: dict, offer: dict) -> list[tuple[str, str, list[int], dict]]:
    """The offering's own sessions; a known subject takes its mode from the plan when the levels agree on one."""
    out = []
    for given in offer["sessions"]:
        levels = sorted(given.get("levels") or offer["levels"], reverse=True)
        subject = given.get("subject") or (GRADING_SUBJECT if row["method"] == GRADING else COMBINED)
        modes = {m for lv in levels for s, m in subjects_of(row, lv) if s == subject}
        out.append((subject, modes.pop() if len(modes) == 1 else "", levels, given))
    return out


def offering_of(cycle: dict, plan: dict, candidate: Candidate, addresses: dict[str, str]) -> int | None:
    """The offering of the cycle that assesses this candidate's occupation and level: of several (a
    group assessing a trade at its head office and at a branch), the one at their 工作单位's address,
    else the first. addresses: 工作单位 → address (roster.unit_addresses)."""
    matching = []
    for i, offer in enumerate(cycle["offerings"]):
        rows = [o for o in plan["occupations"] if trade_of(o) == offer["trade"]]
        if any(display_name(o) == candidate.occupation for o in rows) and candidate.level in offer["levels"]:
            matching.append(i)
    home = addresses.get(candidate.unit)
    return next((i for i in matching if cycle["offerings"][i]["address"] == home), matching[0] if matching else None)


def seat_everyone(plan: dict, cycle: dict, admitted: list[Candidate]) -> tuple[list[Session], dict[str, list[Seat]]]:
    """The sessions with their rooms filled, and each candidate's seats (by ID number), subject by subject."""
    sessions = sessions_of(plan, cycle)
    places: dict[str, list[Seat]] = {c.id_number: [] for c in admitted}
    addresses = unit_addresses(plan)
    kinds: dict[tuple[str, int, str], int | None] = {}  # one search per occupation, level and unit, not per person
    chosen = {c.id_number: kinds[key] if (key := (c.occupation, c.level, c.unit)) in kinds
              else kinds.setdefault(key, offering_of(cycle, plan, c, addresses)) for c in admitted}
    for k, session in enumerate(sessions):
        # rooms numbered here never repeat one that a session at the same place and time holds
        held = {room: other.number for other in sessions[:k] if other.overlaps(session) for room in other.seats}
        busy = set(held)
        if not session.rooms_given:
            session.rooms = [_free_room(set(), busy)]
        attending = [c for c in admitted if chosen[c.id_number] == session.offering and c.level in session.levels]
        for n, candidate in enumerate(attending):
            room = _room(session, n // session.capacity, busy)
            session.seats.setdefault(room, []).append(candidate)
            places[candidate.id_number].append(Seat(session, room, len(session.seats[room])))
        # a room the cycle names for two sessions at once: two groups, one room, seat numbers twice
        session.clashes = [(room, held[room]) for room in session.seats if room in held]
    return sessions, places


def _free_room(taken: set[str], busy: set[str], k: int = 1) -> str:
    """The lowest-numbered room from 第k考场 on that is neither taken nor busy."""
    while f"第{k}考场" in taken | busy:
        k += 1
    return f"第{k}考场"


def _room(session: Session, index: int, busy: set[str] = frozenset()) -> str:
    """The index-th room of a session, opening another when the listed ones are full (never one a
    session at the same place and time holds: busy)."""
    while index >= len(session.rooms):
        name = _free_room(set(session.rooms), busy, len(session.rooms) + 1)  # the next after those listed
        session.rooms.append(name)
        session.opened.append(name)
    return session.rooms[index]


def ticket_numbers(cycle: dict, admitted: list[Candidate], places: dict[str, list[Seat]]) -> dict[str, str]:
    """准考证号: year, two-digit batch, then a four-digit serial in order of first session, room and seat."""
    def first(c: Candidate) -> tuple:
        seat = places[c.id_number][0] if places[c.id_number] else None
        return (seat.session.number, seat.session.rooms.index(seat.room), seat.seat) if seat else (10**6, 0, c.row)

    ordered = sorted(admitted, key=first)
    return {c.id_number: f"{cycle['year']}{cycle['batch']:02d}{n:04d}" for n, c in enumerate(ordered, 1)}


def clash_problems(plan_file: Path, sessions: list[Session]) -> list[Problem]:
    """Two sessions at one place and time that the cycle put in one room: refused, as their
    candidates would share a room and seat numbers."""
    return [Problem(str(plan_file), 0, 0, "", f"场次{s.number}（{s.title}）与场次{other}同时在同一地点，"
                    f"都安排在“{room}”：两批考生同用一个考场、座位号重复；请在批次的 offerings 中为其一写明别的考场")
            for s in sessions for room, other in s.clashes]


def seating_notes(plan: dict, cycle: dict, sessions: list[Session]) -> list[str]:
    """Rooms opened beyond those planned, and announced offerings nobody was seated at: a group's
    branch whose staff all went to the head office (its roster names no 工作单位), or nobody applied."""
    from ..plan.facts import units_of

    notes = [f"场次{s.number}（{s.title}）原定考场已满，已增设{'、'.join(s.opened)}，请落实场地" for s in sessions if s.opened]
    seated = {s.offering for s in sessions if s.seats}
    # the 工作单位 hint only where the trade's applicants were seated elsewhere (not where nobody was admitted)
    elsewhere = {(cycle["offerings"][s.offering]["trade"], lv) for s in sessions if s.seats for lv in s.levels}
    hint = "（集团的申报人员可在名册的“工作单位”列写明所在的分公司、子公司，安排到其所在地的认定项目）" if units_of(plan) else ""
    return notes + [f"认定项目“{o['trade']}{level_range(sorted(o['levels']))}”（{o['date']}，{o['address']}）没有考生"
                    + (hint if any((o["trade"], lv) in elsewhere for lv in o["levels"]) else "")
                    for i, o in enumerate(cycle["offerings"]) if i not in seated]
