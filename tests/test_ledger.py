"""The certificate ledger never contradicts itself: dead numbers stay dead, failed runs leave no
trace, re-runs reconcile, repeat applicants and impossible histories are refused, runs take turns,
the prefix's city agrees with the credit code, and a ledger from the previous version migrates."""
import csv
import datetime as dt
import re
import shutil
import sqlite3
import subprocess
import sys
import zipfile

import pytest
from helpers import DATA, ROOT, docx_text, run_cli
from openpyxl import load_workbook
from skillplan.core.errors import SkillplanError, UsageError
from skillplan.cycle import ledger as ledger_module
from skillplan.cycle.ledger import SCHEMA_VERSION, AlreadyCertified, Holder, Ledger

PREFIX = "Y000044012027"
RESULT_DAY = dt.date(2026, 12, 18)  # the example cycle's 认定日期
FIRST = "Y000044012027265000001"  # 陈志强, 电工 五级, the example roster's first row
CHEN = "440112198809210010"


def later(day=dt.date(2027, 6, 1)):
    """A clock for the tests: the example's 认定日期 lies in the real future, revocations come after it."""
    return lambda: day


def _results(client, tmp_path, *extra):
    return run_cli("results", client, "--cycle", "2026-1", "-o", tmp_path / "out", *extra)


def _data_rows(tmp_path):
    return list(load_workbook(tmp_path / "out" / "example_2026-1" / "证书数据.xlsx").active.iter_rows(values_only=True))


def _all_output_text(tmp_path) -> str:
    """Every file of the results folder and its zip, as text, to search for a number anywhere."""
    folder = tmp_path / "out" / "example_2026-1"
    texts = [docx_text(p) for p in folder.glob("*.docx")]
    texts += [" ".join(map(str, row)) for row in _data_rows(tmp_path)]
    with zipfile.ZipFile(tmp_path / "out" / "example_2026-1.zip") as z:
        texts += [z.read(n).decode("latin-1") for n in z.namelist() if not n.endswith((".docx", ".xlsx"))]
    return "\n".join(texts)


def _register(book, cycle, holders, day=RESULT_DAY):
    """results run on the cycle's 认定日期 (day): the 编号登记 is dated the day it happens."""
    clock, book.today = book.today, later(day)
    try:
        with book.transaction():
            return book.reconcile(PREFIX, cycle, day, holders)
    finally:
        book.today = clock


def _edit_csv(path, change):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    for row in rows[1:]:
        change(row)
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


def _rename_chen(client) -> None:
    """A corrected name, in the roster and in the score sheet alike (the scores must match the roster)."""
    for name, column, key in (("roster.csv", 0, 3), ("scores.csv", 1, 0)):
        _edit_csv(client / "cycles" / "2026-1" / name,
                  lambda r, c=column, k=key: r.__setitem__(c, "陈志刚") if r[k] == CHEN else None)


# ---- 1. dead numbers stay dead ------------------------------------------------------------

def test_a_revoked_number_is_in_no_output_and_a_later_cycle_certifies_the_holder_anew(client, tmp_path):
    assert _results(client, tmp_path).returncode == 0
    with Ledger(client / "certificates.sqlite", today=later()) as book:
        book.record(FIRST, "注销", dt.date(2027, 1, 5), "认定材料造假")
    again = _results(client, tmp_path)
    assert again.returncode == 0, again.stderr
    assert f"已注销，不列入结果：{FIRST}  陈志强  电工  五级/初级工" in again.stdout
    assert "合格 23 人，不合格 2 人，缺考 0 人，不符合 3 人，待审核 1 人，已注销 1 人；新登记证书编号 0 个，沿用本批已登记的编号 23 个，撤回 0 个" in again.stdout
    assert FIRST not in _all_output_text(tmp_path)
    assert CHEN not in [row[2] for row in _data_rows(tmp_path)]
    assert "陈志强" not in docx_text(tmp_path / "out" / "example_2026-1" / "认定结果公示.docx")
    with Ledger(client / "certificates.sqlite") as book:
        anew = _register(book, "2027-1", [Holder(CHEN, "陈志强", "电工", 5)], dt.date(2027, 3, 26))
        assert anew.numbers[CHEN, "电工", 5] == "Y000044012027275000001"
        assert book.get(FIRST).status == "已注销"


def test_after_a_revoke_the_summary_lists_every_applicant_and_the_console_counts_what_the_documents_show(client, tmp_path):
    """It said 合格 24 while the 公示 listed 23; 成绩汇总 showed the revoked person as 合格 with no number and no
    remark, left out the applicants the 资格审核 kept out, and had no 工作单位 for a group."""
    import re

    branch = "广州华粤精密机械有限公司佛山分公司"
    roster = client / "cycles" / "2026-1" / "roster.csv"
    lines = roster.read_text(encoding="utf-8-sig").splitlines()
    roster.write_text("\n".join([lines[0] + ",工作单位", *(line + (f",{branch}" if line.startswith("周秀英,") else ",")
                                                          for line in lines[1:])]) + "\n", encoding="utf-8")
    assert _results(client, tmp_path).returncode == 0
    with Ledger(client / "certificates.sqlite", today=later()) as book:
        book.record(FIRST, "注销", dt.date(2027, 1, 5), "认定材料造假")
    again = _results(client, tmp_path)
    assert again.returncode == 0, again.stderr
    assert "合格 23 人，不合格 2 人，缺考 0 人，不符合 3 人，待审核 1 人，已注销 1 人；" in again.stdout
    folder = tmp_path / "out" / "example_2026-1"
    notice = docx_text(folder / "认定结果公示.docx")
    assert len(re.findall(r"^\d+ \| ", notice, re.M)) == 23 and "共有23人达到相应职业技能等级要求" in notice
    assert len(_data_rows(tmp_path)) == 1 + 23
    header, *rows = load_workbook(folder / "成绩汇总.xlsx").active.iter_rows(values_only=True)
    assert header == ("序号", "姓名", "证件类型", "证件号码", "部门", "工作单位", "职业（工种）", "申报等级", "评价方式", "成绩",
                      "结果", "证书编号", "备注")
    assert [r[0] for r in rows] == [str(n) for n in range(1, 31)]  # every applicant of the roster, in its order
    by_name = {r[1]: dict(zip(header, r)) for r in rows}
    chen = by_name["陈志强"]
    assert (chen["结果"], chen["证书编号"], chen["备注"]) == ("已注销", None, "证书编号已注销，不列入结果公示和证书数据")
    assert (by_name["郑美玲"]["结果"], by_name["何宏图"]["结果"]) == ("不符合", "待审核")
    assert by_name["何宏图"]["备注"] == "须人工核实：五级证书及其发证日期" and by_name["郑美玲"]["成绩"] is None
    assert by_name["周秀英"]["工作单位"] == branch and by_name["陈志强"]["工作单位"] == "广州华粤精密机械有限公司"
    statuses = [r[10] for r in rows]
    assert [statuses.count(w) for w in ("合格", "不合格", "缺考", "不符合", "待审核", "已注销")] == [23, 2, 0, 3, 1, 1]


def test_serials_run_per_year_and_level_and_are_never_handed_out_twice(tmp_path):
    with Ledger(tmp_path / "l.sqlite", today=later()) as book:
        done = _register(book, "2026-1", [Holder("1", "甲", "电工", 5), Holder("2", "乙", "电工", 4),
                                          Holder("3", "丙", "电工", 5)])
        assert done.registered == [FIRST, "Y000044012027264000001", "Y000044012027265000002"]
        book.record(FIRST, "注销", dt.date(2027, 1, 5), "认定材料造假")
        more = _register(book, "2026-2", [Holder("4", "丁", "电工", 5)])
        assert more.registered == ["Y000044012027265000003"]  # 000001 is dead, never handed out again


# ---- 2. failed runs leave no trace --------------------------------------------------------

def test_a_run_that_cannot_write_records_no_event(client, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    done = run_cli("results", client, "--cycle", "2026-1", "-o", blocker / "out")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "错误：无法写入输出目录" in done.stderr
    assert not (client / "certificates.sqlite").exists()
    assert _results(client, tmp_path).returncode == 0
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "results_notice.docx").write_bytes(b"not a docx")
    _rename_chen(client)
    broken = _results(client, tmp_path, "--templates", templates)
    assert broken.returncode == 1 and "不是有效的 Word 文件" in broken.stderr
    with Ledger(client / "certificates.sqlite") as book:
        assert book.get(FIRST).name == "陈志强"
        assert book.events(FIRST) == [("编号登记", dt.date.today().isoformat(), "认定批次 2026-1")]


# ---- 3. corrections reconcile ------------------------------------------------------------

def test_a_corrected_score_withdraws_the_number_with_an_event(client, tmp_path):
    assert _results(client, tmp_path).returncode == 0

    def fail_chen(row):
        if row[0] == CHEN:
            row[3:] = ["0" if cell else "" for cell in row[3:]]

    _edit_csv(client / "cycles" / "2026-1" / "scores.csv", fail_chen)
    again = _results(client, tmp_path)
    assert again.returncode == 0, again.stderr
    assert "合格 23 人，不合格 3 人，缺考 0 人，不符合 3 人，待审核 1 人，已注销 0 人；新登记证书编号 0 个，沿用本批已登记的编号 23 个，撤回 1 个" in again.stdout
    assert f"撤回编号：{FIRST}  陈志强  电工  五级/初级工（不在本批合格名单中）" in again.stdout
    assert FIRST not in _all_output_text(tmp_path)
    with Ledger(client / "certificates.sqlite") as book:
        assert book.get(FIRST).status == "已撤回"
        assert book.events(FIRST)[-1][0::2] == ("撤回", "不在认定批次 2026-1 的合格名单中（成绩或名册更正）")


def test_a_corrected_name_is_recorded_as_a_correction(client, tmp_path):
    assert _results(client, tmp_path).returncode == 0
    _rename_chen(client)
    again = _results(client, tmp_path)
    assert again.returncode == 0, again.stderr
    assert f"更正姓名：{FIRST}  陈志强 → 陈志刚" in again.stdout
    assert _data_rows(tmp_path)[1][:2] == (FIRST, "陈志刚")
    with Ledger(client / "certificates.sqlite") as book:
        assert book.get(FIRST).name == "陈志刚"
        assert book.events(FIRST)[-1][0::2] == ("更正", "姓名由“陈志强”更正为“陈志刚”")


# ---- 4. repeat applicants ----------------------------------------------------------------

def test_a_repeat_applicant_is_refused_at_the_review_with_their_number(client, tmp_path):
    """Someone already holding the certificate applied for is 不符合 from the 资格审核 on: no ticket,
    no form, and their score rows refused (they used to sit the assessment and be refused at results)."""
    with Ledger(client / "certificates.sqlite") as book:
        _register(book, "2025-2", [Holder(CHEN, "陈志强", "电工", 5)], dt.date(2025, 12, 1))
    held = "已持有电工五级/初级工证书（编号 Y000044012027255000001，2025-2 批次登记），同一职业同一等级不能重复认定"
    prepared = run_cli("prepare", client, "--cycle", "2026-1", "-o", tmp_path / "prep")
    assert prepared.returncode == 0 and f"不符合：陈志强（名册第 2 行，电工五级/初级工）{held}" in prepared.stdout
    forms = run_cli("forms", client, "--cycle", "2026-1", "-o", tmp_path / "prep")
    assert forms.returncode == 0 and "陈志强（不符合）" in forms.stdout
    done = _results(client, tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"scores.csv:2:1  身份证号  陈志强（名册第 2 行）资格审核不符合（{held}），不能认定" in done.stderr
    assert not (tmp_path / "out").exists()
    with Ledger(client / "certificates.sqlite") as book:
        assert book.count() == 1


def test_a_repeat_is_refused_in_the_ledger_too(tmp_path):
    with Ledger(tmp_path / "l.sqlite") as book:
        _register(book, "2026-1", [Holder(CHEN, "陈志强", "电工", 5)])
        with pytest.raises(AlreadyCertified):
            _register(book, "2027-1", [Holder(CHEN, "陈志强", "电工", 5), Holder("2", "乙", "电工", 5)])
        assert book.count() == 1  # nothing of the refused run stays


# ---- 5. history ---------------------------------------------------------------------------

def test_contradicting_history_is_refused(tmp_path):
    with Ledger(tmp_path / "l.sqlite", today=later()) as book:
        _register(book, "2026-1", [Holder(CHEN, "陈志强", "电工", 5)])
        cases = [(dt.date(2026, 12, 1), "注销", f"注销日期 2026-12-01 早于证书 {FIRST} 的最近一条记录（2026-12-18 编号登记）"),
                 (dt.date(2027, 6, 2), "补发", "补发日期 2027-06-02 晚于今天（2027-06-01），不能登记尚未发生的事。")]
        for day, kind, message in cases:
            with pytest.raises(SkillplanError) as refused:
                book.record(FIRST, kind, day, "证书遗失")
            assert str(refused.value) == message and refused.value.exit_code == 1
        book.record(FIRST, "补发", dt.date(2027, 2, 1), "证书遗失")
        with pytest.raises(SkillplanError, match=r"注销日期 2027-01-20 早于证书 .* 的最近一条记录（2027-02-01 补发）"):
            book.record(FIRST, "注销", dt.date(2027, 1, 20), "认定材料造假")
        book.record(" y0000 4401 2027 265 000001 ", "注销", dt.date(2027, 3, 1), "认定材料造假")  # typed loosely
        with pytest.raises(SkillplanError, match=f"^证书 {FIRST} 已注销，不能再补发$"):
            book.record(FIRST, "补发", dt.date(2027, 4, 1), "证书遗失")
        assert [kind for kind, _, _ in book.events(FIRST)] == ["编号登记", "补发", "注销"]


def test_an_early_revoke_exits_1_and_reading_creates_nothing(client, tmp_path):
    listed = run_cli("ledger", "list", client)
    assert listed.returncode == 0 and "尚无证书台账" in listed.stdout
    typo = run_cli("ledger", "list", client, "--ledger", tmp_path / "certifcates.sqlite")
    assert typo.returncode == 2 and f"证书台账 {tmp_path / 'certifcates.sqlite'} 不存在" in typo.stderr
    revoke = run_cli("ledger", "revoke", client, FIRST, "--reason", "造假")
    assert revoke.returncode == 2
    assert sorted(p.name for p in client.iterdir()) == ["cycles", "plan.yaml"]
    assert not (tmp_path / "certifcates.sqlite").exists()
    assert _results(client, tmp_path).returncode == 0
    early = run_cli("ledger", "revoke", client, FIRST.lower(), "--reason", "造假", "--date", "2026-12-01")
    assert early.returncode == 1
    # the 编号登记 is dated the day results ran (today), not the 认定日期
    assert f"错误：注销日期 2026-12-01 早于证书 {FIRST} 的最近一条记录（{dt.date.today()} 编号登记）" in early.stderr
    listed = run_cli("ledger", "list", client)
    assert f"{FIRST}  陈志强  440112********0010  电工  五级/初级工  2026-1  有效" in listed.stdout


# ---- 6. runs take turns -------------------------------------------------------------------

def test_two_concurrent_runs_give_one_set_of_numbers(client, tmp_path):
    command = [sys.executable, "-m", "skillplan", "results", str(client), "--cycle", "2026-1", "-o", str(tmp_path / "out")]
    runs = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [run.communicate(timeout=240) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert not any("Traceback" in err for _, err in outputs)
    said = sorted(line for out, _ in outputs for line in out.splitlines() if line.startswith("合格"))
    counts = "合格 24 人，不合格 2 人，缺考 0 人，不符合 3 人，待审核 1 人，已注销 0 人"
    assert said == [f"{counts}；新登记证书编号 0 个，沿用本批已登记的编号 24 个，撤回 0 个",
                    f"{counts}；新登记证书编号 24 个，沿用本批已登记的编号 0 个，撤回 0 个"]
    with Ledger(client / "certificates.sqlite") as book:
        assert book.count() == 24
    assert len({row[0] for row in _data_rows(tmp_path)[1:]}) == 24


def test_two_writers_of_one_output_folder_take_turns(client, tmp_path):
    # forms and results share OUT/<client>_<cycle>/; one's clean-up must never remove the other's staging
    commands = [[sys.executable, "-m", "skillplan", verb, str(client), "--cycle", "2026-1", "-o", str(tmp_path / "out")]
                for verb in ("forms", "forms", "results")]
    runs = [subprocess.Popen(c, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in commands]
    outputs = [run.communicate(timeout=240) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], outputs
    folder = tmp_path / "out" / "example_2026-1"
    assert (folder / "评分录入表.xlsx").is_file() and (folder / "证书数据.xlsx").is_file()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["example_2026-1", "example_2026-1.zip"]


HOLDER = """
import sys, time
from skillplan.cycle.ledger import client_lock
with client_lock(sys.argv[1], "results 2026-1"):
    print("held", flush=True)
    time.sleep(30)
"""


def test_a_second_run_waits_then_names_the_holder(tmp_path, monkeypatch):
    path = tmp_path / "certificates.sqlite"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        monkeypatch.setattr(ledger_module, "LOCK_WAIT", 0.5)
        heard = []
        with pytest.raises(SkillplanError) as refused:
            with ledger_module.client_lock(path, "results 2026-1", heard.append):
                pass
        assert heard and f"进程 {holder.pid}" in heard[0]
        assert str(refused.value).startswith(f"等待 0 秒后，该客户的证书台账仍被占用（进程 {holder.pid}")
        assert "skillplan results 2026-1" in str(refused.value) and refused.value.exit_code == 1
    finally:
        holder.kill()
        holder.wait()


ISSUER = """
import datetime as dt, sys
from skillplan.cycle.ledger import Holder, Ledger
with Ledger(sys.argv[1]) as book:
    for n in range(int(sys.argv[3])):
        with book.transaction():
            book.reconcile("Y000044012027", f"{sys.argv[2]}-{n}", dt.date(2026, 12, 18),
                           [Holder(f"{sys.argv[2]}{n:06d}", "x", "电工", 5)])
"""


def test_two_processes_writing_one_ledger_never_collide(tmp_path):
    ledger = tmp_path / "l.sqlite"
    with Ledger(ledger) as book, book.transaction():  # create it first, as the first results run would
        pass
    workers = [subprocess.Popen([sys.executable, "-c", ISSUER, str(ledger), prefix, "100"], cwd=ROOT)
               for prefix in ("44011219880921", "44522119891225")]
    assert [w.wait(timeout=120) for w in workers] == [0, 0]
    with Ledger(ledger) as book:
        numbers = [c.number for c in book.certificates()]
    assert len(numbers) == len(set(numbers)) == 200
    assert sorted(int(n[-6:]) for n in numbers) == list(range(1, 201))


# ---- 7. the city behind the numbers ---------------------------------------------------------

def _set_plan(client, old, new):
    plan = client / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def test_a_city_that_contradicts_the_credit_code_fails_check(client):
    _set_plan(client, "  city: 广州市 ", "  city: 深圳市 ")
    done = run_cli("check", client)
    assert done.returncode == 1
    assert ("plan.yaml:21:3  company.city  统一社会信用代码第3-6位“4401”表示在广州市登记，与所在地市“深圳市”（证书编码第8-9位）"
            "不符；如确属如此（例如在异地登记、在本市设站认定），请在 company.city_reason 写明原因") in done.stderr
    _set_plan(client, "  city: 深圳市 ", "  city_reason: 总部在广州登记，认定由深圳分公司实施\n  city: 深圳市 ")
    assert run_cli("check", client).returncode == 0


def test_a_provincial_site_is_exempt_and_the_address_counts_too(client):
    _set_plan(client, "  city: 广州市 ", "  city: 省本级 ")
    assert run_cli("check", client).returncode == 0
    _set_plan(client, "  city: 省本级 ", "  city: 广州市 ")
    plan = (client / "plan.yaml").read_text(encoding="utf-8")
    (client / "plan.yaml").write_text(plan.replace("广州市黄埔区科学城开创大道1288号", "佛山市黄埔区科学城开创大道1288号"),
                                      encoding="utf-8")  # the exam site moves with it
    done = run_cli("check", client)
    assert done.returncode == 1 and "company.city  总部地址在佛山市，与所在地市“广州市”（证书编码第8-9位）不符" in done.stderr


def test_once_numbers_are_registered_the_prefix_cannot_change(client, tmp_path):
    assert _results(client, tmp_path).returncode == 0
    _set_plan(client, 'site_serial: "027"', 'site_serial: "028"')
    done = run_cli("check", client)
    assert done.returncode == 1
    assert ("certificate.site_serial  台账中已登记以 Y000044012027 开头的证书编号，certificate.site_serial 决定编号第11-13位"
            "（已登记的为“027”，方案现为“028”）：证书编号终身不变，已登记编号后不能再改") in done.stderr
    assert _results(client, tmp_path).returncode == 1


# ---- 8. schema version and migration --------------------------------------------------------

def test_a_ledger_written_by_the_previous_version_opens_and_migrates(tmp_path):
    # tests/data/ledger_v1.sqlite was written by the ledger as it was before the schema version
    # (UNIQUE per person, occupation and level; registration called 核发): 陈志强 5级 reissued,
    # 李晓玲 4级 revoked, 张浩然 3级.
    path = tmp_path / "certificates.sqlite"
    shutil.copyfile(DATA / "ledger_v1.sqlite", path)
    with Ledger(path, today=later()) as book:
        assert book.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert book.events(FIRST) == [("编号登记", "2026-12-18", "认定批次 2026-1"), ("补发", "2027-01-05", "证书遗失")]
        assert book.get("Y000044012027264000001").status == "已注销"
        assert book.get(FIRST).id_type == "居民身份证"
        anew = _register(book, "2027-1", [Holder("445221198912250121", "李晓玲", "电工", 4)], dt.date(2027, 3, 26))
        assert anew.registered == ["Y000044012027274000001"]  # the old UNIQUE would have forbidden this
    backup = tmp_path / "certificates.v1-备份.sqlite"
    assert backup.read_bytes() == (DATA / "ledger_v1.sqlite").read_bytes()
    with Ledger(path) as book:  # a second opening migrates nothing and backs up nothing
        assert book.count() == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["certificates.sqlite", "certificates.v1-备份.sqlite"]


def test_a_ledger_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "l.sqlite"
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 9")
    db.close()
    with pytest.raises(SkillplanError, match="由更新版本的 skillplan 写入（格式版本 9），请升级 skillplan"):
        Ledger(path)
    with pytest.raises(UsageError, match="不存在"):
        Ledger(tmp_path / "missing.sqlite", create=False)


def _older_ledger(tmp_path, version: int, *statements: str):
    """A ledger holding one registration, made as an older version left it: the statements undo what came
    since, and its version is set back."""
    path = tmp_path / "certificates.sqlite"
    with Ledger(path, today=later()) as book:
        _register(book, "2026-1", [Holder("445221198912250121", "李晓玲", "电工", 4)], dt.date(2026, 12, 18))
        for statement in statements:
            book.db.execute(statement)
        book.db.execute(f"PRAGMA user_version = {version}")
    return path


def test_a_version_2_ledger_gains_the_index_of_prints_and_keeps_everything(tmp_path):
    path = _older_ledger(tmp_path, 2, "DROP INDEX prints")
    with Ledger(path, today=later()) as book:
        assert book.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert book.db.execute("SELECT 1 FROM sqlite_master WHERE type='index' AND name='prints'").fetchone()
        assert [c.name for c in book.certificates()] == ["李晓玲"]


def test_a_version_3_ledger_gains_the_time_of_recording_and_lists_its_old_events_first(tmp_path):
    from skillplan.cycle.stock import ledger_rows

    path = _older_ledger(tmp_path, 3, *(f"ALTER TABLE {table} DROP COLUMN recorded" for table in ("events", "stock_events")))
    with Ledger(path, today=later()) as book:
        assert book.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        book.record("Y000044012027264000001", "补发", dt.date(2026, 12, 18), "证书遗失")
        assert [row[1] for row in ledger_rows(book)] == ["编号登记", "补发"]
        assert [r[0] for r in book.db.execute("SELECT recorded FROM events ORDER BY id")][0] == ""


def test_one_days_events_are_listed_in_the_order_they_happened(tmp_path):
    # 入库 and the prints (stock events) and the 补发 (a number's event) are kept apart; the 台账
    # still reads as the day went: delivery, print, loss reported, reprint, hand-over
    from skillplan.cycle import stock

    day = dt.date(2027, 1, 5)
    with Ledger(tmp_path / "certificates.sqlite", today=later(day)) as book:
        [number] = _register(book, "2026-1", [Holder("445221198912250121", "李晓玲", "电工", 4)], day).registered
        stock.receive(book, "A0000001-A0000002", day)
        with book.transaction():
            stock.print_marks(book, [number], day)
        book.record(number, "补发", day, "证书遗失")
        with book.transaction():
            stock.print_marks(book, [number], day, reprint=True)
        stock.hand_over(book, number, day, "本人")
        assert [(row[1], row[6]) for row in stock.ledger_rows(book)] == [
            ("编号登记", ""), ("入库", "A0000001-A0000002"), ("印制", "A0000001"), ("补发", ""), ("印制", "A0000002"),
            ("核发", "")]


def test_a_mistyped_ledger_path_never_starts_a_second_ledger(client, tmp_path):
    assert _results(client, tmp_path).returncode == 0  # the client's own ledger, beside its plan
    for slip in (tmp_path / "nope" / "certificates.sqlite", tmp_path / "certificate.sqlite"):
        done = run_cli("results", client, "--cycle", "2026-1", "-o", tmp_path / "out", "--ledger", slip)
        assert done.returncode == 2 and "Traceback" not in done.stderr
        assert not slip.exists() and not (tmp_path / "nope").exists()
    assert "不存在（或是空文件），而客户文件夹中已有证书台账" in done.stderr and "从 000001 重新取号" in done.stderr
    first = run_cli("results", client, "--cycle", "2026-1", "-o", tmp_path / "out2", "--ledger",
                    client / "certificates.sqlite")
    assert first.returncode == 0 and "新建证书台账" not in first.stdout


def test_a_number_or_serial_the_ledger_lacks_is_bad_input_exit_1(client, tmp_path):
    assert _results(client, tmp_path).returncode == 0
    for args in (["reissue", "HELLO", "--reason", "遗失"], ["handover", "HELLO", "--receiver", "本人"],
                 ["destroy", "Z999", "--reason", "印坏"]):
        done = run_cli("ledger", args[0], client, *args[1:])
        assert done.returncode == 1 and "台账中没有" in done.stderr, args


def test_a_delivery_numbered_at_another_width_is_a_zero_left_out(tmp_path):
    """A000151-A000200 after A0000101-A0000150 would record codes no blank carries: refused, nothing
    kept. Another series (other letters) may have its own width."""
    from skillplan.core.errors import SkillplanError
    from skillplan.cycle import stock

    day = dt.date(2027, 1, 5)
    with Ledger(tmp_path / "certificates.sqlite", today=later(day)) as book:
        stock.receive(book, "A0000101-A0000150", day)
        with pytest.raises(SkillplanError, match="印制流水码 A000151 的数字有 6 位，已入库的 A0000101 有 7 位"):
            stock.receive(book, "A000151-A000200", day)
        assert stock.receive(book, "A0000151-A0000200", day) == 50
        assert stock.receive(book, "B001-B010", day) == 10
        assert book.db.execute("SELECT COUNT(*) FROM blanks").fetchone()[0] == 110


def test_no_record_is_dated_before_the_certificate_was_printed(tmp_path):
    """A 注销, 补发 or 核发 dated before the print it follows made the 台账 show a certificate lost
    or handed over before it existed."""
    from skillplan.core.errors import SkillplanError
    from skillplan.cycle import stock

    registered, printed = dt.date(2027, 1, 5), dt.date(2027, 1, 20)
    with Ledger(tmp_path / "certificates.sqlite", today=later(dt.date(2027, 2, 1))) as book:
        [number] = _register(book, "2026-1", [Holder("445221198912250121", "李晓玲", "电工", 4)], registered).registered
        with book.transaction():
            stock.print_marks(book, [number], printed)
        for record in (lambda day: book.record(number, "注销", day, "以欺骗手段取得"),
                       lambda day: book.record(number, "补发", day, "证书遗失"),
                       lambda day: stock.hand_over(book, number, day, "本人")):
            with pytest.raises(SkillplanError, match=f"早于证书 {number} 的最近一条记录（2027-01-20 印制）"):
                record(dt.date(2027, 1, 10))
        assert stock.hand_over(book, number, printed, "本人") == []


def test_a_cycle_dated_after_today_registers_and_prints_on_the_days_they_happen(tmp_path):
    """Three dates: the 认定日期 the certificate keeps (the cycle's result date, here after today), the
    编号登记 and the 印制 dated the day they happen; no record is dated after today (a 核发 on a
    result date still to come was accepted before)."""
    from skillplan.core.errors import SkillplanError
    from skillplan.cycle import stock

    result_day, today = dt.date(2026, 12, 11), dt.date(2026, 11, 26)
    with Ledger(tmp_path / "certificates.sqlite", today=later(today)) as book:
        with book.transaction():
            [number] = book.reconcile(PREFIX, "2026-1", result_day,
                                      [Holder("445221198912250121", "李晓玲", "电工", 4)]).registered
        assert book.get(number).issued_on == "2026-12-11"
        assert book.events(number) == [("编号登记", "2026-11-26", "认定批次 2026-1")]
        stock.receive(book, "A0000001-A0000002", today)
        with book.transaction():
            stock.print_marks(book, [number], today)
        for record in (lambda day: book.record(number, "补发", day, "证书遗失"),
                       lambda day: stock.hand_over(book, number, day, "本人"),
                       lambda day: stock.destroy(book, "A0000001", day, "证书遗失，原流水码作废")):
            with pytest.raises(SkillplanError, match="晚于今天（2026-11-26），不能登记尚未发生的事"):
                record(result_day)
        book.record(number, "补发", today, "证书遗失")
        assert stock.destroy(book, "A0000001", today, "证书遗失，原流水码作废") == []
        with pytest.raises(UsageError, match="入库日期 2018-12-31 早于 2019-01-01"):
            stock.receive(book, "B0001", dt.date(2018, 12, 31))


def test_a_changed_issue_date_moves_the_numbers_not_yet_printed_within_the_year_they_carry(tmp_path):
    """发证日期: the year of the numbers; a later change (issue_date set, a longer 公示) reaches the numbers
    not on paper whose year it keeps; a printed certificate keeps the date it bears."""
    from skillplan.cycle import stock

    people = [Holder("1", "甲", "电工", 5), Holder("2", "乙", "电工", 5)]
    with Ledger(tmp_path / "certificates.sqlite", today=later()) as book:
        with book.transaction():
            numbers = book.reconcile(PREFIX, "2026-1", RESULT_DAY, people, dt.date(2026, 12, 25)).registered
            stock.print_marks(book, numbers[:1], dt.date(2027, 1, 5))
        assert numbers == [FIRST, "Y000044012027265000002"]
        with book.transaction():
            done = book.reconcile(PREFIX, "2026-1", RESULT_DAY, people, dt.date(2026, 12, 28))
        assert done.redated == 1 and [c.issue_date for c in book.certificates()] == ["2026-12-25", "2026-12-28"]
        assert "发证日期改为 2026-12-28：本批已登记、尚未印制的 1 个编号随之更改" in done.lines()
        with book.transaction():
            done = book.reconcile(PREFIX, "2026-1", RESULT_DAY, people, dt.date(2027, 1, 4))
        assert done.redated == 0 and [c.number for c in done.kept_dates] == [numbers[1]]
        assert "编号第14-15位是发证年份，与新的发证日期 2027-01-04 的年份不同" in done.lines()[0]
        with book.transaction():  # someone new in January: a number of 2027
            done = book.reconcile(PREFIX, "2026-1", RESULT_DAY, [*people, Holder("3", "丙", "电工", 5)],
                                  dt.date(2027, 1, 4))
        assert done.registered == ["Y000044012027275000001"]


# ---- what skillplan status reads -----------------------------------------------------------

def test_a_version_5_ledger_gains_the_approved_lists_and_is_read_as_it_is(tmp_path):
    path = _older_ledger(tmp_path, 5, "DROP TABLE approvals")
    before = path.read_bytes()
    with Ledger(path, read_only=True) as book:  # read through a copy migrated in memory: the file stays version 5
        assert book.progress()["2026-1"].approvals == ()
    assert path.read_bytes() == before
    with Ledger(path, today=later()) as book:
        assert book.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 6
        with book.transaction():
            book.record_approval("2026-1", dt.date(2027, 1, 4), "ab" * 32, "证书数据.xlsx", 1)
    with Ledger(path, read_only=True) as book:
        assert book.progress()["2026-1"].approvals == ("2027-01-04",)
        assert book.db.execute("SELECT sha256, file, numbers FROM approvals").fetchall() == [("ab" * 32, "证书数据.xlsx", 1)]


def test_a_version_6_ledger_without_its_approved_lists_is_damaged(tmp_path):
    path = _older_ledger(tmp_path, SCHEMA_VERSION, "DROP TABLE approvals")  # version 6 on has the table
    with pytest.raises(SkillplanError, match="缺少数据表 approvals"):
        Ledger(path, read_only=True)


def test_progress_counts_each_cycles_certificates_on_paper_handed_over_and_owed_a_reprint(tmp_path):
    from skillplan.cycle import stock

    day = dt.date(2027, 1, 5)
    people = [Holder(f"44522119891225{n:03d}1", name, "电工", 4) for n, name in enumerate(["甲", "乙", "丙", "丁"])]
    with Ledger(tmp_path / "certificates.sqlite", today=later(dt.date(2027, 2, 1))) as book:
        numbers = _register(book, "2026-1", people, day).registered
        _register(book, "2027-1", [Holder("445221199001010011", "戊", "电工", 5)], day)
        book.record(numbers[3], "注销", day, "以欺骗手段取得")
        with book.transaction():
            stock.print_marks(book, numbers[:3], dt.date(2027, 1, 6))
        stock.hand_over(book, numbers[0], dt.date(2027, 1, 8), "本人")
        stock.hand_over(book, numbers[1], dt.date(2027, 1, 9), "本人")
        book.record(numbers[1], "补发", dt.date(2027, 1, 10), "证书遗失")  # handed over, lost: owed a reprint
        found = book.progress()
    revoked = found["2026-1"].last_revoked  # when the 注销 was recorded (UTC), by the machine's clock
    assert found["2026-1"] == ledger_module.CycleProgress(
        registered=4, valid=3, printed=3, handed=2, unhanded=1, reprints=1, approvals=(),
        unhanded_since="2027-01-06", last_handover="2027-01-09", last_revoked=revoked)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}", revoked) and found["2027-1"].last_revoked == ""
    assert found["2026-1"].approved  # a ledger's prints stand for the list approved before version 6 kept it
    assert found["2027-1"] == ledger_module.CycleProgress(registered=1, valid=1)
    assert not found["2027-1"].approved and found["2027-1"].unprinted == 1
