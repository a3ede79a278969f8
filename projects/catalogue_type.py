from catalogue.registry import CatalogueType, register

from .choices import STATUS_RULES, Programme, ProjectStatus
from .documents import project_dependents, project_document, project_facets
from .models import ProjectPage

register(
    CatalogueType(
        name="project",
        sheet="projects",
        model_path="projects.ProjectPage",
        order=30,
        columns=ProjectPage.catalogue_columns,
        row_errors=ProjectPage.catalogue_row_errors,
        parent_path="projects.ProjectIndexPage",
        document=project_document,
        prefetch=("partner_links__partner", "coordinator"),
        facets=project_facets,
        facet_labels={"programme": dict(Programme.choices), "status": dict(ProjectStatus.choices)},
        date_facets={"status": STATUS_RULES},
        translation_fields=("title", "summary", "description"),
        admin_filters=("programme",),
        card_template="components/project_card.html",
        dependents=project_dependents,
    )
)
