from catalogue.registry import CatalogueType, register

from .choices import PracticeStatus
from .documents import (
    practice_dependents,
    practice_document,
    practice_facets,
    theme_dependents,
    theme_labels,
)
from .models import SECTIONS, PracticePage, Theme

register(
    CatalogueType(
        name="theme",
        sheet="themes",
        model_path="practices.Theme",
        key="slug",
        order=10,
        columns=Theme.catalogue_columns,
        aliases=("name_fr", "name_en", "name_es"),
        dependents=theme_dependents,
        changed_at="updated_at",
    )
)

register(
    CatalogueType(
        name="practice",
        sheet="practices",
        model_path="practices.PracticePage",
        order=40,
        columns=PracticePage.catalogue_columns,
        parent_path="practices.PracticeIndexPage",
        document=practice_document,
        prefetch=("themes", "partners", "projects"),
        facets=practice_facets,
        facet_labels={"theme": theme_labels, "status": dict(PracticeStatus.choices)},
        translation_fields=(
            "title",
            "summary",
            *(field for field, _heading in SECTIONS),
            "contact_role",
        ),
        admin_filters=("themes",),
        card_template="components/practice_card.html",
        dependents=practice_dependents,
    )
)
