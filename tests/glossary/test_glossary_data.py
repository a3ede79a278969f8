"""The concepts the site ships: enough of them, complete in the three languages, added by
a data migration that fills gaps and leaves editors' changes alone."""

import importlib
import json

from django.apps import apps
from django.test import TestCase

from core.i18n import LANGUAGE_CODES
from core.words import tokens
from glossary.models import GlossaryTerm, split_synonyms

migration = importlib.import_module("glossary.migrations.0002_glossary_concepts")
phrasings = importlib.import_module("glossary.migrations.0003_cohousing_everyday_phrasings")
quebec = importlib.import_module("glossary.migrations.0004_cohousing_quebec")


class ShippedConceptsTests(TestCase):
    def test_at_least_80_concepts_each_named_in_every_language(self):
        rows = json.loads(migration.DATA.read_text(encoding="utf-8"))
        self.assertGreaterEqual(len(rows), 80)
        self.assertEqual(GlossaryTerm.objects.count(), len(rows))
        for concept in GlossaryTerm.objects.all():
            for code in LANGUAGE_CODES:
                self.assertTrue(getattr(concept, f"term_{code}"), (concept.key, code))

    def test_the_field_and_its_everyday_words_are_there(self):
        def words(key):
            concept = GlossaryTerm.objects.get(key=key)
            return {term for code in LANGUAGE_CODES for term in concept.terms(code)}

        self.assertTrue({"entreprise", "boîte", "company", "empresa"} <= words("company"))
        self.assertTrue(
            {"reprise par les salariés", "worker buyout", "recuperación por los trabajadores"}
            <= words("worker-buyout")
        )
        self.assertTrue(
            {"gestion à livre ouvert", "open-book management", "gestión a libro abierto"}
            <= words("open-book-management")
        )
        for key in ("cae", "scic", "scop", "work-integration", "commons", "mutual-aid"):
            self.assertTrue(GlossaryTerm.objects.filter(key=key).exists(), key)
        self.assertTrue(GlossaryTerm.objects.filter(key="microcredit").exists())

    def test_no_term_is_claimed_by_two_concepts(self):
        # A word shared by two concepts would expand a query with both meanings.
        owner = {}
        for concept in GlossaryTerm.objects.all():
            for code in LANGUAGE_CODES:
                for term in concept.terms(code):
                    key = tuple(tokens(term))
                    self.assertIn(owner.setdefault(key, concept.key), {concept.key}, term)

    def test_the_migration_adds_what_is_missing_and_keeps_edits(self):
        edited = GlossaryTerm.objects.get(key="microcredit")
        edited.synonyms_fr = "microcrédit professionnel"
        edited.save()
        GlossaryTerm.objects.filter(key="commons").delete()
        migration.add_missing_concepts(apps, None)
        migration.add_missing_concepts(apps, None)
        edited.refresh_from_db()
        self.assertEqual(split_synonyms(edited.synonyms_fr), ["microcrédit professionnel"])
        self.assertEqual(GlossaryTerm.objects.filter(key="commons").count(), 1)
        rows = json.loads(migration.DATA.read_text(encoding="utf-8"))
        self.assertEqual(GlossaryTerm.objects.count(), len(rows))

    def test_an_older_site_gets_the_new_phrasings_where_nobody_changed_them(self):
        concept = GlossaryTerm.objects.get(key="cohousing")
        concept.synonyms_fr = concept.synonyms = phrasings.SHIPPED["fr"]
        concept.synonyms_en = phrasings.SHIPPED["en"]
        concept.synonyms_es = "covivienda"  # an editor's
        concept.save()
        phrasings.add_phrasings(apps, None)
        concept.refresh_from_db()
        self.assertIn("logement coopératif", concept.terms("fr"))
        self.assertIn("cooperative housing", concept.terms("en"))
        self.assertEqual(concept.terms("es"), ["vivienda cooperativa", "covivienda"])
        # Then Québec's word, added to French as 0003 left it.
        phrasings.add_phrasings(apps, None)
        quebec.add_phrasing(apps, None)
        concept.refresh_from_db()
        self.assertIn("coopérative d'habitation", concept.terms("fr"))
        concept.synonyms_fr = concept.synonyms = "habitat groupé"  # an editor's
        concept.save()
        quebec.add_phrasing(apps, None)
        concept.refresh_from_db()
        self.assertEqual(concept.terms("fr"), ["habitat participatif", "habitat groupé"])
