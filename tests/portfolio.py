"""A consultant's portfolio for `skillplan status`, made by running the real commands on copies of the
clients in config/: the example at every step of its cycle 2026-1, beside the other shapes untouched.

    python tests/portfolio.py DIR        # DIR/clients/…, DIR/out/…: what docs/status.md shows

Copies of the example, each taken one command further than the one before (the ledger and the
outputs of a step are copied, then the next command runs on the copy):
    example         built; nothing run for its cycles
    example-seated  prepare, forms                          (考核中, then 待录入成绩)
    example-scored  … results                               (公示中, then 待省里确认)
    example-partial … certificates --approved, a list of 5 (待打印证书: 19 numbers not printed)
    example-printed … certificates --approved, the whole list (待核发)
    example-done    … every certificate handed over         (已完成; on the 发证日期, 2026-12-25)
The records (编号登记, 印制) are dated the day the commands run."""
from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

from helpers import ROOT, run_cli

CONFIG = ROOT / "config"
STEPS = ("seated", "scored", "partial", "printed", "done")


def _ok(*args: str) -> None:
    done = run_cli(*map(str, args))
    assert done.returncode == 0, f"{' '.join(map(str, args))}\n{done.stdout}\n{done.stderr}"


def _next_step(clients: Path, out: Path, before: str, after: str) -> Path:
    """Copy the client, its filing and its cycle's outputs under another name, to take it one step further."""
    shutil.copytree(clients / before, clients / after)
    for suffix in ("", "_2026-1"):  # the filing as built (the same plan), the cycle's outputs so far
        if (out / f"{before}{suffix}").is_dir():
            shutil.copytree(out / f"{before}{suffix}", out / f"{after}{suffix}")
    return clients / after


def make_portfolio(base: Path, shapes: bool = True) -> tuple[Path, Path]:
    """DIR/clients and DIR/out as described above (shapes: the other clients of config/ too, built)."""
    from skillplan.cycle.ledger import Ledger

    clients, out = base / "clients", base / "out"
    clients.mkdir(parents=True)
    for source in sorted(CONFIG.iterdir()) if shapes else [CONFIG / "example"]:
        shutil.copytree(source, clients / source.name)
    _ok("build", *sorted(clients.iterdir()), "-o", out, "-j", "1")
    seated = _next_step(clients, out, "example", "example-seated")
    _ok("prepare", seated, "--cycle", "2026-1", "-o", out)
    _ok("forms", seated, "--cycle", "2026-1", "-o", out)
    scored = _next_step(clients, out, "example-seated", "example-scored")
    _ok("results", scored, "--cycle", "2026-1", "-o", out)
    with Ledger(scored / "certificates.sqlite", read_only=True) as book:
        numbers = [c.number for c in book.of_cycle("2026-1")]
    partial = _next_step(clients, out, "example-scored", "example-partial")
    (base / "first-five.csv").write_text("证书编号\n" + "\n".join(numbers[:5]) + "\n", encoding="utf-8")
    _ok("certificates", partial, "--cycle", "2026-1", "--approved", base / "first-five.csv", "-o", out)
    printed = _next_step(clients, out, "example-scored", "example-printed")
    approved = out / "example-scored_2026-1" / "证书数据.xlsx"
    _ok("certificates", printed, "--cycle", "2026-1", "--approved", approved, "-o", out)
    done = _next_step(clients, out, "example-printed", "example-done")
    # handed over on the 发证日期 (2026-12-25): never before it, and a day that may be ahead of the
    # clock the tests run by, so recorded through the ledger with that day as its today
    from skillplan.cycle import stock

    issued = dt.date(2026, 12, 25)
    with Ledger(done / "certificates.sqlite", today=lambda: max(issued, dt.date.today())) as book:
        for number in numbers:
            stock.hand_over(book, number, max(issued, dt.date.today()), "本人")
    return clients, out


if __name__ == "__main__":
    make_portfolio(Path(sys.argv[1]))
