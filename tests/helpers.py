"""Test helpers: run the CLI as a user would, read a .docx back as text, find the real-client tools."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "config" / "example"
DATA = Path(__file__).resolve().parent / "data"
MINIMAL = DATA / "minimal"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: int = 120,
            process: bool = False) -> subprocess.CompletedProcess:
    """Run the CLI as a user would: exit code, stdout and stderr. In this process (click's runner: no
    interpreter start, the libraries loaded once), unless the run needs one of its own (process: the
    entry point itself, a kill, a console encoding; env: variables the command reads at start-up).
    A crash in this process is reported as a subprocess shows it: a traceback on stderr, exit 1."""
    if process or env is not None:
        return run_process(*args, cwd=cwd, env=env, timeout=timeout)
    import os
    import traceback

    from click.testing import CliRunner
    from skillplan.cli import main

    here = os.getcwd()
    os.chdir(cwd or ROOT)
    try:
        done = CliRunner().invoke(main, [str(a) for a in args], prog_name="skillplan")
    finally:
        os.chdir(here)
    stderr = done.stderr
    if done.exception is not None and not isinstance(done.exception, SystemExit):
        stderr += "Traceback (most recent call last):\n" + "".join(traceback.format_exception(done.exception))
    return subprocess.CompletedProcess(["skillplan", *map(str, args)], done.exit_code, done.stdout, stderr)


def run_process(*args: str, cwd: Path | None = None, env: dict | None = None,
                timeout: int = 120) -> subprocess.CompletedProcess:
    """Run `python -m skillplan …` in a real process of its own."""
    return subprocess.run([sys.executable, "-m", "skillplan", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, timeout=timeout)


EVERYTHING = os.environ.get("SKILLPLAN_TESTS") == "all"  # CI: every case of the exhaustive loops


def sampled(items: list, size: int, seed: int = 20261207) -> list:
    """The exhaustive loops' cases: all of them in CI (SKILLPLAN_TESTS=all), else a fixed sample of
    size (the same every run, so a failure repeats), the first case always among them."""
    items = list(items)
    if EVERYTHING or len(items) <= size:
        return items
    import random

    rest = random.Random(seed).sample(range(1, len(items)), size - 1)
    return [items[i] for i in sorted([0, *rest])]


GOLDEN = ROOT / "tests" / "golden"


def golden(name: str, text: str) -> str:
    """The golden text of a document (tests/golden/NAME), rewritten from text when
    SKILLPLAN_UPDATE_GOLDEN is set (then look at `git diff tests/golden` line by line)."""
    path = GOLDEN / name
    if os.environ.get("SKILLPLAN_UPDATE_GOLDEN"):
        path.write_text(text + "\n", encoding="utf-8")
    return path.read_text(encoding="utf-8")


def example_plan_and_cycle(cycle_id: str = "2026-1") -> tuple[dict, dict]:
    """The example's checked plan and one of its cycles."""
    from skillplan import api

    _, plan = api.checked(EXAMPLE / "plan.yaml", strict=False)
    return plan, next(c for c in plan["cycles"] if c["id"] == cycle_id)


def docx_parts(docx: bytes) -> dict[str, bytes]:
    """A .docx's members, uncompressed: two documents with the same parts are the same document,
    however hard each was compressed."""
    import io

    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return {name: z.read(name) for name in z.namelist()}


def docx_paragraphs(path: Path) -> list[str]:
    """Every paragraph's text in document order, table cells included (cells joined by ' | ')."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    lines: list[str] = []
    for element in root.find(f"{W}body"):
        if element.tag == f"{W}p":
            lines.append(_text(element))
        elif element.tag == f"{W}tbl":
            for tr in element.iter(f"{W}tr"):
                lines.append(" | ".join("\n".join(_text(p) for p in tc.iter(f"{W}p")) for tc in tr.iter(f"{W}tc")))
    return lines


def _text(p) -> str:
    parts = []
    for node in p.iter(f"{W}t", f"{W}br", f"{W}tab", f"{W}noBreakHyphen"):  # Word's non-breaking hyphen reads "-"
        parts.append(node.text or "" if node.tag == f"{W}t" else {f"{W}br": "\n", f"{W}tab": "\t"}.get(node.tag, "-"))
    return "".join(parts)


def docx_text(path: Path) -> str:
    return "\n".join(docx_paragraphs(path))


def tool(name: str) -> str | None:
    return shutil.which(name)


def has_calc() -> bool:
    """LibreOffice with Calc, which opens .xlsx files (Writer alone does not)."""
    if not tool("soffice"):
        return False
    program = Path(shutil.which("soffice")).resolve().parent
    return any(program.glob("libsclo.so")) or any(program.glob("libsclo.dylib"))


def ooxml_errors(path: Path) -> list:
    """The Open XML SDK validator's errors for a file (the validator prints JSON)."""
    import json

    done = subprocess.run([tool("ooxml-validator"), str(path)], capture_output=True, text=True, timeout=120)
    report = json.loads(done.stdout)
    return report.get("errors", []) if not report.get("ok") else []


def to_pdf(path: Path, out_dir: Path) -> Path:
    """Convert with LibreOffice in a private profile; return the PDF path."""
    profile = out_dir / "lo-profile"
    subprocess.run([tool("soffice"), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out_dir), str(path)], capture_output=True, timeout=180, check=False)
    return out_dir / (path.stem + ".pdf")


def config_variant(tmp_path: Path, base: str, change) -> Path:
    """A copy of config/<base> with its plan changed by change(plan data); its folder."""
    import yaml

    data = yaml.safe_load((ROOT / "config" / base / "plan.yaml").read_text(encoding="utf-8"))
    change(data)
    folder = tmp_path / f"{base}-variant"
    folder.mkdir(parents=True)
    (folder / "plan.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder
