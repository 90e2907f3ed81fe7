"""The `skillplan` command: parse options, call one library function (commands/), print what the
console says of its outcome and map it to an exit code. Nothing else happens here.

Exit codes: 0 success, 1 invalid input (every problem printed), 2 usage error.
Heavy modules (docxtpl, python-docx) are imported only by the commands that render.
"""
from __future__ import annotations

import traceback
from pathlib import Path

import click

from . import console
from .core.errors import SkillplanError, UsageError

console.speak_chinese()  # before the options below are declared: click words some of them then
FORMATS = click.Choice(["text", "json"])
DATE = click.option("--date", "on", type=console.Day(), help="日期 YYYY-MM-DD，默认为今天。")
FORMAT = click.option("--format", "fmt", type=FORMATS, default="text", help="输出格式：text 或 json。")
FORCE = click.option("--force", is_flag=True,
                     help="输出目录中有手改过的文件时，先把它们移到 OUT/手改/客户/（文件名加“手改 日期-时间”），再生成。")
TEMPLATES = click.option("--templates", type=click.Path(path_type=Path, file_okay=False, exists=True),
                         help="自定义模板目录：其中的同名 .docx 覆盖内置模板。")


def _run(ctx: click.Context, action, fmt: str = "text") -> None:
    """Run a command's action; a user-caused error prints its message (a valid JSON report with
    --format json) and exits with its code, never with a traceback."""
    try:
        code = action()
    except SkillplanError as e:
        if ctx.obj.get("debug"):
            traceback.print_exc()
        message = console.sentence(str(e)) if isinstance(e, UsageError) else str(e)
        if fmt == "json":
            console.print_json({"valid": False, "error": message, "clients": []})
        else:
            click.echo(f"错误：{message}", err=True)
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
@FORMAT
@click.pass_context
def doctor(ctx: click.Context, fmt: str) -> None:
    """检查本机环境：版本、模板和校验规则的位置、缓存目录、LibreOffice、各公文字体实际使用的字体。

    PDF 无法导出时（没有 LibreOffice 或中文字体）退出码为 1。"""
    from .commands.doctor import diagnose

    _run(ctx, lambda: console.findings(diagnose(), fmt), fmt)


@main.command()
@click.argument("directory")  # text, not a click.Path: an empty name ("$CLIENT" unset) must not become "."
@click.option("--shape", type=click.Choice(["example", "group", "grading-only", "exam-only", "service"]),
              default="example", show_default=True,
              help="客户形态：example 单一企业；group 集团（分公司、子公司）；grading-only 只做定级评价；"
                   "exam-only 只做晋级评价；service 服务业企业。")
@click.pass_context
def init(ctx: click.Context, directory: str, shape: str) -> None:
    """在 DIRECTORY 新建客户文件夹和带注释的 plan.yaml。"""
    from .commands.init import init as make_client

    _run(ctx, lambda: console.created(make_client(directory, shape), directory))


@main.command()
@click.argument("kind", type=click.Choice(["plan", "cycle"]), default="plan")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="写入该文件（默认输出到屏幕）。")
@click.pass_context
def schema(ctx: click.Context, kind: str, output: Path | None) -> None:
    """输出 plan.yaml（或 cycle 批次文件）的 JSON Schema，供编辑器补全和检查键名。

    由 schemas/ 中的校验规则生成。在 YAML 文件第一行写 `# yaml-language-server: $schema=文件名`
    即可在 VS Code 等编辑器中使用（skillplan init 会自动写好）。"""
    from .commands.init import schema as schema_of

    _run(ctx, lambda: console.said(schema_of(kind, output), newline=output is not None))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=FORMATS, default="text", help="输出格式：text 或 json（供 CI 使用）。")
@click.option("--strict", is_flag=True, help="把警告（如疑似未填写的占位符）当作错误。")
@click.pass_context
def check(ctx: click.Context, paths: tuple[Path, ...], fmt: str, strict: bool) -> None:
    """校验一个或多个客户（文件夹或 plan.yaml），一次列出全部问题。"""
    from .commands.clients import check as check_clients
    from .commands.clients import find_clients

    def action() -> int:
        clients, skipped = find_clients(list(paths))
        return console.report(check_clients(clients, strict=strict), fmt, skipped)

    _run(ctx, action, fmt)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("out"),
              show_default=True, help="输出目录，每个客户一个子文件夹。")
@TEMPLATES
@FORMAT
@click.option("--strict", is_flag=True, help="把警告当作错误。")
@click.option("--cycle", help="只生成该 id 的认定批次公告，其余已生成的文件保留。")
@click.option("--pdf", is_flag=True, help="每个文档另存一份 PDF（需要 LibreOffice）。")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), help="同时构建的客户数，默认为 CPU 核数。")
@FORCE
@click.pass_context
def build(ctx: click.Context, paths: tuple[Path, ...], out_dir: Path, templates: Path | None, fmt: str,
          strict: bool, cycle: str | None, pdf: bool, jobs: int | None, force: bool) -> None:
    """校验并生成客户的工作方案、附件和认定公告（Word 文件），以及 manifest.json 和 OUT/客户.zip。

    可一次构建多个客户（如 clients/*），有错误的客户不影响其他客户生成。
    输出目录中上次生成后被手改或新增的文件不会被覆盖：构建停止并列出这些文件（或用 --force 先移走）。"""
    from .commands.clients import build as build_clients
    from .commands.clients import find_clients

    def action() -> int:
        clients, skipped = find_clients(list(paths))
        results = build_clients(clients, out_dir, templates, strict=strict, cycle=cycle, pdf=pdf, jobs=jobs,
                                on_done=console.client_counter(len(clients)) if fmt == "text" else None, force=force)
        return console.report(results, fmt, skipped)

    _run(ctx, action, fmt)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("out"),
              show_default=True, help="输出目录：在这里查找各客户的备案材料和批次输出（与 build、prepare 等相同）。")
@DATE
@FORMAT
@click.option("--ics", type=click.Path(path_type=Path, dir_okay=False),
              help="另写日历文件（.ics）：每个批次的报名、各场考试（含地址）、结果公示和各项期限，可订阅。")
@click.option("--html", type=click.Path(path_type=Path, dir_okay=False),
              help="另写一页时间线（.html）：每个客户一条时间线，今天标出，逾期为红色，可打印或发给客户。")
@click.pass_context
def status(ctx: click.Context, paths: tuple[Path, ...], out_dir: Path, on, fmt: str, ics: Path | None,
           html: Path | None) -> None:
    """各客户的进度：备案材料是否通过、是否已生成、生成后是否改动；每个认定批次的阶段、下一个日期、还有几天、
    下一步做什么（要运行的命令），以及临近和逾期的期限。

    PATHS 为客户，写法与 build 相同（如 clients/*）；不给出时为当前文件夹中每个含 plan.yaml 的子文件夹。
    只读：不生成文档，不改动台账。"""
    from .commands.status import status as where

    _run(ctx, lambda: console.status_report(where(paths, out_dir, on, ics, html), fmt), fmt)


@main.command()
@click.argument("document", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="写出 plan.yaml（及 cycles/…）的目录；其中已有内容不同的同名文件时不写出。")
@click.pass_context
def source(ctx: click.Context, document: Path, out_dir: Path) -> None:
    """从 skillplan 生成的 Word 文件中取回生成它的 plan.yaml 和批次文件（与原文件逐字节相同）。"""
    from .commands.diff import source as extract

    _run(ctx, lambda: console.extracted(*extract(document, out_dir)))


@main.command()
@click.argument("client", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="输出目录，写入 OUT/客户/。")
@TEMPLATES
@FORCE
@click.pass_context
def watch(ctx: click.Context, client: Path, out_dir: Path, templates: Path | None, force: bool) -> None:
    """监视客户的 plan.yaml 和 cycles/*.yaml：每次保存后立即校验并重新生成，列出有变化的文档；
    有错误时列出错误并继续监视。按 Ctrl+C 停止。"""
    from .commands.clients import client_name, plan_file
    from .commands.watch import watch as watch_client

    def action() -> int:
        folder = out_dir / console.folder_name(client_name(plan_file(client)))
        try:
            watch_client(client, out_dir, templates, on_build=console.rebuild_printer(client, folder), force=force)
        except KeyboardInterrupt:
            click.echo("已停止监视")
        return 0

    _run(ctx, action)


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
@FORMAT
@FORCE
@click.pass_context
def forms(ctx: click.Context, client: Path, cycle_id: str, roster: Path | None, out_dir: Path,
          templates: Path | None, fmt: str, force: bool) -> None:
    """按报名名册为每位定级评价人员生成预填的《定级评价表》、合并打印文件和评分录入表。"""
    from .commands.forms import forms as make_forms

    _run(ctx, lambda: console.report([make_forms(client, cycle_id, out_dir, templates, roster, force=force,
                                                 on_progress=console.file_counter("评价表文件"))], fmt), fmt)


@main.command()
@CLIENT
@CYCLE
@ROSTER
@click.option("--staff", type=click.Path(path_type=Path, dir_okay=False),
              help="考评人员名单（.xlsx 或 .csv），默认为 客户/cycles/批次id/staff.xlsx 或 .csv（没有则不安排考评人员）。")
@OUT
@TEMPLATES
@FORMAT
@FORCE
@click.pass_context
def prepare(ctx: click.Context, client: Path, cycle_id: str, roster: Path | None, staff: Path | None, out_dir: Path,
            templates: Path | None, fmt: str, force: bool) -> None:
    """资格审核并安排考场：生成资格审核表、考场安排（含 .xlsx）、准考证、签到表、证卡和考场异常情况记录表。

    人工审核的结论写在 客户/cycles/批次id/review.csv（证件号码、结论、理由），重新运行即生效。
    有考评人员名单 客户/cycles/批次id/staff.csv（或 --staff 指定的文件；姓名、角色、评价主体、可考评职业、部门）时，
    还按考评资格、等级、部门回避和时间冲突安排考评人员，生成考评人员安排和工作证。"""
    from .commands.prepare import prepare as make_pack

    _run(ctx, lambda: console.report([make_pack(client, cycle_id, out_dir, templates, roster, force=force, staff=staff)],
                                     fmt), fmt)


@main.command()
@CLIENT
@CYCLE
@ROSTER
@click.option("--scores", type=click.Path(path_type=Path, dir_okay=False),
              help="评分表（.xlsx 或 .csv），默认为 客户/cycles/批次id/scores.xlsx 或 .csv。")
@LEDGER
@OUT
@TEMPLATES
@FORMAT
@FORCE
@click.pass_context
def results(ctx: click.Context, client: Path, cycle_id: str, roster: Path | None, scores: Path | None,
            ledger: Path | None, out_dir: Path, templates: Path | None, fmt: str, force: bool) -> None:
    """计算加权成绩、判定是否合格，为合格人员核发证书编号，生成含成绩的评价表、结果公示和证书数据表。"""
    from .commands.results import results as make_results

    _run(ctx, lambda: console.report([make_results(client, cycle_id, out_dir, templates, roster, scores, ledger,
                                                   force=force, on_wait=console.waiting,
                                                   on_progress=console.file_counter("结果文件"))], fmt), fmt)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out", type=click.Path(path_type=Path),
              help="比较客户时为输出目录（默认 out，与 build 相同）；比较两个文件时为修订稿的文件名。")
@TEMPLATES
@FORMAT
@click.pass_context
def diff(ctx: click.Context, paths: tuple[Path, ...], out: Path | None, templates: Path | None, fmt: str) -> None:
    """列出改动的句子（原 → 新），并生成 Word 修订模式的副本（修订稿）。

    \b
    skillplan diff CLIENT [-o OUT]          当前 plan.yaml 与 OUT/客户/ 中上次生成的文件比较，
                                            修订稿写入 OUT/修订/客户/
    skillplan diff 旧.docx 新.docx [-o 修订稿.docx]   任意两个版本的 Word 文件比较

    有无改动都以 0 退出（与 git diff 相同）；输入有误 1，用法错误 2。"""
    from .commands import diff as comparing

    def action() -> int:
        if len(paths) == 1 and paths[0].suffix.lower() == ".docx":
            raise UsageError(f"比较两个 Word 文件须给出旧、新两个文件：skillplan diff 旧.docx {paths[0]}。")
        if len(paths) == 1:
            return console.show_changes(comparing.diff(paths[0], out or Path("out"), templates),
                                        "与上次生成的文件相比，没有文字改动。", fmt)
        if len(paths) == 2:
            return console.show_changes(comparing.diff_files(paths[0], paths[1], out), "两个文件的文字没有不同。", fmt)
        raise UsageError("用法：skillplan diff CLIENT [-o OUT] 或 skillplan diff 旧.docx 新.docx [-o 修订稿.docx]。")

    _run(ctx, action, fmt)


@main.command()
@CLIENT
@CYCLE
@click.option("--approved", type=click.Path(path_type=Path, dir_okay=False),
              help="省里确认的名单：results 生成的证书数据.xlsx，或只有“证书编号”一列的表格。")
@click.option("--draft", is_flag=True, help="打印本批全部有效证书的样本（每页标“样本”，仅供核对，不得发放）。")
@click.option("--number", help="补发：重新打印这一个证书编号（须先用 ledger reissue 记录补发）。")
@click.option("--overlay", is_flag=True, help="套打：只打印填写的内容，位置见 plan.yaml 的 certificate.overlay。")
@click.option("--issue-date", "issue_date", type=console.Day(),
              help="发证日期 YYYY-MM-DD：须在认定结果公示期满之后，与证书编号第14-15位的年份一致；默认为 results 登记的发证日期。")
@LEDGER
@OUT
@TEMPLATES
@FORMAT
@FORCE
@click.pass_context
def certificates(ctx: click.Context, client: Path, cycle_id: str, approved: Path | None, draft: bool,
                 number: str | None, overlay: bool, issue_date, ledger: Path | None, out_dir: Path,
                 templates: Path | None, fmt: str, force: bool) -> None:
    """打印职业技能等级证书：每人一页 A4，按职业等级各一个打印文件，另有每人一个文件；只打印台账中有效的编号。"""
    from .commands.certificates import certificates as print_certificates

    _run(ctx, lambda: console.report([print_certificates(client, cycle_id, out_dir, templates, approved, draft, number,
                                                         ledger, overlay, console.file_counter("证书文件"), force=force,
                                                         issue_date=issue_date)],
                                     fmt), fmt)


@main.group()
def ledger() -> None:
    """证书台账：列出、补发、注销（每次操作都记录日期和原因；证书编号可大小写、可带空格输入）。"""


@ledger.command("list")
@CLIENT
@LEDGER
@click.pass_context
def ledger_list(ctx: click.Context, client: Path, ledger: Path | None) -> None:
    """列出台账中的全部证书及其记录（只读：没有台账时不会新建）。"""
    from .commands.ledger import LedgerPlace, list_ledger

    _run(ctx, lambda: console.listing(list_ledger(LedgerPlace(client, ledger))))


def _ledger_change(kind: str):
    @CLIENT
    @click.argument("number")
    @click.option("--reason", required=True, help="原因，如“证书遗失”“证书损坏”“证书信息错误”。")
    @DATE
    @LEDGER
    @click.pass_context
    def change(ctx: click.Context, client: Path, number: str, reason: str, on, ledger: Path | None,
               returned: bool | None = None) -> None:
        from .commands.ledger import LedgerPlace, record

        _run(ctx, lambda: console.recorded(kind, *record(LedgerPlace(client, ledger), number, kind, reason, on,
                                                           console.waiting, returned)))

    if kind == "补发":  # 证书损坏、证书信息错误: the original is taken back (收回) and its blank destroyed
        return click.option("--returned/--not-returned", "returned", default=None,
                            help="原证书已收回（登记收回并销毁其印制流水码）/未收回；默认按原因：损坏、错误等为已收回，遗失为未收回。")(change)
    return change


@ledger.command("stock")
@CLIENT
@click.option("--receive", "delivery", help="登记入库的空白证书印制流水码，如 A0000101-A0000200。")
@DATE
@LEDGER
@click.pass_context
def ledger_stock(ctx: click.Context, client: Path, delivery: str | None, on, ledger: Path | None) -> None:
    """登记空白证书入库（--receive 流水码范围），并显示入库、印制、销毁、余存。"""
    from .commands.ledger import LedgerPlace, stock

    _run(ctx, lambda: console.stock_report(*stock(LedgerPlace(client, ledger), delivery, on, console.waiting)))


def _stock_event(name: str, argument: str, detail: str, detail_help: str, said: str):
    """ledger destroy / handover: one event of the blank-certificate 台账, dated, under the client's lock."""
    @CLIENT
    @click.argument(argument)
    @click.option(f"--{detail}", detail, required=True, help=detail_help)
    @DATE
    @LEDGER
    @click.pass_context
    def event(ctx: click.Context, client: Path, on, ledger: Path | None, **given: str) -> None:
        from .commands import ledger as ledgers

        record = {"destroy": ledgers.destroy, "handover": ledgers.hand_over}[name]
        _run(ctx, lambda: console.stock_event(said, given[argument],
                                              record(ledgers.LedgerPlace(client, ledger), given[argument],
                                                     given[detail], on)))

    return event


ledger.command("destroy", help="销毁一张空白或已印制的证书（按印制流水码），记录日期和原因。")(
    _stock_event("destroy", "blank", "reason", "原因，如“打印错位”。", "已销毁"))
ledger.command("handover", help="核发：记录证书交给持证人（或其委托人）的日期和领取人。")(
    _stock_event("handover", "number", "receiver", "领取人姓名（本人或其委托人）。", "已核发"))


@ledger.command("export")
@CLIENT
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="写入的 .xlsx 文件，如 台账.xlsx。")
@LEDGER
@click.option("--force", is_flag=True, help="覆盖已有的同名文件。")
@click.pass_context
def ledger_export(ctx: click.Context, client: Path, output: Path, ledger: Path | None, force: bool) -> None:
    """导出台账：每件事一行（编号登记、更正、撤回、入库、印制、核发、补发、收回、销毁、注销），另有库存汇总。"""
    from .commands.ledger import LedgerPlace, export

    _run(ctx, lambda: console.said(f"已生成 {export(LedgerPlace(client, ledger), output, force)}"))


ledger.command("reissue", help="补发证书（编号不变），记录日期和原因；损坏、信息错误的同时收回原证书并销毁其流水码。")(_ledger_change("补发"))
ledger.command("revoke", help="注销证书（编号永不再用），记录日期和原因。")(_ledger_change("注销"))


if __name__ == "__main__":  # pragma: no cover
    run()
