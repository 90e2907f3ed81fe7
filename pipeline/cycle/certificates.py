"""`skillplan certificates`: print the certificates the province approved, one A4 page each.

Only numbers the ledger holds as 有效 are printed, and only those on the approved list (the
证书数据.xlsx the tool wrote, as returned, or any table with a 证书编号 column); proofs (--draft) say
样本 on every page. Each print file holds up to 100 certificates of one occupation and level; each
person also gets a file of their own. Pages come from a stencil (rendered once, filled per page);
QR codes (zxing-cpp) and photos are added as pictures, never by a per-page template pass.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import stat
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from isal import isal_zlib

from ..core import codes
from ..core.errors import Problem, os_reason
from ..core.parallel import STATE, ordered_map
from ..core.tables import open_table
from ..core.terms import display_name, place_mm
from ..output.batch import DocxBatch
from ..output.bundle import PERSON_NAME_BYTES, Written, safe_name, staged
from ..output.provenance import Provenance, docx_writer
from .forms import print_chunks, print_name
from .ledger import VALID, Certificate, Ledger, normal_number

if TYPE_CHECKING:
    from ..core.render import Rendered

APPROVED_COLUMN = "证书编号"
PRINTED, DRAFTS, REISSUED, OVERLAID = "证书", "证书样本", "补发证书", "证书套打"  # output folders
TWIPS_PER_MM = 1440 / 25.4
_SAFE_ID = re.compile(r"[0-9A-Za-z]{6,20}")
_JPEG = b"\xff\xd8\xff"


@dataclass(frozen=True)
class Page:
    """One certificate as printed: what the template fills in, and its pictures."""

    fields: dict[str, str]
    qr: bytes
    photo: bytes | None


def approved_list(path: Path, book: Ledger, cycle_id: str) -> tuple[list[Certificate], list[Problem]]:
    """The approved list's certificates, in list order; a problem per row the ledger cannot vouch
    for, and a warning per number listed again."""
    # row by row: the province's list may hold 10,000
    table, rows = open_table(path, [APPROVED_COLUMN], optional=CONFIRMED)
    found, problems, seen = [], [], {}
    printable = {c.number: c for c in book.of_cycle(cycle_id) if c.status == VALID}  # one query, not one a row
    for row in rows:
        n, number = row.number, normal_number(row.cells.get(APPROVED_COLUMN, ""))
        if not number:
            continue
        if number in seen:  # printed once; said, as a list pasted together twice may hide a missing row
            problems.append(table.problem(n, APPROVED_COLUMN, f"证书编号 {number} 与第 {seen[number]} 行重复，只打印一份",
                                          "warning"))
            continue
        seen[number] = n
        if number in printable:
            differs = confirmed_differences(row.cells, printable[number])
            problems += [table.problem(n, column, message) for column, message in differs]
            if not differs:
                found.append(printable[number])
        else:
            problems.append(table.problem(n, APPROVED_COLUMN, refusal(book, number, cycle_id)[0]))
    return found, problems


# what the province's list may hold beside the number (证书数据.xlsx's columns): where it does, it must say
# what the 台账 says, as the certificate is printed from the 台账 and must match what the province confirmed
CONFIRMED = ("姓名", "证件号码", "认定级别")


def confirmed_differences(cells, certificate: Certificate) -> list[tuple[str, str]]:
    """(column, message) for each of the list's 姓名, 证件号码 and 认定级别 that is not the 台账's (a masked
    证件号码, with *, and an empty cell say nothing; a level as 五级/初级工, 五级, 初级工 or 5)."""
    level = codes.LEVEL_NAMES[certificate.level]
    given = {column: (cells.get(column) or "").strip() for column in CONFIRMED}
    held = {"姓名": certificate.name, "证件号码": certificate.id_number, "认定级别": level}
    same = {"姓名": given["姓名"] == certificate.name,
            "证件号码": "*" in given["证件号码"] or normal_number(given["证件号码"]) == normal_number(certificate.id_number),
            "认定级别": given["认定级别"] in (level, *level.split("/"), str(certificate.level))}
    return [(column, f"{column}为“{given[column]}”，台账中证书编号 {certificate.number} 的{column}为“{held[column]}”："
                     "证书按台账打印，须与省里确认的数据一致；请先核对（台账有误的，改正名册后重新运行 results）")
            for column in CONFIRMED if given[column] and not same[column]]


def refusal(book: Ledger, number: str, cycle_id: str) -> tuple[str, Certificate | None]:
    """Why a number cannot be printed for this cycle ("" and the certificate when it can)."""
    number = normal_number(number)
    if not book.knows(number):
        return f"台账中没有证书编号 {number}", None
    certificate = book.get(number)
    if certificate.status != VALID:
        return f"证书编号 {number} {certificate.status}，不能打印", None
    if certificate.cycle != cycle_id:
        return f"证书编号 {number} 属于认定批次 {certificate.cycle}，不是 {cycle_id}", None
    return "", certificate


QR_SCALE, QR_BORDER = 8, 4  # pixels per module (about 250 dpi at 30 mm), and the quiet zone the standard asks
# the smallest symbol (zint grows it to hold the number) and one fixed mask, as the standard allows:
# a quarter of the time of trying all eight masks (20 µs a code, not 80)
QR_OPTIONS = "version=1,dataMask=2"


def qr_png(number: str) -> bytes:
    """A QR code (level M) that decodes to the certificate number, as a 1-bit PNG.

    zxing-cpp encodes (C++, 20 µs a code here; segno's pure Python took 1 ms even with its version
    and mask fixed, and 1.3 ms more to write the PNG): 10,000 certificates are 10,000 codes. At 8
    pixels a module and one bit a pixel, a module is one byte of the PNG's row: zxing's byte per
    module (0 dark, 255 light) is that byte already, so rows are cut, never computed bit by bit."""
    import zxingcpp

    image = zxingcpp.create_barcode(number, zxingcpp.BarcodeFormat.QRCode, ec_level="M", options=QR_OPTIONS).to_image(
        scale=1, add_quiet_zones=False)
    n, modules = image.shape[0], bytes(memoryview(image)).translate(_ONE_BIT)
    size = (n + 2 * QR_BORDER) * QR_SCALE
    light = b"\xff" * QR_BORDER
    blank = b"\x00" + light * 2 + b"\xff" * n  # filter byte 0, then a light row
    raw = blank * (QR_BORDER * QR_SCALE) + b"".join(
        (b"\x00" + light + modules[r * n:(r + 1) * n] + light) * QR_SCALE for r in range(n)
    ) + blank * (QR_BORDER * QR_SCALE)
    # deflate's quickest level: 300 bytes for 7 KB of repeated rows
    return (_PNG + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 1, 0, 0, 0, 0))
            + _png_chunk(b"IDAT", isal_zlib.compress(raw, 1)) + _png_chunk(b"IEND", b""))


_PNG = b"\x89PNG\r\n\x1a\n"
_ONE_BIT = bytes(0 if v < 128 else 255 for v in range(256))  # each module exactly dark or light


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", isal_zlib.crc32(kind + data))


class Photos:
    """cycles/<id>/photos/<证件号码>.jpg (.jpeg, .JPG; …x or …X alike): the folder is listed once, so
    10,000 certificates without a photo do not try to open 10,000 files. Two of these names for one
    person (…X.jpg and …x.jpg, .jpg and .jpeg) are refused, as roster.xlsx beside roster.csv is."""

    def __init__(self, folder: Path):
        self.folder = folder
        try:
            names = sorted(os.listdir(folder))
        except OSError:  # no photos folder: every certificate gets the box
            names = []
        # casefolded 证件号码 → the file: a photo's, and any other file named for someone (a .png)
        self.jpeg: dict[str, str] = {}
        self.other: dict[str, str] = {}
        self.twice: dict[str, list[str]] = {}  # several photos for one person (…X.jpg and …x.jpg, .jpg and .jpeg)
        for name in names:
            stem, suffix = os.path.splitext(name)
            key = stem.casefold()
            if suffix.casefold() not in PHOTO_SUFFIXES:
                self.other.setdefault(key, name)
            elif self.jpeg.setdefault(key, name) != name:
                self.twice.setdefault(key, [self.jpeg[key]]).append(name)

    def of(self, id_number: str) -> bytes | None:
        """The holder's photo, or None (a box is printed); problems() has refused a file that is not one."""
        name = self.jpeg.get(id_number.casefold())
        if name is None or id_number.casefold() in self.twice:
            return None
        try:
            data = _regular_file(self.folder / name, lambda f: f.read())
        except OSError:
            return None
        if not isinstance(data, bytes) or not data.startswith(_JPEG):  # not a regular file, or not a JPEG
            return None
        if not _ends_at_eoi(data[-_TAIL:]):  # a phone's trailer after the picture is not printed
            data = data[:_jpeg_end(data) or len(data)]
        return data

    def problems(self, certificates: list[Certificate]) -> list[Problem]:
        """A file put there as someone's photo that cannot be printed as one: two for one person, not a
        regular file, over the size limits, not a JPEG, empty, cut off, unreadable.
        Refused before anything is printed: a certificate on numbered stock without the photo meant
        for it costs a blank."""
        problems = []
        for c in certificates:
            if several := self.twice.get(c.id_number.casefold()):  # which one is theirs is a guess
                problems.append(Problem(str(self.folder), 0, 0, "", f"{c.name}（{c.number}）有 {len(several)} 张照片："
                                        f"{'、'.join(several)}，无法确定用哪一张：请只保留一张，删除或移走其余的"))
                continue
            jpeg = self.jpeg.get(c.id_number.casefold())
            name = jpeg or self.other.get(c.id_number.casefold())
            if name is None:
                continue
            if why := _photo_fault(self.folder / name, jpeg is not None):
                problems.append(_photo_problem(self.folder / name, c, why))
        return problems

    def missing(self, certificates: list[Certificate]) -> list[Certificate]:
        """Those with no photo file: their certificate prints an empty box (一寸白底), to paste a photo into."""
        return [c for c in certificates if c.id_number.casefold() not in self.jpeg and
                c.id_number.casefold() not in self.other]


def _photo_fault(path: Path, named_jpeg: bool) -> str | None:
    """Why a file named for someone cannot be printed as their photo (None when it can): not a
    regular file, far larger than print needs, not a JPEG (a PNG; empty), cut off or damaged, or a
    JPEG named otherwise."""
    try:
        read = _regular_file(path, _looked_at)
    except OSError as e:
        return f"无法读取（{os_reason(e)}）"
    if isinstance(read, str):
        return f"不是普通文件，而是{read}：请换成 JPEG 照片文件"
    head, size, pixels = read
    if size > MAX_PHOTO_BYTES:
        return (f"文件有 {size / (1 << 20):.1f} MB，超过上限 {MAX_PHOTO_BYTES >> 20} MB（{PRINT_NEEDS}）："
                "请压缩或缩小后另存为 .jpg")
    if head.startswith(_JPEG) and not pixels:
        return "不是完整的 JPEG 图片（文件不完整或已损坏）：请重新导出照片"
    if not head.startswith(_JPEG):
        kind = next((kind for magic, kind in _PICTURES if head.startswith(magic)), None)
        return "是空文件" if not head else f"不是 JPEG 图片{f'（是 {kind} 图片）' if kind else ''}：请另存为 .jpg"
    if max(pixels) > MAX_PHOTO_SIDE:
        return (f"为 {pixels[0]}×{pixels[1]} 像素，超过上限（长边 {MAX_PHOTO_SIDE} 像素；{PRINT_NEEDS}）："
                "请缩小后另存为 .jpg")
    return None if named_jpeg else "是 JPEG 图片，但扩展名不是 .jpg：请改名为 .jpg"


# a photo far beyond what the 25×35 mm box needs goes into every print file it is on, for nothing
MAX_PHOTO_BYTES = 5 << 20
MAX_PHOTO_SIDE = 4000  # pixels: ten times the 413 the box's long side takes at 300 dpi
PRINT_NEEDS = "一寸照片按 300 dpi 打印只需约 295×413 像素"


def _looked_at(f) -> tuple[bytes, int, tuple[int, int] | None]:
    """An open file's first bytes, its size and, for a whole JPEG, its width and height in pixels
    (None otherwise). A file over the size limit is not read."""
    size = os.fstat(f.fileno()).st_size
    if size > MAX_PHOTO_BYTES:
        return b"", size, None
    head = f.read(_HEAD)
    return head, size, _jpeg_pixels(f, head) if head.startswith(_JPEG) else None


_NOT_FILES = ((stat.S_ISDIR, "文件夹"), (stat.S_ISFIFO, "命名管道（FIFO）"), (stat.S_ISSOCK, "套接字"),
              (stat.S_ISCHR, "设备文件"), (stat.S_ISBLK, "设备文件"))


def _regular_file(path: Path, read: Callable):
    """read(the open file) when path is a regular file; else what it is (文件夹, 命名管道 …), as text.
    Opened without waiting and looked at before anything is read: reading a named pipe would wait
    for a writer forever."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:  # a socket cannot be opened at all: say what it is, if it is not a file
        if not stat.S_ISREG(mode := os.stat(path).st_mode):
            return _not_a_file(mode)
        raise
    try:
        if not stat.S_ISREG(mode := os.fstat(fd).st_mode):
            return _not_a_file(mode)
        with open(fd, "rb", closefd=False) as f:
            return read(f)
    finally:
        os.close(fd)


def _not_a_file(mode: int) -> str:
    return next((kind for test, kind in _NOT_FILES if test(mode)), "特殊文件")


PHOTO_SUFFIXES = (".jpg", ".jpeg")
_HEAD = 1 << 12  # enough for a JPEG's frame header unless a long EXIF comes first (then up to 64 KB is read)
_LONG_HEAD = 1 << 16
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}  # frame headers


def _jpeg_pixels(f, head: bytes) -> tuple[int, int] | None:
    """The width and height of an open file that starts as a JPEG (head: its first bytes), when it is
    one a printer can use (None otherwise): the end-of-image marker (a cut-off copy has none) and a
    frame header with a size before the image data. Read from its ends, not decoded: 10,000 photos
    are checked before printing. Only a file that does not end with the marker (a phone writes data
    after it) is read through to find it."""
    f.seek(max(0, f.seek(0, os.SEEK_END) - _TAIL))
    if not _ends_at_eoi(f.read()):
        f.seek(0)
        if _jpeg_end(f.read()) is None:
            return None
    found = _frame_size(head)
    if found is None and len(head) == _HEAD:  # a long EXIF before the frame header
        f.seek(0)
        found = _frame_size(f.read(_LONG_HEAD))
    return found or None


_TAIL = 32  # the bytes read from a photo's end: its end-of-image marker, and a camera's padding after it
# the marker after a scan's data: 0xFF that is not a stuffed byte (FF 00), a restart (FF D0–D7) or fill (FF FF)
_AFTER_SCAN = re.compile(rb"\xff(?=[^\x00\xd0-\xd7\xff])")


def _ends_at_eoi(tail: bytes) -> bool:
    """Whether a JPEG's last bytes are its end-of-image marker (a camera may pad after it)."""
    return tail.rstrip(b"\x00\r\n ").endswith(b"\xff\xd9")


def _jpeg_end(data: bytes) -> int | None:
    """Where a JPEG's image ends (just after its end-of-image marker), found by walking its segments
    and stepping over each scan's data; None when the file ends first (a cut-off copy)."""
    pos = 2
    while pos + 2 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xD9:
            return pos + 2
        if marker == 0xFF or marker in (0x01, *range(0xD0, 0xD8)):  # fill byte, markers without a length
            pos += 1 if marker == 0xFF else 2
            continue
        length = int.from_bytes(data[pos + 2:pos + 4], "big")
        if length < 2:
            return None
        pos += 2 + length
        if marker == 0xDA:  # a scan: its entropy-coded data runs to the next marker
            found = _AFTER_SCAN.search(data, pos)
            if found is None:
                return None
            pos = found.start()
    return None


def _frame_size(head: bytes) -> tuple[int, int] | bool | None:
    """The width and height in the frame header the JPEG header segments in head reach; False when
    there is none or it has no size, None when head ends first."""
    pos = 2
    while pos + 4 <= len(head):
        if head[pos] != 0xFF:
            return False
        marker = head[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # markers without a length
            pos += 2
            continue
        length = int.from_bytes(head[pos + 2:pos + 4], "big")
        if marker in _SOF:
            size = head[pos + 5:pos + 9]
            if len(size) < 4:
                return None
            height, width = int.from_bytes(size[:2], "big"), int.from_bytes(size[2:], "big")
            return (width, height) if width and height else False
        if marker == 0xDA or length < 2:  # image data before any frame header
            return False
        pos += 2 + length
    return None


_PICTURES = ((b"\x89PNG", "PNG"), (b"GIF8", "GIF"), (b"BM", "BMP"), (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"))


def _photo_problem(path: Path, certificate: Certificate, what: str) -> Problem:
    return Problem(str(path), 0, 0, "", f"{certificate.name}（{certificate.number}）的照片{what}；"
                                        "或移走此文件，证书上留出照片框")


def page(occupations: dict[str, dict], certificate: Certificate, photos: Photos, blank: str = "") -> Page:
    """Every field 人社鉴发〔2021〕1号 asks for; 工种 "--" when the occupation has none; the 发证日期
    (dated() sets it). occupations: the plan's occupation rows by the name the ledger keeps (display_name)."""
    occupation = occupations.get(certificate.occupation, {"name": certificate.occupation})
    issued = dt.date.fromisoformat(certificate.issue_date or certificate.issued_on)
    fields = {"name": certificate.name, "id_type": certificate.id_type, "id_number": certificate.id_number,
              "occupation": occupation["name"], "trade": occupation.get("trade") or "--",
              "level": codes.LEVEL_NAMES[certificate.level], "number": certificate.number,
              "date": f"{issued.year}年{issued.month}月{issued.day}日", "blank": blank}
    return Page(fields, qr_png(certificate.number), photos.of(certificate.id_number))


def certificate_doc(plan: dict, pages: list[Page], draft: bool, templates: Path | None,
                    write: Callable[[Rendered], bytes] | None = None, first: int = 1) -> bytes:
    """One print file the plain way: the template rendered once over all its pages, the pictures
    added, numbered from first (what CertificatePrinter's stencils must give; the tests compare them)."""
    from ..core.render import render, to_bytes, with_pictures

    write = write or to_bytes
    items = [_item(one, n) for n, one in enumerate(pages, first)]
    context = {"certificates": items, "issuer": plan["company"]["name"], "draft": draft}
    return write(with_pictures(render("certificate.docx", context, templates), _pictures(pages, first)))


def _item(one: Page, n: int) -> dict[str, str]:
    """A page's fields as the template takes them, its pictures by relationship id."""
    return {**one.fields, "qr": f"rIdQr{n}", "photo": f"rIdPhoto{n}" if one.photo else ""}


def _pictures(pages: list[Page], first: int = 1) -> list[tuple[str, str, bytes]]:
    pictures = []
    for n, one in enumerate(pages, first):
        pictures.append((f"rIdQr{n}", f"qr{n}.png", one.qr))
        if one.photo:
            pictures.append((f"rIdPhoto{n}", f"photo{n}.jpg", one.photo))
    return pictures


class CertificatePrinter:
    """Certificates by the thousand through the batch engine (output/batch.py): each page through a
    stencil, print files joined from pages, everything but the body and the pictures packed once per
    set of picture ids. Overlays (套打) take the plain path: they are printed a few at a time."""

    def __init__(self, plan: dict, photos: Path, draft: bool, templates: Path | None, overlay: bool,
                 source: Provenance | None):
        self.plan, self.photos, self.draft, self.templates, self.overlay = plan, Photos(photos), draft, templates, overlay
        self.source, self.write = source, docx_writer(source)
        self.batch = DocxBatch("certificate.docx", templates, source, body_last=True)
        self.occupations = {display_name(o): o for o in plan["occupations"]}  # looked up once a page

    def page(self, certificate: Certificate, blank: str) -> Page:
        """What one certificate's page prints."""
        return page(self.occupations, certificate, self.photos, blank)

    def docx(self, pages: list[Page], sourced: bool = True) -> bytes:
        """One .docx of the pages, one certificate per page; sourced: with the plan embedded (the
        enterprise's print files), not in a holder's own file, which carries nothing but theirs."""
        if self.overlay:
            return overlay_doc(self.plan, pages, self.templates, self.write if sourced else None, self.draft)
        return self.batch.docx(self.batch.joiner.join(self._pages_xml(pages)), _pictures(pages), sourced)

    def files(self, pages: list[Page]) -> tuple[bytes, list[bytes]]:
        """A print file of the pages and each page's own file (a holder's: nothing embedded), each
        page made once for both: a holder's file keeps the picture ids its page has in the print file."""
        if self.overlay:
            return self.docx(pages), [self.docx([one], sourced=False) for one in pages]
        documents = self._pages_xml(pages)
        return (self.batch.merged(documents, _pictures(pages)),
                [self.batch.docx(xml, _pictures([one], n), False) for n, (one, xml) in enumerate(zip(pages, documents), 1)])

    def _pages_xml(self, pages: list[Page]) -> list[bytes]:
        return [self._page_xml(one, n) for n, one in enumerate(pages, 1)]

    def _page_xml(self, one: Page, n: int) -> bytes:
        item = _item(one, n)
        return self.batch.body("certificate", list(item.values()), lambda: self._context(item),
                               lambda marks: self._context({k: marks(v) for k, v in item.items()}))

    def _context(self, item: dict) -> dict:
        return {"certificates": [item], "issuer": self.plan["company"]["name"], "draft": self.draft}


def reissue_refusal(book: Ledger, number: str, cycle_id: str) -> tuple[str, Certificate | None]:
    """A second print of a number needs a recorded 补发 (or its spoiled blank destroyed): a duplicate
    nobody recorded is what annex 6 forbids."""
    from .stock import may_reprint

    message, certificate = refusal(book, number, cycle_id)
    if not message and not may_reprint(book, certificate.number):
        message = (f"证书 {certificate.number} 已印制，且没有未打印的补发记录：遗失补发请先运行 skillplan ledger reissue "
                   f"客户 {certificate.number} --reason 原因；印坏的请先用 skillplan ledger destroy 销毁原流水码")
    return message, certificate


def overlay_doc(plan: dict, pages: list[Page], templates: Path | None,
                write: Callable[[Rendered], bytes] | None = None, draft: bool = False) -> bytes:
    """套打: each configured value at its place (certificate.overlay, mm from the top left corner), the
    QR code and the photo (when placed) with their top left corner there; nothing else. A proof says 样本."""
    from ..core.render import render, to_bytes, with_pictures

    write = write or to_bytes
    places = plan["certificate"].get("overlay") or {}
    values_at = {key: _scaled(at, TWIPS_PER_MM) for key, at in places.items() if at and key not in AREA_KEYS}
    pictures_at = {key: _scaled(at, EMU_PER_MM) for key, at in places.items() if at and key in PICTURE_KEYS}
    seal = _seal_label(places.get("seal"))
    items, pictures = [], []
    for n, one in enumerate(pages, 1):
        values = {**one.fields, "issuer": plan["company"]["name"]}
        item = {"placed": [{"text": values[key], "x": x, "y": y} for key, (x, y) in values_at.items()],
                "qr": None, "photo": None}
        for rid, file, data in _pictures([one], n):
            key = "qr" if rid.startswith("rIdQr") else "photo"
            if key in pictures_at:
                item[key] = {"rel": rid, "x": pictures_at[key][0], "y": pictures_at[key][1]}
                pictures.append((rid, file, data))
        items.append(item)
    context = {"certificates": items, "draft": draft, "seal": seal}
    return write(with_pictures(render("certificate_overlay.docx", context, templates), pictures))


PICTURE_KEYS = ("qr", "photo")  # placed as pictures, by their top left corner
AREA_KEYS = (*PICTURE_KEYS, "seal")  # places of areas, not of values
EMU_PER_MM = 36000
SEAL_MM, SEAL_LABEL_MM = 40, 7  # the seal's area, and the label's line at its foot


def _seal_label(at: str | None) -> dict | None:
    """The seal's area (certificate.overlay.seal, its top left corner): 评价机构（盖章） across its foot,
    as the full certificate has it, where the seal is stamped over it; None when the blank has its own."""
    if not at:
        return None
    x, y = place_mm(at)
    return {"x": round(x * TWIPS_PER_MM), "y": round((y + SEAL_MM - SEAL_LABEL_MM) * TWIPS_PER_MM),
            "w": round(SEAL_MM * TWIPS_PER_MM)}


def _scaled(at: str, per_mm: float) -> tuple[int, int]:
    """A 套打 place in the unit Word wants: twips for a frame, EMU for a picture."""
    x, y = place_mm(at)
    return round(x * per_mm), round(y * per_mm)


def certificate_files(plan: dict, certificates: list[Certificate], photos: Path, folder: str, draft: bool,
                      templates: Path | None, blanks: dict[str, str], overlay: bool = False,
                      source: Provenance | None = None, jobs: int | None = None,
                      staging: Path | None = None) -> Iterator[tuple[str, bytes | Written]]:
    """Print files per occupation and level (of up to 100 pages: -001, -002 … beyond that), each
    followed by the files of its people, one each; every name holds 证书. Rendered on all cores.
    blanks: the 印制流水码 each number is printed on, printed on the page when there is one.
    overlay: only the values, for blanks that carry everything else already (套打).
    source: the plan each print file embeds, like every other document (never the roster); a person's
    own file carries only their certificate, as it may be handed to them. staging: the bundle's
    staging folder, where the workers then write the files themselves (Written): creating 10,100
    files is the kernel's work, and it goes on every core."""
    suffix = "-样本" if draft else ""
    # a person's file is named by the worker: this process holds each name once, as written
    tasks = [(name, [(c, blanks.get(c.number, "")) for c in chunk], staging, (f"{folder}/个人/", suffix))
             for name, chunk in print_files(certificates, folder, suffix)]
    for files in ordered_map(_print_files, tasks, jobs, start_printing,
                             (plan, photos, draft, templates, overlay, source), meanwhile=list):
        yield from files


def print_files(certificates: list[Certificate], folder: str, suffix: str = "") -> list[tuple[str, list[Certificate]]]:
    """Each print file's name and its certificates, in the order they print: the occupations as the
    certificates first list them, each from 五级 up, up to 100 to a file. A reprint (补发证书/) is one
    certificate, named by its number: the folder keeps every earlier reprint of the same occupation and level."""
    if folder == REISSUED:
        return [(f"{folder}/{c.number}-{safe_name(c.occupation)}-{codes.LEVEL_SHORT[c.level]}-证书{suffix}.docx", [c])
                for c in certificates]
    groups: dict[tuple[str, int], list[Certificate]] = {}
    for c in certificates:
        groups.setdefault((c.occupation, c.level), []).append(c)
    first = {occupation: n for n, (occupation, _) in reversed(list(enumerate(groups)))}
    ordered = sorted(groups.items(), key=lambda group: (first[group[0][0]], -group[0][1]))
    return [(print_name(f"{folder}/{safe_name(occupation)}-{codes.LEVEL_SHORT[level]}-证书{suffix}", k, numbered), chunk)
            for (occupation, level), members in ordered for k, chunk, numbered in print_chunks(members)]


def blank_ranges(serials: list[str]) -> str:
    """A print file's 印制流水码 as runs: A0000101–A0000103、A0000105."""
    runs: list[list[str]] = []
    for serial in serials:
        if runs and _next_serial(runs[-1][-1]) == serial:
            runs[-1].append(serial)
        else:
            runs.append([serial])
    return "、".join(run[0] if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)


def _next_serial(serial: str) -> str:
    letters = serial.rstrip("0123456789")
    digits = serial[len(letters):]
    return f"{letters}{int(digits) + 1:0{len(digits)}d}" if digits else ""


def start_printing(*settings) -> None:
    """This process's CertificatePrinter (once per worker)."""
    STATE["certificates"] = CertificatePrinter(*settings)


def _print_files(task) -> list[tuple[str, bytes | Written]]:
    """A print file, then a file per person on it; written into the staging folder when there is one."""
    name, people, staging, (personal, suffix) = task
    printer = STATE["certificates"]
    printed, own = printer.files([printer.page(c, blank) for c, blank in people])
    files = [(name, printed), *((f"{personal}{c.number}-{safe_name(c.name, PERSON_NAME_BYTES)}-证书{suffix}.docx", data)
                                for (c, _), data in zip(people, own))]
    if staging is None:
        return files
    made: set[str] = set()
    return [(rel, staged(staging, rel, data, made)) for rel, data in files]


def chosen(book: Ledger, cycle_id: str, approved: Path | None, draft: bool,
           number: str | None) -> tuple[list[Certificate], str, list[Problem]]:
    """What this print is of, into which folder, and the approved list's problems: the approved list's
    valid numbers (证书/), every valid number of the cycle as proofs (证书样本/), or one number again
    after a 补发 (补发证书/, refused as SkillplanError when no reprint is due)."""
    from ..core.errors import InvalidInput, SkillplanError, UsageError

    if approved is not None:
        if not approved.is_file():
            raise UsageError(f"{approved} 不存在。")
        try:
            found, problems = approved_list(approved, book, cycle_id)
        except InvalidInput as e:
            found, problems = [], e.problems
        return found, PRINTED, problems
    if draft:
        return [c for c in book.certificates() if c.cycle == cycle_id and c.status == VALID], DRAFTS, []
    message, found = reissue_refusal(book, number, cycle_id)
    if message:
        raise SkillplanError(message)
    return [found], REISSUED, []


def nothing_to_print(cycle_id: str, approved: Path | None) -> str:
    """Why a print found no certificate to print."""
    return (f"{approved} 中没有证书编号：名单须有“证书编号”列，每行一个" if approved is not None
            else f"认定批次 {cycle_id} 没有可打印的有效证书")


def photo_findings(plan: dict, overlay: bool, photos: Path, certificates: list[Certificate]) -> tuple[list[Problem], list[str]]:
    """Photos that cannot be printed (refused, before a blank is spent on them) and a word on those
    without one (an empty box, to paste a photo into). A 套打 whose layout places no photo prints none."""
    if overlay and not (plan["certificate"].get("overlay") or {}).get("photo"):
        return [], []
    album = Photos(photos)
    problems = album.problems(certificates)
    without = album.missing(certificates) if not problems else []
    return problems, [f"{len(without)} 份证书没有照片（{photos}{os.sep}<证件号码>.jpg），照片处留空待贴："
                      + "、".join(c.name for c in without[:10]) + ("等" if len(without) > 10 else "")] if without else []


def during_publicity(plan: dict, cycle: dict, today: dt.date) -> list[str]:
    """Certificates are printed once the province has approved the results, after their 公示: a print
    before the 公示 ends is said (a rehearsal, or the example's cycle, lie ahead)."""
    from ..plan.dates import publicity

    start, end = publicity(plan, cycle)
    if today > end:
        return []
    return [f"注意：认定结果公示期为 {start} 至 {end}，尚未结束；证书应在公示期满、省里确认证书数据之后打印发放"]


def dated(plan: dict, cycle: dict, certificates: list[Certificate], given: dt.date | None,
          now: set[str]) -> list[Certificate]:
    """Each certificate with the 发证日期 it prints: the date given for those printed now (now: their
    numbers), else the one results registered (one on paper keeps the date it bears), else the
    cycle's (a number registered before the ledger kept 发证日期). Refused, saying what to do
    (SkillplanError): a date not after the 认定结果公示, or of another year than the number's
    14th–15th digits (附件 coding rule: the year the certificate is issued)."""
    from ..core.errors import SkillplanError
    from ..plan.dates import issue_date, publicity

    start, end = publicity(plan, cycle)
    default = issue_date(plan, cycle).isoformat()
    out = [replace(c, issue_date=given.isoformat() if given and c.number in now else c.issue_date or default)
           for c in certificates]
    early = [c for c in out if c.issue_date <= end.isoformat()]
    other_year = [c for c in out if c.issue_date > end.isoformat() and c.number[13:15] != c.issue_date[2:4]]
    how = "用 --issue-date 指定" if given is None else "把 --issue-date 改"
    lines = [f"发证日期 {d} 不在认定结果公示期（{start} 至 {end}）满之后：证书在公示期满无异议、省里确认证书数据后颁发。"
             f"请{how}为 {end + dt.timedelta(days=1)} 或之后的日期：{_numbers(early, d)}" for d in _dates(early)]
    lines += [f"发证日期 {d} 在{d[:4]}年，而证书编号第14-15位的年份（发证年份）为“{year}”：编号终身不变，请{how}为"
              f"20{year}年内、{end} 之后的日期：{_numbers(other_year, d)}"
              for d in _dates(other_year) for year in sorted({c.number[13:15] for c in other_year if c.issue_date == d})]
    if lines:
        raise SkillplanError("没有打印任何证书：\n" + "\n".join(lines))
    return out


def _dates(certificates: list[Certificate]) -> list[str]:
    return sorted({c.issue_date for c in certificates})


def _numbers(certificates: list[Certificate], date: str) -> str:
    """The numbers of the certificates dated so, the first ten of them."""
    found = [c.number for c in certificates if c.issue_date == date]
    return "、".join(found[:10]) + (f"等 {len(found)} 份" if len(found) > 10 else "")


def blank_notes(files_in_order: list, blanks: dict[str, str], fresh: set[str]) -> list[str]:
    """What the operator loads into the printer for each file: the new blanks it takes, in order. A
    certificate printed before keeps its blank (a re-run records no new print): said as such, so
    nobody loads blanks already used. And a word when the stock ran short."""
    notes, again = [], []
    if not blanks:  # proofs take no blanks
        return notes
    for name, chunk in files_in_order:
        if serials := [blanks[c.number] for c in chunk if c.number in fresh and blanks[c.number]]:
            notes.append(f"{name}：空白证书 {blank_ranges(serials)}（{len(serials)} 张）")
        again += [c.number for c in chunk if c.number not in fresh]
    if again:
        used = [blanks[n] for n in again if blanks[n]]
        notes.append(f"其中 {len(again)} 份此前已印制" + (f"（空白证书 {blank_ranges(used)}）" if used else "")
                     + "，本次没有记入台账，也没有取用新的空白证书；印坏须重印的，先 skillplan ledger destroy 销毁原流水码，"
                     "再 certificates --number 重印")
    if short := sum(not blanks[n] for n in fresh):
        notes.append(f"台账中没有足够的空白证书库存：{short} 份的印制记录不含印制流水码"
                     "（可用 skillplan ledger stock --receive 登记入库）")
    return notes
