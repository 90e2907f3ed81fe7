"""考场安排: the sessions of a cycle and who sits where.

Each offering of the cycle (a trade, its levels, a date, an address) holds one or more sessions: the
plan's `sessions` (subject, date, time, rooms, capacity per room), or else one session on the
offering's date in one room of DEFAULT_CAPACITY seats. Admitted candidates attend every session of
their offering that covers their level; in each session they are seated in roster order, room by
room, seats numbered from 1. When the rooms listed are full, further rooms are opened (第3考场 …)
and said so, so nobody is left without a seat. Everything is deterministic: the same roster gives
the same tickets, rooms and seats."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..core.terms import GRADING, display_name, level_range, trade_of
from .roster import Candidate

DEFAULT_CAPACITY = 30
DEFAULT_TIMES = {GRADING: ("09:00", "17:00")}  # 定级评价: the raters assess through the working day
EXAM_TIMES = ("09:00", "12:00")
DEFAULT_SUBJECT = {GRADING: "定级评价"}
EXAM_SUBJECT = "理论知识、操作技能考核"


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

    @property
    def title(self) -> str:
        return f"{self.occupation}（{level_range(self.levels)}）{self.subject}"

    @property
    def time(self) -> str:
        return f"{self.start}—{self.end}"


@dataclass(frozen=True)
class Seat:
    """Where a candidate sits in one session."""

    session: Session
    room: str
    seat: int


def sessions_of(plan: dict, cycle: dict) -> list[Session]:
    """Every session of the cycle, numbered 1… in offering order."""
    out = []
    for i, offer in enumerate(cycle["offerings"]):
        row = next(o for o in plan["occupations"] if trade_of(o) == offer["trade"]
                   and set(offer["levels"]) & set(o["levels"]))
        method = row["method"]
        default_start, default_end = DEFAULT_TIMES.get(method, EXAM_TIMES)
        for given in offer.get("sessions") or [{}]:
            out.append(Session(
                len(out) + 1, i, given.get("subject") or DEFAULT_SUBJECT.get(method, EXAM_SUBJECT), display_name(row),
                method, sorted(given.get("levels") or offer["levels"], reverse=True), given.get("date") or offer["date"],
                given.get("start") or default_start, given.get("end") or default_end, offer["address"],
                list(given.get("rooms") or ["第1考场"]), given.get("capacity") or DEFAULT_CAPACITY))
    return out


def offering_of(cycle: dict, plan: dict, candidate: Candidate) -> int | None:
    """The first offering of the cycle that assesses this candidate's occupation and level."""
    for i, offer in enumerate(cycle["offerings"]):
        rows = [o for o in plan["occupations"] if trade_of(o) == offer["trade"]]
        if any(display_name(o) == candidate.occupation for o in rows) and candidate.level in offer["levels"]:
            return i
    return None


def seat_everyone(plan: dict, cycle: dict, admitted: list[Candidate]) -> tuple[list[Session], dict[str, list[Seat]]]:
    """The sessions with their rooms filled, and each candidate's seats (by ID number), subject by subject."""
    sessions = sessions_of(plan, cycle)
    places: dict[str, list[Seat]] = {c.id_number: [] for c in admitted}
    for session in sessions:
        attending = [c for c in admitted if offering_of(cycle, plan, c) == session.offering
                     and c.level in session.levels]
        for n, candidate in enumerate(attending):
            room = _room(session, n // session.capacity)
            session.seats.setdefault(room, []).append(candidate)
            places[candidate.id_number].append(Seat(session, room, len(session.seats[room])))
    return sessions, places


def _room(session: Session, index: int) -> str:
    """The index-th room of a session, opening another when the listed ones are full."""
    while index >= len(session.rooms):
        name = f"第{len(session.rooms) + 1}考场"
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
