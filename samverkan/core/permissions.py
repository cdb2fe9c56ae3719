"""Access policies for the project-wide and third-party URLs (see samverkan/core/access.py)."""

from samverkan.core.access import ADMINISTRATOR, DELEGATED, PUBLIC

URL_POLICIES = {
    "core:audit_trail": ADMINISTRATOR,
    # The benchmark's floor (bench/floor.py): a principal's public name; mounted only
    # when SAMVERKAN_BENCH_FLOOR is on.
    "bench_floor": PUBLIC,
    # The Django admin checks is_staff itself and shows its own log-in page.
    "admin:*": DELEGATED,
    # allauth: log-in, log-out, password reset, two-factor set-up and OpenID Connect call-backs.
    # Its views require a logged-in user where that matters (e.g. the two-factor set-up).
    "account_*": DELEGATED,
    "mfa_*": DELEGATED,
    "socialaccount_*": DELEGATED,
    "openid_connect_*": DELEGATED,
    # allauth's unnamed redirects from its old addresses (accounts/social/... to
    # accounts/3rdparty/...). A redirect shows nothing; the page it leads to has its own policy.
    "django.views.generic.base.RedirectView": PUBLIC,
    # Language switch (the header's button is a GET that sets the language cookie; Django's own
    # POST with a CSRF token stays for anyone who uses it) and machine-readable site files.
    "set_language": PUBLIC,
    "choose_language": PUBLIC,
    "sitemap": PUBLIC,
    "robots": PUBLIC,
}
