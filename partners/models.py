from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from django_countries.fields import CountryField

from catalogue import columns as c
from catalogue.models import CatalogueIndexPage, PageRefMixin
from core import structured_data as sd
from core.blocks import RICH_TEXT_FEATURES
from core.models import BasePage
from core.visibility import public_pages
from core.widgets import SearchableSelect

from .choices import ORGANISATION_TYPE_ALIASES, OrganisationType
from .filters import PartnerFilter


class PartnerIndexPage(CatalogueIndexPage):
    template = CatalogueIndexPage.listing_template
    subpage_types = ["partners.PartnerPage"]
    catalogue_type = "partner"
    empty_message = _("No partner organisation matches these filters.")

    class Meta:
        verbose_name = _("partner index page")

    filterset_class = PartnerFilter

    def order_results(self, queryset):
        return queryset.order_by("title_fr").select_related("logo")

    def results_heading(self, count):
        return ngettext(
            "%(counter)s partner organisation", "%(counter)s partner organisations", count
        ) % {"counter": count}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The map shows the partners the filters keep, every page of them.
        context["map_partners"] = context["filters"].qs
        return context


class PartnerPage(PageRefMixin, BasePage):
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    organisation_type = models.CharField(
        _("organisation type"), max_length=30, choices=OrganisationType.choices
    )
    country = CountryField(_("country"))
    city = models.CharField(_("city or region"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = RichTextField(_("description"), features=RICH_TEXT_FEATURES, blank=True)
    email = models.EmailField(
        _("contact email"), blank=True, help_text=_("Never printed as plain text on the site.")
    )
    member_since = models.PositiveSmallIntegerField(
        _("member since"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    # Where the organisation is, for the map of the network (decimal degrees, WGS 84).
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Decimal degrees, north positive (Bordeaux: 44.84)."),
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Decimal degrees, east positive (Bordeaux: -0.58)."),
    )

    translation_field = "description"
    shared_fields = {"title"}
    ref_prefix = "partner"

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("acronym"),
                FieldRowPanel([FieldPanel("organisation_type"), FieldPanel("member_since")]),
                FieldRowPanel([FieldPanel("country", widget=SearchableSelect), FieldPanel("city")]),
                FieldPanel("website"),
                FieldPanel("email"),
                FieldPanel("logo"),
            ],
            heading=_("Organisation"),
        ),
        FieldRowPanel(
            [FieldPanel("latitude"), FieldPanel("longitude")],
            heading=_("Location on the map"),
        ),
        FieldPanel("description"),
    ]
    promote_panels = BasePage.promote_panels + [FieldPanel("ref")]
    search_fields = BasePage.search_fields + [
        index.SearchField("acronym"),
        index.SearchField("city"),
        index.FilterField("country"),
        index.FilterField("organisation_type"),
    ]

    parent_page_types = ["partners.PartnerIndexPage"]
    subpage_types = []
    template = "pages/partner_page.html"

    class Meta(PageRefMixin.Meta):
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def get_meta_description(self):
        return self.search_description or Truncator(strip_tags(self.description)).words(30)

    @classmethod
    def catalogue_columns(cls):
        return [
            c.RefKeyColumn("ref", required=True),
            # An organisation's name is not translated.
            c.TextColumn("name", attr="title_fr", required=True, max_length=255),
            c.TextColumn("acronym", max_length=30),
            c.ChoiceColumn(
                "organisation_type", OrganisationType, other_names=ORGANISATION_TYPE_ALIASES
            ),
            c.CountryColumn("country", required=True),
            c.TextColumn("city", max_length=120),
            c.URLColumn("website"),
            c.EmailColumn("email"),
            c.IntColumn("member_since", minimum=1900, maximum=2100),
            c.CoordinateColumn("latitude", minimum=-90, maximum=90),
            c.CoordinateColumn("longitude", minimum=-180, maximum=180),
            c.TranslatedColumn(c.MarkdownColumn("description")),
        ]

    @classmethod
    def catalogue_row_errors(cls, values):
        if "latitude" not in values or "longitude" not in values:
            return []  # the other stays as it is; clean() checks the pair
        if (values["latitude"] is None) != (values["longitude"] is None):
            missing = "longitude" if values["longitude"] is None else "latitude"
            return [(missing, gettext("give both the latitude and the longitude, or neither"))]
        return []

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            missing = "longitude" if self.longitude is None else "latitude"
            raise ValidationError(
                {missing: _("Give both the latitude and the longitude, or neither.")}
            )

    def og_kind(self):
        return self._meta.verbose_name

    def og_labels(self):
        return [self.get_organisation_type_display(), str(self.country.name)]

    def structured_data(self, request):
        data = {
            "@context": sd.CONTEXT,
            "@type": "Organization",
            "name": self.title,
            "url": sd.absolute_url(request, self),
            "description": sd.plain_summary(self.description),
            "address": {"@type": "PostalAddress", "addressCountry": self.country.code},
        }
        if self.acronym:
            data["alternateName"] = self.acronym
        if self.city:
            data["address"]["addressLocality"] = self.city
        if self.website:
            data["sameAs"] = [self.website]
        if self.has_location:
            data["location"] = {
                "@type": "Place",
                "geo": {
                    "@type": "GeoCoordinates",
                    "latitude": self.latitude,
                    "longitude": self.longitude,
                },
            }
        return data

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None

    def public_projects(self):
        # Projects live in their own app; the reverse relation names their model.
        project_model = self._meta.get_field("coordinated_projects").related_model
        projects = project_model.objects.filter(
            Q(partner_links__partner=self) | Q(coordinator=self)
        )
        return public_pages(projects).distinct().order_by("-start_date")

    def public_practices(self):
        return public_pages(self.practices.all()).order_by("-first_published_at")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["projects"] = self.public_projects()
        # Each card lists its themes.
        context["practices"] = self.public_practices().prefetch_related("themes")
        context["index_page"] = self.get_parent()
        return context
