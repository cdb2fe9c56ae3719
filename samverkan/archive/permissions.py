"""Who may use the archive's pages (see samverkan/core/access.py): administrators only, since a
closed package holds confidential papers."""

from samverkan.core.access import ADMINISTRATOR

URL_POLICIES = {
    "archive:index": ADMINISTRATOR,
    "archive:export": ADMINISTRATOR,
    "archive:download": ADMINISTRATOR,
}
