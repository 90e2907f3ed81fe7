"""`skillplan ledger …`: the certificate ledger (台账) as a library — list it, record a 补发 or 注销,
receive blanks and see the stock, destroy a blank, hand a certificate over, export it all. Each
change is dated (today unless given), under the client's lock; reading never writes."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..core import clock
from ..core.errors import UsageError
from ..output.bundle import write_whole
from .clients import plan_file
from .cycle_folder import ledger_file


@dataclass(frozen=True)
class LedgerPlace:
    """Which ledger: the client's (certificates.sqlite beside its plan), or the file given."""

    client: Path | str
    ledger: Path | str | None = None

    @property
    def path(self) -> Path:
        """The ledger file."""
        return ledger_file(plan_file(self.client), self.ledger)

    def open(self, read_only: bool):
        """The ledger, opened (never created)."""
        from ..cycle.ledger import Ledger

        return Ledger(self.path, create=False, read_only=read_only)


@dataclass
class Listing:
    """Every certificate with its history, as `ledger list` shows them; missing: the client has no
    ledger yet (its path)."""

    entries: list[tuple] = field(default_factory=list)  # (Certificate, [(date, kind, what)])
    missing: Path | None = None


def list_ledger(place: LedgerPlace) -> Listing:
    """The whole ledger, read-only; the client's own ledger not made yet is said, not an error."""
    if place.ledger is None and not place.path.exists():
        return Listing(missing=place.path)
    with place.open(read_only=True) as book:
        return Listing([(c, book.history(c.number)) for c in book.certificates()])


def record(place: LedgerPlace, number: str, kind: str, reason: str, on: dt.date | None = None,
           on_wait: Callable[[str], None] | None = None, returned: bool | None = None) -> tuple[object, list[str]]:
    """A 补发 or 注销 of a number (kind: ledger.REISSUE or REVOKE), dated on (today); the certificate as
    it stands after, and notes: a reissue's original taken back (returned; None: as its reason says,
    证书损坏 or 证书信息错误 yes, 遗失 no) and its blank destroyed, or no print of it in the 台账."""
    from ..cycle import stock as blanks
    from ..cycle.ledger import REISSUE, client_lock, takes_back

    day = on or clock.today()
    back = kind == REISSUE and (takes_back(reason) if returned is None else returned)
    destroyed: list[str] = []
    with place.open(read_only=False) as book, client_lock(book.path, f"ledger {kind} {number}", on_wait):
        certificate = book.record(number, kind, day, reason, (lambda c: destroyed.append(
            blanks.destroy_returned(book, c.number, day, reason))) if back else None)
        notes = blanks.unprinted_note(book, certificate.number) if kind == REISSUE else []
    if back:
        notes.append("已登记收回原证书" + (f"，并销毁其印制流水码 {destroyed[0]}" if destroyed[0] else
                                          "（台账中没有原证书未销毁的印制流水码，没有登记销毁）"))
    elif kind == REISSUE:
        notes.append("原证书未登记收回（按遗失补发）；原证书其实已收回的，用 skillplan ledger destroy 销毁其印制流水码")
    else:  # what was published still lists it until results runs again (the 台账 is the record)
        notes.append(f"认定批次 {certificate.cycle} 此前生成的结果公示和证书数据表仍列有这个编号：重新运行 skillplan results "
                     f"--cycle {certificate.cycle}（输出位置同前）更新，之后不再列出；已报省里确认的，另按省里的规定办理注销")
    return certificate, notes


def stock(place: LedgerPlace, receive: str | None = None, on: dt.date | None = None,
          on_wait: Callable[[str], None] | None = None) -> tuple[int | None, list[list[str]]]:
    """Blanks received (their 印制流水码 range, dated on), and the stock's summary: 入库, 印制, 销毁, 余存.
    Without receive, only read."""
    from ..cycle import stock as blanks
    from ..cycle.ledger import client_lock

    if receive:
        blanks.serials(receive)  # a mistyped range is said before the ledger is opened
    with place.open(read_only=not receive) as book:
        received = None
        if receive:
            with client_lock(book.path, "ledger stock", on_wait):
                received = blanks.receive(book, receive, on or clock.today())
        return received, blanks.summary(book)


def destroy(place: LedgerPlace, blank: str, reason: str, on: dt.date | None = None) -> list[str]:
    """A spoiled blank (or a withdrawn certificate's) destroyed, dated on."""
    from ..cycle import stock as blanks
    from ..cycle.ledger import client_lock

    with place.open(read_only=False) as book, client_lock(book.path, "ledger destroy"):
        return blanks.destroy(book, blank, on or clock.today(), reason)


def hand_over(place: LedgerPlace, number: str, receiver: str, on: dt.date | None = None) -> list[str]:
    """核发: the certificate handed to its holder (or whom they sent), dated on."""
    from ..cycle import stock as blanks
    from ..cycle.ledger import client_lock

    with place.open(read_only=False) as book, client_lock(book.path, "ledger handover"):
        return blanks.hand_over(book, number, on or clock.today(), receiver)


def export(place: LedgerPlace, output: Path, force: bool = False) -> Path:
    """The 台账 as .xlsx: a row per event, and the stock summary; never over an earlier export unless
    force (last month's may carry someone's notes)."""
    from ..core.xlsx import Sheet, workbook_bytes
    from ..cycle import stock as blanks

    output = Path(output)
    if output.suffix.lower() != ".xlsx":
        raise UsageError(f"台账导出为 Excel 文件：{output} 的扩展名应为 .xlsx。")
    if output.exists() and not force:
        raise UsageError(f"{output} 已存在：换一个文件名，或加 --force 覆盖。")
    with place.open(read_only=True) as book:
        data = workbook_bytes([Sheet("台账", blanks.LEDGER_COLUMNS, blanks.ledger_rows(book)),
                               Sheet("库存汇总", blanks.SUMMARY_COLUMNS, blanks.summary(book))])
    return write_whole(output, data)
