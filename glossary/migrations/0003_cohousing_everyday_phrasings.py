"""Everyday phrasings of cohousing that searches missed: "cooperativa de vivienda",
"cooperative housing", "logement coopératif" (the glossary matched "vivienda
cooperativa" and "housing cooperative" only in that order).

Added to the synonyms of each language still as shipped; a language an editor changed
is left as they made it. New sites get them from glossary/data/concepts.json.
"""

from django.db import migrations

SHIPPED = {
    "fr": "coopérative d'habitants; habitat groupé",
    "en": "housing cooperative; community-led housing",
    "es": "covivienda; cohousing",
}
ADDED = {
    "fr": "logement coopératif; coopérative de logement",
    "en": "cooperative housing",
    "es": "cooperativa de vivienda",
}


def add_phrasings(apps, schema_editor):
    GlossaryTerm = apps.get_model("glossary", "GlossaryTerm")
    concept = GlossaryTerm.objects.filter(key="cohousing").first()
    if concept is None:
        return
    changed = False
    for code, shipped in SHIPPED.items():
        if getattr(concept, f"synonyms_{code}") == shipped:
            setattr(concept, f"synonyms_{code}", f"{shipped}; {ADDED[code]}")
            changed = True
    if changed:
        # The untranslated column mirrors French, as modeltranslation expects; saving
        # sets `updated_at`, which tells each process's copy of the glossary to reload.
        concept.synonyms = concept.synonyms_fr
        concept.save()


class Migration(migrations.Migration):
    dependencies = [("glossary", "0002_glossary_concepts")]

    operations = [migrations.RunPython(add_phrasings, migrations.RunPython.noop)]
