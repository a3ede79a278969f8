from .base import *  # noqa: F403
from .base import EMAIL_URL, SECRET_KEY, env_bool

DEBUG = env_bool("DEBUG", True)
# A fixed key is fine on a developer's machine; production refuses to start without one.
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-4c1f0b7e9d2a4e6b8f3a5c7d9e1f2a3b4c5d6e7f"

# Emails (password resets, review notifications) are printed unless EMAIL_URL is set.
if not EMAIL_URL:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
