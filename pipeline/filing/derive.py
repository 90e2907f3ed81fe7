"""Stage 3 — derive: turn a validated plan into the facts the documents print.

Everything computed lives here, once: the skilled-worker ratio, the evaluation modes and the
occupations under each, which annexes apply and their numbers, the certificate-number prefix,
the dates in Chinese form. Templates only place these facts; they never compute.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..core import codes
from ..core.terms import (
    ENTERPRISE,
    GRADING,
    NATIONAL,
    PROMOTION,
    RATERS,
    address_lines,
    bracket_lines,
    display_name,
    full_sentence,
    level_range,
    occupation_lines,
    trade_of,
)
from ..plan import appraisal, clauses
from ..plan.facts import (
    BRANCH,
    OCCUPATION_CHARACTERS,
    PROVINCE_LEVEL,
    SUBSIDIARY,
    UNIT_ADDRESS_CHARACTERS,
    UNIT_CHARACTERS,
    and_list,
    annex_numbers,
    applies,
    bases,
    candidates,
    certificate_prefix,
    date_span,
    examiner_categories,
    facts,
    filing_level,
    group_filing,
    heading_names,
    level_names,
    levels_of,
    method_name,
    rater_labels,
    site_unit,
    trades_lines,
    unit_kinds,
    unit_lines,
    units_of,
    wording,
)

# The annexes in the seed's order (plan/facts.ANNEX_KEYS); which apply: plan/facts.annex_numbers.
ANNEXES = [
    ("grading_form", appraisal.TITLE),
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
        """The next heading number: （一）, （二）…"""
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


def item_text(item: dict | str) -> str:
    """An item's words: library items marked for a method are {text, methods}; plain ones are strings."""
    return item["text"] if isinstance(item, dict) else item


def clause_list(plan: dict, doc: str) -> list[dict]:
    """A single-group clause list (committee duties, risks) after the client's overrides, facts filled."""
    _, groups, _ = clauses.adjust(doc, plan["clauses"].get(doc, []))
    known = facts(plan)
    return [{k: clauses.fill(v, known) if isinstance(v, str) else v for k, v in c.items()} for c in groups[0]
            if applies(c, plan)]  # e.g. no 题库 duty when grading only


def _told_apart(plan: dict, o: dict, alike) -> str:
    """An occupation row as a list names it: once (电工), or with its levels (电工（五级至三级）) where the
    occupation has other rows the sentence does not say the same of (alike: which rows it says it of)."""
    others = [r for r in plan["occupations"] if trade_of(r) == trade_of(o) and r is not o]
    if all(alike(r) for r in others):
        return display_name(o)
    span = level_range(o["levels"])
    return f"{o['name']}（{o['trade']}，{span}）" if o.get("trade") else f"{o['name']}（{span}）"


def _conditions(plan: dict) -> dict:
    """申报条件 by row: the national-standard sentence names the rows under a national standard (all of
    them as 本企业开展认定的职业（工种） when every row is), each occupation once; each enterprise
    specification its levels."""
    occupations = plan["occupations"]
    national = _unique([_told_apart(plan, o, lambda r: r["basis"] == NATIONAL) for o in occupations
                        if o["basis"] == NATIONAL])
    if all(o["basis"] == NATIONAL for o in occupations):
        national_text = "本企业开展认定的职业（工种）"
    else:
        national_text = "、".join(national)
    enterprise = []
    for o in occupations:
        if o["basis"] != ENTERPRISE:
            continue
        levels = sorted(o["levels"], reverse=True)
        enterprise.append({"name": _told_apart(plan, o, lambda r: False), "levels": [
            {"heading": f"{n}. {codes.LEVEL_NAMES[lv]}", "name": codes.LEVEL_NAMES[lv],
             # "之一" only when there is a choice: a single condition is simply required
             "lead": "具备以下条件之一者" if len(o["conditions"][str(lv)]) > 1 else "具备以下条件者",
             "conditions": o["conditions"][str(lv)]} for n, lv in enumerate(levels, 1)]})
    return {"national": national_text if national else "", "enterprise": enterprise}


def _grading_raters(plan: dict) -> list[dict]:
    """Who rates each 定级评价 occupation: the raters its own weights give a say, as printed; one entry
    per set of raters, naming its occupations (one entry when every occupation has the same raters)."""
    from ..plan.appraisal import raters

    labels = dict(zip(RATERS, rater_labels(plan)))
    groups: dict[tuple, list[str]] = {}
    for o in plan["occupations"]:
        if o["method"] == GRADING:
            groups.setdefault(tuple(raters(plan, o)), []).append(display_name(o))
    return [{"names": "、".join(_unique(names)), "raters": and_list([labels[r] for r in who])}
            for who, names in groups.items()]


def _modes(plan: dict) -> dict:
    """认定方式: the occupations under each method (split ones with their levels), the levels each
    method assesses in this plan, and who rates the 定级评价 forms."""
    occupations = plan["occupations"]
    return {
        "grading": "、".join(_unique([method_name(plan, o) for o in occupations if o["method"] == GRADING])),
        "promotion": "、".join(_unique([method_name(plan, o) for o in occupations if o["method"] == PROMOTION])),
        "grading_levels": level_names(levels_of(plan, GRADING)),
        "promotion_levels": level_names(levels_of(plan, PROMOTION)),
        "raters": _grading_raters(plan),
    }


# a title in the annex list (…实施方案 / （企业2021版）): 三号 on the 156 mm line, after 附件： and its number
# (6.5 characters)
ANNEX_LIST_CHARACTERS = 21


def _annex_list(numbers: dict[str, int]) -> list[dict[str, Any]]:
    """The annexes the work plan's end lists: each attached one's number and title, in lines."""
    return [{"no": numbers[k], "key": k, "title": bracket_lines(t, ANNEX_LIST_CHARACTERS)} for k, t in ANNEXES if k in numbers]


def site_rows(plan: dict) -> list[dict]:
    """四、（一）'s table: each exam site with the unit at its address; levels written as everywhere else
    (五级至三级), not 5级、4级、3级."""
    return [{"no": n, "unit": unit_lines(plan, site_unit(plan, s["address"])),
             "address": address_lines(f"地址：{s['address']}", UNIT_CHARACTERS),
             "trades": trades_lines(_site_trades(plan, s)), "levels": level_range(s["levels"]), "method": s["method"]}
            for n, s in enumerate(plan["exam_sites"], 1)]


def _site_trades(plan: dict, site: dict) -> list[str]:
    """A site row's trades: 电工、车工 when each is assessed there at every level of the row's cell, else
    each with the levels of the cell it is assessed at (电工（五级至二级）、化学检验员（四级至二级）), so the
    row never claims a level for a trade that has not got it."""
    own = {trade: [lv for lv in site["levels"] if any(trade_of(o) == trade and o["method"] == site["method"]
                                                      and lv in o["levels"] for o in plan["occupations"])]
           for trade in site["trades"]}
    if all(len(levels) == len(site["levels"]) for levels in own.values()):
        return list(own)
    return [f"{trade}（{level_range(levels)}）" for trade, levels in own.items()]


def scoring_step(plan: dict) -> str:
    """The names of annex 7's scoring steps as this plan has them (阅卷评分 for exams, 评分汇总 for the
    定级评价表, 阅卷评分和评分汇总 with both), which the work plan's summary of the flow repeats."""
    data, _, _ = clauses.adjust("annex7", plan["clauses"].get("annex7", []))
    titles = [s["title"] for s in data["sections"] if s["id"].startswith("scoring") and applies(s, plan)]
    return and_list(titles) if titles else "评分"


def _unit_tables(plan: dict) -> list[dict]:
    """二、（一）'s tables of a group filing: the branches, then the subsidiaries, each named as a cell prints it."""
    return [{"kind": kind, "rows": [{"no": n, **u, "name": unit_lines(plan, u["name"]),
                                     "address": address_lines(u["address"], UNIT_ADDRESS_CHARACTERS)}
                                    for n, u in enumerate(rows, 1)]}
            for kind in (BRANCH, SUBSIDIARY) if (rows := [u for u in units_of(plan) if u["kind"] == kind])]


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
            "business": wording(plan).business,
            "business_scope": company["business_scope"].rstrip("。；;.， "),
        },
        "names": heading_names(plan),
        "staff": {**staff, "as_of": f"{int(year)}年{int(month)}月",
                  "skilled_ratio": percent(staff["skilled"], staff["total"])},
        "committee": {
            "director": people(committee["director"]),
            "deputies": "、".join(map(people, committee["deputies"])),
            "members": "、".join(map(people, committee["members"])),
            "duties": [c["text"] for c in clause_list(plan, "committee_duties")],
        },
        "unit_kinds": unit_kinds(plan),
        "unit_tables": _unit_tables(plan),
        "occupations": [{"no": n, "code": o["code"], "name": occupation_lines(o["name"], OCCUPATION_CHARACTERS),
                         "trade": occupation_lines(o.get("trade") or "—", OCCUPATION_CHARACTERS),
                         "levels": level_range(levels), "basis": o["basis"], "method": o["method"]}
                        for n, (o, levels) in enumerate(_merged([(o, o["levels"]) for o in occupations]), 1)],
        "modes": _modes(plan),
        "pass_mark": plan["appraisal"]["pass_mark"],
        "raters": known["raters"],
        "practice": known["practice"],
        "process_check": wording(plan).process_check,
        "group_filing": group_filing(plan),
        "conditions": _conditions(plan),
        "has_question_bank": "question_bank" in numbers,
        "bank_bases": bases(plan, PROMOTION),  # the 题库 serves 晋级评价: what its occupations follow
        "examiner_categories": examiner_categories(plan),
        "annex": numbers,
        "annexes": _annex_list(numbers),
        "certificate_prefix": certificate_prefix(plan),
        "quality": plan["quality"],
        "risks": clause_list(plan, "risks"),
        "sites": site_rows(plan),
        "incentives": [full_sentence(text) for text in plan["incentives"]],
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
    level = levels_of(plan)[0]  # the example is a number this plan can issue: its first level
    parts = ["Y", cert["org_code"], "44", site, year, str(level), "000001"]
    filed = {"city": "向省级人力资源社会保障部门备案", "province": "向广东省人力资源和社会保障厅备案",
             "ministry": "向人力资源社会保障部备案"}[filing_level(plan)]
    # 国有企业 and 非国有企业 are what a company is; 其他 is only the table's row (表6), said as such
    kind = company["ownership"]
    ownership = "评价机构（站点）类别为“其他”" if kind == "其他" else kind
    to = "\u2011"  # 第2‑5位: Word's non-breaking hyphen (core/render.py), never a line's or a page's end
    explanation = [  # a line for each part of the number
        "第1位“Y”表示评价机构类别为用人单位；", f"第2{to}5位“{cert['org_code']}”为评价机构代码（{filed}）；",
        f"第6{to}7位“44”表示评价机构（站点）在广东省；",
        f"第8{to}13位“{site}”为评价机构（站点）序列码，其中“{site[:2]}”表示{company['city']}，“{site[2]}”表示"
        f"{ownership}，“{site[3:]}”为流水序列码；",
        f"第14{to}15位“{year}”表示证书于{plan['signing_date'].year}年核发；",
        f"第16位“{level}”表示{codes.LEVEL_NAMES[level]}；", f"第17{to}22位“000001”表示该年度该等级核发的第1本证书。"]
    return {"annex_no": annex_no, "coding": {
        "filed_with": filed, "city": company["city"],
        "ownership": ownership if kind == "其他" else f"属{kind}",
        "location": "为省本级评价机构" if company["city"] == PROVINCE_LEVEL else f"所在地为{company['city']}",
        "serial_from": "广东省人力资源和社会保障厅" if company["city"] == PROVINCE_LEVEL else "人力资源社会保障部门",
        "site_serial": cert["site_serial"], "prefix": prefix,
        "example_spaced": " ".join(parts), "example": "".join(parts), "explanation": explanation}}


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
            context = appraisal.grading_context(plan, number)
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
    "本人有效身份证件复印件；",
    "学历证书复印件；",
    # not every 晋级 applicant holds one (五级 applicants, or 四级 by years of work): asked where the conditions ask
    {"text": "已取得的职业资格证书或职业技能等级证书复印件（申报条件要求持证的须提供）；", "methods": [PROMOTION]},
    {"text": "已取得的职业资格证书或职业技能等级证书复印件（如有）；", "only_methods": [GRADING]},
    # 二级 and 一级 are assessed with a 综合评审 of the applicant's work (答辩, 论文, 业绩评审): its papers
    {"text": "申报{reviewed}的，另交近三年工作业绩证明材料和本人撰写的技术总结（或论文）；",
     "methods": [PROMOTION], "levels": [2, 1]},
    "本人近期免冠彩色照片（2寸）两张。",
]


def default_materials(plan: dict) -> list[str]:
    """The materials list when a cycle names none; what a 晋级 applicant must add is said only where
    the plan (already scoped to the cycle's occupations) uses 晋级评价."""
    reviewed = level_names([lv for lv in levels_of(plan, PROMOTION) if lv <= 2])  # 二级/技师 (and 一级) offered
    return [item_text(m).replace("{reviewed}", reviewed) for m in DEFAULT_MATERIALS if applies(m, plan)]


def _row_for(plan: dict, trade: str, levels: list[int]) -> dict:
    """The occupation row a cycle's offering stands for (a trade may be split by method over levels)."""
    rows = [o for o in plan["occupations"] if trade_of(o) == trade]
    return next((o for o in rows if set(levels) <= set(o["levels"])), rows[0])


def announcement_name(cycle: dict) -> str:
    """The announcement's title, which is also its file name."""
    return f"{cycle['year']}年第{cycle['batch']}批职业技能等级认定公告"


def _offered_rows(plan: dict, offers: list[tuple[dict, dict]]) -> list[tuple[dict, list[int]]]:
    """Each occupation row a cycle offers, once, with every level offered for it (an occupation
    offered at several sites or dates is still one row of the table; an offering may span rows of one
    method, when the plan gives levels their own items), in the order first offered."""
    rows: dict[int, tuple[dict, set[int]]] = {}
    for offer, _ in offers:
        for row in plan["occupations"]:
            if trade_of(row) == offer["trade"] and set(offer["levels"]) & set(row["levels"]):
                rows.setdefault(id(row), (row, set()))[1].update(offer["levels"])
    return [(row, sorted(levels & set(row["levels"]), reverse=True)) for row, levels in rows.values()]


def _merged(offered: list[tuple[dict, list[int]]]) -> list[tuple[dict, list[int]]]:
    """The table's rows: rows of one occupation, method and basis (levels given their own items) as one."""
    merged: dict[tuple, tuple[dict, list[int]]] = {}
    for row, levels in offered:
        key = (trade_of(row), row["method"], row["basis"])
        first, known = merged.get(key, (row, []))
        merged[key] = (first, sorted({*known, *levels}, reverse=True))
    return list(merged.values())


def _session_places(plan: dict, offers: list[tuple[dict, dict]]) -> list[dict]:
    """四's table: the sessions by date, gathered under each place in the order it is first used, so a
    place (a unit's full name and its address) is printed once on a row of its own and never squeezed
    into a column; the sessions are numbered on through the places."""
    places: dict[str, list[tuple[dict, dict]]] = {}
    for offer, row in sorted(offers, key=lambda x: x[0]["date"]):
        places.setdefault(offer["address"], []).append((offer, row))
    numbered = enumerate((pair for pairs in places.values() for pair in pairs), 1)
    rows = [{"no": n, "name": display_name(row), "levels": level_range(offer["levels"]),
             "date": codes.chinese_date(offer["date"]), "method": row["method"], "address": offer["address"]}
            for n, (offer, row) in numbered]
    return [{"place": f"{site_unit(plan, address)}（{address}）", "sessions": [r for r in rows if r["address"] == address]}
            for address in places]


def announcement_context(plan: dict, cycle: dict) -> dict[str, Any]:
    """Everything a cycle's announcement prints: what is assessed, who may apply, when, where, how."""
    offers = [(o, _row_for(plan, o["trade"], o["levels"])) for o in cycle["offerings"]]
    offered = _offered_rows(plan, offers)
    # the plan as far as this cycle goes (in the plan's order): its conditions, names and methods are printed
    levels_of = {id(row): levels for row, levels in offered}
    scoped = {**plan, "occupations": [{**row, "levels": levels_of[id(row)]} for row in plan["occupations"]
                                      if id(row) in levels_of]}
    # 职业名称 and 工种名称 apart, as the 工作方案's table and real notices have them
    table = [{"no": n, "code": row["code"], "name": display_name(row),
              "occupation": occupation_lines(row["name"], OCCUPATION_CHARACTERS),
              "trade": occupation_lines(row.get("trade") or "—", OCCUPATION_CHARACTERS), "levels": level_range(levels),
              "method": row["method"],
              "basis": row["basis"]} for n, (row, levels) in enumerate(_merged(offered), 1)]
    return {
        "company": plan["company"]["name"],
        "names": heading_names(plan),
        "year": cycle["year"],
        "batch": codes.chinese_number(cycle["batch"]),
        "occupations": table,
        "unit_kinds": unit_kinds(plan),
        "conditions": _conditions(scoped),
        "registration": {"period": date_span(cycle["registration"]["start"], cycle["registration"]["end"]),
                         "method": cycle["registration"]["method"].rstrip("。"),
                         "materials": cycle["registration"].get("materials") or default_materials(scoped)},
        "assessment": {"period": date_span(cycle["assessment"]["start"], cycle["assessment"]["end"])},
        "places": _session_places(plan, offers),
        "fee": full_sentence(cycle["fee"]),
        "contact": cycle["contact"],
        "candidates": candidates(scoped),
        "quality": plan["quality"],
        "announce_date": codes.chinese_date(cycle["announce_date"]),
    }
