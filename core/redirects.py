"""Keep old URLs working in every language when a page's slug changes or it moves.

Wagtail's own auto-redirects only know the default-language url_path and no language
prefix, so they are turned off (WAGTAILREDIRECTS_AUTO_CREATE) in favour of this. Other
apps hear of the change through `page_urls_changed` (the search index does).
"""

from django.db.models.signals import post_save, pre_save
from django.dispatch import Signal, receiver

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from .i18n import LANGUAGE_CODES

URL_PATH_FIELDS = [f"url_path_{code}" for code in LANGUAGE_CODES]

# Sent with `page` when a saved page's URL changed in some language (its descendants'
# URLs with it).
page_urls_changed = Signal()


def _public_path(site, code, url_path):
    root = getattr(site.root_page, f"url_path_{code}") or site.root_page.url_path
    if not url_path or not url_path.startswith(root):
        return None
    return f"/{code}/{url_path[len(root) :]}"


@receiver(pre_save)
def remember_url_paths(sender, instance, **kwargs):
    if not isinstance(instance, Page) or not instance.pk:
        return
    instance._old_url_paths = (
        Page.objects.filter(pk=instance.pk).values(*URL_PATH_FIELDS, "live").first()
    )


@receiver(post_save)
def redirect_old_urls(sender, instance, created, **kwargs):
    old = getattr(instance, "_old_url_paths", None)
    if created or not old:
        return
    instance._old_url_paths = None
    changed = {
        code: (old[f"url_path_{code}"], getattr(instance, f"url_path_{code}"))
        for code in LANGUAGE_CODES
        if old[f"url_path_{code}"]
        and old[f"url_path_{code}"] != getattr(instance, f"url_path_{code}")
    }
    if not changed:
        return
    page_urls_changed.send(sender=type(instance), page=instance)
    if old["live"]:
        create_redirects(instance, changed)


def create_redirects(instance, changed):
    pages = [instance, *Page.objects.descendant_of(instance)]
    for site in Site.objects.select_related("root_page"):
        for code, (old_prefix, new_prefix) in changed.items():
            for page in pages:
                path = getattr(page, f"url_path_{code}") or ""
                # Descendants get their new url_path only after this signal (Wagtail's
                # move and wagtail_modeltranslation's save update them afterwards), so
                # theirs may still start with the old prefix.
                if path.startswith(new_prefix):
                    rest = path[len(new_prefix) :]
                elif path.startswith(old_prefix):
                    rest = path[len(old_prefix) :]
                else:
                    continue
                new_path = new_prefix + rest
                old_url = _public_path(site, code, old_prefix + rest)
                if old_url is None:
                    continue
                old_url = Redirect.normalise_path(old_url)
                # A page that later takes this URL back must win over the redirect.
                Redirect.objects.filter(
                    redirect_page=page,
                    old_path=Redirect.normalise_path(_public_path(site, code, new_path) or ""),
                ).delete()
                Redirect.objects.update_or_create(
                    old_path=old_url,
                    site=site,
                    defaults={"redirect_page": page, "is_permanent": True},
                )
