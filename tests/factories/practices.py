"""Themes and practice sheets."""

import factory
from factory.django import DjangoModelFactory

from practices.models import PracticePage, Theme

from .base import TranslatedPageFactory
from .home import index_page


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme
        # Every site has the seed themes (a data migration): asking for one of their
        # slugs gives that theme.
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"theme-{n}")
    name_fr = factory.LazyAttribute(lambda o: f"Thème {o.slug}")
    name_en = factory.LazyAttribute(lambda o: f"Theme {o.slug}")
    name_es = factory.LazyAttribute(lambda o: f"Tema {o.slug}")
    name = factory.SelfAttribute("name_fr")


class PracticePageFactory(TranslatedPageFactory):
    """A published practice sheet under the practice index.

    Rich-text sections (`context_fr`, ...) take HTML, as the admin stores them; themes,
    partners and projects take lists of objects.
    """

    class Meta:
        model = PracticePage

    parent = factory.LazyFunction(lambda: index_page("practices.PracticeIndexPage"))
    ref = factory.Sequence(lambda n: f"practice-{n}")
    title_fr = factory.LazyAttribute(lambda o: f"Pratique {o.ref}")
    title_en = factory.LazyAttribute(lambda o: f"Practice {o.ref}")
    title_es = factory.LazyAttribute(lambda o: f"Práctica {o.ref}")
    summary_fr = factory.LazyAttribute(lambda o: f"Résumé de la pratique {o.ref}.")
    summary_en = factory.LazyAttribute(lambda o: f"Summary of practice {o.ref}.")
    summary_es = factory.LazyAttribute(lambda o: f"Resumen de la práctica {o.ref}.")
    summary = factory.SelfAttribute("summary_fr")
    status = "ongoing"
