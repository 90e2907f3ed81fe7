"""Batch work on all cores, results in order and streamed: a roster of any size goes to disk in
constant memory while the cores render."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

# what this process's set-up made (one per worker, or this process when working alone)
STATE: dict[str, Any] = {}


def _context(setup: Callable[..., None]):
    """Where workers come from: a fork server that has imported setup's module and the renderer once
    (the main process itself never loads the renderer: it only reads and writes); spawned where
    there is no fork server. Either way they do not carry (or count) the 10,000 people this
    process holds, so their memory is their task's."""
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([setup.__module__, __name__.rpartition(".")[0] + ".render"])
    return context


def start_early(setup: Callable[..., None]) -> None:
    """Start the fork server now, so it is ready by the time ordered_map needs workers: it boots on
    the other core while this one reads the roster and the scores. Without a fork server, nothing
    to do: spawned workers start when needed."""
    if _context(setup).get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def ordered_map(func: Callable, items: list, jobs: int | None, setup: Callable[..., None], setup_args: tuple,
                meanwhile: Callable[[], Any]) -> Iterator:
    """meanwhile()'s result, then func over items, results in order: in this process for one item
    or one core, else in a process pool (setup(*setup_args) run once in each worker) with a few
    tasks in flight per worker, so finished results never pile up; meanwhile() runs here while the
    workers start. func and setup must be module-level functions (they are pickled)."""
    jobs = min(jobs or os.cpu_count() or 1, len(items))
    if jobs <= 1:
        yield meanwhile()
        setup(*setup_args)
        yield from map(func, items)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(jobs, mp_context=_context(setup), initializer=setup, initargs=setup_args) as pool:
        pending = [pool.submit(func, item) for item in items[:2 * jobs]]
        yield meanwhile()
        for item in items[2 * jobs:]:
            yield pending.pop(0).result()
            pending.append(pool.submit(func, item))
        for future in pending:
            yield future.result()
