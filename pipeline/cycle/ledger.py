"""The certificate ledger (证书台账): an SQLite file beside the client that hands out certificate
numbers and records every registration (编号登记), correction (更正), withdrawal (撤回), reissue
(补发) and revocation (注销).

A number is the enterprise's 13-character prefix, the two-digit year of its 发证日期, the level and a serial that
runs per year and level from 000001 (附件 coding rules). A number is for life: once withdrawn or
revoked it never comes back, and its serial is never handed out again. A person holds at most one
valid number per occupation and level; after a revocation they may be certified anew.

`results` reconciles a whole cycle in one IMMEDIATE transaction that the caller commits only after
its outputs are on disk, so a failed run leaves no trace and two runs never hand out one serial twice.
The database carries a schema version (PRAGMA user_version); older files are migrated in place on
first use, after a backup copy. It also keeps the day each cycle's approved list (省里确认的名单) was
given to `certificates --approved` (approvals), which `skillplan status` reads.
"""
from __future__ import annotations

import datetime as dt
import glob
import os
import shutil
import socket
import sqlite3
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from ..core import clock
from ..core.codes import LEVEL_NAMES
from ..core.durable import sync_dir
from ..core.errors import SkillplanError, UsageError, os_reason
from ..core.faults import COMMIT_FAILS, LEDGER_CREATED, failing, fault_point
from ..core.parallel import alive

FILE = "certificates.sqlite"
SCHEMA_VERSION = 6
VALID, REVOKED, WITHDRAWN = "有效", "已注销", "已撤回"
REGISTERED, CORRECTED, WITHDRAW, REISSUE, REVOKE = "编号登记", "更正", "撤回", "补发", "注销"
RETURNED = "收回"  # the original of a certificate reissued because it was damaged or wrong (seed: 核发新证的同时收回旧证)
# reasons for a 补发 that take the original back (证书损坏、证书信息错误); a lost one (遗失) is not
RETURN_WORDS = ("损坏", "破损", "污损", "残缺", "错误", "有误", "不符")
# what happens to a blank certificate (stock.py keeps that 台账; the tables are defined here)
RECEIVED, PRINTED, DESTROYED, HANDED_OVER = "入库", "印制", "销毁", "核发"
DEFAULT_ID_TYPE = "居民身份证"
LOCK_WAIT = 60.0  # seconds a second run waits for the first before giving up

CERTIFICATES = """
CREATE TABLE {name} (
    number     TEXT PRIMARY KEY,
    id_type    TEXT NOT NULL DEFAULT '居民身份证',
    id_number  TEXT NOT NULL,
    name       TEXT NOT NULL,
    occupation TEXT NOT NULL,
    level      INTEGER NOT NULL,
    year       INTEGER NOT NULL,
    serial     INTEGER NOT NULL,
    cycle      TEXT NOT NULL,
    issued_on  TEXT NOT NULL,
    status     TEXT NOT NULL,
    issue_date TEXT NOT NULL DEFAULT '',
    UNIQUE (year, level, serial)
);
"""
INDEX = "CREATE INDEX holders ON certificates (id_number, occupation, level);"
EVENTS = """
CREATE TABLE events (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    number TEXT NOT NULL REFERENCES certificates (number),
    kind   TEXT NOT NULL,
    date   TEXT NOT NULL,
    reason TEXT NOT NULL,
    recorded TEXT NOT NULL DEFAULT ''
);
"""
# the 台账 of blank certificates (annex 6 第十五条): 入库, 印制, 销毁, 核发; 余存 is what is 在库
STOCK = """
CREATE TABLE blanks (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    serial      TEXT NOT NULL UNIQUE,
    received_on TEXT NOT NULL,
    status      TEXT NOT NULL,
    number      TEXT
);
CREATE TABLE stock_events (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    kind   TEXT NOT NULL,
    date   TEXT NOT NULL,
    number TEXT NOT NULL DEFAULT '',
    blank  TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    recorded TEXT NOT NULL DEFAULT ''
);
"""
# version 3 added it: a number's prints are looked up by number (10,000 a run), not by scanning every event
PRINTS = "CREATE INDEX prints ON stock_events (number, kind);"
STOCK += PRINTS
# version 1 (no user_version) had UNIQUE (id_number, occupation, level), no id_type, and called the
# registration 核发 — a word annex 6 keeps for handing the certificate over
# (the new table is renamed into place, so the events keep referring to "certificates")
MIGRATE_FROM_1 = CERTIFICATES.format(name="certificates_v2") + f"""
INSERT INTO certificates_v2 (number, id_number, name, occupation, level, year, serial, cycle, issued_on, status)
    SELECT number, id_number, name, occupation, level, year, serial, cycle, issued_on, status FROM certificates;
DROP TABLE certificates;
ALTER TABLE certificates_v2 RENAME TO certificates;
{INDEX}
UPDATE events SET kind = '{REGISTERED}' WHERE kind = '核发';
""" + STOCK
CREATE = CERTIFICATES.format(name="certificates") + INDEX + EVENTS + STOCK
# version 4 added `recorded` (UTC, to the millisecond) to both kinds of event: the 台账 lists one day's
# events in the order they happened, a number's 补发 after the 入库 and 印制 that came before it
# (rows of earlier versions have "" and keep the order they had)
RECORDED = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
# version 5 added each certificate's 发证日期 (issue_date): the date it prints, whose year its number
# carries (docs/architecture.md, "One order for the ledger and the output": four dates); rows of earlier versions have "" (the print takes the
# cycle's 发证日期 then)
# version 6 added the approved lists (approvals): the day the province's approved list of a cycle was
# given to `certificates --approved` and printed from, and the list file's SHA-256 (docs/status.md:
# status leaves 待省里确认 then); a ledger of an earlier version has none (its prints stand for them)
APPROVALS = """
CREATE TABLE approvals (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    cycle    TEXT NOT NULL,
    date     TEXT NOT NULL,
    sha256   TEXT NOT NULL,
    file     TEXT NOT NULL DEFAULT '',
    numbers  INTEGER NOT NULL DEFAULT 0,
    recorded TEXT NOT NULL DEFAULT ''
);
"""
CREATE += APPROVALS
ADD_EVENT = f"INSERT INTO events (number, kind, date, reason, recorded) VALUES (?,?,?,?,{RECORDED})"
COLUMNS = "number, id_type, id_number, name, occupation, level, cycle, issued_on, status, issue_date"
# what each part of the 13-character prefix comes from (docs/architecture.md, "Codes"), as plan key and slice
PREFIX_PARTS = ((("certificate", "org_code"), 1, 5), (("company", "city"), 7, 9),
                (("company", "ownership"), 9, 10), (("certificate", "site_serial"), 10, 13))


def normal_number(text: str) -> str:
    """A number as typed: full-width characters folded, spaces dropped, letters upper case."""
    return "".join(unicodedata.normalize("NFKC", text).split()).upper()


@dataclass(frozen=True, slots=True)
class Certificate:
    """One certificate number and whom it was issued to."""

    number: str
    id_type: str
    id_number: str
    name: str
    occupation: str
    level: int
    cycle: str
    issued_on: str  # 认定日期 (the cycle's result date)
    status: str
    issue_date: str = ""  # 发证日期, as results registered it ("": a ledger from before version 5)


@dataclass(frozen=True)
class Holder:
    """Someone who passed: the person, the occupation and level, and their roster row for messages."""

    id_number: str
    name: str
    occupation: str
    level: int
    row: int = 0
    id_type: str = DEFAULT_ID_TYPE

    @property
    def key(self) -> tuple[str, str, int]:
        """One valid number per person, occupation and level: the key it is held under."""
        return self.id_number, self.occupation, self.level


@dataclass
class Reconciled:
    """What a `results` run did to the ledger, so the command can say what changed."""

    numbers: dict[tuple[str, str, int], str] = field(default_factory=dict)  # valid number per holder key
    registered: list[str] = field(default_factory=list)
    kept: int = 0
    corrected: list[tuple[str, str, str]] = field(default_factory=list)  # number, old name, new name
    withdrawn: list[Certificate] = field(default_factory=list)
    revoked: list[Certificate] = field(default_factory=list)  # passed, but this cycle's number was revoked
    issue_date: str = ""  # the cycle's 发证日期, when it changed since numbers were registered
    redated: int = 0  # numbers not yet printed that took it
    kept_dates: list[Certificate] = field(default_factory=list)  # not printed, of another year: kept theirs

    def lines(self) -> list[str]:
        """One line per change a careful reader must not miss."""
        return ([f"更正姓名：{n}  {old} → {new}" for n, old, new in self.corrected]
                + [f"发证日期改为 {self.issue_date}：本批已登记、尚未印制的 {self.redated} 个编号随之更改"] * bool(self.redated)
                + [f"{len(self.kept_dates)} 个编号仍为登记时的发证日期：编号第14-15位是发证年份，与新的发证日期 "
                   f"{self.issue_date} 的年份不同，编号终身不变：" + "、".join(f"{c.number}（{c.issue_date or '未登记'}）"
                                                               for c in self.kept_dates[:10])
                   + ("等" if len(self.kept_dates) > 10 else "")] * bool(self.kept_dates)
                + [f"撤回编号：{c.number}  {c.name}  {c.occupation}  {LEVEL_NAMES[c.level]}（不在本批合格名单中）"
                   for c in self.withdrawn]
                + [f"已注销，不列入结果：{c.number}  {c.name}  {c.occupation}  {LEVEL_NAMES[c.level]}" for c in self.revoked])


@dataclass(frozen=True)
class CycleProgress:
    """What the 台账 says of one cycle's certificates (skillplan status): numbers registered (any
    status) and valid; of the valid, those on paper (printed, or handed over from a print made
    outside skillplan), those handed over since their last print, those printed and not handed over,
    those whose 补发 awaits its print; the days its approved list was given to `certificates
    --approved`; the oldest print not handed over and the last hand-over (YYYY-MM-DD, "" when none)."""

    registered: int = 0
    valid: int = 0
    printed: int = 0
    handed: int = 0
    unhanded: int = 0
    reprints: int = 0
    approvals: tuple[str, ...] = ()
    unhanded_since: str = ""
    last_handover: str = ""
    last_revoked: str = ""  # when the latest 注销 of a number of the cycle was recorded (UTC, as `recorded`)

    @property
    def approved(self) -> bool:
        """The approved list was given: recorded (version 6 on), or before that, any print of the cycle."""
        return bool(self.approvals) or self.printed > 0

    @property
    def unprinted(self) -> int:
        """Valid numbers never printed."""
        return self.valid - self.printed


@dataclass
class _Tally:
    """A cycle's numbers as progress() reads them: each valid number's prints, hand-overs and 补发."""

    registered: int = 0
    papers: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    approvals: list[str] = field(default_factory=list)
    last_revoked: str = ""

    def progress(self) -> CycleProgress:
        printed = reprints = 0
        waiting, handovers = [], []
        for events in self.papers.values():
            prints = [date for kind, date in events if kind == PRINTED]
            paper = [e for e in events if e[0] in (PRINTED, HANDED_OVER)]
            printed += bool(paper)
            # a 补发 not printed again (ledger.pending_reissue): as many 补发 as prints, or more
            reprints += bool(prints) and sum(int(n) for kind, n in events if kind == REISSUE) >= len(prints)
            if paper and paper[-1][0] == HANDED_OVER:
                handovers.append(paper[-1][1])
            elif prints:
                waiting.append(prints[-1])
        return CycleProgress(self.registered, len(self.papers), printed, len(handovers), len(waiting), reprints,
                             tuple(self.approvals), min(waiting, default=""), max(handovers, default=""), self.last_revoked)


class AlreadyCertified(SkillplanError):
    """Applicants who already hold a valid certificate for this occupation and level."""

    def __init__(self, repeats: list[tuple[Holder, Certificate]]):
        super().__init__(f"{len(repeats)} 人已持有所申报职业等级的有效证书")
        self.repeats = repeats


def holder_of(candidate) -> Holder:
    """A roster's candidate as the ledger keys them."""
    return Holder(candidate.id_number, candidate.name, candidate.occupation, candidate.level, candidate.row,
                  getattr(candidate, "id_type", DEFAULT_ID_TYPE))


def refuse_a_second_ledger(usual: Path, given: Path) -> None:
    """A --ledger path that names no ledger yet starts one from serial 000001: refused where that is
    surely a slip (its folder is missing, or the client already keeps a ledger beside its plan),
    as the new one would hand out numbers the real one already has."""
    if given.is_file() and given.stat().st_size:
        return
    if not given.parent.is_dir():
        raise UsageError(f"--ledger {given}：文件夹 {given.parent} 不存在。")
    if usual.is_file() and usual.resolve() != given.resolve():
        raise UsageError(f"--ledger 指定的证书台账 {given} 不存在（或是空文件），而客户文件夹中已有证书台账 {usual}："
                         "新建一份台账会从 000001 重新取号，与已登记的编号重复。请检查路径；确要另起新台账，先把原台账移走。")


def takes_back(reason: str) -> bool:
    """Whether a 补发's reason is one that takes the original back: damaged, or its information wrong."""
    return any(word in reason for word in RETURN_WORDS)


def repeat_message(c: Certificate) -> str:
    """Why a repeat applicant is refused, with the number they already hold."""
    return (f"已持有{c.occupation}{LEVEL_NAMES[c.level]}证书（编号 {c.number}，{c.cycle} 批次登记），"
            "同一职业同一等级不能重复认定")


# a ledger of an earlier version dated registrations and prints on a 认定日期 still to come
DATE_HINT = "（由旧版 skillplan 按认定日期登记，晚于今天）：须到该日期之后才能登记"
DAMAGED = "台账文件为空或已损坏，请从备份恢复"
_HEADER = b"SQLite format 3\x00"
# the tables each version has (a file that lacks them is damaged, not a ledger to start afresh)
TABLES = {1: {"certificates", "events"}, 2: {"certificates", "events", "blanks", "stock_events"},
          6: {"certificates", "events", "blanks", "stock_events", "approvals"}}


class LedgerNotUpdated(SkillplanError):
    """The ledger's transaction did not commit (a full disk, a read-only file …): nothing of it was recorded."""

    def __init__(self, path: Path, reason: str, nothing: str = "本次没有记入任何改动"):
        super().__init__(f"证书台账 {path} 未能更新（{reason}），{nothing}")
        self.path, self.reason = path, reason

    def saying(self, nothing: str) -> LedgerNotUpdated:
        """The same failure, saying what a command did not do (register, print, publish)."""
        return LedgerNotUpdated(self.path, self.reason, nothing)


class Ledger:
    """The client's certificate ledger; every change is one transaction, safe across processes.

    create=False opens only an existing file (reading never creates an empty ledger). A new ledger is
    built in a temporary file beside its place and renamed into place after its first commit, so no
    kill leaves an empty or half-made ledger behind. read_only: the file is opened read-only and never
    written (a ledger of an older version is read through a migrated copy in memory). An existing file
    that is empty, not a database, lacks its tables or fails SQLite's integrity_check is refused as damaged."""

    def __init__(self, path: Path, create: bool = True, today: Callable[[], dt.date] | None = None,
                 read_only: bool = False):
        self.path, self.today, self.read_only = Path(path), today or clock.today, read_only
        self.pending: Path | None = None  # the temporary file of a ledger not yet committed once
        if not self.path.exists() and (not create or read_only):
            raise UsageError(f"证书台账 {self.path} 不存在。")
        try:
            if self.path.exists():
                self._open_existing()
            else:
                self._create()
        except sqlite3.Error as e:
            raise SkillplanError(f"无法打开证书台账 {self.path}：{sqlite_reason(e)}") from e

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Close the file; a new ledger that never committed leaves nothing behind."""
        self.db.close()
        if self.pending is not None:
            self.pending.unlink(missing_ok=True)
            self.pending = None

    def _open_existing(self) -> None:
        if not self.path.is_file():
            raise SkillplanError(f"证书台账 {self.path} 不是文件")
        _refuse_damaged(self.path)
        if self.read_only:
            _finish_interrupted_write(self.path)
            self.db = sqlite3.connect(self.path.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None)
        else:
            self.db = sqlite3.connect(self.path, timeout=LOCK_WAIT, isolation_level=None)
        self._check_integrity()
        if self._version() < SCHEMA_VERSION and self.read_only:  # read as it is: migrated in memory only
            copy = sqlite3.connect(":memory:", isolation_level=None)
            self.db.backup(copy)
            self.db.close()
            self.db = copy
        self._upgrade()

    def _create(self) -> None:
        """A new ledger in a temporary file beside its place (see transaction: renamed after its first commit)."""
        for leftover in self.path.parent.glob(f".{glob.escape(self.path.name)}.new-*-*"):
            pid = leftover.name.rsplit(".new-", 1)[1].split("-")[0]
            if not (pid.isdigit() and alive(int(pid))):
                leftover.unlink(missing_ok=True)  # a first run killed before its commit: never a ledger
        try:
            fd, name = tempfile.mkstemp(prefix=f".{self.path.name}.new-{os.getpid()}-", dir=self.path.parent)
        except OSError as e:
            raise SkillplanError(f"无法在 {self.path.parent} 新建证书台账：{os_reason(e)}") from e
        os.close(fd)
        self.pending = Path(name)
        self.db = sqlite3.connect(self.pending, timeout=LOCK_WAIT, isolation_level=None)
        self._upgrade()

    def _check_integrity(self) -> None:
        """A file SQLite opens but whose tables are missing or whose pages are damaged is no ledger to use."""
        tables = self._tables()
        version = self._version()
        if version > SCHEMA_VERSION:
            return  # a newer skillplan's: _upgrade says so
        needed = TABLES[1] if version == 0 else TABLES[6] if version >= 6 else TABLES[2]
        if not tables >= needed:
            raise SkillplanError(f"证书台账 {self.path}：{DAMAGED}（缺少数据表 {'、'.join(sorted(needed - tables))}）")
        # integrity_check, not quick_check: it also proves every index holds exactly the table's rows (an
        # index older than its rows passes quick_check, and would give a registered number again); 0.12 s
        # for 100,000 certificates
        check = [row[0] for row in self.db.execute("PRAGMA integrity_check")]
        if check != ["ok"]:
            raise SkillplanError(f"证书台账 {self.path}：{DAMAGED}（完整性检查未通过）")

    def _tables(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}

    def transaction(self):
        """One writer at a time: serials are read and used atomically; nothing stays on failure. A new
        ledger's first commit also puts its file in place."""
        return self._transaction(settle=True)

    @contextmanager
    def _transaction(self, settle: bool) -> Iterator[None]:
        if self.read_only:
            raise SkillplanError(f"证书台账 {self.path} 以只读方式打开，不能更改")
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield
                if failing(COMMIT_FAILS):
                    raise sqlite3.OperationalError("database or disk is full")
            except BaseException:
                if self.db.in_transaction:  # SQLite rolls back by itself on a full disk: the reason stays the disk
                    self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
        except sqlite3.Error as e:  # locked for over a minute, a full disk, a damaged file
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise LedgerNotUpdated(self.path, sqlite_reason(e)) from e
        if settle and self.pending is not None:
            self._settle()

    def _settle(self) -> None:
        """The new ledger's temporary file, committed, takes its place (and is opened there: SQLite
        names its journal after the path it opened)."""
        self.db.close()
        fault_point(LEDGER_CREATED)
        try:
            _place_new(self.pending, self.path)
        except FileExistsError as e:  # another process made the ledger meanwhile: ours would hide its numbers
            raise LedgerNotUpdated(self.path, "另一个进程同时新建了证书台账，请重新运行") from e
        except OSError as e:
            raise LedgerNotUpdated(self.path, f"新建的台账无法放到此处：{os_reason(e)}") from e
        self.pending = None
        sync_dir(self.path.parent)
        self.db = sqlite3.connect(self.path, timeout=LOCK_WAIT, isolation_level=None)

    def _version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _upgrade(self) -> None:
        if self._version() == SCHEMA_VERSION:
            return
        if self._version() > SCHEMA_VERSION:
            raise SkillplanError(f"证书台账 {self.path} 由更新版本的 skillplan 写入（格式版本 {self._version()}），"
                                 "请升级 skillplan")
        in_memory = self.read_only
        if not in_memory and self.pending is None and not os.access(self.path, os.W_OK):
            raise SkillplanError(f"证书台账 {self.path} 为旧版格式（版本 {self._version() or 1}），须升级后才能写入，"
                                 "但文件是只读的：请取得写权限后重新运行")
        backup = None
        try:
            with self._transaction(settle=False) if not in_memory else nullcontext():
                version = self._version()  # another process may have upgraded it meanwhile
                if version == 0 and "certificates" in self._tables() and not in_memory:
                    backup = self._backup(1)
                self._migrate(version)
        except BaseException:
            if backup is not None:
                backup.unlink(missing_ok=True)  # a failed upgrade leaves no backup per try
            raise

    def _migrate(self, version: int) -> None:
        if version == 0:
            script = MIGRATE_FROM_1 if "certificates" in self._tables() else CREATE
            for statement in _statements(script):
                self.db.execute(statement)
        elif version == 2:
            self.db.execute(PRINTS)
        for table, column in (("events", "recorded"), ("stock_events", "recorded"), ("certificates", "issue_date")):
            if column not in {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}:
                self.db.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
                if column == "issue_date":  # a certificate printed by an earlier version bears its 认定日期
                    self.db.execute("UPDATE certificates SET issue_date = issued_on WHERE number IN "
                                    "(SELECT number FROM stock_events WHERE kind=?)", (PRINTED,))
        if "approvals" not in self._tables():
            self.db.execute(APPROVALS)
        self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _backup(self, version: int) -> Path:
        """A copy of the file as it was, beside it, before its tables change (never overwriting one)."""
        n, target = 1, self.path.with_name(f"{self.path.stem}.v{version}-备份{self.path.suffix}")
        while target.exists():
            n += 1
            target = self.path.with_name(f"{self.path.stem}.v{version}-备份{n}{self.path.suffix}")
        try:
            shutil.copyfile(self.path, target)  # safe: our IMMEDIATE transaction keeps writers out
        except OSError as e:
            target.unlink(missing_ok=True)
            raise SkillplanError(f"升级证书台账前无法备份到 {target}：{os_reason(e)}") from e
        return target

    # ---- a cycle's results ------------------------------------------------------------------

    def reconcile(self, prefix: str, cycle: str, result_date: dt.date, passing: list[Holder],
                  issue_date: dt.date | None = None) -> Reconciled:
        """Make the ledger agree with this cycle's pass list; call inside transaction().

        Those who keep passing keep their number (a changed name is a 更正); the newly passing are
        registered, on today's date, with the cycle's 认定日期 (result_date) and 发证日期 (issue_date,
        else the 认定日期), whose year their numbers carry; numbers of people no longer passing are
        withdrawn; a number revoked stays dead and its holder is left out.
        Applicants already certified in another cycle are refused, and so is any change to a
        certificate on paper (its name, ID or level printed): that takes a 注销 or 补发 first."""
        self.check_prefix(prefix)
        mine = {c_key(c): c for c in self._query("cycle=? AND status!=?", (cycle, WITHDRAWN))}
        repeats = self.held_elsewhere(cycle, passing)
        if repeats:
            raise AlreadyCertified(repeats)
        done, fresh, renamed = Reconciled(), [], []
        for h in passing:
            held = mine.get(h.key)
            if held is None:
                fresh.append(h)
            elif held.status == REVOKED:
                done.revoked.append(held)
            else:
                done.numbers[h.key], done.kept = held.number, done.kept + 1
                if held.name != h.name:
                    renamed.append((held, h.name))
        keys = {h.key for h in passing}
        leaving = [held for held in mine.values() if held.status == VALID and c_key(held) not in keys]
        self._refuse_changing_printed(leaving, renamed, fresh)
        when = self.today().isoformat()
        for held, name in renamed:
            self._correct(held, name, when)
            done.corrected.append((held.number, held.name, name))
        self._register(prefix, cycle, (result_date, issue_date or result_date), fresh, done)
        for held in leaving:
            self._change(held.number, WITHDRAWN, WITHDRAW, when, f"不在认定批次 {cycle} 的合格名单中（成绩或名册更正）")
            done.withdrawn.append(held)
        self._redate(cycle, issue_date or result_date, done)
        return done

    def _redate(self, cycle: str, issue_date: dt.date, done: Reconciled) -> None:
        """The cycle's 发证日期 changed since its numbers were registered (a key set, a 公示 longer): the
        numbers not on paper take it when it lies in the year they carry; the others keep theirs."""
        when = issue_date.isoformat()
        stale = self._query("cycle=? AND status=? AND issue_date!=?", (cycle, VALID, when))
        if not stale:
            return
        paper = self.on_paper([c.number for c in stale])
        year = f"{issue_date.year % 100:02d}"
        movable = {c.number for c in stale if c.number not in paper and c.number[13:15] == year}
        self.db.executemany("UPDATE certificates SET issue_date=? WHERE number=?", ((when, n) for n in movable))
        done.issue_date, done.redated = when, len(movable)
        done.kept_dates = [c for c in stale if c.number not in movable and c.number not in paper]

    def _refuse_changing_printed(self, leaving: list[Certificate], renamed: list[tuple[Certificate, str]],
                                 fresh: list[Holder]) -> None:
        """A certificate on paper (maybe in its holder's hands) is never changed quietly by a re-run: not
        withdrawn, not renamed. Its prints are listed with what to do."""
        paper = self.on_paper([c.number for c in leaving] + [c.number for c, _ in renamed])
        gone = [c for c in leaving if c.number in paper]
        # a 补发 not yet printed again (or a destroyed blank) is where a corrected name is printed
        names = [(c, name) for c, name in renamed if c.number in paper and not self.pending_reissue(c.number)]
        if not gone and not names:
            return
        lines = ["以下证书已印制，本次结果会改动它们，台账不能自动改动（台账和输出均未改动）："]
        lines += [f"  {c.number}  {c.name}  {c.occupation}  {LEVEL_NAMES[c.level]}：{_change_of(c, fresh)}；{'；'.join(paper[c.number])}"
                  for c in gone]
        lines += [f"  {c.number}  {c.name}  {c.occupation}  {LEVEL_NAMES[c.level]}：姓名更正为“{name}”，证书上仍是原姓名；"
                  f"{'；'.join(paper[c.number])}" for c, name in names]
        if gone:
            lines.append("不再合格或证件号码、等级有误的：如果是成绩或名册录错，请改正后重新运行；确需收回证书时，先运行 skillplan "
                         "ledger revoke 客户 编号 --reason 原因（注销），收回后用 ledger destroy 登记销毁其流水码，再重新运行 results。")
        if names:
            lines.append("姓名有误的：证书尚未交给持证人的，先用 skillplan ledger destroy 客户 流水码 --reason 姓名有误 销毁该证；"
                         "已交给持证人的，收回旧证，用 skillplan ledger reissue 客户 编号 --reason 证书信息错误 登记补发。"
                         "然后重新运行 results，再用 skillplan certificates 客户 --cycle 批次 --number 编号 重印。")
        raise SkillplanError("\n".join(lines))

    def on_paper(self, numbers: list[str]) -> dict[str, list[str]]:
        """The numbers whose certificate exists on paper — handed over, or printed on a blank not
        destroyed since — each with its prints and hand-overs as the 台账 says them."""
        history: dict[str, list[tuple[str, str, str, str]]] = {}
        for number, kind, date, blank, detail in self.select_in(
                "SELECT number, kind, date, blank, detail FROM stock_events WHERE kind IN (?,?) AND number IN ({}) "
                "ORDER BY id", numbers, PRINTED, HANDED_OVER):
            history.setdefault(number, []).append((kind, date, blank, detail))
        blanks = [blank for events in history.values() for _, _, blank, _ in events if blank]
        destroyed = {b for (b,) in self.select_in("SELECT serial FROM blanks WHERE status=? AND serial IN ({})",
                                                  blanks, DESTROYED)}
        return {number: [f"{date} {kind}" + (f"（流水码 {blank}）" if blank else "")
                         + (f"（{detail}）" if kind == HANDED_OVER else "") for kind, date, blank, detail in events]
                for number, events in history.items()
                if any(kind == HANDED_OVER for kind, *_ in events) or events[-1][2] not in destroyed}

    def held_elsewhere(self, cycle: str, passing: list[Holder]) -> list[tuple[Holder, Certificate]]:
        """Those who already hold a valid number for the same occupation and level from another cycle:
        one query joining the pass list (a temporary table) to the ledger, not one query a person."""
        self.db.execute("CREATE TEMP TABLE passing (id_number TEXT, occupation TEXT, level INTEGER)")
        try:
            self.db.executemany("INSERT INTO passing VALUES (?,?,?)", (h.key for h in passing))
            held = self._query("status=? AND cycle!=? AND (id_number, occupation, level) IN "
                               "(SELECT id_number, occupation, level FROM passing)", (VALID, cycle))
        finally:
            self.db.execute("DROP TABLE temp.passing")
        by_key: dict[tuple, list[Certificate]] = {}
        for c in held:
            by_key.setdefault(c_key(c), []).append(c)
        return [(h, c) for h in passing for c in by_key.get(h.key, ())]

    def certified_in(self, year: int, cycle: str, id_numbers: list[str]) -> dict[str, list[Certificate]]:
        """同一年度一人一证: the valid certificates of other cycles issued in the year (their number's
        14th–15th digits), by holder, of the people given (one query, through a temporary table)."""
        self.db.execute("CREATE TEMP TABLE applicants (id_number TEXT)")
        try:
            self.db.executemany("INSERT INTO applicants VALUES (?)", ((n,) for n in id_numbers))
            found = self._query("status=? AND cycle!=? AND substr(number, 14, 2)=? AND id_number IN "
                                "(SELECT id_number FROM applicants)", (VALID, cycle, f"{year % 100:02d}"))
        finally:
            self.db.execute("DROP TABLE temp.applicants")
        by_holder: dict[str, list[Certificate]] = {}
        for c in found:
            by_holder.setdefault(c.id_number, []).append(c)
        return by_holder

    def _register(self, prefix: str, cycle: str, dates: tuple[dt.date, dt.date], fresh: list[Holder],
                  done: Reconciled) -> None:
        """New numbers in roster order, serials per year (the 发证日期's) and level after every number
        ever used; the certificate keeps its 认定日期 and 发证日期, the 编号登记 is dated today (the day
        it happened)."""
        result_date, issue_date = dates
        year, date, reason, numbered = issue_date.year, result_date.isoformat(), f"认定批次 {cycle}", []
        last = dict(self.db.execute("SELECT level, MAX(serial) FROM certificates WHERE year=? GROUP BY level", (year,)))
        for h in fresh:
            serial = last.get(h.level, 0) + 1
            if serial > 999_999:
                raise SkillplanError(f"{year}年{LEVEL_NAMES[h.level]}的证书序列码已用完（999999）")
            last[h.level] = serial
            number = f"{prefix}{year % 100:02d}{h.level}{serial:06d}"
            numbered.append((h, number, serial))
            done.numbers[h.key] = number
            done.registered.append(number)
        # rows made as SQLite takes them: 10,000 registrations are not first built as two more lists
        self.db.executemany(f"INSERT INTO certificates ({COLUMNS}, year, serial) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                            ((number, h.id_type, h.id_number, h.name, h.occupation, h.level, cycle, date, VALID,
                              issue_date.isoformat(), year, serial) for h, number, serial in numbered))
        today = self.today().isoformat()
        self.db.executemany(ADD_EVENT, ((number, REGISTERED, today, reason) for _, number, _ in numbered))

    def _correct(self, held: Certificate, name: str, when: str) -> None:
        self.db.execute("UPDATE certificates SET name=? WHERE number=?", (name, held.number))
        self.db.execute(ADD_EVENT,
                        (held.number, CORRECTED, when, f"姓名由“{held.name}”更正为“{name}”"))

    def _change(self, number: str, status: str, kind: str, when: str, reason: str) -> None:
        self.db.execute("UPDATE certificates SET status=? WHERE number=?", (status, number))
        self.db.execute(ADD_EVENT, (number, kind, when, reason))

    def date_issues(self, dated: list[tuple[str, str]]) -> None:
        """The 发证日期 (number, YYYY-MM-DD) the certificates printed now bear; call inside transaction()."""
        self.db.executemany("UPDATE certificates SET issue_date=? WHERE number=?", ((d, n) for n, d in dated))

    def record_approval(self, cycle: str, date: dt.date, digest: str, file: str, numbers: int) -> None:
        """The province's approved list of the cycle given to `certificates --approved` on date (its
        file's name and SHA-256, how many numbers it printed); call inside transaction(), with the prints."""
        self.db.execute(f"INSERT INTO approvals (cycle, date, sha256, file, numbers, recorded) VALUES (?,?,?,?,?,{RECORDED})",
                        (cycle, date.isoformat(), digest, file, numbers))

    def issued_prefixes(self) -> list[str]:
        """The 13-character prefixes of every number ever registered (one, unless something went wrong)."""
        return [r[0] for r in self.db.execute("SELECT DISTINCT substr(number, 1, 13) FROM certificates ORDER BY 1")]

    def check_prefix(self, prefix: str) -> None:
        """Numbers are for life: once registered, what the prefix depends on cannot change."""
        for issued in self.issued_prefixes():
            if issued != prefix:
                raise SkillplanError("；".join(m for _, m in prefix_changes(issued, prefix)) or
                                     f"台账中的证书编号前缀为 {issued}，与方案的 {prefix} 不符")

    # ---- reissue and revoke ---------------------------------------------------------------

    def record(self, number: str, kind: str, date: dt.date, reason: str,
               returned: Callable[[Certificate], None] | None = None) -> Certificate:
        """A reissue (补发) or revocation (注销) of a valid certificate, dated and with its reason.
        returned: a reissue whose original is taken back (damaged, or its information wrong): its
        收回 is recorded too, and returned(the certificate) runs in the same transaction (stock.py
        destroys the original's blank).

        History cannot contradict itself: no event in the future, none before the registration or
        the certificate's latest event, nothing after a revocation or withdrawal."""
        if not reason.strip():
            raise UsageError("须写明原因（--reason）")
        number = normal_number(number)
        with self.transaction():
            found = self.get(number)
            self._refuse_contradiction(found, kind, date)
            if kind == REVOKE:
                self._change(number, REVOKED, REVOKE, date.isoformat(), reason.strip())
            else:
                self.db.execute(ADD_EVENT, (number, kind, date.isoformat(), reason.strip()))
            if kind == REISSUE and returned is not None:
                self.db.execute(ADD_EVENT, (number, RETURNED, date.isoformat(), f"补发时收回原证书（{reason.strip()}）"))
                returned(found)
        return self.get(number)

    def _refuse_contradiction(self, found: Certificate, kind: str, date: dt.date) -> None:
        if found.status != VALID:
            raise SkillplanError(f"证书 {found.number} {found.status}，不能再{kind}")
        self.refuse_date(found, kind, date)
        if kind == REISSUE:
            self.refuse_before_reprint(found)

    def refuse_date(self, found: Certificate, kind: str, date: dt.date) -> None:
        """A record of the certificate is dated no earlier than its latest record (its registration, a
        print or a hand-over: the 台账 never shows one lost before it existed), and not after today."""
        *_, (kind_then, latest, *_) = self.all_events(found.number)
        # an older skillplan dated the 编号登记 on the 认定日期, which may still be ahead
        ahead = kind_then == REGISTERED and latest > self.today().isoformat()
        self.refuse_early(kind, date, latest, f"证书 {found.number} 的最近一条记录（{latest} {kind_then}）", ahead)
        self.refuse_future(kind, date)

    def refuse_early(self, kind: str, date: dt.date, earliest: str, what: str, registered_ahead: bool = False) -> None:
        """No record dated before what it follows (what names that, with its date; registered_ahead: it is
        a registration an older skillplan dated ahead of today, which the message explains)."""
        if date.isoformat() < earliest:
            raise SkillplanError(f"{kind}日期 {date} 早于{what}" + (DATE_HINT if registered_ahead else ""))

    def refuse_future(self, kind: str, date: dt.date) -> None:
        """No record of what has not happened yet (a date after today)."""
        if date > self.today():
            raise SkillplanError(f"{kind}日期 {date} 晚于今天（{self.today()}），不能登记尚未发生的事。")

    def refuse_before_reprint(self, found: Certificate, then: str = "") -> None:
        """A 补发 not yet printed again holds up what follows it (another 补发, a 核发): then says what to do after."""
        if pending := self.pending_reissue(found.number):
            raise SkillplanError(f"证书 {found.number} 已于 {pending} 登记补发，尚未重新打印：先运行 skillplan certificates "
                                 f"客户 --cycle {found.cycle} --number {found.number}{then}")

    def prints(self, number: str) -> int:
        """How many times the number was printed (0: never by skillplan: a ledger kept before the
        台账 of blanks, or a certificate printed elsewhere)."""
        return self.db.execute("SELECT COUNT(*) FROM stock_events WHERE kind=? AND number=?",
                               (PRINTED, number)).fetchone()[0]

    def pending_reissue(self, number: str) -> str | None:
        """The date of a 补发 not yet printed again (each reissue is owed one print beyond the first)."""
        reissues = [date for kind, date, _ in self.events(number) if kind == REISSUE]
        printed = self.prints(number)
        return reissues[-1] if printed and len(reissues) >= printed else None

    def all_events(self, number: str | None = None) -> Iterator[tuple[str, str, str, str, str]]:
        """(kind, date, number, blank, detail) of every event of the numbers and of the stock (of one
        number, when given): by date, and within a day in the order they were recorded."""
        where = "WHERE number=:n" if number is not None else ""
        rows = self.db.execute(f"SELECT kind, date, number, '', reason, recorded, 0, id FROM events {where} UNION ALL "
                               f"SELECT kind, date, number, blank, detail, recorded, 1, id FROM stock_events {where} "
                               "ORDER BY 2, 6, 7, 8", {"n": number})
        return (row[:5] for row in rows)

    def history(self, number: str) -> list[tuple[str, str, str]]:
        """Everything the 台账 holds on a number, its prints, hand-overs and destruction included:
        (date, kind, what)."""
        return [(date, kind, f"{detail}（流水码 {blank}）" if blank and detail else f"流水码 {blank}" if blank else detail)
                for kind, date, _, blank, detail in self.all_events(number)]

    # ---- reading --------------------------------------------------------------------------

    def select_in(self, sql: str, values: list[str], *args: str) -> Iterator[tuple]:
        """The rows of a query whose `IN ({})` holds a long list (10,000 numbers), asked in parts of
        500: SQLite takes a limited number of parameters. args fill the `?` before the list."""
        for start in range(0, len(values), 500):
            part = values[start:start + 500]
            yield from self.db.execute(sql.format(",".join("?" * len(part))), (*args, *part))

    def _query(self, where: str, args: tuple) -> list[Certificate]:
        rows = self.db.execute(f"SELECT {COLUMNS} FROM certificates WHERE {where} "
                               "ORDER BY year, level DESC, serial", args)
        # one string per distinct ID type, occupation, cycle, date and status (interned): SQLite hands
        # out a new one for every row, and a cycle's 10,000 certificates share a handful
        return [Certificate(number, sys.intern(id_type), id_number, name, sys.intern(occupation), level,
                            sys.intern(cycle), sys.intern(issued_on), sys.intern(status), sys.intern(issue_date))
                for number, id_type, id_number, name, occupation, level, cycle, issued_on, status, issue_date in rows]

    def get(self, number: str) -> Certificate:
        """The certificate with this number (typed in any case, with or without spaces)."""
        found = self._query("number=?", (normal_number(number),))
        if not found:
            raise SkillplanError(f"台账中没有证书编号 {normal_number(number)}")
        return found[0]

    def knows(self, number: str) -> bool:
        """Whether the number was ever registered (whatever its status now)."""
        return self.db.execute("SELECT 1 FROM certificates WHERE number=?", (normal_number(number),)).fetchone() is not None

    def count(self) -> int:
        """How many numbers were ever registered, dead ones included."""
        return self.db.execute("SELECT COUNT(*) FROM certificates").fetchone()[0]

    def certificates(self) -> list[Certificate]:
        """Every number ever registered, by year, level and serial."""
        return self._query("1", ())

    def of_cycle(self, cycle: str) -> list[Certificate]:
        """Every number registered for the cycle, whatever its status now."""
        return self._query("cycle=?", (cycle,))

    def progress(self) -> dict[str, CycleProgress]:
        """Where each cycle's certificates stand (skillplan status): three queries for the whole
        台账, not one per number."""
        found: dict[str, _Tally] = {}
        for number, cycle, status in self.db.execute("SELECT number, cycle, status FROM certificates"):
            tally = found.setdefault(cycle, _Tally())
            tally.registered += 1
            if status == VALID:
                tally.papers[number] = []
        papers = {number: tally.papers[number] for tally in found.values() for number in tally.papers}
        for number, kind, date in self.db.execute("SELECT number, kind, date FROM stock_events WHERE kind IN (?,?) "
                                                  "ORDER BY id", (PRINTED, HANDED_OVER)):
            if number in papers:
                papers[number].append((kind, date))
        for number, count in self.db.execute("SELECT number, COUNT(*) FROM events WHERE kind=? GROUP BY number",
                                             (REISSUE,)):
            if number in papers:
                papers[number].append((REISSUE, str(count)))
        for cycle, recorded in self.db.execute("SELECT c.cycle, MAX(e.recorded) FROM events e JOIN certificates c "
                                               "ON c.number = e.number WHERE e.kind=? GROUP BY c.cycle", (REVOKE,)):
            found.setdefault(cycle, _Tally()).last_revoked = recorded or ""
        if "approvals" in self._tables():  # a ledger of an earlier version read as it is
            for cycle, date in self.db.execute("SELECT cycle, date FROM approvals ORDER BY id"):
                found.setdefault(cycle, _Tally()).approvals.append(date)
        return {cycle: tally.progress() for cycle, tally in found.items()}

    def events(self, number: str) -> list[tuple[str, str, str]]:
        """A certificate's history in the order it was recorded: (kind, date, reason)."""
        return self.db.execute("SELECT kind, date, reason FROM events WHERE number=? ORDER BY id",
                               (normal_number(number),)).fetchall()


def _place_new(made: Path, path: Path) -> None:
    """A new ledger's file into its place, never over one another process made meanwhile (a hard
    link fails where the name exists); a plain rename where the file system has no hard links."""
    try:
        os.link(made, path)
    except FileExistsError:
        raise
    except OSError:
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(made, path)
        return
    made.unlink()


def _refuse_damaged(path: Path) -> None:
    """An empty file (a failed copy, `> file`) or one that is not an SQLite database is no ledger:
    refused, never taken for a new one (that would number everyone from 000001 again)."""
    try:
        with open(path, "rb") as f:
            head = f.read(len(_HEADER))
    except OSError as e:
        raise SkillplanError(f"无法读取证书台账 {path}：{os_reason(e)}") from e
    if head != _HEADER:
        raise SkillplanError(f"证书台账 {path}：{DAMAGED}" + ("（文件为空）" if not head else "（不是证书台账文件）"))


def _finish_interrupted_write(path: Path) -> None:
    """A write killed half-way leaves a hot journal (certificates.sqlite-journal) that only a writable
    connection rolls back: read-only, SQLite refuses to read the file at all. Rolling it back puts the
    ledger as it was at its last commit (no record changes), so a reading command does it first."""
    if not Path(f"{path}-journal").exists():
        return
    try:
        db = sqlite3.connect(path, timeout=LOCK_WAIT, isolation_level=None)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # a hot journal is rolled back here
        finally:
            db.close()
    except sqlite3.Error as e:
        raise SkillplanError(f"证书台账 {path}：上一次写入中途被中断，留下了 {path.name}-journal；恢复到上一次完成的状态需要"
                             f"能写入台账文件及其文件夹（{sqlite_reason(e)}）。请勿删除该 -journal 文件") from e


# SQLite's reasons, in the words of the rest of the message (its own are English)
_SQLITE_REASONS = (("database or disk is full", "磁盘已满或超出配额"),
                   ("readonly database", "文件或其所在文件夹是只读的"),
                   ("file is not a database", "不是证书台账文件或已损坏"),
                   ("malformed", "文件已损坏"),
                   ("database is locked", "正被另一个程序占用"),
                   ("disk i/o error", "读写磁盘出错"),
                   ("unable to open database file", "无法打开文件（文件夹不存在或没有权限）"),
                   ("cannot rollback", "回滚失败"),
                   ("cannot commit", "提交失败"))


def sqlite_reason(error: sqlite3.Error) -> str:
    """Why SQLite failed, in Chinese (its code name where the reason is not one of the common ones)."""
    text = str(error).lower()
    for english, chinese in _SQLITE_REASONS:
        if english in text:
            return chinese
    return f"数据库错误 {getattr(error, 'sqlite_errorname', None) or type(error).__name__}"


def _change_of(c: Certificate, fresh: list[Holder]) -> str:
    """What this run does to a certificate whose holder left the pass list, as far as it can tell."""
    for h in fresh:
        if (h.name, h.occupation, h.level) == (c.name, c.occupation, c.level):
            return f"证件号码改为 {h.id_number}"
        if (h.id_number, h.occupation) == (c.id_number, c.occupation):
            return f"认定等级改为{LEVEL_NAMES[h.level]}"
    return "持证人不再合格"


def c_key(c: Certificate) -> tuple[str, str, int]:
    """The holder key of a certificate: one valid number per person, occupation and level."""
    return c.id_number, c.occupation, c.level


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def prefix_changes(issued: str, current: str) -> list[tuple[tuple, str]]:
    """Which plan keys changed a prefix numbers were already registered with, and why that is refused."""
    return [(path, f"台账中已登记以 {issued} 开头的证书编号，{'.'.join(path)} 决定编号第{a + 1}-{b}位"
                   f"（已登记的为“{issued[a:b]}”，方案现为“{current[a:b]}”）：证书编号终身不变，已登记编号后不能再改")
            for path, a, b in PREFIX_PARTS if issued[a:b] != current[a:b]]


def issued_prefixes(path: Path) -> list[str]:
    """The prefixes a ledger file holds, read without creating, migrating or locking anything (a
    damaged file is a SkillplanError)."""
    if not Path(path).exists():
        return []
    with Ledger(path, read_only=True) as book:
        return book.issued_prefixes()


# ---- one run per client at a time ------------------------------------------------------------

@contextmanager
def client_lock(ledger_path: Path, what: str, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the client's lock (beside its ledger) while a command changes the ledger or its output.

    A second run waits up to LOCK_WAIT seconds, says so, and then gives up naming the holder."""
    from filelock import FileLock, Timeout

    lock_path = Path(ledger_path).with_name(Path(ledger_path).name + ".lock")
    holder_path = lock_path.with_name(lock_path.name + ".holder")
    lock = FileLock(lock_path)
    try:
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if on_wait:
                on_wait(f"该客户的证书台账正由另一个 skillplan 进程使用（{_holder(holder_path)}），"
                        f"等待其结束（最多 {LOCK_WAIT:.0f} 秒）…")
            lock.acquire(timeout=LOCK_WAIT)
    except Timeout:
        raise SkillplanError(f"等待 {LOCK_WAIT:.0f} 秒后，该客户的证书台账仍被占用（{_holder(holder_path)}），"
                             "请待其结束后重试") from None
    except OSError as e:
        raise SkillplanError(f"无法在 {lock_path.parent} 建立锁文件：{os_reason(e)}") from e
    try:
        _write_holder(holder_path, what)
        yield
    finally:
        holder_path.unlink(missing_ok=True)
        lock.release()


def _write_holder(path: Path, what: str) -> None:
    started = dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    try:
        path.write_text(f"进程 {os.getpid()}（{socket.gethostname()}，skillplan {what}，{started} 开始）",
                        encoding="utf-8")
    except OSError:
        pass  # the name of the holder is a courtesy; the lock itself is what counts


def _holder(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8") or "未知进程"
    except OSError:
        return "未知进程"
