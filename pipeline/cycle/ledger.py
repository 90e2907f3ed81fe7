"""The certificate ledger (证书台账): an SQLite file beside the client that hands out certificate
numbers and records every issue, reissue (补发) and revocation (注销).

A number is the enterprise's 13-character prefix, the two-digit year, the level and a serial that
runs per year and level from 000001 (附件 coding rules). One person gets one number per
occupation and level: asking again returns the same number, so re-running results issues nothing
new. Numbers are never reused: revoked ones stay in the ledger and count for the next serial.
Every change runs in one IMMEDIATE transaction, so two processes at once never collide.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import SkillplanError, UsageError

FILE = "certificates.sqlite"
VALID, REVOKED = "有效", "已注销"
SCHEMA = """
CREATE TABLE IF NOT EXISTS certificates (
    number     TEXT PRIMARY KEY,
    id_number  TEXT NOT NULL,
    name       TEXT NOT NULL,
    occupation TEXT NOT NULL,
    level      INTEGER NOT NULL,
    year       INTEGER NOT NULL,
    serial     INTEGER NOT NULL,
    cycle      TEXT NOT NULL,
    issued_on  TEXT NOT NULL,
    status     TEXT NOT NULL,
    UNIQUE (id_number, occupation, level),
    UNIQUE (year, level, serial)
);
CREATE TABLE IF NOT EXISTS events (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    number TEXT NOT NULL REFERENCES certificates (number),
    kind   TEXT NOT NULL,
    date   TEXT NOT NULL,
    reason TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Certificate:
    """One certificate number and whom it was issued to."""

    number: str
    id_number: str
    name: str
    occupation: str
    level: int
    cycle: str
    issued_on: str
    status: str


class Ledger:
    """The client's certificate ledger; every change is one transaction, safe across processes."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            self.db.executescript(SCHEMA)
        except sqlite3.Error as e:
            raise SkillplanError(f"无法打开证书台账 {self.path}：{e}") from e

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc) -> None:
        self.db.close()

    def issue(self, prefix: str, id_number: str, name: str, occupation: str, level: int, date: dt.date,
              cycle: str) -> str:
        """The person's number for this occupation and level: the existing one, or the next serial."""
        self.db.execute("BEGIN IMMEDIATE")  # one writer at a time: the serial is read and used atomically
        try:
            row = self.db.execute("SELECT number FROM certificates WHERE id_number=? AND occupation=? AND level=?",
                                  (id_number, occupation, level)).fetchone()
            if row:
                self.db.execute("COMMIT")
                return row[0]
            (last,) = self.db.execute("SELECT COALESCE(MAX(serial), 0) FROM certificates WHERE year=? AND level=?",
                                      (date.year, level)).fetchone()
            if last >= 999_999:
                raise SkillplanError(f"{date.year}年{level}级的证书序列码已用完（999999）")
            number = f"{prefix}{date.year % 100:02d}{level}{last + 1:06d}"
            self.db.execute("INSERT INTO certificates VALUES (?,?,?,?,?,?,?,?,?,?)",
                            (number, id_number, name, occupation, level, date.year, last + 1, cycle,
                             date.isoformat(), VALID))
            self.db.execute("INSERT INTO events (number, kind, date, reason) VALUES (?,?,?,?)",
                            (number, "核发", date.isoformat(), f"认定批次 {cycle}"))
            self.db.execute("COMMIT")
            return number
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def record(self, number: str, kind: str, date: dt.date, reason: str) -> Certificate:
        """A reissue (补发) or revocation (注销) of an existing certificate, with its date and reason."""
        if not reason.strip():
            raise UsageError("须写明原因（--reason）")
        self.db.execute("BEGIN IMMEDIATE")
        try:
            found = self.get(number)
            if found.status == REVOKED:
                raise UsageError(f"证书 {number} 已于此前注销，不能再{kind}")
            if kind == "注销":
                self.db.execute("UPDATE certificates SET status=? WHERE number=?", (REVOKED, number))
            self.db.execute("INSERT INTO events (number, kind, date, reason) VALUES (?,?,?,?)",
                            (number, kind, date.isoformat(), reason.strip()))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return self.get(number)

    def get(self, number: str) -> Certificate:
        row = self.db.execute(f"SELECT {', '.join(Certificate.__dataclass_fields__)} FROM certificates "
                              "WHERE number=?", (number,)).fetchone()
        if row is None:
            raise UsageError(f"台账中没有证书编号 {number}")
        return Certificate(*row)

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM certificates").fetchone()[0]

    def certificates(self) -> list[Certificate]:
        rows = self.db.execute(f"SELECT {', '.join(Certificate.__dataclass_fields__)} FROM certificates "
                               "ORDER BY year, level DESC, serial").fetchall()
        return [Certificate(*row) for row in rows]

    def events(self, number: str) -> list[tuple[str, str, str]]:
        return self.db.execute("SELECT kind, date, reason FROM events WHERE number=? ORDER BY id",
                               (number,)).fetchall()
