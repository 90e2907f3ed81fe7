"""Batch work on all cores, results in order and streamed: a roster of any size goes to disk in
constant memory while the cores render."""
from __future__ import annotations

import os
import threading
from collections import deque
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


def start_early(setup: Callable[..., None]) -> bool:
    """Start the fork server now, so it is ready by the time workers are needed: it boots on the
    other core while this one reads. Without a fork server, nothing to do: spawned workers start
    when needed. False when no process can be started (a user's process limit reached): the work is
    then done in this process."""
    if _context(setup).get_start_method() == "forkserver":
        from multiprocessing import forkserver

        try:
            forkserver.ensure_running()
        except OSError:  # EAGAIN from fork: slower, in this process, but done
            return False
    return True


class Workers:
    """Worker processes that run setup(*setup_args) once each, for as long as the `with` lasts: work
    can be handed out while this process still reads (results renders the forms of those already
    graded while the rest of the score sheet comes in). With one job, a task runs here, when its
    result is asked for."""

    def __init__(self, setup: Callable[..., None], setup_args: tuple, jobs: int | None = None):
        self.setup, self.setup_args = setup, setup_args
        self.jobs = (os.cpu_count() or 1) if jobs is None else jobs
        self.pool = None
        self.probe: list = []  # the future of a first, empty task, once it is submitted

    def __enter__(self) -> Workers:
        if self.jobs <= 1 or not start_early(self.setup):
            self.setup(*self.setup_args)
        else:
            from concurrent.futures import ProcessPoolExecutor

            self.pool = ProcessPoolExecutor(self.jobs, mp_context=_context(self.setup), initializer=_start_worker,
                                            initargs=(self.setup, self.setup_args, os.getpid()))
            # a first task starts a worker: from a thread, as starting one waits for the fork server
            # to have loaded the renderer, and this process has reading to do meanwhile
            threading.Thread(target=self._first_task, daemon=True).start()
        return self

    def _first_task(self) -> None:
        try:
            self.probe.append(self.pool.submit(_nothing, None))
        except Exception:  # a pool that cannot start says so to the first real task, in this process
            pass

    def __exit__(self, *_) -> None:
        if self.pool is not None:  # work nobody asked for (a run that stopped on a problem) is dropped
            self.pool.shutdown(wait=True, cancel_futures=True)

    def started(self) -> bool:
        """Whether a worker is up and taking work (until then, work this process does itself is done sooner)."""
        return bool(self.probe) and self.probe[0].done()

    def submit(self, func: Callable, item: Any):
        """A future of func(item); func must be a module-level function (it is pickled)."""
        return self.pool.submit(func, item) if self.pool is not None else _Later(func, item)


WORKER_NICENESS = 5  # a worker yields the core to this process: it reads and writes for all of them


def _start_worker(setup: Callable[..., None], setup_args: tuple, parent: int) -> None:
    """A worker's start: it dies with the process that started it (parent), a little behind it in the
    queue for a core (what this process reads, the workers render; if it waits for a core, so do
    they), then its set-up."""
    _die_with(parent)
    if hasattr(os, "nice"):  # not on Windows: there the workers keep the same priority
        try:
            os.nice(WORKER_NICENESS)
        except OSError:  # not allowed here: the same priority
            pass
    setup(*setup_args)


def _die_with(parent: int) -> None:
    """End this worker as soon as the process it works for is gone (killed with `kill -9`, say): a
    worker waits for tasks on a queue every worker also holds open, so it would wait forever, and
    the fork server with it, holding the terminal's output (`| tail` and CI would hang). A thread
    waits on the parent's pidfd (Linux), else looks every half second."""
    def wait() -> None:
        try:
            import select

            fd = os.pidfd_open(parent)
            select.select([fd], [], [])
        except (AttributeError, OSError):
            import time

            while alive(parent):
                time.sleep(0.5)
        os._exit(1)

    if os.name != "nt" and alive(parent):  # on Windows os.kill would end the parent, not ask after it
        threading.Thread(target=wait, daemon=True, name="die-with-parent").start()


def alive(pid: int) -> bool:
    """Whether the process still runs (as far as can be told: another user's, or any on Windows, counts as running)."""
    if os.name == "nt":  # os.kill there would end the process, not ask after it
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process (or Windows): alive as far as we can tell
        return True
    return True


def _nothing(_) -> None:
    return None


class _Later:
    """A task of a single-job Workers: run when its result is first asked for, so results still
    stream one at a time."""

    def __init__(self, func: Callable, item: Any):
        self.func, self.item = func, item

    def result(self) -> Any:
        return self.func(self.item)


def ordered_map(func: Callable, items: list, jobs: int | None, setup: Callable[..., None], setup_args: tuple,
                meanwhile: Callable[[], Any]) -> Iterator:
    """meanwhile()'s result, then func over items, results in order: in this process for one item
    or one core, else in worker processes (Workers) with a few tasks in flight per worker, so
    finished results never pile up; meanwhile() runs here while the workers start."""
    jobs = min(jobs or os.cpu_count() or 1, len(items))
    with Workers(setup, setup_args, jobs) as workers:
        pending = deque(workers.submit(func, item) for item in items[:2 * jobs])
        yield meanwhile()
        for item in items[2 * jobs:]:
            yield pending.popleft().result()
            pending.append(workers.submit(func, item))
        while pending:
            yield pending.popleft().result()
