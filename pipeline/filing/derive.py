"""Stage 3 — derive: turn a validated plan into the facts the documents print.

Everything computed lives here, once: the skilled-worker ratio, the evaluation modes and the
occupations under each, which annexes apply and their numbers, the certificate-number prefix,
the dates in Chinese form. Templates only place these facts; they never compute.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..core import codes
from ..core.terms import ENTERPRISE, GRADING, NATIONAL, PROMOTION, RATERS, display_name, level_range, trade_of
from . import clauses

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


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def percent(part: int, whole: int) -> str:
    """part/whole as a percentage with one decimal, rounded half up as people round."""
    return str((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def people(person: dict) -> str:
    """陈志强（总经理）: a committee member as the work plan names them."""
    return f"{person['name']}（{person['post']}）"


def methods_of(plan: dict) -> set[str]:
    """The evaluation methods the plan uses: which method-specific sentences its documents carry."""
    return {o["method"] for o in plan["occupations"]}


MANUFACTURING, SERVICES = "制造业", "服务业"


def is_production(plan: dict) -> bool:
    """A manufacturer: company.sector, or by default a plan with a production occupation (大典 major group 6,
    生产制造及有关人员). A service business's texts name no products, 车间 or 工件."""
    sector = plan["company"].get("sector")
    if sector:
        return sector == MANUFACTURING
    return any(o["code"].startswith("6-") for o in plan["occupations"])


def rater_labels(plan: dict) -> list[str]:
    """The four raters of the 定级评价表 as printed: a service business has no 车间, its 车间主管 is the
    部门主管 (the config keeps the key 车间主管 for the weights)."""
    return list(RATERS) if is_production(plan) else [r.replace("车间主管", "部门主管") for r in RATERS]


def rater_names(plan: dict) -> dict[str, str]:
    """Each rater's key (as the weights name them) → as the plan's forms print it; the score sheet,
    the staff list and the staffing documents all speak the forms' words."""
    return dict(zip(RATERS, rater_labels(plan)))


def rater_keys(plan: dict) -> dict[str, str]:
    """The other way: a rater as the forms print it (部门主管) → its key (车间主管)."""
    return {label: key for key, label in rater_names(plan).items()}


def applies(clause: dict | str, plan: dict) -> bool:
    """Whether a library clause (or item) belongs in this plan's documents.

    only_with: an annex key the plan must carry; methods: methods the plan must all use;
    only_methods: the plan uses no method outside these (e.g. wording for a 定级-only plan);
    production: true for a manufacturer's wording, false for a service business's."""
    if not isinstance(clause, dict):
        return True
    used = methods_of(plan)
    if clause.get("only_with") is not None and clause["only_with"] not in annex_numbers(plan):
        return False
    if not set(clause.get("methods") or ()) <= used:
        return False
    if clause.get("production") is not None and clause["production"] != is_production(plan):
        return False
    return not (clause.get("only_methods") and not used <= set(clause["only_methods"]))


def item_text(item: dict | str) -> str:
    """An item's words: library items marked for a method are {text, methods}; plain ones are strings."""
    return item["text"] if isinstance(item, dict) else item


def is_split(plan: dict, occupation: dict) -> bool:
    """An occupation whose levels are divided between 定级评价 and 晋级评价 (电工 五–三 定级, 二–一 晋级)."""
    return len({o["method"] for o in plan["occupations"] if trade_of(o) == trade_of(occupation)}) > 1


def method_name(plan: dict, occupation: dict, levels: list[int] | None = None) -> str:
    """The occupation as listed under its method: 电工, or 电工（五级至三级） when it is split across
    methods so the two rows can be told apart (焊工（电焊工，二级至一级） when the row names a 工种)."""
    if not is_split(plan, occupation):
        return display_name(occupation)
    span = level_range(levels or occupation["levels"])
    trade = occupation.get("trade")
    return f"{occupation['name']}（{trade}，{span}）" if trade else f"{occupation['name']}（{span}）"


def annex_numbers(plan: dict) -> dict[str, int]:
    """Which annexes this plan carries, numbered without gaps (GB/T 9704: 附件 numbers run 1, 2, 3 …)."""
    methods = methods_of(plan)
    present = [key for key, _ in ANNEXES
               if not (key == "grading_form" and GRADING not in methods)
               and not (key == "question_bank" and PROMOTION not in methods)]
    return {key: n for n, key in enumerate(present, 1)}


def certificate_prefix(plan: dict) -> str:
    """The first 13 characters every certificate of this enterprise shares (DESIGN §8)."""
    cert, company = plan["certificate"], plan["company"]
    return ("Y" + cert["org_code"] + "44" + codes.CITY_CODES[company["city"]]
            + codes.OWNERSHIP_CODES[company["ownership"]] + cert["site_serial"])


BRANCH, SUBSIDIARY = "分公司", "子公司"


def units_of(plan: dict) -> list[dict]:
    """The units of a group filing besides the head office: branches (分公司, part of the company) and
    subsidiaries (子公司, legal persons of their own), each marked with its kind."""
    return ([{**b, "kind": BRANCH} for b in plan.get("branches") or []]
            + [{**s, "kind": SUBSIDIARY} for s in plan.get("subsidiaries") or []])


def unit_kinds(plan: dict) -> str:
    """分公司, 子公司 or 分公司、子公司: what a group filing's units are called together ("" when none)."""
    return "、".join(k for k in (BRANCH, SUBSIDIARY) if any(u["kind"] == k for u in units_of(plan)))


def certificate_scope(plan: dict) -> str:
    """Whom annex 6 applies to: the company, and in a group filing the units the filing lists."""
    name, units = plan["company"]["name"], units_of(plan)
    if not units:
        return name
    parts = [f"{k}：{'、'.join(u['name'] for u in units if u['kind'] == k)}" for k in unit_kinds(plan).split("、")]
    return f"{name}（含参与本企业认定工作的{'；'.join(parts)}）"


PROVINCE_LEVEL = "省本级"
MINISTRY = "人力资源社会保障部"
# The bodies a filing deals with, by where it is filed: (authority, the authority as "yours",
# where certificate data go, who approves them). A city-level filing keeps the seed's words.
BODIES = {
    "city": ("人力资源社会保障部门", "所属人力资源社会保障部门", "所属职业技能鉴定中心（考试院）", "省职业技能服务指导中心"),
    "province": ("广东省人力资源和社会保障厅", "广东省人力资源和社会保障厅", "广东省职业技能鉴定指导中心",
                 "广东省职业技能鉴定指导中心"),
    "ministry": ("人力资源社会保障部", "人力资源社会保障部", "人力资源社会保障部职业技能鉴定中心",
                 "人力资源社会保障部职业技能鉴定中心"),
}


def filing_level(plan: dict) -> str:
    """ministry when filed with 人力资源社会保障部, province when registered at 省本级 (code 00), else city."""
    if plan["certificate"]["filed_with"] == MINISTRY:
        return "ministry"
    return "province" if plan["company"]["city"] == PROVINCE_LEVEL else "city"


def facts(plan: dict) -> dict[str, Any]:
    """The named facts that clause texts may cite as {name}."""
    qb, ex, dept = plan["question_bank"], plan["examiners"], plan["departments"]
    return {
        "company_name": plan["company"]["name"],
        "raters": "、".join(rater_labels(plan)[:-1]) + "和" + rater_labels(plan)[-1],
        "practice": "生产实际" if is_production(plan) else "经营服务实际",
        "technology": "生产技术" if is_production(plan) else "服务技术",
        **dict(zip(("hr_authority", "hr_department", "data_center", "data_approver"), BODIES[filing_level(plan)])),
        "certificate_scope": certificate_scope(plan),
        "bank_department": dept.get("question_bank", ""),  # required by a rule when there is a 题库
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
        "seal_name": plan["certificate"].get("seal_name") or f"{plan['company']['name']}职业技能等级认定专用章",
        "implementation_department": dept["implementation"],
        "scoring_department": dept["scoring"],
        "result_notice_days": plan["quality"]["result_notice_days"],
        "disclosure_days": plan["quality"]["disclosure_days"],
    }


def clause_list(plan: dict, doc: str) -> list[dict]:
    """A single-group clause list (committee duties, risks) after the client's overrides, facts filled."""
    _, groups, _ = clauses.adjust(doc, plan["clauses"].get(doc, []))
    known = facts(plan)
    return [{k: clauses.fill(v, known) if isinstance(v, str) else v for k, v in c.items()} for c in groups[0]
            if applies(c, plan)]  # e.g. no 题库 duty when grading only


def site_unit(plan: dict, address: str) -> str:
    """The unit whose address an exam site is: a listed branch or subsidiary, else the head office."""
    for unit in units_of(plan):  # a subsidiary is a company of its own: it is said to be one
        if unit["address"] == address and address != plan["company"]["address"]:
            return unit["name"] + ("（子公司）" if unit["kind"] == SUBSIDIARY else "")
    return plan["company"]["name"]


def _conditions(plan: dict) -> dict:
    """申报条件 by row: the national-standard sentence names the rows under a national standard (all of
    them as 本企业开展认定的职业（工种） when every row is), each enterprise specification its levels."""
    occupations = plan["occupations"]
    national = _unique([method_name(plan, o) for o in occupations if o["basis"] == NATIONAL])
    if all(o["basis"] == NATIONAL for o in occupations):
        national_text = "本企业开展认定的职业（工种）"
    else:
        national_text = "、".join(national)
    enterprise = []
    for o in occupations:
        if o["basis"] != ENTERPRISE:
            continue
        levels = sorted(o["levels"], reverse=True)
        enterprise.append({"name": method_name(plan, o), "levels": [
            {"heading": f"{n}. {codes.LEVEL_NAMES[lv]}", "name": codes.LEVEL_NAMES[lv],
             # "之一" only when there is a choice: a single condition is simply required
             "lead": "具备以下条件之一者" if len(o["conditions"][str(lv)]) > 1 else "具备以下条件者",
             "conditions": o["conditions"][str(lv)]} for n, lv in enumerate(levels, 1)]})
    return {"national": national_text if national else "", "enterprise": enterprise}


def site_rows(plan: dict) -> list[dict]:
    """四、（一）'s table: each exam site with the unit at its address; levels written as everywhere else
    (五级至三级), not 5级、4级、3级."""
    return [{"no": n, "unit": site_unit(plan, s["address"]), "address": s["address"],
             "trades": "、".join(s["trades"]), "levels": level_range(s["levels"]), "method": s["method"]}
            for n, s in enumerate(plan["exam_sites"], 1)]


def scoring_step(plan: dict) -> str:
    """The name of annex 7's scoring step as this plan has it (阅卷评分, or 评分汇总 with no exams),
    which the work plan's summary of the flow repeats."""
    data, _, _ = clauses.adjust("annex7", plan["clauses"].get("annex7", []))
    titles = [s["title"] for s in data["sections"] if s["id"].startswith("scoring") and applies(s, plan)]
    return titles[0] if titles else "评分"


def plan_context(plan: dict) -> dict[str, Any]:
    """Everything the work-plan template prints."""
    company, staff, committee = plan["company"], plan["staff"], plan["committee"]
    occupations = plan["occupations"]
    numbers, known = annex_numbers(plan), facts(plan)
    year, month = staff["as_of"].split("-")
    return {
        "company": {
            **{k: company[k] for k in ("name", "short_name", "founded_year", "registered_in", "legal_form",
                                       "registered_capital", "floor_area", "address")},
            "products": "、".join(company["products"]),
            "production": is_production(plan),
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
        "unit_kinds": unit_kinds(plan),
        "unit_tables": [{"kind": kind, "rows": [{"no": n, **u} for n, u in enumerate(rows, 1)]}
                        for kind in (BRANCH, SUBSIDIARY)
                        if (rows := [u for u in units_of(plan) if u["kind"] == kind])],
        "occupations": [{"no": n, "code": o["code"], "name": o["name"], "trade": o.get("trade") or "—",
                         "levels": level_range(o["levels"]), "basis": o["basis"], "method": o["method"]}
                        for n, o in enumerate(occupations, 1)],
        "modes": {
            "grading": "、".join(_unique([method_name(plan, o) for o in occupations if o["method"] == GRADING])),
            "promotion": "、".join(_unique([method_name(plan, o) for o in occupations if o["method"] == PROMOTION])),
        },
        "pass_mark": plan["appraisal"]["pass_mark"],
        "raters": known["raters"],
        "practice": known["practice"],
        "process_check": "生产过程考核" if is_production(plan) else "服务过程考核",
        "conditions": _conditions(plan),
        "has_question_bank": "question_bank" in numbers,
        "annex": numbers,
        "annexes": [{"no": numbers[k], "key": k, "title": t} for k, t in ANNEXES if k in numbers],
        "certificate_prefix": certificate_prefix(plan),
        "quality": plan["quality"],
        "risks": clause_list(plan, "risks"),
        "sites": site_rows(plan),
        "incentives": plan["incentives"],
        "scoring_step": scoring_step(plan),
        "signing_date": codes.chinese_date(plan["signing_date"]),
        "counter": Counter,
    }


# ---- annexes --------------------------------------------------------------------------------

def _filled(value: Any, known: dict[str, Any]) -> Any:
    if isinstance(value, str):
        return clauses.fill(value, known)
    if isinstance(value, list):
        return [_filled(v, known) for v in value]
    return value


def _numbered_items(clause: dict, known: dict[str, Any], plan: dict) -> list[str]:
    """A clause's items that apply to the plan's methods as （一）…; named `subitems` in the context
    because Jinja reads `.items` as dict.items."""
    items = [item_text(t) for t in clause.get("items") or [] if applies(t, plan)]
    return [f"（{codes.chinese_number(i)}）{_filled(t, known)}" for i, t in enumerate(items, 1)]


def article_context(plan: dict, doc: str, annex_no: int) -> dict[str, Any]:
    """Annexes 2, 3, 4, 6: articles numbered 第一条… continuously across chapters, items （一）…."""
    data, _, _ = clauses.adjust(doc, plan["clauses"].get(doc, []))
    known = facts(plan)
    chapters, n = [], 0
    for chapter in data["chapters"]:
        articles = []
        for article in (a for a in chapter["articles"] if applies(a, plan)):
            n += 1
            articles.append({
                "label": f"第{codes.chinese_number(n)}条",
                "text": _filled(article.get("text", ""), known),
                "subitems": _numbered_items(article, known, plan),
            })
        if articles:  # chapters are numbered as printed: a chapter left empty by the methods takes no number
            title = chapter.get("title")
            heading = f"第{codes.chinese_number(len(chapters) + 1)}章　{title}" if title else None
            chapters.append({"heading": heading, "articles": articles})
    return {"annex_no": annex_no, "chapters": chapters}


def sections_context(plan: dict, doc: str, annex_no: int) -> dict[str, Any]:
    """Annex 7: steps numbered 一、二、… with their paragraphs and items （一）…."""
    data, _, _ = clauses.adjust(doc, plan["clauses"].get(doc, []))
    known = facts(plan)
    sections = []
    for n, section in enumerate((s for s in data["sections"] if applies(s, plan)), 1):
        paragraphs = [section["text"]] if "text" in section else section.get("paragraphs") or []
        sections.append({
            "heading": f"{codes.chinese_number(n)}、{_filled(section['title'], known)}",
            "paragraphs": _filled([item_text(t) for t in paragraphs if applies(t, plan)], known),
            "subitems": _numbered_items(section, known, plan),
        })
    return {"annex_no": annex_no, "sections": sections}


def coding_context(plan: dict, annex_no: int) -> dict[str, Any]:
    """Annex 5: the province's rules plus this enterprise's own prefix and a worked example."""
    cert, company = plan["certificate"], plan["company"]
    prefix = certificate_prefix(plan)
    year = f"{plan['signing_date'].year % 100:02d}"
    site = prefix[7:13]
    parts = ["Y", cert["org_code"], "44", site, year, "5", "000001"]
    filed = {"city": "向省级人力资源社会保障部门备案", "province": "向广东省人力资源和社会保障厅备案",
             "ministry": "向人力资源社会保障部备案"}[filing_level(plan)]
    explanation = (
        f"第1位“Y”表示评价机构类别为用人单位；第2-5位“{cert['org_code']}”为评价机构代码（{filed}）；"
        f"第6-7位“44”表示评价机构（站点）在广东省；第8-13位“{site}”为评价机构（站点）序列码，其中“{site[:2]}”表示"
        f"{company['city']}，“{site[2]}”表示{company['ownership']}，“{site[3:]}”为流水序列码；第14-15位“{year}”表示"
        f"证书于{plan['signing_date'].year}年核发；第16位“5”表示五级/初级工；第17-22位“000001”表示该年度该等级核发的"
        f"第1本证书。")
    return {"annex_no": annex_no, "coding": {
        "filed_with": filed, "city": company["city"], "ownership": company["ownership"],
        "location": "为省本级评价机构" if company["city"] == PROVINCE_LEVEL else f"所在地为{company['city']}",
        "serial_from": "广东省人力资源和社会保障厅" if company["city"] == PROVINCE_LEVEL else "人力资源社会保障部门",
        "site_serial": cert["site_serial"], "prefix": prefix,
        "example_spaced": " ".join(parts), "example": "".join(parts), "explanation": explanation}}


RATER_NAMES = RATERS  # the columns of 表2, in the seed's order
UNSCORED_RESULT = "□通过　　　　□不通过"


@dataclass(frozen=True)
class Section:
    """One part of 表2: 职业道德 (10), 核心能力 (10) or 职业能力 (80), its items and its raters' weights."""

    number: str
    name: str
    points: int
    groups: list[tuple[str, list[dict]]]  # (module, items); module "" when the section has none
    weights: dict[str, int]  # rater → %, only the raters who rate this section

    @property
    def items(self) -> list[dict]:
        return [item for _, items in self.groups for item in items]


def appraisal_sections(plan: dict, occupation: dict) -> list[Section]:
    """The three parts of an occupation's 定级评价表 with their items and raters' weights."""
    weights = {**plan["appraisal"], **(occupation.get("appraisal_weights") or {})}  # the occupation's own first
    library = clauses.library("plan")
    ethics, core = library["ethics_items"], library["core_items"]
    if not is_production(plan):
        ethics, core = ([{**item, **item.get("service", {})} for item in items] for items in (ethics, core))
    return [Section("1", "职业道德", 10, [("", ethics)], weights["ethics_weights"]),
            Section("2", "核心能力", 10, [("", core)], weights["core_weights"]),
            Section("3", "职业能力", 80, _modules(occupation["appraisal"]), weights["ability_weights"])]


@functools.lru_cache(maxsize=4096, typed=True)  # 10,000 forms print the same few scores
def number_text(value) -> str:
    """A score as printed: 1.5, 2, 87.25 (no trailing zeros, no exponent)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def score_layout(plan: dict, occupation: dict) -> list[tuple[dict, tuple[str, str] | None, list[bool]]]:
    """表2 without its scores, the same for every form of the occupation: each row, the (section
    number, item name) its scores are filed under (None for a section's weight row), and which of
    the raters score it."""
    layout = []
    for section in appraisal_sections(plan, occupation):
        rated = [r in section.weights for r in RATER_NAMES]
        merged = len(section.groups) == 1  # a section without modules merges its label down over its items
        layout.append(({"label": f"{section.number}\n{section.name}\n（{section.points}分）", "merge_first": True,
                        "standard": "权重", "style": "TableHead", "points": "100%", "weighted": "",
                        "cells": [f"{section.weights[r]}%" if ok else "—" for r, ok in zip(RATER_NAMES, rated)]},
                       None, rated))
        for m, (module, items) in enumerate(section.groups, 1):
            label = f"{section.number}.{m}\n{module}" if module else ""
            for i, item in enumerate(items):
                first = not merged and i == 0
                # a continued (merged-down) cell stays empty: Word would otherwise keep its text hidden inside
                layout.append(({"label": label if first else "", "merge_first": first,
                                "standard": f"{item['name']}：{item['standard']}", "style": "TableTextLeft",
                                "points": str(item["points"])}, (section.number, item["name"]), rated))
    return layout


def _score_rows(plan: dict, occupation: dict, scored: dict | None = None, layout: list | None = None) -> list[dict]:
    """Rows of 表2: each section's weight row, then its items; 职业能力 items grouped by module.

    scored, for a filled form: (section number, item name) → ({rater: score}, weighted score).
    layout: score_layout(plan, occupation), when the caller keeps it for many forms."""
    rows = []
    for row, key, rated in layout or score_layout(plan, occupation):
        if key is None:
            rows.append(row)
            continue
        scores, weighted = (scored or {}).get(key, ({}, None))
        rows.append({**row, "weighted": "" if weighted is None else codes.exact_score(weighted),
                     "cells": [number_text(scores[r]) if r in scores else ("" if ok else "—")
                               for r, ok in zip(RATER_NAMES, rated)]})
    return rows


def _modules(items: list[dict]) -> list[tuple[str, list[dict]]]:
    groups: dict[str, list[dict]] = {}
    for item in items:
        groups.setdefault(item["module"], []).append(item)
    return list(groups.items())


def blank_candidate(plan: dict) -> dict[str, str]:
    """The candidate fields of an unfilled form: only the employer is known."""
    return {"name": "", "gender": "", "birth": "", "id_label": "身份证号", "id_number": "", "education": "",
            "employer": plan["company"]["name"], "post": "", "years_here": "", "years_trade": ""}


def grading_form(plan: dict, occupation: dict, level: int, candidate=None, outcome=None,
                 layout: list | None = None) -> dict[str, Any]:
    """One 定级评价表: blank, pre-filled with a candidate (roster.Candidate), or with the scores too
    (scoring.Outcome); layout: score_layout(plan, occupation), kept by a batch of many forms."""
    total, result = form_result(outcome)
    return {"occupation": display_name(occupation), "level": codes.LEVEL_NAMES[level],
            "candidate": form_person(plan, candidate),
            "rows": _score_rows(plan, occupation, outcome.scored if outcome is not None else None, layout),
            "total": total, "result": result}


def form_person(plan: dict, candidate=None) -> dict[str, str]:
    """The form's candidate fields: blank but for the employer, or the candidate's."""
    person = blank_candidate(plan)
    if candidate is not None:
        person.update(name=candidate.name, gender=candidate.gender, birth=candidate.birth,
                      id_label=candidate.id_label, id_number=candidate.id_number, education=candidate.education, post=candidate.post,
                      employer=getattr(candidate, "unit", "") or person["employer"],
                      years_here=f"{candidate.years_here}年", years_trade=f"{candidate.years_trade}年")
    return person


def form_result(outcome=None) -> tuple[str, str]:
    """The form's total and result: blank boxes before scoring, 缺考, or the exact total and the ticked box."""
    if outcome is None:
        return "", UNSCORED_RESULT
    if outcome.absent:
        return "缺考", "缺考"
    return codes.exact_score(outcome.total), "☑通过　　　　□不通过" if outcome.passed else "□通过　　　　☑不通过"


def grading_context(plan: dict, annex_no: int | None, forms: list[dict] | None = None) -> dict[str, Any]:
    """Annex 1: one blank form per 定级评价 occupation and level (or the given forms, annex_no None
    for forms printed outside the filing)."""
    if forms is None:
        forms = [grading_form(plan, o, level) for o in plan["occupations"] if o["method"] == GRADING
                 for level in sorted(o["levels"], reverse=True)]
    return {"annex_no": annex_no, "title": ANNEXES[0][1], "forms": forms, "pass_mark": plan["appraisal"]["pass_mark"],
            "raters": rater_labels(plan)}


ANNEX_TITLES = dict(ANNEXES)
# annex key → (template file, library document)
ANNEX_SOURCES = {
    "grading_form": ("annex1.docx", None), "question_bank": ("annex2.docx", "annex2"),
    "examiners": ("annex3.docx", "annex3"), "supervisors": ("annex4.docx", "annex4"),
    "coding": ("annex5.docx", None), "certificates": ("annex6.docx", "annex6"), "flow": ("annex7.docx", "annex7"),
}


def annex_contexts(plan: dict) -> list[tuple[str, str, dict[str, Any]]]:
    """(annex key, template name, context) for every annex this plan carries, in order."""
    out = []
    for key, number in annex_numbers(plan).items():
        template, doc = ANNEX_SOURCES[key]
        if key == "grading_form":
            context = grading_context(plan, number)
        elif key == "coding":
            context = coding_context(plan, number)
        elif key == "flow":
            context = sections_context(plan, doc, number)
        else:
            context = article_context(plan, doc, number)
        context["title"] = ANNEX_TITLES[key]  # the same title as in the work plan's 附件 list
        out.append((key, template, context))
    return out


# ---- announcements (认定公告) -----------------------------------------------------------------

DEFAULT_MATERIALS = [
    "《职业技能等级认定申报表》（一式一份，由所在部门签署意见）；",
    "本人有效居民身份证复印件；",
    "学历证书复印件；",
    {"text": "已取得的职业资格证书或职业技能等级证书复印件（申报晋级的须提供）；", "methods": [PROMOTION]},
    {"text": "已取得的职业资格证书或职业技能等级证书复印件（如有）；", "only_methods": [GRADING]},
    "本人近期免冠彩色照片（2寸）两张。",
]


def default_materials(plan: dict) -> list[str]:
    """The materials list when a cycle names none; what a 晋级 applicant must add is said only where
    the plan (already scoped to the cycle's occupations) uses 晋级评价."""
    return [item_text(m) for m in DEFAULT_MATERIALS if applies(m, plan)]


def date_span(start, end) -> str:
    """2026年11月26日至12月5日 — the year is not repeated inside one year."""
    if start == end:
        return codes.chinese_date(start)
    tail = codes.chinese_date(end) if end.year != start.year else f"{end.month}月{end.day}日"
    return f"{codes.chinese_date(start)}至{tail}"


def _row_for(plan: dict, trade: str, levels: list[int]) -> dict:
    """The occupation row a cycle's offering stands for (a trade may be split by method over levels)."""
    rows = [o for o in plan["occupations"] if trade_of(o) == trade]
    return next((o for o in rows if set(levels) <= set(o["levels"])), rows[0])


def announcement_name(cycle: dict) -> str:
    """The announcement's title, which is also its file name."""
    return f"{cycle['year']}年第{cycle['batch']}批职业技能等级认定公告"


def _offered_rows(plan: dict, offers: list[tuple[dict, dict]]) -> list[tuple[dict, list[int]]]:
    """Each occupation row a cycle offers, once, with every level offered for it (an occupation
    offered at several sites or dates is still one row of the table), in the order first offered."""
    rows: dict[int, tuple[dict, set[int]]] = {}
    for offer, row in offers:
        rows.setdefault(id(row), (row, set()))[1].update(offer["levels"])
    return [(row, sorted(levels & set(row["levels"]), reverse=True)) for row, levels in rows.values()]


def announcement_context(plan: dict, cycle: dict) -> dict[str, Any]:
    """Everything a cycle's announcement prints: what is assessed, who may apply, when, where, how."""
    offers = [(o, _row_for(plan, o["trade"], o["levels"])) for o in cycle["offerings"]]
    offered = _offered_rows(plan, offers)
    # the plan as far as this cycle goes (in the plan's order): its conditions, names and methods are printed
    levels_of = {id(row): levels for row, levels in offered}
    scoped = {**plan, "occupations": [{**row, "levels": levels_of[id(row)]} for row in plan["occupations"]
                                      if id(row) in levels_of]}
    table = [{"no": n, "code": row["code"], "name": display_name(row), "levels": level_range(levels),
              "method": row["method"], "basis": row["basis"]} for n, (row, levels) in enumerate(offered, 1)]
    return {
        "company": plan["company"]["name"],
        "year": cycle["year"],
        "batch": codes.chinese_number(cycle["batch"]),
        "occupations": table,
        "unit_kinds": unit_kinds(plan),
        "conditions": _conditions(scoped),
        "registration": {"period": date_span(cycle["registration"]["start"], cycle["registration"]["end"]),
                         "method": cycle["registration"]["method"].rstrip("。"),
                         "materials": cycle["registration"].get("materials") or default_materials(scoped)},
        "assessment": {"period": date_span(cycle["assessment"]["start"], cycle["assessment"]["end"])},
        "sessions": [{"no": n, "name": display_name(row), "levels": level_range(offer["levels"]),
                      "date": codes.chinese_date(offer["date"]), "place": f"{site_unit(plan, offer['address'])}"
                      f"（{offer['address']}）", "method": row["method"]}
                     for n, (offer, row) in enumerate(sorted(offers, key=lambda x: x[0]["date"]), 1)],
        "fee": cycle["fee"],
        "contact": cycle["contact"],
        "quality": plan["quality"],
        "announce_date": codes.chinese_date(cycle["announce_date"]),
    }
