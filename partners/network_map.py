"""The map of the network: partner organisations placed on committed country outlines.

The outlines (partners/data/network_map.json) are built once by
`python -m partners.build_network_map`; here they are combined with the public partners'
locations into what templates/components/network_map.html draws as inline SVG.
"""

import json
from functools import cache
from pathlib import Path

from django_countries import countries

from core.visibility import public_related

from .map_projection import to_panel

DATA = Path(__file__).resolve().parent / "data" / "network_map.json"
# Markers closer than this (map units) are spread around their common point, so that
# two organisations of one city stay two links.
SPREAD = 9


@cache
def outlines():
    return json.loads(DATA.read_text(encoding="utf-8"))


def network_map(partners):
    """The map's panels, markers and the list by country, for public `partners` only."""
    data = outlines()
    partners = sorted(public_related(partners), key=lambda p: p.title.casefold())
    numeric = {str(countries.numeric(p.country.code, padded=True)) for p in partners}
    panels, markers = [], []
    for panel in data["panels"]:
        left, top, width, height = panel["box"]
        panels.append(
            {
                "name": panel["name"],
                "x": left,
                "y": top,
                "width": width,
                "height": height,
                "countries": [
                    {"d": d, "partner": code in numeric}
                    for code, d in sorted(panel["countries"].items())
                ],
            }
        )
    placed = []
    for partner in partners:
        if partner.latitude is None or partner.longitude is None:
            continue
        for panel in data["panels"]:
            point = to_panel(partner.longitude, partner.latitude, panel, data["km_per_unit"])
            if point is not None:
                break
        else:
            continue
        x, y = _spread(point, placed)
        placed.append((x, y))
        # Names on the right half of the map are written leftward, so that they stay
        # inside it.
        label_end = x > data["width"] / 2
        markers.append(
            {
                "partner": partner,
                # Strings: the template would localise a float's decimal point.
                "x": f"{x:.1f}",
                "y": f"{y:.1f}",
                "label_x": f"{x - 11 if label_end else x + 11:.1f}",
                "label_end": label_end,
            }
        )
    return {
        "width": data["width"],
        "height": data["height"],
        "panels": panels,
        "markers": markers,
        "by_country": by_country(partners),
        "unplaced": [p for p in partners if not any(m["partner"] is p for m in markers)],
    }


def _spread(point, placed):
    x, y = point
    for turn in range(12):
        if all((x - px) ** 2 + (y - py) ** 2 >= SPREAD**2 for px, py in placed):
            break
        # Nudge along a small spiral until the marker has room.
        x, y = (
            point[0] + SPREAD * (1 + turn // 6) * _DIRECTIONS[turn % 6][0],
            point[1] + (SPREAD * (1 + turn // 6) * _DIRECTIONS[turn % 6][1]),
        )
    return x, y


_DIRECTIONS = [(1, 0), (-1, 0), (0.5, -0.87), (-0.5, 0.87), (0.5, 0.87), (-0.5, -0.87)]


def by_country(partners):
    """[(country name, [partners])], countries in the visitor's alphabetical order."""
    groups = {}
    for partner in partners:
        groups.setdefault(partner.country.code, []).append(partner)
    named = [(str(countries.name(code)) or code, items) for code, items in groups.items()]
    return sorted(named, key=lambda group: group[0].casefold())
