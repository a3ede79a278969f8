from .base import *  # noqa: F403
from .base import (
    HSTS_INCLUDE_SUBDOMAINS,
    HSTS_PRELOAD,
    HTTPS_REDIRECT,
    HTTPS_TRUST_FORWARDED_PROTO,
    SECRET_KEY,
    SILENCED_SYSTEM_CHECKS,
    require_secret_key,
    task_backend,
)

DEBUG = False
# Long work (admin imports, index updates) goes to the database queue run by the task
# worker, `python manage.py db_worker` (README, "Background work").
TASKS = task_backend("database")
SECRET_KEY = require_secret_key(SECRET_KEY)

SECURE_SSL_REDIRECT = HTTPS_REDIRECT
if HTTPS_TRUST_FORWARDED_PROTO:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = HSTS_INCLUDE_SUBDOMAINS
SECURE_HSTS_PRELOAD = HSTS_PRELOAD
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Wagtail's preview panel shows the page in a same-origin iframe, so DENY would break
# editing; CSP frame-ancestors 'self' (base settings) gives the same protection.
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W019"]
