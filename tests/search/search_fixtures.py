"""A small catalogue whose words exercise the search: accents, plurals, languages."""

import os
import unittest
from datetime import date

from django.conf import settings
from django.test import TestCase

from wagtail.models import Page, PageViewRestriction

from partners.models import PartnerPage
from practices.models import PracticePage
from projects.models import ProjectPage
from search import database_index
from tests.factories.home import build_site
from tests.factories.partners import PartnerPageFactory
from tests.factories.practices import PracticePageFactory, ThemeFactory
from tests.factories.projects import ProjectPageFactory

ECO, GOV = "t-eco", "t-gov"

THEMES = {
    ECO: {"fr": "Économie sociale", "en": "Social economy", "es": "Economía social"},
    GOV: {"fr": "Gouvernance partagée", "en": "Shared governance", "es": "Gobernanza compartida"},
}
PARTNERS = [
    {
        "ref": "p-fr",
        "name": "Atelier Coopératif du Lot",
        "country": "FR",
        "organisation_type": "cooperative",
        "member_since": 2015,
    },
    {
        "ref": "p-es",
        "name": "Huerta Común",
        "country": "ES",
        "organisation_type": "ngo",
        "member_since": 2018,
    },
    {
        "ref": "p-ca",
        "name": "Réseau Boréal",
        "country": "CA",
        "organisation_type": "network",
        "member_since": 2020,
    },
]
PROJECTS = [
    {
        "ref": "pj-past",
        "start_date": date(2015, 1, 1),
        "end_date": date(2017, 12, 31),
        "programme": "erasmus_plus",
        "partners": ["p-fr", "p-es"],
    },
    {
        "ref": "pj-now",
        "start_date": date(2020, 1, 1),
        "end_date": date(2099, 12, 31),
        "programme": "esf",
        "partners": ["p-ca"],
    },
    {
        "ref": "pj-future",
        "start_date": date(2099, 1, 1),
        "end_date": date(2100, 12, 31),
        "programme": "interreg",
        "partners": ["p-fr"],
    },
]


def titles(fr, en="", es=""):
    return {"title_fr": fr, "title_en": en, "title_es": es}


def summaries(fr, en="", es=""):
    return {"summary_fr": fr, "summary_en": en, "summary_es": es}


PRACTICES = [
    dict(
        ref="pr-fr-only",
        **titles("L'économie des coopératives agricoles"),
        **summaries("Les coopératives agricoles du Lot mutualisent machines et semences."),
        context_fr="<p>Autour des jardins partagés, les familles apprennent à cultiver "
        "ensemble.</p>",
        themes=[ECO],
        countries=["FR"],
        partners=["p-fr"],
        projects=["pj-past"],
        year_started=2016,
        status="completed",
    ),
    dict(
        ref="pr-repair",
        **titles(
            "Ateliers de réparation au village",
            "Repair workshops in villages",
            "Talleres de reparación en los pueblos",
        ),
        **summaries(
            "Des bénévoles réparent les appareils ménagers à la salle des fêtes.",
            "Volunteers repair household appliances in the village hall every month.",
            "Voluntarios reparan los electrodomésticos en el salón del pueblo cada mes.",
        ),
        themes=[ECO, GOV],
        countries=["ES", "FR"],
        partners=["p-es"],
        year_started=2019,
        status="ongoing",
    ),
    dict(
        ref="pr-gov",
        **titles("Décider par consentement", "Deciding by consent", "Decidir por consentimiento"),
        **summaries(
            "Une coopérative québécoise adopte la décision par consentement en assemblée.",
            "A Quebec cooperative adopts consent-based decisions in its assemblies.",
            "Una cooperativa de Quebec adopta la decisión por consentimiento en asamblea.",
        ),
        themes=[GOV],
        countries=["CA"],
        partners=["p-ca"],
        projects=["pj-now"],
        year_started=2021,
        status="discontinued",
    ),
    dict(
        ref="pr-bio-title",
        **titles(
            "Biodiversité urbaine sur les toits",
            "Urban biodiversity on rooftops",
            "Biodiversidad urbana en los tejados",
        ),
        **summaries(
            "Des toitures végétalisées accueillent abeilles et oiseaux en centre-ville.",
            "Green roofs host bees and birds in the town centre.",
            "Tejados verdes acogen abejas y pájaros en el centro.",
        ),
        themes=[ECO],
        countries=["BE"],
        year_started=2022,
        status="ongoing",
    ),
    dict(
        ref="pr-bio-body",
        **titles("Potagers scolaires", "School vegetable gardens", "Huertos escolares"),
        **summaries(
            "Les élèves cultivent un potager avec les parents.",
            "Pupils grow a vegetable garden with their parents.",
            "Los alumnos cultivan un huerto con sus padres.",
        ),
        context_fr="<p>Le projet favorise aussi la biodiversité du quartier.</p>",
        context_en="<p>The project also supports the neighbourhood's biodiversity.</p>",
        context_es="<p>El proyecto también favorece la biodiversidad del barrio.</p>",
        themes=[ECO],
        countries=["BE"],
        year_started=2023,
        status="ongoing",
    ),
    dict(ref="pr-draft", **titles("Brouillon caché", "Hidden draft", "Borrador oculto")),
    dict(ref="pr-private", **titles("Fiche réservée", "Restricted sheet", "Ficha restringida")),
]

VISIBLE_PRACTICES = 5  # all but pr-draft (unpublished) and pr-private (restricted)
VISIBLE = {"practice": VISIBLE_PRACTICES, "partner": len(PARTNERS), "project": len(PROJECTS)}


def build_catalogue():
    """The page tree and the catalogue, with one unpublished and one private sheet."""
    build_site()
    themes = {
        slug: ThemeFactory(slug=slug, name_fr=name["fr"], name_en=name["en"], name_es=name["es"])
        for slug, name in THEMES.items()
    }
    partners = {spec["ref"]: PartnerPageFactory(**spec) for spec in PARTNERS}
    projects = {
        spec["ref"]: ProjectPageFactory(
            **{**spec, "partners": [partners[ref] for ref in spec["partners"]]}
        )
        for spec in PROJECTS
    }
    for spec in PRACTICES:
        PracticePageFactory(
            **{
                **spec,
                "themes": [themes[slug] for slug in spec.get("themes", [])],
                "partners": [partners[ref] for ref in spec.get("partners", [])],
                "projects": [projects[ref] for ref in spec.get("projects", [])],
            }
        )
    # Published first, then unpublished: a page that was public once, as in the admin.
    PracticePage.objects.get(ref="pr-draft").unpublish()
    private = PracticePage.objects.get(ref="pr-private")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    # The database backend's index, as `catalogue_db_index rebuild` fills it.
    database_index.rebuild()


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
