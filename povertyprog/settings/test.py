"""Test runs: the database comes from DATABASE_URL (PostgreSQL in CI), SQLite otherwise."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105
POVERTYPROG_DATA_KEY = "dGVzdC1vbmx5LWtleS1kby1ub3QtdXNlLTMyLWJ5dGU="
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
