import hashlib
import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "lilith-test"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# One folder per database engine: CI runs the SQLite and the PostgreSQL suites of one checkout side by side.
_artifacts = BASE_DIR / "test-artifacts" / DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]  # noqa: F405
MEDIA_ROOT = _artifacts / "media"
PRIVATE_MEDIA_ROOT = _artifacts / "private-media"
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405

# Several checkouts may run their suites on one PostgreSQL server at once: give each its own test database.
_checkout = hashlib.sha1(str(BASE_DIR).encode()).hexdigest()[:8]  # noqa: F405
DATABASES["default"].setdefault("TEST", {})["NAME"] = (  # noqa: F405
    None if DATABASES["default"]["ENGINE"].endswith("sqlite3") else f"test_lilith_{_checkout}"  # noqa: F405
)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The page cache is on, as in production: every test that reads a page after a change proves the change shows.
PAGE_CACHE_ENABLED = True

# Tasks run inside the request in tests; tests/practices/test_task_queue.py runs the database queue and its worker.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TEST_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
        "QUEUES": ["default"],
    }
}
