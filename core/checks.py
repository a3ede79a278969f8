"""Deployment checks on the settings (run by `manage.py check --deploy`)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def check_email_configured(app_configs, **kwargs):
    """Password resets and review notifications need a real mail server in production."""
    if getattr(settings, "EMAIL_URL", ""):
        return []
    return [
        checks.Warning(
            "EMAIL_URL is not set: password resets and review notifications would not be sent.",
            hint="Set EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.org:587.",
            id="core.W001",
        )
    ]
