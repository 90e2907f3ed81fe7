"""The annexes: the 定级评价表 laid out like the seed, the coding rules with this enterprise's own
prefix, articles numbered continuously, and template overrides by name."""
import shutil
import zipfile

import pytest
from helpers import EXAMPLE, MINIMAL, ROOT, docx_paragraphs, docx_text, run_cli


@pytest.fixture(scope="module")
def annexes(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    assert run_cli("build", EXAMPLE, "-o", out).returncode == 0
    return out / "example" / "附件"


def test_one_grading_form_per_grading_occupation_naming_its_levels(annexes):
    """A blank form is the same for every level of a row (its items are the row's): one form each,
    naming the levels (a group's 11 occupation-levels took 34 of 70 pages)."""
    lines = docx_paragraphs(annexes / "附件1-企业职业（岗位）技能等级定级评价表.docx")
    forms = [line for line in lines if line.startswith("职业（工种）：")]
    assert forms == [f"职业（工种）：{o} | 技能等级：五级至三级" for o in ("电工", "车工")]
    # each rater's title in as few lines as its words allow, so a narrow column never breaks a word
    assert lines.count("评价内容 | 评价标准 | 配分 | 班组长 | 车间\n主管 | 主管\n部门 | 人力资源\n部门 | 加权\n平均分") == 2
    assert "1\n职业道德\n（10分） | 权重 | 100% | 30% | 30% | 20% | 20% | " in lines
    assert "3\n职业能力\n（80分） | 权重 | 100% | 40% | 30% | 30% | — | " in lines
    assert "3.1\n继电控制电路装调维修 | 低压电器选用：能根据工作需要选用中间继电器、时间继电器、计数器、断路器、接触器、" \
        "热继电器等器件 | 8 |  |  |  | — | " in lines
    # the next item of the module sits under the merged label: its own first cell is empty
    assert (" | 继电器、接触器线路装调：能对多台三相交流笼型异步电动机的顺序控制、位置控制、启动控制及"
            "反接制动、再生发电制动等电路进行安装、调试 | 8 |  |  |  | — | ") in lines
    assert "总得分 | 100 |  |  |  |  | " in lines
    assert any("达到60分及以上为通过" in line for line in lines)
    assert "定级结果 | □通过　　　　□不通过" in lines


def test_section_labels_are_merged_down_like_the_seed(annexes):
    with zipfile.ZipFile(annexes / "附件1-企业职业（岗位）技能等级定级评价表.docx") as z:
        xml = z.read("word/document.xml").decode()
    # per form: the photo cell, 职业道德 and 核心能力 (weight row + 5 items merged), the 职业能力 weight row,
    # then one merged label per module: 电工 has 4 modules, 车工 3; one form each
    assert xml.count('<w:vMerge w:val="restart"/>') == (4 + 4) + (4 + 3)
    assert xml.count("<w:tblHeader/>") == 2 * 2  # the occupation row and the column titles repeat per page


def test_coding_annex_shows_this_enterprises_prefix_and_example(annexes):
    text = docx_text(annexes / "附件5-广东省职业技能等级证书编码规则实施方案（企业2021版）.docx")
    assert "本企业证书编码的前13位固定为Y000044012027" in text
    assert "示例：Y 0000 44 012027 26 5 000001" in text
    assert "“01”表示广州市，“2”表示非国有企业，“027”为流水序列码" in text
    assert "（四）第8-13位：评价机构（站点）序列码" in text.replace(":", "：")


@pytest.mark.parametrize("name, doc", [("附件2-题库开发和运行管理工作规范.docx", "annex2"),
                                       ("附件3-考评人员管理及工作规范.docx", "annex3"),
                                       ("附件4-内部质量督导人员管理及工作规范.docx", "annex4"),
                                       ("附件6-职业技能等级证书管理办法.docx", "annex6")])
def test_articles_are_numbered_continuously(annexes, name, doc):
    from skillplan.core.codes import chinese_number
    from skillplan.plan.clauses import library

    lines = docx_paragraphs(annexes / name)
    numbers = [line.split("　")[0] for line in lines if line.startswith("第") and "条　" in line[:8]]
    # the example uses both methods and assesses 二级 (not 一级): every article but the wording for a
    # single-method plan and for a plan without 二级 or 一级
    articles = sum(1 for chapter in library(doc)["chapters"] for a in chapter["articles"]
                   if not a.get("only_methods") and not a.get("only_levels"))
    assert numbers == [f"第{chinese_number(n)}条" for n in range(1, articles + 1)]


def test_facts_fill_the_seeds_blanks(annexes):
    bank = docx_text(annexes / "附件2-题库开发和运行管理工作规范.docx")
    assert "技术质量部" in bank and "600题" in bank and "10%" in bank
    examiners = docx_text(annexes / "附件3-考评人员管理及工作规范.docx")
    assert "聘期为三年" in examiners and "60分钟" in examiners
    certificates = docx_text(annexes / "附件6-职业技能等级证书管理办法.docx")
    assert "广州华粤精密机械有限公司职业技能等级认定专用章" in certificates
    flow = docx_text(annexes / "附件7-职业技能等级认定实施流程.docx")
    assert flow.startswith("附件7\n职业技能等级认定实施流程\n一、")
    assert "公示不少于5个工作日" in flow


def _override_annex7(tmp_path, paragraph: str):
    """A templates folder whose annex7.docx is the built-in one plus a paragraph, as a user would make it."""
    from docx import Document

    custom = tmp_path / "templates"
    custom.mkdir()
    document = Document(str(ROOT / "templates" / "annex7.docx"))
    document.add_paragraph(paragraph)
    document.save(str(custom / "annex7.docx"))
    return custom


def test_templates_folder_overrides_a_builtin_template_by_name(tmp_path):
    custom = _override_annex7(tmp_path, "本流程自{{ annex_no }}号附件印发之日起施行。")
    client = tmp_path / "minimal"
    shutil.copytree(MINIMAL, client)
    done = run_cli("build", client, "-o", tmp_path / "out", "--templates", custom)
    assert done.returncode == 0, done.stderr
    flow = docx_text(tmp_path / "out" / "minimal" / "附件" / "附件6-职业技能等级认定实施流程.docx")
    assert flow.endswith("本流程自6号附件印发之日起施行。")
    filing = docx_text(tmp_path / "out" / "minimal" / "深圳市安康养老服务有限公司职业技能等级认定工作方案.docx")
    assert filing.endswith("本流程自6号附件印发之日起施行。")


def test_broken_override_template_is_a_clear_error(tmp_path):
    custom = _override_annex7(tmp_path, "{{ no_such_name }}")
    done = run_cli("build", MINIMAL, "-o", tmp_path / "out", "--templates", custom)
    assert done.returncode == 1
    assert "annex7.docx 渲染失败" in done.stderr and "no_such_name" in done.stderr
    assert "Traceback" not in done.stderr
