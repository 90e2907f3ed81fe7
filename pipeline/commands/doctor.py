"""`skillplan doctor`: what a consultant runs when something looks wrong — which skillplan this is,
where it reads its templates and schemas, its cache, and whether this machine can export PDF with
fonts close to the GB/T 9704 faces the documents name."""
from __future__ import annotations

import os
import platform
import shutil
import subprocess
from dataclasses import dataclass
from importlib.resources import as_file

from .. import __version__
from ..core import resources
from ..core.pdf import INSTALL_HINT

# The faces the documents name (GB/T 9704) and the role each plays, as doctor lists them.
FACES = {"仿宋_GB2312": "正文", "方正小标宋简体": "标题", "黑体": "一级标题、表头", "楷体_GB2312": "二级标题",
         "宋体": "页码"}


@dataclass(frozen=True)
class Finding:
    """One line of the report: what was looked at, what was found, and whether it is a problem."""

    topic: str
    found: str
    ok: bool = True
    warning: bool = False  # worth knowing, not a failure: the exit code stays 0

    def as_dict(self) -> dict:
        """The finding as --format json reports it."""
        return {"topic": self.topic, "found": self.found, "ok": self.ok, "warning": self.warning}


def diagnose() -> list[Finding]:
    """Everything doctor reports, in the order it prints; a finding that is not ok stops PDF export."""
    from ..core.render import cache_dir  # the renderer's own idea of the cache folder

    cache = cache_dir()
    findings = [
        Finding("skillplan", f"{__version__}（Python {platform.python_version()}，{platform.system()}）"),
        Finding("模板", _folder(resources.template("plan.docx"))),
        Finding("校验规则", _folder(resources.schema("plan"))),
        Finding("条款库", _folder(resources.library("plan"))),
        Finding("缓存目录", f"{cache}" + ("" if cache is None or _writable(cache) else "（不可写：每次都重新编译模板）")
                if cache else "已关闭（SKILLPLAN_CACHE 为空）"),
        _libreoffice(),
    ]
    return findings + _fonts() + _rare_characters() + [_redline()]


def _redline() -> Finding:
    """The optional engine behind 修订 copies of documents edited in Word (skillplan diff); never a problem."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return Finding("修订引擎", f"python-redlines {version('python-redlines')}，docxodus {version('python-redlines-docxodus')}")
    except PackageNotFoundError:
        return Finding("修订引擎", "未安装：skillplan diff 只为 skillplan 生成的文档写修订稿，在 Word 中改过的文档只列出改动"
                                "（安装：pip install 'skillplan[redline]'）")


def _folder(resource) -> str:
    """The folder a shipped file is read from (the resource itself when it is not on disk)."""
    return str(getattr(resource, "parent", resource))


def _writable(folder) -> bool:
    probe = folder if folder.exists() else folder.parent
    return os.access(probe, os.W_OK)


def _libreoffice() -> Finding:
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        return Finding("LibreOffice", f"未找到：--pdf 无法导出 PDF（安装：{INSTALL_HINT}）", ok=False)
    try:
        done = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=60, check=False)
        version = done.stdout.strip().splitlines()[0] if done.stdout.strip() else "版本未知"
    except (OSError, subprocess.TimeoutExpired) as e:
        return Finding("LibreOffice", f"{program} 无法运行：{e}", ok=False)
    return Finding("LibreOffice", f"{program}（{version}）")


def _fonts() -> list[Finding]:
    """The real font each face resolves to for PDF export, through the fonts.conf export uses."""
    matcher = shutil.which("fc-match")
    if matcher is None:
        return [Finding("字体", "未找到 fc-match（fontconfig），无法查看字体替换情况", ok=True)]
    if not _has_cjk_font():
        return [Finding("字体", f"本机没有中文字体：PDF 中的汉字将无法显示（安装：{INSTALL_HINT}）", ok=False)]
    findings = []
    with as_file(resources.fonts_conf()) as conf:
        env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
        for face, role in FACES.items():
            done = subprocess.run([matcher, "-f", "%{family[0]}|%{style[0]}", face], capture_output=True, text=True,
                                  timeout=30, check=False, env=env)
            family, _, style = done.stdout.partition("|")
            how = "本机已安装" if family == face else "替代字体"
            findings.append(Finding(f"字体 {face}（{role}）", f"{family} {style}（{how}）"))
    return findings


EXTENSION_B = 0x20000  # 𠀀, the first of CJK Extension B (U+20000–U+2A6DF): rare characters in names
EXTENSION_B_HINT = ("apt-get install fonts-hanazono（花园明朝，其 HanaMinB 覆盖整个扩展 B）；Windows 上为系统自带的 "
                    "SimSun-ExtB（宋体-ExtB）")


def _rare_characters() -> list[Finding]:
    """Whether an installed font covers CJK Extension B: a name such as 𠀀 prints as a box in a PDF
    otherwise (the Noto CJK fonts do not have it). A warning, never a failure; nothing without fontconfig."""
    families = _fonts_covering(EXTENSION_B)
    if families is None:
        return []
    if families:
        return [Finding("生僻字（CJK 扩展 B）", "、".join(families[:3]))]
    return [Finding("生僻字（CJK 扩展 B）", "注意：本机没有覆盖 CJK 扩展 B（U+20000–U+2A6DF）的字体，姓名中的生僻字（如 𠀀）"
                                       f"在 PDF 中显示为方框（Word、WPS 中按本机字体显示）；安装：{EXTENSION_B_HINT}", warning=True)]


def _fonts_covering(codepoint: int) -> list[str] | None:
    """The families of the installed fonts that have this character (fc-list); None without fontconfig."""
    lister = shutil.which("fc-list")
    if lister is None:
        return None
    try:
        done = subprocess.run([lister, f":charset={codepoint:x}", "family"], capture_output=True, text=True, timeout=30,
                              check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return sorted({line.split(",")[0].strip() for line in done.stdout.splitlines() if line.strip()})


def _has_cjk_font() -> bool:
    lister = shutil.which("fc-list")
    if lister is None:
        return True  # cannot tell: fc-match still reports what each face becomes
    done = subprocess.run([lister, ":lang=zh", "family"], capture_output=True, text=True, timeout=30, check=False)
    return bool(done.stdout.strip())
