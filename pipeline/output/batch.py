"""Thousands of .docx of one template, fast: each document's body through a stencil (rendered once
per shape, then filled: core/stencil.py), print files joined from bodies, and everything but the
body — the template's other members, the embedded plan, the relationships of a set of pictures —
packed once and shared by every document. The 定级评价表 (cycle/forms.py) and the certificates
(cycle/certificates.py) are both printed with it; each file is byte for byte what rendering the
document alone gives (their tests compare the two)."""
from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

from ..core.archive import DOCUMENT, Packed, ZipStart, pack, stable_zip
from ..core.stencil import Joiner, Marks, Stencils
from .provenance import Provenance

Picture = tuple[str, str, bytes]  # relationship id, file name under word/media/, bytes


class DocxBatch:
    """Documents of one template. render(context) gives a document.xml the plain way; body() gives
    one from its values through a stencil. body_last: the body goes after every other member (the
    certificates' order, their pictures' relationships added before it), else where the template has it."""

    def __init__(self, template: str, templates: Path | None, source: Provenance | None, body_last: bool = False):
        self.template, self.templates, self.source, self.body_last = template, templates, source, body_last
        self.stencils, self.joiner = Stencils(self.render), Joiner()
        self.members: list[tuple[str, Any]] | None = None  # the template's members as rendered, the body's place kept
        self.frames: dict[tuple, tuple[ZipStart, list[Packed]]] = {}

    def render(self, context: dict) -> bytes:
        """document.xml of the template rendered with context (the renderer is loaded by the workers
        that render — the fork server preloads it — never by a main process that only reads and writes)."""
        from ..core.render import render, xml_bytes

        rendered = render(self.template, context, self.templates)
        if self.members is None:
            self.members = list(rendered.members)
        return xml_bytes(rendered)

    def body(self, key: Hashable, values: list[str], context: Callable[[], Any],
             marked: Callable[[Marks], Any]) -> bytes:
        """One document's body from its values (see Stencils.filled)."""
        return self.stencils.filled(key, values, context, marked)

    def docx(self, body: bytes, pictures: list[Picture] = (), sourced: bool = True) -> bytes:
        """The .docx of a body and the pictures it refers to; sourced: with the plan embedded (print
        files), or without (a holder's own certificate carries nothing but theirs)."""
        start, after = self._frame(tuple((rid, file) for rid, file, _ in pictures), sourced)
        media = [pack(f"word/media/{file}", data) for _, file, data in pictures]
        return stable_zip([pack(DOCUMENT, body, fast=True), *after, *media], start=start)

    def merged(self, bodies: list[bytes], pictures: list[Picture] = ()) -> bytes:
        """The documents one after another, each from a new page, in one file with the plan embedded."""
        return self.docx(self.joiner.join(bodies), pictures)

    def _frame(self, pictures: tuple[tuple[str, str], ...], sourced: bool) -> tuple[ZipStart, list[Packed]]:
        """Every member but the body and the pictures' bytes, packed once per set of picture ids: those
        before the body as a ZipStart, those after it."""
        key = (sourced, pictures)
        if key not in self.frames:
            from ..core.render import Rendered, with_pictures

            members = [m for m in self.members if m[0] != DOCUMENT] if self.body_last else self.members
            members = with_pictures(Rendered(None, members), [(rid, file, b"") for rid, file in pictures]).members
            members = [m for m in members if not m[0].startswith("word/media/")]
            members = self.source.members(members) if self.source and sourced else members
            packed = [None if name == DOCUMENT else data if isinstance(data, Packed) else pack(name, data)
                      for name, data in members]
            at = packed.index(None) if None in packed else len(packed)
            self.frames[key] = ZipStart(packed[:at]), packed[at + 1:]
        return self.frames[key]
