"""Documents that carry their source: every generated .docx embeds the plan and cycle files it was
built from, and the skillplan version, so a document found in an e-mail months later gives back
the exact YAML (`skillplan source FILE.docx -o DIR`).

Where: a Custom XML Data part (customXml/itemN.xml with its itemPropsN.xml, linked from the main
document's relationships), the one kind of foreign part Word and WPS must keep when they save a
document (ECMA-376 Part 1 §15.2.5; an unknown part may be dropped, Part 2 §9.1.6); LibreOffice
keeps it too (a test saves a document with it).

How: each file as base64 with its SHA-256. Base64 because the bytes must come back exactly —
CRLF, a BOM, any Unicode — and XML text cannot: a parser turns CRLF into LF, XML 1.0 cannot hold
most control characters, and an application that saves the part again may re-serialize it. Base64
is ASCII, survives any re-serialization (whitespace added around it is ignored when reading) and
anyone can decode it without skillplan (`unzip -p x.docx customXml/item1.xml`, then base64 -d).

Only configuration is embedded — never a roster, scores or anything about a person.
The parts are built once per build and copied into every document; nothing depends on time or
machine, so identical input still gives byte-identical documents.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import io
import os
import re
import uuid
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from .. import __version__
from ..core.archive import Packed, pack
from ..core.errors import SkillplanError, os_reason
from .bundle import safe_name

if TYPE_CHECKING:
    from ..core.render import Rendered

NAMESPACE = "urn:skillplan:source:1"
CONTENT_TYPES = "[Content_Types].xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
_PACKAGE_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DATASTORE = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
_PROPS_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
_RELATION_ID = "rIdSkillplanSource"
PLAN = "plan.yaml"
# what `source` may write: the plan and the cycle files beside it, nothing else and nowhere else
_EMBEDDABLE = re.compile(r"plan\.yaml|cycles/[^/\\:]+\.ya?ml")
_MAX_PART = 20 * 1024 * 1024  # a plan is a few KB; a larger part is not ours or is an attack


@dataclass(frozen=True)
class EmbeddedSource:
    """What a document was built from: config files (path → bytes) and the skillplan version."""

    files: dict[str, bytes]
    version: str


class Provenance:
    """The source parts of one build, made once, and the documents of that build stamped with them.

    files: the config files as {path relative to the client folder: bytes}; the plan is always
    stored as plan.yaml whatever it was called, cycle files as cycles/<name>."""

    def __init__(self, files: dict[str, bytes]):
        self.files = dict(sorted(files.items()))
        self.item = _item_xml(self.files, __version__)
        self._patched: dict[tuple[str, int, int], Packed] = {}  # per template: its two patched members
        self._parts_of: dict[int, list[Packed]] = {}  # per part number: the three source parts

    def docx(self, document: Rendered) -> bytes:
        """The .docx of a rendered document, with the source parts in it."""
        # imported where documents are made: importing provenance loads no docxtpl
        from ..core.render import Rendered, to_bytes

        return to_bytes(Rendered(document.root, self.members(document.members)))

    def members(self, members: list[tuple[str, bytes | Packed]]) -> list[tuple[str, bytes | Packed]]:
        """A document's zip members (as Rendered holds them) with the source added: the custom XML
        part, its properties and relationships, an override in [Content_Types].xml and a
        relationship from the main document."""
        names = {name for name, _ in members}
        n = next(k for k in range(1, len(names) + 2) if f"customXml/item{k}.xml" not in names)
        out = [(name, self._patch(name, data, n)) for name, data in members]
        if DOCUMENT_RELS not in names:
            out.append((DOCUMENT_RELS, self._patch(DOCUMENT_RELS, _empty_rels(), n)))
        return out + [(part.name, part) for part in self._parts(n)]

    def _patch(self, name: str, data: bytes | Packed, n: int) -> bytes | Packed:
        if name not in (CONTENT_TYPES, DOCUMENT_RELS):
            return data
        key = (name, n, data.crc if isinstance(data, Packed) else zlib.crc32(data))
        if key not in self._patched:
            raw = _unpacked(data)
            self._patched[key] = pack(name, _with_override(raw, n) if name == CONTENT_TYPES else _with_relationship(raw, n))
        return self._patched[key]

    def _parts(self, n: int) -> list[Packed]:
        if n not in self._parts_of:
            # a GUID Word expects, from the content: no randomness in the output
            item_id = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, NAMESPACE + hashlib.sha256(self.item).hexdigest())).upper() + "}"
            self._parts_of[n] = [pack(f"customXml/item{n}.xml", self.item),
                                 pack(f"customXml/itemProps{n}.xml", _props_xml(item_id)),
                                 pack(f"customXml/_rels/item{n}.xml.rels", _item_rels(n))]
        return self._parts_of[n]


def source_files(config: dict[str, bytes], plan_name: str) -> dict[str, bytes]:
    """The files a document embeds, from a client's config inputs: the plan (as plan.yaml) and the
    cycle YAML files; anything else handed in (a roster, scores) is left out."""
    files = {}
    for path, data in config.items():
        if path == plan_name:
            files[PLAN] = data
        elif _writable(path) and path != PLAN:
            files[path] = data
    return files


def _writable(path: str) -> bool:
    """plan.yaml or cycles/<a plain file name>.yaml: never ../x, an absolute path or a device name."""
    return bool(_EMBEDDABLE.fullmatch(path)) and all(part == safe_name(part) for part in path.split("/"))


def _xml(element) -> bytes:
    return etree.tostring(element, encoding="UTF-8", standalone=True)


def _item_xml(files: dict[str, bytes], version: str) -> bytes:
    root = etree.Element(f"{{{NAMESPACE}}}source", nsmap={None: NAMESPACE})
    root.set("tool", "skillplan")
    root.set("version", version)
    for path, data in files.items():
        entry = etree.SubElement(root, f"{{{NAMESPACE}}}file")
        try:
            entry.set("path", path)
        except ValueError as e:  # a cycle file name with characters XML cannot hold
            raise SkillplanError(f"文件名 {path!r} 含有 XML 无法保存的字符，请改名") from e
        entry.set("size", str(len(data)))
        entry.set("sha256", hashlib.sha256(data).hexdigest())
        entry.text = base64.b64encode(data).decode("ascii")
    return _xml(root)


def _props_xml(item_id: str) -> bytes:
    ds = f"{{{_DATASTORE}}}"
    root = etree.Element(f"{ds}datastoreItem", nsmap={"ds": _DATASTORE})
    root.set(f"{ds}itemID", item_id)
    etree.SubElement(etree.SubElement(root, f"{ds}schemaRefs"), f"{ds}schemaRef").set(f"{ds}uri", NAMESPACE)
    return _xml(root)


def _item_rels(n: int) -> bytes:
    root = etree.Element(f"{{{_PACKAGE_RELS}}}Relationships", nsmap={None: _PACKAGE_RELS})
    etree.SubElement(root, f"{{{_PACKAGE_RELS}}}Relationship", Id="rId1", Type=f"{_OFFICE_RELS}/customXmlProps",
                     Target=f"itemProps{n}.xml")
    return _xml(root)


def _empty_rels() -> bytes:
    return _xml(etree.Element(f"{{{_PACKAGE_RELS}}}Relationships", nsmap={None: _PACKAGE_RELS}))


def _unpacked(data: bytes | Packed) -> bytes:
    if not isinstance(data, Packed):
        return data
    return data.data if data.method == 0 else zlib.decompress(data.data, -15)


def _with_override(content_types: bytes, n: int) -> bytes:
    """[Content_Types].xml naming the properties part (and the item, when .xml has no default type)."""
    root = etree.fromstring(content_types)
    t = f"{{{_PACKAGE_TYPES}}}"
    if not any(d.get("Extension", "").lower() == "xml" for d in root.iter(f"{t}Default")):
        etree.SubElement(root, f"{t}Override", PartName=f"/customXml/item{n}.xml", ContentType="application/xml")
    etree.SubElement(root, f"{t}Override", PartName=f"/customXml/itemProps{n}.xml", ContentType=_PROPS_TYPE)
    return _xml(root)


def _with_relationship(rels: bytes, n: int) -> bytes:
    """The main document's relationships plus one to the custom XML part, under an id not yet taken."""
    root = etree.fromstring(rels)
    taken = {r.get("Id") for r in root}
    rid = next(f"{_RELATION_ID}{k or ''}" for k in range(len(taken) + 1) if f"{_RELATION_ID}{k or ''}" not in taken)
    etree.SubElement(root, f"{{{_PACKAGE_RELS}}}Relationship", Id=rid, Type=f"{_OFFICE_RELS}/customXml",
                     Target=f"../customXml/item{n}.xml")
    return _xml(root)


# ---- reading the source back -------------------------------------------------------------------

def read_source(data: bytes, label: str = "文档") -> EmbeddedSource:
    """The source embedded in a .docx (as bytes), checked: every path one `source` may write, every
    file's hash as recorded. Whatever part number Word, WPS or LibreOffice gave it on saving."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for info in z.infolist():
                if re.fullmatch(r"customXml/[^/]+\.xml", info.filename) and info.file_size <= _MAX_PART:
                    found = _parse_item(z.read(info), label)
                    if found is not None:
                        return found
    except (zipfile.BadZipFile, zlib.error, OSError) as e:
        raise SkillplanError(f"{label} 不是有效的 Word 文件（.docx）：{e}") from e
    raise SkillplanError(f"{label} 中没有 skillplan 内嵌的源文件：它可能不是由 skillplan 生成的，"
                         "或由早于此功能的版本生成，或被另存时丢弃了自定义 XML 部件")


def _parse_item(xml: bytes, label: str) -> EmbeddedSource | None:
    """Our part's content, or None for another custom XML part (a Word add-in's, say)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError:
        return None
    if root.tag != f"{{{NAMESPACE}}}source":
        return None
    files = {}
    for entry in root.iter(f"{{{NAMESPACE}}}file"):
        path = entry.get("path", "")
        if not _writable(path) or path in files:
            raise SkillplanError(f"{label} 内嵌的文件名 {path!r} 不安全或重复，已拒绝（只能是 plan.yaml 或 cycles/名称.yaml）")
        try:
            content = base64.b64decode("".join((entry.text or "").split()), validate=True)
        except (binascii.Error, ValueError) as e:
            raise SkillplanError(f"{label} 内嵌的 {path} 已损坏（不是有效的 base64）") from e
        if hashlib.sha256(content).hexdigest() != entry.get("sha256"):
            raise SkillplanError(f"{label} 内嵌的 {path} 已损坏（SHA-256 与记录的不一致）")
        files[path] = content
    if PLAN not in files:
        raise SkillplanError(f"{label} 内嵌的源文件中没有 {PLAN}")
    return EmbeddedSource(files, root.get("version", "未知"))


def write_source(docx: Path, out_dir: Path) -> tuple[EmbeddedSource, list[Path]]:
    """Write the source embedded in docx into out_dir (plan.yaml, cycles/…), byte for byte.

    A file already there with other content is not overwritten (a consultant's current plan must
    not be replaced by an old one by accident): nothing is written and the files are named."""
    try:
        source = read_source(docx.read_bytes(), str(docx))
    except OSError as e:
        raise SkillplanError(f"无法读取 {docx}：{os_reason(e)}") from e
    root = out_dir.resolve()
    targets = {path: out_dir / path for path in sorted(source.files, key=lambda p: (p != PLAN, p))}
    for target in targets.values():
        if not target.resolve().is_relative_to(root):  # a symlinked cycles/ leading elsewhere
            raise SkillplanError(f"{target} 不在 {out_dir} 之内，已拒绝写入")
    clashes = [str(t) for p, t in targets.items() if t.exists() and (not t.is_file() or t.read_bytes() != source.files[p])]
    if clashes:
        raise SkillplanError("以下文件已存在且内容不同，没有写出任何文件（请换一个空目录）：\n  " + "\n  ".join(clashes))
    try:
        for path, target in targets.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            partial.write_bytes(source.files[path])
            os.replace(partial, target)
    except OSError as e:
        raise SkillplanError(f"无法写入 {out_dir}：{os_reason(e)}") from e
    return source, list(targets.values())


def docx_writer(source: Provenance | None) -> Callable[[Rendered], bytes]:
    """How a build turns rendered documents into .docx bytes: stamped with its source, when it has one."""
    from ..core.render import to_bytes

    return source.docx if source is not None else to_bytes
