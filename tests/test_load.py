"""Loading keeps every scalar as written and turns every YAML problem into a located message."""
from pathlib import Path

import pytest
from skillplan.core.errors import InvalidInput
from skillplan.plan.load import load, parse


def messages(text: str) -> list[str]:
    with pytest.raises(InvalidInput) as e:
        parse(text, "plan.yaml")
    return [str(p) for p in e.value.problems]


def test_scalars_stay_exactly_as_written():
    data = parse("code: 0001\nflag: no\nmonth: 2026-10\nnum: 1e3\nyes: on\nempty:\n", "plan.yaml").data
    assert data == {"code": "0001", "flag": "no", "month": "2026-10", "num": "1e3", "yes": "on", "empty": None}


def test_quoted_empty_string_is_text_not_missing():
    assert parse('a: ""\n', "p.yaml").data == {"a": ""}


def test_every_key_and_item_knows_its_line_and_column():
    source = parse("a:\n  b:\n    - x\n    - y: 1\n", "p.yaml")
    assert source.where(("a", "b", 1, "y")) == (4, 7)
    assert source.where(("a", "b", 0)) == (3, 7)
    assert source.where(("a", "missing", "deeper")) == (1, 1)


def test_duplicate_key_is_an_error_naming_both_lines():
    assert messages("a: 1\nb: 2\na: 3\n") == ["plan.yaml:3:1  a  键“a”重复出现（第 1 行已有），YAML 会静默丢弃其中一个"]


def test_tab_indentation_is_explained():
    assert messages("a:\n\t- b\n") == ["plan.yaml:2:1  (文件)  YAML 语法错误：不能用制表符（Tab）缩进或分隔，请改用空格"]


def test_empty_file_and_non_mapping_top_level():
    assert messages("") == ["plan.yaml  (文件)  文件是空的"]
    assert messages("# only a comment\n") == ["plan.yaml  (文件)  文件是空的"]
    assert messages("- a\n- b\n") == ["plan.yaml:1:1  (文件)  文件顶层必须是“键: 值”映射"]


def test_truncated_file():
    assert messages('a: "unterminated\n') == [
        "plan.yaml:2:1  (文件)  YAML 语法错误：文件意外结束（引号或括号未闭合？）"]


def test_text_starting_with_a_star_needs_quotes():
    assert messages("a: ***公司\n") == [
        "plan.yaml:1:5  (文件)  YAML 语法错误：以 * 或 & 开头的文字会被当作 YAML 锚点或引用，请给整段文字加引号"]


@pytest.mark.parametrize("text, said", [
    # the usual slips, each named in Chinese at its own line (PyYAML's English pointed elsewhere, or nowhere)
    ("company:\n  name: 甲\n   short: 乙\n  city: 广州\n", "3:9  (文件)  YAML 语法错误：此处不能出现“键: 值”"),
    ("a:\n  b: 1\n    c: 2\nd: 3\n", "3:6  (文件)  YAML 语法错误：此处不能出现“键: 值”"),
    ('company:\n  short_name: "华粤精机\n  city: 广州\nother:\n  code: "0000"\n', "2:1  (文件)  YAML 语法错误：这一行的引号“\"”没有闭合"),
    ("levels: [5, 4, 3\nname: 甲\n", "方括号“[ ]”没有闭合，或列表各项之间缺少逗号“,”"),
    ("name: @华粤\n", "1:7  (文件)  YAML 语法错误：以 @、` 或 % 等符号开头的文字须加引号"),
    ("company:\n  name: - 华粤\n", "2:9  (文件)  YAML 语法错误：此处不能出现列表项“- ”"),
    ("company:\n  short_name： 华粤精机\n  city: 广州\n", "2:1  (文件)  YAML 语法错误：键后面用了全角冒号“：”，须为半角冒号“:”加空格"),
    ("company:\n  name: 甲\x0b乙\n", "2:10  (文件)  含有控制字符 U+000B（从 Word 复制来的换行或分页？），请删除"),
])
def test_yaml_slips_are_named_in_chinese_where_they_are(text, said):
    [message] = messages(text)
    assert said in message and not any(word in message for word in ("expected", "found", "allowed")), message


def test_alias_bomb_is_refused_quickly():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8))
    [message] = messages(bomb)
    assert "节点数超过" in message


def test_bom_is_accepted(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_bytes("\ufeffname: 华粤\n".encode("utf-8"))
    assert load(path).data == {"name": "华粤"}


def test_gbk_file_names_its_encoding(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_bytes("name: 华粤精机\n".encode("gbk"))
    with pytest.raises(InvalidInput) as e:
        load(path)
    assert str(e.value) == f"{path}:1:1  (文件)  文件不是 UTF-8 编码（看起来是 GBK/GB18030），请在编辑器中另存为 UTF-8"


def test_oversized_file_is_refused_with_its_size(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"a: " + b"x" * (3 * 1024 * 1024) + b"\n")
    with pytest.raises(InvalidInput, match="文件过大（3,145,732 字节）"):
        load(path)


def test_libyaml_and_python_read_every_client_alike(monkeypatch):
    """Plans are composed by libyaml when it is there; Python's composer (the fallback, and the one
    that words errors) must give the same data and positions for every client shape."""
    import yaml
    from skillplan.plan import load as loading

    plans = sorted(Path(__file__).parent.parent.glob("config/*/plan.yaml"))
    odd = "a: ''\nb:\nc: ~\nd: \"~\"\ne: |\n  q\nf: [x, '', ~]\ng: {h: }\n"
    fast = [parse(p.read_text(encoding="utf-8"), "p") for p in plans] + [parse(odd, "p")]
    monkeypatch.setattr(loading, "LIBYAML_LOADER", yaml.SafeLoader)
    slow = [parse(p.read_text(encoding="utf-8"), "p") for p in plans] + [parse(odd, "p")]
    assert len(plans) >= 6 and fast == slow
    assert fast[-1].data == {"a": "", "b": None, "c": None, "d": "~", "e": "q", "f": ["x", "", None], "g": {"h": None}}


def test_a_block_of_text_ends_where_its_words_do():
    source = parse("scope: |\n  研发、生产、销售\n  和技术服务\n\nother: >\n  一段\n  文字\n", "plan.yaml")
    assert source.data == {"scope": "研发、生产、销售\n和技术服务", "other": "一段 文字"}
