"""A small catalogue whose words exercise the search: accents, plurals, languages."""

import os
import unittest

from django.conf import settings
from django.test import TestCase

from wagtail.models import Page, PageViewRestriction

from home.site_setup import ensure_site
from partners.models import PartnerPage
from practices.models import PracticePage
from projects.models import ProjectPage
from tests.factories.rows import import_rows, partner_row, practice_row, project_row, theme_row

ECO, GOV = "t-eco", "t-gov"

THEMES = [
    theme_row(ECO, {"fr": "Économie sociale", "en": "Social economy", "es": "Economía social"}),
    theme_row(
        GOV,
        {"fr": "Gouvernance partagée", "en": "Shared governance", "es": "Gobernanza compartida"},
    ),
]
PARTNERS = [
    partner_row(
        "p-fr",
        "Atelier Coopératif du Lot",
        "FR",
        organisation_type="cooperative",
        member_since=2015,
    ),
    partner_row("p-es", "Huerta Común", "ES", organisation_type="ngo", member_since=2018),
    partner_row("p-ca", "Réseau Boréal", "CA", organisation_type="network", member_since=2020),
]
PROJECTS = [
    project_row(
        "pj-past", "2015-01-01", "2017-12-31", programme="erasmus_plus", partners=["p-fr", "p-es"]
    ),
    project_row("pj-now", "2020-01-01", "2099-12-31", programme="esf", partners=["p-ca"]),
    project_row("pj-future", "2099-01-01", "2100-12-31", programme="interreg", partners=["p-fr"]),
]


def fr_only(**values):
    return {"fr": values["fr"], "en": "", "es": ""}


PRACTICES = [
    practice_row(
        "pr-fr-only",
        title=fr_only(fr="L'économie des coopératives agricoles"),
        summary_fr="Les coopératives agricoles du Lot mutualisent machines et semences.",
        summary_en="",
        summary_es="",
        context_fr="Autour des jardins partagés, les familles apprennent à cultiver ensemble.",
        themes=[ECO],
        countries=["FR"],
        partners=["p-fr"],
        projects=["pj-past"],
        year=2016,
        status="completed",
    ),
    practice_row(
        "pr-repair",
        title={
            "fr": "Ateliers de réparation au village",
            "en": "Repair workshops in villages",
            "es": "Talleres de reparación en los pueblos",
        },
        summary_fr="Des bénévoles réparent les appareils ménagers à la salle des fêtes.",
        summary_en="Volunteers repair household appliances in the village hall every month.",
        summary_es="Voluntarios reparan los electrodomésticos en el salón del pueblo cada mes.",
        themes=[ECO, GOV],
        countries=["ES", "FR"],
        partners=["p-es"],
        year=2019,
        status="ongoing",
    ),
    practice_row(
        "pr-gov",
        title={
            "fr": "Décider par consentement",
            "en": "Deciding by consent",
            "es": "Decidir por consentimiento",
        },
        summary_fr="Une coopérative québécoise adopte la décision par consentement en assemblée.",
        summary_en="A Quebec cooperative adopts consent-based decisions in its assemblies.",
        summary_es="Una cooperativa de Quebec adopta la decisión por consentimiento en asamblea.",
        themes=[GOV],
        countries=["CA"],
        partners=["p-ca"],
        projects=["pj-now"],
        year=2021,
        status="discontinued",
    ),
    practice_row(
        "pr-bio-title",
        title={
            "fr": "Biodiversité urbaine sur les toits",
            "en": "Urban biodiversity on rooftops",
            "es": "Biodiversidad urbana en los tejados",
        },
        summary_fr="Des toitures végétalisées accueillent abeilles et oiseaux en centre-ville.",
        summary_en="Green roofs host bees and birds in the town centre.",
        summary_es="Tejados verdes acogen abejas y pájaros en el centro.",
        themes=[ECO],
        countries=["BE"],
        year=2022,
        status="ongoing",
    ),
    practice_row(
        "pr-bio-body",
        title={
            "fr": "Potagers scolaires",
            "en": "School vegetable gardens",
            "es": "Huertos escolares",
        },
        summary_fr="Les élèves cultivent un potager avec les parents.",
        summary_en="Pupils grow a vegetable garden with their parents.",
        summary_es="Los alumnos cultivan un huerto con sus padres.",
        context_fr="Le projet favorise aussi la biodiversité du quartier.",
        context_en="The project also supports the neighbourhood's biodiversity.",
        context_es="El proyecto también favorece la biodiversidad del barrio.",
        themes=[ECO],
        countries=["BE"],
        year=2023,
        status="ongoing",
    ),
    practice_row(
        "pr-draft", title={"fr": "Brouillon caché", "en": "Hidden draft", "es": "Borrador oculto"}
    ),
    practice_row(
        "pr-private",
        title={"fr": "Fiche réservée", "en": "Restricted sheet", "es": "Ficha restringida"},
    ),
]

VISIBLE_PRACTICES = 5  # all but pr-draft (unpublished) and pr-private (restricted)
VISIBLE = {"practice": VISIBLE_PRACTICES, "partner": len(PARTNERS), "project": len(PROJECTS)}


def build_catalogue():
    """The page tree and the catalogue, with one unpublished and one private sheet."""
    ensure_site()
    import_rows(themes=THEMES, partners=PARTNERS, projects=PROJECTS, practices=PRACTICES)
    PracticePage.objects.get(ref="pr-draft").unpublish()
    private = PracticePage.objects.get(ref="pr-private")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )


def page(ref):
    for model in (PracticePage, PartnerPage, ProjectPage):
        found = model.objects.filter(ref=ref).first()
        if found is not None:
            return found
    raise Page.DoesNotExist(ref)


def require_opensearch():
    """OpenSearch tests need a node; in CI its absence is a failure, not a skip."""
    if settings.OPENSEARCH_URL:
        return
    if os.environ.get("CI") == "true":
        raise AssertionError("CI=true but OPENSEARCH_URL is not set: OpenSearch tests cannot run")
    raise unittest.SkipTest("OPENSEARCH_URL is not set")


def rebuild_index():
    from search.backends import opensearch
    from search.documents import iter_documents

    opensearch.rebuild(iter_documents(), total=0)


class CatalogueTestCase(TestCase):
    """The search catalogue above, built once per class."""

    @classmethod
    def setUpTestData(cls):
        build_catalogue()


class OpenSearchTestCase(CatalogueTestCase):
    """The catalogue and its OpenSearch index (a real node is required in CI)."""

    @classmethod
    def setUpClass(cls):
        require_opensearch()
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        rebuild_index()
