"""The documents as the province and an HR office read them (issue 38): what leaves the company never
speaks of the tool, levels are written one way, and the rules the documents rest on are cited together."""
import re

from helpers import ROOT


def test_certificate_style_is_cited_with_the_national_notice_and_the_provinces_forwarding():
    """人社鉴发〔2021〕1号 is the national notice, 粤技服〔2021〕5号 the province's forwarding of it:
    wherever the guide names one, it names the other in the same paragraph."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    cited = 0
    for page in pages:
        for paragraph in re.split(r"\n\s*\n", page.read_text(encoding="utf-8")):
            national, province = "人社鉴发〔2021〕1号" in paragraph, "粤技服〔2021〕5号" in paragraph
            assert national == province, (page.name, paragraph[:80])
            cited += national
    assert "人社鉴发〔2021〕1号" in (ROOT / "README.md").read_text(encoding="utf-8") and cited >= 3


# ---- 6. one notation for a level everywhere a person reads it -------------------------------------

BARE_LEVEL = re.compile(r"(?<![\d.])[1-5]级")  # 5级 where the documents write 五级/初级工


def test_ledger_list_export_and_console_write_levels_as_the_documents_do(client, tmp_path):
    from helpers import run_cli
    from openpyxl import load_workbook

    prepared = run_cli("prepare", client, "--cycle", "2026-1", "-o", tmp_path / "out")
    assert prepared.returncode == 0, prepared.stderr
    assert "苏国平（名册第 26 行，焊工（电焊工）三级/高级工）" in prepared.stdout
    assert run_cli("results", client, "--cycle", "2026-1", "-o", tmp_path / "out").returncode == 0
    number = load_workbook(tmp_path / "out" / "example_2026-1" / "证书数据.xlsx").active["A2"].value
    revoked = run_cli("ledger", "revoke", client, number, "--reason", "证书信息错误")
    again = run_cli("results", client, "--cycle", "2026-1", "-o", tmp_path / "out")
    listed = run_cli("ledger", "list", client)
    assert run_cli("ledger", "export", client, "-o", tmp_path / "台账.xlsx").returncode == 0
    cells = [c for row in load_workbook(tmp_path / "台账.xlsx")["台账"].iter_rows(values_only=True) for c in row if c]
    assert f"已注销，不列入结果：{number}  陈志强  电工  五级/初级工" in again.stdout
    assert f"{number}  陈志强  440112********0010  电工  五级/初级工  2026-1  已注销" in listed.stdout
    assert "五级/初级工" in cells and "已注销：" in revoked.stdout
    for said in (prepared.stdout, revoked.stdout, again.stdout, listed.stdout, *map(str, cells)):
        assert BARE_LEVEL.findall(said) == [], said


# ---- 5. the 结果公示 prints no scores unless the plan asks, and then numbers only -------------------

def _notice_table(path):
    from helpers import docx_paragraphs

    lines = docx_paragraphs(path)
    start = next(i for i, line in enumerate(lines) if line.startswith("序号 | 姓名"))
    rows = [line.split(" | ") for line in lines[start:] if " | " in line]
    return rows[0], rows[1:]


def test_results_notice_leaves_scores_out_by_default_and_prints_numbers_when_asked(client, tmp_path):
    from helpers import run_cli

    notice = tmp_path / "out" / "example_2026-1" / "认定结果公示.docx"
    assert run_cli("results", client, "--cycle", "2026-1", "-o", tmp_path / "out").returncode == 0
    header, rows = _notice_table(notice)
    assert header == ["序号", "姓名", "证件号码", "职业（工种）", "认定等级"] and len(rows) == 24
    assert all(len(r) == 5 for r in rows)
    plan = client / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("  result_notice_days: 5",
                                                             "  notice_scores: true\n  result_notice_days: 5"),
                    encoding="utf-8")
    assert run_cli("results", client, "--cycle", "2026-1", "-o", tmp_path / "out").returncode == 0
    header, rows = _notice_table(notice)
    assert header[-1] == "成绩" and len(rows) == 24
    scores = {r[1]: r[-1] for r in rows}
    assert scores["陈志强"] == "88.80"  # 定级: the exact total
    welders = [r[-1] for r in rows if r[3] == "焊工（电焊工）"]
    # 晋级: every subject's score, each on a line of its own; never the word 合格 among numbers
    assert welders and all(re.fullmatch(r"理论知识 \d+\.\d+\n操作技能 \d+\.\d+", s) for s in welders)
    assert not [s for s in scores.values() if re.search(r"[^\d.\n理论知识操作技能综合评审 ]", s)]
