from django import template
from django.urls import reverse

from catalogue import downloads

register = template.Library()


@register.simple_tag
def catalogue_downloads():
    """Each format of the open-data download: its URL, and what was built (None while
    the first build has not run)."""
    return [
        {
            "label": extension.upper(),
            "content_type": content_type,
            "url": reverse("catalogue_download", kwargs={"extension": extension}),
            "download": downloads.current(extension),
        }
        for extension, content_type in downloads.FORMATS.items()
    ]
