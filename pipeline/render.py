"""Stage 4 — render: fill a .docx template with docxtpl, safely and reproducibly.

Three guarantees on top of plain docxtpl:
- config values are data: Jinja runs sandboxed with autoescape, and StrictUndefined turns a
  template's typo into an error instead of a silent blank;
- nothing is lost silently: the rendered XML is parsed strictly (docxtpl parses in recover mode,
  which drops text it cannot parse);
- the same input gives the same bytes: zip members get a fixed timestamp.
"""
from __future__ import annotations

import copy
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from .archive import stable_zip
from .errors import RenderError

BUILTIN_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class StrictTemplate(DocxTemplate):
    """DocxTemplate that renders values verbatim and refuses XML it would otherwise repair silently."""

    def render_xml_part(self, src_xml, part, context, jinja_env=None):
        # docxtpl's own version also rewrites "{_{" to "{{" in the *output*, which would alter a
        # config value containing "{_{"; our templates never need that escape.
        src_xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)
        self.current_rendering_part = part
        dst_xml = jinja_env.from_string(src_xml).render(context)
        dst_xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", dst_xml)
        return self.resolve_listing(dst_xml)

    def fix_tables(self, xml):
        try:
            return etree.fromstring(xml.encode("utf-8"), parser=etree.XMLParser(recover=False, huge_tree=True))
        except etree.XMLSyntaxError as e:
            raise RenderError(f"模板 {Path(str(self.template_file)).name} 渲染后的内容不是合法的 XML：{e}") from e


def environment() -> SandboxedEnvironment:
    """Sandboxed (nothing in a config can reach Python objects), autoescaped, strict about names."""
    return SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)


def find_template(name: str, override_dir: Path | None) -> Path:
    """The override folder wins by file name; otherwise the built-in template."""
    for folder in ([override_dir] if override_dir else []) + [BUILTIN_TEMPLATES]:
        if (folder / name).is_file():
            return folder / name
    raise RenderError(f"找不到模板 {name}")


def render(name: str, context: dict[str, Any], override_dir: Path | None = None) -> StrictTemplate:
    """Render one template; the result is kept as a python-docx document for merging or saving."""
    path = find_template(name, override_dir)
    template = StrictTemplate(str(path))
    try:
        template.render(context, environment(), autoescape=True)
    except jinja2.TemplateError as e:
        where = f"（第 {e.lineno} 行）" if getattr(e, "lineno", None) else ""
        raise RenderError(f"模板 {path} 渲染失败{where}：{e.message or e}") from e
    except (TypeError, AttributeError) as e:  # a user template using a value the wrong way
        raise RenderError(f"模板 {path} 渲染失败：{e}") from e
    except (ValueError, KeyError) as e:  # python-docx cannot open a file that is not a .docx
        raise RenderError(f"模板 {path} 不是有效的 Word 文件：{e}") from e
    return template


def append_document(target: StrictTemplate, source: StrictTemplate) -> None:
    """Append source's body to target, starting on a new page; one section, so page numbers run on."""
    body = target.docx.element.body
    section = body.find(f"{W}sectPr")
    elements = [copy.deepcopy(e) for e in source.docx.element.body if e.tag != f"{W}sectPr"]
    first = elements[0]
    if first.tag == f"{W}p":
        ppr = first.find(f"{W}pPr")
        if ppr is None:
            ppr = etree.SubElement(first, f"{W}pPr")
            first.insert(0, ppr)
        style = ppr.find(f"{W}pStyle")
        brk = etree.Element(f"{W}pageBreakBefore")
        if style is not None:
            style.addnext(brk)
        else:
            ppr.insert(0, brk)
    for element in elements:
        section.addprevious(element)


def to_bytes(template: StrictTemplate) -> bytes:
    """Serialize with fixed zip timestamps so identical input gives identical files."""
    raw = io.BytesIO()
    template.docx.save(raw)
    with zipfile.ZipFile(raw) as src:
        return stable_zip((info.filename, src.read(info)) for info in src.infolist())
