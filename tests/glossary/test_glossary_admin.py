"""The Co-actions team edits the glossary in the admin; partner contributors cannot."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse

from catalogue.roles import CO_ACTIONS_TEAM, PARTNER_CONTRIBUTORS, ensure_roles
from core.i18n import LANGUAGE_CODES
from glossary.models import GlossaryTerm
from search.clauses import query_clauses
from search.query import parse_words
from tests.factories.home import build_site


def member(username, group):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(Group.objects.get(name=group))
    return user


class GlossaryAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_site()
        ensure_roles()
        cls.team = member("team", CO_ACTIONS_TEAM)
        cls.partner = member("partner", PARTNER_CONTRIBUTORS)

    def edit_url(self, concept):
        return reverse("wagtailsnippets_glossary_glossaryterm:edit", args=[concept.pk])

    def form(self, concept, **changes):
        data = {"key": concept.key}
        for field in ("term", "synonyms", "definition"):
            for code in LANGUAGE_CODES:
                data[f"{field}_{code}"] = getattr(concept, f"{field}_{code}") or ""
        data.update(changes)
        return data

    def test_the_team_edits_a_concept_and_search_uses_it_at_once(self):
        self.client.force_login(self.team)
        listing = self.client.get(reverse("wagtailsnippets_glossary_glossaryterm:list"))
        self.assertEqual(listing.status_code, 200)
        concept = GlossaryTerm.objects.get(key="microcredit")
        response = self.client.post(
            self.edit_url(concept), self.form(concept, synonyms_en="microloan; tiny loan")
        )
        self.assertEqual(response.status_code, 302)
        concept.refresh_from_db()
        self.assertEqual(concept.terms("en"), ["microcredit", "microloan", "tiny loan"])
        (clause,) = query_clauses(parse_words("tiny loan"))
        self.assertIn(("fr", "microcrédit"), clause.alternatives)

    def test_a_concept_needs_its_term_in_every_language(self):
        self.client.force_login(self.team)
        concept = GlossaryTerm.objects.get(key="microcredit")
        response = self.client.post(self.edit_url(concept), self.form(concept, term_es=""))
        self.assertEqual(response.status_code, 200)
        concept.refresh_from_db()
        self.assertEqual(concept.term_es, "microcrédito")

    def test_partner_contributors_cannot_edit_the_glossary(self):
        self.client.force_login(self.partner)
        concept = GlossaryTerm.objects.get(key="microcredit")
        self.client.post(self.edit_url(concept), self.form(concept, term_en="x"))
        concept.refresh_from_db()
        self.assertEqual(concept.term_en, "microcredit")
