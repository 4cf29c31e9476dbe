"""Child processes that never outlive their owner, and whether a process still runs.

Used by batches (pool workers) and the PDF converter (stale LibreOffice profiles). POSIX only where
said; on Windows the functions do nothing or answer conservatively.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def alive(pid: int) -> bool:
    """Whether a process with this pid runs (one we may not signal counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def die_with_parent(owner: int) -> None:
    """Make this (child) process end when its parent does, even when the parent is killed with
    SIGKILL: on Linux the kernel sends SIGKILL (prctl PR_SET_PDEATHSIG, man 2 prctl); on other
    POSIX systems a watchdog thread notices within a second that the parent is gone. ``owner`` is
    the pid that started the work: if it died before the signal was asked for, exit now.

    The kernel's "parent" is the thread that forked this process; see the caller for why that
    thread lives as long as the owner needs the child.
    """
    parent = os.getppid()
    if sys.platform == "linux":
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if not alive(owner):
            os._exit(1)
    elif sys.platform != "win32":
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def worker_started(owner: int) -> None:
    """Initialise a pool worker (``ProcessPoolExecutor(initializer=worker_started,
    initargs=(os.getpid(),))``): it dies with the batch or command that owns it, and leaves
    Ctrl-C to it.

    Ctrl-C reaches every process of the terminal's group; the owner decides how the batch stops
    (the running chunks finish), so a worker ignores SIGINT. On Linux the kernel kills the worker
    when its parent dies (prctl PR_SET_PDEATHSIG, man 2 prctl), even by SIGKILL; elsewhere a
    watchdog thread notices that the parent is gone. Either way no worker outlives its batch.
    (The kernel's "parent" is the thread that forked the worker: the pool starts workers from
    ``submit``, in the batch's own thread, which lives until the pool is shut down; with the
    forkserver start method the parent is the fork server, which exits with its owner.)
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the owner's handler, inherited by fork
    die_with_parent(owner)
