"""Who may use the personal-data pages (see samverkan/core/access.py): administrators only."""

from samverkan.core.access import ADMINISTRATOR

URL_POLICIES = {
    "privacy:index": ADMINISTRATOR,
    "privacy:subject": ADMINISTRATOR,
    "privacy:export": ADMINISTRATOR,
    "privacy:erase": ADMINISTRATOR,
    "privacy:request": ADMINISTRATOR,
}
