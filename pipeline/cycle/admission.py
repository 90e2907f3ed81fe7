"""资格审核: does each applicant meet the plan's 申报条件 for the occupation and level applied for?

Where the plan states the conditions in structured form (occupations[].requirements: per level, a
list of alternatives, any one of which suffices), the verdict is computed: 符合, or 不符合 with the
reason. Where a fact the conditions need is missing (a certificate the roster does not list), or the
plan has only text, the verdict is 待审核 for a person to decide; their decisions in
cycles/<id>/review.csv (证件号码, 结论, 理由) count on the next run. Nobody is dropped silently."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..core import codes
from ..core.errors import InvalidInput
from ..core.tables import plain, read_table
from ..core.terms import NATIONAL, PENDING, QUALIFIED, UNQUALIFIED, level_range
from ..plan.appraisal import occupation_of
from .roster import Candidate, Held

REVIEW_FILE = "review.csv"
# why an applicant is 待审核 when the plan states the conditions in words only: printed in the 资格审核表,
# which goes to the authority, so it speaks of the conditions, not of the tool's plan keys
WORDS_ONLY = "须对照申报条件人工审核"
# 文化程度 by rank: a plan's minimum is met by anything of the same rank or above
EDUCATION_RANK = {"小学": 0, "初中": 1, "高中": 2, "中专": 2, "中技": 2, "技工学校": 2, "职业高中": 2, "职高": 2,
                  "大专": 3, "高职": 3, "专科": 3, "本科": 4, "大学本科": 4, "硕士": 5, "硕士研究生": 5, "研究生": 5,
                  "博士": 6, "博士研究生": 6}


@dataclass(frozen=True)
class Verdict:
    """One applicant's 资格审核 row: the conditions that apply, the verdict and why."""

    candidate: Candidate
    conditions: str
    verdict: str
    reason: str
    reviewed: bool = False  # decided by a person in review.csv
    # what can change a verdict review.csv cannot (a repeat applicant's): said instead of pointing at review.csv
    instead: str = ""
    # 同一年度一人一证: the certificates obtained in the year the new one would be issued, as said
    same_year: str = ""

    @property
    def admitted(self) -> bool:
        """Seated, given a ticket, a form, a result and a number: only 符合 (待审核 waits for
        review.csv, conditions the plan states in words only included)."""
        return self.verdict == QUALIFIED


def review(plan: dict, candidates: list[Candidate], when: dt.date,
           decisions: dict[str, tuple[str, str]] | None = None) -> list[Verdict]:
    """Every candidate's verdict; a reviewer's decision (证件号码 → (结论, 理由)) overrides the computed one."""
    out = []
    # each occupation and level's conditions worked out once, their text one string for all its
    # applicants: results and forms review 10,000 people and keep every verdict
    kinds: dict[tuple[str, int], tuple[list[dict] | None, str]] = {}
    for c in candidates:
        if (c.occupation, c.level) not in kinds:
            occupation = occupation_of(plan, c)
            alternatives = (occupation.get("requirements") or {}).get(str(c.level))
            kinds[c.occupation, c.level] = alternatives, _conditions_text(occupation, c.level, alternatives)
        alternatives, text = kinds[c.occupation, c.level]
        if held := held_level(plan, c):  # the roster says so: review.csv cannot admit them
            out.append(Verdict(c, text, UNQUALIFIED, f"已持有{held.occupation}{codes.LEVEL_SHORT[c.level]}证书"
                               f"（{held.number}，{held.issued} 发证），不能再次申报同一职业同一等级", instead=HELD_REMEDY))
            continue
        verdict, reason = _judge(alternatives, c, when) if alternatives else (
            PENDING, WORDS_ONLY)
        if decisions and c.id_number in decisions:
            verdict, reason = decisions[c.id_number]
            out.append(Verdict(c, text, verdict, reason, reviewed=True))
        else:
            out.append(Verdict(c, text, verdict, reason))
    return out


HELD_REMEDY = "review.csv 不能改变这一结论：名册“已有证书”列填错的，请改正名册"
REPEAT_REMEDY = ("review.csv 不能改变这一结论：名册中此人的证件号码、职业或等级填错的，请改正名册；"
                 "原证书确需注销的，先运行 skillplan ledger revoke {client} {number} --reason 原因")


def _conditions_text(occupation: dict, level: int, alternatives: list[dict] | None) -> str:
    """The conditions as the table prints them: the structured alternatives, else the plan's text."""
    if alternatives:
        return "；或".join(_alternative_text(a, occupation, level) for a in alternatives)
    written = (occupation.get("conditions") or {}).get(str(level))
    if written:  # the filing lists them under 具备以下条件之一者: alternatives, as the structured ones
        return "；或".join(w.rstrip("。；;.") for w in written) + "。"
    if occupation["basis"] == NATIONAL:
        return f"按{NATIONAL}中{level_range([level])}的申报条件"
    return "方案未写明"


def _alternative_text(alternative: dict, occupation: dict, level: int) -> str:
    parts = []
    if "lower_certificate_years" in alternative:
        parts.append(f"取得本职业{codes.LEVEL_SHORT.get(level + 1, '')}证书后满{alternative['lower_certificate_years']}年")
    if "min_years_in_trade" in alternative:
        parts.append(f"本职业工龄满{alternative['min_years_in_trade']}年")
    if "min_years_here" in alternative:
        parts.append(f"本单位工作满{alternative['min_years_here']}年")
    if "min_education" in alternative:
        parts.append(f"{alternative['min_education']}及以上学历")
    return "、".join(parts) or "无特别要求"


def _judge(alternatives: list[dict], c: Candidate, when: dt.date) -> tuple[str, str]:
    """符合 when any alternative is met; 不符合 when every one is surely unmet; else 待审核."""
    unmet, unknown = [], []
    for alternative in alternatives:
        shortfalls, missing = _shortfalls(alternative, c, when)
        if not shortfalls and not missing:
            return QUALIFIED, ""
        if shortfalls:
            unmet.append("、".join(shortfalls))
        else:
            unknown.append("、".join(missing))
    if unknown:
        return PENDING, "须人工核实：" + "；".join(unknown)
    return UNQUALIFIED, "；".join(unmet)


def _shortfalls(alternative: dict, c: Candidate, when: dt.date) -> tuple[list[str], list[str]]:
    """What this candidate lacks for one alternative, and what the roster does not say."""
    short, missing = [], []
    if (need := alternative.get("min_years_in_trade")) is not None and float(c.years_trade) < need:
        short.append(f"本职业工龄{c.years_trade}年，不足{need}年")
    if (need := alternative.get("min_years_here")) is not None and float(c.years_here) < need:
        short.append(f"本单位工作年限{c.years_here}年，不足{need}年")
    if (need := alternative.get("min_education")) is not None:
        rank = EDUCATION_RANK.get(c.education)
        if rank is None:
            missing.append(f"文化程度“{c.education}”")
        elif rank < EDUCATION_RANK[need]:
            short.append(f"文化程度{c.education}，低于{need}")
    if (need := alternative.get("lower_certificate_years")) is not None:
        issued = lower_certificate_date(c)
        if float(c.years_trade) < need:  # N years in the occupation after the certificate need N years in it
            short.append(f"本职业工龄{c.years_trade}年，取得低一级证书后须从事本职业满{need}年")
        elif issued is None:
            missing.append(f"{codes.LEVEL_SHORT.get(c.level + 1, '低一级')}证书及其发证日期")
        elif _years_between(issued, when) < need:
            short.append(f"取得低一级证书不满{need}年")
    return short, missing


def held_level(plan: dict, c: Candidate) -> Held | None:
    """The certificate of the very occupation and level applied for, when the roster's 已有证书 lists one."""
    if not c.held:
        return None
    names = (occupation_of(plan, c)["name"], c.occupation)
    return next((h for h in c.held if h.level == c.level and h.occupation in names), None)


def lower_certificate_date(c: Candidate) -> dt.date | None:
    """The issue date of the candidate's certificate in this occupation one level below the one applied
    for, when the roster's 已有证书 lists it."""
    for held in c.held:
        same = held.occupation in (c.occupation, c.occupation.split("（")[0]) or held.occupation in c.occupation
        if same and held.level == c.level + 1:
            return dt.date.fromisoformat(held.issued)
    return None


def _years_between(start: dt.date, end: dt.date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def read_decisions(path: Path, candidates: list[Candidate]) -> dict[str, tuple[str, str]]:
    """A reviewer's review.csv: 证件号码 → (符合/不符合, 理由); every row checked, problems by row and
    column. The number is read as the roster's is (full width, spaces, x); either verdict needs its 理由."""
    table = read_table(path, ["结论"])
    column = next((c for c in ("证件号码", "身份证号") if c in table.columns), None)
    if column is None:
        raise InvalidInput([table.problem(1, "证件号码", "缺少“证件号码”列（或“身份证号”列）")])
    known = {c.id_number for c in candidates}
    decisions, problems, rows = {}, [], {}
    for row in table.rows:
        # as the roster reads it: full-width digits and letters, any space, a lower-case x
        number = "".join(plain(row.cells.get(column, "")).split()).upper()
        verdict, reason = row.cells.get("结论", ""), row.cells.get("理由", "")
        if number not in known:
            problems.append(table.problem(row.number, column, f"名册中没有证件号码“{number}”"))
        elif number in rows:  # two conclusions for one person: which one stands is not ours to guess
            problems.append(table.problem(row.number, column, f"与第 {rows[number]} 行是同一人：每人只写一行结论"))
        elif verdict not in (QUALIFIED, UNQUALIFIED):
            problems.append(table.problem(row.number, "结论", f"应为“{QUALIFIED}”或“{UNQUALIFIED}”，实际为“{verdict}”"))
        elif verdict == UNQUALIFIED and not reason:
            problems.append(table.problem(row.number, "理由", "结论为“不符合”时须写明理由"))
        elif not reason:  # 符合 overrides the plan's conditions: on what grounds is part of the record
            problems.append(table.problem(row.number, "理由", "结论为“符合”时须写明理由（如核验了哪些材料）"))
        else:
            decisions[number] = (verdict, reason)
        rows.setdefault(number, row.number)
    if problems:
        raise InvalidInput(problems)
    return decisions


def refuse_repeats(ledger_path: Path, client: Path, cycle_id: str, verdicts: list[Verdict],
                   year: int | None = None) -> list[Verdict]:
    """An applicant who already holds a valid certificate of the occupation and level (the client's
    ledger, another cycle) is 不符合 at the review, whatever else is said: found before they sit the
    assessment, not when results registers numbers. With year (the cycle's 发证日期's), the same pass
    flags who obtained any certificate that year (same_year). The ledger is read, never written."""
    import dataclasses
    import shlex

    from .ledger import Ledger, holder_of, repeat_message

    held, that_year = {}, {}
    if ledger_path.exists():
        with Ledger(ledger_path, read_only=True) as book:
            people = [holder_of(v.candidate) for v in verdicts]
            held = {h.id_number: c for h, c in book.held_elsewhere(cycle_id, people)}
            that_year = book.certified_in(year, cycle_id, [h.id_number for h in people]) if year else {}
    quoted = shlex.quote(str(client))  # review.csv cannot admit them: say what can
    judged = [dataclasses.replace(v, verdict=UNQUALIFIED, reason=repeat_message(c), reviewed=False,
                                  instead=REPEAT_REMEDY.format(client=quoted, number=c.number))
              if (c := held.get(v.candidate.id_number)) else v for v in verdicts]
    return judged if year is None else [_one_a_year(v, year, that_year.get(v.candidate.id_number, ())) for v in judged]


def _one_a_year(v: Verdict, year: int, ledger: tuple | list) -> Verdict:
    """同一年度一人一证: the province checks uploaded certificate data against the nation's and sends
    back a person certified twice in a year. Someone with a certificate of the year (the ledger's, or
    the roster's 已有证书) is 待审核 for a reviewer to decide; a reviewer's verdict, or 不符合, stands."""
    import dataclasses

    found = {c.number: f"{c.occupation}{codes.LEVEL_SHORT[c.level]}（{c.number}，{c.cycle} 批次）" for c in ledger}
    for h in v.candidate.held:
        if h.issued.startswith(str(year)) and h.number not in found:
            found[h.number] = f"{h.occupation}{codes.LEVEL_SHORT[h.level]}（{h.number}，{h.issued} 发证）"
    if not found:
        return v
    same = f"{year}年已取得证书：{'、'.join(found.values())}"
    if v.reviewed or v.verdict == UNQUALIFIED:
        return dataclasses.replace(v, same_year=same)
    reason = f"{same}；省里按同一年度一人一证核查上报的证书数据，请人工审核（结论写在 review.csv）"
    return dataclasses.replace(v, verdict=PENDING, same_year=same,
                               reason=f"{v.reason}；{reason}" if v.verdict == PENDING and v.reason else reason)


def same_year_note(verdicts: list[Verdict], passed: set[str]) -> list[str]:
    """results' word on the data sheet: those in it who obtained another certificate the same year
    (admitted by a reviewer), whom the province may send back as 一人多证."""
    flagged = [v for v in verdicts if v.same_year and v.candidate.id_number in passed]
    if not flagged:
        return []
    return [f"证书数据中有 {len(flagged)} 人同一年度已取得其他证书（经人工审核认定符合），上报后省里可能按一人多证退回：" +
            "；".join(f"{v.candidate.name}（名册第 {v.candidate.row} 行）{v.same_year}" for v in flagged)]


def not_admitted_note(verdicts: list[Verdict], what: str) -> list[str]:
    """A word on those the 资格审核 keeps out (不符合, or 待审核 until a reviewer decides); repeat
    applicants apart, as review.csv cannot admit them. what: what they go without."""
    def names(kept: list) -> str:
        return "、".join(f"{v.candidate.name}（{v.verdict}）" for v in kept[:10]) + ("等" if len(kept) > 10 else "")

    out = [v for v in verdicts if not v.admitted and not v.instead]
    repeats = [v for v in verdicts if not v.admitted and v.instead]
    lines = []
    if out:
        lines.append(f"资格审核不符合或待审核的 {len(out)} 人{what}（见 skillplan prepare 的资格审核表；人工审核结论写在 "
                     f"review.csv）：{names(out)}")
    if repeats:
        lines.append(f"已持有所申报职业同一等级有效证书的 {len(repeats)} 人{what}：{names(repeats)}。review.csv 不能改变这一结论："
                     "名册填错的，请改正名册；原证书确需注销的，先用 skillplan ledger revoke 注销（命令见 skillplan prepare 的说明）")
    return lines


def review_notes(verdicts: list[Verdict]) -> list[str]:
    """prepare's word on the 资格审核: each applicant not admitted with why, then the counts."""
    return [f"{v.verdict}：{v.candidate.name}（名册第 {v.candidate.row} 行，{v.candidate.occupation}"
            f"{codes.LEVEL_NAMES[v.candidate.level]}）{v.reason}" + (f"；{v.instead}" if v.instead else "")
            for v in verdicts if v.verdict in (UNQUALIFIED, PENDING)]


def review_hint(verdicts: list[Verdict], cycle_id: str) -> list[str]:
    """How the 待审核 are decided (said on the console: the 资格审核表 itself never speaks of the tool)."""
    pending = sum(v.verdict == PENDING for v in verdicts)
    return [f"待审核的 {pending} 人：人工审核后在 cycles/{cycle_id}/{REVIEW_FILE} 中写明结论（证件号码,结论,理由），"
            "重新运行 skillplan prepare 即可"] if pending else []


def review_count_note(verdicts: list[Verdict], sessions: int) -> str:
    """How many applicants are 符合 (and have their tickets), 不符合 and 待审核, and the sessions held."""
    n = {k: sum(v.verdict == k for v in verdicts) for k in (QUALIFIED, UNQUALIFIED, PENDING)}
    return (f"名册 {len(verdicts)} 人：符合 {n[QUALIFIED]} 人（已发准考证），不符合 {n[UNQUALIFIED]} 人，"
            f"待审核 {n[PENDING]} 人；{sessions} 个场次")
