"""Every change that alters what the catalogue search should show schedules an update.

Which pages carry another page's or a snippet's name is each type's declaration
(`dependents` in the catalogue registry); this module only listens.
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from catalogue import registry
from core.redirects import page_urls_changed
from glossary.models import GlossaryTerm

from . import database_index
from .indexing import schedule, schedule_reconcile


def with_descendants(page):
    return [page.pk, *Page.objects.descendant_of(page).values_list("pk", flat=True)]


def with_dependents(pages):
    ids = []
    for page in pages:
        ids += [page.pk, *registry.dependents_of(page)]
    return ids


def snippet_models():
    return tuple(t.model for t in registry.types() if not t.is_page)


@receiver(page_published)
def on_publish(sender, instance, **kwargs):
    schedule(with_dependents([instance]))


@receiver(page_unpublished)
def on_unpublish(sender, instance, **kwargs):
    schedule(with_dependents([instance]))


@receiver(page_urls_changed)
def on_url_change(sender, page, **kwargs):
    # A new slug moves every descendant's URL too.
    schedule(with_descendants(page))


@receiver(post_page_move)
def on_move(sender, instance, **kwargs):
    schedule(with_dependents(Page.objects.descendant_of(instance, inclusive=True).specific()))


@receiver(pre_delete)
def before_delete(sender, instance, **kwargs):
    if isinstance(instance, (Page, *snippet_models())):
        instance._search_dependants = registry.dependents_of(instance)


@receiver(post_delete)
def on_delete(sender, instance, **kwargs):
    if sender is Page:
        # Sent once for every deleted page, whatever its type (its base row).
        database_index.remove([instance.pk])
    if isinstance(instance, Page):
        schedule([instance.pk, *getattr(instance, "_search_dependants", [])])
    elif isinstance(instance, snippet_models()):
        schedule(getattr(instance, "_search_dependants", []))


@receiver([post_save, post_delete], sender=PageViewRestriction)
def on_restriction(sender, instance, **kwargs):
    # A restricted page leaves the search, and so do the names public pages carry of it.
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        schedule(with_dependents(Page.objects.descendant_of(page, inclusive=True).specific()))


@receiver(post_save)
def on_snippet_change(sender, instance, **kwargs):
    if isinstance(instance, snippet_models()):
        schedule(registry.dependents_of(instance))


@receiver([post_save, post_delete], sender=GlossaryTerm)
def on_glossary_change(sender, **kwargs):
    # The concepts each page is tagged with in OpenSearch may change (glossary.tagging).
    schedule_reconcile()
