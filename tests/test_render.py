"""The fast renderer writes exactly what DocxTemplate(path).render(context) + save writes, cold cache or warm."""
import re
import subprocess
import sys

import pytest
from helpers import EXAMPLE, ROOT, example_plan_and_cycle


def whole(xml) -> bytes:
    """long_list's document.xml in one piece (its fast path hands it out as Pieces)."""
    from skillplan.core.archive import Pieces

    return b"".join(xml.pieces) if isinstance(xml, Pieces) else xml


def _contexts():
    from skillplan import api
    from skillplan.filing import derive

    _, plan = api.checked(EXAMPLE / "plan.yaml", strict=False)
    yield "plan.docx", derive.plan_context(plan)
    for _, template, context in derive.annex_contexts(plan):
        yield template, context
    for cycle in plan["cycles"]:
        yield "announcement.docx", derive.announcement_context(plan, cycle)


COMPARE = """
import sys
sys.path.insert(0, "tests")
from test_render import _contexts
from skillplan.core.render import render, render_reference, to_bytes
for name, context in _contexts():
    assert to_bytes(render(name, context)) == render_reference(name, context), name
print("same")
"""


@pytest.mark.parametrize("run", ["cold cache", "warm cache"])
def test_fast_path_is_byte_identical_to_plain_docxtpl(tmp_path_factory, run):
    cache = tmp_path_factory.getbasetemp() / "render-cache"  # shared: the second run finds it filled
    done = subprocess.run([sys.executable, "-c", COMPARE], cwd=ROOT, capture_output=True, text=True,
                          env={"SKILLPLAN_CACHE": str(cache), "PATH": ""}, timeout=120)
    assert done.stdout.strip() == "same", done.stderr
    assert any(cache.glob("*.json"))


def test_filing_with_appended_annexes_is_byte_identical(tmp_path):
    from skillplan import api
    from skillplan.core.render import (
        _reference_template,
        _rendered,
        append_document,
        find_template,
        render,
        to_bytes,
    )
    from skillplan.filing import derive

    _, plan = api.checked(EXAMPLE / "plan.yaml", strict=False)
    fast = render("plan.docx", derive.plan_context(plan))
    plain = _rendered(_reference_template(find_template("plan.docx", None), derive.plan_context(plan)))
    for _, template, context in derive.annex_contexts(plan):
        append_document(fast, render(template, context))
        append_document(plain, _rendered(_reference_template(find_template(template, None), context)))
    assert to_bytes(fast) == to_bytes(plain)


def test_no_cache_folder_still_renders(tmp_path):
    done = subprocess.run([sys.executable, "-m", "skillplan", "build", str(EXAMPLE), "-o", str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, env={"SKILLPLAN_CACHE": "", "PATH": ""}, timeout=120)
    assert done.returncode == 0, done.stderr


def test_batch_forms_are_byte_identical_to_rendering_each_form_alone(tmp_path):
    """The pre-filled forms and print files `skillplan forms` writes fast are exactly the plain ones."""
    from dataclasses import replace

    from skillplan.core.stencil import appended
    from skillplan.cycle.forms import FormBatch, forms_documents
    from skillplan.cycle.roster import read_roster

    plan, cycle = example_plan_and_cycle()
    candidates, _ = read_roster(EXAMPLE / "cycles" / "2026-1" / "roster.csv", plan, cycle)
    grading = [c for c in candidates if c.method == "定级评价"]
    odd = [replace(grading[0], name="A&B<研发>\"x\"'y' 𠀀😀 {{ 7*7 }}"), replace(grading[1], post="a > b & c"),
           replace(grading[2], education="夜校\t进修")]  # a tab: docxtpl makes it a <w:tab/>, so plain render
    batch = FormBatch(plan, None)
    for candidate in grading + odd:
        assert batch.docx(batch.document(candidate)) == batch.docx(batch.plain(candidate)), candidate.name
    many = [replace(grading[n % len(grading)], row=n) for n in range(230)]  # three print files
    files = dict(forms_documents(plan, many, jobs=2))
    prints = sorted(name for name in files if "合并打印" in name)
    assert prints == [f"定级评价表-合并打印-{k:03d}.docx" for k in (1, 2, 3)]
    documents = [batch.plain(c) for c in many[200:]]
    assert files[prints[2]] == batch.docx(appended(documents))


def test_forms_with_scores_are_byte_identical_to_rendering_each_form_alone():
    """`skillplan results` fills each form's scores into a stencil: passed, failed, absent and odd
    names give exactly what rendering that form alone gives, and a print file is the forms joined."""
    from dataclasses import replace
    from decimal import Decimal

    from skillplan.core.stencil import appended
    from skillplan.cycle.admission import review
    from skillplan.cycle.forms import FormBatch
    from skillplan.cycle.results import results_documents
    from skillplan.cycle.roster import read_roster
    from skillplan.cycle.scoring import Outcome, read_scores

    plan, cycle = example_plan_and_cycle()
    candidates, _ = read_roster(EXAMPLE / "cycles" / "2026-1" / "roster.csv", plan, cycle)
    candidates = [v.candidate for v in review(plan, candidates, cycle["registration"]["end"]) if v.admitted]
    outcomes, problems = read_scores(EXAMPLE / "cycles" / "2026-1" / "scores.csv", plan, candidates)
    assert not problems
    graded = [o for o in outcomes if o.candidate.method == "定级评价"]
    first = graded[0]
    failed = replace(first, total=Decimal("59.995"), passed=False)
    absent = Outcome(replace(first.candidate, row=99), None, False, absent=True)
    odd = replace(first, candidate=replace(first.candidate, name="A&B<x>\"q\" {{ 1 }}"))
    batch = FormBatch(plan, None)
    for outcome in [*graded, failed, absent, odd, first]:
        assert batch.document(outcome.candidate, outcome) == batch.plain(outcome.candidate, outcome)
    assert None not in batch.batch.stencils.shapes.values()  # every shape was filled fast, none fell back
    many = [replace(graded[n % len(graded)], candidate=replace(graded[n % len(graded)].candidate, row=n))
            for n in range(130)]
    files = dict(results_documents(plan, cycle, many, {}, jobs=2))
    assert batch.docx(appended([batch.plain(o.candidate, o) for o in many[100:]])) == \
        files["定级评价表（含成绩）-合并打印-002.docx"]


def test_print_files_rendered_while_the_scores_are_read_are_those_rendered_after():
    """results hands a print file to the workers as soon as its last person is graded: the files are
    the ones rendering everything at the end gives, and a print file whose people differ by the end
    (someone graded early but not among the outcomes) is rendered again, not reused."""
    from dataclasses import replace

    from skillplan.cycle.results import SCORED, results_documents, scored_forms
    from skillplan.cycle.roster import read_roster
    from skillplan.cycle.scoring import read_scores

    plan, cycle = example_plan_and_cycle()
    candidates, _ = read_roster(EXAMPLE / "cycles" / "2026-1" / "roster.csv", plan, cycle)
    outcomes, _ = read_scores(EXAMPLE / "cycles" / "2026-1" / "scores.csv", plan, candidates)
    graded = [o for o in outcomes if o.candidate.method == "定级评价"]
    many = [replace(o, candidate=replace(o.candidate, row=n, id_number=f"44010119900101{n:04d}"))
            for n, o in enumerate(graded[n % len(graded)] for n in range(230))]
    after = dict(results_documents(plan, cycle, many, {}, jobs=2))
    for jobs in (2, 1):
        with scored_forms(plan, None, None, [o.candidate for o in many], jobs) as forms:
            for outcome in reversed(many):  # in any order: a file goes once all its people are in
                forms.add(outcome)
            assert len(forms.ahead) == 3
            assert dict(results_documents(plan, cycle, many, {}, forms=forms)) == after
    with scored_forms(plan, None, None, [o.candidate for o in many], 2) as forms:
        for outcome in many:
            forms.add(outcome)
        fewer = dict(results_documents(plan, cycle, many[:-1], {}, forms=forms))
    last = f"{SCORED}-003.docx"
    assert fewer[last] != after[last]
    assert fewer == dict(results_documents(plan, cycle, many[:-1], {}, jobs=1))


def test_a_long_list_fills_one_row_stencil_and_is_exactly_the_plain_render():
    """The results notice of many people: one marked row cut out and filled per person gives the
    document the plain render gives, count (共N人) included; rows that depend on their place in the
    list (loop.index) or differ in shape render plainly, and still come out right."""
    from skillplan.core.render import render, xml_bytes
    from skillplan.core.stencil import long_list

    rows = [{"no": n, "name": name, "id": "4401**********001X", "occupation": "电工", "level": "五级/初级工",
             "score": "88.50"} for n, name in enumerate(["陈志强", "A&B<x>\"q\"'s'", "{{ 7*7 }}", "𠀀😀", "李晓玲"], 1)]
    context = {"company": "华粤", "names": {"title": "华粤", "signature": "华粤"}, "year": 2026, "batch": "一", "assessment_period": "2026年12月1日至3日",
               "scores": True, "passed": rows, "period": "2026年12月4日至10日", "days": 7, "date": "二〇二六年十二月四日",
               "quality": {"complaint_department": "工会", "complaint_phone": "020-1", "complaint_email": "a@b.cn"}}
    calls = []

    def document_xml(ctx, name="results_notice.docx"):
        calls.append(len(list(ctx["passed"])))
        return xml_bytes(render(name, ctx))

    def marked(row, marks):
        return {k: marks(v) for k, v in row.items()}

    plain = xml_bytes(render("results_notice.docx", context))
    assert "共有5人".encode() in plain
    assert whole(long_list(document_xml, context, "passed", marked)) == plain
    assert calls == [1, 3]  # one marked row, three to prove it: never the whole list
    odd = {**context, "passed": [*rows[:4], {**rows[4], "score": ""}]}  # an empty cell: another shape
    assert whole(long_list(document_xml, odd, "passed", marked)) == xml_bytes(render("results_notice.docx", odd))


def test_a_row_that_depends_on_its_place_in_the_list_is_never_stencilled():
    import functools
    from html import escape

    from skillplan.core.stencil import long_list

    def document_xml(ctx, numbered):
        seen.append(len(list(ctx["rows"])))
        cells = "".join(f"<w:tr><w:tc><w:t>{i if numbered else ''}{escape(r['name'], quote=False)}</w:t></w:tc></w:tr>"
                        for i, r in enumerate(ctx["rows"], 1))
        return f"<w:document><w:p>{len(ctx['rows'])}</w:p><w:tbl>{cells}</w:tbl></w:document>".encode()

    context = {"rows": [{"name": n} for n in ["a", "b&c", "d", "e", "f"]]}
    for numbered in (False, True):
        seen = []
        expected = document_xml(context, numbered)
        done = long_list(functools.partial(document_xml, numbered=numbered), context, "rows",
                         lambda row, marks: {"name": marks(row["name"])})
        assert whole(done) == expected
        assert seen[1:3] == [1, 3] and (seen[3:] == [5]) == numbered  # numbered rows fell back to the whole list


def test_a_worker_starts_where_it_may_not_lower_its_priority(monkeypatch):
    """Workers step behind the main process with os.nice; on Windows there is no os.nice, and where
    lowering is refused the worker starts all the same."""
    import os

    from skillplan.core import parallel

    started = []
    monkeypatch.delattr(os, "nice", raising=False)
    parallel._start_worker(started.append, ("no nice",), os.getpid())

    def refused(_):
        raise PermissionError("not allowed")

    monkeypatch.setattr(os, "nice", refused, raising=False)
    parallel._start_worker(started.append, ("refused",), os.getpid())
    assert started == ["no nice", "refused"]


def test_a_range_of_digits_is_never_broken_after_its_hyphen():
    """U+2011 in a text (第17‑22位) becomes Word's own non-breaking hyphen (w:noBreakHyphen: a hyphen's
    glyph, never a line's end in Word or LibreOffice); the text reads 第17-22位 again, in the tests'
    reader and in the 修订 differ alike. The coding annex writes every range of digits so."""
    import io
    import zipfile

    from helpers import W, _text
    from lxml import etree
    from skillplan.api import checked
    from skillplan.core.render import render_reference
    from skillplan.filing.derive import coding_context
    from skillplan.filing.revisions import sentences

    _, plan = checked(EXAMPLE / "plan.yaml", strict=False)
    docx = render_reference("annex5.docx", {**coding_context(plan, 5), "title": "编码规则"})
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml")
    assert "\u2011".encode() not in xml and xml.count(b"<w:noBreakHyphen/>") >= 20
    paragraphs = [_text(p) for p in etree.fromstring(xml).iter(f"{W}p")]
    assert "第17-22位“000001”表示该年度该等级核发的第1本证书。" in paragraphs
    assert "（七）第17-22位：证书序列码" in paragraphs
    assert "第17-22位“000001”表示该年度该等级核发的第1本证书。" in sentences(docx)
    # every hyphen between two digits is the non-breaking one
    assert not [p for p in etree.fromstring(xml).iter(f"{W}t") if p.text and re.search(r"\d-|-\d", p.text)]
