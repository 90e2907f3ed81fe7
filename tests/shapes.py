"""Client shapes nobody thought of: a hypothesis strategy that writes valid plans (and their cycles)
across the whole config space — a single company, with 分公司, with 子公司, a group's filing; every
sector family; city, 省本级 and ministry filings, state-owned or not; one to many occupations, each
with any method and any single or contiguous level set, some split between 定级 and 晋级; their own
weights and items; national standards or enterprise specifications with per-level conditions;
exam-site rows at one or several addresses with several trades a row; clause overrides; cycles with
one or several offerings. Valid by construction: real check characters, 大典-shaped codes, dates in
order, every rule of docs/architecture.md kept — so every plan drawn must pass `check`."""
from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st
from skillplan.core.codes import CITY_CODES, OCCUPATION_NAMES, with_credit_check

# the occupations whose 大典 code and name the tool knows (core/codes.OCCUPATION_NAMES), two with a 工种:
# (code, name, 工种 or None)
TRADES = {"焊工": "电焊工", "化学检验员": "食品检验员"}
OCCUPATIONS = [(code, name, TRADES.get(name)) for code, name in OCCUPATION_NAMES.items()]
SECTORS = ["农、林、牧、渔业", "采矿业", "制造业", "电力、热力、燃气及水生产和供应业", "建筑业", "批发和零售业",
           "交通运输、仓储和邮政业", "住宿和餐饮业", "信息传输、软件和信息技术服务业", "金融业", "房地产业",
           "租赁和商务服务业", "科学研究和技术服务业", "水利、环境和公共设施管理业", "居民服务、修理和其他服务业",
           "教育", "卫生和社会工作", "文化、体育和娱乐业", "公共管理、社会保障和社会组织", "服务业"]
CITIES = [c for c in CITY_CODES if c != "省本级"]
RATERS = ["班组长", "车间主管", "主管部门", "人力资源部门"]
NATIONAL, ENTERPRISE = "国家职业技能标准", "行业企业评价规范"
GRADING, PROMOTION = "定级评价", "晋级评价"
DISTRICTS = ["一区", "二区", "新区", "高新区"]
# words of the client's own that must not look like the tool's (no sector words: 车间, 产品, 施工 …)
PRODUCTS = ["甲类业务", "乙类业务", "丙类业务", "丁类业务"]


def credit_code(draw, city: str | None, unit: int = 0) -> str:
    """A valid 统一社会信用代码 registered in the city (the province for None), its 17th character the
    unit's number in the plan (0 the head office): every unit's code is its own."""
    area = "4400" if city is None else "44" + CITY_CODES[city]
    body = draw(st.text("0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=8, max_size=8))
    return with_credit_check(f"91{area}00{body}{'0123456789'[unit]}")


def _contiguous(draw, allowed: list[int]) -> list[int]:
    """A single level or a contiguous run of them, 五级 first."""
    start = draw(st.integers(0, len(allowed) - 1))
    end = draw(st.integers(start, len(allowed) - 1))
    return allowed[start:end + 1]


SECTIONS = ["ethics_weights", "core_weights", "ability_weights"]


def _weights(draw, raters: list[str]) -> dict[str, str]:
    """Weights over the raters, summing to 100 (each at least 10)."""
    cuts = sorted(draw(st.lists(st.integers(1, 9), min_size=len(raters) - 1, max_size=len(raters) - 1, unique=True)))
    tens = [b - a for a, b in zip([0, *cuts], [*cuts, 10])]
    return {r: str(t * 10) for r, t in zip(raters, tens)}


def _items(draw, name: str) -> list[dict]:
    """职业能力 items summing to 80 points, in one to three modules."""
    count = draw(st.integers(2, 5))
    cuts = sorted(draw(st.lists(st.integers(1, 15), min_size=count - 1, max_size=count - 1, unique=True)))
    points = [(b - a) * 5 for a, b in zip([0, *cuts], [*cuts, 16])]
    modules = draw(st.integers(1, min(3, count)))
    return [{"module": f"{name}模块{min(i, modules - 1) + 1}", "name": f"{name}项目{i + 1}",
             "standard": f"能按规程完成{name}的第{i + 1}项工作并达到要求", "points": str(p)} for i, p in enumerate(points)]


def _conditions(levels: list[int]) -> dict[str, list[str]]:
    return {str(lv): [f"累计从事本职业或相关职业工作{6 - lv}年（含）以上。"] for lv in levels}


def _row(draw, code: str, name: str, trade: str | None, levels: list[int], method: str) -> dict:
    row = {"code": code, "name": name, **({"trade": trade} if trade else {}), "levels": [str(lv) for lv in levels],
           "basis": draw(st.sampled_from([NATIONAL, ENTERPRISE])), "method": method}
    if row["basis"] == ENTERPRISE:
        row["conditions"] = _conditions(levels)
    if method == GRADING:
        row["appraisal"] = _items(draw, trade or name)
        if draw(st.booleans()):
            raters = draw(st.lists(st.sampled_from(RATERS), min_size=1, max_size=4, unique=True))
            raters = [r for r in RATERS if r in raters]
            # one section of its own, or all three: a rater may then have no say on the form at all; a
            # weight of 0 is written out now and then (it gives no say either)
            every = draw(st.booleans())
            for section in (SECTIONS if every else [draw(st.sampled_from(SECTIONS))]):
                weights = _weights(draw, raters)
                left_out = [r for r in RATERS if r not in raters]
                if left_out and draw(st.booleans()):
                    weights[draw(st.sampled_from(left_out))] = "0"
                row.setdefault("appraisal_weights", {})[section] = weights
    return row


@st.composite
def occupation_rows(draw) -> list[dict]:
    """One to five occupations; each 定级 (levels within 五–三), 晋级 (五–一), split (定级 up to 三级
    and 晋级 above it), or 定级 with per-level items (a row for 五级, another for the levels above)."""
    chosen = draw(st.lists(st.sampled_from(OCCUPATIONS), min_size=1, max_size=5, unique_by=lambda o: o[1]))
    rows = []
    for code, name, trade in chosen:
        kind = draw(st.sampled_from(["grading", "promotion", "split", "per-level"]))
        if kind == "grading":
            rows.append(_row(draw, code, name, trade, _contiguous(draw, [5, 4, 3]), GRADING))
        elif kind == "per-level":  # 定级 with items of its own for 五级, and others for 四级 and 三级
            rows.append(_row(draw, code, name, trade, [5], GRADING))
            rows.append(_row(draw, code, name, trade, [4, 3][:draw(st.integers(1, 2))], GRADING))
        elif kind == "promotion":
            rows.append(_row(draw, code, name, trade, _contiguous(draw, [5, 4, 3, 2, 1]), PROMOTION))
        else:
            low = [5, 4, 3][draw(st.integers(0, 2)):]
            rows.append(_row(draw, code, name, trade, low, GRADING))
            rows.append(_row(draw, code, name, trade, [2, 1][:draw(st.integers(1, 2))], PROMOTION))
    return rows


def _units(draw, kind: str, count: int, company: str, first: int) -> list[dict]:
    """count 分公司 or 子公司, numbered from first among the plan's units (for their credit codes)."""
    units = []
    for n in range(count):
        city = draw(st.sampled_from(CITIES))
        name = f"{company}{city[:-1]}{kind}" if kind == "分公司" else f"{city[:-1]}{company[2:6]}{n + 1}号有限公司"
        units.append({"name": name, "credit_code": credit_code(draw, city, first + n),
                      "address": f"{city}{DISTRICTS[n % 4]}{kind}路{n + 1}号"})
    return units


def _sites(draw, plan: dict) -> list[dict]:
    """Rows of several trades at one address and method, each row's levels the union of its trades'."""
    addresses = [plan["company"]["address"]] + [u["address"] for k in ("branches", "subsidiaries")
                                                 for u in plan.get(k, [])]
    sites: dict[tuple[str, str], list[dict]] = {}
    for row in plan["occupations"]:
        where = draw(st.lists(st.sampled_from(addresses), min_size=1, max_size=2, unique=True))
        for address in where:
            sites.setdefault((address, row["method"]), []).append(row)
    out = []
    for (address, method), rows in sites.items():
        trades = list(dict.fromkeys(r.get("trade") or r["name"] for r in rows))
        levels = sorted({int(lv) for r in rows for lv in r["levels"]}, reverse=True)
        out.append({"address": address, "trades": trades, "levels": [str(lv) for lv in levels], "method": method})
    return out


def _company(draw) -> dict:
    province = draw(st.booleans())
    city = "省本级" if province else draw(st.sampled_from(CITIES))
    home = draw(st.sampled_from(CITIES)) if province else city
    name = draw(st.sampled_from(["广东华远", "粤海新创", "南方永信", "岭南同和"])) + draw(
        st.sampled_from(["", "集团"])) + "有限公司"
    company = {"name": name, "short_name": name[:4], "credit_code": credit_code(draw, None if province else city),
               "founded_year": str(draw(st.integers(1990, 2024))), "registered_in": f"{home}{DISTRICTS[0]}",
               "legal_form": "有限责任公司", "ownership": draw(st.sampled_from(["国有企业", "非国有企业", "其他"])),
               "registered_capital": str(draw(st.integers(100, 90000))), "floor_area": "1.5",
               "products": draw(st.lists(st.sampled_from(PRODUCTS), min_size=1, max_size=3, unique=True)),
               "business_scope": "甲类、乙类业务的经营", "address": f"{home}{DISTRICTS[1]}总部路8号", "city": city}
    if sector := draw(st.one_of(st.none(), st.sampled_from(SECTORS))):
        company["sector"] = sector
    return company


@st.composite
def plans(draw) -> dict:
    """A plan.yaml's data, valid by construction (every scalar a string, as the loader reads it)."""
    company = _company(draw)
    plan = {"company": company,
            "staff": {"as_of": "2026-06", "total": "500", "professional": "80", "skilled": "300", "management": "60",
                      "bachelor_or_above": "90"},
            "committee": {"director": {"name": "甲某", "post": "总经理"},
                          "deputies": [{"name": "乙某", "post": "副总经理"}],
                          "members": [{"name": "丙某", "post": "人力资源部经理"}]}}
    units = draw(st.sampled_from(["none", "branches", "subsidiaries", "both"]))
    if units in ("branches", "both"):
        plan["branches"] = _units(draw, "分公司", draw(st.integers(1, 3)), company["name"], 1)
    if units in ("subsidiaries", "both"):
        plan["subsidiaries"] = _units(draw, "子公司", draw(st.integers(1, 2)), company["name"], 4)
    group = draw(st.sampled_from([None, True, False]))
    if group is True and units != "none":
        company["group_filing"] = "true"
    elif group is False and "subsidiaries" not in plan:
        company["group_filing"] = "false"
    elif "subsidiaries" in plan and "集团" not in company["name"]:
        company["group_filing"] = "true"  # a company not named 集团 says it files as one (rules.group_units)
    plan["occupations"] = draw(occupation_rows())
    plan["exam_sites"] = _sites(draw, plan)
    _rest(draw, plan)
    plan["cycles"] = draw(st.lists(cycles(plan), max_size=2, unique_by=lambda c: c["id"]))
    return plan


# titles a plan may give its raters (appraisal.rater_titles): the second's, or several at once
TITLES = [{"车间主管": "工段长"}, {"班组长": "班长", "主管部门": "生产技术部", "人力资源部门": "人力资源部"}]


def _rest(draw, plan: dict) -> None:
    """Quality, departments, the certificate, weights, incentives, clause overrides, the signing date."""
    promotion = any(r["method"] == PROMOTION for r in plan["occupations"])
    plan["quality"] = {"disclosure_days": "5", "result_notice_days": str(draw(st.integers(3, 7))),
                       "complaint_phone": "020-82228888", "complaint_email": "jianding@example.com",
                       "complaint_department": "纪检监察部"}
    plan["departments"] = {**({"question_bank": "技术部"} if promotion else {}), "examiners": "人力资源部",
                           "certificates": "人力资源部", "implementation": "人力资源部", "scoring": "技术部"}
    ministry = draw(st.booleans()) and plan["company"]["city"] != "省本级"
    plan["certificate"] = {"site_serial": f"{draw(st.integers(1, 999)):03d}",
                           **({"filed_with": "人力资源社会保障部", "org_code": f"{draw(st.integers(1, 9999)):04d}"}
                              if ministry else {})}
    plan["appraisal"] = {"pass_mark": str(draw(st.sampled_from([60, 70]))),
                         **({"rater_titles": draw(st.sampled_from(TITLES))} if draw(st.booleans()) else {})}
    plan["incentives"] = ["取得本企业职业技能等级证书的员工享受相应的技能津贴。"]
    override = draw(st.sampled_from([None, "replace", "drop"]))
    if override:
        plan["clauses"] = {"annex3": [{"id": "term", **({"text": "考评人员实行聘任制，聘期为{examiner_term}，"
                                                         "期满考核合格的可以续聘。"} if override == "replace" else
                                                        {"drop": "true"})}]}
    plan["signing_date"] = "2026-07-01"


@st.composite
def cycles(draw, plan: dict) -> dict:
    """A cycle with one to three offerings at the plan's sites, dated in order, the notice out long
    enough before the assessment."""
    announce = dt.date(2026, 7, 6) + dt.timedelta(days=draw(st.integers(0, 90)))
    start = announce + dt.timedelta(days=1)
    end = start + dt.timedelta(days=7)
    assess = end + dt.timedelta(days=14)
    offerings = []
    for site in draw(st.lists(st.sampled_from(plan["exam_sites"]), min_size=1, max_size=3)):
        trade = draw(st.sampled_from(site["trades"]))
        rows = [r for r in plan["occupations"] if (r.get("trade") or r["name"]) == trade and r["method"] == site["method"]]
        own = sorted({int(lv) for r in rows for lv in r["levels"]} & {int(lv) for lv in site["levels"]}, reverse=True)
        offerings.append({"trade": trade, "levels": [str(lv) for lv in _contiguous(draw, own)],
                          "address": site["address"], "date": (assess + dt.timedelta(days=len(offerings))).isoformat()})
    batch = draw(st.integers(1, 9))
    return {"id": f"{assess.year}-{batch}", "year": str(assess.year), "batch": str(batch),
            "announce_date": announce.isoformat(),
            "registration": {"start": start.isoformat(), "end": end.isoformat(), "method": "向人力资源部报名"},
            "assessment": {"start": assess.isoformat(), "end": (assess + dt.timedelta(days=3)).isoformat()},
            "offerings": offerings, "contact": {"person": "丁某", "phone": "020-82228899"}}
