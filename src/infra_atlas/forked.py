"""Pure work split between this process and forked copies of it, on the cores there are.

Rendering an edition is computation over records already in memory: a copy of the process made
by fork() renders one edition while this process renders another, and hands its result back
through a pipe. Nothing is pickled on the way in and no interpreter starts, so it pays even for
the second or so a rebuild under `mkdocs serve` takes. Where fork() is missing (Windows), or a
copy fails, the work is done here instead, so the output never depends on whether it was shared
and an error shows with its traceback, from this process.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def map_shared(fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """[fn(item) for item in items], the first item here and each other one in a forked copy."""
    if len(items) < 2 or not hasattr(os, "fork"):
        return [fn(item) for item in items]
    copies: list[tuple[int, int]] = []
    for item in items[1:]:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the copy: compute, send, and leave without running any exit handler
            code = 1
            try:
                os.close(read)
                payload = pickle.dumps(fn(item), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(payload)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        copies.append((pid, read))
    try:
        results = [fn(items[0])]
    except BaseException:
        # Closing the pipes ends a copy blocked on writing its result; reap them all, so no
        # stuck copy of a serving process is left behind.
        for pid, read in copies:
            os.close(read)
            os.waitpid(pid, 0)
        raise
    for item, (pid, read) in zip(items[1:], copies, strict=True):
        with os.fdopen(read, "rb") as pipe:
            payload = pipe.read()
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) == 0 and payload:
            results.append(pickle.loads(payload))
        else:
            results.append(fn(item))
    return results
