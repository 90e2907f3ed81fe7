"""skillplan as users install and run it: the wheel carries everything it reads, the CLI speaks
Chinese even for usage errors, survives consoles that cannot print Chinese, skips what is not a
client in a glob, writes files with the user's permissions, and exports PDF from any path."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile

import pytest
from helpers import EXAMPLE, MINIMAL, ROOT, run_cli, tool


def _env(**extra: str) -> dict:
    return {**os.environ, **extra}


def test_the_wheel_carries_templates_schemas_clauses_starter_and_no_pipeline_package(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    names = zipfile.ZipFile(next(tmp_path.glob("skillplan-*.whl"))).namelist()
    assert not [n for n in names if n.startswith("pipeline/")]
    for wanted in ("skillplan/templates/plan.docx", "skillplan/templates/announcement.docx",
                   "skillplan/schemas/plan.yaml", "skillplan/schemas/cycle.yaml", "skillplan/plan/library/annex7.yaml",
                   "skillplan/plan/starter/plan.yaml", "skillplan/core/fonts.conf", "skillplan/cli.py",
                   "skillplan/commands/results.py", "skillplan/output/bundle.py"):
        assert wanted in names


def test_version_and_module_entry_point():
    done = run_cli("--version")
    assert done.returncode == 0 and done.stdout.strip() == "skillplan 0.1.0"


@pytest.mark.parametrize("args, words", [
    (["build", "--bogus", str(EXAMPLE)], "没有选项 '--bogus'"),
    (["ledger", "revoke", str(EXAMPLE), "Y1"], "缺少必需的选项 '--reason'"),
    (["buld", str(EXAMPLE)], "没有命令 'buld'。 是否想写 'build'？"),
    (["build", "-j", "0", str(EXAMPLE)], "'-j' / '--jobs' 的值无效：0 不在允许的范围 1<=x<=64 内。"),
    (["build", "-j", "abc", str(EXAMPLE)], "'-j' / '--jobs' 的值无效：'abc' 不是有效的整数。"),
])
def test_usage_errors_are_in_chinese_with_exit_2(args, words):
    done = run_cli(*args)
    assert done.returncode == 2
    assert words in done.stderr and "错误：" in done.stderr and "Error" not in done.stderr


def test_usage_errors_end_as_chinese_sentences_and_dates_read_yyyy_mm_dd(tmp_path):
    """Usage errors ended anyhow: click's 缺少参数 'PATHS...'. with an ASCII full stop, ours with no stop
    at all (… 不存在, （已有：2026-1、2027-1）), and a bad --date named strptime's %Y-%m-%d. Each ends
    with full-width punctuation; a date is written YYYY-MM-DD."""
    ledger = tmp_path / "client"
    shutil.copytree(EXAMPLE, ledger)
    (ledger / "certificates.sqlite").write_bytes(b"")
    cases = [
        ["build"],  # click: a missing argument
        ["results", str(EXAMPLE)],  # click: a missing option
        ["build", "--bogus", str(EXAMPLE)],  # click: an unknown option, with a suggestion
        ["build", str(tmp_path / "nowhere")],  # ours: a path that does not exist
        ["results", str(EXAMPLE), "--cycle", "9-9"],  # ours: an unknown cycle (ends with its list of cycles)
        ["certificates", str(EXAMPLE), "--cycle", "2026-1"],  # ours: none of three options
        ["ledger", "revoke", str(EXAMPLE), "Y1", "--reason", "r", "--date", "2026/1/5"],
        ["ledger", "revoke", str(EXAMPLE), "Y1", "--reason", "r", "--date", "2026-02-30"],
        ["ledger", "stock", str(ledger), "--receive", "abc"],  # ours, raised in the ledger's stock module
    ]
    for args in cases:
        done = run_cli(*args)
        last = done.stderr.strip().splitlines()[-1]
        assert done.returncode == 2 and last.startswith("错误："), (args, done.stderr)
        assert last.endswith(("。", "？", "！", "：")), (args, last)
        assert ".。" not in last and "%Y" not in last, (args, last)
        if "--date" in args:
            assert f"应为真实存在的日期 YYYY-MM-DD，实际为“{args[-1]}”。" in last, last
    assert "--date YYYY-MM-DD" in run_cli("ledger", "revoke", "--help").stdout


def test_an_output_folder_that_is_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "out").write_text("x")
    done = run_cli("build", str(MINIMAL), "-o", str(tmp_path / "out"))
    assert done.returncode == 2 and "是一个文件，这里需要文件夹" in done.stderr


@pytest.mark.parametrize("encoding", ["gbk", "cp1252", "ascii"])
def test_a_console_that_cannot_print_chinese_gets_no_traceback(tmp_path, encoding):
    plan = (EXAMPLE / "plan.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "rare.yaml"
    broken.write_text(plan.replace("total: 1268 ", "total: 1268𠀀 "), encoding="utf-8")
    def run(*args: str) -> tuple[int, str, str]:
        done = subprocess.run([sys.executable, "-m", "skillplan", *args], capture_output=True, timeout=60,
                              env=_env(PYTHONIOENCODING=encoding))
        return done.returncode, done.stdout.decode(encoding, "replace"), done.stderr.decode(encoding, "replace")

    code, _, err = run("check", str(broken))
    assert code == 1 and "Traceback" not in err and "staff.total" in err
    code, out, err = run("check", str(broken), "--format", "json")
    assert code == 1 and "Traceback" not in err
    problems = json.loads(out)["clients"][0]["problems"]
    assert problems[0]["message"] == "应为整数，实际为“1268𠀀”"  # escaped in JSON, so nothing is lost


def test_a_glob_that_caught_a_readme_and_an_empty_folder_builds_the_real_clients(tmp_path):
    clients = tmp_path / "clients"
    (clients / "empty").mkdir(parents=True)
    (clients / "README.md").write_text("客户说明")
    shutil.copytree(MINIMAL, clients / "acme")
    paths = sorted(str(p) for p in clients.iterdir())
    done = run_cli("build", *paths, "-o", str(tmp_path / "out"), "--format", "json")
    report = json.loads(done.stdout)
    assert done.returncode == 0 and report["valid"] and [c["client"] for c in report["clients"]] == ["acme"]
    assert sorted(s["path"].rsplit("/", 1)[-1] for s in report["skipped"]) == ["README.md", "empty"]
    text = run_cli("build", *paths, "-o", str(tmp_path / "out"))
    assert f"跳过 {clients / 'README.md'}：不是客户" in text.stderr and text.returncode == 0


def test_nothing_but_non_clients_is_a_usage_error_with_a_valid_json_report(tmp_path):
    (tmp_path / "empty").mkdir()
    done = run_cli("check", str(tmp_path / "empty"), "--format", "json")
    report = json.loads(done.stdout)
    assert done.returncode == 2 and report["valid"] is False and "没有可处理的客户" in report["error"]


def test_output_gets_the_users_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        from skillplan import api

        [result] = api.build([MINIMAL], tmp_path / "out", jobs=1)
    finally:
        os.umask(old)
    assert result.ok
    folder = tmp_path / "out" / "minimal"
    assert oct(folder.stat().st_mode & 0o777) == oct(0o755)
    assert oct((folder / "manifest.json").stat().st_mode & 0o777) == oct(0o644)
    assert oct((tmp_path / "out" / "minimal.zip").stat().st_mode & 0o777) == oct(0o644)


@pytest.mark.skipif(not tool("soffice"), reason="LibreOffice 未安装")
def test_pdf_export_works_from_a_temporary_path_with_a_space_and_chinese(tmp_path):
    temp = tmp_path / "临时 文件夹"
    temp.mkdir()
    done = run_cli("build", str(MINIMAL), "-o", str(tmp_path / "输出 目录"), "--pdf", env=_env(TMPDIR=str(temp)),
                   timeout=240)
    assert done.returncode == 0, done.stderr
    pdfs = list((tmp_path / "输出 目录" / "minimal").rglob("*.pdf"))
    assert pdfs
    if tool("pdffonts"):  # the body face (仿宋) prints in a serif face, not the sans fallback
        fonts = subprocess.run(["pdffonts", str(pdfs[0])], capture_output=True, text=True).stdout
        assert "Serif" in fonts


def test_doctor_reports_where_things_are_and_each_face(tmp_path):
    done = run_cli("doctor", "--format", "json")
    report = json.loads(done.stdout)
    topics = [f["topic"] for f in report["findings"]]
    assert topics[:6] == ["skillplan", "模板", "校验规则", "条款库", "缓存目录", "LibreOffice"]
    if tool("fc-match") and tool("soffice"):
        assert done.returncode == 0
        assert [t for t in topics if t.startswith("字体")] == [
            "字体 仿宋_GB2312（正文）", "字体 方正小标宋简体（标题）", "字体 黑体（一级标题、表头）",
            "字体 楷体_GB2312（二级标题）", "字体 宋体（页码）"]


def test_doctor_fails_when_pdf_export_cannot_work(tmp_path):
    bare = tmp_path / "bin"
    bare.mkdir()
    done = run_cli("doctor", env=_env(PATH=str(bare)))
    assert done.returncode == 1 and "未找到：--pdf 无法导出 PDF" in done.stderr


def test_doctor_warns_when_no_font_covers_cjk_extension_b(monkeypatch):
    """A name such as 𠀀 (U+20000, CJK Extension B) prints as a box in a PDF when no installed font
    covers it: doctor says so, with what to install, as a warning that does not change its exit code."""
    from click.testing import CliRunner
    from skillplan import cli
    from skillplan.commands import doctor

    monkeypatch.setattr(doctor, "_fonts_covering", lambda codepoint: [])
    [warning] = [f for f in doctor.diagnose() if f.topic == "生僻字（CJK 扩展 B）"]
    assert warning.ok and warning.warning
    assert warning.found.startswith("注意：本机没有覆盖 CJK 扩展 B（U+20000–U+2A6DF）的字体，")
    assert "PDF 中显示为方框" in warning.found and "fonts-hanazono" in warning.found
    baseline = CliRunner().invoke(cli.main, ["doctor"])
    assert "生僻字（CJK 扩展 B）：注意：本机没有覆盖" in baseline.output
    monkeypatch.setattr(doctor, "_fonts_covering", lambda codepoint: ["HanaMinB"])
    covered = CliRunner().invoke(cli.main, ["doctor"])
    assert "生僻字（CJK 扩展 B）：HanaMinB" in covered.output and covered.exit_code == baseline.exit_code
    monkeypatch.setattr(doctor, "_fonts_covering", lambda codepoint: None)  # no fontconfig: nothing to say
    assert not [f for f in doctor.diagnose() if f.topic == "生僻字（CJK 扩展 B）"]
