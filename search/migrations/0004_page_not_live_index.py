from django.db import migrations

# The database search finds the pages that are not public among thousands of matches
# through this index (core.visibility.hidden_ids): the few pages not live, without
# reading every page. Wagtail indexes no page by `live`; the condition is written as
# Django writes `live=False` on SQLite and PostgreSQL, so that both use the index.
CREATE = 'CREATE INDEX search_page_not_live ON wagtailcore_page (path) WHERE NOT "live"'
DROP = "DROP INDEX IF EXISTS search_page_not_live"


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue_search", "0003_search_entry_indexes_and_inline_vectors"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
