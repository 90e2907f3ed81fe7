"""Recognition cycles: validated against the plan, one announcement each, buildable one at a time."""

from helpers import EXAMPLE, docx_text, ooxml_errors, run_cli, to_pdf, tool
from skillplan.api import check

CYCLE = """id: 2027-2
year: 2027
batch: 2
announce_date: 2027-06-01
registration: {start: 2027-06-02, end: 2027-06-10, method: 向人力资源部报名}
assessment: {start: 2027-06-21, end: 2027-06-25}
offerings:
  - {trade: 电工, levels: [4, 3], date: 2027-06-22, address: 广州市黄埔区科学城开创大道1288号}
contact: {person: 何嘉欣, phone: 020-82216699}
"""


def cycle_problems(client, text):
    (client / "cycles" / "2027-2.yaml").write_text(text, encoding="utf-8")
    [result] = check([client])
    return [str(p).split("2027-2.yaml:")[1] for p in result.problems if "2027-2.yaml" in p.file]


def test_example_builds_both_announcements(tmp_path):
    done = run_cli("build", EXAMPLE, "-o", tmp_path)
    assert done.returncode == 0, done.stderr
    first = tmp_path / "example" / "公告" / "2026年第1批职业技能等级认定公告.docx"
    second = tmp_path / "example" / "公告" / "2027年第1批职业技能等级认定公告.docx"
    text = docx_text(first)
    assert text.startswith("广州华粤精密机械有限公司\n2026年第一批职业技能等级认定公告")  # the title breaks after the name
    assert "（一）报名时间：2026年11月26日至12月4日。" in text
    assert ("认定地点：广州华粤精密机械有限公司（广州市黄埔区科学城开创大道1288号）\n"
            "1 | 电工 | 五级至三级 | 2026年12月14日 | 定级评价") in text
    assert "仓储管理员的申报条件，按照经人力资源社会保障部门备案的行业企业评价规范执行" in text
    assert "3. 三级/高级工" not in text  # 仓储管理员 is offered at levels 5 and 4 only in this batch
    assert "监督投诉：纪检监察室，电话020-82216688，电子邮箱jianding@huayue-pm.com.cn。" in text
    assert text.rstrip().endswith("广州华粤精密机械有限公司\n2026年11月25日")
    assert "近三年工作业绩证明材料" in docx_text(second)
    if tool("ooxml-validator"):
        assert ooxml_errors(first) == [] and ooxml_errors(second) == []
    if tool("soffice"):
        assert to_pdf(first, tmp_path).read_bytes().startswith(b"%PDF")


def test_build_one_cycle_keeps_the_other_files(tmp_path):
    assert run_cli("build", EXAMPLE, "-o", tmp_path).returncode == 0
    before = {p: p.stat().st_mtime_ns for p in (tmp_path / "example").rglob("*.docx")}
    done = run_cli("build", EXAMPLE, "-o", tmp_path, "--cycle", "2027-1")
    assert done.returncode == 0, done.stderr
    assert "已生成" in done.stdout and "2027年第1批" in done.stdout and "2026年第1批" not in done.stdout
    assert set((tmp_path / "example").rglob("*.docx")) == set(before)
    unknown = run_cli("build", EXAMPLE, "-o", tmp_path, "--cycle", "2030-9")
    assert unknown.returncode == 2 and "没有 id 为“2030-9”的认定批次（已有：2026-1、2027-1）" in unknown.stderr


def test_a_valid_cycle_file_passes(client):
    assert cycle_problems(client, CYCLE) == []


def test_occupation_outside_the_plan_points_at_its_line(client):
    assert cycle_problems(client, CYCLE.replace("trade: 电工, levels: [4, 3]", "trade: 钳工, levels: [4, 3]")) == [
        "8:6  offerings[0].trade  “钳工”不在认定的职业（工种）范围中，是否想写“电工”？"]


def test_level_outside_the_plan(client):
    assert cycle_problems(client, CYCLE.replace("levels: [4, 3]", "levels: [3, 2]")) == [
        "8:17  offerings[0].levels  “电工”在方案中只认定5级、4级、3级，不含2级"]


def test_registration_must_close_before_assessment(client):
    assert cycle_problems(client, CYCLE.replace("end: 2027-06-10", "end: 2027-06-21")) == [
        "5:35  registration.end  报名须在认定开始前截止：报名截止 2027-06-21，认定开始 2027-06-21"]


def test_announcement_must_give_the_promised_notice(client):
    text = CYCLE.replace("announce_date: 2027-06-01", "announce_date: 2027-06-16").replace(
        "start: 2027-06-02, end: 2027-06-10", "start: 2027-06-16, end: 2027-06-18")
    assert cycle_problems(client, text) == [
        "4:1  announce_date  公告发布至认定开始只有2个工作日，方案承诺的公示期为不少于5个工作日"]


def test_impossible_date_and_duplicate_batch(client):
    text = CYCLE.replace("date: 2027-06-22", "date: 2027-02-30").replace("batch: 2", "batch: 1")
    assert cycle_problems(client, text) == [
        "3:1  batch  2027年第1批已在 {}:2 中定义，批次号须唯一".format(client / "cycles" / "2027-1.yaml"),
        "8:33  offerings[0].date  应为真实存在的日期 YYYY-MM-DD，实际为“2027-02-30”"]


def test_site_that_does_not_offer_the_trade(client):
    text = CYCLE.replace("广州市黄埔区科学城开创大道1288号}", "佛山市顺德区大良街道五沙工业园兴业路18号}")
    assert cycle_problems(client, text) == ["8:51  offerings[0].address  方案中该考场不以定级评价认定“电工”的4级、3级"]
