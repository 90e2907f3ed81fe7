"""`skillplan watch` rebuilds on every save of the plan or a cycle file, in one process, says which
documents changed, reports a broken save in Chinese and keeps watching. No blind sleeps: every
wait is for a line of output or an event, with a generous limit for a loaded machine."""
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading

import pytest
from helpers import MINIMAL, ROOT

LIMIT = 60  # seconds to wait for an expected line before failing (never a timing assertion)


class Watching:
    """A `skillplan watch` process whose output lines are read as they come."""

    def __init__(self, *args):
        self.process = subprocess.Popen([sys.executable, "-m", "skillplan", "watch", *map(str, args)], cwd=ROOT,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.lines: queue.Queue = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def until(self, text: str) -> list[str]:
        """The lines up to and including the first one containing text."""
        got = []
        while True:
            try:
                line = self.lines.get(timeout=LIMIT)
            except queue.Empty:
                raise AssertionError(f"no line with {text!r} within {LIMIT} s; got:\n" + "\n".join(self.seen)) from None
            if line is None:
                raise AssertionError(f"watch ended before {text!r}:\n" + "\n".join(self.seen))
            got.append(line)
            self.seen.append(line)
            if text in line:
                return got


def _save(path, old, new):
    """Save as editors do: write a temporary file beside it, rename it over the plan."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    partial = path.with_name(".plan.yaml.swp")
    partial.write_text(text.replace(old, new), encoding="utf-8")
    os.replace(partial, path)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
def test_watch_rebuilds_on_save_survives_an_invalid_edit_and_rebuilds_again(tmp_path):
    client, out = tmp_path / "acme", tmp_path / "out"
    shutil.copytree(MINIMAL, client)
    plan = client / "plan.yaml"
    watch = Watching(client, "-o", out)
    try:
        watch.until("正在监视")
        first = (out / "acme.zip").read_bytes()
        _save(plan, "total: 320", "total: 321")
        rebuilt = watch.until("已重新生成")
        assert "已保存 plan.yaml" in "\n".join(rebuilt)
        assert "个文档有变化" in rebuilt[-1]
        changed = watch.until("已更新")[-1]
        assert "职业技能等级认定工作方案.docx" in changed and (out / "acme.zip").read_bytes() != first
        plan.write_text(plan.read_text(encoding="utf-8").replace("total: 321", "total: 三百"), encoding="utf-8")
        failed = watch.until("未重新生成")
        assert any("staff.total  应为整数，实际为“三百”" in line for line in failed)
        assert watch.process.poll() is None  # still watching
        _save(plan, "total: 三百", "total: 320")
        assert "已重新生成" in watch.until("已重新生成")[-1]
        assert (out / "acme.zip").read_bytes() == first  # back to the first plan: the first output
    finally:
        watch.process.send_signal(signal.SIGINT)
        watch.process.wait(timeout=LIMIT)
    assert watch.process.returncode == 0 and "已停止监视" in "\n".join(watch.seen + _rest(watch))
    assert "Traceback" not in "\n".join(watch.seen)


def _rest(watch):
    rest = []
    while (line := watch.lines.get(timeout=LIMIT)) is not None:
        rest.append(line)
    return rest


CYCLE = """id: 2027-1
year: 2027
batch: 1
announce_date: 2027-03-01
registration: {start: 2027-03-02, end: 2027-03-12, method: 在线填报}
assessment: {start: 2027-03-22, end: 2027-03-26}
offerings:
  - {trade: 养老护理员, levels: [4, 3], date: 2027-03-23, address: 深圳市福田区福华路88号}
contact: {person: 何嘉欣, phone: 0755-82216699}
"""


def test_the_library_loop_reports_each_round_and_stops_on_request(tmp_path):
    """api.watch in a thread: the first build, a broken cycle file, the same file put right, a stop."""
    from skillplan import api

    client, out = tmp_path / "acme", tmp_path / "out"
    shutil.copytree(MINIMAL, client)
    (client / "cycles").mkdir()
    rounds: queue.Queue = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(target=api.watch, args=(client, out), kwargs={"on_build": rounds.put, "stop": stop})
    thread.start()
    try:
        first = rounds.get(timeout=LIMIT)
        assert first.saved == [] and first.result.ok and (out / "acme" / "manifest.json").is_file()
        (client / "notes.txt").write_text("not a config file: no rebuild", encoding="utf-8")
        cycle = client / "cycles" / "2027-1.yaml"
        cycle.write_text(CYCLE.replace("养老护理员", "电工"), encoding="utf-8")
        broken = rounds.get(timeout=LIMIT)
        assert broken.saved == ["cycles/2027-1.yaml"] and not broken.result.ok
        assert any("“电工”不在认定的职业（工种）范围中" in str(p) for p in broken.result.problems)
        cycle.write_text(CYCLE, encoding="utf-8")
        fixed = rounds.get(timeout=LIMIT)
        assert fixed.result.ok and fixed.changes.added == ["公告/2027年第1批职业技能等级认定公告.docx"]
        assert fixed.changes.updated == [] and len(fixed.changes.source_only) == 7  # only the embedded source
    finally:
        stop.set()
        thread.join(timeout=LIMIT)
    assert not thread.is_alive()


def test_watching_a_folder_that_is_not_a_client_is_a_usage_error(tmp_path):
    from helpers import run_cli

    done = run_cli("watch", tmp_path)
    assert done.returncode == 2 and "不是客户文件夹" in done.stderr and "Traceback" not in done.stderr
