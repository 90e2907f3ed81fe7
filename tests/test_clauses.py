"""Clause texts are data: a client replaces, drops or adds clauses by id and the numbering follows."""
import shutil

import pytest
from helpers import MINIMAL, docx_paragraphs, run_cli
from skillplan.api import check

OVERRIDES = """
clauses:
  annex3:
    - id: {replace_id}
      text: 考评人员实行聘任制，聘期为{{examiner_term}}，由{{examiner_department}}统一发放聘书。
    - id: {drop_id}
      drop: true
    - id: our_training
      after: {replace_id}
      text: 考评人员每年至少参加一次本企业组织的考评技术培训。
"""


def _client(tmp_path, extra: str):
    client = tmp_path / "client"
    shutil.copytree(MINIMAL, client)
    plan = client / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return client


def _annex3_ids():
    from skillplan.plan.clauses import library

    return [a["id"] for chapter in library("annex3")["chapters"] for a in chapter["articles"]]


def test_override_replaces_adds_and_drops_with_numbering_intact(tmp_path):
    ids = _annex3_ids()
    replace_id, drop_id = ids[4], ids[2]
    client = _client(tmp_path, OVERRIDES.format(replace_id=replace_id, drop_id=drop_id))
    done = run_cli("build", client, "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    lines = docx_paragraphs(tmp_path / "out" / "client" / "附件" / "附件2-考评人员管理及工作规范.docx")
    articles = [line for line in lines if line.startswith("第") and "条　" in line]
    assert len(articles) == len(ids)  # one dropped, one added
    numbers = [a.split("　")[0] for a in articles]
    assert numbers == [f"第{n}条" for n in "一二三四五六七八九十"][:len(ids)] + \
        [f"第十{n}条" for n in "一二三四五六七八九"][:max(0, len(ids) - 10)]
    assert articles[3] == "第四条　考评人员实行聘任制，聘期为三年，由人力资源部统一发放聘书。"
    assert articles[4] == "第五条　考评人员每年至少参加一次本企业组织的考评技术培训。"


def test_unknown_clause_ids_are_reported_with_their_line(tmp_path):
    client = _client(tmp_path, "clauses:\n  annex3:\n    - id: no_such_rule\n      drop: true\n"
                               "    - id: extra\n      after: nowhere\n      text: 新条款。\n"
                               "    - id: extra2\n      text: 引用{unknown_fact}。\n")
    [result] = check([client])
    messages = [str(p).split("  ", 1)[1] for p in result.problems]
    # no id near enough to suggest: the document's ids, which a consultant cannot look up in the package
    from skillplan.plan.clauses import groups_of

    ids = "、".join(c["id"] for g in groups_of("annex3")[1] for c in g)
    assert f"clauses.annex3[0].id  没有 id 为“no_such_rule”的条款可删除；这份文件的条款 id 有：{ids}" in messages
    assert any(m.startswith("clauses.annex3[1].after  没有 id 为“nowhere”的条款；这份文件的条款 id 有：definition、")
               for m in messages), messages
    assert any(m.startswith("clauses.annex3[2].text  未知的事实名称 {unknown_fact}") for m in messages)
    assert all(p.line > 60 for p in result.problems)


@pytest.mark.parametrize("entries, said", [
    # each of these passed check, then failed to build or printed a broken clause
    ("  risks:\n    - {id: blackout, text: 考场突发停电。}\n",
     ["clauses.risks[0].id  没有 id 为“blackout”的条款；新增条款须写 risk（风险）和 control（防控措施）",
      "clauses.risks[0].text  风险条款写 risk（风险）和 control（防控措施），不用 text"]),
    ("  risks:\n    - {id: blackout, risk: 考场突发停电}\n",
     ["clauses.risks[0].id  没有 id 为“blackout”的条款；新增条款须写 risk（风险）和 control（防控措施）"]),
    ("  annex3:\n    - {id: secrecy, title: 考评人员的保密义务}\n",
     ["clauses.annex3[0].id  没有 id 为“secrecy”的条款；新增条款须写 text（条文）或至少一项 items"]),
    ("  annex3:\n    - {id: secrecy, text: 甲。}\n    - {id: secrecy, text: 乙。}\n",
     ["clauses.annex3[1].id  id“secrecy”与第 1 项新增的条款重复：每个条款的 id 须不同"]),
    ("  annex3:\n    - {id: secrecy, text: 甲：, items: []}\n", ["clauses.annex3[0].items  items 至少需要 1 项（不要条目时删去 items）"]),
])
def test_a_clause_check_passes_is_one_that_builds(tmp_path, entries, said):
    client = _client(tmp_path, "\nclauses:\n" + entries)
    done = run_cli("check", client)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert [line.split("plan.yaml:")[1].split("  ", 1)[1] for line in done.stderr.splitlines() if "plan.yaml:" in line] == said


def test_a_title_with_its_own_number_is_a_warning(tmp_path):
    client = _client(tmp_path, "\nclauses:\n  annex7:\n    - {id: archive, title: 十、认定档案管理, text: 认定材料归档保存。}\n")
    done = run_cli("check", client)
    assert done.returncode == 0 and "警告：标题不必写编号“十、”：文档会自动编号，写了会重复" in done.stdout
