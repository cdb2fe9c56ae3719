"""Serving stored files (papers, extracts, agreement texts) through the views that check access."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse


def serve_stored(field: Any, content_type: str, filename: str) -> FileResponse:
    """A stored file, opened through its storage (filesystem or S3), served as its checked type
    and never sniffed into another."""
    response = FileResponse(field.open("rb"), content_type=content_type, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
