"""Production: secrets come from the environment; without them the process refuses to start."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, SECRET_KEY, env, env_bool

if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured(
        "Set DJANGO_SECRET_KEY to a random string of at least 50 characters "
        '(python -c "import secrets; print(secrets.token_urlsafe(64))").'
    )
if not env("DJANGO_ALLOWED_HOSTS"):
    raise ImproperlyConfigured(
        "Set DJANGO_ALLOWED_HOSTS to the site's host names, comma-separated."
    )
if not env("POVERTYPROG_DATA_KEY"):
    raise ImproperlyConfigured(
        "Set POVERTYPROG_DATA_KEY (32 random bytes, urlsafe base64) to encrypt citizen IDs; "
        "keep it with the database backups."
    )
if not env("DATABASE_URL"):
    raise ImproperlyConfigured(
        "Set DATABASE_URL, e.g. postgres://user:pass@localhost:5432/povertyprog."
    )

# Persistent connections belong here, with a few long-lived worker processes (gunicorn),
# not with the development server's thread per request (base.py keeps 0).
DATABASES["default"]["CONN_MAX_AGE"] = int(env("DJANGO_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# One cache for every gunicorn worker: the public RSVP page's rate limits count requests in
# it (a per-process memory cache would multiply them by the workers). Django's database
# cache needs no other service; create its table once with `manage.py createcachetable`.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "povertyprog_cache",
    }
}
