"""The `skillplan` command: parse options, call one library function, map the outcome to an exit code.

Exit codes: 0 success, 1 invalid input (every problem printed), 2 usage error.
Heavy modules (docxtpl, python-docx) are imported only by the commands that render.
"""
from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path

import click

from . import console
from .core.errors import SkillplanError, UsageError

console.speak_chinese()  # before the options below are declared: click words some of them then
FORMATS = click.Choice(["text", "json"])
TEMPLATES = click.option("--templates", type=click.Path(path_type=Path, file_okay=False, exists=True),
                         help="自定义模板目录：其中的同名 .docx 覆盖内置模板。")


def _json(report: dict) -> None:
    click.echo(json.dumps(report, ensure_ascii=console.json_ascii(), indent=2))


def _report(results, fmt: str, skipped=()) -> int:
    """Print each client's problems (and, for a single client, the files written); then a summary
    when there are several. Exit 0 when every client is fine, else the worst client's code."""
    if fmt == "json":
        _json({"valid": all(r.ok for r in results), "clients": [r.as_dict() for r in results],
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
                for f in r.files:
                    click.echo(f"已生成 {f}")
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


def _progress(total: int):
    """On a terminal, a one-line counter as clients finish; silent when output goes to a file or CI log."""
    if total < 2 or not sys.stderr.isatty():
        return None
    done = 0

    def tick(result) -> None:
        nonlocal done
        done += 1
        click.echo(f"\r[{done}/{total}] {result.client}".ljust(60), err=True, nl=done == total)

    return tick


def _run(ctx: click.Context, action, fmt: str = "text") -> None:
    """Run a command's action; a user-caused error prints its message (a valid JSON report with
    --format json) and exits with its code, never with a traceback."""
    try:
        code = action()
    except SkillplanError as e:
        if ctx.obj.get("debug"):
            traceback.print_exc()
        if fmt == "json":
            _json({"valid": False, "error": str(e), "clients": []})
        else:
            click.echo(f"错误：{e}", err=True)
        code = e.exit_code
    ctx.exit(code)


def run() -> None:
    """The console entry point: a console-safe output, then the commands."""
    console.safe_streams()
    main(prog_name="skillplan")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="出错时显示 Python 调用栈（供开发者排查）。")
@click.version_option(package_name="skillplan", help="显示版本并退出。", message="%(prog)s %(version)s")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """skillplan：由客户的 plan.yaml 生成企业职业技能等级认定工作方案及附件。"""
    ctx.ensure_object(dict)["debug"] = debug


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="输出格式：text 或 json。")
@click.pass_context
def doctor(ctx: click.Context, fmt: str) -> None:
    """检查本机环境：版本、模板和校验规则的位置、缓存目录、LibreOffice、各公文字体实际使用的字体。

    PDF 无法导出时（没有 LibreOffice 或中文字体）退出码为 1。"""
    from .doctor import diagnose

    def action() -> int:
        findings = diagnose()
        if fmt == "json":
            _json({"ok": all(f.ok for f in findings), "findings": [f.as_dict() for f in findings]})
        for f in findings if fmt == "text" else ():
            click.echo(f"{'' if f.ok else '✗ '}{f.topic}：{f.found}", err=not f.ok)
        return 0 if all(f.ok for f in findings) else 1

    _run(ctx, action, fmt)


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.pass_context
def init(ctx: click.Context, directory: Path) -> None:
    """在 DIRECTORY 新建客户文件夹和带注释的 plan.yaml。"""
    from .filing.scaffold import init_client

    def action() -> int:
        path = init_client(directory)
        click.echo(f"已创建 {path}：请把所有“待填写”的值改为企业的实际情况，然后运行 skillplan check {directory}")
        return 0

    _run(ctx, action)


@main.command()
@click.argument("kind", type=click.Choice(["plan", "cycle"]), default="plan")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="写入该文件（默认输出到屏幕）。")
@click.pass_context
def schema(ctx: click.Context, kind: str, output: Path | None) -> None:
    """输出 plan.yaml（或 cycle 批次文件）的 JSON Schema，供编辑器补全和检查键名。

    由 schemas/ 中的校验规则生成。在 YAML 文件第一行写 `# yaml-language-server: $schema=文件名`
    即可在 VS Code 等编辑器中使用（skillplan init 会自动写好）。"""
    from .filing.scaffold import schema_text

    def action() -> int:
        text = schema_text(kind)
        if output is None:
            click.echo(text, nl=False)
            return 0
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as e:
            raise UsageError(f"无法写入 {output}：{e.strerror}") from e
        click.echo(f"已生成 {output}")
        return 0

    _run(ctx, action)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=FORMATS, default="text", help="输出格式：text 或 json（供 CI 使用）。")
@click.option("--strict", is_flag=True, help="把警告（如疑似未填写的占位符）当作错误。")
@click.pass_context
def check(ctx: click.Context, paths: tuple[Path, ...], fmt: str, strict: bool) -> None:
    """校验一个或多个客户（文件夹或 plan.yaml），一次列出全部问题。"""
    from .api import check as check_clients
    from .api import find_clients

    def action() -> int:
        clients, skipped = find_clients(list(paths))
        return _report(check_clients(clients, strict=strict), fmt, skipped)

    _run(ctx, action, fmt)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("out"),
              show_default=True, help="输出目录，每个客户一个子文件夹。")
@TEMPLATES
@click.option("--format", "fmt", type=FORMATS, default="text", help="输出格式：text 或 json。")
@click.option("--strict", is_flag=True, help="把警告当作错误。")
@click.option("--cycle", help="只生成该 id 的认定批次公告，其余已生成的文件保留。")
@click.option("--pdf", is_flag=True, help="每个文档另存一份 PDF（需要 LibreOffice）。")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), help="同时构建的客户数，默认为 CPU 核数。")
@click.pass_context
def build(ctx: click.Context, paths: tuple[Path, ...], out_dir: Path, templates: Path | None, fmt: str,
          strict: bool, cycle: str | None, pdf: bool, jobs: int | None) -> None:
    """校验并生成客户的工作方案、附件和认定公告（Word 文件），以及 manifest.json 和 OUT/客户.zip。

    可一次构建多个客户（如 clients/*），有错误的客户不影响其他客户生成。"""
    from .api import build as build_clients
    from .api import find_clients

    def action() -> int:
        if pdf:  # before any work, not after the documents are rendered
            from .core.pdf import soffice

            soffice()
        clients, skipped = find_clients(list(paths))
        results = build_clients(clients, out_dir, templates, strict=strict, cycle=cycle, pdf=pdf, jobs=jobs,
                                on_done=_progress(len(clients)) if fmt == "text" else None)
        return _report(results, fmt, skipped)

    _run(ctx, action, fmt)


CLIENT = click.argument("client", type=click.Path(path_type=Path))
CYCLE = click.option("--cycle", "cycle_id", required=True, help="认定批次 id，如 2026-1。")
ROSTER = click.option("--roster", type=click.Path(path_type=Path, dir_okay=False),
                      help="报名名册（.xlsx 或 .csv），默认为 客户/cycles/批次id/roster.xlsx 或 .csv。")
LEDGER = click.option("--ledger", type=click.Path(path_type=Path, dir_okay=False),
                      help="证书台账文件，默认为客户文件夹中的 certificates.sqlite。")
OUT = click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("out"),
                   show_default=True,
                   help="输出目录；结果写入 OUT/客户_批次id/。")


@main.command()
@CLIENT
@CYCLE
@ROSTER
@OUT
@TEMPLATES
@click.option("--format", "fmt", type=FORMATS, default="text", help="输出格式：text 或 json。")
@click.pass_context
def forms(ctx: click.Context, client: Path, cycle_id: str, roster: Path | None, out_dir: Path,
          templates: Path | None, fmt: str) -> None:
    """按报名名册为每位定级评价人员生成预填的《定级评价表》、合并打印文件和评分录入表。"""
    from .api import forms as make_forms

    _run(ctx, lambda: _report([make_forms(client, cycle_id, out_dir, templates, roster)], fmt), fmt)


@main.command()
@CLIENT
@CYCLE
@ROSTER
@OUT
@TEMPLATES
@click.option("--format", "fmt", type=FORMATS, default="text", help="输出格式：text 或 json。")
@click.pass_context
def prepare(ctx: click.Context, client: Path, cycle_id: str, roster: Path | None, out_dir: Path,
            templates: Path | None, fmt: str) -> None:
    """资格审核并安排考场：生成资格审核表、考场安排（含 .xlsx）、准考证、签到表、证卡和考场异常情况记录表。

    人工审核的结论写在 客户/cycles/批次id/review.csv（证件号码、结论、理由），重新运行即生效。
    有考评人员名单 客户/cycles/批次id/staff.csv（姓名、角色、评价主体、可考评职业、部门）时，
    还按考评资格、等级、部门回避和时间冲突安排考评人员，生成考评人员安排和工作证。"""
    from .api import prepare as make_pack

    _run(ctx, lambda: _report([make_pack(client, cycle_id, out_dir, templates, roster)], fmt), fmt)


@main.command()
@CLIENT
@CYCLE
@ROSTER
@click.option("--scores", type=click.Path(path_type=Path, dir_okay=False),
              help="评分表（.xlsx 或 .csv），默认为 客户/cycles/批次id/scores.xlsx 或 .csv。")
@LEDGER
@OUT
@TEMPLATES
@click.option("--format", "fmt", type=FORMATS, default="text", help="输出格式：text 或 json。")
@click.pass_context
def results(ctx: click.Context, client: Path, cycle_id: str, roster: Path | None, scores: Path | None,
            ledger: Path | None, out_dir: Path, templates: Path | None, fmt: str) -> None:
    """计算加权成绩、判定是否合格，为合格人员核发证书编号，生成含成绩的评价表、结果公示和证书数据表。"""
    from .api import results as make_results

    _run(ctx, lambda: _report([make_results(client, cycle_id, out_dir, templates, roster, scores, ledger)], fmt), fmt)


@main.group()
def ledger() -> None:
    """证书台账：列出、补发、注销（每次操作都记录日期和原因）。"""


@ledger.command("list")
@CLIENT
@LEDGER
@click.pass_context
def ledger_list(ctx: click.Context, client: Path, ledger: Path | None) -> None:
    """列出台账中的全部证书及其记录。"""
    from .api import ledger_file, plan_file
    from .core.codes import masked_id
    from .cycle.ledger import Ledger

    def action() -> int:
        with Ledger(ledger_file(plan_file(client), ledger)) as book:
            for c in book.certificates():
                click.echo(f"{c.number}  {c.name}  {masked_id(c.id_number)}  {c.occupation}  "
                           f"{c.level}级  {c.status}")
                for kind, date, reason in book.events(c.number):
                    click.echo(f"    {date}  {kind}：{reason}")
        return 0

    _run(ctx, action)


def _ledger_change(kind: str):
    @CLIENT
    @click.argument("number")
    @click.option("--reason", required=True, help="原因，如“证书遗失”。")
    @click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), help="日期 YYYY-MM-DD，默认为今天。")
    @LEDGER
    @click.pass_context
    def change(ctx: click.Context, client: Path, number: str, reason: str, on, ledger: Path | None) -> None:
        import datetime as dt

        from .api import ledger_file, plan_file
        from .cycle.ledger import Ledger

        def action() -> int:
            with Ledger(ledger_file(plan_file(client), ledger)) as book:
                c = book.record(number, kind, on.date() if on else dt.date.today(), reason)
            click.echo(f"已{kind}：{c.number}  {c.name}  {c.occupation}  {c.level}级  {c.status}")
            return 0

        _run(ctx, action)

    return change


ledger.command("reissue", help="补发证书（编号不变），记录日期和原因。")(_ledger_change("补发"))
ledger.command("revoke", help="注销证书（编号永不再用），记录日期和原因。")(_ledger_change("注销"))


if __name__ == "__main__":  # pragma: no cover
    run()
