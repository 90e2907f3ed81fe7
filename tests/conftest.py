import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import EXAMPLE  # noqa: E402  (found through the path set just above)


@pytest.fixture
def client(tmp_path):
    """A copy of the example client to change and build (a test file may define its own)."""
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE, folder)
    return folder


@pytest.fixture
def set_today(monkeypatch):
    """Set the day the commands (run in this process) and the ledgers count as today (core/clock.today):
    the example's 认定日期 and 发证日期 lie ahead of the real clock."""
    from skillplan.core import clock

    return lambda day: monkeypatch.setattr(clock, "today", lambda: day)
