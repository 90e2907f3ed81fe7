"""`skillplan certificates`: print the certificates the province approved, one A4 page each.

Only numbers the ledger holds as 有效 are printed, and only those on the approved list (the
证书数据.xlsx the tool wrote, as returned, or any table with a 证书编号 column); proofs (--draft) say
样本 on every page. Each print file holds one occupation and level; each person also gets a file of
their own. The body is rendered once per file by the fast renderer; QR codes (segno, fixed version
and mask) and photos are added as pictures, never by a per-page template pass.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..core import codes
from ..core.errors import Problem
from ..core.render import Rendered, render, to_bytes, with_pictures
from ..core.tables import read_table
from ..core.terms import display_name
from ..filing.documents import docx_writer
from ..filing.provenance import Provenance
from .ledger import VALID, Certificate, Ledger, normal_number

APPROVED_COLUMN = "证书编号"
PRINTED, DRAFTS, REISSUED, OVERLAID = "证书", "证书样本", "补发证书", "证书套打"  # output folders
TWIPS_PER_MM = 1440 / 25.4
QR_VERSION, QR_MASK = 3, 0  # 22 alphanumeric characters fit version 3-M; fixing both skips the search
_SAFE_ID = re.compile(r"[0-9A-Za-z]{6,20}")
_JPEG = b"\xff\xd8\xff"


@dataclass(frozen=True)
class Page:
    """One certificate as printed: what the template fills in, and its pictures."""

    fields: dict[str, str]
    qr: bytes
    photo: bytes | None


def approved(path: Path, book: Ledger, cycle_id: str) -> tuple[list[Certificate], list[Problem]]:
    """The approved list's certificates, in list order; a problem per row the ledger cannot vouch for."""
    table = read_table(path, [APPROVED_COLUMN])
    found, problems, seen = [], [], set()
    for row in table.rows:
        n, number = row.number, normal_number(row.cells.get(APPROVED_COLUMN, ""))
        if not number or number in seen:
            continue
        seen.add(number)
        message, certificate = refusal(book, number, cycle_id)
        if message:
            problems.append(table.problem(n, APPROVED_COLUMN, message))
        else:
            found.append(certificate)
    return found, problems


def refusal(book: Ledger, number: str, cycle_id: str) -> tuple[str, Certificate | None]:
    """Why a number cannot be printed for this cycle ("" and the certificate when it can)."""
    number = normal_number(number)
    known = book.db.execute("SELECT 1 FROM certificates WHERE number=?", (number,)).fetchone()
    if not known:
        return f"台账中没有证书编号 {number}", None
    certificate = book.get(number)
    if certificate.status != VALID:
        return f"证书编号 {number} {certificate.status}，不能打印", None
    if certificate.cycle != cycle_id:
        return f"证书编号 {number} 属于认定批次 {certificate.cycle}，不是 {cycle_id}", None
    return "", certificate


def qr_png(number: str) -> bytes:
    """A QR code that decodes to the certificate number, as PNG."""
    import segno

    out = io.BytesIO()
    segno.make_qr(number, version=QR_VERSION, mask=QR_MASK, error="m", boost_error=False).save(
        out, kind="png", scale=5, border=4)
    return out.getvalue()


def photo_of(photos: Path, id_number: str) -> bytes | None:
    """cycles/<id>/photos/<证件号码>.jpg when it is there and is a JPEG; else None (a box is printed)."""
    if not _SAFE_ID.fullmatch(id_number):
        return None
    path = photos / f"{id_number}.jpg"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if data.startswith(_JPEG) else None


def page(plan: dict, certificate: Certificate, photos: Path, blank: str = "") -> Page:
    """Every field 人社鉴发〔2021〕1号 asks for; 工种 "--" when the occupation has none."""
    rows = {display_name(o): o for o in plan["occupations"]}
    occupation = rows.get(certificate.occupation, {"name": certificate.occupation})
    issued = dt.date.fromisoformat(certificate.issued_on)
    fields = {"name": certificate.name, "id_type": certificate.id_type, "id_number": certificate.id_number,
              "occupation": occupation["name"], "trade": occupation.get("trade") or "--",
              "level": codes.LEVEL_NAMES[certificate.level], "number": certificate.number,
              "date": f"{issued.year}年{issued.month}月{issued.day}日", "blank": blank}
    return Page(fields, qr_png(certificate.number), photo_of(photos, certificate.id_number))


def certificate_doc(plan: dict, pages: list[Page], draft: bool, templates: Path | None,
                    write: Callable[[Rendered], bytes] = to_bytes) -> bytes:
    """One print file: the body rendered once for all its pages, then the pictures added."""
    items, pictures = [], []
    for n, one in enumerate(pages, 1):
        item = {**one.fields, "qr": f"rIdQr{n}", "photo": f"rIdPhoto{n}" if one.photo else ""}
        pictures.append((item["qr"], f"qr{n}.png", one.qr))
        if one.photo:
            pictures.append((item["photo"], f"photo{n}.jpg", one.photo))
        items.append(item)
    context = {"certificates": items, "issuer": plan["company"]["name"], "draft": draft}
    return write(with_pictures(render("certificate.docx", context, templates), pictures))


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
                write: Callable[[Rendered], bytes] = to_bytes) -> bytes:
    """套打: each configured value at its place (certificate.overlay, mm from the top left corner), nothing else."""
    places = {key: _twips(at) for key, at in (plan["certificate"].get("overlay") or {}).items() if at}
    items = []
    for one in pages:
        values = {**one.fields, "issuer": plan["company"]["name"]}
        items.append({"placed": [{"text": values[key], "x": x, "y": y} for key, (x, y) in places.items()]})
    return write(render("certificate_overlay.docx", {"certificates": items}, templates))


def _twips(at: str) -> tuple[int, int]:
    x, y = (float(part) for part in at.split(","))
    return round(x * TWIPS_PER_MM), round(y * TWIPS_PER_MM)


def certificate_files(plan: dict, certificates: list[Certificate], photos: Path, folder: str, draft: bool,
                      templates: Path | None, blanks: dict[str, str], overlay: bool = False,
                      source: Provenance | None = None) -> Iterator[tuple[str, bytes]]:
    """A print file per occupation and level, then a file per person; every name holds 证书.
    blanks: the 印制流水码 each number is printed on, printed on the page when there is one.
    overlay: only the values, for blanks that carry everything else already (套打).
    source: the plan each file embeds, like every other document (never the roster)."""
    write = docx_writer(source)

    def doc(members: list[Page]) -> bytes:
        return (overlay_doc(plan, members, templates, write) if overlay
                else certificate_doc(plan, members, draft, templates, write))

    pages = {c.number: page(plan, c, photos, blanks.get(c.number, "")) for c in certificates}
    suffix = "-样本" if draft else ""
    groups: dict[tuple[str, int], list[Certificate]] = {}
    for c in certificates:
        groups.setdefault((c.occupation, c.level), []).append(c)
    for (occupation, level), members in groups.items():
        name = f"{folder}/{occupation}-{codes.LEVEL_SHORT[level]}-证书{suffix}.docx"
        yield name, doc([pages[c.number] for c in members])
    for c in certificates:
        yield f"{folder}/个人/{c.number}-{c.name}-证书{suffix}.docx", doc([pages[c.number]])
