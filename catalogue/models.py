import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from core.i18n import language_first
from core.listing import paginate
from core.models import BasePage
from core.visibility import public_pages

from . import registry
from .columns import REF_PATTERN


class CatalogueIndexPage(BasePage):
    """The listing of one catalogue type: GET filters (no JavaScript needed), pagination."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    max_count = 1
    # Wagtail gives each page class a default template unless the class names one.
    listing_template = "pages/catalogue_index_page.html"

    # Set by each index: the catalogue type it lists (a registry name), its filter set,
    # and the texts that name its results.
    catalogue_type = None
    filterset_class = None
    empty_message = None

    class Meta:
        abstract = True

    @property
    def listing_type(self):
        return registry.get(self.catalogue_type)

    @property
    def card_template(self):
        return self.listing_type.card_template

    def listing_queryset(self):
        return public_pages(self.listing_type.model.objects.child_of(self))

    def order_results(self, queryset):
        return queryset

    def results_heading(self, count):
        raise NotImplementedError

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = self.filterset_class(request.GET or None, queryset=self.listing_queryset())
        # Pages written in the visitor's language first, then those shown in a fallback.
        ordered = language_first(
            self.order_results(filters.qs), self.listing_type.model.translation_field
        )
        results_page = paginate(request, ordered)
        context.update(
            filters=filters,
            results_page=results_page,
            results_heading=self.results_heading(results_page.paginator.count),
        )
        return context


class PageRefMixin(models.Model):
    """A stable, editable key for pages that the catalogue import/export matches on."""

    ref = models.CharField(
        _("reference"),
        max_length=80,
        unique=True,
        blank=True,
        validators=[
            RegexValidator(
                rf"\A{REF_PATTERN}\Z",
                _("Use letters, digits, '-', '_' or '.' (at most 80 characters)."),
            )
        ],
        help_text=_("Stable key used by spreadsheet import and export; filled automatically."),
    )
    # Search-engine texts, menus and the reference are the team's: a partner contributor
    # writes the sheet and its address (core.panels.restricted).
    promote_permission = "catalogue.promote_pages"

    class Meta:
        abstract = True
        # Kept as written (H01), matched without regard to case: h01 is the same page.
        constraints = [
            models.UniqueConstraint(
                Lower("ref"),
                name="%(app_label)s_%(class)s_ref_any_case",
                violation_error_message=_("Another page already has this reference."),
            )
        ]

    ref_prefix = "page"
    # A copy is another page: it gets its own ref (generated on save), not a duplicate key.
    exclude_fields_in_copy = ["ref"]

    def save(self, *args, **kwargs):
        if not self.ref:
            self.ref = self.generate_ref()
        super().save(*args, **kwargs)

    def generate_ref(self):
        base = slugify(self.slug_fr or self.title_fr or self.ref_prefix)[:70] or self.ref_prefix
        candidate, n = base, 1
        model = type(self)
        while model.objects.filter(ref__iexact=candidate).exclude(pk=self.pk).exists():
            n += 1
            candidate = f"{base}-{n}"
        return candidate


class CataloguePermission(models.Model):
    """Holds the catalogue-wide permissions (no table): importing is not one type's right."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("import_catalogue", _("Can import the catalogue from a spreadsheet")),
            (
                "promote_pages",
                _("Can change the search-engine texts, menus and reference of catalogue pages"),
            ),
            ("check_pages", _("Can mark catalogue pages as checked (content last checked)")),
        ]

    def __str__(self):
        return str(self._meta.verbose_name)


class CatalogueImport(models.Model):
    """One import started from the admin: the stored upload, its state and its report.

    The admin enqueues the work as a task (catalogue.tasks) and shows this record: progress
    while it runs, then the report or the problems found. A dry run that passed can be
    confirmed once, which starts the real import of the same file; so can an import
    refused because pages changed since its check.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to start")
        RUNNING = "running", _("running")
        DONE = "done", _("finished")
        FAILED = "failed", _("stopped by problems")
        # An import that would have replaced pages changed since its check: nothing was
        # written, and its report is the file checked again, to confirm like a check.
        REFUSED = "refused", _("refused: pages changed since the check")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=200)
    # The upload in CATALOGUE_IMPORT_DIR: "<32 hex digits>.xlsx" or ".json".
    stored_name = models.CharField(max_length=40)
    dry_run = models.BooleanField(default=True)
    overwrite_newer = models.BooleanField(default=False)
    # The dry run this import confirms.
    checked = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="confirmed"
    )
    language = models.CharField(max_length=10)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    report = models.JSONField(null=True, blank=True)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        default_permissions = ()
        ordering = ["-created_at"]

    def __str__(self):
        return self.file_name

    @property
    def finished(self):
        return self.status in {self.Status.DONE, self.Status.FAILED, self.Status.REFUSED}

    @property
    def is_check(self):
        """Its report says what importing the file would do, nothing written."""
        return self.dry_run or self.status == self.Status.REFUSED
