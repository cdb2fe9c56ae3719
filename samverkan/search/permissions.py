"""Who may use the search pages (see samverkan/core/access.py). Everyone may search; what is
found depends on who asks (public entries only, unless an administrator)."""

from samverkan.core.access import PUBLIC

URL_POLICIES = {
    "search:search": PUBLIC,
}
