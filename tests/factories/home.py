"""The site: home page, the three catalogue indexes, content pages, settings."""

from django.apps import apps

import factory

from home.models import ContentPage
from home.site_setup import ensure_site

from .base import TranslatedPageFactory


def build_site():
    """The page tree `setup_site` builds (home, indexes, content pages); the home page."""
    return ensure_site()


def index_page(model_path):
    """The index page of `model_path` ("practices.PracticeIndexPage"), building the site
    first when it is missing."""
    model = apps.get_model(model_path)
    page = model.objects.first()
    if page is None:
        build_site()
        page = model.objects.get()
    return page


class ContentPageFactory(TranslatedPageFactory):
    """An editorial page, under the home page unless `parent` says otherwise."""

    class Meta:
        model = ContentPage

    parent = factory.LazyFunction(build_site)
    title_fr = factory.Sequence(lambda n: f"Page de contenu {n}")
    title_en = factory.Sequence(lambda n: f"Content page {n}")
    title_es = factory.Sequence(lambda n: f"Página de contenido {n}")
    intro_fr = ""
