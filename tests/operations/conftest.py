"""Shared helpers of the operations tests: free ports, subprocess environments, a real SMTP
server that counts what it receives."""

from __future__ import annotations

import os
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def clean_env(**overrides: str) -> dict[str, str]:
    """The environment for a subprocess: this one without the project's own settings variables
    (so the developer's shell cannot leak into the test), plus `overrides`."""
    names = {
        "DJANGO_SETTINGS_MODULE",
        "SAMVERKAN_ENV",
        "SECRET_KEY",
        "DATABASE_URL",
        "ALLOWED_HOSTS",
        "FILE_STORAGE",
        "TASKS_BACKEND",
        "EMAIL_BACKEND",
        "MEDIA_ROOT",
        "STATIC_ROOT",
        "SAMVERKAN_DATA_DIR",
    }
    env = {k: v for k, v in os.environ.items() if k not in names and not k.startswith(("S3_", "PYTEST_"))}
    env.update(overrides)
    return env


class Inbox:
    """aiosmtpd handler that keeps every message it receives (thread-safe)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.received.append((list(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 Message accepted for delivery"

    def messages(self) -> list[tuple[list[str], bytes]]:
        with self.lock:
            return list(self.received)


@pytest.fixture
def smtp_inbox() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()
