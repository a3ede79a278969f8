from django import template

from ..models import PartnerPage
from ..network_map import network_map as build_map

register = template.Library()


@register.inclusion_tag("components/network_map.html")
def network_map(partners=None, heading="h2", map_id="network-map", title=""):
    """The map of the network: every public partner, or the `partners` given."""
    if partners is None:
        partners = PartnerPage.objects.all()
    level = int(heading[1:])
    return {
        "map": build_map(partners),
        "heading": heading,
        "list_heading": f"h{min(level + 1, 6)}",
        "map_id": map_id,
        "title": title,
    }
