"""Scores you can defend: the exact pass mark in both methods, 缺考 as a result, every score cell
checked, no empty or ambiguous input. Fixtures: tests/data/scores/ (made by make_scores.py)."""
import json
import shutil

from helpers import DATA, EXAMPLE, docx_paragraphs, docx_text, run_cli
from openpyxl import load_workbook

SCORES = DATA / "scores"


def _results(client, tmp_path, scores: str, *more):
    return run_cli("results", client, "--cycle", "2026-1", "--roster", SCORES / "roster.csv", "--scores",
                   SCORES / scores, "-o", tmp_path / "out", "--ledger", tmp_path / "l.sqlite", *more)


def _by_name(folder, *columns):
    """The 成绩汇总's rows by name: the given columns of each (found by their header)."""
    header, *rows = load_workbook(folder / "成绩汇总.xlsx").active.iter_rows(values_only=True)
    return {r[1]: tuple(r[header.index(c)] for c in columns) for r in rows}


def test_the_pass_mark_is_exact_in_both_methods_and_printed_exactly(client, tmp_path):
    plan = client / "plan.yaml"  # the 公示 prints scores only when the plan asks for them
    plan.write_text(plan.read_text(encoding="utf-8").replace("  result_notice_days: 5",
                                                             "  notice_scores: true\n  result_notice_days: 5"), encoding="utf-8")
    done = _results(client, tmp_path, "edge_scores.csv")
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "out" / "example_2026-1"
    summary = _by_name(folder, "成绩", "结果", "证书编号")
    assert summary["陈志强"] == ("59.995", "不合格", None)                   # 定级 59.995: never 60.00
    assert summary["李晓玲"] == ("60.00", "合格", "Y000044012027264000001")   # 定级 60.00
    assert summary["张浩然"] == ("理论知识 59.995；操作技能 80.00", "不合格", None)  # 晋级 59.995
    assert summary["黄淑贞"] == ("理论知识 60.00；操作技能 60.00", "合格", "Y000044012027263000001")
    forms = docx_paragraphs(folder / "定级评价表（含成绩）-合并打印.docx")
    assert "总得分 | 100 |  |  |  |  | 59.995" in forms and "定级结果 | □通过\u3000\u3000\u3000\u3000☑不通过" in forms
    notice = docx_text(folder / "认定结果公示.docx")
    assert "1 | 李晓玲 | 445221********0121 | 电工 | 四级/中级工 | 60.00" in notice and "陈志强" not in notice
    assert "| 黄淑贞 | 441302********0371 | 焊工（电焊工） | 三级/高级工 | 理论知识 60.00\n操作技能 60.00" in notice


def test_an_absent_candidate_is_a_result_not_an_error(client, tmp_path):
    done = _results(client, tmp_path, "edge_scores.csv", "--format", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)["clients"][0]
    assert report["counts"] == {"passed": 2, "failed": 2, "absent": 2, "unqualified": 0, "pending": 0, "revoked": 0,
                                "new": 2, "reused": 0, "withdrawn": 0}
    folder = tmp_path / "out" / "example_2026-1"
    summary = _by_name(folder, "成绩", "结果", "证书编号")
    assert summary["刘伟强"] == summary["吴丽华"] == ("缺考", "缺考", None)  # no number
    forms = docx_paragraphs(folder / "定级评价表（含成绩）-合并打印.docx")
    assert "总得分 | 100 |  |  |  |  | 缺考" in forms and "定级结果 | 缺考" in forms
    text = _results(client, tmp_path, "edge_scores.csv")
    assert ("合格 2 人，不合格 2 人，缺考 2 人，不符合 0 人，待审核 0 人，已注销 0 人；新登记证书编号 0 个，沿用本批已登记的编号 2 个，"
            "撤回 0 个" in text.stdout)


def _summary(folder):
    return [r[1:] for r in load_workbook(folder / "成绩汇总.xlsx").active.iter_rows(values_only=True)]


def test_a_score_sheet_in_any_row_order_reads_alike(client, tmp_path):
    """Each person is graded as soon as all their rows are in: a sheet sorted by rater (everyone's rows
    apart) or with 缺考 marked on a person's last row gives the same results."""
    header, *rows = (SCORES / "edge_scores.csv").read_text(encoding="utf-8-sig").splitlines()
    done = _results(client, tmp_path, "edge_scores.csv")
    assert done.returncode == 0, done.stderr
    expected = _summary(tmp_path / "out" / "example_2026-1")
    late_mark = [r.replace(",班组长,缺考,", ",班组长,,").replace(",人力资源部门,,", ",人力资源部门,缺考,")
                 if "刘伟强" in r else r for r in rows]
    for n, order in enumerate([sorted(rows, key=lambda r: r.split(",")[2]), late_mark]):
        path = tmp_path / f"scores{n}.csv"
        path.write_text("\n".join([header, *order]) + "\n", encoding="utf-8")
        done = run_cli("results", client, "--cycle", "2026-1", "--roster", SCORES / "roster.csv", "--scores", path,
                       "-o", tmp_path / f"out{n}", "--ledger", tmp_path / f"l{n}.sqlite")
        assert done.returncode == 0, done.stderr
        assert _summary(tmp_path / f"out{n}" / "example_2026-1") == expected


def test_rows_after_a_person_is_graded_or_marked_absent_are_still_refused(client, tmp_path):
    """A row repeated after the person's rows were all in is named with the first; a score on a row
    that comes after a 缺考 mark is refused, wherever that row stands."""
    header, *rows = (SCORES / "edge_scores.csv").read_text(encoding="utf-8-sig").splitlines()
    moved = next(r for r in rows if "刘伟强,主管部门" in r)
    scored = moved.replace(",主管部门,,,", ",主管部门,,1.2,")
    order = [r for r in rows if r != moved] + [rows[0], scored]
    path = tmp_path / "scores.csv"
    path.write_text("\n".join([header, *order]) + "\n", encoding="utf-8")
    done = run_cli("results", client, "--cycle", "2026-1", "--roster", SCORES / "roster.csv", "--scores", path,
                   "-o", tmp_path / "out", "--ledger", tmp_path / "l.sqlite")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert [line.split("scores.csv:")[1] for line in done.stderr.splitlines() if "scores.csv:" in line] == [
        "16:3  评价主体  陈志强的“班组长”评分已在第 2 行",
        "17:5  工作态度  刘伟强已标记缺考，此格应留空，实际为“1.2”",
    ]
    assert not (tmp_path / "out").exists()


def test_unchecked_scores_are_refused_by_row_and_column(client, tmp_path):
    done = _results(client, tmp_path, "unchecked_scores.csv")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert [line.split("unchecked_scores.csv:")[1] for line in done.stderr.splitlines() if "unchecked" in line] == [
        "2:5  工作态度  应为 0 至 2 之间的分数，实际为“八十”",
        "3:6  沟通合作  应为 0 至 2 之间的分数，实际为“٨٥”",
        "4:7  操作规程  应为 0 至 2 之间的分数，实际为“6e1”",
        "5:15  低压电器选用  “人力资源部门”在“职业能力”中没有权重，此格应留空，实际为“999”",
        "6:26  理论知识  不是李晓玲（电工四级/中级工）的评分项，此格应留空，实际为“90”",
        "7:2  姓名  与名册不符：名册第 3 行该证件号码的姓名为“李晓玲”，实际为“李小玲”",
        "8:5  工作态度  缺考请在“缺考”列填写“缺考”，分数格留空",
    ]
    assert not (tmp_path / "out").exists()


def test_a_score_column_headed_twice_is_refused_not_half_read(client, tmp_path):
    # a re-marked 理论知识 pasted beside the first: which one was meant is not ours to guess
    scores = client / "cycles" / "2026-1" / "scores.csv"
    lines = scores.read_text(encoding="utf-8-sig").splitlines()
    column = lines[0].split(",").index("理论知识")
    twice = [",".join(cells[:column + 1] + cells[column:]) for cells in (line.split(",") for line in lines)]
    scores.write_text("\n".join(twice) + "\n", encoding="utf-8")
    done = run_cli("results", client, "--cycle", "2026-1", "-o", tmp_path / "out", "--ledger", tmp_path / "l.sqlite")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"scores.csv:1:{column + 1}  理论知识  “理论知识”列出现了不止一次：请只保留一列" in done.stderr
    assert not (tmp_path / "out").exists() and not (tmp_path / "l.sqlite").exists()


def test_two_rosters_or_two_score_sheets_side_by_side_are_refused(client, tmp_path):
    folder = client / "cycles" / "2026-1"
    shutil.copy(folder / "roster.csv", folder / "roster.xlsx")
    done = run_cli("forms", client, "--cycle", "2026-1", "-o", tmp_path / "out")
    assert done.returncode == 1
    assert f"{folder}  (文件)  同时有 roster.xlsx 和 roster.csv，无法确定用哪一个：请删除或改名其中一个（或用 --roster 指定文件）" \
        in done.stderr
    (folder / "roster.xlsx").unlink()
    shutil.copy(folder / "scores.csv", folder / "scores.xlsx")
    done = run_cli("results", client, "--cycle", "2026-1", "-o", tmp_path / "out", "--ledger", tmp_path / "l")
    assert done.returncode == 1 and "同时有 scores.xlsx 和 scores.csv，无法确定用哪一个" in done.stderr
    assert not (tmp_path / "out").exists()


def test_a_header_only_roster_is_refused(client, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text((SCORES / "roster.csv").read_text(encoding="utf-8-sig").splitlines()[0] + "\n", encoding="utf-8")
    done = run_cli("forms", client, "--cycle", "2026-1", "--roster", roster, "-o", tmp_path / "out")
    assert done.returncode == 1
    assert f"{roster}:1:0  (文件)  名册只有表头，没有任何人员：请填写报名人员后再运行" in done.stderr
    assert not (tmp_path / "out").exists()


def _look(sheet, cell) -> tuple[bool, bool]:
    """(locked, grey) as Excel shows a cell: its own style if written, else its row's, else its column's.
    (sheet.written: the cells in the file, noted before reading any cell creates the rest.)"""
    if (cell.row, cell.column) in sheet.written:
        source = cell
    elif sheet.row_dimensions[cell.row].has_style:
        source = sheet.row_dimensions[cell.row]
    else:
        source = sheet.column_dimensions[cell.column_letter]
    return source.protection.locked, source.fill.fgColor.rgb == "00D9D9D9"


def test_score_sheet_opens_only_the_cells_a_row_fills_and_explains_absence(client, tmp_path):
    assert run_cli("forms", client, "--cycle", "2026-1", "--roster", SCORES / "roster.csv",
                   "-o", tmp_path / "out").returncode == 0
    book = load_workbook(tmp_path / "out" / "example_2026-1" / "评分录入表.xlsx")
    sheet = book["评分"]
    sheet.written = set(sheet._cells)
    assert sheet.protection.sheet
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["证件类型", "证件号码", "姓名", "评价主体", "缺考"]
    assert all(_look(sheet, c) == (True, False) for c in sheet[1])
    for who, rater in (("陈志强", "人力资源部门"), ("陈志强", "班组长"), ("张浩然", "考试")):
        row = next(r for r in sheet.iter_rows(min_row=2) if r[2].value == who and r[3].value == rater)
        look = {header[i]: _look(sheet, c) for i, c in enumerate(row)}
        assert look["缺考"] == (False, False) and look["证件号码"] == (True, False)
        assert look["工作态度"] == ((False, False) if rater != "考试" else (True, True))  # 职业道德: weighted
        assert look["低压电器选用"] == ((False, False) if rater == "班组长" else (True, True))  # HR: no weight
        assert look["理论知识"] == ((False, False) if rater == "考试" else (True, True))
    assert any("缺考" in r[0].value for r in book["填写说明"].iter_rows(min_row=2))


def test_the_score_sheet_filled_in_excel_reads_back_as_scores(client, tmp_path):
    """The loop HR runs: forms writes 评分录入表.xlsx, HR fills the open cells and saves it as scores.xlsx."""
    out = tmp_path / "out"
    assert run_cli("forms", client, "--cycle", "2026-1", "--roster", SCORES / "roster.csv", "-o", out).returncode == 0
    book = load_workbook(out / "example_2026-1" / "评分录入表.xlsx")
    sheet, points = book["评分"], {r[0]: r[1] for r in book["分值范围"].iter_rows(min_row=2, values_only=True)}
    sheet.written = set(sheet._cells)
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        absent = row[2].value == "刘伟强"
        for name, cell in zip(header, row):
            if name == "缺考" and absent:
                cell.value = "缺考"
            elif not _look(sheet, cell)[0] and name != "缺考" and not absent:
                cell.value = int(points[name].split("（")[0].split("-")[1])  # full marks, typed as numbers
    scores = tmp_path / "scores.xlsx"
    book.save(scores)
    done = run_cli("results", client, "--cycle", "2026-1", "--roster", SCORES / "roster.csv", "--scores", scores,
                   "-o", out, "--ledger", tmp_path / "l.sqlite")
    assert done.returncode == 0, done.stderr
    assert "合格 5 人，不合格 0 人，缺考 1 人" in done.stdout


def test_an_id_number_excel_stored_as_a_number_in_scores_is_named(client, tmp_path):
    import csv

    from openpyxl import Workbook

    book = Workbook()
    with open(SCORES / "edge_scores.csv", encoding="utf-8-sig", newline="") as f:
        for n, row in enumerate(csv.reader(f)):
            book.active.append([float(row[0][:15] + "000") if n == 1 else row[0], *row[1:]])
    book.save(tmp_path / "scores.xlsx")
    done = _results(client, tmp_path, tmp_path / "scores.xlsx")
    assert done.returncode == 1
    assert "scores.xlsx:2:1  证件号码  被 Excel 存成了数字，末几位已丢失：请把该列设为“文本”后重新输入" in done.stderr


def test_no_room_for_the_temporary_print_files_is_a_message_not_a_traceback(client, monkeypatch):
    """results keeps print files it renders early in the temporary folder: when none can be made
    there, it says where and what to do, and writes nothing."""
    import tempfile

    import pytest
    from skillplan import api
    from skillplan.core.errors import SkillplanError

    def no_room(*_, **__):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "TemporaryDirectory", no_room)
    with pytest.raises(SkillplanError, match="无法在临时文件夹 .* 中写入：磁盘空间不足.*TMPDIR"):
        api.results(client, "2026-1", out_dir=client.parent / "out")
    assert not (client.parent / "out").exists()


def test_the_one_step_reading_of_a_row_gives_what_checking_each_cell_gives(monkeypatch, tmp_path):
    """Rows with nothing to report are read in one step (RowCheck); rows that need a word are read cell
    by cell. Both ways must give the same outcomes and the same problems, for unusual but good cells
    (８, 08, 7.50, a filled 备注 column, rows apart) and for bad ones (over the points, a score where
    the rater has no weight, a word, a row cut short)."""
    import csv
    import random

    from helpers import EXAMPLE
    from skillplan import api
    from skillplan.cycle import scoring
    from skillplan.cycle.admission import review
    from skillplan.cycle.roster import read_roster

    _, plan = api.checked(EXAMPLE / "plan.yaml", strict=False)
    cycle = next(c for c in plan["cycles"] if c["id"] == "2026-1")
    candidates, _ = read_roster(EXAMPLE / "cycles" / "2026-1" / "roster.csv", plan, cycle)
    candidates = [v.candidate for v in review(plan, candidates, cycle["registration"]["end"]) if v.admitted]
    header, *rows = list(csv.reader((EXAMPLE / "cycles" / "2026-1" / "scores.csv").open(encoding="utf-8-sig")))
    odd = {"2": "２", "8": "08", "7.5": "7.50"}
    good = [[*(odd.get(v, v) for v in row), "见附页"] for row in rows]
    random.Random(1).shuffle(good)
    bad = [list(row) for row in rows]
    bad[0][4], bad[5][-3], bad[9][3], bad[14] = "9", "80", "优", bad[14][:12]  # 工作态度 9 > 2 points …

    def read(sheet, one_step):
        path = tmp_path / "scores.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows([[*header, "备注"] if len(sheet[0]) > len(header) else header, *sheet])
        if not one_step:
            monkeypatch.setattr(scoring._Scoring, "quick", lambda *_: None)
        outcomes, problems = scoring.read_scores(path, plan, candidates)
        monkeypatch.undo()
        return [(o.candidate.id_number, o.total, o.passed, o.absent, o.exam, o.given) for o in outcomes], problems

    for sheet in (good, bad):
        assert read(sheet, one_step=True) == read(sheet, one_step=False)
    outcomes, problems = read(good, one_step=True)
    assert not problems and len(outcomes) == len(candidates)
    # and the good sheet's 定级 people did take the one step
    quick, taken = scoring._Scoring.quick, []
    monkeypatch.setattr(scoring._Scoring, "quick", lambda *a: taken.append(quick(*a)) or taken[-1])
    scoring.read_scores(tmp_path / "scores.csv", plan, candidates)
    monkeypatch.undo()
    assert sum(t is not None for t in taken) == sum(o.candidate.method == "定级评价" and not o.absent
                                                    for o in scoring.read_scores(tmp_path / "scores.csv", plan, candidates)[0]) > 10
    outcomes, problems = read(bad, one_step=True)
    assert len(problems) >= 4 and not any(number == bad[0][0] for number, *_ in outcomes)


def test_a_roster_or_score_sheet_named_in_capitals_is_found_and_two_case_variants_are_refused(client, tmp_path):
    """ROSTER.CSV (as some scanners and old Windows tools name files) is the roster; Roster.csv beside
    roster.xlsx, or SCORES.XLSX beside scores.csv, is two files, as roster.xlsx beside roster.csv is
    (a case-sensitive file system found neither, or silently took the lower-case one)."""
    import pytest
    from skillplan import api
    from skillplan.core.errors import InvalidInput

    folder = client / "cycles" / "2026-1"
    (folder / "roster.csv").rename(folder / "ROSTER.CSV")
    assert api.cycle_file(client / "plan.yaml", "2026-1", "roster", None) == folder / "ROSTER.CSV"
    done = run_cli("prepare", client, "--cycle", "2026-1", "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    shutil.copy(folder / "ROSTER.CSV", folder / "Roster.xlsx")
    shutil.copy(folder / "scores.csv", folder / "SCORES.XLSX")
    if len(list(folder.iterdir())) < 2 + len(list((EXAMPLE / "cycles" / "2026-1").iterdir())):
        pytest.skip("this file system folds case")
    for stem, names in (("roster", "同时有 Roster.xlsx 和 ROSTER.CSV"), ("scores", "同时有 SCORES.XLSX 和 scores.csv")):
        with pytest.raises(InvalidInput) as refused:
            api.cycle_file(client / "plan.yaml", "2026-1", stem, None)
        assert refused.value.problems[0].message == (f"{names}，无法确定用哪一个：请删除或改名其中一个（或用 --{stem} 指定文件）")


def test_a_formula_error_or_an_uncalculated_formula_in_a_score_cell_is_named_as_such(client, tmp_path):
    """Excel's #DIV/0!, #N/A, #VALUE! and a formula saved without its result all read as an empty cell:
    they were reported as 缺少分数, and HR looked for a blank that is not there."""
    import csv

    from openpyxl import Workbook

    rows = list(csv.reader((SCORES / "edge_scores.csv").read_text(encoding="utf-8-sig").splitlines()))
    header = rows[0]
    book = Workbook()
    for row in rows:
        book.active.append([cell for cell in row])
    at = {name: header.index(name) + 1 for name in ("工作态度", "沟通合作", "操作规程", "工作计划")}
    first = 2  # 陈志强's 班组长 row
    book.active.cell(first, at["工作态度"], "#DIV/0!")  # openpyxl stores these as Excel error values
    book.active.cell(first, at["沟通合作"], "#N/A")
    book.active.cell(first, at["操作规程"], "#VALUE!")
    book.active.cell(first, at["工作计划"], "=1.2*1")  # a formula: openpyxl saves no result for it
    at["团结合作"] = header.index("团结合作") + 1
    book.active.cell(first, at["团结合作"], '=IF(1,"",1)')
    book.save(tmp_path / "scores.xlsx")
    _empty_text_result(tmp_path / "scores.xlsx", f"{chr(64 + at['团结合作'])}{first}")  # as Excel saves =IF(…,"",…)
    done = run_cli("results", client, "--cycle", "2026-1", "--roster", SCORES / "roster.csv", "--scores",
                   tmp_path / "scores.xlsx", "-o", tmp_path / "out", "--ledger", tmp_path / "l.sqlite")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    said = {line.split("  ")[0].rsplit(":", 2)[-1]: line for line in done.stderr.splitlines() if "scores.xlsx:2:" in line}
    assert "单元格是公式错误值 #DIV/0!，不是分数：请改正公式或直接填写分数（0 至 " in said[str(at["工作态度"])]
    assert "单元格是公式错误值 #N/A，不是分数" in said[str(at["沟通合作"])]
    assert "单元格是公式错误值 #VALUE!，不是分数" in said[str(at["操作规程"])]
    assert ("单元格的公式没有计算结果（保存时未计算）：请在 Excel 中重新计算并保存，或直接填写分数（0 至 "
            in said[str(at["工作计划"])])
    assert "单元格的公式计算结果为空，不是分数：请改正公式或直接填写分数（0 至 " in said[str(at["团结合作"])]
    assert "缺少分数" not in "".join(said.values())


def _empty_text_result(workbook, ref: str) -> None:
    """Give a formula cell the empty text result Excel stores for it (openpyxl stores none)."""
    import re
    import zipfile

    with zipfile.ZipFile(workbook) as z:
        members = {name: z.read(name) for name in z.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    sheet, count = re.subn(f'<c r="{ref}"( [^>]*)?>', f'<c r="{ref}" t="str">', sheet)
    assert count == 1
    members["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(workbook, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)


def test_a_total_a_hair_under_the_mark_fails_in_both_methods_and_prints_every_digit(client, tmp_path, monkeypatch):
    """Decimal's default 28 digits rounded an exact total of 59.999…9 (27 nines) up to 60: it passed and got a
    number. Totals are exact in both grading paths (the one-step RowCheck and cell by cell), in the workers
    that print the forms' weighted scores, and printed exactly."""
    from skillplan.cycle import scoring

    nines = "59." + "9" * 27
    lines = (SCORES / "edge_scores.csv").read_text(encoding="utf-8-sig").splitlines()
    # 李晓玲 reaches 60.00 exactly; her HR rater (20 % in 职业道德) gives 工作态度 5e-27 less: 1e-27 off the total
    hr = next(i for i, line in enumerate(lines) if line.startswith("445221198912250121,李晓玲,人力资源部门"))
    lines[hr] = lines[hr].replace(",1.2,", ",1.1" + "9" * 25 + "5,", 1)
    exam = next(i for i, line in enumerate(lines) if line.startswith("441302197807090371,黄淑贞,考试"))
    lines[exam] = lines[exam].replace(",60.00,60", f",{nines},60")
    scores = tmp_path / "scores.csv"
    scores.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for path_kind in ("one step", "cell by cell"):
        if path_kind == "cell by cell":
            monkeypatch.setattr(scoring._Scoring, "quick", lambda *_: None)
        done = run_cli("results", client, "--cycle", "2026-1", "--roster", SCORES / "roster.csv", "--scores", scores,
                       "-o", tmp_path / "out", "--ledger", tmp_path / f"{path_kind}.sqlite")
        assert done.returncode == 0, done.stderr
        folder = tmp_path / "out" / "example_2026-1"
        summary = _by_name(folder, "成绩", "结果", "证书编号")
        assert summary["李晓玲"] == (nines, "不合格", None), path_kind
        assert summary["黄淑贞"] == (f"理论知识 {nines}；操作技能 60.00", "不合格", None), path_kind
        forms = docx_paragraphs(folder / "定级评价表（含成绩）-合并打印.docx")
        assert f"总得分 | 100 |  |  |  |  | {nines}" in forms, path_kind
        # 工作态度's weighted score, printed by a worker: 1.2 less 1e-27
        assert any("| 工作态度：" in line and line.endswith(" | 1.1" + "9" * 26) for line in forms), path_kind
        assert "李晓玲" not in docx_text(folder / "认定结果公示.docx")
