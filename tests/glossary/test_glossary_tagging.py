"""The concepts a page's text names, as OpenSearch tags them when it indexes the page."""

from django.test import TestCase

from glossary.expansion import tagger
from glossary.models import GlossaryTerm


class TaggingTests(TestCase):
    """Against the concepts the site ships (the data migration ran), and one of its own."""

    @classmethod
    def setUpTestData(cls):
        GlossaryTerm.objects.create(
            key="tagging-test",
            term_fr="reprise entreprise salariés",
            term_en="worker takeover",
            term_es="empresa recuperada",
        )

    def concepts(self, text, lang):
        return tagger().concepts(text, lang)

    def test_a_term_is_found_inflected_in_its_own_language(self):
        self.assertIn("free-software", self.concepts("Des Logiciels Libres partagés", "fr"))
        self.assertIn("free-software", self.concepts("Shared open-source software", "en"))
        self.assertIn("tagging-test", self.concepts("Workers' takeovers in Quebec", "en"))

    def test_a_term_is_not_looked_for_in_another_language(self):
        self.assertIn("tagging-test", self.concepts("una empresa recuperada", "es"))
        self.assertNotIn("tagging-test", self.concepts("una empresa recuperada", "fr"))

    def test_stop_words_and_a_few_other_words_may_come_between_its_words(self):
        near = "La reprise d'une petite entreprise familiale par ses salariés"
        self.assertIn("tagging-test", self.concepts(near, "fr"))
        far = "La reprise d'une petite entreprise familiale du village, puis des salariés"
        self.assertNotIn("tagging-test", self.concepts(far, "fr"))

    def test_three_other_words_at_most(self):
        three = "La reprise d'une petite entreprise familiale, viable, par ses salariés"
        self.assertIn("tagging-test", self.concepts(three, "fr"))
        four = "La reprise d'une petite entreprise familiale, viable, rentable, par ses salariés"
        self.assertNotIn("tagging-test", self.concepts(four, "fr"))

    def test_a_term_another_language_writes_the_same_is_found_in_both(self):
        # "cooperative" is a French term (coopérative) and an English one.
        self.assertIn("cooperative", self.concepts("A housing cooperative", "en"))
        self.assertIn("cooperative", self.concepts("Une coopérative d'habitants", "fr"))

    def test_terms_that_start_alike_are_each_found_by_their_own_words(self):
        GlossaryTerm.objects.create(key="tagging-other", term_fr="reprise activité")
        activity = self.concepts("La reprise de l'activité du moulin", "fr")
        self.assertIn("tagging-other", activity)
        self.assertNotIn("tagging-test", activity)
        takeover = self.concepts("La reprise de l'entreprise par les salariés", "fr")
        self.assertIn("tagging-test", takeover)
        self.assertNotIn("tagging-other", takeover)
        both = "La reprise de l'entreprise par ses salariés, puis la reprise d'activité"
        self.assertLessEqual({"tagging-test", "tagging-other"}, self.concepts(both, "fr"))

    def test_its_words_must_come_in_order(self):
        self.assertNotIn(
            "tagging-test", self.concepts("Les salariés, l'entreprise, sa reprise", "fr")
        )

    def test_a_text_without_glossary_words_names_nothing(self):
        self.assertEqual(self.concepts("", "fr"), set())
        self.assertEqual(self.concepts("Le la les, de 2024 à 2026.", "fr"), set())

    def test_an_edit_changes_the_tags_at_once(self):
        concept = GlossaryTerm.objects.get(key="tagging-test")
        concept.synonyms_en = "staff buyout"
        concept.save()
        self.assertIn("tagging-test", self.concepts("A staff buyout", "en"))
        concept.delete()
        self.assertNotIn("tagging-test", self.concepts("A workers' takeover", "en"))
