from catalogue.registry import CatalogueType, register

from .models import GlossaryTerm


def glossary_dependents(term):
    # No page's document carries a concept's words. OpenSearch's tags of the concepts a
    # page names change with any concept: search.signals compares the whole index then.
    return []


register(
    CatalogueType(
        name="glossary_term",
        sheet="glossary",
        model_path="glossary.GlossaryTerm",
        key="key",
        order=50,
        columns=GlossaryTerm.catalogue_columns,
        dependents=glossary_dependents,
        changed_at="updated_at",
    )
)
