"""Freshness: which practice sheets are due for a check, and marking sheets checked.

A sheet is due when its content was last checked `CATALOGUE_REVIEW_MONTHS` months ago
or earlier, or never. The date read is the one in the sheet's latest revision, so a
check saved into a pending draft counts as soon as it is saved.
"""

import datetime

from django.conf import settings
from django.db.models import Case, DateField, F, Q, When
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils import timezone

from .models import PracticePage


def review_months():
    return settings.CATALOGUE_REVIEW_MONTHS


def months_before(day, months):
    """The same day `months` months earlier (the month's last day when it has fewer)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    next_month = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last_day))


def review_cutoff(today=None):
    """Sheets last checked on or before this day are due."""
    return months_before(today or timezone.localdate(), review_months())


def with_checked_on(queryset):
    """Annotate `checked_on`: the date as the sheet's latest revision holds it.

    Only a page with unpublished changes can hold a newer date in its latest revision
    than in its own row; a draft that clears the date clears it.
    """
    latest = Cast(KeyTextTransform("last_reviewed", "latest_revision__content"), DateField())
    return queryset.annotate(
        checked_on=Case(
            When(has_unpublished_changes=True, latest_revision__isnull=False, then=latest),
            default=F("last_reviewed"),
            output_field=DateField(),
        )
    )


def sheets_to_check(today=None):
    """Live and draft sheets due for a check, never-checked first, then oldest first."""
    cutoff = review_cutoff(today)
    return (
        with_checked_on(PracticePage.objects.all())
        .filter(Q(checked_on__isnull=True) | Q(checked_on__lte=cutoff))
        .order_by(F("checked_on").asc(nulls_first=True), "title_fr", "pk")
    )


def mark_checked(page, user=None, today=None):
    """Record that `page`'s content was checked today, in a new revision.

    A sheet that is live with no unpublished changes is published again with the date;
    a sheet with a pending draft (or never published) gets the date in a new draft
    revision and stays unpublished. Returns True when the sheet was published.
    """
    today = today or timezone.localdate()
    page = page.specific
    publish = page.live and not page.has_unpublished_changes
    if publish and user is not None:
        publish = page.permissions_for_user(user).can_publish()
    editable = page if not page.has_unpublished_changes else page.get_latest_revision_as_object()
    editable.last_reviewed = today
    revision = editable.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user, log_action=True)
    return publish
