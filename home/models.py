from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from core import structured_data as sd
from core.blocks import BodyBlock
from core.models import BasePage
from core.visibility import public_pages

from .highlights import home_highlights


class HomePage(BasePage):
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.ContentPage",
        "practices.PracticeIndexPage",
        "partners.PartnerIndexPage",
        "projects.ProjectIndexPage",
    ]
    max_count = 1
    template = "pages/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def get_meta_description(self):
        return self.search_description or self.intro

    def structured_data(self, request):
        search = request.build_absolute_uri(reverse("search"))
        return {
            "@context": sd.CONTEXT,
            "@type": "WebSite",
            "name": "Co-actions",
            "url": sd.absolute_url(request, self),
            "inLanguage": translation.get_language(),
            "potentialAction": {
                "@type": "SearchAction",
                "target": f"{search}?q={{search_term_string}}",
                "query-input": "required name=search_term_string",
            },
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(home_highlights())
        # The short "About Co-actions" paragraph links to the first editorial page of the
        # menu (About in the demo), where the long text lives.
        context["about_page"] = public_pages(
            ContentPage.objects.child_of(self).filter(show_in_menus=True)
        ).first()
        return context


class ContentPage(BasePage):
    """About, legal notice, privacy and other editorial pages."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["home.ContentPage"]
    template = "pages/content_page.html"

    class Meta:
        verbose_name = _("content page")

    def get_meta_description(self):
        return self.search_description or self.intro


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Contact details, publisher and funders shown in the footer and legal pages."""

    organisation_name = models.CharField(
        _("organisation name"), max_length=200, default="Co-actions"
    )
    address = models.TextField(_("postal address"), blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    publication_director = models.CharField(_("publication director"), max_length=200, blank=True)
    funders = models.TextField(
        _("funders"), blank=True, help_text=_("One funder per line, shown in the footer.")
    )
    demo_notice = models.BooleanField(
        _("announce demonstration content"),
        default=False,
        help_text=_(
            "Show every visitor, until they close it, a banner saying that the organisations, "
            "projects and sheets other than Co-actions are fictional. Turn off before going live."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("address"),
                FieldPanel("email"),
                FieldPanel("phone"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("publication_director"),
        FieldPanel("funders"),
        FieldPanel("demo_notice"),
    ]

    class Meta:
        verbose_name = _("site settings")

    @property
    def funder_list(self):
        return [line.strip() for line in (self.funders or "").splitlines() if line.strip()]
