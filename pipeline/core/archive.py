"""Zip files that depend only on their content: fixed timestamps, fixed member order, fixed modes.

Used for every .docx (a .docx is a zip) and for the client bundle OUT/<client>.zip, so the same
input gives byte-identical output and a consultant can tell by hash whether anything changed.
A small writer of its own (not zipfile) so that members which are the same in every document —
styles, settings, footers — are compressed once (Packed) and copied, and so that a large bundle
streams to disk instead of being built in memory.
"""
from __future__ import annotations

import functools
import io
import os
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

from isal import isal_zlib

_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01, the earliest a zip can say
_DOS_TIME = 0
_VERSION = 20  # deflate
_MADE_BY = (3 << 8) | _VERSION  # unix
_MODE = 0o100644 << 16
_LIMIT = 0xFFFFFFFF


@dataclass(frozen=True)
class Packed:
    """A member compressed once: its name, CRC, sizes and deflated bytes."""

    name: str
    crc: int
    size: int
    data: bytes
    method: int = 8  # deflate; 0 stores as is
    on_disk: str | None = None  # stored from this file (data is then empty): ZipWriter.add copies it

    @functools.cached_property
    def records(self) -> tuple[bytes, bytes]:
        """Its local header, and its central directory record but the offset: made once for a member
        that goes into 10,000 certificates."""
        name = self.name.encode("utf-8")
        flags = 0 if self.name.isascii() else 0x800  # UTF-8 names (附件/…) say so
        length = self.size if self.on_disk else len(self.data)
        if max(self.size, length) > _LIMIT:
            raise ValueError(f"{self.name}: zip members over 4 GB are not supported")
        fields = (_VERSION, flags, self.method, _DOS_TIME, _DOS_DATE, self.crc, length, self.size, len(name))
        return (struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + name,
                struct.pack("<IH", 0x02014B50, _MADE_BY) + struct.pack("<HHHHHIIIHHHHHI", *fields, 0, 0, 0, 0, _MODE))


DOCUMENT = "word/document.xml"  # a .docx's main part: the one member a batch of documents varies

# already compressed: deflating them again costs time and saves nothing
STORED_SUFFIXES = (".docx", ".xlsx", ".zip", ".pdf", ".png", ".jpg")


class Pieces:
    """A member's bytes as they are made, one piece at a time: deflated as they come, so a 10,000-name
    notice's 12 MB of XML or a 40,000-row sheet is never one string in memory."""

    def __init__(self, pieces: Iterable[bytes]):
        self.pieces = pieces


def pack(name: str, data: bytes | Pieces, fast: bool = False) -> Packed:
    """A member compressed once (or stored, when it is compressed already). fast: for the thousands
    of forms and certificates of a batch, ISA-L's deflate (a 100-form print file is 5 MB of XML:
    3 ms instead of zlib's 21 at its quickest level, and a smaller result); every other member
    takes zlib's default level, which packs the few documents of a filing tighter. Pieces always
    take ISA-L's: they are the long ones."""
    if isinstance(data, Pieces):
        return _deflated(name, data.pieces, isal_zlib.compressobj(1, isal_zlib.DEFLATED, -15))
    if name.lower().endswith(STORED_SUFFIXES):
        return Packed(name, isal_zlib.crc32(data), len(data), data, 0)
    return _deflated(name, (data,), isal_zlib.compressobj(1, isal_zlib.DEFLATED, -15) if fast
                     else zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15))


def _deflated(name: str, pieces: Iterable[bytes], compressor) -> Packed:
    crc, size, out = 0, 0, []
    for piece in pieces:
        crc, size = isal_zlib.crc32(piece, crc), size + len(piece)  # the same CRC-32, four times zlib's speed
        out.append(compressor.compress(piece))
    out.append(compressor.flush())
    return Packed(name, crc, size, b"".join(out))


class ZipStart:
    """The first members of many zips, written out once: 10,000 certificates begin with the same
    styles, settings and relationships, and each copies these bytes and their directory records
    instead of adding the members one by one."""

    def __init__(self, members: Iterable[Packed | tuple[str, bytes]]):
        out = io.BytesIO()
        writer = ZipWriter(out)
        for member in members:
            writer.add(member)
        self.data, self.central, self.offset, self.names = out.getvalue(), writer.central, writer.offset, writer.names


class ZipWriter:
    """Members appended one at a time to a binary stream (after a ZipStart's, when given one);
    close() writes the central directory."""

    def __init__(self, out: BinaryIO, start: ZipStart | None = None):
        self.out, self.central, self.offset, self.names = out, [], 0, set()
        if start is not None:
            out.write(start.data)
            self.central, self.offset, self.names = list(start.central), start.offset, set(start.names)

    def add(self, member: Packed | tuple[str, bytes]) -> None:
        """One member (packed, stored from a file, or name and bytes), appended."""
        if not isinstance(member, Packed):
            member = pack(*member)
        if member.name in self.names:
            raise ValueError(f"{member.name} is already in the zip")
        self.names.add(member.name)
        if self.offset > _LIMIT:
            raise ValueError(f"{member.name}: zips over 4 GB are not supported")
        local, central = member.records
        self.out.write(local)
        length = _copy_into(self.out, member.on_disk, member.size) if member.on_disk else self.out.write(member.data)
        self.central.append(central + struct.pack("<I", self.offset) + local[30:])
        self.offset += len(local) + length

    def close(self) -> None:
        """The central directory and its end: the zip is complete."""
        self.out.writelines(self.central)  # not joined first: 10,101 records are a megabyte and a half
        self.out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(self.central), len(self.central),
                                   sum(map(len, self.central)), self.offset, 0))


def stored_file(name: str, path: str, size: int, crc: int) -> Packed:
    """A member stored as is from a file already written (its size and CRC known): its bytes go from
    that file into the zip in the kernel, never through this process (10,000 certificates are 88 MB
    a worker would otherwise send back)."""
    return Packed(name, crc, size, b"", 0, on_disk=path)


def _copy_into(out: BinaryIO, path: str, size: int) -> int:
    """A file's bytes appended to a binary stream: copied by the kernel where it can (Linux, a real
    file: the stream is flushed first), else read and written."""
    with open(path, "rb") as source:
        left, target = size, _fileno(out)
        if target is not None and hasattr(os, "copy_file_range"):
            out.flush()
            try:
                while left and (done := os.copy_file_range(source.fileno(), target, left)):
                    left -= done
            except OSError:  # a file system that cannot: the rest the usual way
                pass
        rest = source.read(left) if left else b""
    if len(rest) != left:
        raise ValueError(f"{path} changed while it was added to the zip")
    out.write(rest)
    return size


def _fileno(out: BinaryIO) -> int | None:
    try:
        return out.fileno()
    except (AttributeError, OSError, io.UnsupportedOperation):
        return None


def write_zip(out: BinaryIO, members: Iterable[Packed | tuple[str, bytes]], start: ZipStart | None = None) -> None:
    """Write the members, in the order given (after start's), as a zip to a binary stream."""
    writer = ZipWriter(out, start)
    for member in members:
        writer.add(member)
    writer.close()


def stable_zip(members: Iterable[Packed | tuple[str, bytes]], start: ZipStart | None = None) -> bytes:
    """A zip of the members in the order given (after start's), with no time or host information in it."""
    out = io.BytesIO()
    write_zip(out, members, start)
    return out.getvalue()
