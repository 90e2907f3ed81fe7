"""Stage 1 — load: read a YAML file into plain data, every scalar kept as the exact text written.

YAML 1.1 turns `0001` into 1, `no` into False and `2026-10` into a date; a filing tool must not
guess, so every scalar stays a string and the schema coerces what should be a number or a date.
Every node remembers its line and column so later stages can point at it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..core.errors import InvalidInput, Problem, os_reason

# libyaml's safe loader, where PyYAML was built with it (Python's gives the same trees, ten times slower):
# for plans (see _composed) and for the schemas and clause library the package ships
LIBYAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_BYTES = 2 * 1024 * 1024  # a plan is a few KB; anything this large is a mistake or an attack
MAX_NODES = 200_000  # guards against alias bombs ("billion laughs")
MAX_DEPTH = 40
DEPTH_MESSAGE = f"嵌套层级过深（超过 {MAX_DEPTH} 层），plan.yaml 最多只需要 5 层"

Path_ = tuple  # a key path: ("occupations", 0, "code")


def dotted(path: Path_) -> str:
    """occupations[0].code — the key path as users read it."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass
class Source:
    """A loaded YAML file: its data and where each key and value stands in it."""

    file: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Path_) -> tuple[int, int]:
        """Line and column of the path, or of its nearest ancestor that exists in the file."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))

    def problem(self, path: Path_, message: str, severity: str = "error") -> Problem:
        """A problem at a key path of this file, placed at the key's line and column."""
        line, col = self.where(path)
        return Problem(self.file, line, col, dotted(path), message, severity)


def _fail(file: str, message: str, line: int = 0, col: int = 0, path: Path_ = ()) -> InvalidInput:
    return InvalidInput([Problem(file, line, col, dotted(path), message)])


def read_text(path: Path) -> str:
    """Read a config file as UTF-8 (with or without BOM), naming the encoding when it is not."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _fail(name, "文件不存在") from None
    except OSError as e:
        raise _fail(name, f"无法读取文件：{os_reason(e)}") from e
    if len(raw) > MAX_BYTES:
        raise _fail(name, f"文件过大（{len(raw):,} 字节），上限为 {MAX_BYTES:,} 字节")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        try:
            raw.decode("gb18030")
            found = "（看起来是 GBK/GB18030）"
        except UnicodeDecodeError:
            found = f"（第 {e.start + 1:,} 字节无法按 UTF-8 解读）"
        line = raw[: e.start].count(b"\n") + 1
        raise _fail(name, f"文件不是 UTF-8 编码{found}，请在编辑器中另存为 UTF-8", line, 1) from e


_YAML_PROBLEMS = {
    "found character '\\t' that cannot start any token": "不能用制表符（Tab）缩进或分隔，请改用空格",
    "mapping values are not allowed here": "此处不能出现“键: 值”（冒号后的内容含“: ”时请加引号，或检查缩进）",
    "found undefined alias": "引用了未定义的锚点（&名称）",
    "could not find expected ':'": "缺少冒号“:”（或缩进不对齐）",
    "found unexpected end of stream": "文件意外结束（引号或括号未闭合？）",
    "did not find expected key": "缩进不对齐或缺少“- ”，无法识别键",
    "did not find expected '-' indicator": "列表项缩进不一致，缺少“- ”",
    "found unexpected ':'": "出现了多余的冒号",
    "found unknown escape character": "双引号字符串中有无法识别的转义字符（\\ 后的字符）",
    "expected the node content": "文件意外结束或此处缺少内容（引号或括号未闭合？）",
    "expected alphabetic or numeric character": "以 * 或 & 开头的文字会被当作 YAML 锚点或引用，请给整段文字加引号",
    "that cannot start any token": "以 @、` 或 % 等符号开头的文字须加引号",
    "found unacceptable character": "含有 YAML 不允许的控制字符",
    "sequence entries are not allowed here": "此处不能出现列表项“- ”（以“- ”开头的文字须加引号，或检查缩进）",
    "expected ',' or ']'": "方括号“[ ]”没有闭合，或列表各项之间缺少逗号“,”",
    "expected ',' or '}'": "花括号“{ }”没有闭合，或各项之间缺少逗号“,”",
    "expected <block end>, but found '<scalar>'": "这一行的缩进与同一层不一致，或上面某行的引号没有闭合",
    "expected <block end>": "缩进不一致：这一行与同一层的其他行没有对齐",
}
# a key typed with the full-width colon (short_name： 华粤精机) is read as text, and YAML complains a line later
_FULL_WIDTH_KEY = re.compile(r"^\s*(?:- )?[A-Za-z_][A-Za-z0-9_]*\s*：")


def _yaml_message(err: yaml.MarkedYAMLError) -> str:
    problem = (err.problem or "").strip()
    for english, chinese in _YAML_PROBLEMS.items():
        if english in problem:
            return f"YAML 语法错误：{chinese}"
    return f"YAML 语法错误：{problem or err}"


def _unclosed_quote(text: str, line: int) -> int | None:
    """The nearest line above the error with an odd number of double quotes: where a quoted text was
    left open (YAML reads on to the next quote, often many lines down, and complains there)."""
    lines = text.splitlines()
    return next((n for n in range(min(line, len(lines)) - 1, 0, -1) if lines[n - 1].split(" #")[0].count('"') % 2), None)


def _full_width_colon(text: str, line: int) -> int | None:
    """The line (of the error's and the two before it) whose key ends in a full-width colon."""
    lines = text.splitlines()
    return next((n for n in range(line, max(line - 3, 0), -1)
                 if n <= len(lines) and _FULL_WIDTH_KEY.match(lines[n - 1])), None)


class _Builder:
    """Turns composed YAML nodes into dicts, lists and strings, recording positions."""

    def __init__(self, file: str):
        self.file = file
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.count = 0

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _fail(self.file, f"节点数超过 {MAX_NODES:,}（是否存在大量重复展开的别名 *引用？）")
        if len(path) > MAX_DEPTH:
            line, col = _pos(node)
            raise _fail(self.file, DEPTH_MESSAGE, line, col)
        self.positions.setdefault(path, _pos(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return _scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line, col = _pos(key_node)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
                raise _fail(self.file, "键必须是普通文字（不支持复合键或 << 合并）", line, col)
            key = key_node.value
            if key in out:
                first = self.positions[path + (key,)][0]
                raise _fail(self.file, f"键“{key}”重复出现（第 {first} 行已有），YAML 会静默丢弃其中一个", line, col, path + (key,))
            self.positions[path + (key,)] = (line, col)
            out[key] = self.build(value_node, path + (key,))
        return out


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _scalar(node: yaml.ScalarNode) -> str | None:
    # An empty plain value (`key:`) or `~` means "not given"; everything else is text. (A plain
    # scalar's style is None from Python's composer, "" from libyaml's.)
    if not node.style and node.value in ("", "~"):
        return None
    if node.style in ("|", ">"):  # a block's closing line break is YAML's, never part of the sentence
        return node.value.rstrip("\n")
    return node.value


def parse(text: str, file: str) -> Source:
    """Parse YAML text into a Source; syntax errors, duplicate keys and bombs become InvalidInput."""
    try:
        nodes = _composed(text)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        if colon := _full_width_colon(text, line):
            raise _fail(file, "YAML 语法错误：键后面用了全角冒号“：”，须为半角冒号“:”加空格", colon, 1) from e
        if "'<scalar>'" in (e.problem or "") and (quote := _unclosed_quote(text, line)):
            raise _fail(file, "YAML 语法错误：这一行的引号“\"”没有闭合", quote, 1) from e
        raise _fail(file, _yaml_message(e), line, col) from e
    except yaml.reader.ReaderError as e:  # a character YAML refuses outright (a Word line break, U+000B)
        line = text[:e.position].count("\n") + 1
        col = e.position - (text.rfind("\n", 0, e.position) + 1) + 1
        raise _fail(file, f"含有控制字符 U+{e.character:04X}（从 Word 复制来的换行或分页？），请删除", line, col) from e
    except yaml.YAMLError as e:
        raise _fail(file, f"YAML 语法错误：{e}") from e
    except RecursionError as e:
        raise _fail(file, DEPTH_MESSAGE) from e  # nesting deep enough to exhaust the composer
    if len(nodes) > 1:
        line, col = _pos(nodes[1])
        raise _fail(file, "一个文件只能有一个 YAML 文档（发现了多余的“---”）", line, col)
    if not nodes or nodes[0] is None:
        raise _fail(file, "文件是空的")
    if not isinstance(nodes[0], yaml.MappingNode):
        line, col = _pos(nodes[0])
        raise _fail(file, "文件顶层必须是“键: 值”映射", line, col)
    builder = _Builder(file)
    data = builder.build(nodes[0], ())
    return Source(file, data, builder.positions)


def _composed(text: str) -> list[yaml.Node]:
    """The documents' node trees, composed by libyaml (3 ms for a plan, not the pure-Python
    composer's 30: every command and every rebuild on save reads two files). A text libyaml refuses
    is composed again in Python, whose error (and so its wording and position) is the one reported:
    the two word their errors differently, and libyaml stops deep nesting at 1,000 levels with an
    error of its own where Python's runs out of recursion."""
    try:
        return list(yaml.compose_all(text, Loader=LIBYAML_LOADER))
    except (yaml.YAMLError, RecursionError):
        return list(yaml.compose_all(text, Loader=yaml.SafeLoader))


def load(path: Path | str) -> Source:
    """Load one YAML file from disk."""
    path = Path(path)
    return parse(read_text(path), str(path))
