from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from django_countries.fields import CountryField

from catalogue import columns as c
from catalogue.models import CatalogueIndexPage, PageRefMixin
from core import structured_data as sd
from core.blocks import RICH_TEXT_FEATURES
from core.i18n import language_first
from core.models import BasePage
from core.visibility import public_pages, public_related
from core.widgets import SearchableSelectMultiple

from .choices import PracticeStatus
from .filters import PracticeFilter


@register_snippet
class Theme(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_("Stable key used in filter links and imports."),
    )
    description = models.TextField(_("description"), blank=True)
    # Exported as `updated_at`: an import refuses to overwrite a later change made here.
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["pk"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name or self.slug

    @classmethod
    def catalogue_columns(cls):
        return [
            c.SlugColumn("slug", required=True),
            c.TranslatedColumn(c.TextColumn("name", required=True, max_length=120)),
            c.TranslatedColumn(c.TextColumn("description")),
        ]


# The translated sections of a sheet, in reading order: (field, heading).
SECTIONS = [
    ("context", _("Context: the need")),
    ("actions", _("What was done")),
    ("results", _("Results and evidence of success")),
    ("resources", _("Resources needed")),
    ("difficulties", _("Difficulties and how they were overcome")),
    ("transferability", _("Transferability")),
    ("further_info", _("Further information")),
]


class PracticeIndexPage(CatalogueIndexPage):
    template = CatalogueIndexPage.listing_template
    subpage_types = ["practices.PracticePage"]
    catalogue_type = "practice"
    filterset_class = PracticeFilter
    empty_message = _("No practice sheet matches these filters.")

    class Meta:
        verbose_name = _("practice index page")

    def order_results(self, queryset):
        # Most recently published first.
        return (
            queryset.order_by("-last_published_at", "-pk")
            .select_related("main_image")
            .prefetch_related("themes")
        )

    def results_heading(self, count):
        return ngettext("%(counter)s practice sheet", "%(counter)s practice sheets", count) % {
            "counter": count
        }


def not_after_today(value):
    # A check "made" in 2030 (a typo) would keep a sheet out of "Sheets to check" for years.
    if value and value > timezone.localdate():
        # As params, so that the message is written in the reader's language.
        raise ValidationError(
            _("%(date)s is after today: a check can only have been made already."),
            params={"date": value.isoformat()},
        )


class PracticePage(PageRefMixin, BasePage):
    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_("Two or three sentences: what, where, with what effect."),
    )
    context = RichTextField(
        _("context"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("The need or problem the practice answers."),
    )
    actions = RichTextField(
        _("what was done"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Actions, method and steps."),
    )
    results = RichTextField(
        _("results"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Results and evidence of success."),
    )
    resources = RichTextField(
        _("resources needed"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("People, money, time."),
    )
    difficulties = RichTextField(
        _("difficulties"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Difficulties met and how they were overcome."),
    )
    transferability = RichTextField(
        _("transferability"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Conditions to reproduce it elsewhere."),
    )
    further_info = RichTextField(_("further information"), features=RICH_TEXT_FEATURES, blank=True)

    themes = ParentalManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="practices"
    )
    countries = CountryField(_("countries"), multiple=True, blank=True)
    partners = ParentalManyToManyField(
        "partners.PartnerPage",
        verbose_name=_("partner organisations"),
        blank=True,
        related_name="practices",
    )
    projects = ParentalManyToManyField(
        "projects.ProjectPage",
        verbose_name=_("cooperation projects"),
        blank=True,
        related_name="practices",
    )
    year_started = models.PositiveSmallIntegerField(
        _("year started"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PracticeStatus.choices, default=PracticeStatus.ONGOING
    )
    main_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("main image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    main_image_alt = models.CharField(_("main image alternative text"), max_length=250, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=120, blank=True)
    contact_role = models.CharField(_("contact role"), max_length=160, blank=True)
    contact_email = models.EmailField(
        _("contact email"), blank=True, help_text=_("Never printed as plain text on the site.")
    )
    # Still `last_reviewed` in the import/export columns and the demo catalogue.
    last_reviewed = models.DateField(
        _("content last checked"),
        null=True,
        blank=True,
        validators=[not_after_today],
        help_text=_(
            "The day someone last checked that this sheet's content is still accurate. "
            "The “Sheets to check” report (Reports menu) lists the sheets not checked "
            "for a long time, and those never checked."
        ),
    )

    ref_prefix = "practice"

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        *[FieldPanel(field) for field, _heading in SECTIONS],
        MultiFieldPanel(
            [
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("countries", widget=SearchableSelectMultiple),
                FieldPanel("partners", widget=SearchableSelectMultiple),
                FieldPanel("projects", widget=SearchableSelectMultiple),
                FieldRowPanel([FieldPanel("year_started"), FieldPanel("status")]),
                # The team's: it takes a sheet off the "Sheets to check" report.
                FieldPanel("last_reviewed", permission="catalogue.check_pages"),
            ],
            heading=_("Classification"),
        ),
        MultiFieldPanel(
            [FieldPanel("main_image"), FieldPanel("main_image_alt")], heading=_("Main image")
        ),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_role"), FieldPanel("contact_email")],
            heading=_("Contact"),
        ),
    ]
    promote_panels = BasePage.promote_panels + [FieldPanel("ref")]
    search_fields = BasePage.search_fields + [
        index.FilterField("status"),
        index.FilterField("year_started"),
    ]

    parent_page_types = ["practices.PracticeIndexPage"]
    subpage_types = []
    template = "pages/practice_page.html"

    class Meta(PageRefMixin.Meta):
        verbose_name = _("practice sheet")
        verbose_name_plural = _("practice sheets")

    def get_meta_description(self):
        return self.search_description or Truncator(strip_tags(self.summary)).words(40)

    @classmethod
    def catalogue_columns(cls):
        return [
            c.RefKeyColumn("ref", required=True),
            c.TranslatedColumn(
                c.TextColumn("title", required=True, max_length=255), any_language=True
            ),
            c.TranslatedColumn(
                c.TextColumn("summary", required=True, max_length=600), any_language=True
            ),
            *[c.TranslatedColumn(c.MarkdownColumn(field)) for field, _heading in SECTIONS],
            c.RefListColumn("themes", "themes", key="slug"),
            c.CountriesColumn("countries"),
            c.RefListColumn("partners", "partners"),
            c.RefListColumn("projects", "projects"),
            c.IntColumn("year", attr="year_started", minimum=1900, maximum=2100),
            c.ChoiceColumn("status", PracticeStatus),
            c.TextColumn("contact_name", max_length=120),
            c.TranslatedColumn(c.TextColumn("contact_role", max_length=160)),
            c.EmailColumn("contact_email"),
            c.DateColumn("last_reviewed"),
        ]

    def og_kind(self):
        return self._meta.verbose_name

    def og_labels(self):
        return [theme.name for theme in self.themes.all()]

    def structured_data(self, request):
        data = {
            "@context": sd.CONTEXT,
            "@type": "CreativeWork",
            "name": self.title,
            "headline": self.title,
            "description": self.summary,
            "url": sd.absolute_url(request, self),
            "inLanguage": self.content_language,
            "about": [{"@type": "Thing", "name": theme.name} for theme in self.themes.all()],
            "spatialCoverage": [
                {"@type": "Country", "name": str(country.name)} for country in self.countries
            ],
            "contributor": [
                sd.organisation(request, partner) for partner in public_related(self.partners)
            ],
            "license": sd.LICENCE,
        }
        if self.first_published_at:
            data["datePublished"] = self.first_published_at.isoformat()
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        return data

    def related_search_text(self):
        names = []
        for theme in self.themes.all():
            names += [getattr(theme, f"name_{code}") or "" for code in ("fr", "en", "es")]
        related = public_related(self.partners) + public_related(self.projects)
        names += [name for p in related for name in (p.title_fr, p.acronym) if name]
        return [name for name in names if name]

    def sections(self):
        """[(field, heading, html)] for the sections that have text in some language."""
        return [
            (field, heading, getattr(self, field))
            for field, heading in SECTIONS
            if getattr(self, field)
        ]

    def related_practices(self, limit=3):
        theme_ids = [theme.pk for theme in self.themes.all()]
        if not theme_ids:
            return PracticePage.objects.none()
        closest = (
            public_pages(PracticePage.objects.all())
            .filter(themes__in=theme_ids)
            .exclude(pk=self.pk)
            .annotate(shared=models.Count("themes", filter=models.Q(themes__in=theme_ids)))
            .order_by("-shared", "-last_published_at")
            .distinct()
        )
        # As in the listings: what the visitor can read in their language comes first.
        ordered = language_first(closest, self.translation_field)
        return ordered.prefetch_related("themes")[:limit]  # each card lists its themes

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            themes=list(self.themes.all()),
            partners=sorted(public_related(self.partners), key=lambda p: p.title_fr),
            projects=sorted(
                public_related(self.projects), key=lambda p: p.start_date, reverse=True
            ),
            related=list(self.related_practices()),
            index_page=self.get_parent(),
        )
        return context
