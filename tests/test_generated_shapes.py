"""Generated client shapes (tests/shapes.py), each built and read back: every claim the documents make
that depends on the plan is compared with the plan, one assertion a claim, its message naming it.

A failing shape is shrunk by hypothesis to a small plan, printed as YAML (the `note` below): paste it
into config/ or a unit test. Seeded (derandomize) and bounded: a few dozen shapes in `make test`,
hundreds in CI (SKILLPLAN_TESTS=all)."""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

import yaml
from helpers import EVERYTHING, docx_paragraphs, docx_text, ooxml_errors, tool
from hypothesis import HealthCheck, note, settings
from hypothesis import given as given_
from shapes import GRADING, PROMOTION, plans
from skillplan import api
from skillplan.core.codes import CITY_CODES, LEVEL_NAMES, LEVEL_SHORT, OWNERSHIP_CODES
from test_build import FORBIDDEN

SHAPES = 300 if EVERYTHING else 40
VALIDATE_EVERY = 6  # the OOXML validator takes a second a file: every sixth shape's filing

# The wording families, as docs/filing.md tables them: 门类 → family, and each family's words
FAMILY_OF = {"农、林、牧、渔业": "production", "采矿业": "production", "制造业": "production",
             "电力、热力、燃气及水生产和供应业": "utilities", "水利、环境和公共设施管理业": "utilities",
             "建筑业": "construction", "交通运输、仓储和邮政业": "logistics"}
BUSINESS = {"production": "等产品的生产制造", "construction": "等工程的施工", "utilities": "等的生产运营",
            "logistics": "等运输、仓储和物流服务", "services": "等服务", "neutral": "等业务"}
SECOND_RATER = {"production": "车间主管", "construction": "项目负责人"}
WORKSHOP_WORDS = ["工卡量具", "备料", "工件"]  # the clauses about a workshop's tools and materials
BY_CODE = (("6-28", "utilities"), ("6-29", "construction"), ("6-30", "logistics"), ("6-31", None),
           ("4-02", "logistics"), ("6-", "production"), ("4-", "services"))
built_so_far = [0]


def family(plan: dict) -> str:
    """The family the plan should be written in (docs/filing.md: given, or most of its occupations')."""
    sector = plan["company"].get("sector")
    if sector:
        return FAMILY_OF.get(sector, "services")
    counts: dict[str, int] = {}
    for o in plan["occupations"]:
        f = next((f for prefix, f in BY_CODE if o["code"].startswith(prefix)), None)
        if f:
            counts[f] = counts.get(f, 0) + 1
    ranked = sorted(counts.values(), reverse=True)
    return "neutral" if not ranked or (len(ranked) > 1 and ranked[0] == ranked[1]) else max(counts, key=counts.get)


def files_as_group(plan: dict) -> bool:
    """The seed's 以集团公司名义: company.group_filing, else named 集团, with units to list."""
    given = plan["company"].get("group_filing")
    if given is not None:
        return given == "true"
    units = plan.get("branches") or plan.get("subsidiaries")
    return bool(units) and "集团" in plan["company"]["name"]


def levels_of(plan: dict, method: str | None = None) -> set[int]:
    return {int(lv) for o in plan["occupations"] if method in (None, o["method"]) for lv in o["levels"]}


# the titles by themselves: 高级工 is not 初级工's 级工, 高级技师 is not 技师 (hence the look-behind below)
TITLES = {5: "初级工", 4: "中级工", 3: "高级工", 2: "技师", 1: "高级技师"}


def level_words(levels: set[int]) -> str:
    return "、".join(LEVEL_NAMES[lv] for lv in sorted(levels, reverse=True))


@settings(max_examples=SHAPES, deadline=None, derandomize=True, database=None, print_blob=False,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given_(plans())
def test_every_generated_shape_checks_builds_and_says_only_what_is_true_of_it(plan):
    note("plan.yaml of this shape:\n" + yaml.safe_dump(plan, allow_unicode=True, sort_keys=False))
    with tempfile.TemporaryDirectory() as temp:
        client = Path(temp) / "shape"
        client.mkdir()
        (client / "plan.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
        [result] = api.build([client], Path(temp) / "out", jobs=1)
        assert result.ok and not result.problems, "check: " + "; ".join(map(str, result.problems)) + result.failure
        folder = Path(temp) / "out" / "shape"
        [filing_path] = folder.glob("*工作方案.docx")
        filing = docx_text(filing_path)
        notices = "\n".join(docx_text(p) for p in sorted((folder / "公告").glob("*.docx")))
        claims_hold(plan, filing, notices, folder)
        built_so_far[0] += 1
        if tool("ooxml-validator") and built_so_far[0] % VALIDATE_EVERY == 1:
            assert ooxml_errors(filing_path) == [], "the OOXML validator refuses the filing"


def claims_hold(plan: dict, filing: str, notices: str, folder: Path) -> None:
    """Every claim, one assertion each."""
    everything = filing + "\n" + notices
    claim_levels(plan, filing)
    claim_methods(plan, everything)
    claim_group(plan, filing)
    claim_lists_name_each_occupation_once(filing)
    claim_annexes(filing, folder)
    claim_certificate_code(plan, filing)
    claim_sector(plan, filing)
    claim_raters(plan, filing)
    claim_grading_forms(plan, folder)
    claim_sites(plan, filing)
    for cycle in plan["cycles"]:
        claim_announcement(plan, cycle, folder)
    assert "鉴定指导中心" not in everything, "the provincial centre under its old name"
    assert all(everything[m.start() - 3:m.start()] == "广东省" for m in re.finditer("职业技能服务指导中心", everything)), \
        "the provincial centre not under its one name, 广东省职业技能服务指导中心"
    assert "居民身份证" not in everything, "applicants asked for a 居民身份证 (not 有效身份证件)"
    prose = re.sub(r"[0-9A-HJ-NPQRTUWXY]{18}", "", everything)  # a credit code may hold XX: the client's, no blank
    assert [f for f in [*FORBIDDEN, "待填写"] if f in prose] == [], "a placeholder or guidance note"


def claim_levels(plan: dict, filing: str) -> None:
    grading, promotion = levels_of(plan, GRADING), levels_of(plan, PROMOTION)
    modes = next(line for line in filing.splitlines() if line.startswith("本企业") and "的方式，开展职业技能等级认定工作" in line)
    if grading:
        assert f"定级评价（{level_words(grading)}）" in modes, f"认定方式 names 定级 levels other than {sorted(grading)}"
    if promotion:
        assert f"晋级评价（{level_words(promotion)}）" in modes, f"认定方式 names 晋级 levels other than {sorted(promotion)}"
    if not promotion & {1, 2}:
        assert "技师、高级技师综合评审" not in filing, "a 综合评审 clause in a plan without 二级 or 一级"
    for line in filing.splitlines():  # the examiners' categories and the certificate's award name the plan's levels
        if "认定评审工作" in line or "可获得相应等级的证书" in line:
            named = {lv for lv, title in TITLES.items() if re.search(f"(?<!高级){title}", line)}
            assert named <= levels_of(plan), f"“{line[:40]}…” names levels {sorted(named - levels_of(plan))} not assessed"
    example = re.search(r"第16位“(\d)”", filing)
    assert example and int(example.group(1)) in levels_of(plan), "the coding example's level is not one the plan issues"


def claim_methods(plan: dict, text: str) -> None:
    if not levels_of(plan, PROMOTION):
        found = [w for w in ("晋级", "题库", "试卷", "理论知识") if w in text]
        assert not found, f"晋级 wording {found} in a plan without 晋级评价"
    if not levels_of(plan, GRADING):
        assert "定级评价" not in text, "定级 wording in a plan without 定级评价"
        assert "参评人员" not in text, "参评人员 (those rated under 定级评价) in a plan without 定级评价"
    if not levels_of(plan, PROMOTION):
        assert "考生" not in text, "考生 (those sitting exams) in a plan without 晋级评价"


def claim_group(plan: dict, filing: str) -> None:
    group = files_as_group(plan)
    assert ("以集团公司名义" in filing) == group, f"group wording {'missing' if group else 'in a plan not filed as a group'}"
    if plan.get("branches") and not group:
        assert "本企业（含下属分公司）在岗职工" in filing, "a company's branches not said to take part"


def claim_lists_name_each_occupation_once(filing: str) -> None:
    for line in filing.splitlines():
        for listed in re.findall(r"职业（工种）为：([^，。]+)", line) + re.findall(r"^([^。，]+)的申报条件，严格按照", line):
            names = listed.split("、")
            assert len(names) == len(set(names)), f"an occupation named twice in one list: {listed}"


def claim_annexes(filing: str, folder: Path) -> None:
    block = filing[filing.rindex("附件："):].split("\n\n")[0] if "附件：" in filing else ""
    # a long title runs onto a line of its own (…实施方案 / （企业2021版）): it goes on the title above
    listed = re.findall(r"(\d+)\.\t([^\n]+(?:\n(?!\d+\.\t)[^\n]+)*)", block.removeprefix("附件："))
    listed = [(n, t.replace("\n", "")) for n, t in listed]
    numbers = [int(n) for n, _ in listed]
    assert numbers == list(range(1, len(numbers) + 1)), f"附件 numbered {numbers}"
    titles = {int(n): t.strip() for n, t in listed}
    files = {int(p.name.split("-")[0][2:]) for p in (folder / "附件").glob("附件*.docx")}
    assert files == set(titles), f"annex files {sorted(files)} against the list {sorted(titles)}"
    for n, title in re.findall(r"附件(\d+)《([^》]+)》", filing):
        assert int(n) in titles and titles[int(n)] == title, f"见附件{n}《{title}》 names no annex of that title"


def claim_certificate_code(plan: dict, filing: str) -> None:
    cert, company = plan["certificate"], plan["company"]
    prefix = ("Y" + cert.get("org_code", "0000") + "44" + CITY_CODES[company["city"]] + OWNERSHIP_CODES[company["ownership"]]
              + cert["site_serial"])
    assert f"证书编号前13位为{prefix}" in filing, f"the prefix is not {prefix}"
    assert re.search(rf"{prefix[0]} {prefix[1:5]} 44 {prefix[7:13]} \d\d \d 000001", filing), "the coding example"


def claim_sector(plan: dict, filing: str) -> None:
    own = family(plan)
    business = BUSINESS[own]
    assert f"{'、'.join(plan['company']['products'])}{business}，" in filing, f"the business sentence is not {own}'s"
    others = [w for f, w in BUSINESS.items() if f != own and w != "等服务" and f"{plan['company']['products'][-1]}{w}" in filing]
    assert not others, f"another family's business words {others}"
    if own not in ("production", "construction", "utilities"):
        found = [w for w in [*WORKSHOP_WORDS, "车间", "产品的生产制造", "文明生产"] if w in filing]
        if (plan.get("appraisal", {}).get("rater_titles") or {}).get("车间主管", "").startswith("车间"):
            found = [w for w in found if w != "车间"]
        assert not found, f"a workshop's words {found} in a {own} plan"


DEFAULT_WEIGHTS = {"ethics_weights": {"班组长": 30, "车间主管": 30, "主管部门": 20, "人力资源部门": 20},
                   "core_weights": {"班组长": 30, "车间主管": 30, "主管部门": 20, "人力资源部门": 20},
                   "ability_weights": {"班组长": 40, "车间主管": 30, "主管部门": 30}}


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else "、".join(words[:-1]) + "和" + words[-1]


RATER_KEYS = ("班组长", "车间主管", "主管部门", "人力资源部门")


def titles_of(plan: dict) -> dict[str, str]:
    """Each rater as the plan's documents print it: its rater_titles, else the sector family's title for the
    second (车间主管, 项目负责人, elsewhere 部门经理) and the key for the others."""
    given = plan.get("appraisal", {}).get("rater_titles") or {}
    return {r: given.get(r) or (SECOND_RATER.get(family(plan), "部门经理") if r == "车间主管" else r) for r in RATER_KEYS}


def weighing_in(o: dict) -> tuple[str, ...]:
    """The raters with a weight above 0 in some section of a 定级 row's form (its own weights, else the plan's)."""
    weights = {**DEFAULT_WEIGHTS, **{k: {r: int(w) for r, w in v.items()}
                                     for k, v in (o.get("appraisal_weights") or {}).items()}}
    return tuple(r for r in RATER_KEYS if any(weights[k].get(r, 0) > 0 for k in weights))


def claim_raters(plan: dict, filing: str) -> None:
    """The 认定方式 says who rates each 定级 occupation: the raters its weights give a say, as printed."""
    titles = titles_of(plan)
    groups: dict[tuple, list[str]] = {}
    for o in plan["occupations"]:
        if o["method"] == GRADING:
            name = f"{o['name']}（{o['trade']}）" if o.get("trade") else o["name"]
            groups.setdefault(weighing_in(o), []).append(name)
    if not groups:
        return
    said = [_and([titles[r] for r in who]) for who in groups]
    if len(groups) == 1:
        assert f"定级评价由{said[0]}按评价表的内容和权重分别评分" in filing, f"the raters are not {said[0]}"
    else:
        for names, raters in zip(groups.values(), said):
            assert f"{'、'.join(dict.fromkeys(names))}由{raters}评分" in filing, f"{names} are not said rated by {raters}"


def claim_grading_forms(plan: dict, folder: Path) -> None:
    """附件1: one blank form per 定级 row, naming its levels."""
    rows = [o for o in plan["occupations"] if o["method"] == GRADING]
    annex = [p for p in (folder / "附件").glob("附件1-*.docx") if "定级评价表" in p.name]
    if not rows:
        assert not annex, "a 定级评价表 in a plan without 定级评价"
        return
    text = docx_text(annex[0])
    assert text.count("一、定级评价人员基本信息表") == len(rows), f"{len(rows)} 定级 rows, not as many forms"
    titles, forms = titles_of(plan), []
    for line in docx_paragraphs(annex[0]):
        if line.startswith("评价内容 | 评价标准 | 配分 | "):
            forms.append(([c.replace("\n", "") for c in line.split(" | ")[3:-1]], []))
        elif forms and line.endswith("签字 | ") and not line.startswith("考评员"):
            forms[-1][1].append(line.removesuffix(" | ").replace("\n", ""))
    for o, (columns, signers) in zip(rows, forms):
        who = [titles[r] for r in weighing_in(o)]
        # rule 1: the form shows exactly the raters with a weight above 0, in 表2 and 表3 alike
        assert columns == who, f"{o['name']}'s form shows the raters {columns}, not those who weigh in: {who}"
        # rule 2: each by the plan's one title, its signature too (a body signs through its head)
        assert signers == [f"{t}{'负责人' if t.endswith(('部门', '部')) else ''}签字" for t in who], \
            f"{o['name']}'s form is signed by {signers}, not by {who}"


def levels_read(text: str) -> set[int]:
    """五级至三级 → {5, 4, 3}; 五级、三级 → {5, 3}: the levels a cell names."""
    number = {v: k for k, v in LEVEL_SHORT.items()}
    if "至" in text:
        high, low = (number[w] for w in text.split("至"))
        return set(range(low, high + 1))
    return {number[w] for w in text.split("、")}


def claim_sites(plan: dict, filing: str) -> None:
    """四、（一）'s table: every trade of a row is printed with levels it is assessed at by the row's
    method (its own, written after it, or else the row's)."""
    block = filing.split("序号 | 考场地址 | 工种名称 | 认定级别 | 认定方式\n", 1)[1].split("\n（二）", 1)[0]
    rows = re.split(r"\n(?=\d+ \| )", block.strip())
    assert len(rows) == len(plan["exam_sites"]), "the site table has not a row a site"
    for site, row in zip(plan["exam_sites"], rows):
        _, _, trades, levels, method = row.split(" | ")
        trades = trades.replace("\n", "")  # a narrow cell's lines (core/terms.list_lines)
        assert method == site["method"] and levels_read(levels) == {int(lv) for lv in site["levels"]}, f"site row {row}"
        for trade, own in re.findall(r"([^、（]+)(?:（([^）]*)）)?", trades):
            has = {int(lv) for r in plan["occupations"] if (r.get("trade") or r["name"]) == trade
                   and r["method"] == method for lv in r["levels"]}
            assert levels_read(own or levels) <= has, f"“{trade}” printed at {own or levels} in a site row: it has {sorted(has)}"


def claim_announcement(plan: dict, cycle: dict, folder: Path) -> None:
    """A cycle's announcement speaks of what the cycle offers: its methods only, each occupation once
    a method, levels the plan assesses for it."""
    [path] = (folder / "公告").glob(f"{cycle['year']}年第{cycle['batch']}批*.docx")
    text = docx_text(path)
    offered = {(o["trade"], method) for o in cycle["offerings"] for method in
               {r["method"] for r in plan["occupations"] if (r.get("trade") or r["name"]) == o["trade"]
                and set(r["levels"]) & set(o["levels"])}}
    methods = {m for _, m in offered}
    if PROMOTION not in methods:
        found = [w for w in ("晋级", "题库", "试卷", "理论知识") if w in text]
        assert not found, f"晋级 wording {found} in an announcement offering no 晋级评价"
    if GRADING not in methods:
        assert "定级评价" not in text, "定级 wording in an announcement offering no 定级评价"
    table = [line for line in text.splitlines() if re.match(r"\d+ \| \d-\d\d-\d\d-\d\d \|", line)]
    keys = [tuple(c.strip() for c in line.split("|")[2:]) for line in table]
    assert len(keys) == len(set(keys)), f"an occupation listed twice in the announcement's table: {table}"
