"""Facts derived from a checked plan, worked out once for every document and command that needs
them: which methods and levels it assesses, how its raters are called, its units and where it is
filed, the certificate-number prefix, the named facts clause texts cite, dates in Chinese."""
from __future__ import annotations

from typing import Any

from ..core import codes
from ..core.terms import RATERS, display_name, level_range, trade_of


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


def certificate_prefix(plan: dict) -> str:
    """The first 13 characters every certificate of this enterprise shares (docs/architecture.md, "Codes")."""
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


def site_unit(plan: dict, address: str) -> str:
    """The unit whose address an exam site is: a listed branch or subsidiary, else the head office."""
    for unit in units_of(plan):  # a subsidiary is a company of its own: it is said to be one
        if unit["address"] == address and address != plan["company"]["address"]:
            return unit["name"] + ("（子公司）" if unit["kind"] == SUBSIDIARY else "")
    return plan["company"]["name"]


def date_span(start, end) -> str:
    """2026年11月26日至12月5日 — the year is not repeated inside one year."""
    if start == end:
        return codes.chinese_date(start)
    tail = codes.chinese_date(end) if end.year != start.year else f"{end.month}月{end.day}日"
    return f"{codes.chinese_date(start)}至{tail}"
