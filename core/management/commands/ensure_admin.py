import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Ensure a superuser 'admin' exists. Its password comes from ADMIN_PASSWORD, or is "
        "generated and printed once. An existing account is left unchanged unless --reset."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument(
            "--reset", action="store_true", help="Set a new password on an existing account."
        )

    def handle(self, *args, username, reset, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is not None and not reset:
            self.stdout.write(
                f"Superuser '{username}' already exists (password unchanged; "
                "run 'manage.py ensure_admin --reset' to set a new one)."
            )
            return
        password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        if user is None:
            User.objects.create_superuser(username=username, email="", password=password)
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        if os.environ.get("ADMIN_PASSWORD"):
            self.stdout.write(
                self.style.SUCCESS(f"Superuser '{username}' ready, password from ADMIN_PASSWORD.")
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Superuser '{username}' created. Password (shown once): {password}"
                )
            )
