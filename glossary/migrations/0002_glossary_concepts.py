"""The concepts the team wrote (glossary/data/concepts.json), added where missing.

Runs again harmlessly: a concept whose key exists is left as editors made it.
"""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "concepts.json"


def add_missing_concepts(apps, schema_editor):
    GlossaryTerm = apps.get_model("glossary", "GlossaryTerm")
    rows = json.loads(DATA.read_text(encoding="utf-8"))
    existing = set(GlossaryTerm.objects.values_list("key", flat=True))
    GlossaryTerm.objects.bulk_create(
        # The untranslated columns mirror French, as modeltranslation expects.
        GlossaryTerm(term=row["term_fr"], synonyms=row["synonyms_fr"], **row)
        for row in rows
        if row["key"] not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("glossary", "0001_glossary_term")]

    operations = [migrations.RunPython(add_missing_concepts, migrations.RunPython.noop)]
