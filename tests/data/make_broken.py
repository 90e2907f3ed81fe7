from pathlib import Path

base = Path("tests/data/minimal/plan.yaml").read_text(encoding="utf-8")
cases = {
  "bad_credit_code": ("credit_code: 91440300MA5FQW7N20", "credit_code: 91440300MA5FQW7N21"),
  "unknown_key_typo": ("  short_name: 安康养老", "  short_nmae: 安康养老"),
  "missing_required": ("  legal_form: 有限责任公司\n", ""),
  "not_an_integer": ("  total: 320", "  total: 三百二十"),
  "bad_enum": ("    basis: 国家职业技能标准", "    basis: 国家标准"),
  "grading_level_2": ("    levels: [5, 4, 3]\n    basis: 国家职业技能标准\n    method: 定级评价", "    levels: [4, 3, 2]\n    basis: 国家职业技能标准\n    method: 定级评价"),
  "bad_occupation_code": ("  - code: 4-10-01-05", "  - code: 41001-05"),
  "site_unknown_trade": ("    trades: [养老护理员]", "    trades: [养老护理]"),
  "site_address_unknown": ("  - address: 深圳市福田区福华路88号", "  - address: 深圳市福田区福华路99号"),
  "site_level_outside": ("    trades: [养老护理员]\n    levels: [5, 4, 3]", "    trades: [养老护理员]\n    levels: [5, 4, 3, 2]"),
  "site_method_mismatch": ("    levels: [5, 4, 3]\n    method: 定级评价\nquality", "    levels: [5, 4, 3]\n    method: 晋级评价\nquality"),
  "disclosure_too_short": ("  disclosure_days: 5", "  disclosure_days: 3"),
  "missing_email": ("  complaint_email: jianding@ankang.example.cn\n", ""),
  "staff_parts_exceed": ("  skilled: 240", "  skilled: 300"),
  "enterprise_basis_without_conditions": ("    basis: 国家职业技能标准", "    basis: 行业企业评价规范"),
  "appraisal_points_sum": ("standard: 能对噎食、跌倒等意外进行初步处理, points: 20}", "standard: 能对噎食、跌倒等意外进行初步处理, points: 25}"),
  "weights_sum": ("certificate:\n", "appraisal:\n  ethics_weights: {班组长: 30, 车间主管: 30, 主管部门: 30, 人力资源部门: 20}\ncertificate:\n"),
  "org_code_not_0000": ("  site_serial: \"008\"", "  site_serial: \"008\"\n  org_code: \"0012\""),
  "impossible_date": ("signing_date: 2026-10-15", "signing_date: 2026-02-30"),
  "bad_city": ("  city: 深圳市", "  city: 深川市"),
  "list_instead_of_text": ("  business_scope: 养老机构运营、居家养老服务和康复护理", "  business_scope: [养老机构运营]"),
  "bad_year_month": ("  as_of: 2026-09", "  as_of: 2026/09"),
  "control_character": ("  business_scope: 养老机构运营、居家养老服务和康复护理", "  business_scope: \"养老机构运营\\x07居家养老\""),
}
for name, (old, new) in cases.items():
    assert base.count(old) == 1, name
    Path(f"tests/data/broken/{name}.yaml").write_text(base.replace(old, new), encoding="utf-8")
ten = base
for name in ["bad_credit_code", "not_an_integer", "bad_enum", "bad_occupation_code", "site_address_unknown",
             "disclosure_too_short", "impossible_date", "bad_city", "bad_year_month", "appraisal_points_sum"]:
    old, new = cases[name]
    ten = ten.replace(old, new)
Path("tests/data/ten_mistakes.yaml").write_text(ten, encoding="utf-8")
