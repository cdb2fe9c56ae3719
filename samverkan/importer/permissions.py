"""Who may use the importer pages (see samverkan/core/access.py)."""

URL_POLICIES: dict = {}
