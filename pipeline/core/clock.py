"""The day it is, asked in one place: every record a command makes (编号登记, 印制, 核发 …) and every
"today" a rule compares with is this day, so a test can set it (the example's dates lie ahead)."""
from __future__ import annotations

import datetime as dt


def today() -> dt.date:
    """Today, by this machine's clock."""
    return dt.date.today()
