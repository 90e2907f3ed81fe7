"""What the terminal shows, made safe: Chinese usage errors and help, and output that never fails on
a console that cannot print Chinese.

Click words every message through gettext's `_` (its own hook for translations); the CLI swaps in
the Chinese wording of each message template before any command runs. A message without a
translation stays as click wrote it."""
from __future__ import annotations

import datetime as dt
import os
import re
import sys

import click

CLICK_IN_CHINESE = {
    "Usage:": "用法：", "Options": "选项", "Commands": "命令", "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。", "Show the version and exit.": "显示版本并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看用法。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Missing argument": "缺少参数", "Missing option": "缺少必需的选项", "Missing parameter": "缺少参数",
    "Missing command.": "缺少命令。", "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "No such command {name!r}.": "没有命令 {name!r}。", "No such option {name!r}.": "没有选项 {name!r}。",
    "Did you mean {possibility}?": "是否想写 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "是否想写以下之一：{possibilities}？",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不接受值。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是以下之一：{choices}。",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合以下任一格式：{formats}。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "integer": "整数", "integer range": "整数", "float": "数字", "float range": "数字",
    "{value} is not in the range {range}.": "{value} 不在允许的范围 {range} 内。",
    "file": "文件", "directory": "文件夹", "path": "路径",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是一个文件，这里需要文件夹。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是一个文件夹，这里需要文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 无法读取。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 无法写入。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "Aborted!": "已中止。",
    "required": "必填", "default: {default}": "默认：{default}",
}
_CLICK_MODULES = ("core", "exceptions", "types", "parser", "decorators", "formatting", "termui", "utils")


def _chinese(message: str) -> str:
    return CLICK_IN_CHINESE.get(message, message)


def _chinese_plural(singular: str, plural: str, n: int) -> str:
    return _chinese(singular if n == 1 else plural)


def speak_chinese() -> None:
    """Have click word its usage errors and help in Chinese, like every other message, each ending
    as a Chinese sentence."""
    for name in _CLICK_MODULES:
        module = sys.modules.get(f"click.{name}")
        if module is not None and hasattr(module, "_"):
            module._ = _chinese
        if module is not None and hasattr(module, "ngettext"):
            module.ngettext = _chinese_plural
    exceptions = sys.modules.get("click.exceptions")
    for kind in vars(exceptions).values() if exceptions is not None else ():  # every message ends as a sentence
        if isinstance(kind, type) and issubclass(kind, exceptions.ClickException) and "format_message" in vars(kind) \
                and not getattr(kind.format_message, "ended", False):
            kind.format_message = _ended(kind.format_message)
    types = sys.modules.get("click.types")
    if types is not None:  # a number type's name goes into its messages untranslated ('abc' 不是有效的integer range)
        for kind in (types.IntParamType, types.IntRange, types.FloatParamType, types.FloatRange):
            kind.name = _chinese(kind.name)


_ENDINGS = ("。", "？", "！", "：", "…")  # a Chinese sentence's end (a list after ：, a suggestion's ？)


def sentence(message: str) -> str:
    """A usage message ended as a Chinese sentence: click's ASCII full stop (缺少参数 'PATHS...'.) made
    。, and 。 added to one that ends with no stop at all (… 不存在, …（已有：2026-1））."""
    message = message.rstrip()
    if message.endswith(".") and not message.endswith("..."):
        message = message[:-1]
    return message if message.endswith(_ENDINGS) else message + "。"


def _ended(format_message):
    def ended(self) -> str:
        return sentence(format_message(self))

    ended.ended = True
    return ended


class Day(click.ParamType):
    """--date: a day written YYYY-MM-DD, given to the command as a datetime (as click.DateTime gave
    it), and said as YYYY-MM-DD when it is not one (click.DateTime names its format %Y-%m-%d)."""

    name = "日期"

    def get_metavar(self, param, ctx=None) -> str:  # click 8.2 added ctx
        return "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        """The datetime of the day written, or a usage error naming the form a date takes."""
        if isinstance(value, dt.datetime):
            return value
        try:
            return dt.datetime.strptime(str(value).strip(), "%Y-%m-%d")
        except ValueError:
            self.fail(f"应为真实存在的日期 YYYY-MM-DD，实际为“{value}”。", param, ctx)


def safe_streams() -> None:
    """A console that cannot print some characters (GBK lacks 𠀀, cp1252 lacks all Chinese) gets a
    replacement mark instead of a UnicodeEncodeError; JSON output escapes instead (json_ascii)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):  # a stream that cannot be reconfigured is left as it is
                pass


def json_ascii() -> bool:
    """Whether JSON must escape non-ASCII to survive stdout: escapes keep every character exact."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    return encoding not in ("utf8", "utf8sig", "utf16", "utf32")



_SERIES = re.compile(r"(.*-)([0-9]{3})(\.[^.]+)")  # 电工-五级-证书-001.docx: a print file of a numbered run
MANY = 20  # a folder listing more files than this (besides its numbered runs) is given as a count


def written_lines(files: list[str]) -> list[str]:
    """The files written, as a consultant reads the list: all of them when they are few; else a
    numbered run of print files as its first and last, and a folder of many (证书/个人/: 10,000
    holders' files) as a count. --format json lists every file."""
    if len(files) <= MANY:
        return [f"已生成 {f}" for f in files]
    folders: dict[str, list[tuple[str, str]]] = {}  # as text: 10,000 Path objects hash slowly
    for f in files:
        folder, name = os.path.split(f)
        folders.setdefault(folder, []).append((f, name))
    lines = []
    for folder, inside in folders.items():
        run_of = {f: run for run in _numbered_runs(inside) for f in run}
        single = [f for f, _ in inside if f not in run_of]
        said = set()
        for f, _ in inside:  # each run or folder where its first file stands
            run = run_of.get(f)
            key = id(run) if run else (folder if len(single) > MANY else f)
            if key in said:
                continue
            said.add(key)
            if run:
                lines.append(f"已生成 {run[0]} 至 {os.path.basename(run[-1])}，共 {len(run)} 个")
            elif key == folder:
                lines.append(f"已生成 {folder}{os.sep} 中的 {len(single)} 个文件")
            else:
                lines.append(f"已生成 {f}")
    return lines


def _numbered_runs(files: list[tuple[str, str]]) -> list[list[str]]:
    """Files (path, name) named alike but for a three-digit number (-001, -002 …), three or more of them."""
    runs: dict[tuple[str, str], list[str]] = {}
    for f, name in files:
        if m := _SERIES.fullmatch(name):
            runs.setdefault((m[1], m[3]), []).append(f)
    return [run for run in runs.values() if len(run) > 2]
