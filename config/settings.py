"""Cyclotroc settings, read from the environment (12-factor).

Nothing set: a development platform on an SQLite file with Celery tasks run eagerly (the embedded
default). DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis) switch to the real services.
Every variable is listed in .env.example.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env(
    "SECRET_KEY",
    default="dev-only-insecure-key-change-me-0123456789-abcdefghijklmnopqrstuvwxyz",
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_otp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_totp",
    "two_factor",
    "axes",
    "csp",
    "rest_framework",
    "rest_framework_api_key",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "crispy_forms",
    "crispy_bootstrap5",
    "barter",
    "ledger",
    "matching",
    "api",
    "reports",
    "security",
    "demo",
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
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After OTPMiddleware (request.user.is_verified) and HtmxMiddleware (request.htmx).
    "security.middleware.TwoFactorRequiredMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "barter.context_processors.site",
                "barter.context_processors.workspace",
            ],
        },
    },
]

# Django 6 default, adopted now: a URL typed without a scheme is https.
FORMS_URLFIELD_ASSUME_HTTPS = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Database -----------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE: a writing transaction takes the database write lock when it begins, so two
    # ledger writers serialise instead of failing on lock upgrade (see ledger/services.py).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")

# --- Cache --------------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery -------------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TIMEZONE = "Europe/Paris"
CELERY_BEAT_SCHEDULE: dict = {
    "ledger-verify-nightly": {
        "task": "ledger.verify_nightly",
        "schedule": crontab(hour=3, minute=15),
    },
    "reports-lines-check-nightly": {
        "task": "reports.lines_check_nightly",
        "schedule": crontab(hour=3, minute=45),
    },
    "matching-nightly": {
        "task": "matching.schedule_nightly",
        "schedule": crontab(hour=2, minute=0),
    },
    "proposals-expire-hourly": {
        "task": "matching.proposals_expire",
        "schedule": crontab(minute=20),
    },
    "listings-expire-daily": {
        "task": "barter.listings_expire",
        "schedule": crontab(hour=0, minute=5),
    },
    "api-webhooks-resume": {"task": "api.webhooks_resume", "schedule": crontab(minute="*/5")},
    "api-partners-expire": {"task": "api.partners_expire", "schedule": crontab(minute=40)},
}
ADMINS = [("Operators", a) for a in env.list("ADMINS", default=[])]

# --- Auth ---------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out account or address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "barter:dashboard"
LOGOUT_REDIRECT_URL = "barter:home"

# Two-factor authentication (django-two-factor-auth on django-otp; docs/security.md): TOTP (an
# authenticator app) with backup codes; the QR code is drawn by the server. django-two-factor-auth
# sends /admin/'s own login page to this site's (LOGIN_URL), so the admin asks for the token too.
TWO_FACTOR_QR_FACTORY = "qrcode.image.svg.SvgPathImage"
TWO_FACTOR_LOGIN_TIMEOUT = 600
# Platform administrators (superusers) must use two-factor authentication: on by default in
# production. A network's coordinators must when the network asks for it (its security page).
CYCLOTROC_2FA_REQUIRED_FOR_SUPERUSERS = env.bool(
    "CYCLOTROC_2FA_REQUIRED_FOR_SUPERUSERS", default=not DEBUG
)

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for one account, or
# from one address, that account or address is refused for AXES_COOLOFF_MINUTES. A success
# resets the count. `manage.py axes_reset_username NAME` / `axes_reset_ip ADDRESS` lift a lock.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "security.views.lockout"
AXES_CLIENT_IP_CALLABLE = "security.network.client_ip"
AXES_VERBOSE = False
# Failed attempts are kept (for the cool-off); successful sign-ins are not logged with their
# address: no personal data kept without a use for it.
AXES_DISABLE_ACCESS_LOG = True
# Reverse proxies in front of the web process that append the client's address to
# X-Forwarded-For (docker-compose.yml's Caddy: 1). 0: REMOTE_ADDR is the client (no proxy). The
# sign-in throttle and the API's per-address rate limit both read the client's address this way.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# --- Internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"

# --- E-mail -------------------------------------------------------------------------------------
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Cyclotroc <noreply@cyclotroc.localhost>")

# --- Security (production: DEBUG=False) ---------------------------------------------------------
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
# The reverse proxy (docker-compose.yml's Caddy) sets X-Forwarded-Proto and drops the client's.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# The pages send the CSRF token from the page itself (forms, HTMX's hx-headers), never from
# the cookie, so scripts need not read it.
CSRF_COOKIE_HTTPONLY = True
TWO_FACTOR_REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE

# --- Logging ------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # django-axes logs every sign-in at INFO; its lockouts are WARNINGs.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# --- Cyclotroc ----------------------------------------------------------------------------------
# Cards of the marketplace and directory per page.
CYCLOTROC_PAGE_SIZE = env.int("CYCLOTROC_PAGE_SIZE", default=24)
# Tile server for the map; empty disables tiles (the map still shows the businesses).
CYCLOTROC_MAP_TILES_URL = env(
    "CYCLOTROC_MAP_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)

# --- Content-Security-Policy -------------------------------------------------------------------
# django-csp; docs/security.md. No inline script, no inline style, no eval: every script and
# stylesheet is a file under static/ (vendored libraries included). Images: our own, data: URIs
# (Bootstrap's CSS draws its small icons with them) and the map's tile server.
_tiles = urlsplit(CYCLOTROC_MAP_TILES_URL.replace("{s}", "*"))
_tiles_origin = [f"{_tiles.scheme}://{_tiles.netloc}"] if _tiles.scheme and _tiles.netloc else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *_tiles_origin],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        **({"upgrade-insecure-requests": True} if not DEBUG else {}),
    }
}

# --- Partner API (api/, docs/api.md) ------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.PartnerKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttles.ClientRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "partner": env("API_RATE_PARTNER", default="600/min"),
        "user": env("API_RATE_USER", default="300/min"),
        "anon": env("API_RATE_ANON", default="60/min"),
    },
    "DEFAULT_PARSER_CLASSES": ["api.parsers.LimitedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PagePagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "api.filters.StableOrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # The anonymous rate limit's per-address key: the same client address as the sign-in
    # throttle's (security.network.client_ip).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Cyclotroc partner API",
    "DESCRIPTION": (
        "Cyclotroc's partner API; the guide is docs/api.md. Amounts are integer cents of credit "
        "(1 credit = 100). Every error answers `{code, message, fields?}`."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "BusinessStatusEnum": "barter.models.BusinessStatus",
        "ListingStatusEnum": "barter.models.ListingStatus",
        "ProposalStatusEnum": "matching.models.ProposalStatus",
        "RunStatusEnum": "matching.models.RunStatus",
        "DeliveryStatusEnum": "api.models.DeliveryStatus",
        "BusinessKindEnum": "barter.models.BusinessKind",
        "ListingKindEnum": "barter.models.ListingKind",
        "AccountKindEnum": "ledger.models.AccountKind",
        "CallerKindEnum": [("partner", "partner"), ("session", "session")],
    },
}
# Largest request body the API reads (bytes); larger ones get 413.
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=256 * 1024)
# Webhooks: timeout of one attempt (s), attempts before giving up, first retry delay (s, doubled
# each time, at most an hour), and whether endpoints may be plain http or private addresses
# (development only: a partner's test receiver on localhost).
API_WEBHOOK_TIMEOUT_S = env.float("API_WEBHOOK_TIMEOUT_S", default=5.0)
API_WEBHOOK_MAX_ATTEMPTS = env.int("API_WEBHOOK_MAX_ATTEMPTS", default=10)
API_WEBHOOK_RETRY_BASE_S = env.float("API_WEBHOOK_RETRY_BASE_S", default=30.0)
API_WEBHOOK_ALLOW_HTTP = env.bool("API_WEBHOOK_ALLOW_HTTP", default=DEBUG)
API_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env.bool("API_WEBHOOK_ALLOW_PRIVATE_ADDRESSES", default=DEBUG)
