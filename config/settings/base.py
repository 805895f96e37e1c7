"""Settings shared by every environment.

Secure by default: DEBUG is off and the secret key, hosts, database, cache,
mail and third-party services all come from the environment. ``dev`` and
``test`` relax what only makes sense on a developer's machine.
"""

import email.utils
import os
from pathlib import Path

import dj_database_url
import dj_email_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    value = os.environ.get(name, "")
    return value if value != "" else default


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def require_env(name):
    value = env(name)
    if value is None:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value


DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# This site's apps, from the ground floor up (see the README): each app's
# AppConfig.ready runs after those it builds on.
PROJECT_APPS = [
    "home",
    "news",
    "events",
    "retention",
    "notice",
    "people",
    "consent",
    "rights",
    "visits",
    "newsletter",
    "plone",
]
INSTALLED_APPS = [
    *PROJECT_APPS,
    "wagtail_newsletter",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.simple_translation",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "wagtail.contrib.sitemaps",
    "csp",
    "axes",
    "cookie_consent",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "home.middleware.PreviewFramingMiddleware",
    "consent.middleware.AnalyticsCSPMiddleware",
    "home.middleware.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache, so that pages served from it are logged too, and
    # analytics cookies without consent are removed from them too.
    "visits.middleware.VisitLogMiddleware",
    "consent.middleware.ConsentMiddleware",
    "home.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Old Plone views of an imported item (image scales, downloads, /view):
    # after Wagtail's redirects, on what is still 404.
    "plone.middleware.PloneViewRedirectMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: it answers locked-out logins.
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
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.personalised",
            ],
        },
    },
]

# Database: SQLite next to the code unless DATABASE_URL points elsewhere
# (postgres://user:password@host:5432/name for production).
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker write while the web process reads.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, otherwise files shared by every process
# of this machine.
# "pages" holds the rendered public pages (home/cache.py); which generation of
# them is current lives in "default", so every process sees an invalidation.
if env("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_URL"),
            "KEY_PREFIX": "microscope",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_URL"),
            "KEY_PREFIX": "microscope-pages",
        },
    }
else:
    # Files, not process memory: the web workers, the task workers and the
    # scheduler must share throttle counters and invalidations (a page
    # published by one process is stale in the others otherwise). The pages
    # themselves can stay in each process's memory, keyed by generation.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "microscope-pages",
            # About 30 KB a page: at most about 30 MB per process.
            "OPTIONS": {"MAX_ENTRIES": 1_000},
        },
    }

# Background tasks: stored in the database and run by `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Admin logins: five failures for one username from one address lock that
# pair out for an hour (django-axes). Attempts are kept in the database for
# the administrators; the Python log only says that it happened.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "admin_locked_out.html"
AXES_VERBOSE = False


# Client addresses (home.throttle.client_ip, django-axes): the number of
# reverse proxies in front of the site, each appending the address it saw to
# X-Forwarded-For. 0: the site is reached directly and the header is never
# trusted. 1: one proxy (nginx, Varnish...). The client is the N-th entry from
# the right; anything further left was written by the client and is ignored.
def proxy_settings(count):
    """The django-ipware and django-axes settings for ``count`` trusted proxies."""
    if count < 0:
        raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
    if count:
        # django-ipware counts the proxies listed in the header after the
        # client; the last proxy's own address is REMOTE_ADDR, not in it.
        order, listed = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"), count - 1
    else:
        order, listed = ("REMOTE_ADDR",), None
    return {
        "TRUSTED_PROXY_COUNT": count,
        "IPWARE_STRICT": False,
        "IPWARE_META_PRECEDENCE_ORDER": order,
        "IPWARE_META_PROXY_COUNT": listed,
        "AXES_IPWARE_META_PRECEDENCE_ORDER": order,
        "AXES_IPWARE_PROXY_COUNT": listed,
        "AXES_IPWARE_PROXY_ORDER": "left-most",
    }


globals().update(proxy_settings(int(env("TRUSTED_PROXY_COUNT", "0"))))

SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = (
    "accelerometer=(), browsing-topics=(), camera=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: English is the reference language, French the other.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "static_collected")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploaded images are served by the site itself (home/media.py) unless a file
# server or object storage answers /media/ in front of it.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
# Image files keep their name for life (a new upload or crop gets a new name), but
# a deleted image should not linger in browsers and proxies for long.
MEDIA_CACHE_SECONDS = int(env("MEDIA_CACHE_SECONDS", str(24 * 3600)))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Mail: EMAIL_URL (smtp://user:password@host:587/?tls=True) or Django's own
# EMAIL_* names, one by one.
if env("EMAIL_URL"):
    globals().update(dj_email_url.parse(env("EMAIL_URL")))
else:
    EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    EMAIL_HOST = env("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(env("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "MicroScope <no-reply@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Wagtail
WAGTAIL_SITE_NAME = "MicroScope"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "odt", "pdf", "txt", "xlsx"]
# About 40 megapixels (a 7,700 x 5,200 photograph): larger images cost seconds
# and gigabytes per rendition, inside a web request.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# Third-party services, all optional; empty means switched off.
GOOGLE_ANALYTICS_ID = env("GOOGLE_ANALYTICS_ID", "")
MAILCHIMP_API_KEY = env("MAILCHIMP_API_KEY", "")
MAILCHIMP_AUDIENCE_ID = env("MAILCHIMP_AUDIENCE_ID", "")
MAILCHIMP_API_ROOT = env("MAILCHIMP_API_ROOT", "")
MAILCHIMP_WEBHOOK_SECRET = env("MAILCHIMP_WEBHOOK_SECRET", "")
# Newsletter campaigns: wagtail-newsletter's page workflow on this site's own
# mailchimp3 gateway (its default backend would need a second client).
WAGTAIL_NEWSLETTER_CAMPAIGN_BACKEND = "newsletter.campaigns.MailchimpCampaignBackend"
# Seconds a change may wait for Mailchimp before Communications and the DPO
# are emailed, once per backlog (newsletter.backlog).
NEWSLETTER_ALERT_AFTER = int(env("NEWSLETTER_ALERT_AFTER", str(24 * 3600)))
# Open and click tracking of campaigns: off unless the notice says so.
NEWSLETTER_TRACKING = env_bool("NEWSLETTER_TRACKING")
WAGTAIL_NEWSLETTER_FROM_NAME = env("NEWSLETTER_FROM_NAME", "MicroScope")
WAGTAIL_NEWSLETTER_REPLY_TO = env("NEWSLETTER_REPLY_TO", "newsletter@example.org")

# Content-Security-Policy: only this site's own files, no inline code and no
# per-response nonce, so one page's bytes and header suit every visitor and any
# shared cache (Varnish, a CDN); data for scripts travels in data- attributes.
# Google's hosts
# are allowed only when analytics is configured; the consent code decides
# whether they are ever contacted. Wagtail's admin is not built for a strict
# policy and keeps Django's other protections.
GOOGLE_SCRIPT_HOSTS = ["https://www.googletagmanager.com"]
GOOGLE_CONNECT_HOSTS = [
    "https://*.google-analytics.com",
    "https://*.analytics.google.com",
    "https://*.googletagmanager.com",
]
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/documents/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [
            SELF,
            *(GOOGLE_SCRIPT_HOSTS if GOOGLE_ANALYTICS_ID else []),
        ],
        "connect-src": [SELF, *(GOOGLE_CONNECT_HOSTS if GOOGLE_ANALYTICS_ID else [])],
        "img-src": [
            SELF,
            "data:",
            *(GOOGLE_CONNECT_HOSTS if GOOGLE_ANALYTICS_ID else []),
        ],
        "style-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Key of the hashes that stand for an email address in the ledgers (the
# tombstone of an erased person). Changing it breaks the link between old
# ledger rows and an address, so it is separate from SECRET_KEY.
# Empty means derived from SECRET_KEY (people.models.hash_key), whichever
# settings module sets it.
PRIVACY_HASH_SALT = env("PRIVACY_HASH_SALT", "")

# The erasure journal (people/journal.py): one line per erasure, a keyed hash
# and the time, in a file that a database restore does not overwrite, read by
# `manage.py replay_erasures` after a restore. By default beside the SQLite
# database; in production, on a volume of its own that is backed up apart
# from the database (see the README's backup section). Empty: switched off.
ERASURE_JOURNAL = env(
    "ERASURE_JOURNAL",
    str(
        Path(DATABASES["default"]["NAME"]).with_name("erasure-journal.jsonl")
        if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
        else BASE_DIR / "var" / "erasure-journal.jsonl"
    ),
)

# Plone exports uploaded in the admin (the plone app): at most
# PLONE_IMPORT_MAX_UPLOAD_MB megabytes, kept in PLONE_IMPORT_UPLOAD_DIR (never
# served, outside MEDIA_ROOT) until the task worker has run their import,
# then deleted.
PLONE_IMPORT_MAX_UPLOAD_MB = int(env("PLONE_IMPORT_MAX_UPLOAD_MB", "500"))
PLONE_IMPORT_UPLOAD_DIR = env(
    "PLONE_IMPORT_UPLOAD_DIR", str(BASE_DIR / "var" / "plone-uploads")
)
# A run that has not moved on for this many seconds (no item gone through)
# is shown as interrupted, with a way to start it again: its worker died.
PLONE_IMPORT_STALLED_AFTER = int(env("PLONE_IMPORT_STALLED_AFTER", "3600"))

# Periodic jobs, enqueued for the task worker by `manage.py run_scheduler`
# when due (or run from cron: see the README). Each job is
#   {"command": name, "args": [...], "every": seconds}  (first run at start-up)
#   {"command": name, "args": [...], "daily": True}     (at SCHEDULE_DAILY_AT)
# "args" is optional. "requires" lists settings that must be set for the job
# to run; without them the scheduler skips it and says so once at start-up.
# Commands that are not installed are skipped.
# Daily jobs run when the clock of SCHEDULE_TIME_ZONE (independent of
# TIME_ZONE) shows SCHEDULE_DAILY_AT ("HH:MM").
SCHEDULE_DAILY_AT = env("SCHEDULE_DAILY_AT", "03:30")
SCHEDULE_TIME_ZONE = env("SCHEDULE_TIME_ZONE", "Europe/Paris")
MINUTE = 60
MAILCHIMP_SETTINGS = ["MAILCHIMP_API_KEY", "MAILCHIMP_AUDIENCE_ID"]
SCHEDULED_JOBS = [
    {"command": "publish_scheduled", "every": MINUTE},
    {"command": "newsletter_sync", "every": 5 * MINUTE, "requires": MAILCHIMP_SETTINGS},
    {"command": "purge_personal_data", "daily": True},
    {"command": "prune_consent_ledger", "daily": True},
    {"command": "newsletter_reconcile", "daily": True, "requires": MAILCHIMP_SETTINGS},
    {"command": "purge_revisions", "daily": True, "args": ["--days", "90"]},
    # The DPO's digest of requests due soon or overdue (working days only).
    {"command": "dpo_digest", "daily": True},
    # Finishes a notice change mailing a crashed worker left unfinished.
    {"command": "send_notice_changes", "every": 60 * MINUTE},
]

# Full-page cache of public pages (home/cache.py): seconds kept in the cache,
# and the s-maxage a shared proxy may keep them. 0 switches the cache off.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "600"))
PAGE_CACHE_S_MAXAGE = int(env("PAGE_CACHE_S_MAXAGE", "60"))
# After a publication, the seconds other processes keep serving the previous
# copy of a page while one process renders the new one.
PAGE_CACHE_STALE_SECONDS = int(env("PAGE_CACHE_STALE_SECONDS", "5"))
# With the pages in Redis, each process also keeps its own copies of this many
# pages, so a hit is no network round trip (0: always read Redis).
PAGE_CACHE_LOCAL_ENTRIES = int(env("PAGE_CACHE_LOCAL_ENTRIES", "1000"))
# The query parameters that change what a page shows (the contact form's
# topic, search, pagination, the versions compared); the page cache ignores
# any other, so ?x=1...300 is one entry, not 300.
PAGE_CACHE_QUERY_PARAMETERS = ["topic", "query", "page", "old", "new", "kind"]
# Never cached, whatever the response says (a language prefix is ignored).
PAGE_CACHE_EXCLUDED_PATHS = [
    "/admin/",
    "/health/",
    "/documents/",
    "/search/",
    "/my-data/",
    "/register/",
    "/cookies/",
    "/privacy/request/",
    "/newsletter/",
]
# A caching proxy in front (Varnish with deploy/varnish/default.vcl): its
# address, to which publications send PURGE and settings changes BAN
# (home/proxy.py, through Wagtail's frontend cache). A CDN instead: set
# WAGTAILFRONTENDCACHE in a settings module of your own (see the README).
FRONTEND_CACHE_URL = env("FRONTEND_CACHE_URL")
if FRONTEND_CACHE_URL:
    WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_URL,
        }
    }

# Saving or deleting any of these (what every page shows), and unpublishing,
# moving, renaming or deleting a page, makes every cached page stale;
# publishing a page only the pages that show it (home/invalidation.py).
PAGE_CACHE_INVALIDATING_MODELS = [
    "wagtailcore.Locale",
    "home.SiteSettings",
    "home.Navigation",
    "notice.NoticeVersion",
    "retention.RetentionSettings",
    "cookie_consent.CookieGroup",
    "cookie_consent.Cookie",
]

# Cookie consent (django-cookie-consent plus consent). A choice lasts
# six months (CNIL), a refusal as long as a consent. The consent cookie is
# readable by the page's own script: the HTML is the same for every visitor
# (so pages stay cacheable) and the script decides from this cookie whether
# to show the banner; it holds no secret, only the choice and a random ID.
COOKIE_CONSENT_NAME = "cookie_consent"
COOKIE_CONSENT_MAX_AGE = 180 * 24 * 3600
COOKIE_CONSENT_HTTPONLY = False
COOKIE_CONSENT_SAMESITE = "Lax"
# consent keeps its own ledger (consent ID, notice version, text shown).
COOKIE_CONSENT_LOG_ENABLED = False
# django-cookie-consent's default points at its own URLs, which the site does
# not route: reversing it broke every error report that lists the settings.
COOKIE_CONSENT_SUCCESS_URL = "/cookies/"
# Proof of each choice is kept five years, the limitation period of French
# civil law (art. 2224 Code civil), then pruned by prune_consent_ledger.
COOKIE_CONSENT_LEDGER_RETENTION_DAYS = int(
    env("COOKIE_CONSENT_LEDGER_RETENTION_DAYS", str(5 * 365 + 1))
)
# Google Analytics cookies expire after at most 13 months (CNIL): 390 days.
GOOGLE_ANALYTICS_COOKIE_EXPIRES = 390 * 24 * 3600

# Registered users and their rights: "Manage my data" links work once, for
# MY_DATA_LINK_SECONDS; the identity they prove lasts MY_DATA_SESSION_SECONDS.
MY_DATA_LINK_SECONDS = 30 * 60
MY_DATA_SESSION_SECONDS = 30 * 60
# A new email address counts once the link mailed to it is followed: the
# link's lifetime, and (requests, seconds) per record.
EMAIL_CHANGE_LINK_SECONDS = 24 * 3600
EMAIL_CHANGE_RATE = (3, 3600)
# Mails to an address someone tried to register again: (mails, seconds).
SIGNUP_REPEAT_MAIL_RATE = (3, 24 * 3600)
# Public forms (home.throttle): (per email address, per IP, window in
# seconds); None where the form is not counted per address.
FORM_RATES = {
    "contact": (None, 5, 3600),
    "signup": (None, 10, 3600),
    "my_data": (3, 20, 3600),
    "request": (3, 10, 3600),
}
# Visitor log: rows are written in bulk once this many wait or the oldest is
# this old (after the response is sent), and at exit.
VISIT_LOG_BUFFER_SIZE = int(env("VISIT_LOG_BUFFER_SIZE", "200"))
VISIT_LOG_FLUSH_SECONDS = int(env("VISIT_LOG_FLUSH_SECONDS", "30"))

# Logs never carry personal data: request bodies and addresses stay out.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "home.logging.PersonalDataFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    "filters": {
        "personal_data": {"()": "home.logging.PersonalDataFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        # mailchimp3 writes whole request bodies (email addresses) at INFO.
        "mailchimp3.client": {"level": "WARNING"},
        # django-axes names the username and address in its messages.
        "axes": {"level": "ERROR"},
        "django.db.backends": {"level": "WARNING"},
        # Replaces Django's default handlers on "django", whose error email
        # to ADMINS is an unmasked HTML page with the request in it: records
        # go to the masked console (and the masked email below).
        "django": {"handlers": [], "level": "INFO", "propagate": True},
    },
}

# Error reports (home/error_reports.py): to Sentry when SENTRY_DSN is set,
# else by email to ADMINS ("Name <address>" or addresses, comma-separated).
# Neither ever carries a visitor's address, name, form values or cookies.
ADMINS = [
    (name.strip() or address, address)
    for name, address in (
        email.utils.parseaddr(entry) for entry in env("ADMINS", "").split(",")
    )
    if address
]
DEFAULT_EXCEPTION_REPORTER_FILTER = "home.error_reports.PersonalDataReporterFilter"
SENTRY_DSN = env("SENTRY_DSN", "")
if SENTRY_DSN:
    from home.error_reports import init_sentry

    init_sentry(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", "production"),
        release=env("SENTRY_RELEASE", ""),
    )
elif ADMINS:
    LOGGING["handlers"]["mail_admins"] = {
        "class": "home.error_reports.MaskedAdminEmailHandler",
        "level": "ERROR",
        "filters": ["personal_data"],
    }
    LOGGING["loggers"]["django"]["handlers"] = ["mail_admins"]

# /health/ (home/health.py): a task waiting longer than this for a worker,
# or less free disk than this for media or the erasure journal, is a failure.
# The scheduler check needs a running scheduler (`make serve` starts one;
# `make run` does not, so it is off in the dev settings).
HEALTH_TASK_QUEUE_MAX_WAIT = int(env("HEALTH_TASK_QUEUE_MAX_WAIT", str(15 * 60)))
HEALTH_MIN_FREE_DISK_MB = int(env("HEALTH_MIN_FREE_DISK_MB", "500"))
HEALTH_SCHEDULER_REQUIRED = env("HEALTH_SCHEDULER_REQUIRED", "true").lower() == "true"

# Who gets the email about each new data-subject request and the working-day
# digest of deadlines (rights/alerts.py): comma-separated addresses, else the
# active members of the DPO group.
DPO_ALERT_EMAILS = [
    address.strip()
    for address in env("DPO_ALERT_EMAILS", "").split(",")
    if address.strip()
]

# Staff avatars are never fetched from Gravatar (it would send a hash of each
# staff address to a third party): Wagtail shows initials instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
