"""`skillplan watch`: rebuild a client on every save of its plan or cycle files, in one process.

The consultant's loop is edit → save → look at the document. Staying in one process keeps the
templates compiled and the libraries imported, so a rebuild after a one-line edit costs the
rendering alone (tens of milliseconds), not a new interpreter. watchfiles (Rust notify) reports
the saves; an editor's save (write a temporary file, rename it over the plan) arrives as one batch
because watchfiles waits STEP_MS for more events before it reports.
"""
from __future__ import annotations

import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import SkillplanError
from .clients import CYCLES_DIR, PLAN_FILE, BuildOptions, ClientResult, build_client, client_name, plan_file

STEP_MS = 10  # quiet time that ends a batch of events: short, since the goal is ≤ 100 ms save → files
ARMED_MS = 50  # the first wait returns empty after this long, which tells us the watcher is armed


@dataclass
class DocumentChanges:
    """Which documents a rebuild changed, by the hashes of the manifests before and after.

    Every .docx embeds the plan, so any edit changes every document's hash; a document whose
    members other than the embedded source are unchanged (their CRCs, read from the zip's
    directory) is counted in source_only rather than listed as updated."""

    updated: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    source_only: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.updated or self.added or self.removed)


@dataclass
class Rebuild:
    """One round of the watch: the config files saved ([] for the first build), the build's result
    (an api.ClientResult: problems, failure, files), what changed, and how long the build took."""

    saved: list[str]
    result: Any
    changes: DocumentChanges
    seconds: float


def snapshot(folder: Path) -> dict[str, tuple[str, tuple]]:
    """path → (SHA-256 from the folder's manifest, the document's content apart from its embedded
    source) for every file the manifest lists; {} without a manifest."""
    from ..output.bundle import recorded_hashes

    return {path: (digest, _content(folder / path)) for path, digest in (recorded_hashes(folder) or {}).items()}


def _content(path: Path) -> tuple:
    """A .docx's members and their CRCs except customXml/ (the embedded source); other files: nothing
    more than their hash says."""
    if path.suffix != ".docx":
        return ()
    try:
        with zipfile.ZipFile(path) as z:
            return tuple((i.filename, i.CRC) for i in z.infolist() if not i.filename.startswith("customXml/"))
    except (OSError, zipfile.BadZipFile):
        return ()


def document_changes(before: dict[str, tuple[str, tuple]], after: dict[str, tuple[str, tuple]]) -> DocumentChanges:
    """Compare two snapshots of an output folder."""
    differ = [p for p in after if p in before and before[p][0] != after[p][0]]
    return DocumentChanges(updated=sorted(p for p in differ if before[p][1] != after[p][1] or not after[p][1]),
                           added=sorted(p for p in after if p not in before),
                           removed=sorted(p for p in before if p not in after),
                           source_only=sorted(p for p in differ if before[p][1] == after[p][1] and after[p][1]))


def saves(plan_path: Path, cycles: Path | None, stop: threading.Event | None = None) -> Iterator[list[str]]:
    """[] once the watcher is armed (build now: a save from this moment on is not missed), then, for
    each save, the config files it touched as paths relative to the client folder. Ends when stop
    is set; Ctrl+C raises KeyboardInterrupt."""
    import watchfiles

    plan_path = plan_path.resolve()
    folder = plan_path.parent
    cycles = cycles.resolve() if cycles else None

    def is_config(_change, path: str) -> bool:
        p = Path(path)
        return p == plan_path or (cycles is not None and p.parent == cycles and p.suffix in (".yaml", ".yml"))

    armed = False
    for changes in watchfiles.watch(folder, watch_filter=is_config, step=STEP_MS, rust_timeout=ARMED_MS,
                                    yield_on_timeout=True, stop_event=stop):
        if not armed:
            armed = True
            yield []  # whatever was saved meanwhile is built by this first build
        elif changes:
            yield sorted({Path(path).relative_to(folder).as_posix() for _, path in changes})


def watch_loop(plan_path: Path, cycles: Path | None, rebuild: Callable[[list[str]], None],
               stop: threading.Event | None = None, rounds: int | None = None) -> None:
    """Build once the watcher is armed, then after every save; rounds bounds the rebuilds after the
    first (for tests and benchmarks), stop ends the loop from another thread."""
    for n, saved in enumerate(saves(plan_path, cycles, stop)):
        rebuild(saved)
        if rounds is not None and n >= rounds:
            return


def watch(path: Path | str, out_dir: Path | str = "out", templates: Path | str | None = None, *,
          on_build: Callable, stop=None, rounds: int | None = None, force: bool = False) -> None:
    """Build a client, then rebuild it on every save of its plan or cycle files, in this process, so
    a rebuild costs no interpreter start. on_build hears of every round (a watch.Rebuild: what was
    saved, the ClientResult, which documents changed by hash); a broken save is reported there and
    the watch goes on. Runs until stop (a threading.Event) is set, rounds rebuilds are done, or Ctrl+C."""
    import time

    from ..output.bundle import safe_name

    plan_path = plan_file(path)
    out_dir, templates = Path(out_dir), Path(templates) if templates else None
    folder = out_dir / safe_name(client_name(plan_path))
    last: list = []  # the folder as the previous round left it, so a round reads it only once

    def rebuild(saved: list[str]) -> None:
        before, start = (last.pop() if last else snapshot(folder)), time.perf_counter()
        try:
            result = build_client(plan_path, BuildOptions(out_dir, templates, force=force))
        except SkillplanError as e:  # the plan was deleted or renamed: say so and wait for the next save
            result = ClientResult(client_name(plan_path), plan_path, failure=str(e), exit_code=e.exit_code)
        seconds = time.perf_counter() - start
        after = snapshot(folder) if result.ok else before
        last.append(after)
        on_build(Rebuild(saved, result, document_changes(before, after), seconds))

    cycles = plan_path.parent / CYCLES_DIR if plan_path.name == PLAN_FILE else None
    watch_loop(plan_path, cycles, rebuild, stop, rounds)
