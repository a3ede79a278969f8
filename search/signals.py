"""Every change that alters what the catalogue search should show schedules an update."""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.redirects import page_urls_changed
from partners.models import PartnerPage, ProjectPage
from practices.models import PracticePage, Theme

from .indexing import schedule


def with_descendants(page):
    return [page.pk, *Page.objects.descendant_of(page).values_list("pk", flat=True)]


def dependants(page):
    """Pages whose documents carry this page's name."""
    specific = page.specific_class
    if specific is PartnerPage:
        return [
            *PracticePage.objects.filter(partners=page).values_list("pk", flat=True),
            *ProjectPage.objects.filter(partner_links__partner=page).values_list("pk", flat=True),
            *ProjectPage.objects.filter(coordinator=page).values_list("pk", flat=True),
        ]
    if specific is ProjectPage:
        return list(PracticePage.objects.filter(projects=page).values_list("pk", flat=True))
    return []


@receiver(page_published)
def on_publish(sender, instance, **kwargs):
    schedule([instance.pk, *dependants(instance)])


@receiver(page_unpublished)
def on_unpublish(sender, instance, **kwargs):
    schedule([instance.pk, *dependants(instance)])


@receiver(page_urls_changed)
def on_url_change(sender, page, **kwargs):
    # A new slug moves every descendant's URL too.
    schedule(with_descendants(page))


@receiver(post_page_move)
def on_move(sender, instance, **kwargs):
    schedule(with_descendants(instance))


@receiver(pre_delete)
def before_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        instance._search_dependants = dependants(instance)
    elif isinstance(instance, Theme):
        instance._search_dependants = list(instance.practices.values_list("pk", flat=True))


@receiver(post_delete)
def on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        schedule([instance.pk, *getattr(instance, "_search_dependants", [])])
    elif isinstance(instance, Theme):
        schedule(getattr(instance, "_search_dependants", []))


@receiver([post_save, post_delete], sender=PageViewRestriction)
def on_restriction(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        schedule(with_descendants(page))


@receiver(post_save, sender=Theme)
def on_theme_change(sender, instance, **kwargs):
    schedule(instance.practices.values_list("pk", flat=True))
