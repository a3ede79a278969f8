from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from django_countries import countries
from django_countries.fields import CountryField

from core import columns as c
from core.blocks import RICH_TEXT_FEATURES, BodyBlock, LinkBlock
from core.listing import ListingFilterForm
from core.models import BasePage, CatalogueIndexPage, PageRefMixin

from .choices import OrganisationType, Programme, ProjectStatus, project_status


def country_choices(codes):
    return sorted(((code, countries.name(code)) for code in set(codes) if code), key=lambda c: c[1])


# ---------------------------------------------------------------------------
# Partner organisations


class PartnerFilterForm(ListingFilterForm):
    country = forms.MultipleChoiceField(
        label=_("Country"), required=False, widget=forms.CheckboxSelectMultiple
    )
    organisation_type = forms.MultipleChoiceField(
        label=_("Organisation type"),
        required=False,
        choices=OrganisationType.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices(items.values_list("country", flat=True))

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("country"):
            queryset = queryset.filter(country__in=data["country"])
        if data.get("organisation_type"):
            queryset = queryset.filter(organisation_type__in=data["organisation_type"])
        return queryset


class PartnerIndexPage(CatalogueIndexPage):
    template = CatalogueIndexPage.listing_template
    subpage_types = ["partners.PartnerPage"]
    filter_form_class = PartnerFilterForm
    card_template = "components/partner_card.html"
    empty_message = _("No partner organisation matches these filters.")

    class Meta:
        verbose_name = _("partner index page")

    @property
    def listing_model(self):
        return PartnerPage

    def order_results(self, queryset):
        return queryset.order_by("title_fr").select_related("logo")

    def results_heading(self, count):
        return ngettext(
            "%(counter)s partner organisation", "%(counter)s partner organisations", count
        ) % {"counter": count}


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

    translation_field = "description"
    shared_fields = {"title"}
    ref_prefix = "partner"

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("acronym"),
                FieldRowPanel([FieldPanel("organisation_type"), FieldPanel("member_since")]),
                FieldRowPanel([FieldPanel("country"), FieldPanel("city")]),
                FieldPanel("website"),
                FieldPanel("email"),
                FieldPanel("logo"),
            ],
            heading=_("Organisation"),
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

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def get_meta_description(self):
        from django.utils.html import strip_tags
        from django.utils.text import Truncator

        return self.search_description or Truncator(strip_tags(self.description)).words(30)

    @classmethod
    def catalogue_columns(cls):
        return [
            c.SlugColumn("ref", required=True),
            # An organisation's name is not translated.
            c.TextColumn("name", attr="title_fr", required=True, max_length=255),
            c.TextColumn("acronym", max_length=30),
            c.ChoiceColumn("organisation_type", OrganisationType),
            c.CountryColumn("country", required=True),
            c.TextColumn("city", max_length=120),
            c.URLColumn("website"),
            c.EmailColumn("email"),
            c.IntColumn("member_since", minimum=1900, maximum=2100),
            c.TranslatedColumn(c.MarkdownColumn("description")),
        ]

    def get_context(self, request, *args, **kwargs):
        from practices.models import PracticePage

        context = super().get_context(request, *args, **kwargs)
        context["projects"] = (
            ProjectPage.objects.live()
            .public()
            .filter(Q(partner_links__partner=self) | Q(coordinator=self))
            .distinct()
            .order_by("-start_date")
        )
        context["practices"] = (
            PracticePage.objects.live()
            .public()
            .filter(partners=self)
            .order_by("-first_published_at")
            .prefetch_related("themes")  # each card lists its themes
        )
        return context


# ---------------------------------------------------------------------------
# Cooperation projects


class OutputBlock(blocks.StreamBlock):
    document = blocks.StructBlock(
        [
            ("document", DocumentChooserBlock(label=_("Document"))),
            ("title", blocks.CharBlock(label=_("Title"), required=False)),
        ],
        icon="doc-full",
        label=_("Document"),
        template="components/blocks/document.html",
    )
    link = LinkBlock()


class ProjectQuerySet(PageQuerySet):
    def with_status(self, statuses, today=None):
        today = today or timezone.localdate()
        condition = Q()
        if ProjectStatus.PLANNED in statuses:
            condition |= Q(start_date__gt=today)
        if ProjectStatus.COMPLETED in statuses:
            condition |= Q(end_date__lt=today)
        if ProjectStatus.ONGOING in statuses:
            condition |= Q(start_date__lte=today) & (
                Q(end_date__gte=today) | Q(end_date__isnull=True)
            )
        return self.filter(condition)


class ProjectFilterForm(ListingFilterForm):
    programme = forms.MultipleChoiceField(
        label=_("Funding programme"),
        required=False,
        choices=Programme.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    status = forms.MultipleChoiceField(
        label=_("Status"),
        required=False,
        choices=ProjectStatus.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("programme"):
            queryset = queryset.filter(programme__in=data["programme"])
        if data.get("status"):
            queryset = queryset.with_status(data["status"])
        return queryset


class ProjectIndexPage(CatalogueIndexPage):
    template = CatalogueIndexPage.listing_template
    subpage_types = ["partners.ProjectPage"]
    filter_form_class = ProjectFilterForm
    card_template = "components/project_card.html"
    empty_message = _("No cooperation project matches these filters.")

    class Meta:
        verbose_name = _("project index page")

    @property
    def listing_model(self):
        return ProjectPage

    def order_results(self, queryset):
        return queryset.order_by("-start_date", "pk").select_related("coordinator")

    def results_heading(self, count):
        return ngettext(
            "%(counter)s cooperation project", "%(counter)s cooperation projects", count
        ) % {"counter": count}


class ProjectPage(PageRefMixin, BasePage):
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    summary = models.TextField(_("summary"), max_length=600)
    description = StreamField(BodyBlock(), verbose_name=_("description"), blank=True)
    programme = models.CharField(_("funding programme"), max_length=30, choices=Programme.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    coordinator = models.ForeignKey(
        PartnerPage,
        verbose_name=_("coordinator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_projects",
    )
    website = models.URLField(_("website"), blank=True)
    outputs = StreamField(OutputBlock(), verbose_name=_("outputs"), blank=True)

    ref_prefix = "project"

    objects = PageManager.from_queryset(ProjectQuerySet)()

    content_panels = BasePage.content_panels + [
        FieldPanel("acronym"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("programme"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("coordinator"),
                FieldPanel("website"),
            ],
            heading=_("Project"),
        ),
        InlinePanel("partner_links", label=_("Partner organisations")),
        FieldPanel("description"),
        FieldPanel("outputs"),
    ]
    promote_panels = BasePage.promote_panels + [FieldPanel("ref")]
    search_fields = BasePage.search_fields + [
        index.SearchField("acronym"),
        index.FilterField("programme"),
    ]

    parent_page_types = ["partners.ProjectIndexPage"]
    subpage_types = []
    template = "pages/project_page.html"

    class Meta:
        verbose_name = _("cooperation project")
        verbose_name_plural = _("cooperation projects")

    def clean(self):
        super().clean()
        from django.core.exceptions import ValidationError

        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})

    def get_status(self, today=None):
        return project_status(self.start_date, self.end_date, today or timezone.localdate())

    @property
    def status(self):
        return self.get_status()

    @property
    def status_label(self):
        return ProjectStatus(self.status).label

    def get_meta_description(self):
        return self.search_description or self.summary

    @classmethod
    def catalogue_columns(cls):
        return [
            c.SlugColumn("ref", required=True),
            c.TranslatedColumn(c.TextColumn("title", required=True, max_length=255)),
            c.TextColumn("acronym", max_length=40),
            c.TranslatedColumn(c.TextColumn("summary", required=True, max_length=600)),
            c.TranslatedColumn(c.StreamMarkdownColumn("description")),
            c.ChoiceColumn("programme", Programme),
            c.DateColumn("start_date", required=True),
            c.DateColumn("end_date"),
            c.RefColumn("coordinator", "partners"),
            PartnerLinksColumn("partners", "partners", ordered=True),
            c.URLColumn("website"),
        ]

    @classmethod
    def catalogue_row_errors(cls, values):
        start, end = values.get("start_date"), values.get("end_date")
        if start and end and end < start:
            return [("end_date", gettext("the end date is before the start date"))]
        return []

    def related_search_text(self):
        return [name for p in self.partner_list() for name in (p.title_fr, p.acronym) if name]

    def partner_list(self):
        """Ordered partners, the coordinator first even when not listed."""
        partners = [link.partner for link in self.partner_links.all() if link.partner_id]
        if self.coordinator_id and all(p.pk != self.coordinator_id for p in partners):
            partners.insert(0, self.coordinator)
        return partners

    def get_context(self, request, *args, **kwargs):
        from practices.models import PracticePage

        context = super().get_context(request, *args, **kwargs)
        # One query for the partners, not one per partner (a no-op when already fetched).
        prefetch_related_objects([self], "partner_links__partner")
        partners = self.partner_list()
        context["partners"] = partners
        context["countries"] = sorted(
            {p.country for p in partners if p.country}, key=lambda c: c.name
        )
        context["practices"] = (
            PracticePage.objects.live()
            .public()
            .filter(projects=self)
            .order_by("-first_published_at")
            .prefetch_related("themes")  # each card lists its themes
        )
        return context


class PartnerLinksColumn(c.RefListColumn):
    """The ordered partner list of a project (ProjectPartner rows)."""

    def read_objects(self, obj):
        return [link.partner for link in obj.partner_links.all()]

    def write(self, obj, value, context, attr=None):
        obj.partner_links = [
            ProjectPartner(partner=context.lookup(self.target, ref), sort_order=position)
            for position, ref in enumerate(value)
        ]


class ProjectPartner(Orderable):
    project = ParentalKey(ProjectPage, related_name="partner_links", on_delete=models.CASCADE)
    partner = models.ForeignKey(
        PartnerPage,
        verbose_name=_("partner organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("partner")]

    class Meta(Orderable.Meta):
        verbose_name = _("project partner")
        constraints = [
            models.UniqueConstraint(fields=["project", "partner"], name="unique_project_partner")
        ]
