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

from .errors import SkillplanError

FORMATS = click.Choice(["text", "json"])


def _report(results, fmt: str) -> int:
    """Print each client's problems (and written files); exit 1 if any client is invalid."""
    if fmt == "json":
        click.echo(json.dumps({"valid": all(r.ok for r in results), "clients": [r.as_dict() for r in results]},
                              ensure_ascii=False, indent=2))
    else:
        for r in results:
            for problem in r.problems:
                click.echo(str(problem), err=not r.ok)
            for f in r.files:
                click.echo(f"已生成 {f}")
            errors = sum(p.severity == "error" for p in r.problems)
            warnings = len(r.problems) - errors
            status = f"{errors} 个错误" if errors else "通过"
            click.echo(f"{r.client}：{status}" + (f"，{warnings} 个警告" if warnings else ""), err=not r.ok)
    return 0 if all(r.ok for r in results) else 1


def _run(ctx: click.Context, action) -> None:
    try:
        code = action()
    except SkillplanError as e:
        if ctx.obj.get("debug"):
            traceback.print_exc()
        click.echo(f"错误：{e}", err=True)
        code = e.exit_code
    ctx.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="出错时显示 Python 调用栈（供开发者排查）。")
@click.version_option(package_name="skillplan")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """skillplan：由客户的 plan.yaml 生成企业职业技能等级认定工作方案及附件。"""
    ctx.ensure_object(dict)["debug"] = debug


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.pass_context
def init(ctx: click.Context, directory: Path) -> None:
    """在 DIRECTORY 新建客户文件夹和带注释的 plan.yaml。"""
    from .scaffold import init_client

    def action() -> int:
        path = init_client(directory)
        click.echo(f"已创建 {path}：请把所有“待填写”的值改为企业的实际情况，然后运行 skillplan check {directory}")
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

    _run(ctx, lambda: _report(check_clients(list(paths), strict=strict), fmt))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="输出目录，每个客户一个子文件夹。")
@click.option("--templates", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="自定义模板目录：其中的同名 .docx 覆盖内置模板。")
@click.option("--format", "fmt", type=FORMATS, default="text", help="输出格式：text 或 json。")
@click.option("--strict", is_flag=True, help="把警告当作错误。")
@click.option("--cycle", help="只生成该 id 的认定批次公告，其余已生成的文件保留。")
@click.pass_context
def build(ctx: click.Context, paths: tuple[Path, ...], out_dir: Path, templates: Path | None, fmt: str,
          strict: bool, cycle: str | None) -> None:
    """校验并生成客户的工作方案、附件和认定公告（Word 文件）。"""
    from .api import build as build_clients

    _run(ctx, lambda: _report(build_clients(list(paths), out_dir, templates, strict=strict, cycle=cycle), fmt))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
