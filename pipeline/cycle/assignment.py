"""考评人员安排: who works in which session and room, with the seed's rules enforced.

Every room that holds candidates needs posts filled (Post): for 晋级评价 three examiners; for 定级评价
the raters the plan weights on the 定级评价表 (班组长, 车间主管, 主管部门, 人力资源部门) and one examiner,
who signs the form's 考评员 line; everywhere one 督导人员 and one 考务人员. Rules: an examiner assesses
only the occupations listed for them and only levels their grade allows (考评员 五–三, 高级考评员 五–一);
no examiner and no 督导人员 works in a room holding a candidate of their own 部门 (the 定级 raters are the
candidate's own line by design and are exempt); nobody is in two rooms at overlapping times.

This is an assignment problem with time conflicts, which a greedy pass gets wrong (it can spend the
one person a later room needs) and which is not a pure flow either (partly overlapping sessions make
"one place at a time" a constraint per moment, not per person). It is solved with OR-Tools CP-SAT:
exact, so an assignment is found whenever one exists, and deterministic with one worker and a fixed
seed, so the same input gives the same list. The model maximises the posts filled (and, among equal
fillings, prefers people earlier in the list), so when the staff do not suffice the answer names every
room and post still empty, not just the first."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..core.errors import Problem
from ..core.terms import GRADING, level_range
from .seating import Session
from .staff import CLERK, HIGHEST_LEVEL, RATER, SUPERVISOR, Staff

EXAMINERS_PER_ROOM = 3  # 晋级评价: a panel of at least three, as the issue and common practice ask
GRADING_EXAMINERS = 1  # 定级评价: the 考评员 who signs the 定级评价表 beside the raters
EXAMINER_POST = "考评员"
SOLVER_BUDGET = 60.0  # deterministic time units: a bound that does not depend on the machine's speed


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
    proven: bool = True  # False when the solver ran out of its budget before proving the filling best


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


def assign(posts: list[Post], staff: list[Staff], rows: dict[str, dict]) -> list[Post]:
    """Fill the posts from the staff list (rows maps an occupation's display name to its plan row);
    returns the posts still short of people (empty when everyone is placed)."""
    by_name: dict[str, list[Staff]] = {}
    for s in staff:
        by_name.setdefault(s.name, []).append(s)
    people = list(by_name)
    for post in posts:
        post.eligible = [n for n in people if any(qualifies(s, post, rows[post.session.occupation]) for s in by_name[n])]
    chosen, proven = _solve(posts, people)
    for i, post in enumerate(posts):
        post.proven = proven
        post.filled = [next(s for s in by_name[n] if qualifies(s, post, rows[post.session.occupation]))
                       for n in people if (i, n) in chosen]
    return [p for p in posts if len(p.filled) < p.count]


def _solve(posts: list[Post], people: list[str]) -> tuple[set[tuple[int, str]], bool]:
    """The CP-SAT model: which (post index, person) pairs are chosen, and whether that is proven best."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    x = {(i, n): model.new_bool_var(f"x{i}_{k}") for i, post in enumerate(posts)
         for k, n in enumerate(people) if n in post.eligible}
    for i, post in enumerate(posts):
        model.add(sum(x[i, n] for n in post.eligible) <= post.count)
    moments = _moments(posts)
    for n in people:
        for group in moments:  # at each moment a person fills at most one post anywhere
            chosen = [x[i, n] for i in group if (i, n) in x]
            if len(chosen) > 1:
                model.add(sum(chosen) <= 1)
    rank = {n: k for k, n in enumerate(people)}
    weight = len(people) * (len(x) + 1)  # one more post filled outweighs any preference between people
    model.maximize(sum(v * (weight - rank[n]) for (i, n), v in x.items()))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_deterministic_time = SOLVER_BUDGET
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return set(), False
    return {key for key, v in x.items() if solver.value(v)}, status == cp_model.OPTIMAL


def _moments(posts: list[Post]) -> list[list[int]]:
    """Groups of posts that are at the same time: for each session start, every post whose session is
    running then (for intervals these are exactly the sets of mutually overlapping sessions)."""
    starts = sorted({(p.session.date, p.session.start) for p in posts})
    groups = []
    for day, start in starts:
        group = [i for i, p in enumerate(posts) if p.session.date == day
                 and (p.session.start == start or p.session.start < start < p.session.end)]
        if len(group) > 1:
            groups.append(group)
    return groups


def shortfall_problems(file: str, short: list[Post]) -> list[Problem]:
    """One message per post still short of people: session, room, occupation and level, what is missing
    and why (nobody on the list qualifies, or those who do are needed elsewhere at that time)."""
    problems = []
    for post in short:
        s, missing = post.session, post.count - len(post.filled)
        why = (f"名单中符合条件的只有 {len(post.eligible)} 人" if len(post.eligible) < post.count
               else "符合条件的人员已安排在同一时间的其他考场" if post.proven
               else "求解超出计算限额，未能证明无法安排：请增加人员或拆分场次后重试")
        problems.append(Problem(file, 0, 0, "考评人员安排",
                                f"场次{s.number}（{s.title}，{s.date.isoformat()} {s.time}）{post.room}：缺{post.duty}"
                                f" {missing} 名——须为{post.requirement}；{why}"))
    return problems
