"""The fast renderer writes exactly what DocxTemplate(path).render(context) + save writes, cold cache or warm."""
import subprocess
import sys

import pytest
from helpers import EXAMPLE, ROOT


def _contexts():
    from pipeline import api, derive

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
from pipeline.render import render, render_reference, to_bytes
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
    from pipeline import api, derive
    from pipeline.render import _reference_template, _rendered, append_document, render, to_bytes

    _, plan = api.checked(EXAMPLE / "plan.yaml", strict=False)
    fast = render("plan.docx", derive.plan_context(plan))
    plain = _rendered(_reference_template(ROOT / "templates" / "plan.docx", derive.plan_context(plan)))
    for _, template, context in derive.annex_contexts(plan):
        append_document(fast, render(template, context))
        append_document(plain, _rendered(_reference_template(ROOT / "templates" / template, context)))
    assert to_bytes(fast) == to_bytes(plain)


def test_no_cache_folder_still_renders(tmp_path):
    done = subprocess.run([sys.executable, "-m", "pipeline", "build", str(EXAMPLE), "-o", str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, env={"SKILLPLAN_CACHE": "", "PATH": ""}, timeout=120)
    assert done.returncode == 0, done.stderr
