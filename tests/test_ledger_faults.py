"""The ledger and what was published never disagree: not on a full disk, not on a kill, not on an
empty or damaged file, not when a printed name is corrected.

Every run that changes the ledger and writes output stages the output, commits the ledger, then swaps
the output in (docs/architecture.md). The fault points (skillplan.core.faults) kill the run between
each step; after every kill, each published number is one the ledger holds for the same person, no
worker process is left behind, and a re-run writes what an uninterrupted run writes."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from helpers import DATA, EXAMPLE, run_cli, sampled
from openpyxl import load_workbook
from skillplan.core import faults
from skillplan.core.errors import SkillplanError
from skillplan.cycle.ledger import DAMAGED, Ledger

CYCLE = "2026-1"
FIRST = "Y000044012027265000001"  # 陈志强, 电工 五级
CHEN = "440112198809210010"
KILLED = -getattr(signal, "SIGKILL", signal.SIGTERM)
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="looks for processes in /proc")


def _run(*args, fault: str | None = None, mark: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, faults.ENV: fault or "", "SKILLPLAN_TEST_MARK": mark}
    return run_cli(*args, env=env)


def _results(client: Path, out: Path, **how) -> subprocess.CompletedProcess:
    return _run("results", client, "--cycle", CYCLE, "-o", out, **how)


def _published(out: Path) -> dict[str, str]:
    """Certificate number → 证件号码, as the data sheet for the province lists them (none without one)."""
    sheet = out / f"example_{CYCLE}" / "证书数据.xlsx"
    if not sheet.exists():
        return {}
    header, *rows = load_workbook(sheet).active.iter_rows(values_only=True)
    return {row[header.index("证书编号")]: row[header.index("证件号码")] for row in rows}


def _registered(client: Path) -> dict[str, tuple[str, str]]:
    path = client / "certificates.sqlite"
    if not path.exists():
        return {}
    with Ledger(path, read_only=True) as book:
        return {c.number: (c.id_number, c.status) for c in book.of_cycle(CYCLE)}


def _assert_agree(client: Path, out: Path) -> None:
    """Every published number is in the ledger, registered to the person it was published for."""
    registered = _registered(client)
    for number, id_number in _published(out).items():
        assert number in registered, f"{number} 已公布，台账中没有"
        assert registered[number][0] == id_number, f"{number} 公布给 {id_number}，台账登记的是 {registered[number][0]}"


def _folder_hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _processes_marked(mark: str) -> list[int]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            environ = Path(f"/proc/{pid}/environ").read_bytes()
        except OSError:
            continue
        if f"SKILLPLAN_TEST_MARK={mark}".encode() in environ.split(b"\0"):
            found.append(int(pid))
    return found


def _assert_no_process_left(mark: str, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while (left := _processes_marked(mark)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not left, f"进程 {left} 在主进程被杀死 {seconds} 秒后仍在运行"


def _fail_chen(client: Path) -> None:
    """A corrected score: 陈志强 no longer passes, so a re-run withdraws his number."""
    scores = client / "cycles" / CYCLE / "scores.csv"
    lines = scores.read_text(encoding="utf-8-sig").splitlines()
    scores.write_text("\n".join([lines[0]] + [",".join(c if i < 3 or not c else "0" for i, c in enumerate(line.split(",")))
                                              if line.startswith(CHEN) else line for line in lines[1:]]) + "\n",
                      encoding="utf-8")


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """What uninterrupted runs write: results on the example, then results after 陈志强's score is corrected."""
    base = tmp_path_factory.mktemp("reference")
    client = base / "example"
    shutil.copytree(EXAMPLE, client)
    assert run_cli("forms", client, "--cycle", CYCLE, "-o", base / "out").returncode == 0
    assert _results(client, base / "out").returncode == 0
    first = _folder_hashes(base / "out" / f"example_{CYCLE}")
    _fail_chen(client)
    assert _results(client, base / "out").returncode == 0
    return first, _folder_hashes(base / "out" / f"example_{CYCLE}")


@pytest.fixture
def client(tmp_path):
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE, folder)
    assert run_cli("forms", folder, "--cycle", CYCLE, "-o", tmp_path / "out").returncode == 0
    return folder


# ---- kills between the steps ----------------------------------------------------------------

@linux_only
@pytest.mark.parametrize("point", sampled([faults.STAGED, faults.LEDGER_CREATED, faults.COMMITTED, faults.SWAPPING], 2))
def test_a_first_run_killed_at_any_step_publishes_nothing_unregistered_and_a_rerun_writes_the_same(
        client, tmp_path, reference, point):
    out, mark = tmp_path / "out", uuid.uuid4().hex
    killed = _results(client, out, fault=point, mark=mark)
    assert killed.returncode == KILLED, killed.stderr
    _assert_no_process_left(mark)
    _assert_agree(client, out)
    assert not _published(out)  # the swap never happened
    if point in (faults.STAGED, faults.LEDGER_CREATED):  # nothing committed: no ledger, not even an empty one
        assert not (client / "certificates.sqlite").exists()  # a temporary file beside it at most
    again = _results(client, out)
    assert again.returncode == 0, again.stderr
    assert ("新建证书台账" in again.stdout) == (point in (faults.STAGED, faults.LEDGER_CREATED))
    _assert_agree(client, out)
    assert _folder_hashes(out / f"example_{CYCLE}") == reference[0]


@linux_only
@pytest.mark.parametrize("point", sampled([faults.STAGED, faults.COMMITTED, faults.SWAPPING], 2))
def test_a_rerun_killed_at_any_step_never_publishes_a_withdrawal_the_ledger_lacks(client, tmp_path, reference, point):
    out, mark = tmp_path / "out", uuid.uuid4().hex
    assert _results(client, out).returncode == 0
    _fail_chen(client)
    killed = _results(client, out, fault=point, mark=mark)
    assert killed.returncode == KILLED
    _assert_no_process_left(mark)
    _assert_agree(client, out)
    status = _registered(client)[FIRST][1]
    assert status == ("已撤回" if point != faults.STAGED else "有效")
    assert FIRST in _published(out)  # the previous output stands until the swap: its number stays held
    again = _results(client, out)
    assert again.returncode == 0, again.stderr
    assert _folder_hashes(out / f"example_{CYCLE}") == reference[1]
    assert FIRST not in _published(out) and _registered(client)[FIRST][1] == "已撤回"


# ---- a commit that fails ----------------------------------------------------------------------

def test_a_failed_commit_registers_nothing_and_keeps_the_previous_output_and_hand_edits(client, tmp_path):
    out = tmp_path / "out"
    folder = out / f"example_{CYCLE}"
    first = _results(client, out, fault=faults.COMMIT_FAILS)
    assert first.returncode == 1 and "Traceback" not in first.stderr
    assert "磁盘已满或超出配额" in first.stderr and "没有登记、撤回或更正任何证书编号，输出文件夹保持原样" in first.stderr
    assert not (client / "certificates.sqlite").exists() and not _published(out)
    assert _results(client, out).returncode == 0
    before, ledger = _folder_hashes(folder), (client / "certificates.sqlite").read_bytes()
    (folder / "认定结果公示.docx").write_bytes(b"edited by hand")  # --force would move it aside at the swap
    before["认定结果公示.docx"] = hashlib.sha256(b"edited by hand").hexdigest()
    _fail_chen(client)
    failed = _run("results", client, "--cycle", CYCLE, "-o", out, "--force", fault=faults.COMMIT_FAILS)
    assert failed.returncode == 1 and "database" not in failed.stderr
    assert _folder_hashes(folder) == before and (client / "certificates.sqlite").read_bytes() == ledger
    assert not (out / "手改").exists()
    assert sorted(p.name for p in out.iterdir()) == [f"example_{CYCLE}", f"example_{CYCLE}.zip"]  # no staging left


@pytest.fixture
def small_disk(tmp_path):
    """A 512 KB file system of its own (a tmpfs: root on Linux), to fill up for real."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if not sys.platform.startswith("linux") or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(disk)], capture_output=True).returncode:
        pytest.skip("cannot mount a small tmpfs here (needs root on Linux); the fault point covers the same path")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def _fill(disk: Path) -> None:
    with open(disk / "filler", "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError:  # no space left on the device
            pass


def test_a_ledger_on_a_full_disk_registers_nothing_and_the_output_stays(tmp_path, small_disk):
    client, out = small_disk / "example", tmp_path / "out"
    shutil.copytree(EXAMPLE, client, ignore=shutil.ignore_patterns("2027-1.yaml"))
    assert _results(client, out).returncode == 0
    before, ledger = _folder_hashes(out / f"example_{CYCLE}"), (client / "certificates.sqlite").read_bytes()
    _fail_chen(client)
    _fill(small_disk)
    full = _results(client, out)
    assert full.returncode == 1 and "Traceback" not in full.stderr, full.stderr
    assert "磁盘已满或超出配额" in full.stderr and "disk is full" not in full.stderr
    assert _folder_hashes(out / f"example_{CYCLE}") == before
    assert (client / "certificates.sqlite").read_bytes() == ledger
    (small_disk / "filler").unlink()
    assert _results(client, out).returncode == 0
    assert FIRST not in _published(out)


def test_certificates_whose_commit_fails_print_nothing_and_take_no_blank(client, tmp_path):
    out = tmp_path / "out"
    assert _results(client, out).returncode == 0
    assert _run("ledger", "stock", client, "--receive", "A0000001-A0000030").returncode == 0
    approved = out / f"example_{CYCLE}" / "证书数据.xlsx"
    failed = _run("certificates", client, "--cycle", CYCLE, "-o", out, "--approved", approved, fault=faults.COMMIT_FAILS)
    assert failed.returncode == 1 and "没有记下任何印制，没有取用空白证书，输出文件夹保持原样" in failed.stderr
    assert not (out / f"example_{CYCLE}" / "证书").exists()
    stock = _run("ledger", "stock", client)
    assert "余存（张）：30" in stock.stdout and "印制（张）：0" in stock.stdout


@linux_only
def test_certificates_killed_after_the_commit_print_the_same_blanks_again(client, tmp_path):
    out, mark = tmp_path / "out", uuid.uuid4().hex
    assert _results(client, out).returncode == 0
    assert _run("ledger", "stock", client, "--receive", "A0000001-A0000030").returncode == 0
    approved = tmp_path / "证书数据.xlsx"
    shutil.copyfile(out / f"example_{CYCLE}" / "证书数据.xlsx", approved)
    printing = ("certificates", client, "--cycle", CYCLE, "-o", out, "--approved", approved)
    killed = _run(*printing, fault=faults.COMMITTED, mark=mark)
    assert killed.returncode == KILLED
    _assert_no_process_left(mark)
    assert not (out / f"example_{CYCLE}" / "证书").exists()  # recorded, not yet in place
    again = _run(*printing)
    assert again.returncode == 0, again.stderr
    assert "此前已印制（空白证书 A0000001–A0000024）" in again.stdout
    assert "余存（张）：6" in _run("ledger", "stock", client).stdout


# ---- an empty, damaged or old ledger --------------------------------------------------------

def test_an_empty_ledger_is_refused_as_damaged_by_every_command_and_left_as_it_is(client, tmp_path):
    path = client / "certificates.sqlite"
    path.write_bytes(b"")
    for args in (("results", client, "--cycle", CYCLE, "-o", tmp_path / "out"),
                 ("prepare", client, "--cycle", CYCLE, "-o", tmp_path / "out"),
                 ("ledger", "list", client), ("ledger", "stock", client)):
        done = run_cli(*args)
        assert done.returncode == 1 and f"证书台账 {path}：{DAMAGED}（文件为空）" in done.stderr, (args, done.stderr)
        assert path.read_bytes() == b""
    warned = run_cli("check", client)
    assert warned.returncode == 0 and DAMAGED in warned.stdout


def test_a_ledger_without_its_tables_or_with_a_damaged_page_is_refused(tmp_path):
    bare = tmp_path / "bare.sqlite"
    sqlite3.connect(bare).execute("CREATE TABLE notes (text)").connection.commit()
    with pytest.raises(SkillplanError, match=f"{DAMAGED}（缺少数据表 certificates、events）"):
        Ledger(bare)
    damaged = tmp_path / "damaged.sqlite"
    with Ledger(damaged) as book, book.transaction():
        book.reconcile("Y000044012027", CYCLE, dt.date(2026, 12, 18), [])
    data = bytearray(damaged.read_bytes())
    data[4096: 4096 + 100] = b"\xff" * 100  # the second page, the certificates table, from its header on
    damaged.write_bytes(bytes(data))
    with pytest.raises(SkillplanError, match=f"{DAMAGED}|不是证书台账文件或已损坏|文件已损坏"):
        Ledger(damaged, read_only=True)


def _stale_indexes(path: Path, change: str) -> None:
    """change made to the ledger's rows, then its indexes' pages put back as they were before it (what a
    torn write, or a copy restored mid-write, leaves): every page sound, the indexes older than the rows."""
    before = path.read_bytes()
    db = sqlite3.connect(path, isolation_level=None)
    size = db.execute("PRAGMA page_size").fetchone()[0]
    roots = [r for (r,) in db.execute("SELECT rootpage FROM sqlite_master WHERE type = 'index'")]
    db.execute(change)
    db.close()
    data = bytearray(path.read_bytes())
    for root in roots:  # a small ledger's index is its root page alone
        data[(root - 1) * size: root * size] = before[(root - 1) * size: root * size]
    path.write_bytes(bytes(data))


def test_a_ledger_whose_indexes_lag_its_rows_is_refused_before_a_number_is_given_twice(client, tmp_path):
    """Its pages pass quick_check, yet the numbers' index lacks the newest rows: results would hand the
    next number, already registered, to another person, and ledger list would hide rows."""
    out = tmp_path / "out"
    assert _results(client, out).returncode == 0
    path = client / "certificates.sqlite"
    _stale_indexes(path, "UPDATE certificates SET serial = serial + 1000 WHERE number = (SELECT max(number) FROM certificates)")
    assert sqlite3.connect(path).execute("PRAGMA quick_check").fetchone() == ("ok",)
    before = path.read_bytes()
    for args in (("results", client, "--cycle", CYCLE, "-o", out), ("ledger", "list", client)):
        done = run_cli(*args)
        assert done.returncode == 1 and f"证书台账 {path}：{DAMAGED}（完整性检查未通过）" in done.stderr, (args, done.stderr)
    assert path.read_bytes() == before


def test_a_write_killed_half_way_is_rolled_back_and_the_ledger_read(client, tmp_path):
    """A kill inside a transaction that had spilled pages into the file leaves a hot journal: SQLite, read-only,
    refused the file (said as 文件或其所在文件夹是只读的). Reading commands roll it back to the last commit first."""
    assert _results(client, tmp_path / "out").returncode == 0
    path = client / "certificates.sqlite"
    listed = run_cli("ledger", "list", client).stdout
    killed_writer = (
        "import os, sqlite3\n"
        f"db = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
        "db.execute('PRAGMA cache_size = 1')\n"  # so the changed pages go to the file before any commit
        "db.execute('BEGIN IMMEDIATE')\n"
        "db.execute(\"UPDATE certificates SET name = name || '改'\")\n"
        "db.execute(\"INSERT INTO events (number, kind, date, reason) SELECT number, '注销', '2026-12-30', "
        "hex(randomblob(2000)) FROM certificates\")\n"
        "os._exit(9)\n")
    subprocess.run([sys.executable, "-c", killed_writer], check=False)
    assert Path(f"{path}-journal").exists()
    for args in (("ledger", "list", client), ("ledger", "stock", client)):
        done = run_cli(*args)
        assert done.returncode == 0 and "只读" not in done.stderr, (args, done.stderr)
    assert run_cli("ledger", "list", client).stdout == listed  # the last commit, nothing of the killed write
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_reading_commands_never_write_and_read_an_old_ledger_as_it_is(client, tmp_path):
    path = client / "certificates.sqlite"
    shutil.copyfile(DATA / "ledger_v1.sqlite", path)
    before = path.read_bytes()
    listed = run_cli("ledger", "list", client)
    assert listed.returncode == 0 and FIRST in listed.stdout and "补发" in listed.stdout
    assert run_cli("ledger", "stock", client).returncode == 0
    assert run_cli("ledger", "export", client, "-o", tmp_path / "台账.xlsx").returncode == 0
    assert path.read_bytes() == before
    assert sorted(p.name for p in client.iterdir()) == ["certificates.sqlite", "cycles", "plan.yaml"]  # no backup


def test_a_failed_upgrade_leaves_no_backup_per_try(tmp_path, monkeypatch):
    path = tmp_path / "certificates.sqlite"
    shutil.copyfile(DATA / "ledger_v1.sqlite", path)

    def readonly(self, version):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(Ledger, "_migrate", readonly)
    for _ in range(3):
        with pytest.raises(SkillplanError, match="文件或其所在文件夹是只读的"):
            Ledger(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["certificates.sqlite"]


# ---- a printed certificate is never changed quietly -----------------------------------------

def test_a_name_corrected_after_printing_is_refused_until_the_print_is_destroyed(client, tmp_path):
    out = tmp_path / "out"
    assert _results(client, out).returncode == 0
    assert _run("ledger", "stock", client, "--receive", "A0000001-A0000030").returncode == 0
    approved = tmp_path / "证书数据.xlsx"
    shutil.copyfile(out / f"example_{CYCLE}" / "证书数据.xlsx", approved)
    assert _run("certificates", client, "--cycle", CYCLE, "-o", out, "--approved", approved).returncode == 0
    for name, column, key in (("roster.csv", 0, 3), ("scores.csv", 1, 0)):
        table = client / "cycles" / CYCLE / name
        rows = [line.split(",") for line in table.read_text(encoding="utf-8-sig").splitlines()]
        table.write_text("\n".join(",".join(r[:column] + ["陈志刚"] + r[column + 1:]) if r[key] == CHEN else ",".join(r)
                                   for r in rows) + "\n", encoding="utf-8")
    ledger = (client / "certificates.sqlite").read_bytes()
    refused = _results(client, out)
    assert refused.returncode == 1
    assert f"{FIRST}  陈志强  电工  五级/初级工：姓名更正为“陈志刚”，证书上仍是原姓名；{dt.date.today()} 印制（流水码 A0000001）" \
        in refused.stderr
    assert "ledger destroy" in refused.stderr and "ledger reissue" in refused.stderr
    assert (client / "certificates.sqlite").read_bytes() == ledger
    assert _run("ledger", "destroy", client, "A0000001", "--reason", "姓名有误").returncode == 0
    corrected = _results(client, out)
    assert corrected.returncode == 0 and f"更正姓名：{FIRST}  陈志强 → 陈志刚" in corrected.stdout
    reprint = _run("certificates", client, "--cycle", CYCLE, "-o", out, "--number", FIRST)
    assert reprint.returncode == 0, reprint.stderr
    assert (out / f"example_{CYCLE}" / "补发证书" / "个人" / f"{FIRST}-陈志刚-证书.docx").exists()


# ---- smaller holes ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["张" * 80, "𠀀" * 70], ids=["80-CJK", "70-ExtB"])
def test_a_long_name_the_roster_accepts_gets_its_forms_and_certificates(client, tmp_path, name):
    """safe_name capped characters, not bytes: 80 CJK characters are 240 bytes, beyond a file name's
    255 with the number and occupation, and the whole batch failed."""
    for table, column, key in (("roster.csv", 0, 3), ("scores.csv", 1, 0)):
        path = client / "cycles" / CYCLE / table
        rows = [line.split(",") for line in path.read_text(encoding="utf-8-sig").splitlines()]
        path.write_text("\n".join(",".join(r[:column] + [name] + r[column + 1:]) if r[key] == CHEN else ",".join(r)
                                  for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    forms = run_cli("forms", client, "--cycle", CYCLE, "-o", out)
    assert forms.returncode == 0, forms.stderr
    made = [p.name for p in (out / f"example_{CYCLE}" / "定级评价表").iterdir() if p.name.startswith("001-")]
    assert len(made) == 1 and len(made[0].encode()) <= 255 and made[0].startswith("001-" + name[:10])
    assert _results(client, out).returncode == 0
    printed = run_cli("certificates", client, "--cycle", CYCLE, "-o", out, "--draft")
    assert printed.returncode == 0, printed.stderr
    own = [p.name for p in (out / f"example_{CYCLE}" / "证书样本" / "个人").iterdir() if p.name.startswith(FIRST)]
    assert len(own) == 1 and len(own[0].encode()) <= 255


def test_a_file_where_the_output_folder_goes_is_refused_not_deleted(client, tmp_path):
    out = tmp_path / "elsewhere"
    out.mkdir()
    (out / f"example_{CYCLE}").write_text("someone's notes", encoding="utf-8")
    done = run_cli("prepare", client, "--cycle", CYCLE, "-o", out)
    assert done.returncode == 1 and "是一个文件，不是输出文件夹" in done.stderr
    assert (out / f"example_{CYCLE}").read_text(encoding="utf-8") == "someone's notes"


def test_two_new_ledgers_made_at_once_never_hide_each_others_numbers(tmp_path):
    """Commands make a new ledger under the client's lock; the Ledger class alone is safe too: the
    second new file never replaces the first, its commit is reported as not made."""
    from skillplan.cycle.ledger import Holder, LedgerNotUpdated

    path = tmp_path / "certificates.sqlite"
    first, second = Ledger(path), Ledger(path)
    with first.transaction():
        first.reconcile("Y000044012027", CYCLE, dt.date(2026, 12, 18), [Holder(CHEN, "陈志强", "电工", 5)])
    with pytest.raises(LedgerNotUpdated, match="另一个进程同时新建了证书台账"):
        with second.transaction():
            second.reconcile("Y000044012027", CYCLE, dt.date(2026, 12, 18), [Holder("2", "乙", "电工", 5)])
    first.close(), second.close()
    assert list(_registered_at(path)) == [FIRST]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["certificates.sqlite"]


def _registered_at(path: Path) -> list[str]:
    with Ledger(path, read_only=True) as book:
        return [c.number for c in book.certificates()]
