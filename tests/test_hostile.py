"""Hostile and messy input: every kind ends in a clear message (exit 1) or a correct document —
never a traceback, never silent loss, never evaluated."""
import copy
import io
import os
import shutil
from pathlib import Path

import pytest
import yaml
from helpers import EXAMPLE, MINIMAL, run_cli, sampled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from skillplan import api
from skillplan.core.errors import InvalidInput, SkillplanError
from skillplan.filing import derive
from skillplan.plan.load import load, parse


def _messages(text: str) -> list[str]:
    with pytest.raises(InvalidInput) as e:
        parse(text, "plan.yaml")
    return [str(p) for p in e.value.problems]


def test_deep_nesting_is_refused_with_one_wording():
    nested = "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 60))
    brackets = "a: " + "[" * 5000 + "]" * 5000 + "\n"
    for text in (nested, brackets):
        [message] = _messages(text)
        assert "嵌套层级过深（超过 40 层）" in message


# ---- every leaf of the example, mutated -------------------------------------------------------

def _leaves(data, path=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, path + (key,))
    elif isinstance(data, list):
        for n, value in enumerate(data):
            yield from _leaves(value, path + (n,))
    else:
        yield path


# wrong shapes, nothing, absurd values, text that looks like code
MUTATIONS = [["一", "二"], {"键": "值"}, None, "99999999999999999999999", "2026-02-30", "", "-1",
             "{{ self.__init__.__globals__ }}", "x" * 3000, "0x1F"]


def _with(plan: dict, path: tuple, value):
    mutated = copy.deepcopy(plan)
    node = mutated
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return mutated


def test_fuzz_every_leaf_gives_a_message_or_a_plan_never_a_crash(tmp_path):
    original = load(EXAMPLE / "plan.yaml").data
    leaves = list(_leaves(original))
    assert len(leaves) > 200
    plan_file = tmp_path / "plan.yaml"
    outcomes = {"invalid": 0, "valid": 0}
    cases = sampled(list(enumerate(leaves)), 60)
    for n, path in cases:
        for value in (MUTATIONS[n % len(MUTATIONS)], MUTATIONS[(n + 3) % len(MUTATIONS)]):
            plan_file.write_text(yaml.safe_dump(_with(original, path, value), allow_unicode=True), encoding="utf-8")
            try:
                result, plan = api.checked(plan_file, strict=False)
            except SkillplanError:
                outcomes["invalid"] += 1
                continue
            if plan is None:
                assert result.problems, path
                outcomes["invalid"] += 1
                continue
            outcomes["valid"] += 1
            # a plan that passes must also derive every document's facts without an exception
            derive.plan_context(plan)
            derive.annex_contexts(plan)
            for cycle in plan["cycles"]:
                derive.announcement_context(plan, cycle)
    # two mutations a leaf: most are refused, some still make a plan (a text where any text goes)
    assert outcomes["invalid"] > 2 * len(cases) // 3 and outcomes["valid"] > 2 * len(cases) // 30


def _nodes(data, path=()):
    """Every mapping and list below the top, by path."""
    for key, value in (data.items() if isinstance(data, dict) else enumerate(data)):
        if isinstance(value, (dict, list)):
            yield path + (key,)
            yield from _nodes(value, path + (key,))


@pytest.mark.parametrize("name", ["plan.yaml", "cycles/2027-1.yaml"])
def test_every_mapping_and_list_in_a_wrong_shape_gives_a_message_never_a_crash(tmp_path, name):
    # a list of batch ids where the batches belong, an empty list of levels, a name where a mapping is
    client = tmp_path / "client"
    shutil.copytree(EXAMPLE, client)
    original = load(EXAMPLE / name).data
    for path in sampled(list(_nodes(original)), 25):
        for value in ("2027-1", [["2027-1"]], []):
            (client / name).write_text(yaml.safe_dump(_with(original, path, value), allow_unicode=True), encoding="utf-8")
            try:
                result, _ = api.checked(client / "plan.yaml", strict=False)
            except SkillplanError:
                continue
            assert all(p.line for p in result.problems if p.severity == "error"), (path, value)


def test_fuzzed_plans_through_the_cli_exit_0_or_1_without_traceback(tmp_path):
    original = load(EXAMPLE / "plan.yaml").data
    leaves = list(_leaves(original))
    client = tmp_path / "client"
    client.mkdir()
    for path in leaves[::25]:  # a spread of leaves through the real command, rendering included
        (client / "plan.yaml").write_text(yaml.safe_dump(_with(original, path, ["一"]), allow_unicode=True),
                                          encoding="utf-8")
        done = run_cli("build", client, "-o", tmp_path / "out")
        assert done.returncode in (0, 1) and "Traceback" not in done.stderr, (path, done.stderr)


# ---- text fidelity ----------------------------------------------------------------------------

# any printable text: XML specials, quotes, template syntax, rare CJK, emoji, full-width punctuation
TEXT = st.lists(
    st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufffe\uffff"),
        st.sampled_from(list("&<>\"'{}%#*|:-？，。；、（）") + ["{{", "}}", "{%", "%}", "𠀀", "𪚥", "😀", "ＡＢＣ"])),
    min_size=1, max_size=40).map("".join).filter(lambda s: s.strip() and "待填写" not in s)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(incentive=TEXT, department=TEXT)
def test_any_text_reaches_the_work_plan_exactly(tmp_path, incentive, department):
    from docx import Document
    from skillplan.core.render import render, to_bytes

    plan_data = load(MINIMAL / "plan.yaml").data
    plan_data["incentives"] = [incentive]
    plan_data["quality"]["complaint_department"] = department
    plan_file = tmp_path / "plan.yaml"
    plan_file.write_text(yaml.safe_dump(plan_data, allow_unicode=True), encoding="utf-8")
    result, plan = api.checked(plan_file, strict=False)
    assert plan is not None, [str(p) for p in result.problems]
    document = Document(io.BytesIO(to_bytes(render("plan.docx", derive.plan_context(plan)))))
    paragraphs = [p.text for p in document.paragraphs]
    assert incentive in paragraphs or f"{incentive.rstrip()}。" in paragraphs  # a sentence gets its stop
    assert any(f"由{department}负责受理" in p for p in paragraphs)


@pytest.mark.parametrize("char", ["\x07", "\x1b", "\ufffe", "\uffff", "\ud800"])
def test_characters_xml_cannot_hold_are_refused_with_key_and_line(tmp_path, char):
    plan = (MINIMAL / "plan.yaml").read_text(encoding="utf-8")
    escaped = f"\\u{ord(char):04x}"
    plan = plan.replace("business_scope: 养老机构运营、居家养老服务和康复护理",
                        f'business_scope: "养老机构运营{escaped}居家养老服务"')
    (tmp_path / "plan.yaml").write_text(plan, encoding="utf-8")
    done = run_cli("check", tmp_path / "plan.yaml")
    assert done.returncode == 1
    assert f"company.business_scope  含有 Word 文档无法容纳的字符 U+{ord(char):04X}" in done.stderr
    assert ":13:" in done.stderr  # the line of business_scope


# ---- sandbox and output safety -------------------------------------------------------------

def test_templates_cannot_reach_python_internals(tmp_path):
    from docx import Document

    custom = tmp_path / "templates"
    custom.mkdir()
    document = Document(str(EXAMPLE.parent.parent / "templates" / "annex7.docx"))
    document.add_paragraph("{{ title.__class__.__mro__[1].__subclasses__() }}")
    document.save(str(custom / "annex7.docx"))
    done = run_cli("build", MINIMAL, "-o", tmp_path / "out", "--templates", custom)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "annex7.docx 渲染失败" in done.stderr and "unsafe" in done.stderr
    assert not (tmp_path / "out" / "minimal").exists()


def test_hostile_company_name_still_gives_a_safe_file_inside_out(tmp_path):
    client = tmp_path / "client"
    shutil.copytree(MINIMAL, client)
    plan = client / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "name: 深圳市安康养老服务有限公司", 'name: "../../安康:养老*服务?<有限>|公司"'), encoding="utf-8")
    out = tmp_path / "out"
    done = run_cli("build", client, "-o", out)
    assert done.returncode == 0, done.stderr
    written = [p for p in out.rglob("*.docx")]
    assert all(out in p.parents for p in written)
    assert (out / "client" / "_.._安康_养老_服务__有限__公司职业技能等级认定工作方案.docx").is_file()
    assert not list(tmp_path.glob("*.docx"))


def test_unwritable_output_gives_a_message(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    done = run_cli("build", MINIMAL, "-o", blocker / "out")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "无法写入输出目录" in done.stderr


def test_no_document_prints_a_full_id_number(tmp_path):
    """Personal data: the filing and the announcements name people by name and post only."""
    import re

    from helpers import docx_text

    assert run_cli("build", EXAMPLE, "-o", tmp_path).returncode == 0
    for path in (tmp_path / "example").rglob("*.docx"):
        assert not re.search(r"(?<![0-9A-Z])\d{17}[\dX](?![0-9A-Z])", docx_text(path)), path.name


def _at_process_limit() -> None:
    """In the child, before setpriv makes it an ordinary user (nobody): no process more may be started."""
    import resource

    resource.setrlimit(resource.RLIMIT_NPROC, (1, 1))


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("setpriv"),
                    reason="needs root and setpriv to run as an ordinary user (root has no process limit)")
def test_a_user_at_the_process_limit_gets_the_cycle_done_in_one_process():
    """No worker can be started (fork gives EAGAIN): forms, results and the prints are made in this
    process, not stopped with a traceback."""
    import stat
    import subprocess
    import sys
    import tempfile

    place = Path(tempfile.mkdtemp(prefix="skillplan-nproc-"))  # pytest's own tmp is its owner's alone
    try:
        shutil.copytree(EXAMPLE, place / "example")
        (place / "example" / "certificates.sqlite").unlink(missing_ok=True)
        for path in [place, *place.rglob("*")]:
            path.chmod(path.stat().st_mode | stat.S_IWOTH | stat.S_IROTH | stat.S_IXOTH)
        for command in (["prepare"], ["forms"], ["results"], ["certificates", "--draft"]):
            done = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                                   sys.executable, "-m", "skillplan", command[0], "example", "--cycle", "2026-1",
                                   "-o", "out", *command[1:]], cwd=place, capture_output=True, text=True,
                                  timeout=300, preexec_fn=_at_process_limit, env={**os.environ, "HOME": str(place)})
            assert done.returncode == 0 and "Traceback" not in done.stderr, (command, done.stderr[-2000:])
        assert (place / "out" / "example_2026-1" / "证书数据.xlsx").is_file()
        assert list((place / "out" / "example_2026-1" / "证书样本").glob("*.docx"))
    finally:
        shutil.rmtree(place, ignore_errors=True)
