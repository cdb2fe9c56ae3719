"""Who may use the search pages (see samverkan/core/access.py)."""

URL_POLICIES: dict = {}
