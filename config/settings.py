"""Settings for Resultatavtaler, read from the environment (see README, "Configuration").

The demo and the tests set their defaults explicitly (DEBUG=1 in `make demo`, pytest's
settings below); production fails fast when SECRET_KEY is missing.
"""

import sys
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = BASE_DIR / "resultatavtaler"

env = environ.Env()
environ.Env.smart_cast = True

DEBUG = env.bool("DEBUG", default=False)
# The test run sets its own defaults (conftest.py); pytest is recognised without extra set-up.
TESTING = env.bool("RESULTATAVTALER_TESTING", default=False) or "pytest" in sys.modules

# Developer commands that read only the code (never serve, sign or send anything) run on a fresh
# checkout without configuration, e.g. `manage.py makemigrations --check`.
_OFFLINE_COMMAND = (
    Path(sys.argv[0]).name == "manage.py"
    and len(sys.argv) > 1
    and sys.argv[1] in {"makemigrations", "showmigrations", "sqlmigrate", "makemessages", "help"}
)

if DEBUG or TESTING or _OFFLINE_COMMAND:
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-demo-key-only-for-debug-and-tests")
else:
    # Required outside DEBUG: never a default in production. SECRET_KEY_FILE is also read.
    _key_file = env.str("SECRET_KEY_FILE", default="")
    SECRET_KEY = Path(_key_file).read_text().strip() if _key_file else env.str("SECRET_KEY")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # django.contrib.admin with a site for platform superusers only (accounts/admin_site.py).
    "resultatavtaler.accounts.admin_config.PlatformAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # django-ninja's templates and static files: the API docs are served locally, no CDN
    "resultatavtaler.lib",
    "resultatavtaler.audit",
    "resultatavtaler.organisations",
    "resultatavtaler.accounts",
    "resultatavtaler.agreements",
    "resultatavtaler.evaluations",
    "resultatavtaler.feedback",
    "resultatavtaler.reports",
    "resultatavtaler.notifications",
    "resultatavtaler.library",
    "resultatavtaler.home",
    "resultatavtaler.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "resultatavtaler.accounts.middleware.PersonMiddleware",
    # Every 403 is one audit event (docs/security.md, V16.3.2); after the person is known.
    "resultatavtaler.lib.middleware.AuditRefusedAccessMiddleware",
    "resultatavtaler.accounts.permission_memo.PermissionMemoMiddleware",
    "resultatavtaler.lib.middleware.NoStoreForAuthenticatedMiddleware",
    "resultatavtaler.lib.middleware.SessionLifetimeMiddleware",
    "resultatavtaler.lib.middleware.SessionIdleRefreshMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # AxesMiddleware should be the last middleware (django-axes docs).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "resultatavtaler.lib.context_processors.site",
            ],
            # A faster `truncatechars` in place of Django's (same output; lib/templatetags/text_filters.py).
            "builtins": ["resultatavtaler.lib.templatetags.text_filters"],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool(
    "DATABASE_PREPARED_STATEMENTS", default=False
):
    # Server-side parameter binding lets psycopg prepare a statement the connection has run
    # five times, so PostgreSQL plans the pages' many-table joins once per connection rather
    # than on every request (docs/performance.md). Pays off with persistent connections
    # (conn_max_age); off by default because a transaction-mode connection pooler in front
    # of PostgreSQL cannot keep prepared statements.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"server_side_binding": True, "prepare_threshold": 5})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# With a cache all the app processes share (Redis or Memcached), a request reads its session from
# the cache rather than the database (Django's cached_db: written to both, so a restart of the
# cache logs nobody out) — one statement less on every page. A cache in each process's memory
# could keep a session another process had ended (a logout), so then the database alone. Both are
# Django's engines with the database's read compiled once (resultatavtaler/lib/sessions).
SHARED_CACHE_BACKENDS = (
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
)
SESSION_ENGINE = (
    "resultatavtaler.lib.sessions.cached_db"
    if CACHES["default"]["BACKEND"] in SHARED_CACHE_BACKENDS
    else "resultatavtaler.lib.sessions.db"
)

AUTHENTICATION_BACKENDS = [
    # AxesStandaloneBackend should be first (django-axes docs).
    "axes.backends.AxesStandaloneBackend",
    "resultatavtaler.accounts.backends.PersonModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:index"
LOGOUT_REDIRECT_URL = "accounts:login"

# OpenID Connect (mozilla-django-oidc): switched on when OIDC_RP_CLIENT_ID is set.
OIDC_ENABLED = bool(env.str("OIDC_RP_CLIENT_ID", default=""))
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("resultatavtaler.accounts.oidc.PersonOIDCBackend")
    OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID")
    _oidc_secret_file = env.str("OIDC_RP_CLIENT_SECRET_FILE", default="")
    OIDC_RP_CLIENT_SECRET = (
        Path(_oidc_secret_file).read_text().strip() if _oidc_secret_file else env.str("OIDC_RP_CLIENT_SECRET")
    )
    OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT")
    # Optional: without a userinfo endpoint the claims come from the verified ID token.
    OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default="")
    OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="")
    OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email profile")
    # Which claim identifies the Person: "email" or an employee-id claim such as "employee_id".
    OIDC_PERSON_CLAIM = env.str("OIDC_PERSON_CLAIM", default="email")
    # Optional: match people of this organisation only (a provider that serves one ministry).
    OIDC_ORGANISATION_NUMBER = env.str("OIDC_ORGANISATION_NUMBER", default="")
    OIDC_CREATE_USER = True  # creates a login user only for an existing, active Person
    OIDC_USE_PKCE = env.bool("OIDC_USE_PKCE", default=True)
    LOGIN_REDIRECT_URL_FAILURE = "/konto/logg-inn/?oidc=failed"

# django-axes: brute-force protection on local login.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)  # hours
# The combination, not each alone: locking by user name alone would let anyone lock a named
# leader out, and by address alone would lock a whole ministry behind one NAT address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "resultatavtaler.accounts.views.locked_out"  # 429 page with the wait time

# Language and time: bokmål by default, nynorsk and English; dates as 28.11.2026, Europe/Oslo.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "resultatavtaler_language"
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["resultatavtaler.lib.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="resultatavtaler@localhost")

# Background work: Django's tasks API through the django-tasks backport, database backend.
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

# Where the customer's accessibility statement (tilgjengelighetserklæring) lives; shown in the footer.
ACCESSIBILITY_STATEMENT_URL = env.str("ACCESSIBILITY_STATEMENT_URL", default="/tilgjengelighet/")
# Public base URL used in e-mails (token links, .ics).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Integration API (docs/api.md): requests a minute per token or logged-in person (0 = no limit).
API_RATE_LIMIT_PER_MINUTE = env.int("API_RATE_LIMIT_PER_MINUTE", default=120)
# Retention periods per record type over the defaults in lib/privacy/retention.py (docs/privacy.md),
# as JSON, e.g. RETENTION='{"notifications": {"years": 2}, "task_results": {"days": 14}}'.
RETENTION = env.json("RETENTION", default={})

SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
# Idle timeout: the age restarts with each request, written at most once per
# SESSION_REFRESH_SECONDS (resultatavtaler.lib.middleware.SessionIdleRefreshMiddleware) rather
# than on every page (SESSION_SAVE_EVERY_REQUEST), which cost a database write per request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = env.int("SESSION_REFRESH_SECONDS", default=60)
# Absolute lifetime of a login, however active (lib/middleware.py SessionLifetimeMiddleware).
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=10 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A friendly, translated page when a form's CSRF token is missing or stale (lib/views_errors.py).
CSRF_FAILURE_VIEW = "resultatavtaler.lib.views_errors.csrf_failure"
# Content-Security-Policy (django-csp 4 format): our own files only, no inline script or style
# anywhere (templates use classes, never style= or inline <script>), no framing, no plugins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],  # ASVS 5.0 3.4.3: no <base> element is used
        "object-src": ["'none'"],
    },
}
if not DEBUG and not TESTING:
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    # ASVS 5.0 3.3.1/3.3.3: "__Host-" cookies are sent over HTTPS only, to this host only.
    if SESSION_COOKIE_SECURE:
        SESSION_COOKIE_NAME = "__Host-sessionid"
    if CSRF_COOKIE_SECURE:
        CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
