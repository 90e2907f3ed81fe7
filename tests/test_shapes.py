"""Every client shape under config/ (DESIGN §12): built end to end, compared with its golden texts, free
of another method's wording, with codes, levels and dates on one line, and rebuilt byte-identical."""
import re
import shutil
import zipfile

import pytest
from helpers import DATA, ROOT, W, docx_text, golden, ooxml_errors, run_cli, tool
from lxml import etree
from skillplan.api import check
from skillplan.api import checked as check_plan
from skillplan.core.errors import InvalidInput

CONFIG = ROOT / "config"
SHAPES = ["example", "group-branches", "grading-only", "exam-only", "group-subsidiaries", "service-province",
          "construction-group", "single-level"]
# Words that belong to 晋级评价 (exams, question banks) and must not appear in a plan without it.
PROMOTION_WORDS = ["题库", "试卷", "试题", "理论知识", "晋级", "阅卷", "命题", "考试"]
GRADING_WORDS = re.compile(r"(?<!认)定级")  # 认定级别 is not 定级评价
METHODS = {"example": {"定级评价", "晋级评价"}, "group-branches": {"定级评价", "晋级评价"},
           "grading-only": {"定级评价"}, "exam-only": {"晋级评价"},
           "group-subsidiaries": {"定级评价", "晋级评价"}, "service-province": {"定级评价", "晋级评价"},
           "construction-group": {"定级评价", "晋级评价"}, "single-level": {"晋级评价"}}
# Words that assume manufacturing, which a service business's documents must not use.
MANUFACTURING_WORDS = ["产品的生产制造", "车间", "工件", "工卡量具", "备料", "文明生产", "生产实际", "生产过程"]
# Cell texts that must never wrap: codes, credit codes, levels, dates.
UNBREAKABLE = re.compile(r"^(\d-\d{2}-\d{2}-\d{2}|[0-9A-HJ-NPQRTUWXY]{18}|[一二三四五]级(至[一二三四五]级)?"
                         r"|[三四五]级/[初中高]级工|\d{4}年\d{1,2}月\d{1,2}日)$")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("shapes")
    done = run_cli("build", *[CONFIG / name for name in SHAPES], "-o", out)
    assert done.returncode == 0, done.stderr
    return out


def filing_of(folder):
    [filing] = folder.glob("*工作方案.docx")
    return filing


def announcements_text(folder):
    return "\n".join(docx_text(p) for p in sorted((folder / "公告").glob("*.docx")))


@pytest.mark.parametrize("name", SHAPES)
def test_every_shape_checks_clean(name):
    [result] = check([CONFIG / name])
    assert result.problems == []


@pytest.mark.parametrize("name", SHAPES[1:])  # the example's filing is in test_build
def test_filing_matches_golden_text(built, name):
    text = docx_text(filing_of(built / name))
    assert text + "\n" == golden(f"{name}-filing.txt", text)


@pytest.mark.parametrize("name", SHAPES)
def test_announcements_match_golden_text(built, name):
    text = announcements_text(built / name)
    assert text + "\n" == golden(f"{name}-announcements.txt", text)


@pytest.mark.parametrize("name", SHAPES)
def test_no_wording_of_a_method_the_plan_does_not_use(built, name):
    for path in sorted((built / name).rglob("*.docx")):
        text = docx_text(path).replace("考试办、考试院", "")  # a body's name (职业技能鉴定中心（考试办、考试院）), not an exam
        if "晋级评价" not in METHODS[name]:
            assert [w for w in PROMOTION_WORDS if w in text] == [], path.name
        if "定级评价" not in METHODS[name]:
            assert GRADING_WORDS.findall(text) == [], path.name


@pytest.mark.parametrize("name", SHAPES)
def test_no_guidance_or_placeholder_reaches_the_output(built, name):
    from test_build import FORBIDDEN

    for path in sorted((built / name).rglob("*.docx")):
        text = docx_text(path)
        assert [f for f in FORBIDDEN if f in text] == [], path.name


def test_split_occupation_is_named_with_its_levels_under_each_method(built):
    text = docx_text(filing_of(built / "group-branches"))
    assert "采用定级评价方式开展认定的职业（工种）为：电工（五级至三级）、车工，" in text
    assert "采用晋级评价方式开展认定的职业（工种）为：电工（二级至一级）、焊工（电焊工）。" in text


def test_group_certificate_rules_cover_every_branch(built):
    text = docx_text(built / "group-branches" / "附件" / "附件6-职业技能等级证书管理办法.docx")
    assert ("第二条　本办法适用于广东南粤能源装备集团有限公司（含参与本企业认定工作的分公司：广东南粤能源装备集团有限公司"
            "深圳分公司、广东南粤能源装备集团有限公司佛山分公司、广东南粤能源装备集团有限公司湛江分公司）") in text


def test_occupation_with_several_sites_is_one_row_of_the_announcement(built):
    text = announcements_text(built / "group-branches")
    assert text.count("| 焊工 | 电焊工 | 五级至三级 | 晋级评价 |") == 1


@pytest.mark.parametrize("name", SHAPES)
def test_levels_are_written_one_way_in_every_table(built, name):
    text = docx_text(filing_of(built / name)) + announcements_text(built / name)
    assert re.findall(r"\d级、\d级", text) == []


def _needed_width(text: str) -> int:
    """Twips a one-line cell needs at 小四 (12 pt): CJK 240, digits 120, capitals about 175, a hyphen 80,
    60 more where Chinese meets Latin (Word and LibreOffice space them apart), cell margins 170."""
    widths = [240 if ord(c) > 0x2E80 else 120 if c.isdigit() else 175 if c.isupper() else 80 for c in text]
    switches = sum((ord(a) > 0x2E80) != (ord(b) > 0x2E80) for a, b in zip(text, text[1:]))
    return sum(widths) + 60 * switches + 170


@pytest.mark.parametrize("name", SHAPES)
def test_codes_levels_and_dates_fit_their_cells(built, name):
    for path in [filing_of(built / name), *sorted((built / name / "公告").glob("*.docx"))]:
        with zipfile.ZipFile(path) as z:
            root = etree.fromstring(z.read("word/document.xml"))
        for tc in root.iter(f"{W}tc"):
            text = "".join(t.text or "" for t in tc.iter(f"{W}t"))
            width = int(tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w"))
            if UNBREAKABLE.match(text):
                assert width >= _needed_width(text), (path.name, text, width)


@pytest.mark.skipif(not tool("ooxml-validator"), reason="ooxml-validator 未安装")
@pytest.mark.parametrize("name", SHAPES[1:])
def test_every_docx_of_the_shape_passes_the_validator(built, name):
    for path in sorted((built / name).rglob("*.docx")):
        assert ooxml_errors(path) == [], path.name


@pytest.mark.parametrize("name", SHAPES)
def test_rebuilds_byte_identical_from_another_path_and_with_one_cycle(built, name, tmp_path):
    elsewhere = tmp_path / "moved" / name
    shutil.copytree(CONFIG / name, elsewhere)
    out = tmp_path / "out"
    assert run_cli("build", elsewhere, "-o", out).returncode == 0
    assert (out / f"{name}.zip").read_bytes() == (built / f"{name}.zip").read_bytes()
    [first] = check([CONFIG / name])
    cycle_ids = re.findall(r"^  - id: (\S+)", (CONFIG / name / "plan.yaml").read_text(encoding="utf-8"), re.M)
    for cycle_id in cycle_ids:
        done = run_cli("build", elsewhere, "-o", out, "--cycle", cycle_id)
        assert done.returncode == 0, done.stderr
        assert (out / f"{name}.zip").read_bytes() == (built / f"{name}.zip").read_bytes(), cycle_id


# ---- the rules these shapes need ------------------------------------------------------------------

@pytest.fixture
def group(tmp_path):
    folder = tmp_path / "group-branches"
    shutil.copytree(CONFIG / "group-branches", folder)
    return folder


def problems_after(folder, old, new):
    plan = folder / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    assert old in text
    plan.write_text(text.replace(old, new), encoding="utf-8")
    [result] = check([folder])
    return [f"{p.path}  {p.message}" for p in result.problems]


def test_offering_is_covered_by_the_union_of_site_rows_at_its_address(group):
    # 电焊工 四级 and 三级 at 深圳 come from two site rows (五级至四级, 三级至二级): together they cover it
    assert problems_after(group, "trade: 电焊工, levels: [4, 3]", "trade: 电焊工, levels: [5, 4, 3, 2]") == []


def test_offering_outside_the_sites_rows_for_its_method_is_refused(group):
    assert problems_after(group, "trade: 车工, levels: [5, 4], date: 2026-12-11, address: 佛山",
                          "trade: 电工, levels: [5, 4], date: 2026-12-11, address: 佛山") == [
        "cycles[0].offerings[4].address  方案中该考场不以定级评价认定“电工”的5级、4级"]


def test_offering_across_two_methods_must_be_split(group):
    assert problems_after(group, "trade: 电工, levels: [2, 1]", "trade: 电工, levels: [3, 2]") == [
        "cycles[0].offerings[1].levels  “电工”的3级为定级评价，2级为晋级评价，一项认定只能采用一种认定方式，请分为2项"]


def test_a_grading_offering_has_no_examination_subjects(group):
    """A 定级评价 is appraised with the form at work: sessions named 理论知识 or 操作技能 gave its
    tickets examination subjects beside 认定方式 定级评价."""
    assert problems_after(group, "trade: 车工, levels: [5, 4], date: 2026-12-11, address: 佛山",
                          "trade: 车工, levels: [5, 4], date: 2026-12-11, sessions: [{subject: 理论知识}], address: 佛山") == [
        "cycles[0].offerings[4].sessions[0].subject  “车工”5级、4级为定级评价，不设考试科目：应为“定级评价”或不写，实际为“理论知识”"]


def test_grading_only_plan_is_not_asked_for_a_question_bank_department(tmp_path):
    folder = tmp_path / "exam-only"
    shutil.copytree(CONFIG / "exam-only", folder)
    assert problems_after(folder, "  question_bank: 品控中心\n", "") == [
        "departments  有晋级评价的职业时，须写出题库开发和运行管理的负责部门（departments.question_bank）"]


def test_a_client_clause_can_be_marked_for_one_method(tmp_path):
    folder = tmp_path / "grading-only"
    shutil.copytree(CONFIG / "grading-only", folder)
    extra = ("clauses:\n  risks:\n    - {id: bank_only, risk: 试卷丢失, control: 专人保管, methods: [晋级评价]}\n"
             "    - {id: rating_only, risk: 评分记录缺失, control: 当场归档, only_methods: [定级评价]}\n")
    problems_after(folder, "incentives:\n", extra + "incentives:\n")
    assert run_cli("build", folder, "-o", tmp_path / "out").returncode == 0
    text = docx_text(filing_of(tmp_path / "out" / "grading-only"))
    assert "评分记录缺失。当场归档" in text and "试卷丢失" not in text


# ---- issue 15: subsidiaries, service businesses, province and ministry filings ------------------------

def test_subsidiaries_are_named_as_subsidiaries_beside_the_branches(built):
    folder = built / "group-subsidiaries"
    text = docx_text(filing_of(folder))
    assert "下属分公司、子公司员工一并参与本企业的职业技能等级认定工作。参与认定的分公司如下：" in text
    assert "参与认定的子公司如下：\n序号 | 子公司名称 | 统一社会信用代码 | 地址\n1 | 清远华建建材有限公司 | 91441802MA52XN6R3D" in text
    assert "清远华建建材有限公司\n（子公司）\n地址：清远市清城区\n石角镇建材工业园3号" in text  # name and address broken between their parts
    assert "含参与本企业认定工作的分公司：广东华建新材料集团有限公司佛山分公司；子公司：清远华建建材有限公司、江门华建涂料有限公司）" in text
    notice = announcements_text(folder)
    assert "劳务派遣人员，含参与本企业认定工作的分公司、子公司员工。" in notice
    assert "江门华建涂料有限公司（子公司）（江门市江海区高新技术开发区涂料路21号）" in notice


def test_service_business_has_no_manufacturing_wording(built):
    for path in sorted((built / "service-province").rglob("*.docx")):
        text = docx_text(path)
        assert [w for w in MANUFACTURING_WORDS if w in text] == [], path.name
    text = docx_text(filing_of(built / "service-province"))
    assert "公司主要从事机构养老服务、社区居家养老服务、家政服务等服务，" in text
    assert "| 班组长 | 部门经理 | 主管部门 | 人力资源部门 |" in text.replace("\n", "")  # a title may take two lines


def test_an_occupation_may_have_its_own_rater_weights(built):
    text = docx_text(built / "service-province" / "附件" / "附件1-企业职业（岗位）技能等级定级评价表.docx")
    forms = text.split("职业（工种）：")[1:]
    assert "（80分） | 权重 | 100% | 50% | 30% | 20% | — |" in forms[0]  # 养老护理员: its own
    assert "（80分） | 权重 | 100% | 40% | 30% | 30% | — |" in forms[-1]  # 保育师: the plan's
    assert "（10分） | 权重 | 100% | 30% | 30% | 20% | 20% |" in forms[0]  # sections it does not give: the plan's


def test_province_level_filing_names_the_provincial_bodies(built):
    folder = built / "service-province" / "附件"
    flow = docx_text(folder / "附件7-职业技能等级认定实施流程.docx")
    # the provincial centre under its current name (the seed's 省职业技能服务指导中心), never the old 鉴定指导中心
    assert "报广东省职业技能服务指导中心，本企业依据经广东省职业技能服务指导中心审核通过的证书数据自行印发证书。" in flow
    assert "并向广东省人力资源和社会保障厅报备。" in docx_text(folder / "附件3-考评人员管理及工作规范.docx")
    coding = docx_text(folder / "附件5-广东省职业技能等级证书编码规则实施方案（企业2021版）.docx")
    assert "本企业为用人单位，向广东省人力资源和社会保障厅备案，为省本级评价机构" in coding
    assert "“00”表示省本级" in coding


def test_ministry_filing_names_the_national_bodies(built):
    folder = built / "group-branches" / "附件"
    flow = docx_text(folder / "附件7-职业技能等级认定实施流程.docx")
    assert "报人力资源社会保障部职业技能鉴定中心，" in flow
    assert "一经发现，报告人力资源社会保障部，" in docx_text(folder / "附件6-职业技能等级证书管理办法.docx")


def test_subsidiary_needs_a_valid_credit_code(tmp_path):
    folder = tmp_path / "group-subsidiaries"
    shutil.copytree(CONFIG / "group-subsidiaries", folder)
    assert problems_after(folder, "credit_code: 91441802MA52XN6R3D", "credit_code: 91441802MA52XN6R3A") == [
        "subsidiaries[0].credit_code  统一社会信用代码校验位错误：第18位应为“D”，实际为“A”"]


def test_site_must_be_at_a_listed_unit(tmp_path):
    folder = tmp_path / "group-subsidiaries"
    shutil.copytree(CONFIG / "group-subsidiaries", folder)
    found = problems_after(folder, "  - address: 江门市江海区高新技术开发区涂料路21号\n",
                           "  - address: 江门市江海区高新技术开发区涂料路22号\n")
    assert found[0] == "exam_sites[4].address  考场地址须与企业总部地址或所列分公司、子公司地址完全一致"


def test_split_levels_may_not_overlap(group):
    assert problems_after(group, "    levels: [2, 1]\n    basis: 国家职业技能标准\n    method: 晋级评价",
                          "    levels: [3, 2, 1]\n    basis: 国家职业技能标准\n    method: 晋级评价")[0] == (
        "occupations[1].levels  “电工”的3级已在 occupations[0] 中列出，同一工种同一等级只能出现一次")


def test_an_occupation_split_by_method_keeps_one_code_and_one_name(group, tmp_path):
    """The rows of one occupation repeat its code and name as they are (a slip in either put two
    codes, or two names, for one occupation into the filing's tables)."""
    split = "  - code: 6-31-01-03\n    name: 电工\n    levels: [2, 1]"
    assert problems_after(group, split, split.replace("6-31-01-03", "6-31-01-04")) == [
        "occupations[1].code  “电工”在 occupations[0] 中的职业编码为 6-31-01-03：同一职业只有一个编码"]
    assert ("occupations[1].name  职业编码 6-31-01-03 在 occupations[0] 中是“电工”：同一编码只对应一个职业名称（工种写在 trade 中）"
            in problems_after(shutil.copytree(CONFIG / "group-branches", tmp_path / "again"),
                              "    name: 电工\n    levels: [2, 1]", "    name: 维修电工\n    levels: [2, 1]"))


def test_occupation_weights_must_sum_to_100(tmp_path):
    folder = tmp_path / "service-province"
    shutil.copytree(CONFIG / "service-province", folder)
    assert problems_after(folder, "ability_weights: {班组长: 50, 车间主管: 30, 主管部门: 20}",
                          "ability_weights: {班组长: 50, 车间主管: 30, 主管部门: 10}") == [
        "occupations[0].appraisal_weights.ability_weights  职业能力各评价主体权重之和应为100%，实际为90%"]


def test_service_scores_use_the_form_labels_and_the_occupations_own_weights():
    """A service business's raters are entered as its forms name them (部门经理), or as they printed them
    before (部门主管: the sheet here was filled then); 养老护理员's 职业能力 is weighted 50/30/20 as its own
    appraisal_weights say, not the plan's 40/30/30."""
    from skillplan.cycle.roster import read_roster
    from skillplan.cycle.scoring import read_scores
    from skillplan.plan.facts import rater_labels

    _, plan = check_plan(CONFIG / "service-province", strict=False)
    cycle = plan["cycles"][0]
    candidates, problems = read_roster(DATA / "service-cycle" / "roster.csv", plan, cycle)
    assert problems == []
    outcomes, problems = read_scores(DATA / "service-cycle" / "scores.csv", plan, candidates)
    assert problems == [] and rater_labels(plan)[1] == "部门经理"
    # 职业道德 and 核心能力 full (20), 职业能力 full only from 班组长: 80 × 50 % = 40
    assert [o.total for o in outcomes] == [60] and outcomes[0].passed  # exact, compared unrounded


def test_service_score_sheet_names_the_raters_as_the_forms_do(tmp_path):
    from skillplan.core.tables import read_table

    client = shutil.copytree(CONFIG / "service-province", tmp_path / "service-province")
    roster = DATA / "service-cycle" / "roster.csv"
    unreviewed = run_cli("forms", client, "--cycle", "2026-1", "--roster", roster, "-o", tmp_path / "out")
    # the plan states 养老护理员 五级's conditions in words only: awaiting review, no form yet (as no ticket)
    assert unreviewed.returncode == 0 and "资格审核符合 0 人" in unreviewed.stdout and "罗美华（待审核）" in unreviewed.stdout
    (client / "cycles" / "2026-1").mkdir(parents=True)
    (client / "cycles" / "2026-1" / "review.csv").write_text("证件号码,结论,理由\n440106198503120023,符合,已核验工作年限\n",
                                                            encoding="utf-8")
    done = run_cli("forms", client, "--cycle", "2026-1", "--roster", roster, "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    table = read_table(tmp_path / "out" / "service-province_2026-1" / "评分录入表.xlsx", ["评价主体"])
    assert [row.cells["评价主体"] for row in table.rows] == ["班组长", "部门经理", "主管部门", "人力资源部门"]


def test_an_occupation_split_by_method_grades_each_level_by_its_own_method(tmp_path):
    """group-branches files 电工 as 定级 五至三级 and 晋级 二至一级: a 5级 applicant gets a
    定级评价表, a 2级 applicant exam rows, whichever offering the cycle lists first (every 电工
    took the method of the row listed last: a 5级 applicant was examined, or a 2级 row refused)."""
    for first_offering_last in (False, True):
        client = tmp_path / f"group{first_offering_last:d}"
        shutil.copytree(CONFIG / "group-branches", client)
        plan = client / "plan.yaml"
        text = plan.read_text(encoding="utf-8")
        grading = "      - {trade: 电工, levels: [5, 4, 3], date: 2026-12-07, address: 广州市南沙区黄阁镇装备大道66号}\n"
        exam = "      - {trade: 电工, levels: [2, 1], date: 2026-12-08, address: 广州市南沙区黄阁镇装备大道66号}\n"
        if first_offering_last:
            text = text.replace(grading + exam, exam + grading)
        plan.write_text(text, encoding="utf-8")
        roster = client / "cycles" / "2026-2" / "roster.csv"
        roster.parent.mkdir(parents=True)
        roster.write_text("姓名,性别,出生年月,证件号码,文化程度,工作岗位,申报职业,工种,申报等级,本单位工作年限,本职业工龄\n"
                          "陈志强,男,1990-05,440115199005040136,中专,配电运行工,电工,,5级,3,2\n"
                          "梁振宇,男,1982-04,440106198204131371,大专,电气主管,电工,,2级,18,16\n", encoding="utf-8")
        # the shape states its conditions in words only: the reviewer's word admits both
        (roster.parent / "review.csv").write_text("证件号码,结论,理由\n440115199005040136,符合,已核验\n"
                                                  "440106198204131371,符合,已核验\n", encoding="utf-8")
        done = run_cli("forms", client, "--cycle", "2026-2", "-o", tmp_path / "out")
        assert done.returncode == 0, done.stdout + done.stderr
        assert "名册 2 人，资格审核符合 2 人，其中定级评价 1 人" in done.stdout
        forms = list((tmp_path / "out" / f"{client.name}_2026-2" / "定级评价表").iterdir())
        assert [f.name.split("-")[1] for f in forms] == ["陈志强"]


def test_a_service_business_staff_list_names_the_raters_as_its_forms_do(tmp_path):
    """A service business's forms say 部门经理 where a factory's say 车间主管: its staff list may too (or
    部门主管, as they said before), and its staffing sheet and badges print the forms' word (it was refused,
    and 车间主管 printed)."""
    from skillplan.cycle import exam_day
    from skillplan.cycle.staff import read_staff
    from skillplan.plan.facts import rater_names

    staff = tmp_path / "staff.csv"
    _, plan = check_plan(CONFIG / "service-province" / "plan.yaml", strict=False)
    for written in ("部门经理", "部门主管"):
        staff.write_text(f"姓名,角色,评价主体,可考评职业,部门\n何雅婷,定级评价员,{written},养老护理员,护理服务部\n",
                         encoding="utf-8")
        [person] = read_staff(staff, plan)
        assert person.rater == "车间主管"  # the key the plan's weights use
        assert exam_day._role_label(person, rater_names(plan)) == "定级评价员（部门经理）"
    _, factory = check_plan(CONFIG / "example" / "plan.yaml", strict=False)
    with pytest.raises(InvalidInput, match="定级评价员须写明评价主体（班组长、车间主管、主管部门、人力资源部门），实际为“部门主管”"):
        read_staff(staff, factory)


def test_a_groups_applicant_is_seated_and_named_by_their_own_unit(tmp_path):
    """The roster's optional 工作单位 names the company or one of its 分公司 or 子公司: a branch's
    electrician sits the 电工 offering at the branch (the first offering, at head office, took
    everyone), and a subsidiary's employee's form names the subsidiary, a legal person of its own, as
    employer (the parent was printed). An offering nobody was seated at is said."""
    client = shutil.copytree(CONFIG / "group-subsidiaries", tmp_path / "group")
    cycle = client / "cycles" / "2026-1"
    cycle.mkdir(parents=True)
    header = "姓名,性别,出生年月,证件号码,文化程度,工作岗位,申报职业,工种,申报等级,本单位工作年限,本职业工龄,部门,工作单位\n"
    people = ("吴锦明,男,1990-10,440604199010150514,中专,维修电工,电工,,5级,2,2,设备科,广东华建新材料集团有限公司佛山分公司\n"
              "梁家伟,男,1991-03,44010319910315051X,中专,电工,电工,,5级,3,2,设备部,{unit}\n")
    (cycle / "review.csv").write_text("证件号码,结论,理由\n440604199010150514,符合,已核验\n44010319910315051X,符合,已核验\n",
                                      encoding="utf-8")
    (cycle / "roster.csv").write_text(header + people.format(unit="清远华建建材"), encoding="utf-8")
    wrong = run_cli("prepare", client, "--cycle", "2026-1", "-o", tmp_path / "out")
    assert wrong.returncode == 1 and "roster.csv:3:13  工作单位  应为方案中的企业或其分公司、子公司的全称：实际为“清远华建建材”" in wrong.stderr
    (cycle / "roster.csv").write_text(header + people.format(unit="清远华建建材有限公司"), encoding="utf-8")
    done = run_cli("prepare", client, "--cycle", "2026-1", "-o", tmp_path / "out")
    assert done.returncode == 0, done.stdout
    assert "认定项目“化学检验员四级至三级”（2026-12-03，江门市江海区高新技术开发区涂料路21号）没有考生" in done.stdout
    from openpyxl import load_workbook

    seats = {row[8]: row[4] for row in load_workbook(tmp_path / "out" / "group_2026-1" / "考场安排.xlsx").active.iter_rows(
        min_row=2, values_only=True)}
    assert seats["吴锦明"].startswith("广东华建新材料集团有限公司佛山分公司（佛山市")
    assert seats["梁家伟"].startswith("广东华建新材料集团有限公司（广州市")  # no 电工 offering at the subsidiary
    assert run_cli("forms", client, "--cycle", "2026-1", "-o", tmp_path / "out").returncode == 0
    forms = {f.name.split("-")[1]: docx_text(f) for f in (tmp_path / "out" / "group_2026-1" / "定级评价表").iterdir()}
    assert "清远华建建材有限公司" in forms["梁家伟"] and "佛山分公司" in forms["吴锦明"]


def test_a_promotion_only_score_sheet_never_speaks_of_grading(tmp_path):
    """The 评分录入表 of a 晋级-only plan explains exam rows only (its instructions opened with
    每位定级评价人员每个评价主体一行 and spoke of raters' weights)."""
    import io

    from openpyxl import load_workbook
    from skillplan.cycle.forms import score_sheet
    from skillplan.cycle.roster import Candidate

    _, plan = check_plan(CONFIG / "exam-only" / "plan.yaml", strict=False)
    baker = Candidate(2, "梁婉珊", "女", "1990-05", "440106199005040128", "中专", "面点师", "中式面点师", 4, "晋级评价", "6", "6")
    sheet = load_workbook(io.BytesIO(score_sheet(plan, [baker])))
    help_text = "\n".join(row[0] for row in sheet["填写说明"].iter_rows(values_only=True))
    assert "定级" not in help_text and "评价主体在这部分没有权重" not in help_text
    assert "每位晋级评价人员一行（评价主体为“考试”）。" in help_text
