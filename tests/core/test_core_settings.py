"""Production settings refuse to start without a secret; the admin login is reachable."""

import os
import subprocess
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.test import TestCase

import pytest
from bs4 import BeautifulSoup

from coactions.settings.base import parse_cache_url, parse_rate

BASE_DIR = Path(__file__).resolve().parents[2]
SETUP = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def start_production(**env):
    environ = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DEBUG"}
    }
    environ.update(DJANGO_SETTINGS_MODULE="coactions.settings.production", **env)
    return subprocess.run(
        [sys.executable, "-c", SETUP],
        cwd=BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_secret_key():
    result = start_production()
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    message = result.stderr.strip().splitlines()[-1]
    assert "SECRET_KEY" in message


def test_production_refuses_an_empty_secret_key():
    result = start_production(SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr.strip().splitlines()[-1]


def test_production_starts_with_a_secret_key_and_debug_off():
    result = start_production(SECRET_KEY="a-long-random-production-secret-0123456789", DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


class TestAdminLogin(TestCase):
    @classmethod
    def setUpTestData(cls):
        get_user_model().objects.create_superuser(
            "editor", "editor@example.org", "correct horse battery"
        )

    def test_login_page_is_reachable(self):
        response = self.client.get("/admin/login/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'name="username"')
        self.assertContains(response, 'name="password"')

    def test_admin_asks_anonymous_visitors_to_sign_in(self):
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/admin/login/"))

    def test_editor_can_sign_in(self):
        response = self.client.post(
            "/admin/login/",
            {"username": "editor", "password": "correct horse battery"},
            follow=True,
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.request["PATH_INFO"], "/admin/")
        self.assertTrue(response.context["user"].is_authenticated)

    def test_the_admin_asks_no_other_site_for_avatars(self):
        # Wagtail's default avatar is fetched from Gravatar, named by the editor's email.
        self.client.force_login(get_user_model().objects.get(username="editor"))
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "gravatar")
        self.assertContains(response, "avatar")

    def test_the_account_page_offers_places_as_time_zones(self):
        # Debian's zoneinfo has "localtime" too: the browser refused it and the account
        # page's script stopped there.
        self.client.force_login(get_user_model().objects.get(username="editor"))
        response = self.client.get("/admin/account/")
        self.assertEqual(response.status_code, 200)
        html = BeautifulSoup(response.content.decode(), "html.parser")
        zones = [option["value"] for option in html.select("select[name$=time_zone] option")]
        self.assertIn("Europe/Paris", zones)
        self.assertIn("America/Toronto", zones)
        self.assertNotIn("localtime", zones)
        self.assertNotIn("Factory", zones)

    def test_wrong_password_is_refused(self):
        response = self.client.post("/admin/login/", {"username": "editor", "password": "nope"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.wsgi_request.user.is_authenticated)


def test_api_rate_limit_values():
    assert parse_rate(" 120/M ") == "120/m"
    assert parse_rate("1000/5m") == "1000/5m"
    assert parse_rate("off") is None
    for bad in ("", "120", "0/m", "120/minute", "fast"):
        with pytest.raises(ImproperlyConfigured):
            parse_rate(bad)


def test_cache_url_values():
    local = parse_cache_url("locmem://")
    assert local["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    # Room for every page in three languages, not Django's 300 entries.
    assert local["OPTIONS"]["MAX_ENTRIES"] == 5000
    shared = parse_cache_url("redis://:secret@cache.internal:6380/2")
    assert shared["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert shared["LOCATION"] == "redis://:secret@cache.internal:6380/2"
    memcached = parse_cache_url("pymemcache://127.0.0.1:11211")
    assert memcached["BACKEND"] == "django.core.cache.backends.memcached.PyMemcacheCache"
    assert parse_cache_url("file:///srv/cache")["LOCATION"] == "/srv/cache"
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL.*bogus"):
        parse_cache_url("bogus://host")
