"""Optional stage after render: each .docx also as PDF, converted by LibreOffice (`build --pdf`).

Conversions run in parallel, each LibreOffice process with its own user profile (two instances
sharing one profile block each other). LibreOffice stamps every PDF with the time and a random
document id; those bytes are overwritten with fixed ones of the same length, so a PDF too depends
only on its .docx and the bundle's zip stays reproducible.

Fonts: the documents name the GB/T 9704 faces (仿宋_GB2312, 黑体 …). A machine without them would
print every face in one sans fallback; fonts.conf (shipped beside this module, passed to LibreOffice
through FONTCONFIG_FILE) maps each to the closest installed face instead.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from importlib.resources import as_file
from pathlib import Path

from . import resources
from .errors import SkillplanError, UsageError, os_reason

TIMEOUT = 300  # seconds for one LibreOffice run
INSTALL_HINT = "apt-get install libreoffice-writer-nogui fonts-noto-cjk"
_DATE = re.compile(rb"/(CreationDate|ModDate)\s*\((D:[^)]*)\)")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")  # LibreOffice's MD5 over the stamped file
_FIXED_DATE = b"D:19800101000000+00'00'"


def soffice() -> str:
    """LibreOffice's program, or a usage error saying how to install it."""
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        raise UsageError(f"--pdf 需要 LibreOffice，但本机没有找到 soffice：请安装（{INSTALL_HINT}）后重试。")
    return program


def convert(docx_files: list[Path], jobs: int | None = None) -> list[Path]:
    """Write FILE.pdf beside each FILE.docx; returns the PDFs."""
    program = soffice()
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(docx_files)))
    # one batch per worker and folder: LibreOffice writes a whole batch into one --outdir
    batches: dict[tuple[int, Path], list[Path]] = {}
    for n, path in enumerate(sorted(docx_files)):
        batches.setdefault((n % jobs, path.parent), []).append(path)
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(lambda files: _run(program, files), batches.values()))
    pdfs = [path.with_suffix(".pdf") for path in docx_files]
    for pdf in pdfs:  # each batch checked its own files: every one is there
        pdf.write_bytes(normalized(pdf.read_bytes()))
    return pdfs


def _run(program: str, files: list[Path]) -> None:
    """One LibreOffice process for a batch of files in one folder, in a private profile.

    The profile is passed as a file URI built by pathlib: a temporary path holding a space or Chinese
    characters must be percent-encoded, or LibreOffice aborts at start."""
    with tempfile.TemporaryDirectory(prefix="skillplan-lo-") as profile, fontconfig() as fonts:
        env = {**os.environ, "FONTCONFIG_FILE": str(fonts)}
        try:
            done = subprocess.run([program, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                                   "--norestore", "--convert-to", "pdf", "--outdir", str(files[0].parent),
                                   *map(str, files)], capture_output=True, timeout=TIMEOUT, check=False, env=env)
        except subprocess.TimeoutExpired as e:
            raise SkillplanError(f"LibreOffice 转换超时（{TIMEOUT} 秒）：{files[0].parent}") from e
        except OSError as e:
            raise SkillplanError(f"无法启动 LibreOffice（{program}）：{os_reason(e)}") from e
    missing = [f.name for f in files if not f.with_suffix(".pdf").is_file()]
    if missing:
        said = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
        raise SkillplanError(f"LibreOffice 未能把 {'、'.join(missing)} 转换为 PDF（退出码 {done.returncode}"
                             + (f"：{said[-1]}" if said else "") + "）")


def fontconfig():
    """The shipped fonts.conf as a real file for the duration of a conversion."""
    return as_file(resources.fonts_conf())


def normalized(pdf: bytes) -> bytes:
    """The PDF with its time stamps and document id fixed; lengths are kept, so offsets stay valid."""
    def date(m: re.Match) -> bytes:
        old = m.group(2)
        new = _FIXED_DATE[:len(old)].ljust(len(old), b" ")
        return m.group(0).replace(old, new)

    def ident(m: re.Match) -> bytes:
        return m.group(0).replace(m.group(1), b"0" * len(m.group(1))).replace(m.group(2), b"0" * len(m.group(2)))

    def checksum(m: re.Match) -> bytes:
        return m.group(0).replace(m.group(1), b"0" * len(m.group(1)))

    return _CHECKSUM.sub(checksum, _ID.sub(ident, _DATE.sub(date, pdf)))
