"""skillplan as a library: the functions the commands run, for tests, the benchmark and scripts.

Nothing is implemented here; each name comes from the command module that owns it (commands/)."""
from __future__ import annotations

from .commands.certificates import certificates
from .commands.clients import (
    CYCLES_DIR,
    PLAN_FILE,
    BuildOptions,
    ClientResult,
    WrittenFiles,
    build,
    build_client,
    check,
    checked,
    client_name,
    config_inputs,
    cycle_files,
    cycle_of,
    file_texts,
    find_clients,
    output_folder,
    plan_file,
    provenance,
)
from .commands.cycle_folder import cycle_file, ledger_file
from .commands.diff import diff, diff_files, source
from .commands.doctor import diagnose
from .commands.forms import forms
from .commands.init import init, schema
from .commands.ledger import LedgerPlace, destroy, export, hand_over, list_ledger, record, stock
from .commands.prepare import prepare
from .commands.results import results
from .commands.status import status
from .commands.watch import watch

__all__ = [
    "CYCLES_DIR", "PLAN_FILE", "BuildOptions", "ClientResult", "LedgerPlace", "WrittenFiles", "build", "build_client",
    "certificates", "check", "checked", "client_name", "config_inputs", "cycle_file", "cycle_files", "cycle_of",
    "destroy", "diagnose", "diff", "diff_files", "export", "file_texts", "find_clients", "forms", "hand_over", "init",
    "ledger_file", "list_ledger", "output_folder", "plan_file", "prepare", "provenance", "record", "results", "schema",
    "source", "status", "stock", "watch",
]
