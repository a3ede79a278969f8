from catalogue.registry import CatalogueType, register

from .models import GlossaryTerm


def glossary_dependents(term):
    # Search documents carry no glossary word: expansion happens when a query is read.
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
    )
)
