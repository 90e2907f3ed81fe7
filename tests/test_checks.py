"""What `check` says of plans a hostile tester wrote: each fact that disagrees with another is refused
(or warned of) in one message naming both, a mistyped value is the one message about it, and the
filing never prints a level, a clause or a code the plan cannot stand behind."""
import shutil

from helpers import EXAMPLE, MINIMAL, ROOT, docx_text, run_cli
from skillplan.api import check

CONFIG = ROOT / "config"


def client(tmp_path, base=EXAMPLE, *edits: tuple[str, str], name: str = "plan.yaml"):
    """A copy of the client base with each (old, new) of edits made once in its file name."""
    folder = tmp_path / base.name
    if not folder.exists():
        shutil.copytree(base, folder)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return folder


def said(folder) -> list[str]:
    """Every problem as `key path  message` (警告： before a warning's message)."""
    [result] = check([folder])
    return [str(p).split("  ", 1)[1] for p in result.problems]


# ---- F: a mistyped value is the one message about it -------------------------------------------

def test_a_method_typo_is_one_message_with_the_method_meant(tmp_path):
    # it said “车工”在认定范围中的认定方式为、晋级评价 (an empty method) and that 车工 had no site
    folder = client(tmp_path, EXAMPLE, ("    name: 车工\n    levels: [5, 4, 3]\n    basis: 国家职业技能标准\n    method: 定级评价",
                                        "    name: 车工\n    levels: [5, 4, 3]\n    basis: 国家职业技能标准\n    method: 定级"))
    assert said(folder) == ["occupations[1].method  应为以下之一：定级评价、晋级评价；实际为“定级”，是否想写“定级评价”？"]


def test_a_basis_typo_is_one_message_and_assumes_no_national_standard(tmp_path):
    folder = client(tmp_path, EXAMPLE, ("basis: 行业企业评价规范    ", "basis: 企业评价规范    "))
    assert said(folder) == ["occupations[4].basis  应为以下之一：国家职业技能标准、行业企业评价规范；"
                            "实际为“企业评价规范”，是否想写“行业企业评价规范”？"]


def test_an_occupation_name_where_its_trade_belongs_is_said_as_such(tmp_path):
    # it said “焊工”不在认定的职业（工种）范围中，是否想写“车工”？ (and then that 电焊工 had no site)
    folder = client(tmp_path, EXAMPLE, ("trades: [电焊工, 化学检验员]", "trades: [焊工, 化学检验员]"))
    assert said(folder) == ["exam_sites[1].trades[0]  “焊工”是职业名称，该职业在认定范围中的工种为“电焊工”："
                            "有工种的职业在此写工种名称，是否想写“电焊工”？"]
    folder = client(tmp_path / "cycle", EXAMPLE, ("trade: 化学检验员, levels: [4, 3, 2]", "trade: 焊工, levels: [4, 3, 2]"),
                    name="cycles/2027-1.yaml")
    assert said(folder) == ["offerings[0].trade  “焊工”是职业名称，该职业在认定范围中的工种为“电焊工”："
                            "有工种的职业在此写工种名称，是否想写“电焊工”？"]


def test_did_you_mean_prefers_a_name_holding_the_word_or_held_by_it():
    from skillplan.core.errors import did_you_mean

    assert did_you_mean("焊工", ["车工", "电工", "不锈钢薄板氩弧焊工"]) == "，是否想写“不锈钢薄板氩弧焊工”？"
    assert did_you_mean("钳工", ["电工", "车工", "装配钳工"]) == "，是否想写“装配钳工”？"
    assert did_you_mean("钳工", ["电工", "车工"]) == "，是否想写“电工”？"  # no such name: the nearest typo
    assert did_you_mean("工", ["电工", "车工"]) == "，是否想写“电工”？"  # one character holds nothing


def test_values_holding_a_comma_of_their_own_are_told_apart(tmp_path):
    folder = client(tmp_path, MINIMAL, ("  city: 深圳市\n", "  city: 深圳市\n  sector: 制造\n"))
    [message] = said(folder)
    assert message.startswith("company.sector  应为以下之一：“农、林、牧、渔业”“采矿业”“制造业”“电力、热力、燃气及水生产和供应业”")
    assert message.endswith("“国际组织”“服务业”；实际为“制造”，是否想写“制造业”？")


def test_a_yes_no_value_says_what_is_accepted(tmp_path):
    folder = client(tmp_path, MINIMAL, ("  city: 深圳市\n", "  city: 深圳市\n  group_filing: 对\n"))
    assert said(folder) == ["company.group_filing  应为 true 或 false（也可写“是”或“否”），实际为“对”"]
    for word in ("是", "否", "yes", "no", "True"):
        assert said(client(tmp_path / word, MINIMAL, ("  city: 深圳市\n", f"  city: 深圳市\n  group_filing: {word}\n"
                                                      "branches: [{name: 深圳市安康养老服务有限公司福田分公司, "
                                                      "credit_code: 91440300MA5G2CFT13, address: 福田路1号}]\n"))) == []


def test_a_level_written_twice_in_one_list_is_one_message_about_that_list(tmp_path):
    # it also said “养老护理员”的4级已在 occupations[0] 中列出 — of its own row
    folder = client(tmp_path, MINIMAL, ("    levels: [5, 4, 3]\n    basis", "    levels: [5, 4, 4, 3]\n    basis"))
    assert said(folder) == ["occupations[0].levels  4级在同一列表中写了两次：每个等级只写一次"]


def test_a_new_clause_needs_text_or_an_item_and_is_not_told_of_an_unrelated_id(tmp_path):
    # it said 没有 id 为“x5”的条款，是否想写“x1”？；新增条款须写 text（条文） — x1 being the client's own
    # new clause — and, besides, that items needs one item
    folder = client(tmp_path, MINIMAL, ("incentives:\n", "clauses:\n  annex3:\n    - {id: x1, text: 甲。}\n"
                                                         "    - {id: x5, items: []}\n    - {id: trem, title: 聘期}\n"
                                                         "incentives:\n"))
    assert said(folder) == ["clauses.annex3[1].id  没有 id 为“x5”的条款；新增条款须写 text（条文）或至少一项 items",
                            "clauses.annex3[2].id  没有 id 为“trem”的条款（是否想写“term”？）；"
                            "新增条款须写 text（条文）或至少一项 items"]


# ---- A: a site row's levels cell is true of every trade it names ----------------------------------

CHEMIST_FROM_4 = ("    name: 化学检验员\n    levels: [5, 4, 3, 2]", "    name: 化学检验员\n    levels: [4, 3, 2]")


def _site_row(folder, trades: str) -> str:
    from skillplan import api
    from skillplan.filing.derive import site_rows

    _, plan = api.checked(folder / "plan.yaml", strict=False)
    return next(" | ".join(row[k].replace("\n", "") for k in ("trades", "levels", "method")) for row in site_rows(plan)
                if row["trades"].startswith(trades))


def test_a_row_of_trades_assessing_different_levels_prints_each_with_its_own(tmp_path):
    # the row printed 电焊工、化学检验员 | 五级至二级: 化学检验员 五级, which the plan does not assess
    folder = client(tmp_path, EXAMPLE, CHEMIST_FROM_4)
    assert said(folder) == []
    assert _site_row(folder, "电焊工") == "电焊工（五级至二级）、化学检验员（四级至二级） | 五级至二级 | 晋级评价"
    assert _site_row(EXAMPLE, "电工") == "电工、车工 | 五级至三级 | 定级评价"  # both at every level: named alone
    done = run_cli("build", folder, "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    [filing] = (tmp_path / "out" / "example").glob("*工作方案.docx")
    assert "| 电焊工（五级至二级）、化学检验员（四级至二级） | 五级至二级 | 晋级评价" in docx_text(filing).replace("\n", "")


def test_a_level_of_a_row_none_of_its_trades_assesses_is_refused(tmp_path):
    folder = client(tmp_path, EXAMPLE, CHEMIST_FROM_4, ("trades: [电焊工, 化学检验员]\n    levels: [5, 4, 3, 2]",
                                                        "trades: [电焊工, 化学检验员]\n    levels: [5, 4, 3, 2, 1]"))
    assert said(folder) == ["exam_sites[1].levels  本行的工种都不以晋级评价认定1级（“电焊工”认定5级、4级、3级、2级；"
                            "“化学检验员”认定4级、3级、2级）：请从本行的等级中删去"]


def test_a_lone_trade_row_holds_only_levels_its_trade_assesses(tmp_path):
    folder = client(tmp_path, EXAMPLE, ("trades: [仓储管理员]\n    levels: [5, 4, 3]", "trades: [仓储管理员]\n    levels: [5, 4, 3, 2]"))
    assert said(folder) == ["exam_sites[2].levels  “仓储管理员”的晋级评价只认定5级、4级、3级，不含2级"]


def test_a_trade_of_a_row_assessing_none_of_its_levels_is_refused(tmp_path):
    folder = client(tmp_path, EXAMPLE, ("  - address: 佛山市顺德区大良街道五沙工业园兴业路18号\n    trades: [仓储管理员]",
                                        "  - address: 广州市黄埔区科学城开创大道1288号\n    trades: [电焊工, 仓储管理员]\n"
                                        "    levels: [2]\n    method: 晋级评价\n"
                                        "  - address: 佛山市顺德区大良街道五沙工业园兴业路18号\n    trades: [仓储管理员]"))
    assert said(folder) == ["exam_sites[2].levels  “仓储管理员”的晋级评价只认定5级、4级、3级，不含2级"]


# ---- B: an offering is listed once -----------------------------------------------------------------

def test_an_offering_listed_twice_is_refused_naming_both(tmp_path):
    # the 公告's schedule printed it as rows 1 and 2
    twice = "  - {trade: 电工, levels: [4, 3], date: 2027-03-24, address: 广州市黄埔区科学城开创大道1288号}\n"
    folder = client(tmp_path, EXAMPLE, (twice, twice + twice.replace("[4, 3]", "[3]")), name="cycles/2027-1.yaml")
    assert said(folder) == ["offerings[2]  与 offerings[1] 重复：“电工”的3级已在同一日期（2027-03-24）、同一地点列出；"
                            "请删去一项，或合为一项"]
    # the same offering on another day, or at another place, is another session
    folder = client(tmp_path / "other", EXAMPLE, (twice, twice + twice.replace("2027-03-24", "2027-03-25")),
                    name="cycles/2027-1.yaml")
    assert said(folder) == []


# ---- C: clauses for an annex the plan does not attach ----------------------------------------------

def test_clauses_for_the_question_bank_annex_of_a_grading_only_plan_are_refused(tmp_path):
    # the 附件2 this plan prints is 考评人员管理; annex2 is the 题库 annex, not attached: the sentence was lost
    folder = client(tmp_path, CONFIG / "grading-only", ("signing_date:", "clauses:\n  annex2:\n"
                                                        "    - {id: our_rule, text: 考评人员须持证上岗。}\n"
                                                        "    - {id: no_such, drop: true}\nsigning_date:"))
    assert said(folder) == ["clauses.annex2  annex2 是《题库开发和运行管理工作规范》的条款；本方案只开展定级评价，不附这个附件，"
                            "这些条款不会出现在任何文件中。本方案的附件2是《考评人员管理及工作规范》，其条款写在 annex3 下"]
    folder = client(tmp_path / "meant", CONFIG / "grading-only", ("signing_date:", "clauses:\n  annex3:\n"
                                                                  "    - {id: our_rule, text: 考评人员须持证上岗。}\nsigning_date:"))
    assert said(folder) == []


def test_the_clause_keys_name_the_annexes_the_filing_prints():
    from skillplan.filing import derive
    from skillplan.plan.clauses import library
    from skillplan.plan.facts import ANNEX_KEYS, CLAUSE_ANNEXES

    assert [key for key, _ in derive.ANNEXES] == list(ANNEX_KEYS)
    assert {doc: key for key, (_, doc) in derive.ANNEX_SOURCES.items() if doc} == CLAUSE_ANNEXES
    titles = dict(derive.ANNEXES)
    assert all(library(doc)["title"] == titles[key] for doc, key in CLAUSE_ANNEXES.items())


# ---- D: every unit its own credit code ---------------------------------------------------------------

def test_a_branch_with_the_head_offices_credit_code_is_refused(tmp_path):
    folder = client(tmp_path, EXAMPLE, ("    credit_code: 91440606MA4X7RQ2U4", "    credit_code: 91440112MA59XHK3PB"))
    assert said(folder) == ["branches[0].credit_code  与总部“广州华粤精密机械有限公司”的统一社会信用代码（company.credit_code）相同："
                            "总部、每个分公司和子公司各有自己的代码"]


def test_two_subsidiaries_with_one_credit_code_are_refused(tmp_path):
    folder = client(tmp_path, CONFIG / "group-subsidiaries", ("credit_code: 91440704MA53KD9W1T", "credit_code: 91441802MA52XN6R3D"))
    assert said(folder) == ["subsidiaries[1].credit_code  与子公司“清远华建建材有限公司”的统一社会信用代码（subsidiaries[0].credit_code）"
                            "相同：总部、每个分公司和子公司各有自己的代码"]


# ---- E: occupation codes -------------------------------------------------------------------------------

def test_an_occupation_code_outside_the_eight_major_groups_is_refused(tmp_path):
    for code in ("9-25-04-07", "0-31-01-03"):
        folder = client(tmp_path / code, MINIMAL, ("code: 4-10-01-05", f"code: {code}"))
        assert said(folder) == [f"occupations[0].code  职业分类大典只有8个大类，编码第1位应为1–8，实际为“{code[0]}”"]
    folder = client(tmp_path / "format", MINIMAL, ("code: 4-10-01-05", "code: 9-25-4-07"))  # the form's message only
    assert said(folder) == ["occupations[0].code  格式不对：应为2022年版职业分类大典编码，形如 6-31-01-03；实际为“9-25-4-07”"]


def test_a_known_code_carrying_another_name_is_warned_of(tmp_path):
    folder = client(tmp_path, CONFIG / "single-level", ("code: 6-25-04-07", "code: 6-31-01-03"))
    assert said(folder) == ["occupations[0].code  警告：职业编码 6-31-01-03 是“电工”的编码，这里的职业名称为“电子设备装接工”："
                            "请核对编码和职业名称（工种写在 trade 中）"]


def test_the_known_codes_are_those_of_the_example_clients():
    """The table holds only what the repository relies on: every example client's code and name agree with it."""
    import yaml
    from skillplan.core.codes import OCCUPATION_NAMES

    used = {(o["code"], o["name"]) for plan in sorted(CONFIG.glob("*/plan.yaml"))
            for o in yaml.safe_load(plan.read_text(encoding="utf-8"))["occupations"]}
    assert used <= set(OCCUPATION_NAMES.items())


# ---- G: a person once on the committee -----------------------------------------------------------------

def test_the_director_listed_among_the_members_is_warned_of(tmp_path):
    folder = client(tmp_path, MINIMAL, ("    - {name: 钟伟, post: 护理部主任}", "    - {name: 林国栋, post: 总经理}"))
    assert said(folder) == ["committee.members[0].name  警告：“林国栋”已是委员会主任（committee.director），又列为成员："
                            "方案会把同一人列两次，请从成员中删去（如是同名的两个人，可不理会）"]
    done = run_cli("check", "--strict", folder)
    assert done.returncode == 1 and "Traceback" not in done.stderr


def test_a_clause_written_for_a_kind_of_plan_this_is_not_is_warned_of_and_can_be_kept(tmp_path):
    # a 晋级-only plan rewriting the 定级 scoring step: the rewrite printed nowhere, without a word
    written = ("\nclauses:\n  annex7:\n    - id: scoring_grading\n      items:\n"
               "        - 定级评价由班组长等评价主体评分，人力资源部门汇总。\n")
    folder = client(tmp_path, CONFIG / "exam-only")
    (folder / "plan.yaml").write_text((folder / "plan.yaml").read_text(encoding="utf-8") + written, encoding="utf-8")
    assert said(folder) == ["clauses.annex7[0].id  警告：条款“scoring_grading”只用于开展定级评价的方案，本方案的文件中没有"
                            "这一条：这里写的内容不会出现在任何文件中；确要写入的，在这一项中写 methods: [] 取消这一限制"]
    kept = client(tmp_path, CONFIG / "exam-only", ("    - id: scoring_grading\n", "    - id: scoring_grading\n      methods: []\n"))
    assert said(kept) == []
    assert run_cli("build", kept, "-o", tmp_path / "out").returncode == 0
    [flow] = (tmp_path / "out" / "exam-only" / "附件").glob("*实施流程.docx")
    assert "定级评价由班组长等评价主体评分，人力资源部门汇总。" in docx_text(flow)
    # the 题库 volume for plans up to 三级 rewritten in one that assesses 二级: said with its levels
    top = client(tmp_path / "top", EXAMPLE)
    (top / "plan.yaml").write_text((top / "plan.yaml").read_text(encoding="utf-8")
                                   + "\nclauses:\n  annex2:\n    - id: volume_exams\n      text: 题量按本企业规范。\n", encoding="utf-8")
    assert said(top) == ["clauses.annex2[0].id  警告：条款“volume_exams”只用于只认定五级/初级工、四级/中级工、三级/高级工的方案，"
                         "本方案的文件中没有这一条：这里写的内容不会出现在任何文件中；确要写入的，在这一项中写 only_levels: [] 取消这一限制"]


def test_a_raters_printed_title_where_its_key_belongs_is_one_message_saying_where_titles_go(tmp_path):
    # it said the key was not allowed and also 职业能力各评价主体权重之和应为100%，实际为60% (the key dropped)
    folder = client(tmp_path, EXAMPLE, ("ability_weights: {班组长: 40,", "ability_weights: {护理组长: 40,"))
    assert said(folder) == ["appraisal.ability_weights.护理组长  应为以下之一：班组长、车间主管、主管部门、人力资源部门；"
                            "实际为“护理组长”：权重按评价主体的这四个键写，表上印的称谓（如“护理组长”）写在 appraisal.rater_titles 中"]
