"""Admin sign-in is throttled by django-axes: per username and client address."""

from django.contrib.auth import get_user_model
from django.test import TestCase, override_settings

from axes.models import AccessAttempt

PASSWORD = "correct horse battery"


class LoginThrottleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        get_user_model().objects.create_superuser("editor", "", PASSWORD)

    def sign_in(self, password, username="editor", **extra):
        return self.client.post(
            "/admin/login/", {"username": username, "password": password}, **extra
        )

    def fail(self, times, **extra):
        return [self.sign_in("wrong", **extra).status_code for _ in range(times)]

    def test_locked_out_after_five_wrong_passwords_even_with_the_right_one(self):
        self.assertEqual(self.fail(4), [200] * 4)
        response = self.sign_in("wrong", HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "Sign-in temporarily blocked", status_code=429)
        response = self.sign_in(PASSWORD, HTTP_ACCEPT_LANGUAGE="fr")
        self.assertContains(response, "Connexion temporairement bloquée", status_code=429)
        self.assertFalse(response.wsgi_request.user.is_authenticated)

    def test_the_lockout_is_per_username_and_address(self):
        self.fail(5)
        self.assertEqual(self.sign_in(PASSWORD, REMOTE_ADDR="192.0.2.7").status_code, 302)
        self.assertEqual(self.sign_in("wrong", username="other").status_code, 200)

    def test_x_forwarded_for_does_not_escape_the_lockout(self):
        for number in range(5):
            self.sign_in("wrong", headers={"X-Forwarded-For": f"198.51.100.{number}"})
        self.assertEqual(AccessAttempt.objects.get().ip_address, "127.0.0.1")
        self.assertEqual(self.sign_in(PASSWORD).status_code, 429)

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_behind_a_trusted_proxy_the_visitor_is_locked_out_not_the_proxy(self):
        self.fail(5, headers={"X-Forwarded-For": "198.51.100.1"})
        self.assertEqual(AccessAttempt.objects.get().ip_address, "198.51.100.1")
        other = self.sign_in(PASSWORD, headers={"X-Forwarded-For": "198.51.100.2"})
        self.assertEqual(other.status_code, 302)

    def test_a_success_forgets_earlier_failures(self):
        self.fail(4)
        self.assertEqual(self.sign_in(PASSWORD).status_code, 302)
        self.client.logout()
        self.fail(4)
        self.assertEqual(self.sign_in(PASSWORD).status_code, 302)
