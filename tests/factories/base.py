"""What every page factory shares: translated titles and slugs, a published revision."""

from django.utils import translation
from django.utils.text import slugify

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
    language modeltranslation writes to the untranslated columns. `live=False` leaves a
    draft (a revision, never published).
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
        # With French active, `title`/`slug` and the *_fr columns agree, and the
        # url_path_* columns wagtail_modeltranslation fills on save use each slug.
        with translation.override(DEFAULT_LANGUAGE):
            instance = model_class(live=live, **kwargs)
            parent.add_child(instance=instance)
            # The site reads published revisions (history, "last published", search
            # signals); a draft gets a revision too, as an editor's draft would.
            revision = instance.save_revision()
            if live:
                revision.publish()
                # publish() saves the revision's copy of the page: read back what it set
                # (live_revision, first/last_published_at).
                instance.refresh_from_db()
        return instance
