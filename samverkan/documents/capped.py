"""Reading a file in a child process with hard caps: the worker's way to read what was uploaded.

The request that receives a file only checks what is cheap (its size and its type by its first
bytes, `reader.sniff`) and stores it as being read; the worker's task calls `read_capped`, which
runs the one reader (`reader.read_document`) in a fresh Python process (`documents/child.py`)
limited to DOCUMENT_READ_MEMORY_MB of address space (RLIMIT_AS), DOCUMENT_READ_CPU_SECONDS of CPU
(RLIMIT_CPU) and DOCUMENT_READ_TIMEOUT_SECONDS of wall-clock time. A file that breaks a cap kills
that child only; the caller gets a DocumentError with a message saying which cap, and goes on.
See docs/decisions/0016-reading-in-the-worker.md and docs/operations.md."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Collection

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from samverkan.documents.child import MEMORY_EXIT
from samverkan.documents.reader import ALL, MB, Document, DocumentError

DEFAULT_MEMORY_MB = 1024
DEFAULT_CPU_SECONDS = 40
DEFAULT_TIMEOUT_SECONDS = 60

started = 0  # reader processes this process has started (the tests check a request starts none)


def caps() -> tuple[int, int, int]:
    """The caps in force: memory (MB), CPU (seconds), wall-clock time (seconds)."""
    return (
        int(getattr(settings, "DOCUMENT_READ_MEMORY_MB", DEFAULT_MEMORY_MB)),
        int(getattr(settings, "DOCUMENT_READ_CPU_SECONDS", DEFAULT_CPU_SECONDS)),
        int(getattr(settings, "DOCUMENT_READ_TIMEOUT_SECONDS", DEFAULT_TIMEOUT_SECONDS)),
    )


def _too_much_memory(mb: int) -> DocumentError:
    return DocumentError(
        gettext(
            "Reading the file needed more than %(mb)d MB of memory and was stopped; the file is built to be "
            "costly to read or is far larger than a paper. Save it again as a PDF or Word document."
        )
        % {"mb": mb},
        "too_much_memory",
    )


def _too_slow(seconds: int) -> DocumentError:
    return DocumentError(
        gettext(
            "Reading the file took longer than %(seconds)d seconds and was stopped; the file is built "
            "to be slow to read or is far larger than a paper. Save it again as a PDF or Word document."
        )
        % {"seconds": seconds},
        "too_slow",
    )


def read_capped(
    data: bytes,
    filename: str = "",
    *,
    accept: Collection[str] = ALL,
    require_text: bool = True,
) -> Document:
    """Read `data` as `reader.read_document(..., ocr=False)` would, in a capped child process.
    Raises DocumentError: the reader's refusal, or a cap's (codes too_much_memory, too_slow) or
    "broken" when the child ended in any other way."""
    global started
    memory_mb, cpu_seconds, timeout = caps()
    options = {
        "memory_bytes": memory_mb * MB,
        "cpu_seconds": cpu_seconds,
        "filename": filename,
        "accept": sorted(accept),
        "require_text": require_text,
        "language": translation.get_language() or settings.LANGUAGE_CODE,
        "languages": [[code, str(name)] for code, name in settings.LANGUAGES],
        "locale_paths": [str(path) for path in settings.LOCALE_PATHS],
        "format_module_path": list(getattr(settings, "FORMAT_MODULE_PATH", None) or []),
        "use_thousand_separator": bool(getattr(settings, "USE_THOUSAND_SEPARATOR", False)),
    }
    started += 1
    try:
        done = subprocess.run(
            [sys.executable, "-m", "samverkan.documents.child"],
            input=json.dumps(options).encode() + b"\n" + data,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:  # run() has killed the child
        raise _too_slow(timeout) from None
    if done.returncode == MEMORY_EXIT or b"MemoryError" in done.stderr:
        raise _too_much_memory(memory_mb)
    if done.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise _too_slow(cpu_seconds)
    try:
        if done.returncode != 0:
            raise ValueError(done.returncode)
        outcome = json.loads(done.stdout)
    except ValueError:
        raise DocumentError(
            gettext("The file could not be read: reading it stopped unexpectedly. Save it again and upload it anew."),
            "broken",
        ) from None
    if outcome["refused"]:
        raise DocumentError(outcome["message"], outcome["code"])
    return Document(text=outcome["text"], content_type=outcome["content_type"], pages=outcome["pages"])
