"""Stage 3 — derive: turn a validated plan into the facts the documents print.

Everything computed lives here, once: the skilled-worker ratio, the evaluation modes and the
occupations under each, which annexes apply and their numbers, the certificate-number prefix,
the dates in Chinese form. Templates only place these facts; they never compute.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from . import clauses, codes
from .rules import ENTERPRISE, GRADING, NATIONAL, PROMOTION

# The annexes in the seed's order; which apply depends on the evaluation modes in use.
ANNEXES = [
    ("grading_form", "企业职业（岗位）技能等级定级评价表"),
    ("question_bank", "题库开发和运行管理工作规范"),
    ("examiners", "考评人员管理及工作规范"),
    ("supervisors", "内部质量督导人员管理及工作规范"),
    ("coding", "广东省职业技能等级证书编码规则实施方案（企业2021版）"),
    ("certificates", "职业技能等级证书管理办法"),
    ("flow", "职业技能等级认定实施流程"),
]


class Counter:
    """（一）、（二）… for headings whose count depends on the plan (题库 is only there for 晋级评价)."""

    def __init__(self, form: str = "（{}）"):
        self.form, self.n = form, 0

    def next(self) -> str:
        self.n += 1
        return self.form.format(codes.chinese_number(self.n))


def display_name(occupation: dict) -> str:
    """电工, or 焊工（电焊工） when the row names a 工种."""
    trade = occupation.get("trade")
    return f"{occupation['name']}（{trade}）" if trade else occupation["name"]


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def level_range(levels: list[int]) -> str:
    """[5, 4, 3] → 五级至三级; gaps are listed: [5, 3] → 五级、三级."""
    ordered = sorted(levels, reverse=True)
    if len(ordered) > 1 and ordered[0] - ordered[-1] == len(ordered) - 1:
        return f"{codes.LEVEL_SHORT[ordered[0]]}至{codes.LEVEL_SHORT[ordered[-1]]}"
    return "、".join(codes.LEVEL_SHORT[lv] for lv in ordered)


def percent(part: int, whole: int) -> str:
    return str((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def people(person: dict) -> str:
    return f"{person['name']}（{person['post']}）"


def annex_numbers(plan: dict) -> dict[str, int]:
    """Which annexes this plan carries, numbered without gaps (GB/T 9704: 附件 numbers run 1, 2, 3 …)."""
    methods = {o["method"] for o in plan["occupations"]}
    present = [key for key, _ in ANNEXES
               if not (key == "grading_form" and GRADING not in methods)
               and not (key == "question_bank" and PROMOTION not in methods)]
    return {key: n for n, key in enumerate(present, 1)}


def certificate_prefix(plan: dict) -> str:
    """The first 13 characters every certificate of this enterprise shares (DESIGN §8)."""
    cert, company = plan["certificate"], plan["company"]
    return ("Y" + cert["org_code"] + "44" + codes.CITY_CODES[company["city"]]
            + codes.OWNERSHIP_CODES[company["ownership"]] + cert["site_serial"])


def facts(plan: dict) -> dict[str, Any]:
    """The named facts that clause texts may cite as {name}."""
    qb, ex, dept = plan["question_bank"], plan["examiners"], plan["departments"]
    return {
        "company_name": plan["company"]["name"],
        "bank_department": dept["question_bank"],
        "theory_min_questions": qb["theory_min_questions"],
        "theory_min_papers": qb["theory_min_papers"],
        "practice_min_papers": qb["practice_min_papers"],
        "review_min_questions": qb["review_min_questions"],
        "max_repeat_rate": f"{qb['max_repeat_rate']}%",
        "acceptance_min_members": qb["acceptance_min_members"],
        "examiner_department": dept["examiners"],
        "examiner_term": codes.chinese_number(ex["term_years"]) + "年",
        "examiner_arrival_minutes": ex["arrival_minutes"],
        "certificate_department": dept["certificates"],
        "seal_name": plan["certificate"]["seal_name"],
        "implementation_department": dept["implementation"],
        "scoring_department": dept["scoring"],
        "result_notice_days": plan["quality"]["result_notice_days"],
        "disclosure_days": plan["quality"]["disclosure_days"],
    }


def clause_list(plan: dict, doc: str) -> list[dict]:
    """A single-group clause list (committee duties, risks) after the client's overrides, facts filled."""
    _, groups, _ = clauses.adjust(doc, plan["clauses"].get(doc, []))
    known = facts(plan)
    return [{k: clauses.fill(v, known) if isinstance(v, str) else v for k, v in c.items()} for c in groups[0]]


def _site_unit(plan: dict, address: str) -> str:
    for branch in plan.get("branches") or []:
        if branch["address"] == address and address != plan["company"]["address"]:
            return branch["name"]
    return plan["company"]["name"]


def _conditions(plan: dict) -> dict:
    occupations = plan["occupations"]
    national = _unique([display_name(o) for o in occupations if o["basis"] == NATIONAL])
    if len(national) == len(_unique([display_name(o) for o in occupations])):
        national_text = "本企业开展认定的职业（工种）"
    else:
        national_text = "、".join(national)
    enterprise = []
    for o in occupations:
        if o["basis"] != ENTERPRISE:
            continue
        levels = sorted(o["levels"], reverse=True)
        enterprise.append({"name": display_name(o), "levels": [
            {"heading": f"{n}. {codes.LEVEL_NAMES[lv]}", "name": codes.LEVEL_NAMES[lv],
             "conditions": o["conditions"][str(lv)]} for n, lv in enumerate(levels, 1)]})
    return {"national": national_text if national else "", "enterprise": enterprise}


def plan_context(plan: dict) -> dict[str, Any]:
    """Everything the work-plan template prints."""
    company, staff, committee = plan["company"], plan["staff"], plan["committee"]
    occupations = plan["occupations"]
    numbers = annex_numbers(plan)
    year, month = staff["as_of"].split("-")
    return {
        "company": {
            **{k: company[k] for k in ("name", "short_name", "founded_year", "registered_in", "legal_form",
                                       "registered_capital", "floor_area", "address")},
            "products": "、".join(company["products"]),
            "business_scope": company["business_scope"].rstrip("。；;.， "),
        },
        "staff": {**staff, "as_of": f"{int(year)}年{int(month)}月",
                  "skilled_ratio": percent(staff["skilled"], staff["total"])},
        "committee": {
            "director": people(committee["director"]),
            "deputies": "、".join(map(people, committee["deputies"])),
            "members": "、".join(map(people, committee["members"])),
            "duties": [c["text"] for c in clause_list(plan, "committee_duties")],
        },
        "branches": [{"no": n, **b} for n, b in enumerate(plan.get("branches") or [], 1)],
        "occupations": [{"no": n, "code": o["code"], "name": o["name"], "trade": o.get("trade") or "—",
                         "levels": level_range(o["levels"]), "basis": o["basis"], "method": o["method"]}
                        for n, o in enumerate(occupations, 1)],
        "modes": {
            "grading": "、".join(_unique([display_name(o) for o in occupations if o["method"] == GRADING])),
            "promotion": "、".join(_unique([display_name(o) for o in occupations if o["method"] == PROMOTION])),
        },
        "pass_mark": plan["appraisal"]["pass_mark"],
        "conditions": _conditions(plan),
        "has_question_bank": "question_bank" in numbers,
        "annex": numbers,
        "annexes": [{"no": numbers[k], "key": k, "title": t} for k, t in ANNEXES if k in numbers],
        "certificate_prefix": certificate_prefix(plan),
        "quality": plan["quality"],
        "risks": clause_list(plan, "risks"),
        "sites": [{"no": n, "unit": _site_unit(plan, s["address"]), "address": s["address"],
                   "trades": "、".join(s["trades"]),
                   "levels": "、".join(f"{lv}级" for lv in sorted(s["levels"], reverse=True)),
                   "method": s["method"]} for n, s in enumerate(plan["exam_sites"], 1)],
        "incentives": plan["incentives"],
        "signing_date": codes.chinese_date(plan["signing_date"]),
        "counter": Counter,
    }
