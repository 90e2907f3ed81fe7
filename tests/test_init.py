"""`skillplan init` gives a consultant a starter that check accepts once its marked values are filled."""
import re

import pytest
from helpers import run_cli

FILLED = {
    "name: 待填写企业全称": "name: 佛山市顺德区美厨电器有限公司",
    "short_name: 待填写简称": "short_name: 美厨电器",
    "credit_code: 待填写统一社会信用代码": "credit_code: 91440606MA4X7RQ2U4",
    "founded_year: 待填写成立年份": "founded_year: 2012",
    "registered_in: 待填写注册地": "registered_in: 佛山市顺德区",
    "registered_capital: 待填写": "registered_capital: 3000",
    "floor_area: 待填写": "floor_area: 2.5",
    "- 待填写主要产品": "- 厨房电器",
    "business_scope: 待填写主营业务范围": "business_scope: 厨房电器的研发、生产和销售",
    "address: 待填写总部地址": "address: 佛山市顺德区北滘镇工业大道8号",
    "as_of: 待填写": "as_of: 2026-10",
    "total: 待填写": "total: 600",
    "professional: 待填写": "professional: 60",
    "skilled: 待填写": "skilled: 420",
    "management: 待填写": "management: 50",
    "bachelor_or_above: 待填写": "bachelor_or_above: 90",
    "name: 待填写姓名": "name: 黎志成",
    "post: 待填写职务": "post: 总装车间主任",
    "module: 待填写模块": "module: 电气装调",
    "name: 待填写评分项": "name: 电路安装",
    "standard: 待填写评价标准": "standard: 能按图安装和调试厨房电器控制电路",
    "complaint_phone: 待填写": "complaint_phone: 0757-26668888",
    "complaint_email: 待填写": "complaint_email: hr@meichu.example.cn",
    "complaint_department: 待填写受理部门": "complaint_department: 综合办公室",
    'site_serial: "待填写"': 'site_serial: "031"',
    "- 待填写（如：按照公司《薪酬管理办法》第几条，获证员工享受的技能津贴）": "- 获证员工按公司《薪酬管理办法》享受技能津贴。",
    "signing_date: 待填写": "signing_date: 2026-11-30",
}


def test_init_writes_a_starter_that_passes_once_filled(tmp_path):
    client = tmp_path / "meichu"
    done = run_cli("init", client)
    assert done.returncode == 0
    plan = client / "plan.yaml"
    unfilled = run_cli("check", client)
    assert unfilled.returncode == 1
    text = plan.read_text(encoding="utf-8")
    marks = sum(line.split("#")[0].count("待填写") for line in text.splitlines())
    assert unfilled.stderr.count("尚未填写") == marks == 30
    for mark, value in FILLED.items():
        text = text.replace(mark, value)
    text = text.replace("address: 待填写总部地址", "address: 佛山市顺德区北滘镇工业大道8号")
    text = text.replace("city: 广州市", "city: 佛山市")  # the pre-filled city must follow the credit code (4406)
    assert not re.search(r"^[^#]*待填写", text, re.M)
    plan.write_text(text, encoding="utf-8")
    filled = run_cli("check", client)
    assert filled.returncode == 0, filled.stderr
    assert run_cli("build", client, "-o", tmp_path / "out").returncode == 0


def test_init_never_overwrites(tmp_path):
    assert run_cli("init", tmp_path).returncode == 0
    again = run_cli("init", tmp_path)
    assert again.returncode == 2 and "已存在，不会覆盖" in again.stderr


def test_init_refuses_an_empty_name_and_a_file_and_quotes_the_next_command(tmp_path):
    empty = run_cli("init", "", cwd=tmp_path)  # init "$CLIENT" with the variable unset
    assert empty.returncode == 2 and "客户文件夹名不能为空" in empty.stderr and not list(tmp_path.iterdir())
    (tmp_path / "notes").write_text("x", encoding="utf-8")
    a_file = run_cli("init", tmp_path / "notes")
    assert a_file.returncode == 2 and "是一个文件，不是文件夹" in a_file.stderr
    spaced = run_cli("init", "客户 甲", cwd=tmp_path)
    assert spaced.returncode == 0 and "然后运行 skillplan check '客户 甲'" in spaced.stdout


SHAPE_FILLED = {
    **FILLED,
    "name: 待填写分公司全称": "name: 佛山市顺德区美厨电器有限公司容桂分公司",
    "credit_code: 待填写分公司统一社会信用代码": "credit_code: 91440606MA4X8KL3PE",
    "address: 待填写分公司地址": "address: 佛山市顺德区容桂街道华口工业路1号",
    "name: 待填写子公司全称": "name: 佛山市美厨智能科技有限公司",
    "credit_code: 待填写子公司统一社会信用代码": "credit_code: 91440606MA4Y2NB7TJ",
    "address: 待填写子公司地址": "address: 佛山市南海区狮山镇科技大道6号",
    "- 待填写主要服务项目": "- 机构养老服务",
    "city: 广州市": "city: 佛山市",  # the pre-filled city must follow the credit code (4406)
}


@pytest.mark.parametrize("shape", ["example", "group", "grading-only", "exam-only", "service"])
def test_each_shape_starter_checks_clean_once_filled(tmp_path, shape):
    client = tmp_path / shape
    assert run_cli("init", client, "--shape", shape).returncode == 0
    plan = client / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    unfilled = run_cli("check", client)
    marks = sum(line.split("#")[0].count("待填写") for line in text.splitlines())
    assert unfilled.returncode == 1 and unfilled.stderr.count("尚未填写") == marks
    assert "警告" not in unfilled.stdout + unfilled.stderr  # the starter's 待填写姓名 are not one person twice
    for mark, value in SHAPE_FILLED.items():
        text = text.replace(mark, value)
    assert not re.search(r"^[^#]*待填写", text, re.M)
    plan.write_text(text, encoding="utf-8")
    filled = run_cli("check", client)
    assert filled.returncode == 0, filled.stderr
    assert run_cli("build", client, "-o", tmp_path / "out").returncode == 0


def test_unknown_shape_is_a_usage_error(tmp_path):
    done = run_cli("init", tmp_path / "x", "--shape", "bank")
    assert done.returncode == 2 and "bank" in done.stderr
