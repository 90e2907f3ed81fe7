"""Real rosters: every ID document type, every encoding Excel writes, names kept exactly, and no input
value ever becoming a spreadsheet formula. Fixtures: tests/data/rosters/ (made by make_rosters.py)."""
import io
import re
import time

import pytest
from helpers import DATA, docx_paragraphs, docx_text, example_plan_and_cycle, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from skillplan.core import codes
from skillplan.core.errors import InvalidInput
from skillplan.core.xlsx import Sheet, workbook_bytes
from skillplan.cycle.ledger import Ledger
from skillplan.cycle.roster import Held, read_roster

ROSTERS = DATA / "rosters"
EVERY_ID = {  # 证件类型 → (姓名, 证件号码, what a public list shows)
    "居民身份证": ("陈志强", "440112198809210010", "440112********0010"),
    "港澳台居民居住证": ("𠀀丽华", "810000199207040045", "810000********0045"),
    "港澳居民来往内地通行证": ("Ho Ka Wai", "M1234567890", "M1*******90"),
    "台湾居民来往大陆通行证": ("林志明", "01234567", "01****67"),
    "外国人永久居留身份证": ("Maria DA SILVA", "BRA440083061101", "BRA********1101"),
    "护照": ("Nguyen Van An", "C1234567", "C1****67"),
}


def _refusals(done, fixture: str) -> list[str]:
    return [line.split(f"{fixture}:")[1] for line in done.stderr.splitlines() if f"{fixture}:" in line]


def test_every_id_type_is_read_with_names_kept_exactly():
    plan, cycle = example_plan_and_cycle()
    candidates, problems = read_roster(ROSTERS / "every_id.csv", plan, cycle)
    assert problems == []
    found = {c.name: c for c in candidates}
    for kind, (name, number, masked) in EVERY_ID.items():
        assert (found[name].id_type, found[name].id_number, found[name].masked_id) == (kind, number, masked)
    assert "阿依古丽·买买提" in found and "John SMITH" in found  # middle dot and Latin letters as written
    first = found["陈志强"]
    assert (first.level, first.years_here, first.department) == (4, "10", "生产1部")  # ４级 and １０ read as 4, 10
    assert first.held == (Held("电工", 5, "Y000044012027245000123", "2024-12-20"),)


def test_the_short_names_hr_writes_for_id_types_read_as_the_full_ones(tmp_path):
    # 身份证, 台胞证 … are what rosters say; the certificate and the data sheet print the full name
    text = (ROSTERS / "every_id.csv").read_text(encoding="utf-8-sig")
    for full, short in (("居民身份证", "身份证"), ("台湾居民来往大陆通行证", "台胞证"), ("港澳居民来往内地通行证", "港澳通行证")):
        text = text.replace(f",{full},", f",{short},")
    (tmp_path / "roster.csv").write_text(text, encoding="utf-8")
    plan, cycle = example_plan_and_cycle()
    assert read_roster(tmp_path / "roster.csv", plan, cycle) == read_roster(ROSTERS / "every_id.csv", plan, cycle)


def test_a_title_above_the_header_is_passed_over(tmp_path):
    # rosters usually carry a title row (2026年第1批报名名册) above their header; rows keep their numbers
    text = (ROSTERS / "every_id.csv").read_text(encoding="utf-8-sig")
    (tmp_path / "roster.csv").write_text("2026年第1批报名名册,,,\n" + text, encoding="gb18030")
    plan, cycle = example_plan_and_cycle()
    titled, problems = read_roster(tmp_path / "roster.csv", plan, cycle)
    plain, _ = read_roster(ROSTERS / "every_id.csv", plan, cycle)
    assert problems == [] and [(c.name, c.row) for c in titled] == [(c.name, c.row + 1) for c in plain]


def test_gb18030_and_xlsx_rosters_read_like_the_utf8_csv():
    plan, cycle = example_plan_and_cycle()
    expected = read_roster(ROSTERS / "every_id.csv", plan, cycle)
    assert read_roster(ROSTERS / "every_id_gb18030.csv", plan, cycle) == expected
    assert read_roster(ROSTERS / "every_id.xlsx", plan, cycle) == expected


def test_an_xlsx_roster_set_below_and_right_of_a1_reads_alike_and_names_excel_rows_and_columns(tmp_path):
    """Rosters are often pasted under a title: the table starting at B3 reads as from A1, and a problem
    names the row and column Excel shows (a number typed into the ID column is caught there)."""
    from openpyxl import Workbook

    plan, cycle = example_plan_and_cycle()
    source = load_workbook(ROSTERS / "every_id.xlsx").active
    book = Workbook()
    for row in source.iter_rows(values_only=True):
        book.active.append([None, *row])
    book.active.insert_rows(1, 2)
    book.active["B1"] = None
    book.active.cell(5, 6).value = 440112198809210010  # 证件号码 of the second person, typed as a number
    book.save(tmp_path / "roster.xlsx")
    expected, _ = read_roster(ROSTERS / "every_id.xlsx", plan, cycle)
    _, problems = read_roster(tmp_path / "roster.xlsx", plan, cycle)
    assert [(p.line, p.col, p.path) for p in problems] == [(5, 6, "证件号码")]
    book.active.cell(5, 6).value = source.cell(3, 5).value
    book.save(tmp_path / "roster.xlsx")
    assert [c.name for c in read_roster(tmp_path / "roster.xlsx", plan, cycle)[0]] == [c.name for c in expected]


def test_a_stray_carriage_return_in_a_utf8_csv_is_named_by_line(client, tmp_path):
    """A UTF-8 roster is read as it goes: a cell that breaks the CSV is named by its line, in Chinese."""
    header, first, second = (ROSTERS / "every_id.csv").read_text(encoding="utf-8-sig").splitlines()[:3]
    path = tmp_path / "roster.csv"
    path.write_bytes("\n".join([header, first, second.replace(",", ",\r", 1)]).encode("utf-8") + b"\n")
    done = run_cli("forms", client, "--cycle", "2026-1", "--roster", path, "-o", tmp_path / "out")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert _refusals(done, "roster.csv") == ["3:0  (文件)  无法按 CSV 读取：单元格中有不在引号内的回车符；请在 Excel 中另存为"
                                             "“CSV UTF-8”或 .xlsx"]
    assert not (tmp_path / "out").exists()


def test_big5_roster_is_read_as_big5_with_traditional_headings(client, tmp_path):
    done = run_cli("forms", client, "--cycle", "2026-1", "--roster", ROSTERS / "big5.csv", "-o", tmp_path / "out")
    assert done.returncode == 1
    # decoded as Big5 (as GB18030 it would be mojibake): the heading and the cell read as written
    assert _refusals(done, "big5.csv") == ["2:9  申報職業  本批不认定“電工”，是否想写“电工”？"]


def test_an_encoding_no_header_proves_is_refused_naming_the_encodings_tried(tmp_path):
    plan, cycle = example_plan_and_cycle()
    path = tmp_path / "roster.csv"
    path.write_bytes("姓名,性别\r\n".encode("utf-16-le"))
    with pytest.raises(InvalidInput) as e:
        read_roster(path, plan, cycle)
    assert str(e.value).endswith("(文件)  无法识别文件编码：按 UTF-8、GB18030（含 GBK）、Big5、Big5-HKSCS 读取，表头都不是"
                                 "预期的列名（“姓名”、“性别”、“出生年月”等）；请在 Excel 中另存为“CSV UTF-8”或 .xlsx")


def test_bad_numbers_of_every_id_type_are_refused_by_row_and_column(client, tmp_path):
    done = run_cli("forms", client, "--cycle", "2026-1", "--roster", ROSTERS / "bad_ids.csv", "-o", tmp_path / "out")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert _refusals(done, "bad_ids.csv") == [
        "2:5  证件号码  校验位错误：第18位应为“0”，实际为“1”",
        "3:4  证件类型  应为居民身份证、港澳台居民居住证、港澳居民来往内地通行证、台湾居民来往大陆通行证、外国人永久居留身份证、"
        "护照之一，实际为“军官证”",
        "4:5  证件号码  港澳台居民居住证号码前6位应为810000（香港）、820000（澳门）或830000（台湾），实际为“440112”",
        "5:5  证件号码  港澳居民来往内地通行证号码应为 H 或 M 加8位或10位数字，如 H12345678",
        "7:5  证件号码  台湾居民来往大陆通行证号码应为8位数字",
        "8:5  证件号码  外国人永久居留身份证号码校验位错误：第18位应为“0”，实际为“1”",
        "9:5  证件号码  外国人永久居留身份证号码应为以9开头的18位（2023年版）或3位字母加12位数字（2017年版）",
        "10:5  证件号码  护照号码应为5至17位字母或数字",
    ]
    assert not (tmp_path / "out").exists()


def test_formula_like_names_are_refused_by_row_and_column(client, tmp_path):
    done = run_cli("forms", client, "--cycle", "2026-1", "--roster", ROSTERS / "formula_names.csv",
                   "-o", tmp_path / "out")
    assert done.returncode == 1
    assert _refusals(done, "formula_names.csv") == [
        "2:1  姓名  不能以“=”开头（电子表格会把它当作公式）：实际为“=HYPERLINK(\"http://example.com\",\"点我\")”",
        "3:1  姓名  不能以“+”开头（电子表格会把它当作公式）：实际为“+1+1”",
        "4:1  姓名  不能以“@”开头（电子表格会把它当作公式）：实际为“@SUM(A1:A2)”",
        "5:1  姓名  不能以“=”开头（电子表格会把它当作公式）：实际为“=cmd|' /C calc'!A0”",
        "6:1  姓名  不能以“#”开头（电子表格会把它当作公式）：实际为“#N/A”",
        "7:1  姓名  不能以“-”开头（电子表格会把它当作公式）：实际为“-陈志强”",
        "8:1  姓名  含有控制字符或不可见字符 U+0009，请删除",
        "9:1  姓名  含有控制字符或不可见字符 U+200B，请删除",
    ]
    assert not (tmp_path / "out").exists()


def test_every_value_written_to_a_workbook_is_a_text_cell():
    hostile = ['=HYPERLINK("http://x","y")', "+1+1", "@SUM(A1:A2)", "#N/A", "-1", "440112198809210010", "1e5"]
    book = load_workbook(io.BytesIO(workbook_bytes([Sheet("s", hostile, [hostile, hostile])])))
    cells = [c for row in book.active.iter_rows() for c in row]
    assert [c.value for c in cells] == hostile * 3
    assert {c.data_type for c in cells} == {"s"}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n\r =+-@#"),
                        min_size=1, max_size=20), min_size=1, max_size=5))
def test_any_text_comes_back_from_a_workbook_as_the_same_text(values):
    book = load_workbook(io.BytesIO(workbook_bytes([Sheet("s", ["h"] * len(values), [values])])))
    row = next(book.active.iter_rows(min_row=2))
    assert [c.value for c in row] == values and {c.data_type for c in row} == {"s"}


def _all_cells_are_text(path) -> None:
    book = load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.value is None or cell.data_type == "s", (path.name, sheet.title, cell.coordinate)


def test_every_id_type_flows_into_forms_results_data_sheet_and_ledger(client, tmp_path):
    out, ledger = tmp_path / "out", tmp_path / "l.sqlite"
    roster, scores = ROSTERS / "every_id.xlsx", ROSTERS / "every_id_scores.csv"
    assert run_cli("forms", client, "--cycle", "2026-1", "--roster", roster, "-o", out).returncode == 0
    done = run_cli("results", client, "--cycle", "2026-1", "--roster", roster, "--scores", scores, "-o", out,
                   "--ledger", ledger)
    assert done.returncode == 0, done.stderr
    folder = out / "example_2026-1"
    form = docx_paragraphs(folder / "定级评价表" / "004-Chan Tai Man-车工-四级.docx")
    assert "港澳通行证号 | H12345678 | 文化程度 | 高中 | " in form
    data = {r[1]: r for r in load_workbook(folder / "证书数据.xlsx").active.iter_rows(values_only=True)}
    sheet = [r for r in load_workbook(folder / "评分录入表.xlsx")["评分"].iter_rows(values_only=True)]
    notice = docx_text(folder / "认定结果公示.docx")
    for kind, (name, number, masked) in EVERY_ID.items():
        assert data[name][2:4] == (kind, number)
        assert (kind, number, name) in {r[:3] for r in sheet}
        assert masked in notice and number not in notice
    for path in folder.glob("*.xlsx"):
        _all_cells_are_text(path)
    assert run_cli("prepare", client, "--cycle", "2026-1", "--roster", roster, "-o", out).returncode == 0
    review = docx_text(folder / "资格审核表.docx")  # the kind beside a number that is not a 居民身份证's
    assert "护照 C1234567" in review and "港澳居民来往内地通行证 H12345678" in review and "居民身份证 " not in review
    with Ledger(ledger) as book:
        assert {c.id_number for c in book.certificates()} == {r[3] for r in list(data.values())[1:]}


def test_no_public_document_holds_a_full_number_of_any_type(client, tmp_path):
    out = tmp_path / "out"
    assert run_cli("results", client, "--cycle", "2026-1", "--roster", ROSTERS / "every_id.csv",
                   "--scores", ROSTERS / "every_id_scores.csv", "-o", out, "--ledger", tmp_path / "l").returncode == 0
    plan, cycle = example_plan_and_cycle()
    numbers = [c.id_number for c in read_roster(ROSTERS / "every_id.csv", plan, cycle)[0]]
    notice = docx_text(out / "example_2026-1" / "认定结果公示.docx")
    assert len(numbers) == 9 and not [n for n in numbers if n in notice]
    assert all(codes.masked_id(n) in notice for n in numbers)


def _roster_with(tmp_path, **changes) -> list[str]:
    """The every-ID roster with cells of its first row (陈志强) changed; the problems found."""
    import csv

    plan, cycle = example_plan_and_cycle()
    with open(ROSTERS / "every_id.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    for column, value in changes.items():
        rows[1][rows[0].index(column)] = value
    path = tmp_path / "roster.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return [str(p).split("roster.csv:")[1] for p in read_roster(path, plan, cycle)[1]]


def test_years_of_service_before_the_age_of_16_are_refused(tmp_path):
    assert _roster_with(tmp_path, 本单位工作年限="60") == [
        "2:12  本单位工作年限  60年不可能：1988年出生，满16周岁起算至多22年"]
    assert _roster_with(tmp_path, 本单位工作年限="22", 本职业工龄="22") == []  # started in the year they turned 16


def test_full_width_digits_read_the_same_in_every_column_and_other_digits_are_refused(tmp_path):
    assert _roster_with(tmp_path, 证件号码="４４０１１２１９８８０９２１００１０", 出生年月="１９８８-０９",
                        申报等级="４", 本职业工龄="８") == []
    assert _roster_with(tmp_path, 本职业工龄="٨") == ["2:13  本职业工龄  应为年数，如 3 或 2.5，实际为“٨”"]


def test_did_you_mean_only_proposes_what_fits(tmp_path):
    assert _roster_with(tmp_path, 申报职业="焊工", 工种="") == ["2:10  工种  本批“焊工”须填写工种：“电焊工”"]
    assert _roster_with(tmp_path, 申报职业="焊工", 工种="点焊工") == [
        "2:10  工种  本批“焊工”认定的工种为“电焊工”，实际为“点焊工”，是否想写“电焊工”？"]
    assert _roster_with(tmp_path, 申报职业="钳工", 工种="电焊工") == [
        "2:9  申报职业  本批不认定“钳工（电焊工）”，是否想写“焊工”？"]


def test_held_certificates_are_checked(tmp_path):
    assert _roster_with(tmp_path, 已有证书="电工/五级/Y000044012027245000123") == [
        "2:14  已有证书  “电工/五级/Y000044012027245000123”应写作 职业/等级/证书编号/发证日期，"
        "如 电工/四级/Y000044012027254000001/2025-12-18"]
    # the level applied for, already held: a verdict on the person at 资格审核 (test_prepare), not a roster mistake
    assert _roster_with(tmp_path, 已有证书="电工/四级/Y000044012027244000007/2024-12-20") == []
    assert _roster_with(tmp_path, 已有证书="电工/五级/Y000044012027255000123/2024-12-20") == [
        "2:14  已有证书  “电工/五级/Y000044012027255000123/2024-12-20”的证书编号第14-16位应为发证年份后两位和等级"
        "（245），实际为“255”"]


def test_header_only_roster_is_refused(tmp_path):
    plan, cycle = example_plan_and_cycle()
    path = tmp_path / "roster.csv"
    path.write_text((ROSTERS / "every_id.csv").read_text(encoding="utf-8-sig").splitlines()[0] + "\n",
                    encoding="utf-8")
    with pytest.raises(InvalidInput) as e:
        read_roster(path, plan, cycle)
    assert re.search(r"roster\.csv:1:0  \(文件\)  名册只有表头，没有任何人员：请填写报名人员后再运行$", str(e.value))


def test_a_column_headed_twice_is_refused(tmp_path):
    plan, cycle = example_plan_and_cycle()
    lines = (ROSTERS / "every_id.csv").read_text(encoding="utf-8-sig").splitlines()
    path = tmp_path / "roster.csv"
    path.write_text("\n".join([lines[0] + ",身份证号", lines[1] + ",440112198809210010"]) + "\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as e:
        read_roster(path, plan, cycle)
    assert str(e.value).split("roster.csv:")[1] == "1:5  证件号码  “证件号码”列出现了不止一次：请只保留一列"


def test_the_age_of_a_holder_whose_number_has_no_birth_date_comes_from_the_birth_month(tmp_path):
    assert _roster_with(tmp_path, 证件类型="护照", 证件号码="E12345678", 出生年月="2011-01", 本单位工作年限="0",
                        本职业工龄="0") == ["2:3  出生年月  认定开始时未满16周岁（15岁）"]
    assert _roster_with(tmp_path, 证件类型="护照", 证件号码="E12345678", 出生年月="2010-11", 本单位工作年限="0",
                        本职业工龄="0") == []


def test_id_types_written_in_traditional_characters_are_read(tmp_path):
    assert _roster_with(tmp_path, 证件类型="護照", 证件号码="E12345678") == []
    assert _roster_with(tmp_path, 证件类型="臺灣居民來往大陸通行證", 证件号码="12345678") == []


def test_a_roster_checked_on_two_cores_reads_exactly_as_on_one(tmp_path, monkeypatch):
    """Every other block of a long roster is checked by a worker: the candidates, the problems (bad
    IDs, formulas, rows repeating a row of another block) and their order are those of one process."""
    from skillplan.core.parallel import Workers
    from skillplan.cycle import roster
    from skillplan.cycle.forms import start_batch

    plan, cycle = example_plan_and_cycle()
    header, *good = (ROSTERS / "every_id.csv").read_text(encoding="utf-8-sig").splitlines()
    bad = [line for name in ("bad_ids.csv", "formula_names.csv")
           for line in (ROSTERS / name).read_text(encoding="utf-8-sig").splitlines()[1:]]
    path = tmp_path / "roster.csv"
    path.write_text("\n".join([header, *good, *bad, *good[:4], *bad[:3], *good[4:]]) + "\n", encoding="utf-8")
    alone = read_roster(path, plan, cycle)  # one block
    monkeypatch.setattr(roster, "BLOCK", 4)  # 11 blocks of 4 rows: 5 of them checked elsewhere
    with Workers(start_batch, (plan, None, None), 2) as workers:
        while not workers.started():  # blocks go to a worker only once one is up
            time.sleep(0.05)
        shared = read_roster(path, plan, cycle, workers)
    candidates, problems = alone
    assert len(candidates) == len(good) and any("重复" in p.message for p in problems) and len(problems) > 10
    assert shared == alone


def test_a_workbook_parsed_ahead_on_another_thread_reads_as_one_parsed_when_read(tmp_path):
    """certificates parses the approved list while it checks the plan: the rows, and the message
    for a file that is no workbook, are those of reading it the usual way."""
    from skillplan.core.tables import preread, read_table

    def seen(table):
        return table.columns, table.headers, table.numbers, [(r.number, r.cells.items()) for r in table.rows]

    path = ROSTERS / "every_id.xlsx"
    usual = seen(read_table(path, ["姓名"]))
    preread(path)
    assert seen(read_table(path, ["姓名"])) == usual and len(usual[-1]) == 9
    broken = tmp_path / "approved.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InvalidInput) as plain:
        read_table(broken, ["证书编号"])
    preread(broken)
    with pytest.raises(InvalidInput) as ahead:
        read_table(broken, ["证书编号"])
    assert [str(p) for p in ahead.value.problems] == [str(p) for p in plain.value.problems]
    assert "无法作为 Excel 文件打开" in str(ahead.value.problems[0])


def test_a_workbook_parsed_ahead_and_then_saved_again_is_read_as_saved(tmp_path):
    """A list parsed ahead by a run that stopped before reading it (its plan had an error, say) is
    never what a later read gets once the file has been saved again."""
    import os
    import shutil

    from skillplan.core import tables
    from skillplan.core.tables import preread, read_table

    path = tmp_path / "approved.xlsx"
    shutil.copyfile(ROSTERS / "every_id.xlsx", path)
    preread(path)
    tables._PREREAD[str(path)][1].result()  # the old file's sheet is ready before the file changes
    path.write_bytes(workbook_bytes([Sheet("名单", ["姓名"], [["陈志强"]])]))
    os.utime(path, ns=(1, 1))
    assert [r.cells.items() for r in read_table(path, ["姓名"]).rows] == [[("姓名", "陈志强")]]


@pytest.mark.parametrize("content, reason", [
    (b"", "文件是空的（0 字节）"),
    ("姓名,证件号码\n张三,440112197501011010\n".encode(), "改了扩展名的文本文件：若是 CSV，请把扩展名改回 .csv"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "旧版 Excel（.xls）文件或设了打开密码的工作簿"),
    (b"PK\x03\x04 not really a zip", "压缩包不完整"),
    ("docx", "是压缩包，但不是 Excel 工作簿"),
    ("truncated", "压缩包不完整"),
])
def test_a_file_that_is_no_workbook_says_why_in_chinese(tmp_path, content, reason):
    """Each way a .xlsx fails to open is named in terms a consultant can act on; calamine's English
    ("invalid Zip archive: Could not find EOCD") is never shown."""
    import zipfile

    from skillplan.core.tables import read_table

    path = tmp_path / "roster.xlsx"
    if content == "docx":
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("word/document.xml", "<w:document/>")
    elif content == "truncated":
        path.write_bytes((ROSTERS / "every_id.xlsx").read_bytes()[:300])
    else:
        path.write_bytes(content)
    with pytest.raises(InvalidInput) as refused:
        read_table(path, ["姓名"])
    message = str(refused.value.problems[0])
    assert "无法作为 Excel 文件打开：" in message and reason in message
    words = re.sub(r"Excel|CSV|\.[a-z]+", "", message.split("：", 1)[1])  # file kinds are named as Excel names them
    assert not re.search(r"[A-Za-z]{3,}", words), message


def test_a_table_on_the_second_sheet_is_named_as_where_it_should_be(tmp_path):
    """The first sheet is read; when the workbook has more, the problem says which sheet was read."""
    from openpyxl import Workbook
    from skillplan.core.tables import read_table

    book = Workbook()
    book.active.title = "填表说明"
    book.active.append(["请在第二个工作表中填写名册"])
    book.active.append(["说明", "第二行"])
    book.create_sheet("名册").append(["姓名", "证件号码"])
    book.save(tmp_path / "roster.xlsx")
    with pytest.raises(InvalidInput) as refused:
        read_table(tmp_path / "roster.xlsx", ["姓名"])
    assert str(refused.value.problems[0]).endswith("缺少“姓名”列；读到的表头（第 2 行）为：说明、第二行（读取的是第一个工作表“填表说明”，"
                                                   "本工作簿共 2 个工作表：请把表格放在第一个工作表）")


def test_an_old_xls_roster_is_named_with_what_to_do(tmp_path):
    """roster.xls in the cycle folder, or given with --roster: the message says to save it as .xlsx
    (it said only that no roster was found, or that .xls is not supported)."""
    import shutil

    from helpers import EXAMPLE

    client = tmp_path / "client"
    shutil.copytree(EXAMPLE, client)
    cycle = client / "cycles" / "2026-1"
    (cycle / "roster.csv").rename(cycle / "roster.xls")
    found = run_cli("forms", client, "--cycle", "2026-1", "-o", tmp_path / "out")
    assert found.returncode == 2 and "文件夹中的 roster.xls 不是这两种格式：请在 Excel 中另存为 .xlsx 或“CSV UTF-8”" in found.stderr
    given = run_cli("forms", client, "--cycle", "2026-1", "-o", tmp_path / "out", "--roster", cycle / "roster.xls")
    assert given.returncode == 1 and "旧版 Excel（.xls）文件请在 Excel 中另存为“Excel 工作簿(*.xlsx)”" in given.stdout + given.stderr


def test_a_formula_without_its_value_in_a_roster_cell_is_said_as_one_not_as_empty(tmp_path):
    """本职业工龄 computed by a formula Excel never calculated (a sheet saved by a script) read as empty:
    it said 不能为空, and HR found a value in the cell. Score cells were told apart; roster cells now too."""
    from openpyxl import Workbook

    plan, cycle = example_plan_and_cycle()
    source = load_workbook(ROSTERS / "every_id.xlsx").active
    book = Workbook()
    for row in source.iter_rows(values_only=True):
        book.active.append(list(row))
    header = [c.value for c in book.active[1]]
    column = header.index("本职业工龄") + 1
    book.active.cell(2, column).value = "=2026-2018"  # saved by openpyxl: a formula with no cached value
    book.save(tmp_path / "roster.xlsx")
    _, problems = read_roster(tmp_path / "roster.xlsx", plan, cycle)
    assert [(p.line, p.col, p.path, p.message) for p in problems] == [
        (2, column, "本职业工龄", "单元格的公式没有计算结果（保存时未计算）：请在 Excel 中重新计算并保存，或直接填写本职业工龄")]


def test_a_roster_named_right_that_is_no_file_is_said_as_such(tmp_path):
    """A folder (or a dangling link, a pipe) named roster.csv: it was told to save the file as .xlsx or CSV."""
    import shutil

    from helpers import EXAMPLE

    client = tmp_path / "client"
    shutil.copytree(EXAMPLE, client)
    cycle = client / "cycles" / "2026-1"
    (cycle / "roster.csv").unlink()
    (cycle / "roster.csv").mkdir()
    found = run_cli("forms", client, "--cycle", "2026-1", "-o", tmp_path / "out")
    assert found.returncode == 2 and "文件夹中的 roster.csv 不是普通文件（是文件夹、失效的链接或管道）" in found.stderr
    assert "另存为" not in found.stderr
