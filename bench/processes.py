"""Child processes that are always stopped: on success, on failure, on Ctrl+C and on SIGTERM.

Every child is started in a session of its own (so a Ctrl+C in the terminal reaches only the
harness, which then stops its children in order) and stopped by its own process group id.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import IO

_running: list[subprocess.Popen[bytes]] = []


def start(
    args: Sequence[str], *, env: dict[str, str], cwd: Path, log: IO[bytes] | None = None
) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(  # noqa: S603 - our own executables with arguments we build
        list(args),
        env=env,
        cwd=cwd,
        stdout=log if log is not None else subprocess.PIPE,
        stderr=subprocess.STDOUT if log is not None else subprocess.PIPE,
        start_new_session=True,
    )
    _running.append(proc)
    return proc


def stop(proc: subprocess.Popen[bytes], *, grace: float = 15.0) -> None:
    """SIGTERM to the child's process group (gunicorn's master passes it to its workers), then
    SIGKILL if it has not gone within `grace` seconds."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=grace)
    if proc in _running:
        _running.remove(proc)


def stop_all() -> None:
    for proc in reversed(list(_running)):
        stop(proc)


class Terminated(BaseException):
    """Raised in the main thread on SIGTERM or SIGHUP, so that `finally` blocks run."""


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated(signal.Signals(signum).name)


@contextlib.contextmanager
def cleanup_on_exit() -> Iterator[None]:
    """Stops every child started inside the block however the block ends."""
    previous = {sig: signal.signal(sig, _raise_terminated) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        # A second Ctrl+C while stopping must not leave children behind.
        interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            stop_all()
        finally:
            signal.signal(signal.SIGINT, interrupt)
            for sig, handler in previous.items():
                signal.signal(sig, handler)
