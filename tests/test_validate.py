"""Each broken fixture (tests/data/broken, made by make_broken.py from the minimal plan) has exactly
one mistake; the message a consultant sees is asserted in full, with its line and key path."""
import json
import shutil

import pytest
from helpers import DATA, EXAMPLE, MINIMAL, run_cli
from skillplan.api import check

BROKEN = DATA / "broken"
EXPECTED = {
    "bad_credit_code": "5:3  company.credit_code  统一社会信用代码校验位错误：第18位应为“0”，实际为“1”",
    "unknown_key_typo": "4:3  company.short_nmae  未知的键“short_nmae”，是否想写“short_name”？",
    "missing_required": "2:1  company.legal_form  缺少必填项",
    "not_an_integer": "18:3  staff.total  应为整数，实际为“三百二十”",
    "bad_enum": "33:5  occupations[0].basis  应为以下之一：国家职业技能标准、行业企业评价规范；实际为“国家标准”",
    "grading_level_2": "32:5  occupations[0].levels  定级评价只能认定5级、4级、3级；2级须采用晋级评价",
    "bad_occupation_code": "30:5  occupations[0].code  格式不对：应为2022年版职业分类大典编码，形如 6-31-01-03；实际为“41001-05”",
    "site_unknown_trade": "42:14  exam_sites[0].trades[0]  “养老护理”不在认定的职业（工种）范围中，是否想写“养老护理员”？",
    "site_address_unknown": "41:5  exam_sites[0].address  考场地址须与企业总部地址或所列分公司地址完全一致",
    "site_level_outside": "43:5  exam_sites[0].levels  “养老护理员”的定级评价只认定5级、4级、3级，不含2级",
    "site_method_mismatch": "44:5  exam_sites[0].method  “养老护理员”在认定范围中的认定方式为定级评价，与考场的晋级评价不符",
    "disclosure_too_short": "46:3  quality.disclosure_days  应不小于 5，实际为 3",
    "missing_email": "45:1  quality.complaint_email  缺少必填项",
    "staff_parts_exceed": "18:3  staff.total  专业技术、技能、管理人员合计370人，超过员工总数320人",
    "enterprise_basis_without_conditions":
        "30:5  occupations[0].conditions  认定依据为行业企业评价规范时，须按等级写出申报条件；缺少5级、4级、3级",
    "appraisal_points_sum": "35:5  occupations[0].appraisal  职业能力各评分项配分之和应为80分，实际为85分",
    "weights_sum": "57:3  appraisal.ethics_weights  职业道德各评价主体权重之和应为100%，实际为110%",
    "org_code_not_0000":
        "58:3  certificate.org_code  向省级人力资源社会保障部门备案时，评价机构代码固定为 0000，实际为“0012”",
    "impossible_date": "60:1  signing_date  应为真实存在的日期 YYYY-MM-DD，实际为“2026-02-30”",
    "bad_city": "15:3  company.city  应为以下之一：省本级、广州市、韶关市、深圳市、珠海市、汕头市、佛山市、江门市、湛江市、茂名市、"
                "肇庆市、惠州市、梅州市、汕尾市、河源市、阳江市、清远市、东莞市、中山市、潮州市、揭阳市、云浮市；"
                "实际为“深川市”，是否想写“深圳市”？",
    "list_instead_of_text": "13:3  company.business_scope  应为文字，实际为列表",
    "bad_year_month": "17:3  staff.as_of  应为年月 YYYY-MM（如 2026-10），实际为“2026/09”",
    "control_character": "13:3  company.business_scope  含有 Word 文档无法容纳的字符 U+0007（控制字符等），请删除",
}


def test_every_fixture_has_an_expected_message():
    assert sorted(p.stem for p in BROKEN.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_fixture_reports_its_mistake(name):
    [result] = check([BROKEN / f"{name}.yaml"])
    assert not result.ok
    errors = [str(p) for p in result.problems if p.severity == "error"]
    assert f"{BROKEN / name}.yaml:{EXPECTED[name]}" in errors


def test_the_example_and_the_minimal_plan_are_valid_without_warnings():
    for client in (EXAMPLE, MINIMAL):
        [result] = check([client])
        assert result.problems == []


def test_ten_mistakes_are_all_reported_at_once_with_exit_1():
    done = run_cli("check", DATA / "ten_mistakes.yaml")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    lines = [line for line in done.stderr.splitlines() if "ten_mistakes.yaml:" in line]
    assert len(lines) == 10
    assert len({line.split("  ")[0] for line in lines}) == 10  # ten different places
    assert done.stderr.strip().endswith("ten_mistakes：10 个错误")


def test_json_format_for_ci():
    done = run_cli("check", "--format", "json", DATA / "ten_mistakes.yaml", MINIMAL)
    report = json.loads(done.stdout)
    assert done.returncode == 1
    assert report["valid"] is False
    assert [c["valid"] for c in report["clients"]] == [False, True]
    first = report["clients"][0]["problems"][0]
    assert first == {"file": str(DATA / "ten_mistakes.yaml"), "line": 5, "col": 3, "path": "company.credit_code",
                     "message": "统一社会信用代码校验位错误：第18位应为“0”，实际为“1”", "severity": "error"}


def test_usage_errors_exit_2():
    assert run_cli("check").returncode == 2
    missing = run_cli("check", "no/such/client")
    assert missing.returncode == 2
    assert "no/such/client 不存在" in missing.stderr


def _checked_loose_and_strict(tmp_path, scope: str):
    """check and check --strict of the minimal plan with its business scope starting as given."""
    plan = (MINIMAL / "plan.yaml").read_text(encoding="utf-8").replace("养老机构运营、", scope)
    (tmp_path / "plan.yaml").write_text(plan, encoding="utf-8")
    return run_cli("check", tmp_path), run_cli("check", "--strict", tmp_path)


def test_placeholder_text_is_a_warning_and_an_error_with_strict(tmp_path):
    loose, strict = _checked_loose_and_strict(tmp_path, "XX机构运营、")
    assert loose.returncode == 0 and "警告：“XX”像是模板中未填写的占位符" in loose.stdout
    assert strict.returncode == 1


@pytest.mark.parametrize("blank", ["ＸＸ", "×××", "＊＊＊", "xx", "○○", "〔〕", "______", "此处填写", "请填写", "待补充"])
def test_the_blanks_of_chinese_templates_are_placeholders_too(tmp_path, blank):
    loose, strict = _checked_loose_and_strict(tmp_path, f"{blank}机构运营、")
    assert strict.returncode == 1 and f"警告：“{blank}”像是模板中未填写的占位符" in loose.stdout


def test_an_invisible_character_is_named(tmp_path):
    # a zero-width space makes two equal-looking addresses differ; U+202E shows the rest of a paragraph reversed
    loose, strict = _checked_loose_and_strict(tmp_path, "养老机构\u200b运营、")
    assert loose.returncode == 0 and "是看不见的 U+200B（零宽空格），多半是从网页或聊天中复制来的：请删除" in loose.stdout
    assert strict.returncode == 1


def test_yaml_traps_do_not_corrupt_codes(tmp_path):
    plan = (MINIMAL / "plan.yaml").read_text(encoding="utf-8").replace('site_serial: "008"', "site_serial: 008")
    (tmp_path / "plan.yaml").write_text(plan, encoding="utf-8")
    [result] = check([tmp_path])
    assert result.ok  # unquoted 008 stays the text "008", not the number 8


def test_schema_files_are_valid_cerberus_schemas():
    """At run time the schema is trusted (not re-validated, for speed): this is where it is checked."""
    import cerberus
    from skillplan.plan.validate import PlanValidator, load_schema

    for name in ("plan", "cycle"):
        PlanValidator(load_schema(name))  # raises SchemaError on an unknown rule or a malformed one
    try:
        PlanValidator({"x": {"type": "strnig"}})
    except cerberus.SchemaError:
        pass
    else:
        raise AssertionError("cerberus' own schema validation did not run")


def test_a_value_that_fails_its_own_check_is_the_only_message_about_it(tmp_path):
    # the filing rules never read it: they used to say “四级级、五级级须采用晋级评价” and “只认定，不含5级…”
    from helpers import EXAMPLE

    shutil.copytree(EXAMPLE, tmp_path / "client")
    plan = tmp_path / "client" / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    for levels, said in (("[五级, 四级]", ["occupations[0].levels[0]  应为整数，实际为“五级”",
                                          "occupations[0].levels[1]  应为整数，实际为“四级”"]),
                         ("5-3", ["occupations[0].levels  应为列表（每项以“- ”开头），实际为“5-3”"]),
                         ("[]", ["occupations[0].levels  至少需要 1 项，实际为 0 项"])):
        plan.write_text(text.replace("levels: [5, 4, 3]", f"levels: {levels}", 1), encoding="utf-8")
        done = run_cli("check", tmp_path / "client")
        assert done.returncode == 1
        assert [line.split("  ", 1)[1] for line in done.stderr.splitlines() if "plan.yaml:" in line] == said
