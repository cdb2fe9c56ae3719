from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.i18n import set_language

from samverkan.accounts.views import admin_login
from samverkan.api.urls import api
from samverkan.core.views import choose_language
from samverkan.publishing.sitemaps import SITEMAPS
from samverkan.publishing.views import robots_txt

# The admin's own log-in page would take a password alone (no second factor, no rate limit):
# every way in goes through allauth's log-in instead (samverkan/accounts/views.py).
admin.site.login = admin_login  # type: ignore[method-assign]

# Under /api/ a missing address or a failure answers JSON like every other API error.
handler404 = "samverkan.api.errors.not_found"
handler500 = "samverkan.api.errors.server_error"

urlpatterns = [
    path("", include("samverkan.publishing.urls")),
    path("", include("samverkan.structure.urls")),
    path("", include("samverkan.meetings.urls")),
    path("", include("samverkan.referrals.urls")),
    path("", include("samverkan.agreements.urls")),
    path("", include("samverkan.finance.urls")),
    path("", include("samverkan.followup.urls")),
    path("", include("samverkan.search.urls")),
    path("", include("samverkan.importer.urls")),
    path("", include("samverkan.archive.urls")),
    path("", include("samverkan.privacy.urls")),
    path("", include("samverkan.subscriptions.urls")),
    path("granskning/", include("samverkan.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("oparl/", include("samverkan.api.oparl.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("sprak/", choose_language, name="choose_language"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("admin/", admin.site.urls),
]

if settings.SAMVERKAN_BENCH_FLOOR:  # the benchmark's floor (bench/floor.py), never in production by default
    urlpatterns.insert(0, path("", include("bench.floor")))
