"""Build the site's page tree and settings; used by `setup_site` and by the tests.

Idempotent: what exists is left untouched (no new revision), what is missing is created,
and Wagtail's welcome page is removed.
"""

import json
from pathlib import Path
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.db import transaction

from wagtail.models import Page, Site

from core.i18n import LANGUAGE_CODES

from .models import ContentPage, HomePage, SiteSettings

SITE_PAGES = Path(__file__).resolve().parent / "demo" / "site_pages.json"


def load_site_pages():
    return json.loads(SITE_PAGES.read_text(encoding="utf-8"))


def translated(field, values):
    return {f"{field}_{code}": values.get(code, "") for code in LANGUAGE_CODES}


def stream(paragraphs):
    return [{"type": "paragraph", "value": html} for html in paragraphs]


def page_fields(spec):
    fields = {**translated("title", spec["title"]), **translated("slug", spec["slug"])}
    fields["title"], fields["slug"] = spec["title"]["fr"], spec["slug"]["fr"]
    if "intro" in spec:
        fields.update(translated("intro", spec["intro"]))
    if "body" in spec:
        fields.update(
            {f"body_{code}": stream(spec["body"].get(code, [])) for code in LANGUAGE_CODES}
        )
    return fields


# Where Wagtail's migrations put the default site.
MIGRATIONS_ADDRESS = ("localhost", 80)


def public_address():
    """(hostname, port) of WAGTAILADMIN_BASE_URL, the site's public address."""
    url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return url.hostname, url.port or (443 if url.scheme == "https" else 80)


def create_child(parent, model, fields, show_in_menus=False):
    page = model(**fields, show_in_menus=show_in_menus)
    parent.add_child(instance=page)
    page.save_revision(log_action=True).publish(log_action=True)
    return page


@transaction.atomic
def ensure_site(stdout=None):
    """Return the home page, creating whatever part of the tree is missing."""
    data = load_site_pages()
    created = []
    root = Page.get_first_root_node()
    # Wagtail's migrations create a "Welcome to Wagtail" page; the site never shows it.
    for welcome in Page.objects.filter(
        depth=2, content_type__app_label="wagtailcore", content_type__model="page"
    ):
        Site.objects.filter(root_page=welcome).update(root_page=root)
        welcome.delete()

    home = HomePage.objects.first()
    if home is None:
        home = create_child(root, HomePage, page_fields(data["home"]))
        created.append(home)
    site = Site.objects.filter(is_default_site=True).first()
    hostname, port = public_address()
    if site is None:
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name="Co-actions",
        )
    else:
        wrong_root = site.root_page_id != home.pk
        # Links sent without a request (the "page approved" email's) are built on the
        # site's address: the migrations' localhost:80 would send readers nowhere. An
        # address staff set in Settings → Sites is theirs.
        current = (site.hostname, site.port)
        wrong_address = current == MIGRATIONS_ADDRESS and current != (hostname, port)
        if wrong_root or wrong_address:
            site.root_page = home
            site.site_name = site.site_name or "Co-actions"
            if wrong_address:
                site.hostname, site.port = hostname, port
            site.save()

    for spec in data["indexes"]:
        model = apps.get_model(spec["type"])
        if not model.objects.child_of(home).exists():
            created.append(create_child(home, model, page_fields(spec), show_in_menus=True))
    for spec in data["content_pages"]:
        if not ContentPage.objects.child_of(home).filter(slug_fr=spec["slug"]["fr"]).exists():
            created.append(
                create_child(home, ContentPage, page_fields(spec), show_in_menus=spec["in_menu"])
            )

    default_site = Site.objects.get(is_default_site=True)
    # Only settings that have never been saved get the starting values: what staff
    # changed (or emptied) since stays as they left it.
    first_time = not SiteSettings.objects.filter(site=default_site).exists()
    settings = SiteSettings.for_site(default_site)
    if first_time:
        values = data["settings"]
        for key, value in values.items():
            if isinstance(value, dict):
                for code, text in value.items():
                    setattr(settings, f"{key}_{code}", text)
                setattr(settings, key, value["fr"])
            else:
                setattr(settings, key, value)
        settings.save()
    if stdout is not None:
        for page in created:
            stdout.write(f"Created {page.specific_class._meta.verbose_name}: {page.title}")
    return home
