"""Existing pages get a slug in every language they have a title in (core.slugs).

Before this, a page made in the admin had no English or Spanish slug and its French slug
kept its accents. The translated page columns are added by wagtail_modeltranslation
after the migrations run, so a new database (no pages yet) has nothing to fill here.
"""

from django.db import migrations


def fill_slugs(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        columns = {
            column.name
            for column in connection.introspection.get_table_description(
                cursor, "wagtailcore_page"
            )
        }
    if "slug_en" not in columns:
        return
    # The translated slug columns are not in the migration state: the real model, through
    # the same function the admin and the importer use.
    from core.slugs import fill_missing_slugs

    fill_missing_slugs()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("partners", "0001_initial"),
        ("practices", "0003_alter_practicepage_last_reviewed"),
        ("projects", "0001_initial"),
        ("catalogue_search", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(fill_slugs, migrations.RunPython.noop)]
