"""The child process that reads one file under hard caps (run by `capped.read_capped`).

`python -m samverkan.documents.child` reads a JSON line of options and then the file's bytes on
standard input, sets its own limits before it touches the bytes (address space, RLIMIT_AS, and
CPU time, RLIMIT_CPU), reads the file with the one reader and writes the outcome as JSON on
standard output. A file that needs more memory than the cap ends this process (exit status
MEMORY_EXIT), one that needs more CPU time is killed by the kernel (SIGXCPU/SIGKILL): either way
only this process dies, never the worker that started it.

It configures Django with only what the reader's messages need (translations and number
formats), not the project's settings: no database, no apps, nothing else to reach."""

from __future__ import annotations

import json
import os
import resource
import sys
from typing import Any

MEMORY_EXIT = 3


def _limit(memory_bytes: int, cpu_seconds: int) -> None:
    if memory_bytes > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    if cpu_seconds > 0:
        # The soft limit sends SIGXCPU; the hard limit, a second later, SIGKILL.
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def _configure(options: dict[str, Any]) -> None:
    import django
    from django.conf import settings

    settings.configure(
        USE_I18N=True,
        LANGUAGE_CODE=options["language"],
        LANGUAGES=[tuple(pair) for pair in options["languages"]],
        LOCALE_PATHS=options["locale_paths"],
        FORMAT_MODULE_PATH=options["format_module_path"],
        USE_THOUSAND_SEPARATOR=options["use_thousand_separator"],
        INSTALLED_APPS=["samverkan.documents"],
    )
    django.setup()


def main() -> int:
    options = json.loads(sys.stdin.buffer.readline())
    _limit(int(options["memory_bytes"]), int(options["cpu_seconds"]))
    data = sys.stdin.buffer.read()
    try:
        _configure(options)
        from django.utils import translation

        from samverkan.documents.reader import DocumentError, read_document

        translation.activate(options["language"])
        try:
            document = read_document(
                data,
                options["filename"],
                accept=options["accept"],
                ocr=False,
                require_text=options["require_text"],
            )
        except DocumentError as exc:
            outcome: dict[str, Any] = {"refused": True, "message": exc.message, "code": exc.code}
        else:
            outcome = {
                "refused": False,
                "text": document.text,
                "content_type": document.content_type,
                "pages": document.pages,
            }
        del data
        sys.stdout.write(json.dumps(outcome))
        sys.stdout.flush()
    except MemoryError:
        os._exit(MEMORY_EXIT)  # the cap was reached: die here, without trying to report more
    return 0


if __name__ == "__main__":
    sys.exit(main())
