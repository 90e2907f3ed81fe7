"""The filing rules of docs/architecture.md, "The filing rules", that a schema cannot express: facts that must agree with each other."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator

from ..core import codes, workdays
from ..core.errors import Problem, did_you_mean
from ..core.subjects import GRADING_SUBJECT, REVIEW, REVIEW_FROM
from ..core.terms import (
    ENTERPRISE,
    GRADING,
    NATIONAL,
    PROMOTION,
    RATERS,
    UNFILLED,
    UNFILLED_MESSAGE,
    levels_text,
    place_mm,
    trade_of,
)
from .clauses import CLAUSE_FIELDS, adjust, library, unknown_facts
from .dates import publicity
from .facts import CLAUSE_ANNEXES, absent_because, annex_numbers, facts, rater_labels, units_of
from .load import Source, dotted

ABILITY_POINTS = 80

# Marks the official template uses for "fill this in"; left in a filing they are an embarrassment.
# (full-width and lower-case alike: ＸＸ, ×××, ＊＊, xx部, ○○, 〔〕, ____, 此处填写)
PLACEHOLDER = re.compile(r"[*＊]{2,}|[XＸ]{2,}|X题|X套|(?<![A-Za-z])xx+(?![A-Za-z])|×{2,}|[○〇]{2,}|_{3,}|……|某某|〔\s*〕"
                         r"|此处填写|请填写|待补充|(?<!\d)20\s+年\s+月")

# keys whose values are codes with a format of their own (checked by the schema), never prose with blanks
CODED = {"credit_code", "code", "site_serial", "org_code", "complaint_phone", "phone", "complaint_email"}

# A rule yields (key path, message) or (key path, (message, "warning")).
Found = Iterator[tuple[tuple, str | tuple[str, str]]]


def grading_levels(plan: dict) -> Found:
    """Rule 1: 定级评价 covers levels 5, 4, 3 only; 晋级评价 covers 5 to 1."""
    for i, occ in enumerate(plan.get("occupations", [])):
        if occ.get("method") == GRADING:
            wrong = [lv for lv in occ.get("levels", []) if lv not in codes.GRADING_LEVELS]
            if wrong:
                yield ("occupations", i, "levels"), (
                    f"定级评价只能认定5级、4级、3级；{levels_text(wrong)}须采用晋级评价")


def unique_occupations(plan: dict) -> Found:
    """One row per occupation, method and level: the same level twice would be filed twice."""
    seen: dict[tuple[str, int], int] = {}
    for i, occ in enumerate(plan.get("occupations", [])):
        levels = occ.get("levels", [])
        twice = sorted({lv for lv in levels if levels.count(lv) > 1}, reverse=True)
        if twice:  # one message, about the list itself (not “4级已在 occupations[0] 中列出” of its own row)
            yield ("occupations", i, "levels"), f"{levels_text(twice)}在同一列表中写了两次：每个等级只写一次"
        for lv in dict.fromkeys(levels):
            key = (trade_of(occ), lv)
            if key in seen:
                yield ("occupations", i, "levels"), (
                    f"“{key[0]}”的{lv}级已在 occupations[{seen[key]}] 中列出，同一工种同一等级只能出现一次")
            else:
                seen[key] = i


def one_code_per_occupation(plan: dict) -> Found:
    """An occupation has one code in the 职业分类大典 and a code one name: rows split by method or
    level repeat both as they are (the filing's tables and the announcements print the code)."""
    by_name: dict[str, tuple[str, int]] = {}
    by_code: dict[str, tuple[str, int]] = {}
    for i, occ in enumerate(plan.get("occupations", [])):
        name, code = occ.get("name"), occ.get("code")
        if name in by_name and by_name[name][0] != code:
            yield ("occupations", i, "code"), (f"“{name}”在 occupations[{by_name[name][1]}] 中的职业编码为 "
                                               f"{by_name[name][0]}：同一职业只有一个编码")
        elif code in by_code and by_code[code][0] != name:
            yield ("occupations", i, "name"), (f"职业编码 {code} 在 occupations[{by_code[code][1]}] 中是“{by_code[code][0]}”："
                                               "同一编码只对应一个职业名称（工种写在 trade 中）")
        by_name.setdefault(name, (code, i))
        by_code.setdefault(code, (name, i))


def known_occupation_codes(plan: dict) -> Found:
    """A code whose occupation is known (core/codes.OCCUPATION_NAMES, the few this tool relies on) written
    with another name: the filing's tables and the province's data would pair the code with the wrong
    occupation. A warning: the table is short, and a name may be written another way."""
    told: set[tuple[str, str]] = set()
    for i, occ in enumerate(plan.get("occupations", [])):
        code, name = occ.get("code"), occ.get("name")
        known = codes.OCCUPATION_NAMES.get(code)
        if known and name and name != known and (code, name) not in told:
            told.add((code, name))
            yield ("occupations", i, "code"), (f"职业编码 {code} 是“{known}”的编码，这里的职业名称为“{name}”："
                                               "请核对编码和职业名称（工种写在 trade 中）", "warning")


def conditions_follow_basis(plan: dict) -> Found:
    """Rule 4: an enterprise specification needs its per-level 申报条件; a national standard brings its own."""
    for i, occ in enumerate(plan.get("occupations", [])):
        given = {int(k) for k in (occ.get("conditions") or {})}
        levels = set(occ.get("levels", []))
        if occ.get("basis") == ENTERPRISE:
            missing = levels - given
            if missing:
                yield ("occupations", i, "conditions"), (
                    f"认定依据为行业企业评价规范时，须按等级写出申报条件；缺少{levels_text(list(missing))}")
            extra = given - levels
            if extra:
                yield ("occupations", i, "conditions"), f"{levels_text(list(extra))}不在该职业的认定等级中"
        elif given and occ.get("basis") == NATIONAL:  # a basis that failed its own check: said there
            yield ("occupations", i, "conditions"), (
                "认定依据为国家职业技能标准时按国家标准的申报条件执行，此处的申报条件不会写入文件", "warning")


def sites_within_plan(plan: dict) -> Found:
    """Rule 2: each site's trades, levels and method are in the occupation table; its address is known.
    An occupation row whose name, levels or method failed its own check is said there: nothing is concluded
    from it here (a method written 定级 is one message, not a site said to be of the wrong method)."""
    occupations = plan.get("occupations", [])
    rows, unsure = _rows_by_trade(plan)
    addresses = [plan.get("company", {}).get("address")] + [u.get("address") for u in units_of(plan)]
    units = "所列分公司、子公司" if plan.get("subsidiaries") else "所列分公司"
    offered: set[tuple[str, int]] = set()
    for i, site in enumerate(plan.get("exam_sites", [])):
        if site.get("address") not in addresses:
            yield ("exam_sites", i, "address"), f"考场地址须与企业总部地址或{units}地址完全一致"
        assessed, judged = yield from _site_trades(plan, i, site, rows, unsure)
        # an occupation's name written for its 工种 has its message: its 工种 are not also “没有安排考场”
        offered |= {(t, lv) for name in site.get("trades", []) if name not in rows
                    for t in _trades_named(name, plan) for lv in site.get("levels", [])}
        offered |= {(trade, lv) for trade, (own, _) in assessed.items() for lv in own}
        if judged:
            yield from _levels_nobody_assesses(i, site, assessed)
    for i, occ in enumerate(occupations):
        missing = [lv for lv in occ.get("levels", []) if (trade_of(occ), lv) not in offered]
        if missing and plan.get("exam_sites") and trade_of(occ) not in unsure:
            yield ("occupations", i, "levels"), (
                f"“{trade_of(occ)}”的{levels_text(missing)}没有安排考场", "warning")


def _rows_by_trade(plan: dict) -> tuple[dict[str, list[dict]], set[str]]:
    """The occupation rows by the name sites and cycles use (trade_of), and the names of those with a
    row whose name, levels or method failed its own check (taken out of the plan: nothing about them
    can be judged, and the schema's message is the one to read; "" when a nameless row could be any)."""
    rows: dict[str, list[dict]] = {}
    for occ in plan.get("occupations", []):
        rows.setdefault(trade_of(occ), []).append(occ)
    unsure = {trade_of(o) for o in plan.get("occupations", []) if not all(o.get(k) for k in ("name", "levels", "method"))}
    return rows, unsure


def _site_trades(plan: dict, i: int, site: dict, rows: dict[str, list[dict]], unsure: set[str]):
    """Each trade of a site row in the occupation table under the row's method. Yields the problems;
    returns {trade: (the levels of the row's cell it assesses, every level it assesses by the method)}
    and whether every trade could be judged (else the row's levels are not judged as a whole)."""
    assessed: dict[str, tuple[list[int], list[int]]] = {}
    judged = True
    cell, trades = site.get("levels", []), site.get("trades", [])
    for j, trade in enumerate(trades):
        if trade in unsure or (trade not in rows and "" in unsure):
            judged = False
            continue
        if trade not in rows:
            yield ("exam_sites", i, "trades", j), _unknown_trade(trade, plan)
            judged = False
            continue
        matching = [o for o in rows[trade] if o.get("method") == site.get("method")]
        if not matching:
            methods = "、".join(sorted({o["method"] for o in rows[trade]}))
            yield ("exam_sites", i, "method"), f"“{trade}”在认定范围中的认定方式为{methods}，与考场的{site.get('method')}不符"
            judged = False
            continue
        covered = sorted({lv for o in matching for lv in o.get("levels", [])}, reverse=True)
        if not covered:  # the occupation's levels failed their own check: said there
            judged = False
            continue
        # one levels cell for several trades (the seed's own sample row): each trade is assessed there
        # at the levels of the cell it has (the filing prints them by the trade); a lone trade has
        # every level of its cell, and none is in a row assessing it at nothing
        own = [lv for lv in cell if lv in covered]
        assessed[trade] = (own, covered)
        outside = [lv for lv in cell if lv not in covered]
        if outside and (len(trades) == 1 or not own):
            yield ("exam_sites", i, "levels"), (
                f"“{trade}”的{site.get('method')}只认定{levels_text(covered)}，不含{levels_text(outside)}")
    return assessed, judged


def _levels_nobody_assesses(i: int, site: dict, assessed: dict[str, tuple[list[int], list[int]]]) -> Found:
    """A level in a row of several trades that none of them assesses by the row's method: the filing
    would print it for them all (电工、化学检验员 | 五级至一级 where neither has 一级)."""
    if len(assessed) < 2 or not any(own for own, _ in assessed.values()):
        return  # a lone trade, or trades that each have their own message
    nobody = [lv for lv in site.get("levels", []) if not any(lv in own for own, _ in assessed.values())]
    if nobody:
        each = "；".join(f"“{trade}”认定{levels_text(covered)}" for trade, (_, covered) in assessed.items())
        yield ("exam_sites", i, "levels"), (
            f"本行的工种都不以{site.get('method')}认定{levels_text(nobody)}（{each}）：请从本行的等级中删去")


def _trades_named(name: str, plan: dict) -> list[str]:
    """The 工种 of the occupation called name, in the plan's order (none: no such occupation, or one without 工种)."""
    return list(dict.fromkeys(o["trade"] for o in plan.get("occupations", []) if o.get("name") == name and o.get("trade")))


def _unknown_trade(trade: str, plan: dict) -> str:
    """Why a site or an offering names a trade the plan does not assess: an occupation's name written
    where its 工种 belongs is said as such, with the 工种 to write; else the nearest name."""
    occupations = plan.get("occupations", [])
    trades = _trades_named(trade, plan)
    if trades:
        named = "、".join(f"“{t}”" for t in trades)
        return (f"“{trade}”是职业名称，该职业在认定范围中的工种为{named}：有工种的职业在此写工种名称"
                + (f"，是否想写“{trades[0]}”？" if len(trades) == 1 else ""))
    return f"“{trade}”不在认定的职业（工种）范围中" + did_you_mean(trade, list(dict.fromkeys(map(trade_of, occupations))))


def appraisal_forms(plan: dict) -> Found:
    """Rule 5: annex 1 weights per section sum to 100 %; item points sum to the 80 of 职业能力."""
    yield from _weights_sum(plan.get("appraisal", {}), ("appraisal",))
    for i, occ in enumerate(plan.get("occupations", [])):
        yield from _weights_sum(occ.get("appraisal_weights") or {}, ("occupations", i, "appraisal_weights"), True)
        if occ.get("appraisal_weights") and occ.get("method") == PROMOTION:
            yield ("occupations", i, "appraisal_weights"), ("晋级评价不使用定级评价表，此处的权重不会写入文件", "warning")
        items = occ.get("appraisal") or []
        if occ.get("method") == GRADING and not items:
            yield ("occupations", i, "appraisal"), "定级评价的职业须列出定级评价表的职业能力评分项（appraisal）"
        elif occ.get("method") == PROMOTION and items:
            yield ("occupations", i, "appraisal"), ("晋级评价不使用定级评价表，此处的评分项不会写入文件", "warning")
        elif items:
            total = sum(it.get("points", 0) for it in items if isinstance(it.get("points"), int))
            if total != ABILITY_POINTS:
                yield ("occupations", i, "appraisal"), f"职业能力各评分项配分之和应为{ABILITY_POINTS}分，实际为{total}分"


def rater_titles(plan: dict) -> Found:
    """Each rater has a title of its own: a title that is another rater's (its key, or the title printed for
    it) would print two columns and two signatures under one name, and make a staff list's word ambiguous."""
    given = (plan.get("appraisal") or {}).get("rater_titles") or {}
    printed = dict(zip(RATERS, rater_labels(plan)))
    order = list(given)
    for key, title in given.items():
        other = next((r for r in RATERS if r != key and title in (r, printed[r])), None)
        # two titles alike: said once, at the second
        if other is not None and not (other in given and given[other] == title and order.index(other) > order.index(key)):
            whose = f"评价主体“{other}”" + (f"（表上印作“{printed[other]}”）" if printed[other] != other else "")
            yield ("appraisal", "rater_titles", key), (
                f"应为与其他评价主体不同的称谓，实际为“{title}”，与{whose}重名：定级评价表上会出现两个“{title}”")


def question_bank_department(plan: dict) -> Found:
    """A 题库 needs a department to run it; a 定级-only plan has no 题库 and is not asked for one."""
    if any(o.get("method") == PROMOTION for o in plan.get("occupations", [])) and \
            not (plan.get("departments") or {}).get("question_bank"):
        yield ("departments",), "有晋级评价的职业时，须写出题库开发和运行管理的负责部门（departments.question_bank）"


def _weights_sum(weights: dict, path: tuple, given_only: bool = False) -> Found:
    """Each section's raters' weights sum to 100 % (an occupation's own weights: only the sections it gives)."""
    for key, section in (("ethics_weights", "职业道德"), ("core_weights", "核心能力"), ("ability_weights", "职业能力")):
        if given_only and key not in weights:
            continue
        total = sum(v for v in (weights.get(key) or {}).values() if isinstance(v, int))
        if total != 100:
            yield path + (key,), f"{section}各评价主体权重之和应为100%，实际为{total}%"


def certificate_code(plan: dict) -> Found:
    """Rule 8: the organisation code is 0000 when filed with the province, 0001–9999 with the ministry."""
    cert = plan.get("certificate", {})
    org, filed = cert.get("org_code", ""), cert.get("filed_with", "")
    if filed == "省级人力资源社会保障部门" and org != "0000":
        yield ("certificate", "org_code"), f"向省级人力资源社会保障部门备案时，评价机构代码固定为 0000，实际为“{org}”"
    if filed == "人力资源社会保障部" and org == "0000":
        yield ("certificate", "org_code"), "向人力资源社会保障部备案时，评价机构代码为部里赋予的 0001-9999"


# what a 套打 prints on each pre-printed blank (certificate.overlay): 工种 only where an occupation
# has one; 评价机构名称 may come printed on the blank already
# what a 套打 page must print (评价机构名称 and the photo may be on the blank, or pasted on)
OVERLAY_FIELDS = {"name": "姓名", "id_type": "证件类型", "id_number": "证件号码", "occupation": "职业名称",
                  "trade": "工种/职业方向", "level": "职业技能等级", "number": "证书编号", "date": "发证日期",
                  "qr": "二维码"}
A4_MM = (210, 297)
# the areas a 套打 places by their top left corner: the pictures, and the seal's (an enterprise seal is
# 40 mm across), which nothing else may cover
OVERLAY_PICTURES_MM = {"qr": (30, 30), "photo": (25, 35), "seal": (40, 40)}
OVERLAY_AREAS = {"photo": "照片", "seal": "盖章处", "qr": "二维码"}


def certificate_overlay(plan: dict) -> Found:
    """A 套打 layout prints every value a certificate needs, each on the A4 page."""
    places = plan["certificate"].get("overlay") or {}
    if not any(places.values()):
        return
    needed = [key for key in OVERLAY_FIELDS if key != "trade" or any(o.get("trade") for o in plan["occupations"])]
    missing = [OVERLAY_FIELDS[key] for key in needed if not places.get(key)]
    if missing:
        yield ("certificate", "overlay"), f"套打位置缺少：{'、'.join(missing)}（每份证书都要印出这些内容）"
    yield from _overlapping_areas(places)
    for key, at in places.items():
        size = OVERLAY_PICTURES_MM.get(key, (0, 0))
        if at and any(mm + extent > limit for mm, extent, limit in zip(place_mm(at), size, A4_MM)):
            yield ("certificate", "overlay", key), (f"“{at}”超出 A4 纸张（宽 210、高 297 毫米）"
                                                   + (f"：{OVERLAY_AREAS[key]}为 {size[0]}×{size[1]} 毫米，"
                                                      "位置是其左上角" if key in OVERLAY_PICTURES_MM else ""))


def _overlapping_areas(places: dict) -> Found:
    """The photo, the seal and the QR code never cover one another (a stamp over the QR code makes it
    unreadable, a photo over the seal hides it)."""
    areas = [key for key in OVERLAY_AREAS if places.get(key)]
    for i, key in enumerate(areas):
        for other in areas[i + 1:]:
            (x, y), (ox, oy) = place_mm(places[key]), place_mm(places[other])
            (w, h), (ow, oh) = OVERLAY_PICTURES_MM[key], OVERLAY_PICTURES_MM[other]
            if x < ox + ow and ox < x + w and y < oy + oh and oy < y + h:
                yield ("certificate", "overlay", key), (
                    f"{OVERLAY_AREAS[key]}（{places[key]} 起 {w}×{h} 毫米）与{OVERLAY_AREAS[other]}（{places[other]} 起 "
                    f"{ow}×{oh} 毫米）位置重叠，印出来会互相遮挡")


def city_matches_registration(plan: dict) -> Found:
    """Rule 8: the city in every certificate number agrees with where the credit code was registered
    and with the address, unless city_reason says why not; 省本级 names no city and is exempt."""
    company = plan.get("company", {})
    city, code = company.get("city"), company.get("credit_code", "")
    if city == "省本级" or company.get("city_reason") or codes.credit_code_problem(code):
        return
    area, registered = codes.registration_area(code)
    hint = "；如确属如此（例如在异地登记、在本市设站认定），请在 company.city_reason 写明原因"
    if not area.startswith("44"):
        yield ("company", "city"), f"统一社会信用代码第3-6位“{area}”表示在广东省外登记，与所在地市“{city}”不符" + hint
    elif registered and registered != city:
        yield ("company", "city"), (f"统一社会信用代码第3-6位“{area}”表示在{registered}登记，与所在地市“{city}”"
                                    f"（证书编码第8-9位）不符" + hint)
    named = [c for c in codes.CITY_OF_AREA.values() if c in company.get("address", "")]
    if named and city not in named:
        yield ("company", "city"), f"总部地址在{named[0]}，与所在地市“{city}”（证书编码第8-9位）不符" + hint


def staff_counts(plan: dict) -> Found:
    """Rule 9: the parts of the workforce cannot exceed the whole."""
    staff = plan.get("staff", {})
    total = staff.get("total")
    parts = sum(staff.get(k, 0) for k in ("professional", "skilled", "management"))
    if parts > total:
        yield ("staff", "total"), (
            f"专业技术、技能、管理人员合计{parts}人，超过员工总数{total}人")
    if staff.get("bachelor_or_above", 0) > total:
        yield ("staff", "bachelor_or_above"), f"本科及以上学历{staff['bachelor_or_above']}人，超过员工总数{total}人"


def signing_after_census(plan: dict) -> Found:
    """The plan cannot be signed before the staff figures it quotes were counted."""
    as_of, signed = plan.get("staff", {}).get("as_of", ""), plan.get("signing_date")
    if signed and re.fullmatch(r"\d{4}-\d{2}", as_of or "") and signed.strftime("%Y-%m") < as_of:
        yield ("signing_date",), f"落款日期早于人员统计截止年月 {as_of}"


def placeholders(plan: dict, path: tuple = ()) -> Found:
    """Text still marked 待填写 by init is an error; text that looks like the template's blanks
    (***, XX, ……) is a warning, an error with --strict."""
    if isinstance(plan, dict):
        for k, v in plan.items():
            yield from placeholders(v, path + (k,))
    elif isinstance(plan, list):
        for i, v in enumerate(plan):
            yield from placeholders(v, path + (i,))
    elif isinstance(plan, str) and UNFILLED in plan:
        yield path, UNFILLED_MESSAGE
    elif isinstance(plan, str) and path and path[-1] in CODED:
        return  # a code has its own format, checked where it is read: a credit code may well hold XX
    elif isinstance(plan, str) and (m := PLACEHOLDER.search(plan)):
        yield path, (f"“{m.group()}”像是模板中未填写的占位符", "warning")


def clause_overrides(plan: dict) -> Found:
    """Overrides must name clauses that exist, and cite only facts the plan provides."""
    known, numbers = facts(plan), annex_numbers(plan)
    for doc, entries in (plan.get("clauses") or {}).items():
        if CLAUSE_ANNEXES.get(doc, "plan") not in {*numbers, "plan"}:
            continue  # an annex the plan does not attach: one message (clauses_of_attached_annexes)
        _, groups, problems = adjust(doc, entries)
        for path, message in problems:
            yield ("clauses", doc) + path, message
        if not problems:
            yield from _unprinted_clauses(plan, doc, entries, groups)
        for n, entry in enumerate(entries):
            for key in ("text", "items", "risk", "control", "title"):
                for text in [entry[key]] if isinstance(entry.get(key), str) else entry.get(key) or []:
                    for name in unknown_facts(text, known):
                        yield ("clauses", doc, n, key), f"未知的事实名称 {{{name}}}；可用的有（括号中是本方案的值）：{_facts_shown(known)}"


def _unprinted_clauses(plan: dict, doc: str, entries: list, groups: list[list[dict]]) -> Found:
    """A clause written (or rewritten) for a kind of plan this is not — a 定级 scoring rule in a plan
    without 定级评价, a 技师 clause where no 二级 is assessed — would silently print nowhere: said, with
    the mark that keeps it out (which the entry may clear, as `methods: []`)."""
    clauses = {c["id"]: c for g in groups for c in g}
    for n, entry in enumerate(entries):
        clause = clauses.get(entry.get("id")) if isinstance(entry, dict) and not entry.get("drop") else None
        if clause is None or (why := absent_because(clause, plan)) is None:
            continue
        reason, mark = why
        hint = f"；确要写入的，在这一项中写 {mark}: [] 取消这一限制" if mark in CLAUSE_FIELDS else ""
        yield ("clauses", doc, n, "id"), (f"条款“{entry['id']}”{reason}，本方案的文件中没有这一条：这里写的内容不会出现"
                                          f"在任何文件中{hint}", "warning")


def _facts_shown(known: dict) -> str:
    """The facts a clause may cite, each with its value in this plan (its name alone says little in
    Chinese): examiner_term（3年）, long values cut short."""
    def short(value) -> str:
        text = str(value)
        return text if len(text) <= 12 else text[:12] + "…"
    return "、".join(f"{name}（{short(value)}）" for name, value in known.items())


def clauses_of_attached_annexes(plan: dict) -> Found:
    """Clauses for an annex the plan does not attach would be lost: the keys keep the seed's numbers, so
    annex2 is the 题库 annex even where the 附件2 printed is another. (The 题库 annex is the one clause
    document a plan may lack: it goes with 晋级评价; committee_duties and risks are the plan's own.)"""
    numbers = annex_numbers(plan)
    for doc, entries in (plan.get("clauses") or {}).items():
        annex = CLAUSE_ANNEXES.get(doc)
        if not entries or annex is None or annex in numbers:
            continue
        title, shown = library(doc)["title"], int(doc.removeprefix("annex"))
        meant = next((d for d, key in CLAUSE_ANNEXES.items() if numbers.get(key) == shown), None)
        yield ("clauses", doc), (
            f"{doc} 是《{title}》的条款；本方案只开展定级评价，不附这个附件，这些条款不会出现在任何文件中"
            + (f"。本方案的附件{shown}是《{library(meant)['title']}》，其条款写在 {meant} 下" if meant else ""))


def exam_subjects(plan: dict) -> Found:
    """Subjects are for 晋级评价 levels the occupation assesses; 综合评审 only from 二级 up (docs/architecture.md, "The cycle")."""
    for i, occ in enumerate(plan.get("occupations", [])):
        given = occ.get("subjects") or {}
        if given and occ.get("method") == GRADING:
            yield ("occupations", i, "subjects"), "定级评价以定级评价表评定，不设考核科目；请删除 subjects"
            continue
        for key, modes in given.items():
            if int(key) not in occ.get("levels", []):
                yield ("occupations", i, "subjects", key), f"{key}级不在该职业的认定等级中"
            elif REVIEW in (modes or {}) and int(key) > REVIEW_FROM:
                yield ("occupations", i, "subjects", key, REVIEW), f"综合评审只用于二级、一级，{key}级不设综合评审"


def group_units(plan: dict) -> Found:
    """Rule 3's other half: a filing in a group's name lists the units taking part (the seed's note);
    子公司 are legal persons of their own, taking part only in a group's filing."""
    given = plan.get("company", {}).get("group_filing")
    if given is True and not units_of(plan):
        yield ("company", "group_filing"), "以集团公司名义备案须在 branches 或 subsidiaries 中列出参与认定的分公司、子公司"
    if given is False and plan.get("subsidiaries"):
        yield ("company", "group_filing"), "子公司是独立法人，只能在以集团公司名义备案时参与认定：请改为 true 或删去 subsidiaries"
    if given is None and plan.get("subsidiaries") and "集团" not in plan.get("company", {}).get("name", ""):
        # the plan would say 以集团公司名义申请备案 of a company not named a group: the consultant says so
        yield ("subsidiaries",), ("子公司是独立法人，只能在以集团公司名义备案时参与认定；公司名称不含“集团”，"
                                  "以集团公司名义备案的请在 company 下写 group_filing: true，否则删去 subsidiaries")


def distinct_credit_codes(plan: dict) -> Found:
    """Every unit has its own 统一社会信用代码 (GB 32100: one code, one legal person or branch): a 分公司
    holding the head office's code, or two 子公司 one code, is a code copied in the wrong place."""
    places = [(("company", "credit_code"), "总部", plan.get("company", {}).get("name"))]
    for key, kind in (("branches", "分公司"), ("subsidiaries", "子公司")):
        places += [((key, i, "credit_code"), kind, unit.get("name")) for i, unit in enumerate(plan.get(key) or [])
                   if isinstance(unit, dict)]
    seen: dict[str, tuple[tuple, str, str | None]] = {}
    for path, kind, name in places:
        code = _at(plan, path)
        if not isinstance(code, str):  # missing, or failed its own check: said there
            continue
        if code in seen:
            first, other, other_name = seen[code]
            yield path, (f"与{other}{f'“{other_name}”' if other_name else ''}的统一社会信用代码（{dotted(first)}）相同："
                         "总部、每个分公司和子公司各有自己的代码")
        else:
            seen[code] = (path, kind, name)


def committee_once(plan: dict) -> Found:
    """Each person once on the committee: the director (or a deputy) listed among the members too is
    printed twice in 一、（三）. A warning: two people may share a name."""
    committee = plan.get("committee") or {}
    places = [(("committee", "director"), "主任", committee.get("director"))]
    for key, role in (("deputies", "副主任"), ("members", "成员")):
        places += [(("committee", key, i), role, person) for i, person in enumerate(committee.get(key) or [])]
    seen: dict[str, tuple[tuple, str]] = {}
    for path, role, person in places:
        name = person.get("name") if isinstance(person, dict) else None
        if not isinstance(name, str) or UNFILLED in name:  # a starter's 待填写姓名: said as unfilled, not twice
            continue
        if name in seen:
            first, first_role = seen[name]
            yield path + ("name",), (f"“{name}”已是委员会{first_role}（{dotted(first)}），又列为{role}：方案会把同一人列两次，"
                                     f"请从{role}中删去（如是同名的两个人，可不理会）", "warning")
        else:
            seen[name] = (path, role)


def _at(data: dict, path: tuple):
    """The value at a key path, or None."""
    for key in path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


RULES: list[Callable[[dict], Found]] = [
    grading_levels, unique_occupations, one_code_per_occupation, known_occupation_codes, conditions_follow_basis, sites_within_plan, appraisal_forms,
    question_bank_department, certificate_code, certificate_overlay, city_matches_registration, staff_counts,
    signing_after_census, placeholders, clause_overrides, clauses_of_attached_annexes, exam_subjects, group_units,
    distinct_credit_codes, committee_once, rater_titles,
]


def check_rules(plan: dict, source: Source, lenient: bool = False) -> list[Problem]:
    """Run every rule. When the schema already failed, a rule may meet malformed data: it is skipped
    then (the schema message names the cause); on schema-valid data a crash is a bug and propagates."""
    problems = []
    for rule in RULES:
        try:
            for found in rule(plan):
                path, message = found
                message, severity = message if isinstance(message, tuple) else (message, "error")
                problems.append(source.problem(path, message, severity))
        except (KeyError, TypeError, ValueError, AttributeError):
            if not lenient:
                raise
    return problems




# ---- recognition cycles (认定公告) ------------------------------------------------------------

def cycle_dates(plan: dict, cycle: dict) -> Found:
    """Registration closes before assessment starts; the notice gives the days the plan promises."""
    reg, assess, announced = cycle.get("registration", {}), cycle.get("assessment", {}), cycle.get("announce_date")
    if reg["start"] > reg["end"]:
        yield ("registration", "end"), "报名截止日期早于报名开始日期"
    if reg["end"] >= assess["start"]:
        yield ("registration", "end"), (
            f"报名须在认定开始前截止：报名截止 {reg['end']}，认定开始 {assess['start']}")
    if assess["start"] > assess["end"]:
        yield ("assessment", "end"), "认定结束日期早于认定开始日期"
    if announced > reg["start"]:
        yield ("announce_date",), f"公告须在报名开始（{reg['start']}）之前或当天发布"
    days = plan.get("quality", {}).get("disclosure_days", 5)
    between = workdays.working_days_between(announced, assess["start"])
    if between < days:
        yield ("announce_date",), (
            f"公告发布至认定开始只有{between}个工作日，方案承诺的公示期为不少于{days}个工作日")
    if cycle.get("result_date") and cycle["result_date"] < assess["end"]:
        yield ("result_date",), f"认定结果日期不能早于认定结束日期（{assess['end']}）"
    yield from _issue_date(plan, cycle)
    if assess["start"].year != cycle["year"]:
        yield ("year",), f"认定年度为{cycle['year']}年，但认定开始于{assess['start'].year}年"


def guessed_calendars(plan: dict, cycle_id: str | None = None) -> list[str]:
    """The console's word on the cycles (or the one) whose announcement-to-assessment working days were
    counted without a year's official holidays and 调休 (core/workdays.py): never a problem, never in a
    document."""
    notes = []
    for cycle in plan.get("cycles", []) if cycle_id is None else [c for c in plan["cycles"] if c["id"] == cycle_id]:
        years = workdays.unknown_years(cycle["announce_date"], cycle["assessment"]["start"])
        notes += workdays.unknown_note(years, f"{cycle['id']} 批次公告发布至认定开始的工作日")
    return notes


def _issue_date(plan: dict, cycle: dict) -> Found:
    """The 发证日期 comes after the 认定结果公示 (working days from the 认定日期) has ended."""
    if not cycle.get("issue_date"):
        return
    days = plan["quality"]["result_notice_days"]
    start, end = publicity(plan, cycle)
    if cycle["issue_date"] <= end:
        yield ("issue_date",), (f"发证日期须在认定结果公示期满之后：公示期为 {start} 至 {end}（{days}个工作日），"
                                f"发证日期最早为 {end + dt.timedelta(days=1)}")


def cycle_offerings(plan: dict, cycle: dict) -> Found:
    """Each offering's trade, levels and site are within the plan; its date inside the assessment window."""
    rows, unsure = _rows_by_trade(plan)
    assess = cycle["assessment"]
    for i, offer in enumerate(cycle.get("offerings", [])):
        trade, levels = offer["trade"], offer["levels"]
        if trade in unsure or (trade not in rows and "" in unsure):
            continue  # its occupation row has its own message
        if trade not in rows:
            yield ("offerings", i, "trade"), _unknown_trade(trade, plan)
            continue
        planned = {lv for o in rows[trade] for lv in o["levels"]}
        outside = [lv for lv in levels if lv not in planned]
        if outside:
            yield ("offerings", i, "levels"), (
                f"“{trade}”在方案中只认定{levels_text(list(planned))}，不含{levels_text(outside)}")
            continue
        owners = [o for o in rows[trade] if set(levels) & set(o["levels"])]
        if not owners:  # no level at all: the schema says so
            continue
        if len({o["method"] for o in owners}) > 1:  # rows of one method (per-level items) are one offering
            parts = "，".join(f"{levels_text([lv for lv in levels if lv in o['levels']])}为{o['method']}"
                             for o in owners)  # 3级为定级评价，2级、1级为晋级评价: the 、 is a list's own
            yield ("offerings", i, "levels"), f"“{trade}”的{parts}，一项认定只能采用一种认定方式，请分为{len(owners)}项"
            continue
        yield from _offering_site(plan, i, offer, owners[0]["method"])
        if owners[0]["method"] == GRADING:  # appraised with the form at work: no examination subjects
            for k, session in enumerate(offer.get("sessions") or []):
                if session.get("subject") not in (None, GRADING_SUBJECT):
                    yield ("offerings", i, "sessions", k, "subject"), (
                        f"“{trade}”{levels_text(levels)}为定级评价，不设考试科目：应为“{GRADING_SUBJECT}”或不写，"
                        f"实际为“{session['subject']}”")
        if not assess["start"] <= offer["date"] <= assess["end"]:
            yield ("offerings", i, "date"), (
                f"认定日期 {offer['date']} 不在本批认定时间 {assess['start']} 至 {assess['end']} 内")


def _offering_site(plan: dict, i: int, offer: dict, method: str) -> Found:
    """The offering's address is a site of the plan whose rows there for this method cover its levels
    together (a plan may list one site row per level group at one address)."""
    trade, levels = offer["trade"], offer["levels"]
    sites = [s for s in plan.get("exam_sites", []) if s["address"] == offer["address"]]
    # a site naming the trade's occupation instead has its message: it is not said again here
    names = {trade} | {o["name"] for o in plan["occupations"] if o.get("trade") == trade and o.get("name")}
    covered = {lv for s in sites if names & set(s["trades"]) and s["method"] == method for lv in s["levels"]}
    if not sites:
        yield ("offerings", i, "address"), "认定地点须为工作方案所列考场之一（地址须完全一致）"
    elif not set(levels) <= covered:
        missing = [lv for lv in levels if lv not in covered]
        yield ("offerings", i, "address"), f"方案中该考场不以{method}认定“{trade}”的{levels_text(missing)}"


def unique_offerings(plan: dict, cycle: dict) -> Found:
    """An offering is listed once: the same trade at a level, on the same date at the same place twice
    would be printed twice in the 公告's schedule (and its applicants seated twice)."""
    offerings = [o for o in cycle.get("offerings", []) if isinstance(o, dict)]
    for i, offer in enumerate(offerings):
        for k, other in enumerate(offerings[:i]):
            both = sorted(set(offer.get("levels") or []) & set(other.get("levels") or []), reverse=True)
            same = all(offer.get(key) is not None and offer.get(key) == other.get(key) for key in ("trade", "date", "address"))
            if same and both:
                yield ("offerings", i), (f"与 offerings[{k}] 重复：“{offer['trade']}”的{levels_text(both)}已在同一日期"
                                         f"（{offer['date']}）、同一地点列出；请删去一项，或合为一项")
                break


CYCLE_RULES: list[Callable[[dict, dict], Found]] = [cycle_dates, cycle_offerings, unique_offerings]


def check_cycle_rules(plan: dict, cycles: list[tuple[Source, tuple, dict]], lenient: bool = False) -> list[Problem]:
    """Rules per cycle, located in the file each cycle comes from; ids and batch numbers are unique."""
    problems = []
    seen_ids: dict[str, str] = {}
    seen_batches: dict[tuple, str] = {}
    for source, prefix, cycle in cycles:
        for rule in CYCLE_RULES:
            try:
                for path, message in rule(plan, cycle):
                    message, severity = message if isinstance(message, tuple) else (message, "error")
                    problems.append(source.problem(prefix + path, message, severity))
            except (KeyError, TypeError, ValueError, AttributeError):
                if not lenient:
                    raise
        cid, batch = cycle.get("id"), (cycle.get("year"), cycle.get("batch"))
        where = f"{source.file}:{source.where(prefix)[0]}"
        if isinstance(cid, str):  # anything else already has its own message from the schema
            if cid in seen_ids:
                problems.append(source.problem(prefix + ("id",), f"批次 id“{cid}”重复（{seen_ids[cid]} 已使用）"))
            seen_ids.setdefault(cid, where)
        if all(isinstance(n, int) for n in batch):
            if batch in seen_batches:
                problems.append(source.problem(
                    prefix + ("batch",), f"{batch[0]}年第{batch[1]}批已在 {seen_batches[batch]} 中定义，批次号须唯一"))
            seen_batches.setdefault(batch, where)
    return problems
