from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import translation

from catalogue import registry
from core.i18n import LANGUAGE_CODES, value_language
from core.visibility import public_pages

from ...models import ContentPage, HomePage


def first(queryset):
    return public_pages(queryset).order_by("pk").first()


def named_urls(code):
    """[(name, path)] of the pages a visitor of language `code` sees first, one per kind.

    The accessibility audit and `make screenshots` both walk these.
    """
    practices = registry.get("practice")
    practice = first(practices.model.objects.all())
    practice_index = first(practices.parent_model.objects.all())
    theme = registry.get("theme").model.objects.first()
    partners, projects = registry.get("partner"), registry.get("project")
    urls = []
    with translation.override(code):
        home = first(HomePage.objects.all())
        if home is not None:
            urls.append(("home", home.get_url()))
        if practice_index is not None:
            query = f"?theme={theme.slug}&status=ongoing" if theme is not None else ""
            urls.append(("listing-filtered", practice_index.get_url() + query))
        if practice is not None:
            urls.append(("sheet", practice.get_url()))
        # A sheet not written in this language, shown in the fallback one.
        for candidate in public_pages(practices.model.objects.all()).order_by("pk"):
            if value_language(candidate, "title") not in (None, code):
                urls.append(("sheet-fallback", candidate.get_url()))
                break
        partner_index = first(partners.parent_model.objects.all())
        if partner_index is not None:
            urls.append(("partners", partner_index.get_url()))
        partner = first(partners.model.objects.all())
        if partner is not None:
            urls.append(("partner", partner.get_url()))
        project = first(projects.model.objects.all())
        if project is not None:
            urls.append(("project", project.get_url()))
        content = first(ContentPage.objects.all())
        if content is not None:
            urls.append(("about", content.get_url()))
        search = reverse("search")
        urls.append(("search", f"{search}?q=cooperative&type=practice"))
        urls.append(("search-nothing", f"{search}?q=zzyzxquux"))
        urls.append(("open-data", reverse("api_docs")))
        urls.append(("glossary", reverse("glossary")))
        # Complete and partial matches, each in its own list.
        urls.append(("search-partial", f"{search}?q=climate+assembly+of+residents"))
        urls.append(("not-found", f"/{code}/no-such-page/"))
    return urls


class Command(BaseCommand):
    help = "Print one URL per line: the pages the accessibility audit covers, in every language."

    def add_arguments(self, parser):
        parser.add_argument("--base", default="http://127.0.0.1:8000")
        parser.add_argument(
            "--named",
            action="store_true",
            help="Print 'language name URL' lines (for make screenshots).",
        )

    def handle(self, *args, base, named, **options):
        for code in LANGUAGE_CODES:
            for name, path in named_urls(code):
                if named:
                    self.stdout.write(f"{code} {name} {base}{path}")
                elif name != "not-found":
                    # The audit's server runs with DEBUG on, where a 404 is Django's page.
                    self.stdout.write(base + path)
