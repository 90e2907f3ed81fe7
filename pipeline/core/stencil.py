"""Many documents that differ only in their values, at the speed of joining bytes.

A form or a certificate is rendered once per shape with a marker (⟦n⟧) where each of its values
goes: that word/document.xml, cut at the markers, is a Stencil. Every further document of the
shape is the stencil with its values put in, escaped exactly as lxml escapes text (or an
attribute), so no Jinja pass and no XML parse runs per document. The first document of every
shape is also rendered plainly and compared; a template that does anything to a value that
replacement cannot reproduce (a filter, a branch on it) sends that shape down the plain path.
Whatever goes out is byte for byte what rendering each document alone gives.

Print files of many documents join the documents' bodies, each after the first from a new page
(join_pages), again checked once against the XML way (append_document) before it is trusted.
"""
from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Hashable
from typing import Any

from lxml import etree

from .archive import Pieces
from .tables import picker

_OPEN, _CLOSE = "⟦", "⟧"
_MARKER = re.compile(f"{_OPEN}([0-9]+){_CLOSE}".encode())
_STRUCTURE = re.compile(f"[\x00-\x1f\u2011{_OPEN}]")  # what docxtpl or the renderer turns into markup
_SPECIAL = re.compile('[&<>"\r]')


def needs_render(value: str) -> bool:
    """Text docxtpl turns into structure (tabs, breaks; the renderer a non-breaking hyphen), or that could
    be mistaken for a marker."""
    return _STRUCTURE.search(value) is not None


def xml_text(value: str) -> str:
    """Text as lxml writes it in an element: &, < and > escaped (and a lone CR kept as a reference)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


# a batch repeats most values (scores, 合格, the occupation): each is escaped and encoded once
@functools.lru_cache(maxsize=8192)
def _text_bytes(value: str) -> bytes:
    return (xml_text(value) if _SPECIAL.search(value) else value).encode()


@functools.lru_cache(maxsize=1024)
def _attribute_bytes(value: str) -> bytes:
    return xml_text(value).replace('"', "&quot;").encode()


class Marks:
    """One document's values, handing out a marker for each. A value that needs docxtpl's own
    handling (or is empty: lxml writes an empty element differently) stays in the context as it is,
    and so becomes part of the document's shape."""

    def __init__(self):
        self.values: list[str] = []
        self.shape: list[str | None] = []

    def __call__(self, value: Any) -> str:
        value = value if type(value) is str else str(value)
        return f"{_OPEN}{len(self.values) - 1}{_CLOSE}" if self.add(value) else value

    @classmethod
    def taking(cls, values: list[str]) -> Marks:
        """Marks that took each of these values in turn (add), at once when none holds structure: a
        form's 129 values searched as one text, not one by one."""
        marks = cls()
        if _STRUCTURE.search("".join(values)) is None:
            marks.shape, marks.values = [value and None for value in values], list(filter(None, values))
        else:
            for value in values:
                marks.add(value)
        return marks

    def add(self, value: str) -> bool:
        """Take a value: True when it gets a marker, False when it stays in the shape as it is."""
        if not value or _STRUCTURE.search(value):
            self.shape.append(value)
            return False
        self.shape.append(None)
        self.values.append(value)
        return True


class Stencil:
    """A document.xml cut at its markers: literal pieces, and between them which value goes there
    and whether it sits in an attribute (escaped with its quotes) or in text."""

    def __init__(self, xml: bytes):
        parts = _MARKER.split(xml)
        self.pieces = parts[0::2]
        self.slots = [int(n) for n in parts[1::2]]
        self.escape = [_attribute_bytes if piece.rfind(b"<") > piece.rfind(b">") else _text_bytes
                       for piece in self.pieces[:-1]]
        self.tails = self.pieces[1:]
        self.chosen = picker(self.slots)

    def fill(self, values: list[str]) -> bytes:
        """The document with these values in the stencil's marked places."""
        chosen = self.chosen(values)
        if _SPECIAL.search("".join(chosen)) is None:  # nothing to escape, in text or in an attribute
            return self.pieces[0] + b"".join(itertools.chain.from_iterable(zip(map(str.encode, chosen), self.tails)))
        out = [self.pieces[0]]
        for slot, escape, piece in zip(self.slots, self.escape, self.tails):
            out += (escape(values[slot]), piece)
        return b"".join(out)


class Stencils:
    """document.xml for many documents of one template; render(context) → document.xml is the plain way."""

    def __init__(self, render: Callable[[Any], bytes]):
        self.render = render
        self.shapes: dict[Hashable, Stencil | None] = {}

    def filled(self, key: Hashable, values: list[str], context: Callable[[], Any],
               marked: Callable[[Marks], Any]) -> bytes:
        """One document from its values alone, listed in the order marked() passes them through
        marks: no context is built unless the shape is new (or plain). On a new shape, marked()
        runs and must hand out these very values, or the shape renders plainly. key names what else
        makes documents differ (which occupation's form, say): documents of one key and one shape
        share a stencil."""
        given = Marks.taking(values)
        shape = (key, tuple(given.shape))
        if shape not in self.shapes:
            plain = self.render(context())
            marks = Marks()
            marked_context = marked(marks)
            same = (marks.shape, marks.values) == (given.shape, given.values)
            stencil = Stencil(self.render(marked_context)) if same else None
            self.shapes[shape] = stencil if stencil is not None and stencil.fill(given.values) == plain else None
            return plain
        stencil = self.shapes[shape]
        return self.render(context()) if stencil is None else stencil.fill(given.values)


class Joiner:
    """Print files: documents' bodies one after another, each after the first from a new page, as
    bytes; checked once, on the first two, against append_document (any difference: that is used
    from then on)."""

    def __init__(self):
        self.trusted: bool | None = None

    def join(self, documents: list[bytes]) -> bytes:
        """The documents' bodies as one, each after the first from a new page."""
        if len(documents) == 1:
            return documents[0]
        if self.trusted is None:  # the rule is proven on two documents, not a whole print file's hundred
            self.trusted = join_pages(documents[:2]) == appended(documents[:2])
        joined = join_pages(documents) if self.trusted else None
        return joined if joined is not None else appended(documents)


def appended(documents: list[bytes]) -> bytes:
    """The documents joined the XML way (append_document), picture ids renumbered as docxtpl does."""
    from .render import Rendered, append_document, xml_bytes  # only here: importing stencil loads no docxtpl

    first = Rendered(etree.fromstring(documents[0]), [])
    for document in documents[1:]:
        append_document(first, Rendered(etree.fromstring(document), []))
    return _renumbered(xml_bytes(first))


_FIRST_PPR = re.compile(rb"<w:p(?: [^>]*)?><w:pPr>(?:<w:pStyle [^>]*/>)?")
_DOC_PR = re.compile(rb'(<wp:docPr id=")[0-9]+(")')
_FIRST_PICTURE_ID = 1001  # docxtpl numbers every picture's docPr from here on, in document order


def join_pages(documents: list[bytes]) -> bytes | None:
    """Each document's body content in turn, a page break before every one after the first (None
    when a document does not start with a paragraph that has properties: append_document decides).
    The first document (there must be one) also gives what comes before the bodies and after them."""
    first = memoryview(documents[0])  # slices without copies: a print file is 5 MB, copied once, at the join
    end = documents[0].rindex(b"<w:sectPr")
    parts = [first[:end]]
    for document in documents[1:]:
        start, end_of_body = document.index(b"<w:body>") + len(b"<w:body>"), document.rindex(b"<w:sectPr")
        m = _FIRST_PPR.match(document, start)
        if m is None:
            return None
        page = memoryview(document)
        parts += (page[start:m.end()], b"<w:pageBreakBefore/>", page[m.end():end_of_body])
    parts.append(first[end:])
    return _renumbered(b"".join(parts))


def _renumbered(xml: bytes) -> bytes:
    """Picture ids (docPr) unique across the joined pages, numbered as one render of them all numbers them."""
    if b"<wp:docPr " not in xml:
        return xml
    ids = iter(range(_FIRST_PICTURE_ID, 1 << 31))
    return _DOC_PR.sub(lambda m: m.group(1) + str(next(ids)).encode() + m.group(2), xml)


class _Counted(list):
    """The first rows of a long list that reports the whole list's length, so a template printing
    the count (共N人) prints the real one while only these rows are rendered."""

    def __init__(self, rows: list, length: int):
        super().__init__(rows)
        self.length = length

    def __len__(self) -> int:
        return self.length


_ROW_START, _ROW_END = re.compile(rb"<w:tr[ >]"), b"</w:tr>"
_PROVEN = 3  # rows rendered plainly to prove the stencil: a first, a middle and a last one


def long_list(render: Callable[[dict], bytes], context: dict, key: str,
              marked: Callable[[Any, Marks], Any]) -> bytes | Pieces:
    """document.xml of a context whose context[key] is a long list printed one table row per item
    (the 10,000 names of a results notice): the document is rendered with one marked row, that row
    is cut out as a stencil and filled once per item, each row as it is deflated (Pieces: 12 MB of
    XML never held at once). Proven first: the plain render of three rows must be exactly the
    stencil's three rows (so no row depends on its place in the list); otherwise, or when the
    items' shapes differ, the whole list renders plainly."""
    rows = context[key]
    if len(rows) <= _PROVEN:
        return render(context)

    def marks_of(item: Any) -> tuple[Marks, Any]:  # made again when needed: 10,000 rows' marks are never all held
        marks = Marks()
        return marks, marked(item, marks)

    first, first_marked = marks_of(rows[0])
    if not first.values or any(marks_of(item)[0].shape != first.shape for item in rows[1:]):
        return render(context)
    cut = _row_of(render({**context, key: _Counted([first_marked], len(rows))}))
    if cut is None:
        return render(context)
    head, row, tail = cut
    proven = render({**context, key: _Counted(rows[:_PROVEN], len(rows))})
    if proven != head + b"".join(row.fill(marks_of(item)[0].values) for item in rows[:_PROVEN]) + tail:
        return render(context)
    return Pieces(itertools.chain([head], (row.fill(marks_of(item)[0].values) for item in rows), [tail]))


def _row_of(xml: bytes) -> tuple[bytes, Stencil, bytes] | None:
    """The document around the one table row holding every marker, and that row as a stencil."""
    markers = list(_MARKER.finditer(xml))
    if not markers:
        return None
    first, last = markers[0], markers[-1]
    starts = [m.start() for m in _ROW_START.finditer(xml, 0, first.start())]
    end = xml.find(_ROW_END, last.end())
    if not starts or end < 0 or _ROW_END in xml[starts[-1]:first.start()] or _ROW_END in xml[first.end():last.start()]:
        return None
    start, end = starts[-1], end + len(_ROW_END)
    return xml[:start], Stencil(xml[start:end]), xml[end:]
