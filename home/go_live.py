"""What the public site still lacks before it goes live, for the admin dashboard."""

import re

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail.admin.ui.components import Component
from wagtail.models import Site

from catalogue import registry
from core.i18n import LANGUAGE_CODES
from core.text import paragraphs_html
from core.visibility import public_pages

from .models import ContentPage, SiteSettings
from .site_setup import load_site_pages

# "[À compléter]", "[to be completed when the site goes live]", "[por completar]"...
PLACEHOLDER = re.compile(r"\[[^\]]*(compl[eé]t|TODO|TBD)[^\]]*\]", re.IGNORECASE)


def legal_notice(home):
    slug = next(
        spec["slug"]["fr"] for spec in load_site_pages()["content_pages"] if spec["key"] == "legal"
    )
    return public_pages(ContentPage.objects.child_of(home)).filter(slug_fr=slug).first()


def missing_items():
    """[{label, url}]: each thing still missing, with where to fill it in."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return []
    settings = SiteSettings.for_site(site)
    settings_url = reverse("wagtailsettings:edit", args=["home", "sitesettings", site.pk])
    missing = []
    if not (settings.address or "").strip():
        missing.append({"label": _("Postal address"), "url": settings_url})
    if not settings.publication_director.strip():
        missing.append({"label": _("Publication director"), "url": settings_url})
    if not settings.email:
        missing.append({"label": _("Contact email"), "url": settings_url})
    notice = legal_notice(site.root_page)
    if notice is None:
        missing.append(
            {"label": _("Legal notice (no published page)"), "url": _explore_url(site.root_page)}
        )
    elif PLACEHOLDER.search(_legal_text(notice)):
        missing.append(
            {
                "label": _("Legal notice text (still has parts to complete)"),
                "url": reverse("wagtailadmin_pages:edit", args=[notice.pk]),
            }
        )
    partners = registry.get("partner")
    without_logo = public_pages(partners.model.objects.all()).filter(logo__isnull=True).count()
    if without_logo:
        missing.append(
            {
                "label": ngettext(
                    "Partner logos (%(count)s partner has none)",
                    "Partner logos (%(count)s partners have none)",
                    without_logo,
                )
                % {"count": without_logo},
                "url": _explore_url(partners.parent_model.objects.first()),
            }
        )
    return missing


def _explore_url(page):
    return reverse("wagtailadmin_explore", args=[page.pk]) if page is not None else ""


def _legal_text(page):
    return " ".join(
        paragraphs_html(getattr(page, f"body_{code}")) + (getattr(page, f"intro_{code}") or "")
        for code in LANGUAGE_CODES
    )


def user_can_see_go_live(user):
    return user.is_superuser or user.has_perm("home.change_sitesettings")


class GoLivePanel(Component):
    name = "before_going_live"
    template_name = "home/admin/go_live_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        return {"missing": missing_items()}
