"""Québec's name for a housing cooperative, "coopérative d'habitation", which found a
sheet about urban gardens instead of naming cohousing.

Added to the French synonyms when they are as shipped (by 0003 or concepts.json); synonyms
an editor changed are left as they made them. New sites get it from
glossary/data/concepts.json.
"""

from django.db import migrations

SHIPPED = "coopérative d'habitants; habitat groupé; logement coopératif; coopérative de logement"
ADDED = "coopérative d'habitation"


def add_phrasing(apps, schema_editor):
    GlossaryTerm = apps.get_model("glossary", "GlossaryTerm")
    concept = GlossaryTerm.objects.filter(key="cohousing", synonyms_fr=SHIPPED).first()
    if concept is None:
        return
    concept.synonyms_fr = f"{SHIPPED}; {ADDED}"
    # The untranslated column mirrors French, as modeltranslation expects; saving sets
    # `updated_at`, which tells each process's copy of the glossary to reload.
    concept.synonyms = concept.synonyms_fr
    concept.save()


class Migration(migrations.Migration):
    dependencies = [("glossary", "0003_cohousing_everyday_phrasings")]

    operations = [migrations.RunPython(add_phrasing, migrations.RunPython.noop)]
