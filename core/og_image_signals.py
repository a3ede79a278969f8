"""A page's sharing cards are dropped when it is published, unpublished or deleted.

Publishing changes what the card shows (a new digest, a new URL); the next request
for the page's og:image draws the new card.
"""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from .og_image import forget_cards


@receiver(page_published)
@receiver(page_unpublished)
def forget_page_cards(sender, instance, **kwargs):
    forget_cards(instance.pk)


@receiver(post_delete)
def forget_deleted_page_cards(sender, instance, **kwargs):
    if isinstance(instance, Page) and sender is instance.specific_class:
        forget_cards(instance.pk)
