"""Printing certificates: only approved, valid numbers; one A4 page each with every field; a QR code
that decodes to the number; the photo when there is one; proofs marked 样本; a reprint only after a 补发."""
import datetime as dt
import hashlib
import io
import json
import os
import shutil
import zipfile
import zlib
from pathlib import Path

import pytest
from helpers import EXAMPLE, docx_paragraphs, docx_parts, docx_text, ooxml_errors, run_cli, tool
from openpyxl import Workbook
from skillplan.core.errors import SkillplanError
from skillplan.cycle.ledger import Ledger

FIRST = "Y000044012027265000001"  # 陈志强, 电工 五级
CHEN = "440112198809210010"


@pytest.fixture(scope="module")
def issued(tmp_path_factory):
    """The example after `results`: its ledger and 证书数据.xlsx (the list the province returns)."""
    base = tmp_path_factory.mktemp("issued")
    client = base / "example"
    shutil.copytree(EXAMPLE, client)
    assert run_cli("results", client, "--cycle", "2026-1", "-o", base / "out").returncode == 0
    return client, base / "out" / "example_2026-1" / "证书数据.xlsx"


@pytest.fixture
def client(issued, tmp_path):
    source, data_sheet = issued
    folder = tmp_path / "example"
    shutil.copytree(source, folder)
    shutil.copyfile(data_sheet, tmp_path / "证书数据.xlsx")
    return folder


def _print(client, tmp_path, *how):
    return run_cli("certificates", client, "--cycle", "2026-1", "-o", tmp_path / "out", *how)


def _decoded_qr(path) -> list[str]:
    import zxingcpp
    from PIL import Image

    with zipfile.ZipFile(path) as z:
        images = [z.read(n) for n in sorted(z.namelist()) if n.startswith("word/media/qr")]
    return [r.text for data in images for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(data)))]


def test_approved_list_prints_one_page_per_certificate_with_every_field_and_a_qr(client, tmp_path):
    done = _print(client, tmp_path, "--approved", tmp_path / "证书数据.xlsx")
    assert done.returncode == 0, done.stderr
    assert "已打印证书 24 份" in done.stdout
    assert "24 份证书没有照片（" in done.stdout and "照片处留空待贴：陈志强、" in done.stdout  # said, not found on paper
    # printed before the example's 公示 ends (2026-12-18 for five working days): said, not refused
    during = "注意：认定结果公示期为 2026-12-18 至 2026-12-24，尚未结束" in done.stdout
    assert during == (dt.date.today() <= dt.date(2026, 12, 24))
    folder = tmp_path / "out" / "example_2026-1" / "证书"
    print_files = sorted(folder.glob("*.docx"))
    assert "电工-五级-证书.docx" in [p.name for p in print_files]
    assert sum(docx_paragraphs(p).count("职业技能等级证书") for p in print_files) == 24
    personal = folder / "个人" / f"{FIRST}-陈志强-证书.docx"
    assert len(list((folder / "个人").iterdir())) == 24
    lines = docx_paragraphs(personal)
    for expected in ("职业技能等级证书", "姓名 | 陈志强 | 照片\n近期一寸彩色白底", "证件类型 | 居民身份证", f"证件号码 | {CHEN}",
                     "职业名称 | 电工", "工种/职业方向 | --", "职业技能等级 | 五级/初级工", f"证书编号 | {FIRST}",
                     "评价机构名称 | 广州华粤精密机械有限公司 | 评价机构（盖章）", "发证日期 | 2026年12月25日",
                     "本证书表明持证人通过本评价机构组织的职业技能等级认定，具备该职业（工种）相应技能等级水平。",
                     "证书查询网址：http://jndj.osta.org.cn　　评价机构查询网址：http://pjjg.osta.org.cn"):
        assert any(line.startswith(expected) for line in lines), expected
    assert "样本" not in docx_text(personal)
    assert _decoded_qr(personal) == [FIRST]
    welders = _decoded_qr(folder / "电工-五级-证书.docx")
    assert len(welders) == docx_paragraphs(folder / "电工-五级-证书.docx").count("职业技能等级证书") and FIRST in welders
    if tool("ooxml-validator"):
        assert ooxml_errors(personal) == [] and ooxml_errors(folder / "电工-五级-证书.docx") == []
    # the workers write the certificates into the build themselves: the manifest and the zip agree with the files
    out = tmp_path / "out" / "example_2026-1"
    recorded = {f["path"]: f["sha256"] for f in json.loads((out / "manifest.json").read_text())["files"]}
    with zipfile.ZipFile(out.with_name("example_2026-1.zip")) as z:
        for path in [*print_files, *(folder / "个人").iterdir()]:
            rel = path.relative_to(out).as_posix()
            assert recorded[rel] == hashlib.sha256(path.read_bytes()).hexdigest()
            assert z.read(f"example_2026-1/{rel}") == path.read_bytes()


def test_printing_from_the_approved_list_records_the_day_and_the_lists_hash_and_a_failed_print_does_not(
        client, tmp_path):
    """skillplan status leaves 待省里确认 once the province's list is given: certificates --approved
    records it in the 台账 with the prints, in their transaction; a proof or a refused list records nothing."""
    approved = tmp_path / "证书数据.xlsx"
    assert _print(client, tmp_path, "--draft").returncode == 0
    (tmp_path / "wrong.csv").write_text("证书编号\nY000044012027265999999\n", encoding="utf-8")
    assert _print(client, tmp_path, "--approved", tmp_path / "wrong.csv").returncode == 1
    with Ledger(client / "certificates.sqlite", read_only=True) as book:
        assert book.progress()["2026-1"].approvals == ()
    assert _print(client, tmp_path, "--approved", approved).returncode == 0
    with Ledger(client / "certificates.sqlite", read_only=True) as book:
        assert book.progress()["2026-1"].approvals == (dt.date.today().isoformat(),)
        assert book.db.execute("SELECT cycle, sha256, file, numbers FROM approvals").fetchall() == [
            ("2026-1", hashlib.sha256(approved.read_bytes()).hexdigest(), "证书数据.xlsx", 24)]


def test_the_photo_is_printed_when_the_cycle_has_one(client, tmp_path):
    from PIL import Image

    photos = client / "cycles" / "2026-1" / "photos"
    photos.mkdir()
    Image.new("RGB", (295, 413), "white").save(photos / f"{CHEN}.JPG", "JPEG")  # as a camera names it
    Image.new("RGB", (295, 413), "white").save(photos / "44060620020101250x.jpeg", "JPEG")  # 魏少芬, …X
    assert _print(client, tmp_path, "--approved", tmp_path / "证书数据.xlsx").returncode == 0
    people = tmp_path / "out" / "example_2026-1" / "证书" / "个人"
    with zipfile.ZipFile(people / f"{FIRST}-陈志强-证书.docx") as z:
        assert z.read("word/media/photo1.jpg") == (photos / f"{CHEN}.JPG").read_bytes()
    assert "照片" not in docx_text(people / f"{FIRST}-陈志强-证书.docx")
    assert "照片" not in docx_text(next(people.glob("*-魏少芬-证书.docx")))
    assert "照片" in docx_text(next(people.glob("*-李晓玲-证书.docx")))  # no photo: the box


def test_a_file_meant_as_a_photo_that_is_not_one_stops_the_printing(client, tmp_path):
    from PIL import Image

    photos = client / "cycles" / "2026-1" / "photos"
    photos.mkdir()
    (photos / "445221198912250121.jpg").write_text("not a picture")  # 李晓玲
    Image.new("RGB", (8, 8)).save(photos / "441302197807090371.jpg", "PNG")  # 黄淑贞: a PNG named .jpg
    Image.new("RGB", (8, 8)).save(photos / "440112197402100253.png", "PNG")  # 张浩然
    (photos / "441302198811030480.jpg").write_bytes(b"")  # 刘伟强
    (photos / "441302197611230512.jpg").mkdir()  # 吴丽华: a folder
    whole = io.BytesIO()
    Image.new("RGB", (295, 413), "white").save(whole, "JPEG")
    (photos / "440606198805280759.jpg").write_bytes(whole.getvalue()[:300])  # 周秀英: cut off in copying
    (photos / f"{CHEN}.jpg").write_bytes(b"\xff\xd8\xff\xe0garbage")  # 陈志强: only starts as one
    done = _print(client, tmp_path, "--approved", tmp_path / "证书数据.xlsx")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    said = {line.split("  (文件)  ")[0].rsplit("/", 1)[1]: line.split("  (文件)  ")[1]
            for line in done.stderr.splitlines() if "  (文件)  " in line}
    assert said["445221198912250121.jpg"].startswith("李晓玲（Y0000440120272") and "的照片不是 JPEG 图片：请另存为 .jpg" in \
        said["445221198912250121.jpg"]
    assert "的照片不是 JPEG 图片（是 PNG 图片）：请另存为 .jpg；或移走此文件，证书上留出照片框" in said["441302197807090371.jpg"]
    assert "的照片不是 JPEG 图片（是 PNG 图片）" in said["440112197402100253.png"]
    assert "的照片是空文件" in said["441302198811030480.jpg"]
    assert "的照片不是普通文件，而是文件夹：请换成 JPEG 照片文件" in said["441302197611230512.jpg"]
    for cut in ("440606198805280759.jpg", f"{CHEN}.jpg"):  # they were printed as broken pictures
        assert "的照片不是完整的 JPEG 图片（文件不完整或已损坏）：请重新导出照片" in said[cut]
    assert not (tmp_path / "out").exists()
    with Ledger(client / "certificates.sqlite") as book:  # nothing recorded as printed
        assert not book.db.execute("SELECT COUNT(*) FROM stock_events").fetchone()[0]


def test_numbers_the_ledger_cannot_vouch_for_are_refused_by_row(client, tmp_path):
    with Ledger(client / "certificates.sqlite", today=lambda: dt.date(2027, 6, 1)) as book:
        book.record(FIRST, "注销", dt.date(2027, 1, 5), "认定材料造假")
    book = Workbook()
    for row in (["证书编号"], [FIRST.lower()], ["Y000044012027265999999"], ["Y000044012027265000002"]):
        book.active.append(row)
    book.save(tmp_path / "approved.xlsx")
    done = _print(client, tmp_path, "--approved", tmp_path / "approved.xlsx")
    assert done.returncode == 1
    assert f"approved.xlsx:2:1  证书编号  证书编号 {FIRST} 已注销，不能打印" in done.stderr
    assert "approved.xlsx:3:1  证书编号  台账中没有证书编号 Y000044012027265999999" in done.stderr
    assert not (tmp_path / "out").exists()


def test_an_approved_list_that_says_other_than_the_ledger_is_refused_by_row(client, tmp_path):
    """The province's list names who holds each number: printing 陈志强 on a number it gives 李晓玲, or a level
    it changed, would print a certificate that matches nothing the province confirmed."""
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "证书数据.xlsx")
    rows = sheet.active
    header = [c.value for c in rows[1]]
    name, level, id_number = (header.index(c) + 1 for c in ("姓名", "认定级别", "证件号码"))
    rows.cell(2, name).value = "李晓玲"  # FIRST, 陈志强's
    rows.cell(3, level).value = "三级/高级工"
    rows.cell(4, id_number).value = "440112********0010"  # masked: not compared
    rows.cell(5, level).value = "初级工"  # the same level, written another way
    sheet.save(tmp_path / "changed.xlsx")
    done = _print(client, tmp_path, "--approved", tmp_path / "changed.xlsx")
    assert done.returncode == 1, done.stderr
    lines = [line for line in done.stderr.splitlines() if "changed.xlsx:" in line]
    assert len(lines) == 2, done.stderr
    assert f"changed.xlsx:2:{name}  姓名  姓名为“李晓玲”，台账中证书编号 {FIRST} 的姓名为“陈志强”" in lines[0]
    assert f"changed.xlsx:3:{level}  认定级别  认定级别为“三级/高级工”" in lines[1]
    assert not (tmp_path / "out").exists()


def test_a_draft_says_sample_on_every_page(client, tmp_path):
    done = _print(client, tmp_path, "--draft")
    assert done.returncode == 0, done.stderr
    draft = tmp_path / "out" / "example_2026-1" / "证书样本" / "电工-五级-证书-样本.docx"
    lines = docx_paragraphs(draft)
    assert lines.count("样本　仅供核对，不得发放") == 2 * lines.count("职业技能等级证书")


def test_a_reprint_needs_a_recorded_reissue(client, tmp_path, set_today):
    assert _print(client, tmp_path, "--approved", tmp_path / "证书数据.xlsx").returncode == 0
    refused = _print(client, tmp_path, "--number", FIRST)
    assert refused.returncode == 1
    assert f"证书 {FIRST} 已印制，且没有未打印的补发记录：遗失补发请先运行 skillplan ledger reissue 客户 {FIRST}" in refused.stderr
    with Ledger(client / "certificates.sqlite", today=lambda: dt.date(2027, 6, 1)) as book:
        book.record(FIRST, "补发", dt.date(2027, 1, 5), "证书遗失")
    set_today(dt.date(2027, 1, 6))
    done = _print(client, tmp_path, "--number", FIRST.lower())
    assert done.returncode == 0, done.stderr
    reprint = tmp_path / "out" / "example_2026-1" / "补发证书" / "个人" / f"{FIRST}-陈志强-证书.docx"
    assert _decoded_qr(reprint) == [FIRST]
    assert _print(client, tmp_path, "--number", FIRST).returncode == 1  # one 补发, one reprint
    # another person's reprint of the same occupation and level beside it, then the first lost again
    second = FIRST[:-1] + "2"
    with Ledger(client / "certificates.sqlite", today=lambda: dt.date(2027, 6, 1)) as book:
        book.record(second, "补发", dt.date(2027, 2, 1), "证书遗失")
    set_today(dt.date(2027, 2, 2))
    assert (done := _print(client, tmp_path, "--number", second)).returncode == 0, done.stderr
    with Ledger(client / "certificates.sqlite", today=lambda: dt.date(2027, 6, 1)) as book:
        book.record(FIRST, "补发", dt.date(2027, 3, 1), "证书再次遗失")
    set_today(dt.date(2027, 3, 2))
    assert (done := _print(client, tmp_path, "--number", FIRST)).returncode == 0, done.stderr
    reprints = reprint.parent.parent
    assert sorted(p.name.split("-")[0] for p in reprints.glob("*.docx")) == [FIRST, second]
    assert sorted(p.name.split("-")[0] for p in (reprints / "个人").glob("*.docx")) == [FIRST, second]
    assert _decoded_qr(next(reprints.glob(f"{second}-*.docx"))) == [second]
    both = _print(client, tmp_path, "--draft", "--number", FIRST)
    assert both.returncode == 2 and "请指定其一" in both.stderr


def test_a_rerun_never_quietly_withdraws_a_printed_certificate(client, tmp_path):
    assert _print(client, tmp_path, "--approved", tmp_path / "证书数据.xlsx").returncode == 0
    scores = client / "cycles" / "2026-1" / "scores.csv"
    lines = scores.read_text(encoding="utf-8-sig").splitlines()
    # a typing slip: every score of 陈志强's zero, so the re-run no longer passes him
    scores.write_text("\n".join([lines[0]] + [",".join(c if i < 3 or not c else "0" for i, c in enumerate(line.split(",")))
                                              if line.startswith(CHEN) else line for line in lines[1:]]) + "\n",
                      encoding="utf-8")
    before = (client / "certificates.sqlite").read_bytes()
    again = run_cli("results", client, "--cycle", "2026-1", "-o", tmp_path / "out")
    assert again.returncode == 1 and "Traceback" not in again.stderr
    assert f"{FIRST}  陈志强  电工  五级/初级工：" in again.stderr and "印制（流水码" not in again.stderr  # no stock recorded
    assert "台账不能自动改动" in again.stderr and "持证人不再合格" in again.stderr
    assert "skillplan ledger revoke" in again.stderr
    assert (client / "certificates.sqlite").read_bytes() == before
    with Ledger(client / "certificates.sqlite", today=lambda: dt.date(2027, 6, 1)) as book:
        book.record(FIRST, "注销", dt.date(2027, 1, 5), "成绩复核不合格")
    done = run_cli("results", client, "--cycle", "2026-1", "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    with Ledger(client / "certificates.sqlite") as book:
        assert book.get(FIRST).status == "已注销"


def test_a_certificate_is_handed_over_once_per_print_and_reissued_once_per_reprint(client, tmp_path, set_today):
    from skillplan.cycle import stock

    assert _print(client, tmp_path, "--approved", tmp_path / "证书数据.xlsx").returncode == 0
    later = lambda: dt.date(2027, 6, 1)  # noqa: E731 - the example's 认定日期 lies in the real future
    with Ledger(client / "certificates.sqlite", today=later) as book:
        with pytest.raises(SkillplanError, match=f"核发日期 2026-12-24 早于证书 {FIRST} 的发证日期 2026-12-25"):
            stock.hand_over(book, FIRST, dt.date(2026, 12, 24), "本人")  # in the 公示: not yet issued
        assert stock.hand_over(book, FIRST, dt.date(2027, 1, 4), "本人") == []
        with pytest.raises(SkillplanError, match=f"证书 {FIRST} 已于 2027-01-04 核发（领取人：本人），此后没有重新打印"):
            stock.hand_over(book, FIRST, dt.date(2027, 1, 5), "李四")
        book.record(FIRST, "补发", dt.date(2027, 1, 5), "证书遗失")
        with pytest.raises(SkillplanError, match=f"已于 2027-01-05 登记补发，尚未重新打印.*--number {FIRST}"):
            book.record(FIRST, "补发", dt.date(2027, 1, 6), "证书遗失")
        with pytest.raises(SkillplanError, match="已于 2027-01-05 登记补发，尚未重新打印.*再核发新印的证书"):
            stock.hand_over(book, FIRST, dt.date(2027, 1, 6), "本人")  # the lost one is not handed over again
    set_today(dt.date(2027, 1, 4))  # a clock behind the 补发's day: the reprint is not dated before it
    refused = _print(client, tmp_path, "--number", FIRST)
    assert refused.returncode == 1 and f"印制日期 2027-01-04 早于证书 {FIRST} 的最近一条记录（2027-01-05 补发）" in refused.stderr
    assert "旧版" not in refused.stderr
    set_today(dt.date(2027, 1, 7))
    assert _print(client, tmp_path, "--number", FIRST).returncode == 0
    with Ledger(client / "certificates.sqlite", today=later) as book:
        stock.hand_over(book, FIRST, dt.date(2027, 1, 8), "本人")  # the reprint
        assert book.prints(FIRST) == 2
    listed = run_cli("ledger", "list", client)
    assert listed.returncode == 0
    mine = listed.stdout.split(FIRST)[1].split("\nY")[0]
    assert [line.split()[1].split("：")[0] for line in mine.strip().splitlines()[1:]] == [  # by date
        "编号登记", "印制", "核发", "补发", "印制", "核发"]


def _sheet(path, title):
    from openpyxl import load_workbook

    return [tuple(v or "" for v in row) for row in load_workbook(path)[title].iter_rows(values_only=True)]


def test_the_exported_ledger_shows_stock_prints_a_reissue_and_a_revoke(client, tmp_path, set_today):
    received = run_cli("ledger", "stock", client, "--receive", "a0000101-a0000130")
    assert received.returncode == 0 and "已入库 30 张" in received.stdout
    assert _print(client, tmp_path, "--approved", tmp_path / "证书数据.xlsx").returncode == 0
    first_page = docx_paragraphs(tmp_path / "out" / "example_2026-1" / "证书" / "个人" / f"{FIRST}-陈志强-证书.docx")
    assert "印制流水码：A0000101" in first_page
    with Ledger(client / "certificates.sqlite", today=lambda: dt.date(2027, 6, 1)) as book:
        book.record(FIRST, "补发", dt.date(2027, 1, 5), "证书遗失")
        book.record("Y000044012027264000001", "注销", dt.date(2027, 2, 1), "=HYPERLINK(\"http://x\")")
    set_today(dt.date(2027, 2, 2))
    assert _print(client, tmp_path, "--number", FIRST).returncode == 0
    assert run_cli("ledger", "destroy", client, "A0000130", "--reason", "运输受潮").returncode == 0
    assert run_cli("ledger", "export", client, "-o", tmp_path / "台账.xlsx").returncode == 0
    again = run_cli("ledger", "export", client, "-o", tmp_path / "台账.xlsx")  # last month's, maybe annotated
    assert again.returncode == 2 and "已存在：换一个文件名，或加 --force 覆盖" in again.stderr
    assert run_cli("ledger", "export", client, "-o", tmp_path / "台账.xlsx", "--force").returncode == 0
    wrong = run_cli("ledger", "export", client, "-o", tmp_path / "台账.csv")
    assert wrong.returncode == 2 and "扩展名应为 .xlsx" in wrong.stderr and not (tmp_path / "台账.csv").exists()
    rows = _sheet(tmp_path / "台账.xlsx", "台账")
    assert rows[0] == ("日期", "事项", "证书编号", "姓名", "职业（工种）", "等级", "印制流水码", "说明")
    kinds = [r[1] for r in rows[1:]]
    assert kinds.count("编号登记") == 24 and kinds.count("印制") == 25 and kinds.count("入库") == 1
    assert ("2027-01-05", "补发", FIRST, "陈志强", "电工", "五级/初级工", "", "证书遗失") in rows
    assert any(r[1] == "注销" and r[7] == '=HYPERLINK("http://x")' for r in rows)  # text, never a formula
    assert any(r[1:3] == ("印制", FIRST) and r[6] == "A0000125" and r[7] == "补发" for r in rows)
    assert any(r[1] == "销毁" and r[6] == "A0000130" and r[7] == "运输受潮" for r in rows)
    assert _sheet(tmp_path / "台账.xlsx", "库存汇总") == [
        ("项目", "数量"), ("入库（张）", "30"), ("印制（张）", "25"), ("销毁（张）", "1"), ("余存（张）", "4"),
        ("未登记流水码的印制（份）", "0")]


def test_a_reissue_for_a_damaged_or_wrong_certificate_takes_the_original_back_and_destroys_its_blank(client, tmp_path):
    """Seed: 证书损坏、证书信息错误 — 核发新证的同时收回旧证. A reissue recorded nothing about the original."""
    assert run_cli("ledger", "stock", client, "--receive", "A0000101-A0000130").returncode == 0
    assert _print(client, tmp_path, "--approved", tmp_path / "证书数据.xlsx").returncode == 0
    second = "Y000044012027264000001"  # 李晓玲
    with Ledger(client / "certificates.sqlite") as book:
        blank_of = {n: b for _, _, n, b, _ in book.all_events() if b and n}
    damaged = run_cli("ledger", "reissue", client, FIRST, "--reason", "证书损坏")
    assert damaged.returncode == 0, damaged.stderr
    assert f"已登记收回原证书，并销毁其印制流水码 {blank_of[FIRST]}" in damaged.stdout
    lost = run_cli("ledger", "reissue", client, second, "--reason", "证书遗失")
    assert lost.returncode == 0 and "原证书未登记收回（按遗失补发）" in lost.stdout
    with Ledger(client / "certificates.sqlite") as book:
        today = dt.date.today().isoformat()
        assert book.events(FIRST)[-2:] == [("补发", today, "证书损坏"), ("收回", today, "补发时收回原证书（证书损坏）")]
        assert [k for k, *_ in book.events(second)] == ["编号登记", "补发"]
        assert any(kind == "销毁" and blank_of[FIRST] in what for _, kind, what in book.history(FIRST))
    stock_now = run_cli("ledger", "stock", client)
    assert "销毁（张）：1" in stock_now.stdout
    reprint = _print(client, tmp_path, "--number", FIRST)  # a new blank for the new certificate
    assert reprint.returncode == 0, reprint.stderr
    with Ledger(client / "certificates.sqlite") as book:
        blanks = [b for kind, _, _, b, _ in book.all_events(FIRST) if kind == "印制"]
        assert len(blanks) == 2 and blanks[0] == blank_of[FIRST] != blanks[1]
    wrong = run_cli("ledger", "reissue", client, "y0000440120272630 00001", "--reason", "姓名有误", "--not-returned")
    assert wrong.returncode == 0 and "原证书未登记收回" in wrong.stdout  # said otherwise, the option decides


def test_each_print_file_takes_a_run_of_blanks_in_the_order_it_prints(client, tmp_path):
    # an operator loads numbered blanks file by file: a file's pages must not need blanks scattered
    # through the stack, and the command says which run each file takes
    assert run_cli("ledger", "stock", client, "--receive", "A0000101-A0000130").returncode == 0
    done = _print(client, tmp_path, "--approved", tmp_path / "证书数据.xlsx")
    assert done.returncode == 0, done.stderr
    said = [line.split("：空白证书 ") for line in done.stdout.splitlines() if "：空白证书 " in line]
    printed = tmp_path / "out" / "example_2026-1"
    serials = []
    for name, run in said:
        pages = [line.split("：")[1] for line in docx_paragraphs(printed / name) if line.startswith("印制流水码：")]
        assert run == (f"{pages[0]}–{pages[-1]}（{len(pages)} 张）" if len(pages) > 1 else f"{pages[0]}（1 张）")
        serials += pages
    assert serials == [f"A{n:07d}" for n in range(101, 125)]  # file after file, page after page
    assert len(said) == len(list((printed / "证书").glob("*.docx")))


def test_printing_without_stock_goes_on_and_says_so(client, tmp_path):
    done = _print(client, tmp_path, "--approved", tmp_path / "证书数据.xlsx")
    assert done.returncode == 0
    assert "台账中没有足够的空白证书库存：24 份的印制记录不含印制流水码" in done.stdout
    again = _print(client, tmp_path, "--approved", tmp_path / "证书数据.xlsx")  # a second paper set: said, not silent
    assert "其中 24 份此前已印制，本次没有记入台账" in again.stdout and "库存" not in again.stdout
    again = run_cli("ledger", "stock", client, "--receive", "A0000101-A0000100")
    assert again.returncode == 2 and "终止号不小于起始号" in again.stderr


def test_printing_again_takes_no_new_blanks_and_says_which_were_used(client, tmp_path):
    """A second run over printed certificates records nothing new: its output must not read as
    blanks to load (it listed the first run's blanks, already printed on, as the ones to use)."""
    assert run_cli("ledger", "stock", client, "--receive", "A0000101-A0000150").returncode == 0
    first = _print(client, tmp_path, "--approved", tmp_path / "证书数据.xlsx")
    assert first.returncode == 0 and "证书/电工-五级-证书.docx：空白证书 A0000101–" in first.stdout
    again = _print(client, tmp_path, "--approved", tmp_path / "证书数据.xlsx")
    assert again.returncode == 0, again.stderr
    assert "：空白证书" not in again.stdout and "库存" not in again.stdout
    assert ("其中 24 份此前已印制（空白证书 A0000101–A0000124），本次没有记入台账，也没有取用新的空白证书；"
            "印坏须重印的，先 skillplan ledger destroy 销毁原流水码，再 certificates --number 重印") in again.stdout
    stock = run_cli("ledger", "stock", client)
    assert "余存（张）：26" in stock.stdout


def test_an_overlay_prints_only_the_values_where_the_plan_puts_them(client, tmp_path):
    plan = client / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    no_places = _print(client, tmp_path, "--approved", tmp_path / "证书数据.xlsx", "--overlay")
    assert no_places.returncode == 2 and "certificate.overlay" in no_places.stderr
    def layout(places: str) -> None:
        plan.write_text(text.replace("  site_serial: \"027\"", f'  site_serial: "027"\n  overlay: {{{places}}}'), encoding="utf-8")

    layout('name: "62,78", number: "62,300", level: "abc", photo: "190,100"')
    partial = _print(client, tmp_path, "--approved", tmp_path / "证书数据.xlsx", "--overlay")
    assert partial.returncode == 1 and not (tmp_path / "out").exists()
    # level: "abc" is refused itself: no list of what is missing that would count 职业技能等级 among it
    assert "套打位置缺少" not in partial.stderr
    layout('name: "62,78", number: "62,138"')
    missing = _print(client, tmp_path, "--approved", tmp_path / "证书数据.xlsx", "--overlay")
    assert ("certificate.overlay  套打位置缺少：证件类型、证件号码、职业名称、工种/职业方向、职业技能等级、发证日期、二维码"
            "（每份证书都要印出这些内容）") in missing.stderr
    assert "certificate.overlay.number  “62,300”超出 A4 纸张（宽 210、高 297 毫米）" in partial.stderr
    assert "certificate.overlay.photo  “190,100”超出 A4 纸张（宽 210、高 297 毫米）：照片为 25×35 毫米，位置是其左上角" in partial.stderr
    layout('name: "62,78", id_type: "62,84", id_number: "62,90", occupation: "62,102", trade: "62,114", level: "62,126", '
           'number: "62,138.5", date: "62,162", qr: "150,120", photo: "160,100"')
    hidden = _print(client, tmp_path, "--approved", tmp_path / "证书数据.xlsx", "--overlay")
    assert hidden.returncode == 1 and "照片（160,100 起 25×35 毫米）与二维码（150,120 起 30×30 毫米）位置重叠" in hidden.stderr
    assert "certificate.overlay.level  格式不对：应为距纸张左上角的毫米数“横,纵”，如 62,78；实际为“abc”" in partial.stderr
    layout('name: "62,78", id_type: "62,84", id_number: "62,90", occupation: "62,102", trade: "62,114", level: "62,126", '
           'number: "62,138.5", date: "62,162", qr: "150,120", photo: "150,60", seal: "140,140"')
    stamped = _print(client, tmp_path, "--approved", tmp_path / "证书数据.xlsx", "--overlay")  # a seal over the QR code
    assert stamped.returncode == 1 and ("certificate.overlay.seal  盖章处（140,140 起 40×40 毫米）与二维码（150,120 起 "
                                        "30×30 毫米）位置重叠") in stamped.stderr
    layout('name: "62,78", id_type: "62,84", id_number: "62,90", occupation: "62,102", trade: "62,114", level: "62,126", '
           'number: "62,138.5", date: "62,162", qr: "150,120", photo: "150,60", seal: "140,170"')
    photos = client / "cycles" / "2026-1" / "photos"
    photos.mkdir()
    from PIL import Image

    Image.new("RGB", (295, 413), "white").save(photos / f"{CHEN}.jpg", "JPEG")
    draft = _print(client, tmp_path, "--draft", "--overlay")
    assert draft.returncode == 0, draft.stderr
    proof = tmp_path / "out" / "example_2026-1" / "证书样本" / "电工-五级-证书-样本.docx"
    assert docx_paragraphs(proof).count("样本　仅供核对，不得发放") == 3  # every page of a proof says so
    done = _print(client, tmp_path, "--approved", tmp_path / "证书数据.xlsx", "--overlay")
    assert done.returncode == 0, done.stderr
    overlay = tmp_path / "out" / "example_2026-1" / "证书套打" / "电工-五级-证书.docx"
    lines = [line for line in docx_paragraphs(overlay) if line.strip()]
    assert lines[:9] == ["陈志强", "居民身份证", CHEN, "电工", "--", "五级/初级工", FIRST, "2026年12月25日", "评价机构（盖章）"]
    assert len(lines) == 27 and "样本" not in "".join(lines)  # three 电工 五级 certificates, eight values and the seal's label
    with zipfile.ZipFile(overlay) as z:
        document = z.read("word/document.xml").decode()
        media = sorted(n for n in z.namelist() if n.startswith("word/media/"))
    # a QR code on each page, the photo where there is one: what no blank can carry pre-printed
    assert media == ["word/media/photo1.jpg", "word/media/qr1.png", "word/media/qr2.png", "word/media/qr3.png"]
    assert _decoded_qr(overlay)[0] == FIRST
    assert 'w:x="3515" w:y="4422"' in document and 'w:y="7852"' in document  # 62 mm, 78 mm, 138.5 mm
    assert 'w:w="2268" w:wrap="around" w:vAnchor="page" w:hAnchor="page" w:x="7937" w:y="11509"' in document  # 140, 203 mm
    assert "<wp:posOffset>5400000</wp:posOffset>" in document and "<wp:posOffset>4320000</wp:posOffset>" in document
    if tool("ooxml-validator"):
        assert ooxml_errors(overlay) == [] and ooxml_errors(proof) == []


def test_a_print_file_carries_the_plan_it_was_printed_from_and_a_holders_file_nothing_but_theirs(client, tmp_path):
    assert _print(client, tmp_path, "--approved", tmp_path / "证书数据.xlsx").returncode == 0
    folder = tmp_path / "out" / "example_2026-1" / "证书"
    done = run_cli("source", folder / "电工-五级-证书.docx", "-o", tmp_path / "back")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "back" / "plan.yaml").read_bytes() == (client / "plan.yaml").read_bytes()
    assert not [p for p in (tmp_path / "back").rglob("*") if p.suffix in (".csv", ".xlsx")]
    personal = folder / "个人" / f"{FIRST}-陈志强-证书.docx"  # may be handed to 陈志强: not the company's plan
    with zipfile.ZipFile(personal) as z:
        assert not [n for n in z.namelist() if n.startswith("customXml/")]
    if tool("ooxml-validator"):
        assert ooxml_errors(personal) == []


def test_stencilled_pages_are_exactly_the_plainly_rendered_certificates(tmp_path):
    """Print files and a person's file from the stencils hold the same parts, byte for byte, as the
    template rendered over all their pages: photo or box, 流水码 or none, names that need escaping."""
    from dataclasses import replace

    from PIL import Image
    from skillplan import api
    from skillplan.cycle.certificates import CertificatePrinter, certificate_doc
    from skillplan.cycle.ledger import Certificate

    _, plan = api.checked(EXAMPLE / "plan.yaml", strict=False)
    Image.new("RGB", (30, 40), "white").save(tmp_path / f"{CHEN}.jpg", "JPEG")
    chen = Certificate(FIRST, "居民身份证", CHEN, "陈志强", "电工", 5, "2026-1", "2026-12-18", "有效")
    others = [replace(chen, number=f"Y00004401202726500000{n}", id_number=f"44011219880921{n:03d}X",
                      name=name) for n, name in enumerate(["A&B<x>\"q\"'s' {{ 1 }}", "李晓玲", "𠀀😀"], 2)]
    for draft in (False, True):
        printer = CertificatePrinter(plan, tmp_path, draft, None, False, None)
        pages = [printer.page(c, blank) for c, blank in zip([chen, *others], ["", "A0001", "", "A0003"])]
        for chosen in (pages, pages[1:2], pages[:1]):
            assert docx_parts(printer.docx(chosen)) == docx_parts(certificate_doc(plan, chosen, draft, None))
        # a print file and its holders' own files, each page made once for both: a holder's file
        # keeps its page's picture ids
        printed, own = printer.files(pages)
        assert docx_parts(printed) == docx_parts(certificate_doc(plan, pages, draft, None))
        assert [docx_parts(data) for data in own] == [docx_parts(certificate_doc(plan, [one], draft, None, first=n))
                                                      for n, one in enumerate(pages, 1)]
        # and the fast way was taken: no shape fell back to rendering, the joined pages were trusted
        assert None not in printer.batch.stencils.shapes.values() and printer.batch.joiner.trusted



def test_a_large_batch_prints_in_files_of_a_hundred_each_followed_by_its_people(tmp_path):
    """230 certificates of one occupation and level: three numbered print files, every page's QR the
    number printed on it, and a file of each person's own, rendered on two processes."""
    from dataclasses import replace

    from skillplan import api
    from skillplan.cycle.certificates import certificate_files
    from skillplan.cycle.ledger import Certificate

    _, plan = api.checked(EXAMPLE / "plan.yaml", strict=False)
    first = Certificate(FIRST, "居民身份证", CHEN, "陈志强", "电工", 5, "2026-1", "2026-12-18", "有效")
    many = [replace(first, number=f"Y0000440120272650{n:05d}", name=f"员工{n}") for n in range(1, 231)]
    files = dict(certificate_files(plan, many, tmp_path, "证书", False, None, {}, jobs=2))
    prints = sorted(name for name in files if "个人" not in name)
    assert prints == [f"证书/电工-五级-证书-{k:03d}.docx" for k in (1, 2, 3)]
    assert len(files) == 3 + 230 and f"证书/个人/{many[-1].number}-员工230-证书.docx" in files
    (tmp_path / "last.docx").write_bytes(files[prints[2]])
    assert sorted(_decoded_qr(tmp_path / "last.docx")) == [c.number for c in many[200:]]
    # written into a staging folder by the workers themselves: the same bytes, and their hashes
    staging = tmp_path / "staging"
    written = dict(certificate_files(plan, many, tmp_path, "证书", False, None, {}, jobs=2, staging=staging))
    assert written.keys() == files.keys()
    for rel, made in written.items():
        assert (staging / rel).read_bytes() == files[rel]
        assert (made.size, made.crc, made.digest) == (len(files[rel]), zlib.crc32(files[rel]),
                                                      hashlib.sha256(files[rel]).hexdigest())


def test_a_name_never_becomes_a_folder_in_a_file_name(tmp_path):
    """A holder's name is written as it is on the certificate, but in a file name / and .. are only characters."""
    from skillplan import api
    from skillplan.cycle.certificates import certificate_files
    from skillplan.cycle.ledger import Certificate

    _, plan = api.checked(EXAMPLE / "plan.yaml", strict=False)
    odd = Certificate(FIRST, "居民身份证", CHEN, "../甲/乙", "电工", 5, "2026-1", "2026-12-18", "有效")
    files = dict(certificate_files(plan, [odd], tmp_path, "证书", False, None, {}, jobs=1))
    assert sorted(files) == [f"证书/个人/{FIRST}-_甲_乙-证书.docx", "证书/电工-五级-证书.docx"]
    assert "../甲/乙" in docx_text_of(files[f"证书/个人/{FIRST}-_甲_乙-证书.docx"], tmp_path)


def docx_text_of(data: bytes, folder) -> str:
    (folder / "one.docx").write_bytes(data)
    return docx_text(folder / "one.docx")


def test_ten_thousand_files_are_reported_as_runs_and_counts_not_line_by_line():
    """The console names every file of a small run; for a batch it gives each numbered run of print
    files as its first and last and a folder of holders' files as a count (--format json still lists all)."""
    from skillplan.api import WrittenFiles
    from skillplan.console import MANY, written_lines

    top = Path("out") / "客户_2026-1"
    prints = [top / "证书" / f"电工-五级-证书-{k:03d}.docx" for k in range(1, 101)]
    own = [top / "证书" / "个人" / f"Y{k:021d}-员工{k}-证书.docx" for k in range(10_000)]
    files = [*prints, top / "证书" / "焊工-四级-证书.docx", *own, top / "manifest.json", top.with_suffix(".zip")]
    written = WrittenFiles(top, [str(f.relative_to(top)) for f in files[:-1]])
    assert written.texts() == [str(f) for f in written] == [str(f) for f in files]
    files = written.texts()
    assert written_lines(files) == [
        f"已生成 {prints[0]} 至 电工-五级-证书-100.docx，共 100 个",
        f"已生成 {top / '证书' / '焊工-四级-证书.docx'}",
        f"已生成 {top / '证书' / '个人'}{os.sep} 中的 10000 个文件",
        f"已生成 {top / 'manifest.json'}",
        f"已生成 {top.with_suffix('.zip')}",
    ]
    assert written_lines(files[:MANY]) == [f"已生成 {f}" for f in files[:MANY]]


def test_an_approved_list_without_numbers_is_named(client, tmp_path):
    (tmp_path / "approved.csv").write_text("证书编号\n", encoding="utf-8")
    done = _print(client, tmp_path, "--approved", tmp_path / "approved.csv")
    assert done.returncode == 1 and "approved.csv 中没有证书编号：名单须有“证书编号”列，每行一个" in done.stderr
    # headed 编号: it said 是否想写“编号”？ (the name already written), at column 0
    (tmp_path / "approved.csv").write_text("序号,编号\n1,Y000044012027265000001\n", encoding="utf-8")
    done = _print(client, tmp_path, "--approved", tmp_path / "approved.csv")
    assert done.returncode == 1 and "approved.csv:1:2  证书编号  缺少“证书编号”列；读到的表头（第 1 行）为：序号、编号；" \
        "“编号”列如就是“证书编号”，请把表头改为“证书编号”" in done.stderr, done.stderr


def test_warnings_do_not_stop_printing_and_a_number_listed_twice_is_printed_once(client, tmp_path):
    """A warning is not an error: a placeholder left in the plan's prose, or a number the approved
    list repeats (named by both rows), still prints every certificate (it printed none, exit 0)."""
    plan = client / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("研发、生产、销售和技术服务", "研发、生产、销售和××服务", 1),
                    encoding="utf-8")
    numbers = [row[0] for row in _sheet(tmp_path / "证书数据.xlsx", "证书数据")[1:]]
    (tmp_path / "approved.csv").write_text("证书编号\n" + "\n".join([*numbers, numbers[0]]) + "\n", encoding="utf-8")
    done = _print(client, tmp_path, "--approved", tmp_path / "approved.csv")
    assert done.returncode == 0, done.stderr
    assert "警告：“××”像是模板中未填写的占位符" in done.stdout + done.stderr
    assert (f"approved.csv:{len(numbers) + 2}:1  证书编号  警告：证书编号 {numbers[0]} 与第 2 行重复，只打印一份"
            in done.stdout + done.stderr)
    printed = list((tmp_path / "out" / "example_2026-1" / "证书" / "个人").iterdir())
    assert len(printed) == len(numbers) == 24


def test_print_files_go_by_occupation_as_first_listed_and_from_the_lowest_level_up():
    """焊工 五级, 四级, 三级 print in that order whatever the approved list's order (it printed
    五级, 三级, 四级 as the list first met them); the occupations keep the list's order."""
    from collections import namedtuple

    from skillplan.cycle.certificates import print_files

    listed = namedtuple("listed", "occupation level number")
    order = [listed("焊工", 5, "1"), listed("电工", 4, "2"), listed("焊工", 3, "3"), listed("焊工", 4, "4"), listed("电工", 5, "5")]
    assert [name for name, _ in print_files(order, "证书")] == [
        "证书/焊工-五级-证书.docx", "证书/焊工-四级-证书.docx", "证书/焊工-三级-证书.docx", "证书/电工-五级-证书.docx",
        "证书/电工-四级-证书.docx"]


def _holder(id_number: str, name: str = "陈志强"):
    from skillplan.cycle.ledger import Certificate

    return Certificate(FIRST, "居民身份证", id_number, name, "电工", 5, "2026-1", "2026-12-18", "有效")


def _jpeg(size=(295, 413)) -> bytes:
    from PIL import Image

    data = io.BytesIO()
    Image.new("RGB", size, "white").save(data, "JPEG")
    return data.getvalue()


@pytest.mark.parametrize("names", [("44060620020101250X.jpg", "44060620020101250x.jpg"),
                                   ("44060620020101250X.jpg", "44060620020101250X.JPG"),
                                   ("44060620020101250X.jpg", "44060620020101250X.jpeg")])
def test_two_photos_of_one_person_are_refused_naming_both(tmp_path, names):
    """Which of two photos is the person's is a guess, as with roster.xlsx beside roster.csv: both
    named (one was printed, chosen by the folder's order)."""
    from skillplan.cycle.certificates import Photos

    for name in names:
        (tmp_path / name).write_bytes(_jpeg())
    album = Photos(tmp_path)
    if len(os.listdir(tmp_path)) < len(names):  # a case-insensitive file system keeps one
        pytest.skip("this file system folds case: the two names are one file")
    problems = album.problems([_holder("44060620020101250X", "魏少芬")])
    assert len(problems) == 1
    message = problems[0].message
    assert all(name in message for name in names), message
    assert message.startswith("魏少芬（") and "有 2 张照片" in message and "请只保留一张" in message
    assert album.missing([_holder("44060620020101250X", "魏少芬")]) == []


def test_a_photo_with_bytes_after_its_end_is_printed_without_them_and_a_cut_off_one_is_still_refused(tmp_path):
    """Phones write data after a JPEG's end-of-image marker (a motion photo's video, a maker's trailer):
    the picture is whole, and printed without the trailer. A copy cut off before the marker is refused."""
    from skillplan.cycle.certificates import Photos

    jpeg = _jpeg()
    (tmp_path / f"{CHEN}.jpg").write_bytes(jpeg + b"SEFH" + bytes(range(256)) * 40 + b"\x00\x00\x00\x10mp4")
    (tmp_path / "44060620020101250X.jpg").write_bytes(jpeg[:-300])  # cut off in its image data
    (tmp_path / "445221198912250121.jpg").write_bytes(jpeg[:-2] + b"trailing")  # no end marker at all
    album = Photos(tmp_path)
    assert album.problems([_holder(CHEN)]) == []
    assert album.of(CHEN) == jpeg
    for cut in ("44060620020101250X", "445221198912250121"):
        [problem] = album.problems([_holder(cut, "魏少芬")])
        assert "不是完整的 JPEG 图片（文件不完整或已损坏）" in problem.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_photo_that_is_not_a_regular_file_is_refused_never_waited_on(tmp_path):
    """A FIFO named as a photo blocked the print forever (opened and read, waiting for a writer);
    a folder or a socket named x.jpg is no photo either. Each is named, none is opened for reading."""
    import socket
    import threading

    from skillplan.cycle.certificates import Photos

    os.mkfifo(tmp_path / f"{CHEN}.jpg")
    (tmp_path / "44060620020101250X.jpg").mkdir()
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(tmp_path / "445221198912250121.jpg"))
    except OSError:  # a path too long for a socket's address: the other two still count
        pass
    album, found = Photos(tmp_path), []
    people = [_holder(CHEN), _holder("44060620020101250X", "魏少芬"), _holder("445221198912250121", "李晓玲")]
    checking = threading.Thread(target=lambda: found.extend(album.problems(people) + [album.of(CHEN)]), daemon=True)
    checking.start()
    checking.join(10)
    try:
        assert not checking.is_alive(), "the photo check waited on a named pipe"
    finally:  # let a reader stuck on the pipe go, so the test run can end
        if checking.is_alive():
            os.close(os.open(tmp_path / f"{CHEN}.jpg", os.O_WRONLY | os.O_NONBLOCK))
        sock.close()
    *problems, photo = found
    said = {Path(p.file).name: p.message for p in problems}
    assert photo is None
    assert said[f"{CHEN}.jpg"] == ("陈志强（Y000044012027265000001）的照片不是普通文件，而是命名管道（FIFO）：请换成 JPEG 照片文件；"
                                   "或移走此文件，证书上留出照片框")
    assert "的照片不是普通文件，而是文件夹：" in said["44060620020101250X.jpg"]
    if (tmp_path / "445221198912250121.jpg").exists():
        assert "的照片不是普通文件，而是套接字：" in said["445221198912250121.jpg"]


def test_a_photo_far_larger_than_print_needs_is_refused_saying_its_size_and_the_limit(tmp_path):
    """A 一寸 photo at 300 dpi is 295×413 pixels, tens of KB: a 20 MB file or a 6000-pixel scan goes into
    every print file it is on (100 of them make a print file Word crawls through) for nothing."""
    from skillplan.cycle.certificates import Photos

    (tmp_path / f"{CHEN}.jpg").write_bytes(_jpeg() + b"\x00" * (6 << 20))  # a 6 MB file
    (tmp_path / "44060620020101250X.jpg").write_bytes(_jpeg((4200, 300)))  # small on disk, huge on paper
    (tmp_path / "445221198912250121.jpg").write_bytes(_jpeg((3000, 4000)))  # at the limit: printed
    album = Photos(tmp_path)
    [heavy] = album.problems([_holder(CHEN)])
    assert heavy.message == ("陈志强（Y000044012027265000001）的照片文件有 6.0 MB，超过上限 5 MB（一寸照片按 300 dpi 打印只需"
                             "约 295×413 像素）：请压缩或缩小后另存为 .jpg；或移走此文件，证书上留出照片框")
    [wide] = album.problems([_holder("44060620020101250X", "魏少芬")])
    assert "的照片为 4200×300 像素，超过上限（长边 4000 像素；一寸照片按 300 dpi 打印只需约 295×413 像素）：请缩小后另存为 .jpg" \
        in wide.message
    assert album.problems([_holder("445221198912250121", "李晓玲")]) == []


def test_an_approved_list_without_a_number_column_says_so_and_names_the_columns_it_has(client, tmp_path):
    """A one-column list headed 编号 was read as a title over nothing: 表格是空的. Any list without a
    证书编号 column is named as such, with the columns it has."""
    (tmp_path / "approved.csv").write_text(f"编号\n{FIRST}\nY000044012027265000002\n", encoding="utf-8")
    done = _print(client, tmp_path, "--approved", tmp_path / "approved.csv")
    assert done.returncode == 1 and "表格是空的" not in done.stderr
    assert "approved.csv:1:1  证书编号  缺少“证书编号”列；读到的表头（第 1 行）为：编号；“编号”列如就是“证书编号”，请把表头改为“证书编号”" in done.stderr
    (tmp_path / "approved.csv").write_text(f"姓名,证书编码\n陈志强,{FIRST}\n", encoding="utf-8")
    done = _print(client, tmp_path, "--approved", tmp_path / "approved.csv")
    assert done.returncode == 1
    assert "approved.csv:1:2  证书编号  缺少“证书编号”列；读到的表头（第 1 行）为：姓名、证书编码；“证书编码”列如就是“证书编号”，请把表头改为“证书编号”" in done.stderr


# ---- 发证日期: after the 公示, in the year the number carries ------------------------------------

def test_a_certificate_is_dated_after_the_notice_and_never_inside_it(client, tmp_path):
    """The ledger's 认定日期 is the 公示's first day; the certificate bears the 发证日期 results registered
    (the first working day after the 公示), and a date inside the 公示 is refused saying what to do."""
    with Ledger(client / "certificates.sqlite") as book:
        first = book.get(FIRST)
    assert (first.issued_on, first.issue_date) == ("2026-12-18", "2026-12-25")
    inside = _print(client, tmp_path, "--approved", tmp_path / "证书数据.xlsx", "--issue-date", "2026-12-24")
    assert inside.returncode == 1 and "Traceback" not in inside.stderr
    assert ("发证日期 2026-12-24 不在认定结果公示期（2026-12-18 至 2026-12-24）满之后：证书在公示期满无异议、省里确认证书数据后颁发。"
            "请把 --issue-date 改为 2026-12-25 或之后的日期：") in inside.stderr
    assert not (tmp_path / "out" / "example_2026-1" / "证书").exists()
    with Ledger(client / "certificates.sqlite") as book:
        assert book.prints(FIRST) == 0 and book.get(FIRST).issue_date == "2026-12-25"
    done = _print(client, tmp_path, "--approved", tmp_path / "证书数据.xlsx", "--issue-date", "2026-12-28")
    assert done.returncode == 0, done.stderr
    personal = tmp_path / "out" / "example_2026-1" / "证书" / "个人" / f"{FIRST}-陈志强-证书.docx"
    assert any(line.startswith("发证日期 | 2026年12月28日") for line in docx_paragraphs(personal))
    with Ledger(client / "certificates.sqlite") as book:
        assert book.get(FIRST).issue_date == "2026-12-28"  # the ledger holds the date on the paper
    again = _print(client, tmp_path, "--approved", tmp_path / "证书数据.xlsx", "--issue-date", "2026-12-30")
    assert again.returncode == 0, again.stderr  # printed before: the paper keeps its date
    assert any(line.startswith("发证日期 | 2026年12月28日") for line in docx_paragraphs(personal))


def test_a_date_of_another_year_than_the_numbers_is_refused(client, tmp_path):
    done = _print(client, tmp_path, "--draft", "--issue-date", "2027-01-04")
    assert done.returncode == 1
    assert ("发证日期 2027-01-04 在2027年，而证书编号第14-15位的年份（发证年份）为“26”：编号终身不变，请把 --issue-date 改为"
            "2026年内、2026-12-24 之后的日期：") in done.stderr


def test_a_cycle_whose_notice_ends_in_january_numbers_and_dates_its_certificates_in_the_new_year(client, tmp_path):
    """Assessed late in December, its 公示 runs into 2027 (whose holidays chinesecalendar 1.11 does not know:
    counted Monday to Friday and said on the console): numbers carry 27, certificates say 2027."""
    plan = client / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "      end: 2026-12-18\n", "      end: 2026-12-18\n    result_date: 2026-12-28\n"), encoding="utf-8")
    (client / "certificates.sqlite").unlink()
    done = run_cli("results", client, "--cycle", "2026-1", "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert "认定结果公示期 2026-12-28 至 2027-01-01（5个工作日）；发证日期 2027-01-04（公示期满后的第一个工作日），" \
           "新登记的证书编号按 2027 年编号" in done.stdout
    assert "尚未收录2027年的法定节假日和调休安排" in done.stdout
    notice = docx_text(tmp_path / "out" / "example_2026-1" / "认定结果公示.docx")
    assert "公示期为2026年12月28日至2027年1月1日（共5个工作日）" in notice and "尚未收录" not in notice
    number = "Y000044012027275000001"
    with Ledger(client / "certificates.sqlite") as book:
        assert (book.get(number).issued_on, book.get(number).issue_date) == ("2026-12-28", "2027-01-04")
    printed = _print(client, tmp_path, "--approved", tmp_path / "out" / "example_2026-1" / "证书数据.xlsx")
    assert printed.returncode == 0, printed.stderr
    assert "尚未收录2027年的法定节假日和调休安排" in printed.stdout
    personal = tmp_path / "out" / "example_2026-1" / "证书" / "个人" / f"{number}-陈志强-证书.docx"
    assert any(line.startswith("发证日期 | 2027年1月4日") for line in docx_paragraphs(personal))


def test_a_version_4_ledger_gains_the_issue_date_and_keeps_what_its_paper_says(tmp_path):
    from skillplan.cycle import stock
    from skillplan.cycle.ledger import SCHEMA_VERSION, Holder

    path = tmp_path / "certificates.sqlite"
    with Ledger(path, today=lambda: dt.date(2027, 1, 5)) as book:
        with book.transaction():
            numbers = book.reconcile("Y000044012027", "2026-1", dt.date(2026, 12, 18),
                                     [Holder("1", "甲", "电工", 5), Holder("2", "乙", "电工", 5)]).registered
            stock.print_marks(book, numbers[:1], dt.date(2027, 1, 5))
        book.db.execute("ALTER TABLE certificates DROP COLUMN issue_date")  # as version 4 made it
        book.db.execute("PRAGMA user_version = 4")
    with Ledger(path) as book:
        assert book.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 6
        # printed by the earlier version with its 认定日期; the other one is dated when printed
        assert [c.issue_date for c in book.certificates()] == ["2026-12-18", ""]
