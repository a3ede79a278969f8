from django import template

from core.templatetags.core_tags import site_root
from core.visibility import public_pages

from ..models import ContentPage

register = template.Library()


@register.simple_tag(takes_context=True)
def footer_pages(context):
    """Editorial pages (about, legal notice, privacy) linked from every footer."""
    root = site_root(context)
    if root is None:
        return []
    return list(public_pages(ContentPage.objects.child_of(root)))
