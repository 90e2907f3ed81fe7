"""Facts derived from a checked plan, worked out once for every document and command that needs
them: which methods and levels it assesses, how its raters are called, its units and where it is
filed, the certificate-number prefix, the named facts clause texts cite, dates in Chinese."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core import codes
from ..core.terms import (
    ENTERPRISE,
    GRADING,
    NATIONAL,
    PROMOTION,
    RATERS,
    display_name,
    level_range,
    list_lines,
    name_lines,
    trade_of,
)


def methods_of(plan: dict) -> set[str]:
    """The evaluation methods the plan uses: which method-specific sentences its documents carry."""
    return {o["method"] for o in plan["occupations"]}


# The annexes in the seed's order, by key (their titles and templates: filing/derive.py). A plan without
# 定级评价 carries no 定级评价表, one without 晋级评价 no 题库 annex; the others are numbered on.
ANNEX_KEYS = ("grading_form", "question_bank", "examiners", "supervisors", "coding", "certificates", "flow")
# The annex each clause document is: the library's files and the keys under a plan's clauses: keep the
# seed's numbers (annex2 is the 题库 annex), whatever number the annex has in a plan.
CLAUSE_ANNEXES = {"annex2": "question_bank", "annex3": "examiners", "annex4": "supervisors",
                  "annex6": "certificates", "annex7": "flow"}


def annex_numbers(plan: dict) -> dict[str, int]:
    """Which annexes this plan carries, numbered without gaps (GB/T 9704: 附件 numbers run 1, 2, 3 …)."""
    methods = methods_of(plan)
    present = [key for key in ANNEX_KEYS
               if not (key == "grading_form" and GRADING not in methods)
               and not (key == "question_bank" and PROMOTION not in methods)]
    return {key: n for n, key in enumerate(present, 1)}


# How a business is spoken of, by the family of its sector (GB/T 4754-2017 门类 → family below). A
# family decides the business sentence of 一、（一）, the words for practice, technique and the
# on-the-job assessment, the printed title of the 定级评价表's second rater, and whether the clauses
# about a workshop's tools, materials and 工件 apply (workshop).
PRODUCTION, CONSTRUCTION, UTILITIES, LOGISTICS, SERVICES, NEUTRAL = (
    "生产制造", "建筑施工", "能源和公用事业", "交通运输和仓储物流", "服务", "其他")


@dataclass(frozen=True)
class Wording:
    """A family's words: business (what 公司主要从事{products}… ends with), practice, technology,
    process_check, the second rater's title, and whether a workshop's clauses apply."""

    business: str
    practice: str
    technology: str
    process_check: str
    second_rater: str
    workshop: bool


# the second rater where there is no 车间 or 项目: the head of the candidate's own department, in the
# words of a business's HR office; not 部门主管 (or 部门负责人), which read beside 主管部门 (the third rater,
# the department in charge of the trade) like the same rater twice
MANAGER = "部门经理"
# titles the forms printed before, still read where a person names a rater (staff lists, score sheets)
FORMER_TITLES = {"部门主管": RATERS[1]}
WORDING = {
    PRODUCTION: Wording("等产品的生产制造", "生产实际", "生产技术", "生产过程考核", "车间主管", True),
    CONSTRUCTION: Wording("等工程的施工", "工程施工实际", "施工技术", "施工过程考核", "项目负责人", True),
    UTILITIES: Wording("等的生产运营", "生产运行实际", "生产运行技术", "运行过程考核", MANAGER, True),
    LOGISTICS: Wording("等运输、仓储和物流服务", "运输物流作业实际", "运输物流技术", "作业过程考核", MANAGER, False),
    SERVICES: Wording("等服务", "经营服务实际", "服务技能和服务规范", "服务过程考核", MANAGER, False),
    NEUTRAL: Wording("等业务", "生产经营实际", "技术和业务规范", "工作过程考核", MANAGER, False),
}
# company.sector: a 门类 of GB/T 4754-2017 (服务业 too, as earlier plans wrote it)
SECTORS = {
    "农、林、牧、渔业": PRODUCTION, "采矿业": PRODUCTION, "制造业": PRODUCTION,
    "电力、热力、燃气及水生产和供应业": UTILITIES, "建筑业": CONSTRUCTION, "批发和零售业": SERVICES,
    "交通运输、仓储和邮政业": LOGISTICS, "住宿和餐饮业": SERVICES, "信息传输、软件和信息技术服务业": SERVICES,
    "金融业": SERVICES, "房地产业": SERVICES, "租赁和商务服务业": SERVICES, "科学研究和技术服务业": SERVICES,
    "水利、环境和公共设施管理业": UTILITIES, "居民服务、修理和其他服务业": SERVICES, "教育": SERVICES,
    "卫生和社会工作": SERVICES, "文化、体育和娱乐业": SERVICES, "公共管理、社会保障和社会组织": SERVICES,
    "国际组织": SERVICES, "服务业": SERVICES,
}
# 2022 大典 中类 that say the family by themselves; the rest of 大类6 is production, of 大类4 services;
# 6-31 生产辅助人员 (电工, 检验员) and the other 大类 work in every family and decide nothing
_BY_CODE = (("6-28", UTILITIES), ("6-29", CONSTRUCTION), ("6-30", LOGISTICS), ("6-31", None), ("4-02", LOGISTICS),
            ("6-", PRODUCTION), ("4-", SERVICES))


def sector_family(plan: dict) -> str:
    """The family the plan's wording comes from: company.sector's, or else the family most of its
    occupations belong to by their 大典 codes; neutral wording when that is not clear (a tie, or no
    occupation that says)."""
    sector = plan["company"].get("sector")
    if sector:
        return SECTORS[sector]
    counts: dict[str, int] = {}
    for o in plan["occupations"]:
        family = next((f for prefix, f in _BY_CODE if o["code"].startswith(prefix)), None)
        if family:
            counts[family] = counts.get(family, 0) + 1
    ranked = sorted(counts.values(), reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0] == ranked[1]):
        return NEUTRAL
    return max(counts, key=counts.get)


def wording(plan: dict) -> Wording:
    """The words of the plan's family (see WORDING)."""
    return WORDING[sector_family(plan)]


def rater_labels(plan: dict) -> list[str]:
    """The four raters of the 定级评价表 as printed: appraisal.rater_titles where the plan names them
    (a building site has no 车间), else the family's title for the second (车间主管 in a workshop, 项目负责人
    on a construction site, 部门经理 elsewhere). The config keeps the keys (车间主管 …) for the weights.
    Every place that names a rater (a form's columns and signatures, a sentence, a staff list) names
    it by this."""
    titles = {RATERS[1]: wording(plan).second_rater, **((plan.get("appraisal") or {}).get("rater_titles") or {})}
    return [titles.get(r, r) for r in RATERS]


# a rater named by a body (主管部门, 人力资源部, 生产技术部) signs through its head; a person (班组长, 值长) signs
_BODIES = ("部门", "部", "处", "科", "室", "中心", "车间", "班组", "组", "站", "所", "队", "办", "委员会")


def signature_label(label: str) -> str:
    """A rater's row of 表3 as printed: 班组长签字, 主管部门负责人签字."""
    return f"{label}{'负责人' if label.endswith(_BODIES) else ''}签字"


def weights_of(plan: dict, occupation: dict) -> dict[str, dict[str, int]]:
    """The raters' weights of an occupation's 定级评价表 by section: the occupation's own where it gives
    them, else the plan's."""
    return {**plan["appraisal"], **(occupation.get("appraisal_weights") or {})}


SECTION_WEIGHTS = ("ethics_weights", "core_weights", "ability_weights")


def used_raters(plan: dict) -> list[str]:
    """The raters (as printed) whom some 定级评价 occupation's weights give a say, in the form's order;
    all four for a plan without 定级评价."""
    used = {r for o in plan["occupations"] if o["method"] == "定级评价"
            for key in SECTION_WEIGHTS for r, w in weights_of(plan, o)[key].items() if w}
    return [label for key, label in zip(RATERS, rater_labels(plan)) if key in used or not used]


def and_list(words: list[str]) -> str:
    """甲、乙和丙: a list as a sentence names it."""
    return words[0] if len(words) == 1 else "、".join(words[:-1]) + "和" + words[-1]


def rater_names(plan: dict) -> dict[str, str]:
    """Each rater's key (as the weights name them) → as the plan's forms print it; the score sheet,
    the staff list and the staffing documents all speak the forms' words."""
    return dict(zip(RATERS, rater_labels(plan)))


def rater_keys(plan: dict) -> dict[str, str]:
    """The other way: a rater as the forms print it (部门经理) → its key (车间主管); a title the forms
    printed before (部门主管) too, where it names no other rater."""
    keys = {label: key for key, label in rater_names(plan).items()}
    return {**keys, **{old: key for old, key in FORMER_TITLES.items()
                       if old not in keys and old not in RATERS and rater_names(plan)[key] == MANAGER}}


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
PROVINCIAL_CENTRE = "广东省职业技能服务指导中心"  # its current name; the seed's 省职业技能服务指导中心
# The bodies a filing deals with, by where it is filed: (authority, the authority as "yours",
# where certificate data go, who approves them). A city-level filing keeps the seed's words.
BODIES = {
    "city": ("人力资源社会保障部门", "所属人力资源社会保障部门", "所属职业技能鉴定中心（考试办、考试院）", PROVINCIAL_CENTRE),
    "province": ("广东省人力资源和社会保障厅", "广东省人力资源和社会保障厅", PROVINCIAL_CENTRE, PROVINCIAL_CENTRE),
    "ministry": ("人力资源社会保障部", "人力资源社会保障部", "人力资源社会保障部职业技能鉴定中心",
                 "人力资源社会保障部职业技能鉴定中心"),
}


def group_filing(plan: dict) -> bool:
    """Whether the plan files in a group's name (以集团公司名义申请备案): company.group_filing, else a
    company named 集团 with units to list. A company with 分公司 only is no group: its branches' staff
    take part under the company's own name; one listing 子公司 without 集团 in its name says which it is
    (rules.group_units)."""
    given = plan["company"].get("group_filing")
    if given is not None:
        return given
    return bool(units_of(plan)) and "集团" in plan["company"]["name"]


def levels_of(plan: dict, method: str | None = None) -> list[int]:
    """The levels the plan assesses (by one method), 五级 first."""
    return sorted({lv for o in plan["occupations"] if method in (None, o["method"]) for lv in o["levels"]}, reverse=True)


def applies(clause: dict | str, plan: dict) -> bool:
    """Whether a library clause (or item) belongs in this plan's documents (see absent_because)."""
    return absent_because(clause, plan) is None


def absent_because(clause: dict | str, plan: dict) -> tuple[str, str] | None:
    """Why a library clause (or item) is not in this plan's documents, and the mark that keeps it out;
    None when it belongs there.

    only_with: an annex key the plan must carry; methods: methods the plan must all use;
    only_methods: the plan uses no method outside these (e.g. wording for a 定级-only plan);
    production: true for the words of a workshop (tools, materials, 工件: production, construction,
    utilities), false for the others'; levels: the plan assesses one of these levels (技师 and
    高级技师's 综合评审 only where 二级 or 一级 is assessed); only_levels: it assesses no other. A clause
    marked for one method counts that method's levels only."""
    if not isinstance(clause, dict):
        return None
    used = methods_of(plan)
    if clause.get("only_with") is not None and clause["only_with"] not in annex_numbers(plan):
        return "所属的附件本方案不附", "only_with"
    if not set(clause.get("methods") or ()) <= used:
        return f"只用于开展{and_list(list(clause['methods']))}的方案", "methods"
    if clause.get("production") is not None and clause["production"] != wording(plan).workshop:
        return ("只用于有车间、工地等作业现场的企业" if clause["production"] else "只用于没有车间、工地的企业"), "production"
    # a clause marked for one method speaks of the levels that method assesses (题库 holds 晋级评价's)
    marked = clause.get("methods") or []
    assessed = set(levels_of(plan, marked[0] if len(marked) == 1 else None))
    if clause.get("levels") and not set(clause["levels"]) & assessed:
        return f"只用于认定{level_names(clause['levels'])}的方案", "levels"
    if clause.get("only_levels") and not assessed <= set(clause["only_levels"]):
        return f"只用于只认定{level_names(clause['only_levels'])}的方案", "only_levels"
    if clause.get("only_methods") and not used <= set(clause["only_methods"]):
        return f"只用于只开展{and_list(list(clause['only_methods']))}的方案", "only_methods"
    return None


def level_names(levels: list[int]) -> str:
    """五级/初级工、四级/中级工: levels as the work plan lists them, 五级 first."""
    return "、".join(codes.LEVEL_NAMES[lv] for lv in sorted(levels, reverse=True))


def level_titles(levels: list[int]) -> str:
    """初级工、中级工（五级至四级）: levels by title with their numbers, as the seed's sentences on
    examiners and certificates name them."""
    ordered = sorted(levels, reverse=True)
    return "、".join(codes.LEVEL_NAMES[lv].split("/")[1] for lv in ordered) + f"（{level_range(ordered)}）"


def candidates(plan: dict) -> str:
    """Who takes part, as the documents call them: 考生 sit the exams of 晋级评价, 参评人员 are rated
    under 定级评价; a plan with both names both."""
    used = methods_of(plan)
    return "、".join(word for method, word in ((PROMOTION, "考生"), (GRADING, "参评人员")) if method in used)


def examiner_categories(plan: dict) -> str:
    """The two kinds of examiner, said of this plan's levels only: 考评员 take 五至三级, 高级考评员 every
    level, so a plan without 技师 says nothing of 技师 and one with only 技师 says who rates it."""
    levels = levels_of(plan)
    low, high = [lv for lv in levels if lv >= 3], [lv for lv in levels if lv <= 2]
    if not high:
        return f"考评人员分为考评员和高级考评员，均可承担本企业{level_titles(low)}的认定评审工作。"
    if not low:
        return f"考评人员分为考评员和高级考评员，本企业{level_titles(high)}的认定评审工作由高级考评员承担。"
    return (f"考评人员分为考评员和高级考评员。考评员可承担{level_titles(low)}的认定评审工作；高级考评员可承担"
            f"{level_titles(levels)}的认定评审工作。")


def award_routes(plan: dict) -> str:
    """Annex 6's sentence on who is awarded a certificate, by the routes this plan has: 定级评价's
    weighted total, 晋级评价's subjects for 五至三级 and its 综合评审 for 技师 and 高级技师."""
    routes = []
    if GRADING in methods_of(plan):
        routes.append(f"经定级评价，加权汇总得分达到{plan['appraisal']['pass_mark']}分及以上的")
    promoted = levels_of(plan, PROMOTION)
    exams, review = [lv for lv in promoted if lv >= 3], [lv for lv in promoted if lv <= 2]
    if promoted:
        parts = ([f"{level_titles(exams)}各科目认定成绩均合格的"] if exams else []) + (
            [f"{level_titles(review)}评价合格并通过综合评审的"] if review else [])
        routes.append("经晋级评价，" + "，".join(parts))
    return "；".join(routes) + ("，均" if len(routes) > 1 else "，") + "可获得相应等级的证书。"


def review_levels(plan: dict) -> str:
    """技师、高级技师: the levels this plan's 晋级评价 assesses by 综合评审 (its 题库 holds their questions)."""
    return "、".join(codes.LEVEL_NAMES[lv].split("/")[1] for lv in levels_of(plan, PROMOTION) if lv <= 2)


def bases(plan: dict, method: str | None = None) -> str:
    """What the plan's occupations (by one method) are assessed against: 国家职业技能标准, 经备案的行业企业
    评价规范, or both, as 三、（一） says the 题库 follows them."""
    used = {o["basis"] for o in plan["occupations"] if method in (None, o["method"])}
    return "和".join(word for basis, word in ((NATIONAL, "国家职业技能标准"), (ENTERPRISE, "经备案的行业企业评价规范"))
                    if basis in used)


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
        "raters": and_list(used_raters(plan)),
        "practice": wording(plan).practice,
        "technology": wording(plan).technology,
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
        "candidates": candidates(plan),
        "examiner_categories": examiner_categories(plan),
        "award_routes": award_routes(plan),
        "review_levels": review_levels(plan),
    }


# How many characters of a name a line holds where a name is printed on its own (GB/T 9704, templates/src/
# ooxml.py): a title in 二号 on the 156 mm line (20, one kept spare); the 落款 in 三号 four characters in
# from the right (23, one spare); a unit's cell in the work plan's tables (3800 twips of 小四 less its margins: 14.9, so 14)
TITLE_CHARACTERS, SIGNATURE_CHARACTERS, UNIT_CHARACTERS = 19, 22, 14
UNIT_ADDRESS_CHARACTERS = 6  # 二、（一）'s 分公司/子公司 tables' 地址 (1644 twips of 小四 less the cell's margins)
TRADES_CHARACTERS = 7  # 四、（一）'s 工种名称 (1900 twips of 小四 less the cell's margins)
# the occupation tables' 职业名称 and 工种名称 (二、（二）and the 公告's 一: 1394–1600 twips of 小四)
OCCUPATION_CHARACTERS = 5


def heading_names(plan: dict) -> dict[str, str]:
    """The company's name as a title and as the 落款 print it: on one line, or broken between its words
    (珠海横琴粤澳深度合作区 / 海韵国际旅游度假酒店管理有限公司), never inside one."""
    name = plan["company"]["name"]
    return {"title": name_lines(name, TITLE_CHARACTERS), "signature": name_lines(name, SIGNATURE_CHARACTERS)}


def unit_lines(plan: dict, name: str) -> str:
    """A unit's name as a table cell prints it: a branch named after the company breaks after the
    company's name (广东南粤能源装备集团有限公司 / 深圳分公司), a subsidiary's before its mark (（子公司）)
    when the line cannot hold both, and a name longer than the cell between its words, never inside one."""
    company = plan["company"]["name"]
    parts = [company, name[len(company):]] if name.startswith(company) and name != company else [name]
    if len(parts[-1]) > UNIT_CHARACTERS and "（" in parts[-1]:  # …有限公司 / （子公司）
        parts[-1:] = [parts[-1][:parts[-1].index("（")], parts[-1][parts[-1].index("（"):]]
    return "\n".join(name_lines(part, UNIT_CHARACTERS) for part in parts)


def trades_lines(trades: list[str]) -> str:
    """A site's 工种 (砌筑工、钢筋工、电工) as its cell prints them: lines broken after a 、, never inside a name."""
    return list_lines(trades, TRADES_CHARACTERS)


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
