"""Fault points: the moments between the steps of a run that changes the ledger and writes output,
where a test makes the process die (SIGKILL, as a power cut or `kill -9` would) or a step fail.

The order every such run follows (docs/architecture.md, "One order for the ledger and the output")
is proved at each point: whatever moment a run stops at, the output on disk and the ledger agree.
Production runs never set SKILLPLAN_FAULT; reading one environment variable is all it costs them.
"""
from __future__ import annotations

import os
import signal

ENV = "SKILLPLAN_FAULT"
# the points, in the order a run passes them
STAGED = "staged"  # the new output is complete beside its place; the ledger is not yet committed
COMMITTED = "committed"  # the ledger is committed; the new output is not yet in place
SWAPPING = "swapping"  # the previous output has been moved aside; the new one is not yet in place
LEDGER_CREATED = "ledger-created"  # a new ledger's first commit is done, in its temporary file
COMMIT_FAILS = "commit-fails"  # the ledger's COMMIT fails as on a full disk (not a kill)


def fault_point(name: str) -> None:
    """Die here, without any clean-up, when a test asked for this point."""
    if os.environ.get(ENV) == name:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


def failing(name: str) -> bool:
    """Whether a test asked this step to fail."""
    return os.environ.get(ENV) == name
