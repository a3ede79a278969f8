"""Email (issue #8, part 7): EMAIL_URL, the deploy check, and a password reset from the
admin login, end to end."""

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase, TestCase, override_settings

from coactions.settings.base import parse_email_url
from core.checks import check_email_configured


class EmailUrlTests(SimpleTestCase):
    def test_smtp_with_starttls(self):
        config = parse_email_url("smtp+tls://user%40example.org:s%3Acret@smtp.example.org:587")
        self.assertEqual(config["EMAIL_BACKEND"], "django.core.mail.backends.smtp.EmailBackend")
        self.assertEqual(
            (config["EMAIL_HOST"], config["EMAIL_PORT"], config["EMAIL_USE_TLS"]),
            ("smtp.example.org", 587, True),
        )
        self.assertEqual(
            (config["EMAIL_HOST_USER"], config["EMAIL_HOST_PASSWORD"]),
            ("user@example.org", "s:cret"),
        )
        self.assertFalse(config["EMAIL_USE_SSL"])

    def test_other_schemes(self):
        config = parse_email_url("smtp+ssl://user:pw@smtp.example.org:465")
        self.assertEqual((config["EMAIL_USE_SSL"], config["EMAIL_USE_TLS"]), (True, False))
        config = parse_email_url("smtp://localhost:25")
        self.assertEqual((config["EMAIL_HOST"], config["EMAIL_USE_TLS"]), ("localhost", False))
        self.assertEqual(
            parse_email_url("console://")["EMAIL_BACKEND"],
            "django.core.mail.backends.console.EmailBackend",
        )
        with self.assertRaisesMessage(ImproperlyConfigured, "unknown scheme 'smtpx'"):
            parse_email_url("smtpx://host")

    def test_tests_keep_mail_in_memory(self):
        self.assertEqual(settings.EMAIL_BACKEND, "django.core.mail.backends.locmem.EmailBackend")

    def test_deploy_check_warns_without_email_url(self):
        with override_settings(EMAIL_URL=""):
            [warning] = check_email_configured(None)
        self.assertEqual(warning.id, "core.W001")
        with override_settings(EMAIL_URL="smtp://localhost:25"):
            self.assertEqual(check_email_configured(None), [])


@override_settings(WAGTAILADMIN_BASE_URL="https://coactions.example.org")
class PasswordResetTests(TestCase):
    def test_reset_from_the_admin_login(self):
        user = get_user_model().objects.create_user(
            "camille", "camille@partner.example", "old-password-1234", is_staff=False
        )
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        login = self.client.get("/admin/login/")
        self.assertContains(login, "/admin/password_reset/")

        response = self.client.post("/admin/password_reset/", {"email": "camille@partner.example"})
        self.assertEqual(response.status_code, 302)
        [message] = mail.outbox
        self.assertEqual(message.to, ["camille@partner.example"])
        self.assertEqual(message.from_email, settings.DEFAULT_FROM_EMAIL)
        link = re.search(r"https?://[^/\s]+(/admin/password_reset/confirm/\S+/)", message.body)
        self.assertIsNotNone(link, message.body)

        response = self.client.get(link.group(1), follow=True)
        self.assertEqual(response.status_code, 200)
        set_password_url = response.redirect_chain[-1][0]
        response = self.client.post(
            set_password_url,
            {"new_password1": "a-new-Passw0rd-77", "new_password2": "a-new-Passw0rd-77"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/password_reset/complete/", response["Location"])

        # The old password is refused (the form comes back), the new one signs in.
        response = self.client.post(
            "/admin/login/", {"username": "camille", "password": "old-password-1234"}
        )
        self.assertEqual(response.status_code, 200)
        response = self.client.post(
            "/admin/login/", {"username": "camille", "password": "a-new-Passw0rd-77"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.get("/admin/").status_code, 200)
