"""The site's groups are stored in English and shown in the admin's language."""

from django.contrib.auth import get_user_model
from django.test import TestCase

from wagtail.users.models import UserProfile

from catalogue.roles import ensure_roles
from tests.factories.home import build_site

LABELS = {
    "fr": ("Équipe Co-actions", "Contributeurs partenaires"),
    "en": ("Co-actions team", "Partner contributors"),
    "es": ("Equipo Co-actions", "Colaboradores socios"),
}


class GroupLabelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        ensure_roles()
        cls.admin = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw")

    def as_admin_in(self, language):
        profile = UserProfile.get_for_user(self.admin)
        profile.preferred_language = language
        profile.save()
        self.client.force_login(self.admin)

    def test_the_group_listing_and_the_user_form_speak_the_admin_language(self):
        for language, labels in LABELS.items():
            with self.subTest(language=language):
                self.as_admin_in(language)
                listing = self.client.get("/admin/groups/").content.decode()
                user_form = self.client.get("/admin/users/new/").content.decode()
                for label in labels:
                    self.assertIn(label, listing)
                    self.assertIn(label, user_form)
