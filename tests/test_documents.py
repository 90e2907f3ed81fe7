"""The documents as the province and an HR office read them (issue 38): what leaves the company never
speaks of the tool, levels are written one way, and the rules the documents rest on are cited together."""
import re
import zipfile
from pathlib import Path

import pytest
from helpers import ROOT, W, docx_paragraphs, docx_text, run_cli
from lxml import etree

CLIENTS = sorted(p.parent.name for p in (ROOT / "config").glob("*/plan.yaml"))
# what leaves the company: the filing and its 公告, the exam-day papers, the 公示, the data for the province,
# the forms and the certificates (not the 评分录入表, 成绩汇总 or 考评人员安排, which stay with HR)
OUTWARD = ["公告/*.docx", "*工作方案.docx", "附件/*.docx", "资格审核表.docx", "考场安排.*", "准考证/*.docx",
           "签到表.docx", "考场异常情况记录表.docx", "证卡.docx", "定级评价表/*.docx", "*合并打印*.docx",
           "认定结果公示.docx", "证书数据.xlsx", "证书/**/*.docx", "证书样本/**/*.docx"]
# the tool's own words: its name, its files, its options, its advice to its user
TOOL_SPEAK = re.compile(r"skillplan|review\.csv|roster|scores|staff|manifest|重新运行|--[A-Za-z]"
                        r"|\.(csv|xlsx|docx|ya?ml|json|sqlite)\b|cycles/|plan\.|结构化", re.IGNORECASE)


@pytest.fixture(scope="module")
def cycles(tmp_path_factory):
    """Every client under config/ built and run through a cycle (its own, or one made from its plan:
    tests/synthetic.py), certificates printed and proofs made: {client: (filing folder, cycle folder)}."""
    from synthetic import make_cycle

    root = tmp_path_factory.mktemp("cycles")
    out, done = root / "out", {}
    for name in CLIENTS:
        folder = root / "clients" / name
        cycle_id = make_cycle(ROOT / "config" / name, folder)
        for step in (["build", folder], *([verb, folder, "--cycle", cycle_id] for verb in ("prepare", "forms", "results"))):
            ran = run_cli(*step, "-o", out)
            assert ran.returncode == 0, (name, step[0], ran.stderr)
        data = out / f"{name}_{cycle_id}" / "证书数据.xlsx"
        for extra in (["--approved", data], ["--draft"]):
            ran = run_cli("certificates", folder, "--cycle", cycle_id, *extra, "-o", out)
            assert ran.returncode == 0, (name, extra, ran.stderr)
        done[name] = (out / name, out / f"{name}_{cycle_id}")
    return done


def outward(folders) -> dict:
    """Each outward document by its place in its folder (公告/…, 资格审核表.docx …)."""
    return {path.relative_to(folder): path for folder in folders for pattern in OUTWARD for path in folder.glob(pattern)}


def document_text(path) -> list[str]:
    """What a reader sees: every paragraph of a .docx (body, headers, footers), every cell of a .xlsx."""
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        return [str(c) for sheet in load_workbook(path, read_only=True) for row in sheet.iter_rows(values_only=True)
                for c in row if c is not None]
    with zipfile.ZipFile(path) as z:
        parts = [n for n in z.namelist() if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)]
        return ["".join(t.text or "" for t in p.iter(f"{W}t")) for n in parts
                for p in etree.fromstring(z.read(n)).iter(f"{W}p")]


# ---- 4. documents that leave the company never speak of the tool ---------------------------------

@pytest.mark.parametrize("name", CLIENTS)
def test_outward_documents_never_speak_of_the_tool(cycles, name):
    paths = outward(cycles[name])
    assert {"公告", "资格审核表.docx", "考场安排.docx", "准考证", "签到表.docx", "考场异常情况记录表.docx", "认定结果公示.docx",
            "证书数据.xlsx", "证书", "证书样本"} <= {place.parts[0] for place in paths}
    found = [(str(place), line) for place, p in sorted(paths.items()) for line in document_text(p)
             if TOOL_SPEAK.search(line)]
    assert found == []
    # nor their properties (作者, 应用程序 in Word's file information): they go out under the enterprise's name
    named = [str(place) for place, p in sorted(paths.items()) if p.suffix == ".docx"
             for part in ("docProps/core.xml", "docProps/app.xml") if b"skillplan" in zipfile.ZipFile(p).read(part)]
    assert named == []


def test_the_tool_speak_scan_catches_what_it_is_for():
    for said in ("待审核人员经人工审核后在 review.csv 中写明结论，重新运行即可。", "见 skillplan prepare",
                 "用 --approved 指定", "另存为 scores.xlsx", "方案未给出结构化的申报条件"):
        assert TOOL_SPEAK.search(said), said
    for plain in ("工种/职业方向 | --", "2026年12月14日 09:00—10:30", "Rahma bin Ismail", "jianding@huayue-pm.com.cn"):
        assert not TOOL_SPEAK.search(plain), plain


def test_the_console_tells_how_the_pending_are_decided(client, tmp_path):
    done = run_cli("prepare", client, "--cycle", "2026-1", "-o", tmp_path / "out")
    assert "待审核的 1 人：人工审核后在 cycles/2026-1/review.csv 中写明结论（证件号码,结论,理由），重新运行 skillplan prepare 即可" \
        in done.stdout


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
    lines = docx_paragraphs(path)
    start = next(i for i, line in enumerate(lines) if line.startswith("序号 | 姓名"))
    rows = [line.split(" | ") for line in lines[start:] if " | " in line]
    return rows[0], rows[1:]


def test_results_notice_leaves_scores_out_by_default_and_prints_numbers_when_asked(client, tmp_path):
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


# ---- 2. the 公告's tables: 职业 and 工种 apart, headers on one line, the place across the table -------

def _cell_text(tc) -> str:
    """A cell's text, its paragraphs and line breaks as \n."""
    return "\n".join("".join(t.text or "" if t.tag == f"{W}t" else "\n" for t in p.iter(f"{W}t", f"{W}br"))
                     for p in tc.iter(f"{W}p"))


def _tables(path):
    """Each table of a .docx as rows of (text, width in twips, columns spanned)."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return [[[(_cell_text(tc), int(tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w")),
               int(tc.find(f"{W}tcPr/{W}gridSpan").get(f"{W}val")) if tc.find(f"{W}tcPr/{W}gridSpan") is not None else 1)
              for tc in tr.iter(f"{W}tc")] for tr in tbl.iter(f"{W}tr")] for tbl in root.iter(f"{W}tbl")]


@pytest.mark.parametrize("name", CLIENTS)
def test_announcement_splits_occupation_and_trade_and_keeps_headers_and_places_whole(cycles, name):
    from skillplan import api
    from test_shapes import _needed_width

    _, plan = api.checked(ROOT / "config" / name / "plan.yaml", strict=False)
    occupations = {(o["code"], o["name"], o.get("trade") or "—") for o in plan["occupations"]}
    for path in sorted((cycles[name][0] / "公告").glob("*.docx")):
        table_one, sessions = _tables(path)
        header, *rows = [[text for text, _, _ in r] for r in table_one]
        assert header == ["序号", "职业编码", "职业名称", "工种名称", "等级", "认定方式", "认定依据"]
        assert {tuple(c.replace("\n", "") for c in r[1:4]) for r in rows} <= occupations  # a long name in lines
        for r in rows:  # …broken between its words only (电子设备 / 装接工): each line fits its cell
            assert all(width >= _needed_width(line) for text, width, _ in table_one[rows.index(r) + 1][2:4]
                       for line in text.split("\n")), r
        assert [t for t, _, _ in sessions[0]] == ["序号", "职业（工种）", "等级", "认定时间", "认定方式"]
        for text, width, _ in table_one[0] + sessions[0]:  # 职业（工｜种） never again
            assert width >= _needed_width(text), (path.name, text, width)
        places = [r[0] for r in sessions[1:] if len(r) == 1]
        assert places and all(t.startswith("认定地点：") and span == 5 for t, _, span in places)
        for r in sessions[1:]:
            if len(r) == 5:  # a session: its date and method each on one line
                assert all(width >= _needed_width(text) for text, width, _ in r[2:]), (path.name, r)


# ---- 3. the certificate keeps the seal's area beside 评价机构名称 and 发证日期 ------------------------

SEAL_TWIPS = round(40 * 1440 / 25.4)  # an enterprise seal is 40 mm across


@pytest.mark.parametrize("name", CLIENTS)
def test_every_certificate_keeps_an_area_for_the_seal_beside_the_issuer_and_the_date(cycles, name):
    for path in sorted((cycles[name][1] / "证书").glob("*.docx")):
        with zipfile.ZipFile(path) as z:
            root = etree.fromstring(z.read("word/document.xml"))
        for tbl in root.iter(f"{W}tbl"):
            rows = {"".join(t.text or "" for t in tr.find(f"{W}tc").iter(f"{W}t")): tr for tr in tbl.iter(f"{W}tr")}
            issuer, date = rows["评价机构名称"], rows["发证日期"]
            seal = issuer.findall(f"{W}tc")[2]
            assert "".join(t.text for t in seal.iter(f"{W}t")) == "评价机构（盖章）"
            assert seal.find(f"{W}tcPr/{W}vMerge").get(f"{W}val") == "restart"
            assert date.findall(f"{W}tc")[2].find(f"{W}tcPr/{W}vMerge") is not None  # the area spans the date's row
            assert int(seal.find(f"{W}tcPr/{W}tcW").get(f"{W}w")) >= SEAL_TWIPS
            height = sum(int(tr.find(f"{W}trPr/{W}trHeight").get(f"{W}val")) for tr in (issuer, date))
            assert height >= SEAL_TWIPS, (path.name, height)


def test_the_photo_box_asks_for_a_recent_colour_photo_on_white(cycles):
    [first, *_] = sorted((cycles["example"][1] / "证书" / "个人").glob("*.docx"))
    assert any("照片\n近期一寸彩色白底" in line for line in docx_paragraphs(first))


# ---- 7. the layout seen on the pages ---------------------------------------------------------------

def _paragraph_keeps(p) -> bool:
    return p.find(f"{W}pPr/{W}keepNext") is not None


def _root(path):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml"))


def _pdf_text(paths, out) -> dict:
    """Each document as LibreOffice lays it out (pdftotext -layout), one string per page."""
    import subprocess

    from helpers import tool

    out.mkdir(parents=True, exist_ok=True)
    subprocess.run([tool("soffice"), f"-env:UserInstallation=file://{out}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), *map(str, paths)], capture_output=True, timeout=300, check=False)
    return {path: subprocess.run(["pdftotext", "-layout", str(out / (path.stem + ".pdf")), "-"], capture_output=True,
                                 text=True, check=True).stdout.split("\f")[:-1] for path in paths}


@pytest.mark.parametrize("name", CLIENTS)
def test_tables_repeat_their_header_keep_it_with_a_row_and_never_split_a_row(cycles, name):
    for place, path in sorted(outward(cycles[name]).items()):
        if path.suffix != ".docx":
            continue
        for tbl in _root(path).iter(f"{W}tbl"):
            rows = tbl.findall(f"{W}tr")
            assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in rows), place
            for tr in rows:
                if tr.find(f"{W}trPr/{W}tblHeader") is not None:  # a title row stays with the first row
                    assert all(_paragraph_keeps(p) for p in tr.iter(f"{W}p")), place


@pytest.mark.parametrize("name", CLIENTS)
def test_a_total_never_starts_a_page_without_the_items_above_it(cycles, name):
    """表2's last two items keep with 总得分 (every paragraph of them), in the annex and in every form."""
    filing, cycle = cycles[name]
    forms = [*filing.glob("附件/附件1-*.docx"), *cycle.glob("定级评价表/*.docx"), *cycle.glob("*合并打印*.docx")]
    totals = 0
    for path in forms:
        for tbl in _root(path).iter(f"{W}tbl"):
            rows = tbl.findall(f"{W}tr")
            for i, tr in enumerate(rows):
                if "".join(t.text or "" for t in tr.find(f"{W}tc").iter(f"{W}t")) == "总得分":
                    totals += 1
                    assert all(_paragraph_keeps(p) for r in rows[i - 2:i] for p in r.iter(f"{W}p")), path.name
    assert totals or "定级评价" not in {o["method"] for o in _plan(name)["occupations"]}


def _plan(name) -> dict:
    from skillplan import api

    return api.checked(ROOT / "config" / name / "plan.yaml", strict=False)[1]


def _style(p) -> str | None:
    found = p.find(f"{W}pPr/{W}pStyle")
    return None if found is None else found.get(f"{W}val")


def _body_paragraphs(path) -> list:
    return list(_root(path).find(f"{W}body").iter(f"{W}p"))


@pytest.mark.parametrize("name", CLIENTS)
def test_the_signature_never_stands_alone_on_the_last_page(cycles, name):
    """公告 and 公示: the last lines of the text, 特此公告/公示, the blank lines and the 落款 keep together."""
    filing, cycle = cycles[name]
    for path, closing in [*((p, "特此公告。") for p in (filing / "公告").glob("*.docx")),
                          (cycle / "认定结果公示.docx", "特此公示。")]:
        paragraphs = _body_paragraphs(path)
        texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in paragraphs]
        end = texts.index(closing)
        signed = next(i for i, p in enumerate(paragraphs) if _style(p) == "SignatureName")  # keeps with its date
        assert signed > end and texts[signed] == _plan(name)["company"]["name"]
        assert all(_paragraph_keeps(p) for p in paragraphs[end - 1:signed]), path.name
    # the work plan: its last paragraph of text goes with the annex list and the 落款 (their page was one
    # of the list and the signature alone, GB/T 9704)
    [plan] = filing.glob("*工作方案.docx")
    paragraphs = _body_paragraphs(plan)
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in paragraphs]
    listed = next(i for i, t in enumerate(texts) if t.startswith("附件：1."))
    assert texts[listed - 2] and all(_paragraph_keeps(p) or _style(p) == "KeepWithNext"
                                     for p in paragraphs[listed - 2:listed]), texts[listed - 2:listed]


@pytest.mark.parametrize("name", CLIENTS)
def test_titles_break_after_the_company_and_registers_name_the_batch(cycles, name):
    filing, cycle = cycles[name]
    company = _plan(name)["company"]["name"]
    titled = [*(filing / "公告").glob("*.docx"), *filing.glob("*工作方案.docx"), cycle / "认定结果公示.docx"]
    for path in titled:
        title = next(p for p in _body_paragraphs(path) if _style(p) == "Title")
        assert "".join(t.text or "" if t.tag == f"{W}t" else "\n" for t in title.iter(f"{W}t", f"{W}br")).startswith(
            company + "\n"), path.name
    batch = re.compile(re.escape(company) + r"\d{4}年第[一二三四五六七八九十]+批职业技能等级认定$")
    for kind in ("签到表.docx", "考场异常情况记录表.docx", "资格审核表.docx", "考场安排.docx"):
        captions = [line for line in docx_paragraphs(cycle / kind) if line.startswith(company)]
        assert captions and all(batch.match(c) for c in captions), kind


def _fits(text: str, width: int, size: int = 24) -> bool:
    from test_shapes import _needed_width

    return width >= round((_needed_width(text) - 170) * size / 24) + 170


@pytest.mark.parametrize("name", ["group-branches", "group-subsidiaries", "example"])
def test_a_units_name_breaks_only_between_the_company_and_its_branch(cycles, name):
    """工作方案: the units' table and the 考场地址 table print a branch as the company's name and, on the
    next line, its own part; each line fits its cell, so no name breaks inside a word."""
    [filing] = cycles[name][0].glob("*工作方案.docx")
    company, checked = _plan(name)["company"]["name"], 0
    for tbl in _root(filing).iter(f"{W}tbl"):
        for tr in tbl.findall(f"{W}tr"):
            for tc in tr.findall(f"{W}tc"):
                first = tc.find(f"{W}p")
                lines = "".join(t.text or "" if t.tag == f"{W}t" else "\n" for t in first.iter(f"{W}t", f"{W}br")).split("\n")
                if lines[0] == company and len(lines) > 1 or lines[0].endswith("（子公司）"):
                    checked += 1
                    assert _fits(lines[0], int(tc.find(f"{W}tcPr/{W}tcW").get(f"{W}w"))), lines
    assert checked


@pytest.fixture(scope="module")
def forty_four(tmp_path_factory):
    """A group client's cycle of 44 applicants: a name on a passport, names with ·, certificates held."""
    from synthetic import make_cycle

    root = tmp_path_factory.mktemp("forty-four")
    cycle_id = make_cycle(ROOT / "config" / "group-branches", root / "group-branches", per_level=4)
    assert run_cli("prepare", root / "group-branches", "--cycle", cycle_id, "-o", root / "out").returncode == 0
    return root / "out" / f"group-branches_{cycle_id}"


def test_the_qualification_register_keeps_names_ids_and_dates_whole(forty_four):
    path = forty_four / "资格审核表.docx"
    header, *rows, closing = _tables(path)[1]
    assert [t.replace("\n", "") for t, _, _ in header] == ["序号", "姓名", "证件号码", "申报职业（等级）", "本职业工龄",
                                                          "本单位年限", "文化程度", "已有证书", "审核结论"]
    assert len(rows) == 44
    # the signatures are the table's last row: they go to the next page only with the last rows
    [(signed, _, span)] = closing
    assert span == 9 and "审核人签字" in signed and signed.rstrip().endswith("日")
    for row in rows:  # in 五号: every name, ID and date on one line; the verdict has the widest column left
        name, number, held = row[1], row[2], row[7]
        assert _fits(name[0], name[1], 21) and _fits(number[0].split(" ")[-1], number[1], 21), row
        assert all(_fits(line, held[1], 21) for line in held[0].split("\n")) or held[0] == "—", row
    assert max(w for _, w, _ in header) == header[-1][1] or header[-1][1] >= 1900


@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice 未安装")
def test_the_pages_show_whole_names_dates_and_titles(forty_four, cycles, tmp_path):
    """As LibreOffice lays them out: the register of 44 takes no more than 6 pages (8 before), Rahma bin
    Ismail and every date on one line, the signatures beside the last rows; the 公告's title breaks after
    the company only and its last page holds text above the 落款."""
    filing = cycles["group-branches"][0]
    notice = next((filing / "公告").glob("*.docx"))
    example = cycles["example"][1] / "资格审核表.docx"  # its signatures stood alone on a page of their own
    [last] = _pdf_text([example], tmp_path / "example")[example][-1:]
    assert "审核人签字" in last and re.search(r"^\s*30\s", last, re.M)
    pages = _pdf_text([forty_four / "资格审核表.docx", notice, forty_four / "签到表.docx"], tmp_path)
    register = pages[forty_four / "资格审核表.docx"]
    assert len(register) <= 6
    whole = "\n".join(register)
    held = docx_text(forty_four / "资格审核表.docx").count("（2015-06-30）")
    assert "Rahma bin Ismail" in whole and held > 20 and whole.count("（2015-06-30）") == held
    assert "审核人签字" in register[-1] and "44" in register[-1]
    first = [line.replace(" ", "") for line in pages[notice][0].splitlines() if line.strip()]  # 2026 年: a PDF's spacing
    assert first[:2] == ["广东南粤能源装备集团有限公司", "2026年第二批职业技能等级认定公告"]
    assert "特此公告" in pages[notice][-1] and "监督投诉" in pages[notice][-1]
    assert "Rahma bin Ismail" in pages[forty_four / "签到表.docx"][0]


def _annex(folder, title: str):
    return next(folder.glob(f"附件/附件*-{title}.docx"), None)


@pytest.mark.parametrize("name", CLIENTS)
def test_names_titles_and_terms_fit_their_cells_or_break_between_words(cycles, name):
    """A narrow column never breaks a word: in 附件1's 表1 and 表3 and 表2's head every line of a cell fits it
    (a rater's title in 五号 as the head is set); the work plan's units and 工种 fit line by line, and
    认定依据 holds four characters a line, so it breaks between its words (国家职业｜技能标准)."""
    filing = cycles[name][0]
    form = _annex(filing, "企业职业（岗位）技能等级定级评价表")
    checked = 0
    for table in _tables(form) if form else []:
        head = [r for r in table if r[0][0] == "评价内容"]
        # 表2's top row: 技能等级：五级至三级 on one line, however few raters stand beside it
        labels_top = [r for r in table if r[0][0].startswith("职业（工种）：")]
        labels = [r for r in table if r[0][0] in ("姓名", "工作单位", "申报职业\n（工种）", "在本单位\n工作年限")
                  or r[0][0].endswith("签字") or r[0][0] == "定级结果"]
        for row, size in [*((r, 21) for r in head), *((r, 24) for r in labels), *((r[1:], 24) for r in labels_top)]:
            for text, width, _ in row:
                if text.startswith("注："):
                    continue
                checked += 1
                assert all(_fits(line, width, size) for line in text.split("\n")), (form.name, text, width)
    assert checked or not form
    [plan_path] = filing.glob("*工作方案.docx")
    tables = _tables(plan_path)
    scope = next(t for t in tables if [c[0] for c in t[0]][:3] == ["序号", "职业编码", "职业名称"])
    for _, width, _ in [r[5] for r in scope[1:]]:
        assert _fits("国家职业", width) and not _fits("国家职业技", width), width
    for row in scope[1:]:  # 职业名称 and 工种名称 whole, or broken between words (电子设备 / 装接工)
        assert all(_fits(line, width) for text, width, _ in row[2:4] for line in text.split("\n")), row
    sites = next(t for t in tables if [c[0] for c in t[0]][:2] == ["序号", "考场地址"])
    units = [t for t in tables if t[0][1][0].endswith("公司名称")]
    for row in sites[1:]:
        # the unit's name and its address (地址：广州市越秀区 / 东风中路318号), line by line
        assert all(_fits(line, row[1][1]) for line in [*row[1][0].split("\n"), *row[2][0].split("\n")]), row
    for row in (r for t in units for r in t[1:]):  # the unit's name and its address, line by line
        assert all(_fits(line, row[i][1]) for i in (1, 3) for line in row[i][0].split("\n")), row


def _whole(lines: list[str], pages: list[str]) -> list[str]:
    """The lines (of a cell, a title) that LibreOffice's pages do not show whole on one line."""
    shown = [re.sub(r"\s", "", line) for page in pages for line in page.splitlines()]
    return [line for line in lines if line and not any(line in s for s in shown)]


@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice 未安装")
def test_the_pages_keep_words_ranges_and_the_last_lines_whole(cycles, tmp_path):
    """As LibreOffice lays them out, for every client: 附件1's raters' titles, signatures and labels whole;
    the coding annex never breaks inside 第17-22位 nor leaves a page of one line at its end."""
    import shutil

    copies = {}
    for name in CLIENTS:
        filing = cycles[name][0]
        for kind, title in (("form", "企业职业（岗位）技能等级定级评价表"), ("coding", "广东省职业技能等级证书编码规则实施方案（企业2021版）")):
            if (found := _annex(filing, title)) is not None:
                copies[name, kind] = shutil.copy(found, tmp_path / f"{name}-{kind}.docx")
    pages = _pdf_text([Path(p) for p in copies.values()], tmp_path / "pdf")
    for (name, kind), path in copies.items():
        shown = pages[Path(path)]
        if kind == "coding":
            last = [line for line in shown[-1].splitlines() if line.strip() and not re.fullmatch(r"\s*—\s*\d+\s*—\s*", line)]
            assert len(last) >= 3, (name, last)  # the last three lines of the example go together
            assert not [line for page in shown for line in page.splitlines() if re.search(r"\d\s*-\s*$", line)], name
            continue
        labels = []  # 表1's cells, 表2's head, 表3's first column
        for table in _tables(path):
            first = table[0][0][0]
            rows = table if first == "姓名" else [r for r in table if r[0][0] == "评价内容"]
            labels += [text for row in rows for text, _, _ in row]
            labels += [row[0][0] for row in table if first.endswith("签字")]
        assert _whole([line for text in labels for line in text.split("\n")], shown) == [], name


LONG_NAME = "珠海横琴粤澳深度合作区海韵国际旅游度假酒店管理有限公司"  # 27 characters: wider than a title's line


@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice 未安装")
def test_a_long_name_breaks_between_its_words_in_the_titles_and_the_signature(tmp_path):
    """A name longer than a line breaks where a reader pauses (after its place, 合作区), in the title and
    the 落款, never inside a word and never leaving 有限公司 alone (…度假酒｜店管理有限公司 before)."""
    import yaml

    data = yaml.safe_load((ROOT / "config" / "example" / "plan.yaml").read_text(encoding="utf-8"))
    data["company"]["name"] = LONG_NAME
    client = tmp_path / "longname"
    client.mkdir()
    (client / "plan.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert run_cli("build", client, "-o", tmp_path / "out").returncode == 0
    [plan] = (tmp_path / "out" / "longname").glob("*工作方案.docx")
    notice = next((tmp_path / "out" / "longname" / "公告").glob("*.docx"))
    name = ["珠海横琴粤澳深度合作区", "海韵国际旅游度假酒店管理有限公司"]
    for path in (plan, notice):
        paragraphs = _body_paragraphs(path)
        lines = {_style(p): "".join(t.text or "" if t.tag == f"{W}t" else "\n" for t in p.iter(f"{W}t", f"{W}br"))
                 for p in paragraphs if _style(p) in ("Title", "SignatureName")}
        assert lines["Title"].split("\n")[:2] == name and lines["SignatureName"].split("\n") == name, path.name
    pages = _pdf_text([plan, notice], tmp_path / "pdf")
    assert _whole(name, pages[plan][:1]) == [] and _whole(name, pages[notice][:1]) == []
    signed = next(i for i, page in enumerate(pages[plan]) if "2026年11月20日" in re.sub(r"\s", "", page))  # the 落款
    assert _whole(name, pages[plan][signed:signed + 1]) == [] and _whole(name, pages[notice][-1:]) == []
