"""The raters of the 定级评价表 (附件1) and the blank form's facts: a form names exactly the raters who weigh in
on its occupation, each by the plan's one title for it, in 表2's columns, 表3's signatures and the sentences
alike; a blank form fills in only what is true of everyone who will use it."""
from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml
from helpers import ROOT, config_variant, docx_paragraphs, docx_text
from skillplan import api

CONFIG = ROOT / "config"
KEYS = ("班组长", "车间主管", "主管部门", "人力资源部门")
SECTIONS = ("ethics_weights", "core_weights", "ability_weights")
FAMILY_TITLES = {"制造业": "车间主管", "建筑业": "项目负责人"}  # docs/filing.md; every other sector: 部门经理


def _client(tmp_path: Path, base: str, change) -> Path:
    """A copy of a config client changed by change(plan data), its sector written out (the example's is
    inferred from its 大典 codes: 制造业)."""
    def with_sector(data: dict) -> None:
        data["company"].setdefault("sector", "制造业")
        change(data)
    return config_variant(tmp_path, base, with_sector)


def _built(tmp_path: Path, client: Path) -> tuple[dict, Path]:
    [result] = api.build([client], tmp_path / "out", jobs=1)
    assert result.ok and not result.problems, [str(p) for p in result.problems] + [result.failure]
    data = yaml.safe_load((client / "plan.yaml").read_text(encoding="utf-8"))
    return data, tmp_path / "out" / client.name


def _forms(folder: Path) -> list[dict]:
    """Each form of 附件1 as printed: its occupation, 表2's rater columns and weight rows, 表3's rows to sign."""
    [annex] = (folder / "附件").glob("附件1-*.docx")
    forms = []
    for line in docx_paragraphs(annex):
        if line.startswith("职业（工种）："):
            forms.append({"occupation": line.split(" | ")[0].removeprefix("职业（工种）："), "columns": [],
                          "weights": [], "signers": []})
        elif line.startswith("评价内容 | 评价标准 | 配分 | "):
            forms[-1]["columns"] = [c.replace("\n", "") for c in line.split(" | ")[3:-1]]
        elif " | 权重 | 100% | " in line:
            forms[-1]["weights"].append(line.split(" | ")[3:-1])
        elif forms and line.endswith("签字 | ") and not line.startswith("考评员"):
            forms[-1]["signers"].append(line.removesuffix(" | ").replace("\n", ""))
    return forms


def _titles(data: dict) -> dict[str, str]:
    """The title each rater is printed by: the plan's rater_titles, else the sector's (docs/filing.md)."""
    given = (data.get("appraisal") or {}).get("rater_titles") or {}
    second = FAMILY_TITLES.get(data["company"].get("sector"), "部门经理")
    return {key: given.get(key) or (second if key == "车间主管" else key) for key in KEYS}


def _weighing_in(data: dict, occupation: dict) -> list[str]:
    """The raters with a weight above 0 in some section of the occupation's form (its own weights, else the plan's)."""
    weights = {**{s: (data.get("appraisal") or {}).get(s) for s in SECTIONS}, **(occupation.get("appraisal_weights") or {})}
    defaults = {"ethics_weights": {"班组长": 30, "车间主管": 30, "主管部门": 20, "人力资源部门": 20},
                "core_weights": {"班组长": 30, "车间主管": 30, "主管部门": 20, "人力资源部门": 20},
                "ability_weights": {"班组长": 40, "车间主管": 30, "主管部门": 30}}
    given = [weights[s] if weights[s] is not None else defaults[s] for s in SECTIONS]
    return [k for k in KEYS if any(int(w.get(k, 0)) > 0 for w in given)]


def _signature(title: str) -> str:
    body = title.endswith(("部门", "部", "处", "科", "室", "中心", "车间", "班组", "组", "站", "所", "队", "办", "委员会"))
    return f"{title}{'负责人' if body else ''}签字"


def _forms_hold_the_rule(data: dict, folder: Path) -> None:
    titles = _titles(data)
    rows = [o for o in data["occupations"] if o["method"] == "定级评价"]
    forms = _forms(folder)
    assert [f["occupation"] for f in forms] == [o["name"] for o in rows]
    for occupation, form in zip(rows, forms):
        who = _weighing_in(data, occupation)
        assert form["columns"] == [titles[k] for k in who], occupation["name"]
        assert form["signers"] == [_signature(titles[k]) for k in who], occupation["name"]
        # a column's weight in each section: a percentage above 0, or — where the rater has no say there
        assert all(re.fullmatch(r"[1-9]\d*%|—", w) for row in form["weights"] for w in row), form["weights"]


def _no_hr_for_the_first(data: dict) -> None:
    """电工 weighed by 班组长, 车间主管 and 主管部门 only (as gd-jianwu's 砌筑工), with no 主管部门 in its 职业能力;
    车工's 职业能力 gives 主管部门 a weight of 0 (as mut/w-zero)."""
    first, second = data["occupations"][0], data["occupations"][1]
    first["appraisal_weights"] = {"ethics_weights": {"班组长": 50, "车间主管": 30, "主管部门": 20},
                                  "core_weights": {"班组长": 50, "车间主管": 30, "主管部门": 20},
                                  "ability_weights": {"班组长": 60, "车间主管": 40}}
    second["appraisal_weights"] = {"ability_weights": {"班组长": 60, "车间主管": 40, "主管部门": 0}}


def test_a_form_names_exactly_the_raters_who_weigh_in_on_its_occupation(tmp_path):
    """Rule 1: 表2's columns and 表3's signatures are the raters with a weight above 0 on that form; a weight
    of 0 is no say (no 0% column, no signature); the sentences say the same raters."""
    data, folder = _built(tmp_path, _client(tmp_path, "example", _no_hr_for_the_first))
    _forms_hold_the_rule(data, folder)
    forms = _forms(folder)
    assert forms[0]["columns"] == ["班组长", "车间主管", "主管部门"] and "人力资源部门负责人签字" not in forms[0]["signers"]
    assert forms[1]["weights"][-1] == ["60%", "40%", "—", "—"]  # 职业能力: 主管部门 at 0 has no say, as 人力资源部门
    [filing] = folder.glob("*工作方案.docx")
    assert "电工由班组长、车间主管和主管部门评分；车工由班组长、车间主管、主管部门和人力资源部门评分" in docx_text(filing)


def test_a_plan_without_a_raters_weight_never_prints_that_rater(tmp_path):
    """mut/nohr: no 人力资源部门 weight anywhere: no column, no signature, no word of it in the forms."""
    def no_hr(d):
        d["appraisal"].update(ethics_weights={"班组长": 40, "车间主管": 40, "主管部门": 20},
                              core_weights={"班组长": 40, "车间主管": 40, "主管部门": 20})
    data, folder = _built(tmp_path, _client(tmp_path, "example", no_hr))
    _forms_hold_the_rule(data, folder)
    [annex] = (folder / "附件").glob("附件1-*.docx")
    assert "人力资源部门" not in docx_text(annex)


@pytest.mark.parametrize("base, titles", [
    ("example", {"车间主管": "值长", "主管部门": "生产技术部"}),  # fs-water
    ("example", {"人力资源部门": "人力资源部", "班组长": "班长"}),  # mut/rater-title-hr
    ("service-province", {}),  # the sector's title for the second rater
    ("construction-group", {}),
])
def test_every_place_names_a_rater_by_the_plans_one_title(tmp_path, base, titles):
    """Rule 2: the title a plan gives a rater (or its sector's) is the one 表2's head, 表3's signature and the
    work plan's sentence print; the rater's key is printed nowhere once it has another title."""
    def titled(d):
        if titles:
            d["appraisal"]["rater_titles"] = titles
    data, folder = _built(tmp_path, _client(tmp_path, base, titled))
    _forms_hold_the_rule(data, folder)
    [annex] = (folder / "附件").glob("附件1-*.docx")
    [filing] = folder.glob("*工作方案.docx")
    printed = _titles(data)
    renamed = [k for k, t in printed.items() if t != k]
    for text in (docx_text(annex).replace("\n", ""), docx_text(filing).replace("\n", "")):
        assert [k for k in renamed if k in text.replace(printed[k], "")] == []


def test_the_blank_form_names_the_employer_only_when_everyone_works_for_the_company(tmp_path):
    """Rule 6: 工作单位 is printed on a blank form only when every applicant works for the company itself (a
    分公司 is part of it); with 子公司 (legal persons of their own) it is left to fill in."""
    for base in ("example", "group-branches", "group-subsidiaries", "construction-group"):
        data, folder = _built(tmp_path / base, _client(tmp_path / base, base, lambda d: None))
        [annex] = (folder / "附件").glob("附件1-*.docx")
        employers = [line.split(" | ")[1] for line in docx_paragraphs(annex) if line.startswith("工作单位 | ")]
        expected = "" if data.get("subsidiaries") else data["company"]["name"]
        assert employers and {e.replace("\n", "") for e in employers} == {expected}, base


def test_the_blank_form_leaves_the_level_applied_for_to_fill_in(tmp_path):
    """Rule 6: one person applies for one level: 申报等级 is blank where a form serves several, that level where
    it serves one; 表2 still names every level the form serves."""
    def one_level(d):
        d["occupations"][1]["levels"] = [4]
        d["exam_sites"].append({**copy.deepcopy(d["exam_sites"][0]), "trades": ["车工"], "levels": [4]})
        d["exam_sites"][0]["trades"] = ["电工"]
        d["cycles"] = []
    data, folder = _built(tmp_path, _client(tmp_path, "example", one_level))
    [annex] = (folder / "附件").glob("附件1-*.docx")
    lines = docx_paragraphs(annex)
    applied = [line.split(" | ")[3] for line in lines if line.startswith("申报职业\n（工种） | ")]
    levels = [line.split(" | ")[1] for line in lines if line.startswith("职业（工种）：")]
    assert applied == ["", "四级/中级工"] and levels == ["技能等级：五级至三级", "技能等级：四级/中级工"]


# ---- rule 3: a rater's title is its own ------------------------------------------------------------

def _with_titles(tmp_path: Path, base: str, titles: str) -> tuple[Path, int]:
    """A copy of a config client whose appraisal gets `rater_titles: titles`; its plan.yaml and that line."""
    folder = tmp_path / base
    folder.mkdir(parents=True)
    lines = (CONFIG / base / "plan.yaml").read_text(encoding="utf-8").splitlines()
    if not any(line.startswith("appraisal:") for line in lines):
        lines.append("appraisal:")
    at = lines.index(next(line for line in lines if line.startswith("appraisal:"))) + 1
    lines.insert(at, f"  rater_titles: {titles}")
    (folder / "plan.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder / "plan.yaml", at + 1


@pytest.mark.parametrize("base, titles, key, message", [
    ("example", "{车间主管: 班组长}", "车间主管", "实际为“班组长”，与评价主体“班组长”重名"),  # mut/rater-dup-title
    ("example", "{车间主管: 值长, 主管部门: 值长}", "主管部门", "实际为“值长”，与评价主体“车间主管”（表上印作“值长”）重名"),
    ("service-province", "{主管部门: 部门经理}", "主管部门", "实际为“部门经理”，与评价主体“车间主管”（表上印作“部门经理”）重名"),
    ("example", "{班组长: 班长, 车间主管: 班组长}", "车间主管", "实际为“班组长”，与评价主体“班组长”（表上印作“班长”）重名"),
])
def test_check_refuses_a_title_another_rater_already_has(tmp_path, base, titles, key, message):
    """A title that is another rater's (its key or its printed title) would print two columns and two
    signatures of one name: check says where, what was expected and with whom it clashes, and exits 1."""
    from helpers import run_cli

    plan, line = _with_titles(tmp_path, base, titles)
    done = run_cli("check", plan.parent)
    assert done.returncode == 1
    found = [row for row in done.stderr.splitlines() if "rater_titles" in row]
    assert len(found) == 1 and found[0].startswith(f"{plan}:{line}:"), done.stderr
    assert f"  appraisal.rater_titles.{key}  应为与其他评价主体不同的称谓，{message}" in found[0]


def test_a_plans_own_distinct_titles_pass(tmp_path):
    plan, _ = _with_titles(tmp_path, "example", "{班组长: 班长, 车间主管: 值长, 主管部门: 生产技术部, 人力资源部门: 人力资源部}")
    [result] = api.check([plan.parent])
    assert result.ok and result.problems == []


@pytest.mark.parametrize("sector", ["制造业", "建筑业", "电力、热力、燃气及水生产和供应业", "交通运输、仓储和邮政业",
                                    "住宿和餐饮业", "服务业", None])
def test_no_sector_prints_two_raters_that_read_alike(sector):
    """The four default titles of every sector differ, and no two are made of the same characters (部门主管
    beside 主管部门 read as one rater twice)."""
    from skillplan.plan.facts import rater_labels

    plan = {"company": {"sector": sector} if sector else {}, "occupations": []}
    labels = rater_labels(plan)
    assert len({"".join(sorted(label)) for label in labels}) == 4, labels


def test_long_titles_take_more_lines_and_leave_the_standards_their_width(tmp_path):
    """Titles of up to 12 characters (the schema's limit) break between their words in more lines, so 表2
    stays 156 mm wide and 评价标准 keeps ten characters a line."""
    from skillplan.plan.appraisal import grading_form

    titles = "{班组长: 生产班组质量负责人, 车间主管: 生产运行技术管理中心, 主管部门: 安全质量环保管理部门, 人力资源部门: 人力资源管理部}"
    plan_path, _ = _with_titles(tmp_path, "example", titles)
    _, plan = api.checked(plan_path, strict=False)
    form = grading_form(plan, plan["occupations"][0], [5, 4, 3])
    widths = form["widths"]
    assert widths["content"] + widths["standard"] + widths["levels"] == 8844  # 技能等级 spans 配分 too
    assert widths["levels"] == widths["points"] + sum(c["width"] for c in form["raters"]) + widths["weighted"]
    assert widths["occupation"] == widths["content"] + widths["standard"]
    assert widths["standard"] >= 2400
    for column in form["raters"]:  # each line of a title fits its column, in the head row's 五号
        assert all(len(line) * 210 + 170 <= column["width"] for line in column["label"].split("\n")), column
    assert [c["label"].replace("\n", "") for c in form["raters"]] == [
        "生产班组质量负责人", "生产运行技术管理中心", "安全质量环保管理部门", "人力资源管理部"]
