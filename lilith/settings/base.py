"""Base settings: safe for production on their own; dev/test loosen, production tightens."""

import datetime
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parents[2]

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", os.environ.get("SECRET_KEY", ""))
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("DJANGO_ALLOWED_HOSTS", os.environ.get("ALLOWED_HOSTS", "")).split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "pagecache",
    "accounts",
    "outbox",
    "readability",
    "editorguide",
    "easyread",
    "parcours",
    "practices",
    "hub",
    "trainings",
    "implementation",
    "safety",
    "search",
    "community",
    "glossary",
    "metrics",
    "opendata",
    "alerts",
    "wagtail.api.v2",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Counts the readings of public pages (metrics/middleware.py): outside the page cache, so that it sees the
    # pages served from it, and outside the conditional GET, so that a reload answered 304 is not a new reading.
    "metrics.middleware.PageViewCountingMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # A cached page is answered here, before sessions, CSRF and authentication, which it does not need; it was
    # stored with the headers those middlewares added when it was rendered.
    "pagecache.middleware.AnonymousPageCacheMiddleware",
    # Compresses what browsers accept compressed; inner to the page cache, which keeps the compressed copy of a page
    # beside the plain one instead of compressing it on every hit. Django adds random bytes against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    # The content security policy (django-csp) and the Permissions-Policy: inside the page cache, so a cached page
    # keeps the headers it was rendered with.
    "csp.middleware.CSPMiddleware",
    "lilith.security.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Privileged accounts' sessions end PRIVILEGED_SESSION_HOURS after login, whichever door they came through.
    "accounts.sessions.PrivilegedSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Answers a locked-out login attempt, on any login door, with the French page (django-axes).
    "axes.middleware.AxesMiddleware",
    # A POST missing a field its form always sends is answered 400 in French, not 500 (lilith/incomplete_forms.py).
    "lilith.incomplete_forms.IncompleteFormMiddleware",
]

# A strict content security policy: everything from this site only, nothing inline, no plugin, no framing by
# others. A practice page adds its video player's host to frame-src (practices PracticePage.serve); the admins get
# inline styles and data:/blob: images (lilith/security.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "frame-src": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}

# One attempt limit for every login door (this site's, Wagtail's admin, Django's admin): django-axes counts the
# failures of Django's authenticate() per username and per client address, in the database.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

if os.environ.get("DATABASE_REPLICA_URL"):
    MIDDLEWARE.insert(0, "lilith.db_router.ReplicaReadsMiddleware")

ROOT_URLCONF = "lilith.urls"
WSGI_APPLICATION = "lilith.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: PostgreSQL in production through DATABASE_URL, an embedded SQLite file otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Optional read replica: public pages read from it, everything else from the primary (lilith/db_router.py).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # tests see one database
    DATABASE_ROUTERS = ["lilith.db_router.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr-fr"
LOCALE_PATHS = [BASE_DIR / "locale"]  # Lilith's own wording of a few admin messages (locale/fr/LC_MESSAGES)
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Without object storage, the app serves uploaded files itself unless SERVE_MEDIA=false (a web server does it).
SERVE_MEDIA = os.environ.get("SERVE_MEDIA", "true").lower() == "true" and not os.environ.get(
    "AWS_STORAGE_BUCKET_NAME"
)
# Uploaded files on S3-compatible object storage (django-storages, `pip install .[s3]`) when a bucket is named;
# credentials come from the standard AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables or the instance's role.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "file_overwrite": False,
            "querystring_auth": False,  # public images and documents; private files stay out of the bucket
        },
    }
# Private files (the PositiveHub applicants' attachments): never under MEDIA_URL, served only by a view that
# checks the access gate. On disk: PRIVATE_MEDIA_ROOT, with no public URL. On S3: PRIVATE_STORAGE_BUCKET_NAME,
# a private bucket (ACL private), read through short-lived signed URLs.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES["private"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
}
if os.environ.get("PRIVATE_STORAGE_BUCKET_NAME"):
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["PRIVATE_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Cache: Redis through Django's own backend when REDIS_URL is set (one client object per server instead of one
# per operation, lilith/redis_cache.py), local memory otherwise.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "lilith.redis_cache.DegradingRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "lilith",
            # A Redis that hangs costs half a second once, then the site is served without cache for a while.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "lilith"}}

# A CDN or caching proxy in front of the app servers: the page cache's purges are sent to it too
# (pagecache/). FRONTEND_CACHE_PURGE_URL: HTTP PURGE (Varnish, Squid, nginx); or Cloudflare's API.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
if os.environ.get("CLOUDFLARE_API_TOKEN"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ["CLOUDFLARE_API_TOKEN"],
        "ZONEID": os.environ.get("CLOUDFLARE_ZONE_ID", ""),
    }

# Full-page cache for anonymous readers (pagecache/); PAGE_CACHE_ENABLED=false turns it off.
PAGE_CACHE_ENABLED = os.environ.get("PAGE_CACHE_ENABLED", "true").lower() == "true"
PAGE_CACHE_SECONDS = 24 * 3600

# Indicators (metrics/): each process sends its counts to Redis once a second; searched words are shown in the
# reports only when searched at least this many times in the period (a word typed once may name someone).
METRICS_REDIS_FLUSH_SECONDS = float(os.environ.get("METRICS_REDIS_FLUSH_SECONDS", "1"))
METRICS_SEARCH_MIN_COUNT = 2
if os.environ.get("METRICS_COUNTING", "true").lower() == "false":  # `make bench` measures the site without it
    MIDDLEWARE.remove("metrics.middleware.PageViewCountingMiddleware")

# Background tasks (django-tasks, bundled with Wagtail): stored in the database and run by `manage.py db_worker`
# (one or more worker processes beside the web servers; `make run` starts one). TASKS_BACKEND can name another
# django-tasks backend, e.g. django_tasks.backends.immediate.ImmediateBackend to run tasks in the request.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# A failed email is tried again after these delays (seconds); after the last one, the periodic
# `send_pending_notifications` command keeps trying.
NOTIFICATION_RETRY_DELAYS = [60, 5 * 60, 30 * 60, 2 * 3600]
NOTIFICATION_MAX_ATTEMPTS = 10

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Bonnes pratiques en santé mentale <ne-pas-repondre@example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The From address answers nobody: mails that invite a reply carry a Reply-To. Replies about the site (a support
# team application, a question) go to SITE_CONTACT_EMAIL; requests to see or erase one's data go to the data
# protection contact, PRIVACY_CONTACT_EMAIL (both named on the privacy page). Defaults: demo addresses.
SITE_CONTACT_EMAIL = os.environ.get("SITE_CONTACT_EMAIL", "contact@example.org")
PRIVACY_CONTACT_EMAIL = os.environ.get("PRIVACY_CONTACT_EMAIL", "dpo@example.org")
PRIVACY_PAGE_PATH = "/donnees-personnelles/"
# Where replies to the PositiveHub mails go (the From address is a no-reply one); empty: no Reply-To.
HUB_REPLY_TO = os.environ.get("HUB_REPLY_TO", "positivehub@example.org")
# PositiveHub retention (years after the results of a call): then attachments, stored mails and the accounts
# no longer used are erased by `manage.py hub_retention` (in `make cron`).
HUB_RETENTION_YEARS = int(os.environ.get("HUB_RETENTION_YEARS", "3"))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
# Pages restricted to logged-in readers send them to the French login page, not Wagtail's own.
WAGTAIL_FRONTEND_LOGIN_URL = "/compte/connexion/"
LOGOUT_REDIRECT_URL = "/"

# Wagtail
WAGTAIL_SITE_NAME = "Bonnes pratiques en santé mentale"
# No avatar from Gravatar in the admin: no third party learns who edits the site (and the CSP allows none).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False  # nor does the admin ask releases.wagtail.org at each visit
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
WAGTAIL_CONTENT_LANGUAGES = [("fr", "Français")]
WAGTAILDOCS_EXTENSIONS = ["pdf", "vtt", "mp4", "webm", "csv", "odt", "docx", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True


def _search_backend():
    if os.environ.get("SEARCH_URL"):
        # Elasticsearch 8 (`pip install ".[search]"`) or, with SEARCH_BACKEND=wagtail.search.backends.opensearch2,
        # OpenSearch (`".[opensearch]"`) when an external search service is configured. Index names start with
        # SEARCH_INDEX_PREFIX, so that several sites can share a cluster; `manage.py update_index` fills them.
        return {
            "BACKEND": os.environ.get("SEARCH_BACKEND") or "wagtail.search.backends.elasticsearch8",
            "URLS": [os.environ["SEARCH_URL"]],
            "INDEX_PREFIX": os.environ.get("SEARCH_INDEX_PREFIX", "lilith_"),
        }
    # The database backend, French on both databases: PostgreSQL full text search with the French configuration
    # (its document read from an index whatever the word), or SQLite FTS5 on French stems (search/backend.py).
    return {"BACKEND": "search.backend", "SEARCH_CONFIG": "french_unaccent"}


WAGTAILSEARCH_BACKENDS = {"default": _search_backend()}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "lilith.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if os.environ.get("LOG_FORMAT", "plain") == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "django_tasks": {"level": "WARNING"}},
}

# The open registry's API (opendata/): requests per minute and per client address.
OPENDATA_API_REQUESTS_PER_MINUTE = int(os.environ.get("OPENDATA_API_REQUESTS_PER_MINUTE", "300"))

# Requests for training or support: how long personal data is kept before anonymisation (RGPD).
TRAINING_REQUEST_RETENTION_DAYS = int(os.environ.get("TRAINING_REQUEST_RETENTION_DAYS", "730"))
TRAINING_REQUEST_RATE_LIMIT = 5  # requests per address and per hour
LOGIN_FAILURE_LIMIT = 5  # failed logins per username, and per client address, before a 15-minute pause
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_LOCKOUT_PARAMETERS = [
    "username",
    "ip_address",
]  # either one locks: spraying many names from one address too
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "accounts.addresses.client_address"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.addresses.attempted_username"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_DISABLE_ACCESS_LOG = True  # the attempt table is enough; no log of every successful login
# Axes' log lines name the login door only, never the username or the client's address (RGPD: logs keep no IP).
AXES_CLIENT_STR_CALLABLE = "accounts.addresses.log_label"
# How many proxies in front of the app servers append to X-Forwarded-For (the load balancer: 1); 0 = none.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# Sessions: 14 days for readers, team members and experts; PRIVILEGED_SESSION_HOURS from login for the accounts
# lilith.privileges.is_privileged names (administrators, whoever publishes, the hub's secretariat and chair).
SESSION_COOKIE_AGE = 14 * 24 * 3600
PRIVILEGED_SESSION_HOURS = float(os.environ.get("PRIVILEGED_SESSION_HOURS", "12"))
PRIVILEGED_USER_TEST = "lilith.privileges.is_privileged"
PASSWORD_RESET_LIMIT = 5  # requests per hour, per e-mail address and per client address
# Editors reset their password on the site's French page, which is limited; Wagtail's own reset page is off.
WAGTAIL_PASSWORD_RESET_ENABLED = False
