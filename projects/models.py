from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    MultipleChooserPanel,
)
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from catalogue import columns as c
from catalogue.dates import value_for
from catalogue.models import CatalogueIndexPage, PageRefMixin
from core import structured_data as sd
from core.blocks import BodyBlock, LinkBlock
from core.models import BasePage
from core.visibility import public_pages, public_related

from .choices import PROGRAMME_ALIASES, STATUS_RULES, Programme, ProjectStatus
from .filters import ProjectFilter


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


class ProjectIndexPage(CatalogueIndexPage):
    template = CatalogueIndexPage.listing_template
    subpage_types = ["projects.ProjectPage"]
    catalogue_type = "project"
    filterset_class = ProjectFilter
    empty_message = _("No cooperation project matches these filters.")

    class Meta:
        verbose_name = _("project index page")

    def order_results(self, queryset):
        return queryset.order_by("-start_date", "pk")

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
        "partners.PartnerPage",
        verbose_name=_("coordinator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_projects",
    )
    website = models.URLField(_("website"), blank=True)
    outputs = StreamField(OutputBlock(), verbose_name=_("outputs"), blank=True)

    ref_prefix = "project"

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
        # Wagtail's page chooser (search, keyboard), several partners at once.
        MultipleChooserPanel(
            "partner_links", chooser_field_name="partner", label=_("Partner organisations")
        ),
        FieldPanel("description"),
        FieldPanel("outputs"),
    ]
    promote_panels = BasePage.promote_panels + [FieldPanel("ref")]
    search_fields = BasePage.search_fields + [
        index.SearchField("acronym"),
        index.FilterField("programme"),
    ]

    parent_page_types = ["projects.ProjectIndexPage"]
    subpage_types = []
    template = "pages/project_page.html"

    class Meta(PageRefMixin.Meta):
        verbose_name = _("cooperation project")
        verbose_name_plural = _("cooperation projects")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})

    def get_status(self, today=None):
        dates = {"start_date": self.start_date, "end_date": self.end_date}
        return value_for(STATUS_RULES, dates, today or timezone.localdate())

    @property
    def status(self):
        return self.get_status()

    @property
    def status_label(self):
        return ProjectStatus(self.status).label

    @property
    def display_title(self):
        """The title with the acronym in front, unless the title already starts with it.

        Titles are usually written "GOVSHARE: shared governance tools"; prefixing the
        acronym again would read "GOVSHARE – GOVSHARE: ...".
        """
        title = self.title or ""
        if not self.acronym or title.casefold().startswith(self.acronym.casefold()):
            return title
        return f"{self.acronym} – {title}"

    def get_meta_description(self):
        return self.search_description or self.summary

    def og_kind(self):
        return self._meta.verbose_name

    def og_labels(self):
        return [self.get_programme_display(), self.status_label]

    def structured_data(self, request):
        data = {
            "@context": sd.CONTEXT,
            "@type": "Project",
            "name": self.title,
            "description": self.summary,
            "url": sd.absolute_url(request, self),
            "funder": {"@type": "Organization", "name": str(self.get_programme_display())},
            "member": [sd.organisation(request, partner) for partner in self.public_partners()],
        }
        if self.acronym:
            data["alternateName"] = self.acronym
        if self.start_date:
            data["foundingDate"] = self.start_date.isoformat()
        if self.end_date:
            data["dissolutionDate"] = self.end_date.isoformat()
        return data

    @classmethod
    def catalogue_columns(cls):
        return [
            c.RefKeyColumn("ref", required=True),
            c.TranslatedColumn(
                c.TextColumn("title", required=True, max_length=255), any_language=True
            ),
            c.TextColumn("acronym", max_length=40),
            c.TranslatedColumn(
                c.TextColumn("summary", required=True, max_length=600), any_language=True
            ),
            c.TranslatedColumn(c.StreamMarkdownColumn("description")),
            c.ChoiceColumn("programme", Programme, other_names=PROGRAMME_ALIASES),
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
        return [name for p in self.public_partners() for name in (p.title_fr, p.acronym) if name]

    def partner_list(self):
        """Ordered partners, the coordinator first even when not listed."""
        partners = [link.partner for link in self.partner_links.all() if link.partner_id]
        if self.coordinator_id and all(p.pk != self.coordinator_id for p in partners):
            partners.insert(0, self.coordinator)
        return partners

    def public_partners(self):
        return public_related(self.partner_list())

    def public_practices(self):
        return public_pages(self.practices.all()).order_by("-first_published_at")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # One query for the partners, not one per partner (a no-op when already fetched).
        prefetch_related_objects([self], "partner_links__partner")
        partners = self.public_partners()
        public_ids = {p.pk for p in partners}
        context["partners"] = partners
        context["coordinator"] = self.coordinator if self.coordinator_id in public_ids else None
        context["countries"] = sorted(
            {p.country for p in partners if p.country}, key=lambda c: c.name
        )
        # Each card lists its themes.
        context["practices"] = self.public_practices().prefetch_related("themes") if self.pk else []
        context["index_page"] = self.get_parent()
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
        "partners.PartnerPage",
        verbose_name=_("partner organisation"),
        on_delete=models.CASCADE,
        related_name="project_links",
    )

    panels = [FieldPanel("partner")]

    class Meta(Orderable.Meta):
        verbose_name = _("project partner")
        constraints = [
            models.UniqueConstraint(fields=["project", "partner"], name="unique_project_partner")
        ]
