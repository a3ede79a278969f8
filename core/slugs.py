"""A slug in every language a page has a title in, ASCII and unique among its siblings.

One rule for pages made in the admin (BasePage.full_clean) and pages written by the
catalogue import (catalogue.io.write): each language with a title and no slug gets one
from its own title, accents folded ("Cantine coopérative" -> "cantine-cooperative"),
numbered when a sibling already answers to it in that language, its own slug or by
fallback. French, the languages' fallback, always gets one: from the first title the
page has when it has none in French. A slug someone wrote is never replaced.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Q
from django.utils.text import slugify

from anyascii import anyascii

from .i18n import LANGUAGE_CODES

SLUG_MAX_LENGTH = 80

_only_clashing_siblings = ContextVar("only_clashing_siblings", default=False)


@contextmanager
def slug_checks_on_clashing_siblings():
    """Inside, a page's slug check reads only the siblings that share one of its slugs.

    wagtail-modeltranslation's clean() reads every sibling of the page to compare slugs
    in each language: each save of a page among N siblings loads N pages. A sibling
    that shares none of the page's slugs cannot clash, so a bulk writer (the catalogue
    import) leaves them out and the same check costs one small query.
    """
    token = _only_clashing_siblings.set(True)
    try:
        yield
    finally:
        _only_clashing_siblings.reset(token)


def clashing_siblings(page, siblings):
    """`siblings` narrowed to those sharing a slug with `page`, inside the context above."""
    if not _only_clashing_siblings.get():
        return siblings
    slugs = {getattr(page, f"slug_{code}", None) for code in LANGUAGE_CODES} - {"", None}
    shares = Q(pk__in=[])
    for code in LANGUAGE_CODES:
        shares |= Q(**{f"slug_{code}__in": slugs})
    return siblings.filter(shares)


def ascii_slug(text, max_length=SLUG_MAX_LENGTH):
    """ "Cantine coopérative" -> "cantine-cooperative"; "" when nothing is left."""
    return slugify(anyascii(text or ""), allow_unicode=False)[:max_length].strip("-")


def fill_slugs(page, parent, fallback=None, taken=None):
    """Give each language with a title a slug, unique among its siblings, once.

    `parent` is the page's parent (None: uniqueness is not checked); `fallback` is the
    base used when a title gives no slug (the page's ref, say). `taken(code, slug)`, when
    given, answers whether a sibling answers to `slug` in language `code` instead of the
    database (a bulk writer that knows the siblings, see `SiblingSlugs`).
    """
    if taken is None and parent is not None:

        def taken(code, slug):
            return slug_taken(parent.get_children().exclude(pk=page.pk), code, slug)

    default = LANGUAGE_CODES[0]
    titled = [code for code in LANGUAGE_CODES if getattr(page, f"title_{code}", "")]
    for code in LANGUAGE_CODES:
        if getattr(page, f"slug_{code}") or not titled:
            continue
        if code == default:
            # The default slug also serves the languages the page has no title (no slug)
            # in; a page with no French title takes it from its first language's.
            title = getattr(page, f"title_{titled[0]}")
            used_in = [code, *(c for c in LANGUAGE_CODES[1:] if c not in titled)]
        elif code in titled:
            title, used_in = getattr(page, f"title_{code}"), [code]
        else:
            continue
        base = ascii_slug(title) or fallback or "page"
        slug, n = base, 1
        while taken is not None and any(taken(c, slug) for c in used_in):
            n += 1
            slug = f"{base}-{n}"
        setattr(page, f"slug_{code}", slug)


def answering(siblings, code, slug):
    """The siblings that answer to `slug` in language `code`, their own or by fallback."""
    default = LANGUAGE_CODES[0]
    taken = Q(**{f"slug_{code}": slug})
    if code != default:
        no_own_slug = Q(**{f"slug_{code}": ""}) | Q(**{f"slug_{code}__isnull": True})
        taken |= no_own_slug & Q(**{f"slug_{default}": slug})
    return siblings.filter(taken)


def slug_taken(siblings, code, slug):
    """Whether a sibling answers to `slug` in language `code`, its own or by fallback."""
    return answering(siblings, code, slug).exists()


class SiblingSlugs:
    """The slugs the children of one parent answer to, per language, read once: what
    `slug_taken` asks the database, for a writer adding many pages under one parent."""

    def __init__(self, parent):
        self.answered = {code: set() for code in LANGUAGE_CODES}
        fields = [f"slug_{code}" for code in LANGUAGE_CODES]
        for slugs in parent.get_children().values_list(*fields):
            self.add(dict(zip(LANGUAGE_CODES, slugs, strict=True)))

    def add(self, slugs):
        """Count a child with these slugs ({code: slug}, empty when it has none)."""
        default = slugs[LANGUAGE_CODES[0]]
        for code in LANGUAGE_CODES:
            # Without its own slug, a page answers to the default one (slug_taken).
            slug = slugs[code] or (default if code != LANGUAGE_CODES[0] else "")
            if slug:
                self.answered[code].add(slug)

    def add_page(self, page):
        self.add({code: getattr(page, f"slug_{code}") or "" for code in LANGUAGE_CODES})

    def taken(self, code, slug):
        return slug in self.answered[code]


def fill_missing_slugs(stdout=None):
    """Give every existing page the slugs its titles call for (the data migration).

    Pages are saved one by one, parents first, so their URL paths follow and the old
    URLs redirect (core.redirects). Returns the number of pages changed.
    """
    from django.utils import translation

    from wagtail.models import Page

    changed = 0
    with translation.override(LANGUAGE_CODES[0]):
        for page in Page.objects.filter(depth__gt=1).order_by("path"):
            before = [getattr(page, f"slug_{code}") for code in LANGUAGE_CODES]
            fill_slugs(page, page.get_parent(), fallback=f"page-{page.pk}")
            if [getattr(page, f"slug_{code}") for code in LANGUAGE_CODES] != before:
                page.save(clean=False)
                changed += 1
    return changed
