"""Settings of the gunicorn that `manage.py bench_checkin` starts: production's, with two
changes that only a bench wants.

- ROOT_URLCONF adds the bench's baseline view (events/management/bench_urls.py); the
  production URLconf never routes it.
- Static files are named without the manifest: the bench requests no static file, and the
  login page it opens must render without a `collectstatic` having been run in the
  checkout (the manifest storage refuses to name a file it has not collected).

Everything else (DEBUG off, persistent connections, secure cookies, HSTS, the proxy's
X-Forwarded-Proto header, django-axes, the password hashers) is production's own.
"""

from povertyprog.settings.production import *  # noqa: F403
from povertyprog.settings.production import STORAGES

ROOT_URLCONF = "events.management.bench_urls"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
