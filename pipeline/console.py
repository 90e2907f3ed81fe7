"""What the terminal shows, made safe: Chinese usage errors and help, and output that never fails on
a console that cannot print Chinese.

Click words every message through gettext's `_` (its own hook for translations); the CLI swaps in
the Chinese wording of each message template before any command runs. A message without a
translation stays as click wrote it."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from pathlib import Path

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
    """--date: a day written YYYY-MM-DD, given to the command as a date, and said as YYYY-MM-DD when
    it is not one (click.DateTime names its format %Y-%m-%d)."""

    name = "日期"

    def get_metavar(self, param, ctx=None) -> str:  # click 8.2 added ctx
        """How --help writes the value: YYYY-MM-DD."""
        return "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        """The day written, or a usage error naming the form a date takes."""
        if isinstance(value, dt.date):
            return value
        try:
            return dt.datetime.strptime(str(value).strip(), "%Y-%m-%d").date()
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


# ---- reports: what each command prints --------------------------------------------------------

def print_json(report: dict) -> None:
    """A report as JSON (Chinese kept, or escaped where the console cannot show it)."""
    click.echo(json.dumps(report, ensure_ascii=json_ascii(), indent=2))


def report(results, fmt: str, skipped=()) -> int:
    """Print each client's problems (and, for a single client, the files written); then a summary
    when there are several. Exit 0 when every client is fine, else the worst client's code."""
    if fmt == "json":
        print_json({"valid": all(r.ok for r in results), "clients": [r.as_dict() for r in results],
               "skipped": [{"path": str(path), "reason": why} for path, why in skipped]})
    else:
        for path, why in skipped:
            click.echo(f"跳过 {path}：{why}", err=True)
        for r in results:
            for problem in r.problems:
                click.echo(str(problem), err=not r.ok)
            if r.failure:
                click.echo(f"错误：{r.failure}", err=True)
            if len(results) == 1:
                for line in written_lines(r.file_texts()):
                    click.echo(line)
            for note in r.notes:
                click.echo(note)
            click.echo(f"{r.client}：{_status(r, several=len(results) > 1)}", err=not r.ok)
        if len(results) > 1:
            failed = sum(not r.ok for r in results)
            click.echo(f"共 {len(results)} 个客户：{len(results) - failed} 个通过" + (f"，{failed} 个有错误" if failed else ""))
    return max([1 if not r.ok else 0 for r in results] + [r.exit_code for r in results])


def _status(r, several: bool) -> str:
    errors = sum(p.severity == "error" for p in r.problems)
    warnings = len(r.problems) - errors
    status = f"{errors} 个错误" if errors else ("生成失败" if r.failure else "通过")
    if several and r.files:
        status += f"，已生成 {r.files[-1]}"  # the client's zip
    return status + (f"，{warnings} 个警告" if warnings else "")


def file_counter(what: str):
    """On a terminal, a one-line count of the files written (正在生成证书文件 120/10100); silent in logs."""
    if not sys.stderr.isatty():
        return None

    def progress(done: int, total: int) -> None:
        click.echo(f"\r正在生成{what} {done}/{total}", err=True, nl=done == total)

    return progress


def client_counter(total: int):
    """On a terminal, a one-line counter as clients finish; silent when output goes to a file or CI log."""
    if total < 2 or not sys.stderr.isatty():
        return None
    done = 0

    def tick(result) -> None:
        nonlocal done
        done += 1
        click.echo(f"\r[{done}/{total}] {result.client}".ljust(60), err=True, nl=done == total)

    return tick


def rebuild_printer(client: Path, folder: Path):
    """What the consultant sees after each save: which files were saved, then the check's problems
    or which documents changed."""
    import time

    def show(rebuild) -> None:
        r, when = rebuild.result, time.strftime("%H:%M:%S")
        if rebuild.saved:
            click.echo(f"[{when}] 已保存 {'、'.join(rebuild.saved)}")
        for problem in r.problems:
            click.echo(str(problem), err=not r.ok)
        if r.failure:
            click.echo(f"错误：{r.failure}", err=True)
        if not r.ok:
            errors = sum(p.severity == "error" for p in r.problems)
            click.echo(f"[{when}] {f'{errors} 个错误' if errors else '生成失败'}，未重新生成；改正后保存即可重试")
        elif not rebuild.saved:
            click.echo(f"[{when}] 已生成 {folder}（{rebuild.seconds * 1000:.0f} ms）")
        else:
            c = rebuild.changes
            click.echo(f"[{when}] 已重新生成（{rebuild.seconds * 1000:.0f} ms）："
                       + (f"{len(c.updated) + len(c.added) + len(c.removed)} 个文档有变化" if c else "文档没有变化"))
            for label, paths in (("已更新", c.updated), ("新增", c.added), ("已删除", c.removed)):
                for path in paths:
                    click.echo(f"  {label} {path}")
            if c.source_only:
                click.echo(f"  其余 {len(c.source_only)} 个文档内容不变，只更新了内嵌的源文件")
        for note in r.notes:
            click.echo(note)
        if not rebuild.saved:
            click.echo(f"正在监视 {client} 中的 plan.yaml 和 cycles/*.yaml，保存后自动重新生成（按 Ctrl+C 停止）")

    return show


def _marked(pieces, keep: str) -> str:
    """One side of a changed sentence, the changed part coloured on a terminal (red old, green new)."""
    colour = {"-": "red", "+": "green"}[keep]
    return "".join(click.style(text, fg=colour, bold=True) if kind == keep else text
                   for kind, text in pieces if kind in ("=", keep))


def show_changes(comparison, unchanged: str, fmt: str = "text") -> int:
    """Per document: its changed sentences old → new and the 修订 copy written; 0 whether or not
    anything changed (like git diff: a difference is the answer, not a failure)."""
    from .commands.diff import word_changes

    if fmt == "json":
        print_json(comparison.as_dict())
        return 0
    for document in comparison.documents:
        if document.status != "changed":
            click.echo(f"{document.name}：{'新增的文档' if document.status == 'added' else '本次不再生成'}")
            continue
        click.echo(f"{document.name}：{len(document.changes)} 句改动" + (f"（上次名为 {document.was}）" if document.was else ""))
        for change in document.changes:
            pieces = word_changes(change.old, change.new)
            if change.old:
                click.echo(("  原：" if change.new else "  删：") + _marked(pieces, "-"))
            if change.new:
                click.echo(("  新：" if change.old else "  增：") + _marked(pieces, "+"))
        if document.revision:
            click.echo(f"  修订稿：{document.revision}")
    if not comparison.documents:
        click.echo(unchanged)
    if comparison.earlier:
        click.echo(f"另有 {len(comparison.earlier)} 份较早的修订稿（本次没有改动的文件，未更新）："
                   + "、".join(str(p) for p in comparison.earlier))
    if comparison.hint:
        click.echo(comparison.hint, err=True)
    return 0


def said(text: str, newline: bool = True) -> int:
    """A command's one answer (a path written, a schema) as it is; 0."""
    click.echo(text, nl=newline)
    return 0


def waiting(message: str) -> None:
    """Another run holds the client: said on stderr while this one waits."""
    click.echo(message, err=True)


def folder_name(client: str) -> str:
    """The client's output folder name, as build writes it."""
    from .output.bundle import safe_name

    return safe_name(client)


def findings(found: list, fmt: str) -> int:
    """doctor's findings, a line each (✗ before those that stop PDF export); 1 when any does."""
    if fmt == "json":
        print_json({"ok": all(f.ok for f in found), "findings": [f.as_dict() for f in found]})
    for f in found if fmt == "text" else ():
        click.echo(f"{'' if f.ok else '✗ '}{f.topic}：{f.found}", err=not f.ok)
    return 0 if all(f.ok for f in found) else 1


def created(path: Path, directory: str) -> int:
    """init's word: where the plan is and what to do next."""
    import shlex

    click.echo(f"已创建 {path}：请把所有“待填写”的值改为企业的实际情况，然后运行 skillplan check {shlex.quote(str(directory))}")
    return 0


def extracted(embedded, written: list[Path]) -> int:
    """source's word: each file given back, and the version that built the document."""
    for path in written:
        click.echo(f"已写出 {path}")
    click.echo(f"该文档由 skillplan {embedded.version} 生成")
    return 0


def listing(found) -> int:
    """ledger list: every certificate (ID masked) and its history; a word when there is no ledger yet."""
    from .core.codes import LEVEL_NAMES, masked_id

    if found.missing is not None:
        click.echo(f"尚无证书台账（{found.missing}）：运行 skillplan results 后生成")
        return 0
    for c, history in found.entries:
        click.echo(f"{c.number}  {c.name}  {masked_id(c.id_number)}  {c.occupation}  {LEVEL_NAMES[c.level]}  {c.cycle}  {c.status}"
                   + (f"  发证日期 {c.issue_date}" if c.issue_date else ""))
        for date, kind, what in history:
            click.echo(f"    {date}  {kind}" + (f"：{what}" if what else ""))
    return 0


def recorded(kind: str, c, notes: list[str]) -> int:
    """ledger reissue / revoke: the certificate as it stands now, and any note."""
    from .core.codes import LEVEL_NAMES

    click.echo(f"已{kind}：{c.number}  {c.name}  {c.occupation}  {LEVEL_NAMES[c.level]}  {c.status}")
    for note in notes:
        click.echo(note)
    return 0


def stock_report(received: int | None, summary: list[list[str]]) -> int:
    """ledger stock: the blanks just received, then 入库, 印制, 销毁, 余存."""
    if received is not None:
        click.echo(f"已入库 {received} 张")
    for item, count in summary:
        click.echo(f"{item}：{count}")
    return 0


def stock_event(said_as: str, what: str, notes: list[str]) -> int:
    """ledger destroy / handover: what was recorded, and any note."""
    from .cycle.ledger import normal_number

    click.echo(f"{said_as}：{normal_number(what)}")
    for note in notes:
        click.echo(note)
    return 0


def status_report(found, fmt: str) -> int:
    """status: a line per client (its filing) and per cycle (stage, next date, next step and its
    command), each deadline warned under its cycle (overdue in red), a count of stages, the notes
    once, the files written; 0 (a report, whatever it says)."""
    if fmt == "json":
        print_json(found.as_dict())
        return 0
    for path, why in found.skipped:
        click.echo(f"跳过 {path}：{why}", err=True)
    click.echo(f"截至 {found.on}（输出目录 {found.out_dir}）")
    stages: dict[str, int] = {}
    warned = late = 0
    for c in found.clients:
        click.echo(f"{c.client}" + (f"（{c.company}）" if c.company else "") + f"  {c.filing.words()}"
                   + (f"，运行 {c.command}" if c.command else ""))
        if c.ledger_error:
            click.echo(click.style(f"  台账：{c.ledger_error}", fg="red"))
        for s in c.cycles:
            stages[s.stage] = stages.get(s.stage, 0) + 1
            step = f"  {s.step_words()}" if s.todo else ""
            click.echo(f"  {s.cycle_id}  {s.stage}" + (f"  {s.next_words()}" if s.next_date else "") + step)
            for w in s.warnings:
                overdue = w.overdue(found.on)
                warned, late = warned + 1, late + overdue
                click.echo(click.style(f"    {'逾期' if overdue else '提醒'}：{s.warning_words(w)}",
                                       fg="red" if overdue else "yellow"))
    counts = "，".join(f"{stage} {n}" for stage, n in sorted(stages.items(), key=lambda kv: _STAGE_ORDER.index(kv[0])))
    click.echo(f"共 {len(found.clients)} 个客户、{sum(stages.values())} 个批次" + (f"：{counts}" if counts else "")
               + (f"；提醒 {warned} 条" + (f"，其中逾期 {late} 条" if late else "") if warned else ""))
    for note in dict.fromkeys(n for c in found.clients for n in c.notes):
        click.echo(note)
    for path in found.written:
        click.echo(f"已生成 {path}")
    return 0


_STAGE_ORDER = ("待公告", "报名中", "待考场安排", "考核中", "待录入成绩", "公示中", "待省里确认", "待打印证书", "待核发", "已完成")
