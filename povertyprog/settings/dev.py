"""Local development and the `make run` demo: SQLite by default, debug on."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, env

# `make run` writes .env (a secret key and the data key); read it for plain manage.py calls too.
_dotenv = BASE_DIR / ".env"
if _dotenv.exists():
    for _line in _dotenv.read_text().splitlines():
        _name, _sep, _value = _line.partition("=")
        if _sep and not _line.lstrip().startswith("#"):
            os.environ.setdefault(_name.strip(), _value.strip())

DEBUG = True
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
