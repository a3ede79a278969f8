"""What every page factory shares: translated titles and slugs, a published revision."""

from django.utils import timezone, translation
from django.utils.text import slugify

from wagtail.models import Page, Revision

import factory
import wagtail_factories

from core.i18n import LANGUAGE_CODES

DEFAULT_LANGUAGE = LANGUAGE_CODES[0]


def translated_slug(code):
    """The importer's rule: a language has its own slug only when it has a title."""

    def slug(page):
        title = getattr(page, f"title_{code}") or ""
        return slugify(title)[:80].strip("-")

    return factory.LazyAttribute(slug)


class TranslatedPageFactory(wagtail_factories.PageFactory):
    """A page published like the importer and the admin publish it.

    Set `title_fr/en/es` (an empty title means "not written in that language"); the
    slugs follow the titles unless given. `title` and `slug` mirror French, the default
    language modeltranslation writes to the untranslated columns. The page is live with
    a published revision (live_revision, first/last_published_at), as after
    save_revision().publish(); `live=False` leaves a draft (a revision, never published).
    """

    class Meta:
        abstract = True

    title_fr = factory.Sequence(lambda n: f"Page {n}")
    title_en = ""
    title_es = ""
    title = factory.SelfAttribute("title_fr")
    slug_fr = translated_slug("fr")
    slug_en = translated_slug("en")
    slug_es = translated_slug("es")
    slug = factory.SelfAttribute("slug_fr")
    live = True

    @classmethod
    def _create_instance(cls, model_class, parent, kwargs):
        live = kwargs.pop("live", True)
        now = timezone.now()
        if live:
            # What publishing leaves on a page, set up front.
            kwargs.setdefault("first_published_at", now)
            kwargs.setdefault("last_published_at", now)
        # With French active, `title`/`slug` and the *_fr columns agree, and the
        # url_path_* columns wagtail_modeltranslation fills on save use each slug.
        with translation.override(DEFAULT_LANGUAGE):
            instance = model_class(live=live, has_unpublished_changes=not live, **kwargs)
            parent.add_child(instance=instance)
            # The revision Wagtail's save_revision() would write, published (or, for a
            # draft, only saved). save_revision().publish() would save the page twice
            # more, each save re-indexing it: it tripled the cost of building a page.
            # Tests that exercise publishing itself call save_revision().publish().
            revision = Revision.objects.create(
                content_object=instance,
                base_content_type=instance.get_base_content_type(),
                content=instance.serializable_data(),
                object_str=str(instance),
            )
            Page.objects.filter(pk=instance.pk).update(
                latest_revision=revision,
                latest_revision_created_at=revision.created_at,
                live_revision=revision if live else None,
            )
            instance.latest_revision = revision
            instance.latest_revision_created_at = revision.created_at
            instance.live_revision = revision if live else None
        return instance
