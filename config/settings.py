"""Settings for Samverkan, read from the environment.

Embedded defaults make `make run` work with nothing configured (SQLite under ./data, e-mail to
the console). With SAMVERKAN_ENV=production every value that must not have a default is required
and a missing one stops the process at start-up.
"""

from __future__ import annotations

import json
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("SAMVERKAN_DATA_DIR", str(BASE_DIR / "data")))

ENVIRONMENT = env_str("SAMVERKAN_ENV", "development")
if ENVIRONMENT not in {"development", "production", "test"}:
    raise ImproperlyConfigured("SAMVERKAN_ENV must be development, production or test.")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")

SECRET_KEY = env_str(
    "SECRET_KEY",
    default="insecure-development-key-never-use-in-production",
    required=PRODUCTION,
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "template_partials",
    "ninja",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_tasks",
    "django_tasks_db",
    "samverkan.core",
    "samverkan.documents",
    "samverkan.accounts",
    "samverkan.structure",
    "samverkan.meetings",
    "samverkan.referrals",
    "samverkan.agreements",
    "samverkan.finance",
    "samverkan.followup",
    "samverkan.search",
    "samverkan.importer",
    "samverkan.publishing",
    "samverkan.synthetic",
    "samverkan.api",
    "samverkan.archive",
    "samverkan.privacy",
    "samverkan.subscriptions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "samverkan.core.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samverkan.core.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "samverkan.core.access.AccessPolicyMiddleware",
    "samverkan.core.pagecache.PublicPageCacheMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "samverkan" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samverkan.core.context_processors.site",
            ],
        },
    }
]
# Django's form renderer, but an empty error list renders nothing without its template.
FORM_RENDERER = "samverkan.core.renderers.FormRenderer"

# --- Database -------------------------------------------------------------------------------
DEFAULT_SQLITE = f"sqlite:///{DATA_DIR / 'samverkan.sqlite3'}"
DATABASE_URL = env_str("DATABASE_URL", default=DEFAULT_SQLITE, required=PRODUCTION)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASE_URL == DEFAULT_SQLITE:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers and one writer work at once; IMMEDIATE avoids "database is locked"
        # when two requests upgrade a read to a write; the busy timeout waits instead of failing.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "publishing:my_tasks"  # "Mina uppgifter": what waits for the user
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "samverkan.accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "samverkan.accounts.forms.LoginForm"}
SOCIALACCOUNT_ADAPTER = "samverkan.accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "samverkan.accounts.adapters.MFAAdapter"
# Encrypts TOTP secrets at rest; defaults to a key derived from SECRET_KEY.
MFA_ENCRYPTION_KEY = env_str("MFA_ENCRYPTION_KEY", "")
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "Samverkan")

# OpenID Connect: one or more identity providers of the organisations, as JSON, e.g.
# OIDC_PROVIDERS='[{"id": "vgr", "name": "VGR-inloggning", "server_url": "https://idp.example/realms/x",
#                   "client_id": "...", "secret": "..."}]'
try:
    _oidc = json.loads(env_str("OIDC_PROVIDERS", "[]"))
except json.JSONDecodeError as exc:
    raise ImproperlyConfigured(f"OIDC_PROVIDERS is not valid JSON: {exc}") from exc
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": p["id"],
                "name": p.get("name", p["id"]),
                "client_id": p["client_id"],
                "secret": p.get("secret", ""),
                "settings": {"server_url": p["server_url"].rstrip("/"), "fetch_userinfo": True},
            }
            for p in _oidc
        ],
    }
}
for _p in _oidc:
    # allauth takes the id_token from the token endpoint without checking its signature, which
    # OpenID Connect allows only over TLS (Core 3.1.3.7): so production insists on https.
    if PRODUCTION and not str(_p.get("server_url", "")).startswith("https://"):
        raise ImproperlyConfigured(f"OIDC provider {_p.get('id')!r}: server_url must use https in production.")

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "samverkan" / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["samverkan.formats"]

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise serves from the finders in development
# Uploaded papers: on the filesystem (MEDIA_ROOT; shared over NFS when several machines serve)
# or in an S3-compatible bucket through django-storages. Objects are private: papers are served
# only through the app's views, which check who may see them, so no public or signed URL is made.
FILE_STORAGE = env_str("FILE_STORAGE", "filesystem").strip().lower()
_default_storage: dict[str, object]
if FILE_STORAGE == "filesystem":
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif FILE_STORAGE == "s3":
    S3_BUCKET = env_str("S3_BUCKET", "", required=PRODUCTION)
    if not S3_BUCKET:
        raise ImproperlyConfigured("FILE_STORAGE=s3 needs S3_BUCKET (the bucket's name).")
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,  # None: AWS itself
            "region_name": env_str("S3_REGION", "") or None,
            # Unset keys: boto3's own chain (AWS_* variables, instance or pod role).
            "access_key": env_str("S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY", "") or None,
            "location": env_str("S3_PREFIX", "").strip("/"),
            # "none" sends no ACL: AWS buckets with ACLs disabled refuse one (and are private anyway).
            "default_acl": None if env_str("S3_ACL", "private") == "none" else env_str("S3_ACL", "private"),
            "querystring_auth": True,  # a URL, if one were ever made, would be signed and expire
            "file_overwrite": False,  # two papers with one name get two objects
            "addressing_style": env_str("S3_ADDRESSING_STYLE", "") or None,  # "path" for MinIO and the like
        },
    }
else:
    raise ImproperlyConfigured("FILE_STORAGE must be filesystem or s3.")
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Caches ---------------------------------------------------------------------------------
# The public page cache (samverkan/core/pagecache.py): anonymous visitors' public pages, kept in
# each process's memory under a generation number that lives in the database, so a change made
# through any process or machine makes every process's copies stale at once. 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
PAGE_CACHE_MAX_BYTES = env_int("PAGE_CACHE_MAX_BYTES", 1_000_000)
PAGE_CACHE_ALIAS = "pages"
# The shared cache ("default"): allauth's rate-limit counters (failed log-ins per client address
# and per account) and the two-factor codes already used. They must be counted together by
# every process and machine that serves the site, or each gunicorn worker would allow its own
# share: so by default they are kept in the database (a table made by the migrations), which
# every process shares already. SHARED_CACHE=memory keeps them in each process (one process
# only; refused in production).
SHARED_CACHE = env_str("SHARED_CACHE", "database").strip().lower()
SHARED_CACHE_TABLE = "samverkan_cache"
_shared_cache: dict[str, object]
if SHARED_CACHE == "database":
    _shared_cache = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": SHARED_CACHE_TABLE,
        # Culling drops a third of the rows when full: high enough that no flood of addresses
        # can push an account's counter out.
        "OPTIONS": {"MAX_ENTRIES": env_int("SHARED_CACHE_ENTRIES", 200_000)},
    }
elif SHARED_CACHE == "memory":
    if PRODUCTION:
        raise ImproperlyConfigured("SHARED_CACHE=memory counts log-in attempts per process: not in production.")
    _shared_cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
else:
    raise ImproperlyConfigured("SHARED_CACHE must be database or memory.")
CACHES = {
    "default": _shared_cache,
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "samverkan-pages",
        "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_ENTRIES", 1000)},
    },
}

# --- Background tasks -----------------------------------------------------------------------
# The tasks API (django-tasks, Django 6's django.tasks) with the database backend: `samverkan
# worker` runs the queue and the clock. TASKS_BACKEND=immediate runs each task at once, in the
# process that enqueues it (the tests; a one-process trial without a worker).
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if env_str("TASKS_BACKEND", "database") not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[env_str("TASKS_BACKEND", "database")]}}
SAMVERKAN_PERIODIC_TASKS = [
    "samverkan.referrals.tasks.due_work",
    "samverkan.privacy.tasks.thinning_due",
    "samverkan.subscriptions.tasks.news_due",
    "samverkan.subscriptions.tasks.agreement_alerts_due",
]
WORKER_CLOCK_SECONDS = env_int("WORKER_CLOCK_SECONDS", 60)
# Uploaded files are read by the worker, each in a child process with hard caps: its address
# space (RLIMIT_AS), its CPU time (RLIMIT_CPU) and the wall-clock time it may take. A file that
# breaks a cap kills that child only and is refused (docs/decisions/0016-reading-in-the-worker.md).
DOCUMENT_READ_MEMORY_MB = env_int("DOCUMENT_READ_MEMORY_MB", 1024)
DOCUMENT_READ_CPU_SECONDS = env_int("DOCUMENT_READ_CPU_SECONDS", 40)
DOCUMENT_READ_TIMEOUT_SECONDS = env_int("DOCUMENT_READ_TIMEOUT_SECONDS", 60)

# --- E-mail subscriptions (samverkan/subscriptions) ------------------------------------------
# Requests to subscribe (or for the link to one's subscriptions) allowed in an hour, per address
# and per client address; the local hour from which the daily digests go out.
SUBSCRIPTION_LIMIT_PER_ADDRESS = env_int("SUBSCRIPTION_LIMIT_PER_ADDRESS", 5)
SUBSCRIPTION_LIMIT_PER_CLIENT = env_int("SUBSCRIPTION_LIMIT_PER_CLIENT", 20)
SUBSCRIPTION_DIGEST_HOUR = env_int("SUBSCRIPTION_DIGEST_HOUR", 7)

# --- Benchmark (bench/, docs/benchmark.md) ---------------------------------------------------
# Mounts the benchmark's floor page (bench/floor.py) at /bench/golv/<key>/; `make bench` turns it on.
SAMVERKAN_BENCH_FLOOR = env_bool("SAMVERKAN_BENCH_FLOOR", False)

# --- Archive packages (samverkan/archive) ----------------------------------------------------
# Named in every package's METS header: the prefix of package identifiers, the organisation that
# delivers (default: the body itself), the receiving archive and the submission agreement.
ARCHIVE_ID_PREFIX = env_str("ARCHIVE_ID_PREFIX", "samverkan")
ARCHIVE_SUBMITTER = env_str("ARCHIVE_SUBMITTER", "")
ARCHIVE_RECEIVER = env_str("ARCHIVE_RECEIVER", "")
ARCHIVE_SUBMISSION_AGREEMENT = env_str("ARCHIVE_SUBMISSION_AGREEMENT", "")

# Thinning (gallring, samverkan/privacy/thinning.py): days kept; 0 keeps for ever.
RETENTION_ABSENCE_DAYS = env_int("RETENTION_ABSENCE_DAYS", 365)
RETENTION_LINK_ADDRESSES_DAYS = env_int("RETENTION_LINK_ADDRESSES_DAYS", 90)
RETENTION_IMPORT_STAGING_DAYS = env_int("RETENTION_IMPORT_STAGING_DAYS", 180)
RETENTION_ARCHIVE_PACKAGE_DAYS = env_int("RETENTION_ARCHIVE_PACKAGE_DAYS", 30)

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "samverkan@localhost")

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
# Behind a reverse proxy (or a chain of them: a load balancer, then nginx): the number of
# proxies in front of the site that append to X-Forwarded-For. The client's address, which the
# rate limits count, is the TRUSTED_PROXIES-th entry from the right; whatever a client wrote
# further left is not believed. 0 (not behind a proxy): the connection's own address.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 1 if BEHIND_PROXY else 0)
if TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("TRUSTED_PROXIES must be 0 or more.")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY or TRUSTED_PROXIES else None
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
# Only where every subdomain of the site's domain is served over HTTPS too (browsers then
# refuse plain HTTP to all of them for SECURE_HSTS_SECONDS).
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
# Content-Security-Policy (samverkan/core/security.py), on every response: scripts, styles,
# fonts and everything else from the site itself only, no inline script or style, no plug-ins,
# no framing; images may also be data: URIs (the two-factor QR code); forms post to the site
# and to the configured identity providers (allauth's OpenID Connect log-in redirects there).
# CONTENT_SECURITY_POLICY replaces the whole policy; "off" sends none.
_idp_origins = {"/".join(str(p["server_url"]).split("/")[:3]) for p in _oidc if "://" in str(p.get("server_url", ""))}
_form_targets = ["'self'", *sorted(_idp_origins)]
CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": _form_targets,
}
CONTENT_SECURITY_POLICY = env_str(
    "CONTENT_SECURITY_POLICY", "; ".join(f"{k} {' '.join(v)}" for k, v in CSP_DIRECTIVES.items())
)
if CONTENT_SECURITY_POLICY.strip().lower() == "off":
    CONTENT_SECURITY_POLICY = ""
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
