"""Filling duties exactly: jobs at times (a day, a start, an end), each needing a number of people
from those eligible for it, nobody in two jobs at once. assignment.py says who is eligible for what;
this module finds who does what, or proves that nobody can and says why.

How, and why it is fast:
- Jobs whose times do not overlap, even through a chain of others, share no constraint (a person may
  work the morning and the afternoon): the jobs fall into clusters solved one at a time.
- In a cluster, people eligible for exactly the same jobs are interchangeable: they form one class,
  and the model counts how many of a class work each job, not which of them (a list where many hold
  the same occupations otherwise has millions of equivalent answers for the solver to wade through).
  Jobs at the same times with the same eligible people are likewise one.
- Counting is enough because the times are intervals: if at every start of a job no more of a class
  are needed than it has, its members can be given the jobs one by one in order of start (interval
  graphs are perfect), each the first free member in list order. So the answer is exact.
- Before any search, every moment is checked by a maximum flow: when the people eligible at that
  moment cannot cover its jobs, the minimum cut names the jobs that compete for too few people
  (Hall's condition), which is the plainest reason there is.
- What passes is filled moment by moment by minimum cost flows (earlier people cost less); when that
  leaves a moment short, CP-SAT decides (one worker, a fixed seed, a bound in deterministic time: the
  same input gives the same answer on any machine), started from a greedy filling in list order. So
  the answer is exact either way, and earlier people are preferred."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

SOLVER_BUDGET = 20.0  # deterministic time units per cluster: a bound that does not depend on the machine's speed
ALONE, TOGETHER, CHAIN, LIMIT = "alone", "together", "chain", "limit"


@dataclass
class Job:
    """What needs people: a post at a time. eligible: indices of the people (in list order) who may do it."""

    day: dt.date
    start: str
    end: str
    count: int
    eligible: list[int]


@dataclass
class Gap:
    """Why some jobs stay short. ALONE: one job has fewer eligible than it needs. TOGETHER: at one moment
    these jobs need more people than the people eligible for any of them (people). CHAIN: the solver
    proved no filling exists; the jobs it left short, and where their eligible people were put instead
    (busy: person → jobs). LIMIT: the solver stopped at its bound; the tightest moment of the cluster:
    the jobs there that share eligible people, with the fewest to spare (missing: how many too few,
    0 when they just suffice)."""

    kind: str
    jobs: list[int]
    missing: int
    people: list[int] = field(default_factory=list)
    moment: tuple[dt.date, str] | None = None
    busy: dict[int, list[int]] = field(default_factory=dict)
    unsettled: list[int] = field(default_factory=list)  # LIMIT: every job of the cluster left without an answer


@dataclass
class _Cluster:
    """Jobs that overlap in time, directly or through others; grouped (same times, same eligible people)
    and with the people in classes (eligible for the same groups)."""

    jobs: list[int]
    groups: list[list[int]] = field(default_factory=list)  # job indices of each group
    need: list[int] = field(default_factory=list)  # people each group needs
    classes: list[list[int]] = field(default_factory=list)  # person indices of each class, in list order
    able: list[list[int]] = field(default_factory=list)  # classes eligible for each group
    moments: list[tuple[str, list[int]]] = field(default_factory=list)  # (start, groups running then)


def fill(jobs: list[Job]) -> tuple[list[list[int]], list[Gap]]:
    """Who does each job (person indices, ascending), and every reason a job stays short."""
    filled: list[list[int]] = [[] for _ in jobs]
    gaps = [Gap(ALONE, [i], job.count - len(job.eligible), list(job.eligible))
            for i, job in enumerate(jobs) if len(job.eligible) < job.count]
    for members in _clusters(jobs):
        cluster = _grouped(jobs, members)
        found = _hall(jobs, cluster)  # when a moment is short, searching is pointless: that is the answer
        gaps += found or _solve(jobs, cluster, filled)
    return filled, gaps


def _clusters(jobs: list[Job]) -> list[list[int]]:
    """Indices of jobs whose times overlap, directly or through a chain of others: a sweep by start."""
    order = sorted(range(len(jobs)), key=lambda i: (jobs[i].day, jobs[i].start, jobs[i].end, i))
    clusters: list[list[int]] = []
    day, until = None, ""
    for i in order:
        job = jobs[i]
        if job.day != day or job.start >= until:
            clusters.append([])
            day, until = job.day, job.end
        clusters[-1].append(i)
        until = max(until, job.end)
    return clusters


def _grouped(jobs: list[Job], members: list[int]) -> _Cluster:
    """The cluster's groups, classes and moments. A job's need is capped at its eligible people: the
    rest is an ALONE gap already."""
    cluster = _Cluster(members)
    keys: dict[tuple, int] = {}
    for i in members:
        job = jobs[i]
        need = min(job.count, len(job.eligible))
        if not need:
            continue
        key = (job.start, job.end, tuple(job.eligible))
        if key not in keys:
            keys[key] = len(cluster.groups)
            cluster.groups.append([])
            cluster.need.append(0)
        cluster.groups[keys[key]].append(i)
        cluster.need[keys[key]] += need
    profiles: dict[int, list[int]] = {}
    for g, group in enumerate(cluster.groups):
        for person in jobs[group[0]].eligible:
            profiles.setdefault(person, []).append(g)
    classes: dict[tuple[int, ...], list[int]] = {}
    for person in sorted(profiles):
        classes.setdefault(tuple(profiles[person]), []).append(person)
    cluster.classes = list(classes.values())
    cluster.able = [[] for _ in cluster.groups]
    for c, profile in enumerate(classes):
        for g in profile:
            cluster.able[g].append(c)
    starts = sorted({jobs[group[0]].start for group in cluster.groups})
    cluster.moments = [(s, [g for g, group in enumerate(cluster.groups)
                            if jobs[group[0]].start <= s < jobs[group[0]].end]) for s in starts]
    return cluster


def _hall(jobs: list[Job], cluster: _Cluster) -> list[Gap]:
    """Each moment's jobs against the people eligible then, by a maximum flow: a TOGETHER gap for each
    set of jobs the minimum cut finds competing for too few people (each set once, at its first moment)."""
    from ortools.graph.python import max_flow

    gaps, seen = [], set()
    for start, running in cluster.moments:
        flow = max_flow.SimpleMaxFlow()
        source, sink, offset = 0, 1, 2 + len(running)
        node = {c: offset + n for n, c in enumerate(sorted({c for g in running for c in cluster.able[g]}))}
        for k, g in enumerate(running):
            flow.add_arc_with_capacity(source, 2 + k, cluster.need[g])
            for c in cluster.able[g]:
                flow.add_arc_with_capacity(2 + k, node[c], cluster.need[g])
        for c, n in node.items():
            flow.add_arc_with_capacity(n, sink, len(cluster.classes[c]))
        if flow.solve(source, sink) != flow.OPTIMAL or flow.optimal_flow() == sum(cluster.need[g] for g in running):
            continue
        side = set(flow.get_source_side_min_cut())
        cut = [g for k, g in enumerate(running) if 2 + k in side]
        for piece in _pieces(cluster, cut):
            people = sorted(p for c in {c for g in piece for c in cluster.able[g]} for p in cluster.classes[c])
            key = tuple(sorted(i for g in piece for i in cluster.groups[g]))
            if key not in seen and sum(cluster.need[g] for g in piece) > len(people):
                seen.add(key)
                gaps.append(Gap(TOGETHER, list(key), sum(cluster.need[g] for g in piece) - len(people), people,
                                (jobs[key[0]].day, start)))
    return gaps


def _pieces(cluster: _Cluster, groups: list[int]) -> list[list[int]]:
    """The groups split where they share no eligible class: each piece is one shortage."""
    pieces: list[tuple[set[int], list[int]]] = []
    for g in groups:
        classes = set(cluster.able[g])
        joined = [p for p in pieces if p[0] & classes]
        merged = (classes.union(*(p[0] for p in joined)), sorted([g, *(x for p in joined for x in p[1])]))
        pieces = [p for p in pieces if not p[0] & classes] + [merged]
    return sorted((p[1] for p in pieces), key=lambda p: p[0])


def _solve(jobs: list[Job], cluster: _Cluster, filled: list[list[int]]) -> list[Gap]:
    """Fill the cluster's jobs (filled is set for each); a CHAIN gap when no filling exists, a LIMIT
    gap when the solver stops at its bound."""
    found = _by_flows(jobs, cluster)
    if found is not None:
        _name_people(jobs, cluster, found, filled)
        return []
    from ortools.sat.python import cp_model

    model, counts = _model(cluster, exact=True)
    solver = _solver()
    status = solver.solve(model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        _name_people(jobs, cluster, {k: solver.value(v) for k, v in counts.items()}, filled)
        return []
    if status != cp_model.INFEASIBLE:
        return [_tightest(jobs, cluster)]
    model, counts = _model(cluster, exact=False)  # as many filled as can be: what stays short, and why
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return [_tightest(jobs, cluster)]
    _name_people(jobs, cluster, {k: solver.value(v) for k, v in counts.items()}, filled)
    return _chains(jobs, cluster, filled)


def _by_flows(jobs: list[Job], cluster: _Cluster) -> dict[tuple[int, int], int] | None:
    """The quick way, tried first: moment by moment, the groups starting then get classes by a minimum
    cost flow (earlier classes cost less) within what the groups still running leave them; None when
    some moment cannot be covered so (the search decides then). Mostly it can, and CP-SAT is not even
    loaded."""
    from ortools.graph.python import min_cost_flow

    counts: dict[tuple[int, int], int] = {}
    for start, running in cluster.moments:
        new = [g for g in running if jobs[cluster.groups[g][0]].start == start]
        flow, arcs = min_cost_flow.SimpleMinCostFlow(), {}
        source, sink, offset = 0, 1, 2 + len(new)
        for k, g in enumerate(new):
            flow.add_arc_with_capacity_and_unit_cost(source, 2 + k, cluster.need[g], 0)
            for c in cluster.able[g]:
                arcs[g, c] = flow.add_arc_with_capacity_and_unit_cost(2 + k, offset + c, cluster.need[g], c)
        for c in sorted({c for g in new for c in cluster.able[g]}):
            taken = sum(counts.get((g, c), 0) for g in running if g not in new)
            flow.add_arc_with_capacity_and_unit_cost(offset + c, sink, len(cluster.classes[c]) - taken, 0)
        total = sum(cluster.need[g] for g in new)
        flow.set_node_supply(source, total)
        flow.set_node_supply(sink, -total)
        if flow.solve_max_flow_with_min_cost() != flow.OPTIMAL or flow.maximum_flow() < total:
            return None
        counts.update({key: flow.flow(arc) for key, arc in arcs.items()})
    return counts


def _solver():
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_deterministic_time = SOLVER_BUDGET
    return solver


def _model(cluster: _Cluster, exact: bool):
    """How many of each class work each group: every group's need met (exact), or as many as can be;
    at every moment no class gives more people than it has. Hinted with the greedy filling."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    counts = {(g, c): model.new_int_var(0, min(cluster.need[g], len(cluster.classes[c])), f"y{g}_{c}")
              for g in range(len(cluster.groups)) for c in cluster.able[g]}
    for g, need in enumerate(cluster.need):
        total = sum(counts[g, c] for c in cluster.able[g])
        model.add(total == need) if exact else model.add(total <= need)
    for _, running in cluster.moments:
        by_class: dict[int, list] = {}
        for g in running:
            for c in cluster.able[g]:
                by_class.setdefault(c, []).append(counts[g, c])
        for c, used in by_class.items():
            if len(used) > 1:
                model.add(sum(used) <= len(cluster.classes[c]))
    if not exact:
        model.maximize(sum(counts.values()))
    for key, value in _greedy(cluster).items():
        model.add_hint(counts[key], value)
    return model, counts


def _greedy(cluster: _Cluster) -> dict[tuple[int, int], int]:
    """Group by group, the earliest classes in list order that are free at all the group's moments."""
    left = {(m, c): len(cluster.classes[c]) for m, (_, running) in enumerate(cluster.moments)
            for g in running for c in cluster.able[g]}
    at = {g: [m for m, (_, running) in enumerate(cluster.moments) if g in running] for g in range(len(cluster.groups))}
    chosen = {}
    for g, need in enumerate(cluster.need):
        for c in cluster.able[g]:
            take = min([need] + [left[m, c] for m in at[g]])
            chosen[g, c] = take
            need -= take
            for m in at[g]:
                left[m, c] -= take
    return chosen


def _name_people(jobs: list[Job], cluster: _Cluster, counts: dict[tuple[int, int], int],
                 filled: list[list[int]]) -> None:
    """Turn each class's counts into people: its places in order of start, each to the first member
    (in list order) free then. Never short: no moment asks a class for more than it has."""
    for c, members in enumerate(cluster.classes):
        places = []
        for g, group in enumerate(cluster.groups):
            left = counts.get((g, c), 0)
            for i in group:
                take = min(left, min(jobs[i].count, len(jobs[i].eligible)) - len(filled[i]))
                places += [i] * take
                left -= take
        busy_until = {p: "" for p in members}
        for i in sorted(places, key=lambda i: (jobs[i].start, i)):
            person = next(p for p in members if busy_until[p] <= jobs[i].start)
            filled[i].append(person)
            busy_until[person] = jobs[i].end
    for i in cluster.jobs:
        filled[i].sort()


def _chains(jobs: list[Job], cluster: _Cluster, filled: list[list[int]]) -> list[Gap]:
    """The jobs the fullest filling leaves short, each with where its eligible people work meanwhile."""
    gaps = []
    for i in cluster.jobs:
        job = jobs[i]
        missing = min(job.count, len(job.eligible)) - len(filled[i])
        if missing <= 0:
            continue
        busy = {p: [j for j in cluster.jobs if p in filled[j] and jobs[j].start < job.end and job.start < jobs[j].end]
                for p in job.eligible if p not in filled[i]}
        gaps.append(Gap(CHAIN, [i], missing, list(job.eligible), busy=busy))
    return gaps


def _tightest(jobs: list[Job], cluster: _Cluster) -> Gap:
    """The moment whose jobs, among those sharing eligible people, have the fewest people to spare."""
    best = None
    for start, running in cluster.moments:
        for piece in _pieces(cluster, running):
            people = sorted(p for c in {c for g in piece for c in cluster.able[g]} for p in cluster.classes[c])
            spare = len(people) - sum(cluster.need[g] for g in piece)
            if best is None or spare < best[0]:
                best = (spare, piece, people, start)
    spare, piece, people, start = best
    chosen = sorted(i for g in piece for i in cluster.groups[g])
    return Gap(LIMIT, chosen, max(0, -spare), people, (jobs[chosen[0]].day, start), unsettled=list(cluster.jobs))
