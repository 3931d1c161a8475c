"""Local development and the `make run` demo: SQLite by default.

Debug is off unless asked for (`DJANGO_DEBUG=1 make run`): the demo is what a new user
tries, and Django's debug 404 lists every URL pattern instead of the product's Thai page.
Static files are served by WhiteNoise from the source folders either way.
"""

import os

from povertyprog.core.make_env import main as make_env

from .base import *  # noqa: F403
from .base import BASE_DIR, env, env_bool

# .env holds this machine's secret key and data key, made once (also by `make run`).
_dotenv = BASE_DIR / ".env"
if not os.environ.get("POVERTYPROG_DATA_KEY"):
    make_env(_dotenv)
    for _line in _dotenv.read_text().splitlines():
        _name, _sep, _value = _line.partition("=")
        if _sep and not _line.lstrip().startswith("#"):
            os.environ.setdefault(_name.strip(), _value.strip())

DEBUG = env_bool("DJANGO_DEBUG")
SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
POVERTYPROG_DATA_KEY = env("POVERTYPROG_DATA_KEY")
MAILERS = {
    "default": {
        "BACKEND": env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    }
}
# WhiteNoise serves static files straight from the source folders; nothing is collected.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
