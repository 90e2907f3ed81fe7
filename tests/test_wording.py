"""Every sentence true for the client: the plan's facts decide the wording (issue: three clients written
from the README alone — a 珠海 hotel with one 分公司, a 汕头 toy maker assessing one occupation at 四级
only, a 省本级 construction and logistics group — were told things untrue of them). One test a point."""
from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
from helpers import ROOT, config_variant, docx_text
from skillplan import api

CONFIG = ROOT / "config"


def _filing(tmp_path: Path, client: Path) -> tuple[str, Path]:
    [result] = api.build([client], tmp_path / "out", jobs=1)
    assert result.ok, [str(p) for p in result.problems] + [result.failure]
    folder = tmp_path / "out" / client.name
    [filing] = folder.glob("*工作方案.docx")
    return docx_text(filing), folder


def _all_text(folder: Path) -> str:
    return "\n".join(docx_text(p) for p in sorted(folder.rglob("*.docx")))


def test_1_the_provincial_centre_has_its_one_current_name(tmp_path):
    text, folder = _filing(tmp_path, CONFIG / "service-province")
    everything = _all_text(folder)
    assert "广东省职业技能鉴定指导中心" not in everything and "省职业技能服务指导中心" in everything
    assert "报广东省职业技能服务指导中心，本企业依据经广东省职业技能服务指导中心审核通过的证书数据" in everything
    city, _ = _filing(tmp_path / "city", CONFIG / "example")
    assert "报所属职业技能鉴定中心（考试办、考试院），本企业依据经广东省职业技能服务指导中心审核通过" in city


def test_2_a_company_with_a_branch_is_no_group_unless_it_files_as_one(tmp_path):
    text, _ = _filing(tmp_path, CONFIG / "example")  # one 分公司, no 集团 in its name
    assert "集团" not in text
    assert "本企业开展职业技能等级认定的对象是：本企业（含下属分公司）在岗职工" in text
    assert "参与认定的分公司如下：" in text
    as_group = config_variant(tmp_path, "example", lambda d: d["company"].update(group_filing="true"))
    text, _ = _filing(tmp_path / "g", as_group)
    assert "本企业以集团公司名义申请备案，下属分公司员工一并参与本企业的职业技能等级认定工作。" in text
    assert "（含下属分公司）" not in text
    group, _ = _filing(tmp_path / "n", CONFIG / "group-subsidiaries")  # named 集团, with 子公司: a group by default
    assert "本企业以集团公司名义申请备案" in group


def test_2_a_company_not_named_a_group_listing_subsidiaries_says_whether_it_files_as_one(tmp_path):
    def holding(d):  # 子公司 under a parent not called 集团
        d["company"]["name"] = d["company"]["name"].replace("集团", "控股")
    unsaid = config_variant(tmp_path, "group-subsidiaries", holding)
    [result] = api.check([unsaid])
    [problem] = [p for p in result.problems if "group_filing: true" in p.message]
    assert problem.path == "subsidiaries" and problem.line and "名称不含“集团”" in problem.message
    said = config_variant(tmp_path / "s", "group-subsidiaries", lambda d: (holding(d), d["company"].update(group_filing="true")))
    text, _ = _filing(tmp_path / "s", said)
    assert "本企业以集团公司名义申请备案" in text


def test_2_group_filing_without_units_or_subsidiaries_without_a_group_is_refused(tmp_path):
    alone = config_variant(tmp_path, "grading-only", lambda d: d["company"].update(group_filing="true"))
    [result] = api.check([alone])
    assert any("以集团公司名义备案须在 branches 或 subsidiaries 中列出" in p.message for p in result.problems)
    split = config_variant(tmp_path / "s", "group-subsidiaries", lambda d: d["company"].update(group_filing="false"))
    [result] = api.check([split])
    assert any("子公司是独立法人" in p.message for p in result.problems)


@pytest.mark.parametrize("sector, business, rater, absent", [
    ("建筑业", "等工程的施工", "项目负责人", ["产品的生产制造", "车间", "文明生产"]),
    ("交通运输、仓储和邮政业", "等运输、仓储和物流服务", "部门经理", ["产品的生产制造", "车间", "工卡量具", "文明生产"]),
    ("住宿和餐饮业", "等服务", "部门经理", ["产品的生产制造", "车间", "工卡量具", "文明生产"]),
    ("制造业", "等产品的生产制造", "车间主管", []),
])
def test_3_the_sector_decides_the_business_sentence_the_raters_and_the_criteria(tmp_path, sector, business, rater,
                                                                                  absent):
    client = config_variant(tmp_path, "example", lambda d: d["company"].update(sector=sector))
    text, folder = _filing(tmp_path, client)
    assert f"公司主要从事数控机床主轴部件、精密减速器、工业机器人关节模组{business}，" in text
    assert f"| 班组长 | {rater} | 主管部门 | 人力资源部门 |" in text.replace("\n", "")  # a title may take two lines
    everything = _all_text(folder)  # (the example's own 车工 items speak of 工件: the client's words)
    assert [w for w in absent if w in everything] == []


def test_3_a_construction_occupation_is_not_manufacturing_and_an_unclear_plan_gets_neutral_words(tmp_path):
    def builders(d):
        del d["company"]["sector"]
        for o in d["occupations"]:
            o["code"] = {"砌筑工": "6-29-01-01", "混凝土工": "6-29-01-03", "钢筋工": "6-29-01-04"}.get(o["name"], o["code"])
    text, _ = _filing(tmp_path, config_variant(tmp_path, "construction-group", builders))
    assert "等工程的施工" in text and "产品的生产制造" not in text  # 6-29 is 建筑施工, though in 大类6
    unclear = config_variant(tmp_path / "u", "exam-only", lambda d: d["company"].pop("sector"))
    text, _ = _filing(tmp_path / "u", unclear)  # 面点师 (services), 仓储 (logistics), 检验员 (any): no majority
    assert "中式糕点等业务，" in text and "生产经营实际" in text


def test_3_a_plan_may_name_its_raters_titles(tmp_path):
    client = config_variant(tmp_path, "example", lambda d: d["appraisal"].update(rater_titles={"车间主管": "工段长"}))
    text, _ = _filing(tmp_path, client)
    assert "| 班组长 | 工段长 | 主管部门 | 人力资源部门 |" in text.replace("\n", "") and "车间主管" not in text


def test_4_applicants_are_asked_for_a_valid_id_document_not_a_resident_card(tmp_path):
    _, folder = _filing(tmp_path, CONFIG / "example")
    everything = _all_text(folder)
    assert "居民身份证" not in everything.replace("居民身份证复印件", "!")  # nowhere at all
    assert "须凭准考证和有效身份证件参加认定" in everything and "本人有效身份证件复印件" in everything


def test_5_a_plan_assessing_one_level_names_only_that_level(tmp_path):
    text, folder = _filing(tmp_path, CONFIG / "single-level")
    assert "本企业全部采用晋级评价（四级/中级工）的方式" in text
    everything = _all_text(folder)
    assert "技师、高级技师综合评审" not in everything  # no 综合评审 question count for a plan without 二级/一级
    assert "第16位“4”表示四级/中级工" in everything and "26 4 000001" in everything
    assert "第16位“5”" not in everything
    # the examiners' categories and the certificate's award, said of 四级 only (no 初级工, no 技师)
    assert "考评人员分为考评员和高级考评员，均可承担本企业中级工（四级）的认定评审工作。" in everything
    assert "经晋级评价，中级工（四级）各科目认定成绩均合格的，可获得相应等级的证书。" in everything
    said = [line for line in everything.splitlines() if "认定评审工作" in line or "可获得相应等级的证书" in line]
    assert said and not any(word in line for line in said for word in ("初级工", "高级工", "技师"))


def test_5_a_plan_stopping_at_jishi_or_starting_there_names_its_own_levels(tmp_path):
    def top_only(d):  # exam-only's 中式面点师 and 食品检验员 at 二级 and 一级 only
        d["occupations"] = d["occupations"][:2]
        for o in d["occupations"]:
            o["levels"] = ["2", "1"]
        d["exam_sites"] = d["exam_sites"][:1]
        d["exam_sites"][0]["levels"] = ["2", "1"]
        d.pop("cycles", None)
    client = config_variant(tmp_path, "exam-only", top_only)
    (client / "cycles").mkdir()
    text, folder = _filing(tmp_path, client)
    everything = _all_text(folder)
    assert "本企业技师、高级技师（二级至一级）的认定评审工作由高级考评员承担。" in everything
    assert "经晋级评价，技师、高级技师（二级至一级）评价合格并通过综合评审的，可获得相应等级的证书。" in everything
    assert "技师、高级技师综合评审论文答辩" in everything

    def to_jishi(d):  # exam-only stops at 二级
        for o in d["occupations"][:2]:
            o["levels"] = ["5", "4", "3", "2"]
        d["exam_sites"][0]["levels"] = ["5", "4", "3", "2"]
        d.pop("cycles", None)
    jishi = config_variant(tmp_path / "j", "exam-only", to_jishi)
    (jishi / "cycles").mkdir()
    text, folder = _filing(tmp_path / "j", jishi)
    everything = _all_text(folder)
    assert "；技师综合评审论文答辩或技术评审试题不低于" in everything and "高级技师综合评审" not in everything
    assert "高级工（五级至三级）各科目认定成绩均合格的，技师（二级）评价合格并通过综合评审的" in everything


def test_6_an_occupation_split_by_method_is_named_once_where_a_sentence_says_the_same_of_both(tmp_path):
    text, _ = _filing(tmp_path, CONFIG / "group-branches")  # 电工 定级 五–三, 晋级 二–一
    national = next(line for line in text.splitlines() if line.endswith("严格按照国家职业技能标准规定的申报条件执行。"))
    assert national.count("电工") <= 1
    assert "电工（五级至三级）" in text and "电工（二级至一级）" in text  # the method lists tell them apart


def test_7_each_group_of_occupations_is_said_to_be_rated_by_its_own_raters(tmp_path):
    text, _ = _filing(tmp_path, CONFIG / "construction-group")
    assert ("定级评价由评价主体按评价表的内容和权重分别评分（砌筑工由班组长和项目负责人评分；"
            "混凝土工由班组长、项目负责人、主管部门和人力资源部门评分）") in text


def test_8_one_blank_form_per_row_and_an_offering_may_span_rows_of_one_method(tmp_path):
    text, folder = _filing(tmp_path, CONFIG / "example")
    annex = docx_text(folder / "附件" / "附件1-企业职业（岗位）技能等级定级评价表.docx")
    assert annex.count("一、定级评价人员基本信息表") == 2  # 电工 and 车工, not 3 levels each

    def per_level(d):  # 电工 五级 with its own items, 四级至三级 with the rest
        row = next(o for o in d["occupations"] if o["name"] == "电工")
        five = copy.deepcopy(row)
        five["levels"], row["levels"] = ["5"], ["4", "3"]
        d["occupations"].insert(d["occupations"].index(row), five)
    client = config_variant(tmp_path, "example", per_level)
    (client / "cycles").mkdir()
    [result] = api.check([client])
    assert result.ok, [str(p) for p in result.problems]  # the cycle's 电工 5,4,3 offering spans both rows


def test_9_an_exam_site_row_may_list_several_trades_with_one_levels_cell(tmp_path):
    [result] = api.check([CONFIG / "construction-group"])  # 钢筋工 五–三 and 电工 五–二 under 5,4,3,2
    assert result.ok and not result.problems
    lone = config_variant(tmp_path, "example", lambda d: d["exam_sites"][2]["levels"].append("2"))  # 仓储管理员 alone
    [result] = api.check([lone])
    assert any("不含2级" in p.message for p in result.problems)  # a lone trade must have every level of its cell


def test_10_the_question_bank_follows_the_bases_of_the_occupations_it_serves(tmp_path):
    text, _ = _filing(tmp_path, CONFIG / "single-level")  # its one occupation under a national standard
    assert "本企业依据国家职业技能标准要求，参照国家题库开发技术规程" in text
    text, _ = _filing(tmp_path / "b", CONFIG / "exam-only")  # 仓储管理员 under a 行业企业评价规范
    assert "本企业依据国家职业技能标准和经备案的行业企业评价规范要求" in text


def test_11_those_rated_under_grading_are_not_called_examinees(tmp_path):
    _, folder = _filing(tmp_path, CONFIG / "grading-only")
    everything = _all_text(folder)
    assert "考生" not in everything
    assert "参评人员凭准考证和有效身份证件参加认定" in everything and "参评人员须凭准考证" in everything
    _, folder = _filing(tmp_path / "e", CONFIG / "exam-only")
    everything = _all_text(folder)
    assert "参评人员" not in everything and "考生凭准考证和有效身份证件参加认定" in everything


def test_12_a_plan_with_both_methods_has_both_scoring_steps_and_both_award_routes(tmp_path):
    text, folder = _filing(tmp_path, CONFIG / "example")
    everything = _all_text(folder)
    assert "认定的具体实施；阅卷评分和评分汇总；认定结果的公示" in text
    flow = docx_text(next(folder.glob("附件/附件*-职业技能等级认定实施流程.docx")))
    steps = [line.split("、", 1)[1] for line in flow.splitlines() if line[:1] in "一二三四五六七八九十" and "、" in line]
    assert steps[-3:] == ["阅卷评分", "评分汇总", "认定结果的确认与提交"]
    assert "经定级评价，加权汇总得分达到60分及以上的；经晋级评价，" in everything


def test_13_ownership_other_is_said_as_the_table_says_it(tmp_path):
    text, folder = _filing(tmp_path, config_variant(tmp_path, "example", lambda d: d["company"].update(ownership="其他")))
    coding = docx_text(next(folder.glob("附件/附件*-广东省职业技能等级证书编码规则实施方案*.docx")))
    assert "属其他" not in coding and "评价机构（站点）类别为“其他”" in coding


def test_14_an_exam_applicant_is_asked_for_a_certificate_only_where_the_conditions_ask_for_one(tmp_path):
    _, folder = _filing(tmp_path, CONFIG / "exam-only")
    everything = _all_text(folder)
    assert "（申报晋级的须提供）" not in everything and "（申报条件要求持证的须提供）" in everything


def test_15_a_fee_or_an_incentive_written_without_a_stop_is_printed_as_a_sentence(tmp_path):
    """五、收费 printed 认定费用由公司承担，员工不缴纳任何费用 with no 。 while 报名方式 got one."""
    def no_stops(d):
        d["incentives"] = ["取得证书的员工每月享受技能津贴"]
    folder = config_variant(tmp_path, "example", no_stops)
    shutil.copytree(CONFIG / "example" / "cycles", folder / "cycles")
    cycle = folder / "cycles" / "2027-1.yaml"
    cycle.write_text(cycle.read_text(encoding="utf-8") + "fee: 认定费用由公司承担，员工不缴纳任何费用\n", encoding="utf-8")
    text, built = _filing(tmp_path, folder)
    assert "\n取得证书的员工每月享受技能津贴。\n" in text
    notice = next(p for p in (built / "公告").glob("*.docx") if "2027年第1批" in p.name)
    assert "\n认定费用由公司承担，员工不缴纳任何费用。\n" in docx_text(notice)


def test_16_a_cycle_offering_2_or_1_asks_for_the_work_its_review_reads_and_names_only_those_levels(tmp_path):
    """二级 and 一级 are assessed with a 综合评审 of the applicant's work: the 公告's materials asked for none of it."""
    asked = {}
    for name in ("exam-only", "construction-group", "grading-only"):
        _, folder = _filing(tmp_path / name, CONFIG / name)
        asked[name] = [line for line in _all_text(folder / "公告").splitlines() if "技术总结" in line]
    assert asked["exam-only"] == ["5. 申报二级/技师、一级/高级技师的，另交近三年工作业绩证明材料和本人撰写的技术总结（或论文）；"]
    assert asked["construction-group"] == ["5. 申报二级/技师的，另交近三年工作业绩证明材料和本人撰写的技术总结（或论文）；"]
    assert asked["grading-only"] == []
