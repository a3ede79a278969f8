"""Cooperation projects and their ordered partner links."""

import datetime

import factory

from projects.models import ProjectPage, ProjectPartner

from .base import TranslatedPageFactory
from .home import index_page


class ProjectPageFactory(TranslatedPageFactory):
    """A published cooperation project. `partners=[partner, ...]` sets its ordered partner
    list (the ProjectPartner rows the admin's inline panel edits)."""

    class Meta:
        model = ProjectPage

    class Params:
        partners = ()

    parent = factory.LazyFunction(lambda: index_page("projects.ProjectIndexPage"))
    ref = factory.Sequence(lambda n: f"project-{n}")
    title_fr = factory.LazyAttribute(lambda o: f"Projet {o.ref}")
    title_en = factory.LazyAttribute(lambda o: f"Project {o.ref}")
    title_es = factory.LazyAttribute(lambda o: f"Proyecto {o.ref}")
    acronym = factory.LazyAttribute(lambda o: o.ref.upper())
    summary_fr = factory.LazyAttribute(lambda o: f"Résumé du projet {o.ref}.")
    summary_en = factory.LazyAttribute(lambda o: f"Summary of project {o.ref}.")
    summary_es = factory.LazyAttribute(lambda o: f"Resumen del proyecto {o.ref}.")
    summary = factory.SelfAttribute("summary_fr")
    programme = "erasmus_plus"
    start_date = datetime.date(2020, 1, 1)
    end_date = datetime.date(2022, 12, 31)
    partner_links = factory.LazyAttribute(
        lambda o: [
            ProjectPartner(partner=partner, sort_order=position)
            for position, partner in enumerate(o.partners)
        ]
    )


def paragraph(html):
    """A StreamField value of one paragraph block, as the importer writes a Markdown cell."""
    return [{"type": "paragraph", "value": html}]
