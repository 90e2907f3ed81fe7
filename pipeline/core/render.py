"""Stage 4 — render: fill a .docx template with docxtpl, safely, reproducibly and fast.

Guarantees on top of plain docxtpl:
- config values are data: Jinja runs sandboxed with autoescape, and StrictUndefined turns a
  template's typo into an error instead of a silent blank;
- nothing is lost silently: the rendered XML is parsed strictly (docxtpl parses in recover mode,
  which drops text it cannot parse);
- the same input gives the same bytes: zip members get a fixed timestamp;
- speed: a template is opened, patched by docxtpl and compiled by Jinja once per process
  (CompiledTemplate); each render then only runs Jinja over the body and re-serializes
  word/document.xml, copying every other member as docxtpl + python-docx wrote it once. The
  output is byte-identical to a plain DocxTemplate(path).render(context) (render_reference; a
  test compares them). Templates with Jinja outside the body (headers, footers, properties) take
  that plain path.
"""
from __future__ import annotations

import base64
import copy
import functools
import hashlib
import io
import json
import os
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from . import resources
from .archive import DOCUMENT, Packed, Pieces, pack, stable_zip
from .errors import RenderError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TAG = re.compile(r"\{[{%#]|[}%#]\}")
_LISTING = re.compile("[\t\a\n\f]")
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)  # the paragraphs resolve_listing visits
# U+2011 in a text (第17‑22位, 0001‑9999) is Word's own non-breaking hyphen: a hyphen's glyph that no line
# or page ever breaks after (the character itself is missing from many fonts, and Word may break at it)
NON_BREAKING_HYPHEN = "\u2011"
_HYPHENATED = re.compile(f"<w:t(?: [^>]*)?>[^<]*{NON_BREAKING_HYPHEN}[^<]*</w:t>")


@dataclass(frozen=True)
class TemplateFile:
    """A template's bytes and how messages name it (the override's path, or the built-in name).

    Bytes, not a path: a template shipped in the package need not be a file on disk."""

    label: str
    data: bytes

    @functools.cached_property
    def digest(self) -> str:
        """The template's hash: what its compiled form is cached under."""
        return hashlib.sha256(self.data).hexdigest()


class StrictTemplate(DocxTemplate):
    """DocxTemplate that renders values verbatim and refuses XML it would otherwise repair silently."""

    def __init__(self, source: TemplateFile):
        super().__init__(io.BytesIO(source.data))
        self.label = source.label

    def render_xml_part(self, src_xml, part, context, jinja_env=None):
        # docxtpl's own version also rewrites "{_{" to "{{" in the *output*, which would alter a
        # config value containing "{_{"; our templates never need that escape.
        """A part rendered sandboxed, undefined names an error, values escaped."""
        self.current_rendering_part = part
        return self.finish(jinja_env.from_string(self.prepare(src_xml)).render(context))

    @staticmethod
    def prepare(src_xml: str) -> str:
        """A part's XML made ready for Jinja (docxtpl's own clean-up)."""
        return re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)

    def finish(self, dst_xml: str) -> str:
        """The rendered part, parsed strictly (docxtpl's recover mode loses text silently)."""
        dst_xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", dst_xml)
        if NON_BREAKING_HYPHEN in dst_xml:
            dst_xml = _HYPHENATED.sub(lambda m: m.group(0).replace(
                NON_BREAKING_HYPHEN, '</w:t><w:noBreakHyphen/><w:t xml:space="preserve">'), dst_xml)
        # resolve_listing only turns tabs, line and page breaks in text into Word markup: a paragraph
        # without any comes out unchanged, after several regex passes. So only the paragraphs that
        # hold one go through it (the same paragraphs, cut the same way), not every one of a long print file.
        if not _LISTING.search(dst_xml):
            return dst_xml
        return _PARAGRAPH.sub(lambda m: self.resolve_listing(m.group(0)) if _LISTING.search(m.group(0)) else m.group(0),
                              dst_xml)

    def fix_tables(self, xml):
        """Tables as rendered: docxtpl's column fix-up is not needed and is skipped."""
        try:
            return etree.fromstring(xml.encode("utf-8"), parser=etree.XMLParser(recover=False, huge_tree=True))
        except etree.XMLSyntaxError as e:
            raise RenderError(f"模板 {self.label} 渲染后的内容不是合法的 XML：{e}") from e


def environment() -> SandboxedEnvironment:
    """Sandboxed (nothing in a config can reach Python objects), autoescaped, strict about names."""
    return SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)


def find_template(name: str, override_dir: Path | None) -> TemplateFile:
    """The override folder wins by file name; otherwise the built-in template shipped in the package."""
    if override_dir and (override_dir / name).is_file():
        return TemplateFile(str(override_dir / name), (override_dir / name).read_bytes())
    builtin = resources.template(name)
    if builtin.is_file():
        return TemplateFile(name, builtin.read_bytes())
    raise RenderError(f"找不到模板 {name}")


@dataclass
class Rendered:
    """A rendered document: its w:document element (to append to or serialize) and its other members."""

    root: Any  # or the element already serialized: bytes (a stencil's output), or Pieces (a long list's)
    members: list[tuple[str, bytes | Packed]]  # Packed: compressed once, copied into every document


def render(name: str, context: dict[str, Any], override_dir: Path | None = None) -> Rendered:
    """Render one template into a Rendered document."""
    source = find_template(name, override_dir)
    with _errors(source.label):
        compiled = _compiled(source)
        if compiled is None:  # Jinja outside the body: docxtpl's whole render
            return _rendered(_reference_template(source, context))
        return compiled.render(context)


def render_reference(name: str, context: dict[str, Any], override_dir: Path | None = None) -> bytes:
    """The straightforward path — DocxTemplate(path).render(context), save — for comparison."""
    source = find_template(name, override_dir)
    with _errors(source.label):
        return to_bytes(_rendered(_reference_template(source, context)))


def _reference_template(source: TemplateFile, context: dict[str, Any]) -> StrictTemplate:
    template = StrictTemplate(source)
    template.render(context, environment(), autoescape=True)
    return template


def _rendered(template: StrictTemplate) -> Rendered:
    raw = io.BytesIO()
    template.docx.save(raw)
    with zipfile.ZipFile(raw) as z:
        members = [(i.filename, z.read(i)) for i in z.infolist()]
    return Rendered(template.docx.element, members)


class _errors:
    """Template and config mistakes become RenderError with the template's name, never a traceback."""

    def __init__(self, label: str):
        self.path = label

    def __enter__(self):
        return self

    def __exit__(self, kind, e, tb):
        if e is None or isinstance(e, RenderError):
            return False
        path = self.path
        if isinstance(e, jinja2.TemplateError):
            where = f"（第 {e.lineno} 行）" if getattr(e, "lineno", None) else ""
            raise RenderError(f"模板 {path} 渲染失败{where}：{e.message or e}") from e
        if isinstance(e, (TypeError, AttributeError)):  # a user template using a value the wrong way
            raise RenderError(f"模板 {path} 渲染失败：{e}") from e
        if isinstance(e, (ValueError, KeyError, zipfile.BadZipFile)):  # not a .docx at all
            raise RenderError(f"模板 {path} 不是有效的 Word 文件：{e}") from e
        return False


class CompiledTemplate:
    """A template opened, patched and compiled once; see the module's docstring.

    What docxtpl and python-docx make of a template file (the patched body source, the other zip
    members, the w:document element) is also kept in the user's cache folder, keyed by the file's
    hash and the library versions, and Jinja keeps its compiled code there: a consultant's second
    and later builds skip all of it."""

    def __init__(self, source: TemplateFile, prepared: dict):
        self.helper = StrictTemplate(source)  # for docxtpl's post-processing; nothing is loaded
        self.body = _jinja().get_template(prepared["key"])
        # compressed once: every document from this template carries them unchanged
        self.members = [(name, data if name == DOCUMENT else pack(name, data))
                        for name, data in ((n, base64.b64decode(d)) for n, d in prepared["members"])]
        self.root = etree.fromstring(base64.b64decode(prepared["root"]))
        self.index = list(self.root).index(self.root.find(f"{W}body"))

    def render(self, context: dict[str, Any]) -> Rendered:
        """document.xml and the other parts, rendered with the context."""
        self.helper.docx_ids_index = 1000
        tree = self.helper.fix_tables(self.helper.finish(self.body.render(context)))
        self.helper.fix_docpr_ids(tree)
        root = copy.deepcopy(self.root)
        root.replace(root[self.index], tree)
        return Rendered(root, self.members)


_SOURCES: dict[str, str] = {}  # cache key → prepared body source, for the Jinja loader


@functools.lru_cache(maxsize=1)
def _jinja() -> SandboxedEnvironment:
    cache = cache_dir()
    bytecode = jinja2.FileSystemBytecodeCache(str(cache / "jinja")) if cache and _usable(cache / "jinja") else None
    return SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined, bytecode_cache=bytecode,
                                loader=jinja2.FunctionLoader(lambda key: (_SOURCES[key], None, lambda: True)))


def cache_dir() -> Path | None:
    """$SKILLPLAN_CACHE, else $XDG_CACHE_HOME/skillplan or ~/.cache/skillplan; "" turns caching off."""
    if "SKILLPLAN_CACHE" in os.environ:
        return Path(os.environ["SKILLPLAN_CACHE"]) if os.environ["SKILLPLAN_CACHE"] else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "skillplan"


def _usable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return os.access(folder, os.W_OK)
    except OSError:
        return False


@functools.cache
def _versions() -> str:
    """What the cached preparation depends on besides the template file itself."""
    import docx
    import docxtpl

    from .. import __version__

    return "|".join(map(str, (__version__, docxtpl.__version__, getattr(docx, "__version__", ""),
                              jinja2.__version__, etree.LXML_VERSION,
                              hashlib.sha256(resources.own_source(__name__)).hexdigest())))


def _compiled(source: TemplateFile) -> CompiledTemplate | None:
    """The compiled template, or None when headers, footers or properties hold Jinja (rare overrides).

    Keyed on the template's content, so an edited override is recompiled however its time stamp moved."""
    if source.digest not in _COMPILED:
        _COMPILED[source.digest] = _compile(source)
    return _COMPILED[source.digest]


_COMPILED: dict[str, CompiledTemplate | None] = {}


def _compile(source: TemplateFile) -> CompiledTemplate | None:
    key = hashlib.sha256(source.data + _versions().encode()).hexdigest()
    cache = cache_dir()
    stored = cache / f"{key}.json" if cache else None
    prepared = None
    if stored and stored.is_file():
        try:
            prepared = json.loads(stored.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            prepared = None
    if prepared is None:
        prepared = _prepare(source, key)
        if stored and _usable(cache):
            try:
                partial = stored.with_suffix(f".{os.getpid()}.tmp")
                partial.write_text(json.dumps(prepared), encoding="utf-8")
                os.replace(partial, stored)
            except OSError:
                pass  # a read-only home: just slower next time
    if prepared["source"] is None:
        return None
    _SOURCES[key] = prepared["source"]
    return CompiledTemplate(source, prepared)


def _prepare(source: TemplateFile, key: str) -> dict:
    """docxtpl's patched body source and, as a docxtpl render saves them, the other members and root."""
    with zipfile.ZipFile(io.BytesIO(source.data)) as z:
        for name in z.namelist():
            if name != DOCUMENT and name.endswith(".xml") and _TAG.search(z.read(name).decode("utf-8", "replace")):
                return {"key": key, "source": None}
    helper = StrictTemplate(source)
    helper.render_init()
    source = helper.prepare(helper.patch_xml(helper.get_xml()))
    helper.render_properties({}, environment())  # static here, but docxtpl writes every property out
    rendered = _rendered(helper)
    root = copy.deepcopy(rendered.root)
    root.replace(root.find(f"{W}body"), etree.Element(f"{W}body"))
    return {"key": key, "source": source, "root": base64.b64encode(etree.tostring(root)).decode(),
            "members": [(name, base64.b64encode(blob).decode()) for name, blob in rendered.members]}


def append_document(target: Rendered, source: Rendered) -> None:
    """Append source's body to target, starting on a new page; one section, so page numbers run on."""
    body = target.root.find(f"{W}body")
    section = body.find(f"{W}sectPr")
    elements = [copy.deepcopy(e) for e in source.root.find(f"{W}body") if e.tag != f"{W}sectPr"]
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


def xml_bytes(document: Rendered) -> bytes:
    """word/document.xml as python-docx writes it."""
    return etree.tostring(document.root, encoding="UTF-8", standalone=True)


def to_bytes(document: Rendered) -> bytes:
    """The .docx: the body serialized as python-docx does, the other members as saved; fixed zip dates."""
    body = document.root if isinstance(document.root, (bytes, Pieces)) else xml_bytes(document)
    return stable_zip((name, body) if name == DOCUMENT else data if isinstance(data, Packed) else (name, data)
                      for name, data in document.members)


RELS = "word/_rels/document.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"
IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg"}


def with_pictures(document: Rendered, pictures: list[tuple[str, str, bytes]]) -> Rendered:
    """The document plus pictures its body refers to by relationship id: (id, file name, bytes).

    The body was rendered once for all pages; the pictures (QR codes, photos) only add members and
    relationships, so no page needs a docxtpl pass of its own."""
    if not pictures:
        return document
    members = []
    for name, data in document.members:
        if name == RELS:
            rels = "".join(f'<Relationship Id="{rid}" Type="{IMAGE}" Target="media/{file}"/>' for rid, file, _ in pictures)
            data = _unpacked(data).replace(b"</Relationships>", rels.encode() + b"</Relationships>")
        elif name == CONTENT_TYPES:
            types = "".join(f'<Default Extension="{ext}" ContentType="{kind}"/>' for ext, kind in _IMAGE_TYPES.items())
            data = _unpacked(data).replace(b"<Override ", types.encode() + b"<Override ", 1)
        members.append((name, data))
    members += [(f"word/media/{file}", pack(f"word/media/{file}", data)) for _, file, data in pictures]
    return Rendered(document.root, members)


def _unpacked(data: bytes | Packed) -> bytes:
    if not isinstance(data, Packed):
        return data
    return data.data if data.method == 0 else zlib.decompress(data.data, -15)
