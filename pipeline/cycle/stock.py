"""The 台账 of blank certificates (annex 6 第十五条): 入库 (blanks received, by 印制流水码 range),
印制 (a blank used for a number), 销毁 (a spoiled blank), 核发 (handed to the holder, with the date
and who received it), 补发 (in the number's own history) and 余存 (blanks still in stock).

Printing takes blanks in the order they were received. Without stock recorded, printing goes on and
the 台账 shows the prints without a 流水码. The export has one row per event plus a stock summary.
"""
from __future__ import annotations

import datetime as dt
import re

from ..core.codes import LEVEL_NAMES
from ..core.errors import SkillplanError, UsageError
from .ledger import (
    DESTROYED,
    HANDED_OVER,
    PRINTED,
    RECEIVED,
    RECORDED,
    REGISTERED,
    REISSUE,
    VALID,
    Ledger,
    normal_number,
)

IN_STOCK = "在库"
EARLIEST_RECEIPT = dt.date(2019, 1, 1)  # 职业技能等级认定 and its certificates began in 2019
MAX_DELIVERY = 100_000
_RANGE = re.compile(r"([A-Z]*)(\d+)(?:-([A-Z]*)(\d+))?")
LEDGER_COLUMNS = ["日期", "事项", "证书编号", "姓名", "职业（工种）", "等级", "印制流水码", "说明"]
SUMMARY_COLUMNS = ["项目", "数量"]
ADD_STOCK_EVENT = f"INSERT INTO stock_events (kind, date, number, blank, detail, recorded) VALUES (?,?,?,?,?,{RECORDED})"


def serials(text: str) -> list[str]:
    """A delivery's 印制流水码: one code, or a range like A0000101-A0000200 (same letters, same width)."""
    m = _RANGE.fullmatch(normal_number(text))
    if not m or (m.group(3) and m.group(3) != m.group(1)):
        raise UsageError(f"印制流水码范围应写作 A0000101-A0000200 或单个流水码，实际为“{text}”")
    letters, first, last = m.group(1), m.group(2), m.group(4) or m.group(2)
    if len(last) != len(first) or int(last) < int(first):
        raise UsageError(f"印制流水码范围“{text}”的起止位数须相同，且终止号不小于起始号")
    count = int(last) - int(first) + 1
    if count > MAX_DELIVERY:
        raise UsageError(f"一次入库 {count} 张超过上限 {MAX_DELIVERY} 张，请分批登记")
    return [f"{letters}{n:0{len(first)}d}" for n in range(int(first), int(last) + 1)]


def receive(book: Ledger, text: str, date: dt.date) -> int:
    """Record a delivery of blanks; a code already received is refused (nothing of the delivery is kept)."""
    codes = serials(text)
    book.refuse_future(RECEIVED, date)
    if date < EARLIEST_RECEIPT:
        raise UsageError(f"入库日期 {date} 早于 {EARLIEST_RECEIPT}（职业技能等级证书自 2019 年起颁发）：请检查 --date。")
    with book.transaction():
        known = next(book.select_in("SELECT serial FROM blanks WHERE serial IN ({}) ORDER BY seq LIMIT 1", codes), None)
        if known:
            raise SkillplanError(f"印制流水码 {known[0]} 已入库，不能重复登记")
        _same_width(book, codes[0])
        book.db.executemany("INSERT INTO blanks (serial, received_on, status) VALUES (?,?,?)",
                            [(c, date.isoformat(), IN_STOCK) for c in codes])
        _event(book, RECEIVED, date, "", f"{codes[0]}-{codes[-1]}" if len(codes) > 1 else codes[0], f"{len(codes)} 张")
    return len(codes)


def _same_width(book: Ledger, code: str) -> None:
    """One series (the same letters) is numbered at one width: A000151 beside A0000101–A0000150 is
    a 0 left out, and would put codes in the 台账 that no blank carries."""
    letters = code.rstrip("0123456789")
    for (other,) in book.db.execute("SELECT serial FROM blanks WHERE serial GLOB ? ORDER BY seq LIMIT 1",
                                    (f"{letters}[0-9]*",)):
        if other.rstrip("0123456789") == letters and len(other) != len(code):
            raise SkillplanError(f"印制流水码 {code} 的数字有 {len(code) - len(letters)} 位，已入库的 {other} 有 "
                                 f"{len(other) - len(letters)} 位：同一字头的流水码位数相同，请对照空白证书上印的流水码检查是否多写或少写了 0")


def print_marks(book: Ledger, numbers: list[str], date: dt.date,
                reprint: bool = False) -> tuple[dict[str, str], set[str]]:
    """The blank each number is printed on, and the numbers this print takes a new blank for (call
    inside book.transaction()).

    A number printed before keeps its blank and records nothing; a reprint after a 补发 takes a new
    blank. Blanks go in the order received; "" when the stock has none (the print is still recorded).
    Read and written in batches: 10,000 numbers are a few statements, not 40,000."""
    earlier = _last_prints(book, numbers)
    fresh = [n for n in numbers if n not in earlier or (reprint and may_reprint(book, n))]
    _refuse_print_before_records(book, fresh, date)
    stock = [serial for (serial,) in book.db.execute("SELECT serial FROM blanks WHERE status=? ORDER BY seq LIMIT ?",
                                                     (IN_STOCK, len(fresh)))]
    taken = dict(zip(fresh, stock + [""] * (len(fresh) - len(stock))))
    book.db.executemany("UPDATE blanks SET status=?, number=? WHERE serial=?",
                        [(PRINTED, number, blank) for number, blank in taken.items() if blank])
    book.db.executemany(ADD_STOCK_EVENT, [(PRINTED, date.isoformat(), number, blank, REISSUE if number in earlier else "")
                                          for number, blank in taken.items()])
    return {number: taken[number] if number in taken else earlier[number] for number in numbers}, set(taken)


def _refuse_print_before_records(book: Ledger, numbers: list[str], date: dt.date) -> None:
    """A 印制 is dated today: not before a number's latest record (a 补发 recorded on a machine whose
    clock is ahead of this one's), as every other record of it."""
    latest = list(book.select_in("SELECT number, MAX(date), kind FROM (SELECT number, date, kind FROM events UNION ALL "
                                 "SELECT number, date, kind FROM stock_events) WHERE number IN ({}) GROUP BY number", numbers))
    for number, when, kind in latest:
        if when > date.isoformat() and kind != REGISTERED:  # an older skillplan's 编号登记 on a later 认定日期: printable
            book.refuse_early(PRINTED, date, when, f"证书 {number} 的最近一条记录（{when} {kind}）：请核对本机日期")


def _last_prints(book: Ledger, numbers: list[str]) -> dict[str, str]:
    """The blank of each number's latest print, for the numbers printed before."""
    return dict(book.select_in("SELECT number, blank FROM stock_events WHERE kind=? AND number IN ({}) ORDER BY id",
                               numbers, PRINTED))


def may_reprint(book: Ledger, number: str) -> bool:
    """A number is printed again only after a 补发 not yet printed, or when its last blank was destroyed."""
    prints = book.db.execute("SELECT blank FROM stock_events WHERE kind=? AND number=? ORDER BY id DESC",
                             (PRINTED, number)).fetchall()
    if not prints:
        return True
    destroyed = prints[0][0] and book.db.execute("SELECT 1 FROM blanks WHERE serial=? AND status=?",
                                                 (prints[0][0], DESTROYED)).fetchone()
    return bool(destroyed) or book.pending_reissue(number) is not None


def destroy(book: Ledger, blank: str, date: dt.date, reason: str) -> list[str]:
    """A spoiled blank, or the blank of a withdrawn certificate, destroyed: it leaves the stock for good."""
    if not reason.strip():
        raise UsageError("须写明原因（--reason）")
    blank = normal_number(blank)
    with book.transaction():
        row = book.db.execute("SELECT status, number, received_on FROM blanks WHERE serial=?", (blank,)).fetchone()
        if row is None:
            raise SkillplanError(f"台账中没有印制流水码 {blank}")
        if row[0] == DESTROYED:
            raise SkillplanError(f"印制流水码 {blank} 已销毁")
        printed = book.db.execute("SELECT MAX(date) FROM stock_events WHERE kind=? AND blank=?",
                                  (PRINTED, blank)).fetchone()[0]
        earliest = max(row[2], printed or "")
        book.refuse_early(DESTROYED, date, earliest, f"该证书的{'印制' if printed else '入库'}日期 {earliest}")
        book.refuse_future(DESTROYED, date)
        book.db.execute("UPDATE blanks SET status=? WHERE serial=?", (DESTROYED, blank))
        _event(book, DESTROYED, date, row[1] or "", blank, reason.strip())
    return []


def destroy_returned(book: Ledger, number: str, date: dt.date, reason: str) -> str:
    """The blank the original of a reissued certificate was printed on, taken back and destroyed
    (call inside book.transaction()): its serial, or "" when the 台账 knows no blank of it (printed
    without stock, or outside skillplan) or it is destroyed already."""
    last = _last_prints(book, [number]).get(number, "")
    row = book.db.execute("SELECT status FROM blanks WHERE serial=?", (last,)).fetchone() if last else None
    if row is None or row[0] == DESTROYED:
        return ""
    book.db.execute("UPDATE blanks SET status=? WHERE serial=?", (DESTROYED, last))
    _event(book, DESTROYED, date, number, last, f"补发时收回的原证书（{reason.strip()}）")
    return last


def hand_over(book: Ledger, number: str, date: dt.date, receiver: str) -> list[str]:
    """核发: the certificate handed to its holder (or someone they sent), on a date no earlier than its
    registration, once per print (a second hand-over needs a reprint after a 补发). Notes what the
    台账 cannot vouch for: a certificate it has no print of."""
    if not receiver.strip():
        raise UsageError("须写明领取人（--receiver）")
    found = book.get(number)
    if found.status != VALID:
        raise SkillplanError(f"证书 {found.number} {found.status}，不能核发")
    book.refuse_date(found, HANDED_OVER, date)
    if found.issue_date and date.isoformat() < found.issue_date:  # the 公示 first: a certificate is handed over once issued
        raise SkillplanError(f"核发日期 {date} 早于证书 {found.number} 的发证日期 {found.issue_date}：证书在认定结果公示期满、"
                             "发证日期之后才能核发")
    book.refuse_before_reprint(found, "，再核发新印的证书")  # what was lost is not handed over: the reprint is
    with book.transaction():
        last = book.db.execute("SELECT kind, date, detail FROM stock_events WHERE number=? AND kind IN (?,?) "
                               "ORDER BY id DESC LIMIT 1", (found.number, PRINTED, HANDED_OVER)).fetchone()
        if last and last[0] == HANDED_OVER:
            raise SkillplanError(f"证书 {found.number} 已于 {last[1]} 核发（{last[2]}），此后没有重新打印：一张证书只能核发一次"
                                 "（遗失的，先 ledger reissue 补发并重新打印）")
        _event(book, HANDED_OVER, date, found.number, "", f"领取人：{receiver.strip()}")
    return unprinted_note(book, found.number)


def unprinted_note(book: Ledger, number: str) -> list[str]:
    """A word when the 台账 has no print of the number: printed outside skillplan, or not yet."""
    return [] if book.prints(number) else [f"注意：台账中没有证书 {number} 的印制记录（证书若是在 skillplan 之外印制的，可忽略）"]


def summary(book: Ledger) -> list[list[str]]:
    """入库, 印制, 销毁 and 余存 counts of blanks, and prints recorded without a 流水码."""
    count = {k: n for k, n in book.db.execute("SELECT status, COUNT(*) FROM blanks GROUP BY status")}
    received = sum(count.values())
    unmarked = book.db.execute("SELECT COUNT(*) FROM stock_events WHERE kind=? AND blank=''", (PRINTED,)).fetchone()[0]
    return [["入库（张）", str(received)], ["印制（张）", str(count.get(PRINTED, 0))],
            ["销毁（张）", str(count.get(DESTROYED, 0))], ["余存（张）", str(count.get(IN_STOCK, 0))],
            ["未登记流水码的印制（份）", str(unmarked)]]


def ledger_rows(book: Ledger) -> list[list[str]]:
    """Every event of the numbers and of the stock, one row each: by date, and within a day in the
    order they were recorded."""
    people = {c.number: c for c in book.certificates()}
    rows = []
    for kind, date, number, blank, detail in book.all_events():
        c = people.get(number)
        rows.append([date, kind, number, c.name if c else "", c.occupation if c else "", LEVEL_NAMES[c.level] if c else "",
                     blank, detail])
    return rows


def _event(book: Ledger, kind: str, date: dt.date, number: str, blank: str, detail: str) -> None:
    book.db.execute(ADD_STOCK_EVENT, (kind, date.isoformat(), number, blank, detail))


