"""考评人员安排: who works in which session and room, with the seed's rules enforced.

Every room that holds candidates needs posts filled (Post): for 晋级评价 three examiners; for 定级评价
the raters the plan weights on the 定级评价表 (班组长, 车间主管, 主管部门, 人力资源部门) and one examiner,
who signs the form's 考评员 line; everywhere one 督导人员 and one 考务人员. Rules: an examiner assesses
only the occupations listed for them and only levels their grade allows (考评员 五–三, 高级考评员 五–一);
no examiner and no 督导人员 works in a room holding a candidate of their own 部门 (the 定级 raters are the
candidate's own line by design and are exempt); nobody is in two rooms at overlapping times.

This is an assignment problem with time conflicts, which a greedy pass gets wrong (it can spend the
one person a later room needs) and which is not a pure flow either (partly overlapping sessions make
"one place at a time" a constraint per moment, not per person). duties.py solves it exactly (an
assignment is found whenever one exists) and deterministically (the same input gives the same list),
preferring people earlier in the list. When the staff do not suffice, every shortage is named: a post
nobody on the list may fill, posts at one time that need more people than qualify for any of them
(and who those people are), or, found by the solver, posts whose qualified people are all needed
elsewhere meanwhile."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..core.errors import Problem
from ..core.terms import GRADING, level_range
from .duties import ALONE, CHAIN, LIMIT, TOGETHER, Gap, Job, fill
from .seating import Session
from .staff import CLERK, HIGHEST_LEVEL, RATER, SUPERVISOR, Staff

EXAMINERS_PER_ROOM = 3  # 晋级评价: a panel of at least three, as the issue and common practice ask
GRADING_EXAMINERS = 1  # 定级评价: the 考评员 who signs the 定级评价表 beside the raters
EXAMINER_POST = "考评员"


@dataclass
class Post:
    """A duty to fill in one room of one session, and the people (by name) allowed to fill it."""

    session: Session
    room: str
    duty: str  # 考评员, 班组长 … (the 评价主体), 督导人员, 考务人员
    count: int
    requirement: str  # who qualifies, as the refusal message says it
    levels: set[int] = field(default_factory=set)  # the candidates' levels in the room
    departments: set[str] = field(default_factory=set)  # the candidates' departments in the room
    eligible: list[str] = field(default_factory=list)
    filled: list[Staff] = field(default_factory=list)


@dataclass
class Shortage:
    """Why posts stay short (a duties.Gap in posts and names): kind ALONE, TOGETHER, CHAIN or LIMIT."""

    kind: str
    posts: list[Post]
    missing: int
    people: list[str]
    moment: tuple | None = None  # (date, start) of a TOGETHER or LIMIT shortage
    busy: dict[str, list[Post]] = field(default_factory=dict)  # CHAIN: where the qualified work meanwhile
    unsettled: list[Post] = field(default_factory=list)  # LIMIT: every post left without an answer


def room_departments(session: Session, room: str) -> set[str]:
    """The candidates' departments in a room (the roster's optional 部门 column)."""
    return {d for c in session.seats.get(room, []) if (d := getattr(c, "department", "") or "")}


def posts_of(sessions: list[Session], raters_of: dict[tuple[str, str], list[str]]) -> list[Post]:
    """Every post of every room that holds candidates; raters_of maps (occupation, method) to the raters
    the plan weights on its 定级评价表."""
    posts = []
    for s in sessions:
        for room in s.rooms:
            if s.seats.get(room):
                posts += _room_posts(s, room, raters_of.get((s.occupation, s.method), []))
    return posts


def _room_posts(s: Session, room: str, raters: list[str]) -> list[Post]:
    levels = sorted({c.level for c in s.seats[room]})
    grade = "高级考评员" if levels[0] < HIGHEST_LEVEL["考评员"] else "考评员或高级考评员"
    departments = room_departments(s, room)
    avoid = f"，且不属于本考场考生所在部门（{'、'.join(sorted(departments))}）" if departments else ""
    examiners = GRADING_EXAMINERS if s.method == GRADING else EXAMINERS_PER_ROOM
    posts = [Post(s, room, EXAMINER_POST, examiners, f"可考评“{s.occupation}”{level_range(levels)}的{grade}{avoid}")]
    if s.method == GRADING:
        posts += [Post(s, room, r, 1, f"可评价“{s.occupation}”的定级评价员（评价主体：{r}）") for r in raters]
    posts += [Post(s, room, SUPERVISOR, 1, f"督导人员{avoid}"), Post(s, room, CLERK, 1, "考务人员")]
    for post in posts:
        post.levels, post.departments = set(levels), departments
    return posts


def qualifies(person: Staff, post: Post, occupation_row: dict) -> bool:
    """Whether this row of the staff list may fill this post."""
    if post.duty == EXAMINER_POST:
        return (person.role in HIGHEST_LEVEL and person.covers(occupation_row)
                and all(person.may_assess(level) for level in post.levels)
                and person.department not in post.departments)
    if post.duty == SUPERVISOR:
        return person.role == SUPERVISOR and person.department not in post.departments
    if post.duty == CLERK:
        return person.role == CLERK
    return person.role == RATER and person.rater == post.duty and person.covers(occupation_row)


def overlaps(a: Session, b: Session) -> bool:
    """Same day and the times cross (one ending as the other starts does not)."""
    return a.date == b.date and a.start < b.end and b.start < a.end


def assign(posts: list[Post], staff: list[Staff], rows: dict[str, dict]) -> list[Shortage]:
    """Fill the posts from the staff list (rows maps an occupation's display name to its plan row);
    returns why posts stay short (empty when everyone is placed)."""
    by_name: dict[str, list[Staff]] = {}
    for s in staff:
        by_name.setdefault(s.name, []).append(s)
    people = list(by_name)
    index = {n: k for k, n in enumerate(people)}
    _set_eligible(posts, staff, rows, index)
    jobs = [Job(p.session.date, p.session.start, p.session.end, p.count, [index[n] for n in p.eligible]) for p in posts]
    filled, gaps = fill(jobs)
    for post, chosen in zip(posts, filled):
        row = rows[post.session.occupation]
        post.filled = [next(s for s in by_name[people[k]] if qualifies(s, post, row)) for k in chosen]
    gaps.sort(key=lambda g: min(g.jobs))
    return [_shortage(g, posts, people) for g in gaps]


def _set_eligible(posts: list[Post], staff: list[Staff], rows: dict[str, dict], index: dict[str, int]) -> None:
    """Each post's eligible people (names, in list order), worked out once for posts that ask the same:
    duty, occupation, levels and the departments to avoid."""
    covering: dict[str, list[Staff]] = {}
    found: dict[tuple, list[str]] = {}
    for post in posts:
        occupation = post.session.occupation
        key = (post.duty, occupation, frozenset(post.levels), frozenset(post.departments))
        if key not in found:
            if occupation not in covering:
                covering[occupation] = [s for s in staff if s.covers(rows[occupation])]
            pool = staff if post.duty in (SUPERVISOR, CLERK) else covering[occupation]
            names = {s.name for s in pool if qualifies(s, post, rows[occupation])}
            found[key] = sorted(names, key=index.__getitem__)
        post.eligible = found[key]


def _shortage(gap: Gap, posts: list[Post], people: list[str]) -> Shortage:
    return Shortage(gap.kind, [posts[i] for i in gap.jobs], gap.missing, [people[k] for k in gap.people], gap.moment,
                    {people[k]: [posts[i] for i in where] for k, where in gap.busy.items() if where},
                    [posts[i] for i in gap.unsettled])


def shortfall_problems(file: str, short: list[Shortage]) -> list[Problem]:
    """One message per shortage: the session, room, occupation and level of each post concerned, what
    it needs, how many qualify and who they are, and where they are needed instead."""
    return [Problem(file, 0, 0, "考评人员安排", _MESSAGES[s.kind](s)) for s in short]


def _session(s: Session) -> str:
    return f"场次{s.number}（{s.title}，{s.date.isoformat()} {s.time}）"


def _where(post: Post) -> str:
    return _session(post.session) + post.room


def _names(names: list[str]) -> str:
    return "、".join(names)


def _alone(s: Shortage) -> str:
    post = s.posts[0]
    return (f"{_where(post)}：缺{post.duty} {s.missing} 名——须为{post.requirement}；名单中符合条件的只有 "
            f"{len(s.people)} 人" + (f"：{_names(s.people)}" if s.people else ""))


def _chain(s: Shortage) -> str:
    post = s.posts[0]
    busy = "、".join(f"{name}（{'、'.join(f'场次{p.session.number}{p.room}' for p in where)}）"
                     for name, where in s.busy.items())
    return (f"{_where(post)}：缺{post.duty} {s.missing} 名——须为{post.requirement}；"
            f"符合条件的人员已安排在同一时间的其他考场" + (f"：{busy}" if busy else ""))


def _needs(posts: list[Post]) -> str:
    """The posts of a shortage, rooms of one session that need the same put together."""
    alike: dict[tuple, list[str]] = {}
    for post in posts:
        alike.setdefault((post.session.number, post.duty, post.count, post.requirement), []).append(post.room)
    session = {post.session.number: post.session for post in posts}
    return "；".join(f"{_session(session[n])}{_names(rooms)} {'各' if len(rooms) > 1 else ''}须有{duty} {count} 名"
                    + (f"（须为{requirement}）" if requirement != duty else "")
                    for (n, duty, count, requirement), rooms in alike.items())


def _together(s: Shortage) -> str:
    day, start = s.moment
    sessions = list(dict.fromkeys(p.session.number for p in s.posts))
    who = s.people
    if len(sessions) > 1:  # who could go where: those the rooms compete for
        who = [f"{n}（{'、'.join(f'场次{k}' for k in sessions if any(n in p.eligible for p in s.posts if p.session.number == k))}）"
               for n in s.people]
    return (f"{day.isoformat()} {start} 起同一时间：{_needs(s.posts)}——共需 {sum(p.count for p in s.posts)} 名，"
            f"名单中能担任的只有 {len(s.people)} 人（一人同一时间只能在一处）" + (f"：{_names(who)}" if who else ""))


def _limit(s: Shortage) -> str:
    day, start = s.moment
    first, last = min(p.session.start for p in s.unsettled), max(p.session.end for p in s.unsettled)
    return (f"求解超出计算限额，未能证明 {day.isoformat()} {first}—{last} 的 {len(s.unsettled)} 个岗位能否安排。"
            f"最紧的是 {start} 起同一时间：{_needs(s.posts)}——共需 {sum(p.count for p in s.posts)} 名，名单中能担任的 "
            f"{len(s.people)} 人；请增加能担任这些岗位的人员，或把其中的场次改到别的时间")


_MESSAGES = {ALONE: _alone, TOGETHER: _together, CHAIN: _chain, LIMIT: _limit}
