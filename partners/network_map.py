"""The map of the network: partner organisations placed on committed country outlines.

The outlines (partners/data/network_map.json) are built once by
`python -m partners.build_network_map`; here they are combined with the public partners'
locations into what templates/components/network_map.html draws as inline SVG.
"""

import json
import math
from functools import cache, lru_cache
from itertools import combinations
from pathlib import Path

from django_countries import countries

from core.visibility import public_related

from .map_projection import to_panel

DATA = Path(__file__).resolve().parent / "data" / "network_map.json"
# The dots' radius in map units: r="7" in the template where the map is drawn wide, 14 in
# site.css on a phone, where the map is drawn at about a third of its size. Each width
# has its own layout, so that the larger dots do not push the wide map's dots further
# from their cities than they need to be.
RADIUS = {"wide": 7, "narrow": 14}


@cache
def outlines():
    return json.loads(DATA.read_text(encoding="utf-8"))


def network_map(partners):
    """The map's panels, markers and the list by country, for public `partners` only."""
    data = outlines()
    partners = sorted(public_related(partners), key=lambda p: p.title.casefold())
    numeric = {str(countries.numeric(p.country.code, padded=True)) for p in partners}
    panels = []
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
                placed.append((partner, point, tuple(panel["box"])))
                break
    points = tuple(tuple(point) for _, point, _ in placed)
    boxes = tuple(box for _, _, box in placed)
    layouts = {fit: _spread(points, boxes, r) for fit, r in RADIUS.items()}
    markers = [
        {
            "partner": partner,
            "positions": [_position(fit, *layouts[fit][index], data["width"]) for fit in RADIUS],
        }
        for index, (partner, _, _) in enumerate(placed)
    ]
    return {
        "width": data["width"],
        "height": data["height"],
        "panels": panels,
        "markers": markers,
        "by_country": by_country(partners),
        "unplaced": [p for p in partners if not any(m["partner"] is p for m in markers)],
    }


def _position(fit, x, y, map_width):
    # Names on the right half of the map are written leftward, so that they stay inside
    # it, clear of the dot.
    label_end = x > map_width / 2
    offset = RADIUS[fit] + 4
    return {
        "fit": fit,
        # Strings: the template would localise a float's decimal point.
        "x": f"{x:.1f}",
        "y": f"{y:.1f}",
        "label_x": f"{x - offset if label_end else x + offset:.1f}",
        "label_end": label_end,
    }


# Pairs of every two markers, rounds of pushes: kept for the next pages drawing the same
# network (the map is on the home page and the partners' listing).
@lru_cache(maxsize=8)
def _spread(points, boxes, radius):
    """`points` moved apart just enough for dots of `radius` not to touch, so that two
    organisations of one city, or of two nearby cities, stay two links; each kept whole
    inside its panel (`boxes`: (left, top, width, height) of each point's), which would
    otherwise cut the dot of a city near its edge (Valletta, at the foot of Europe's)."""
    # Two dots, their white rings (1 unit) and a gap of 2 units.
    distance = 2 * radius + 4
    points = [list(point) for point in points]
    _keep_inside(points, boxes, radius)
    for _ in range(200):
        moves = [[0.0, 0.0] for _ in points]
        for i, j in combinations(range(len(points)), 2):
            dx, dy = points[j][0] - points[i][0], points[j][1] - points[i][1]
            apart = math.hypot(dx, dy)
            # Halved pushes only approach the distance: a twentieth of a unit is enough.
            if apart >= distance - 0.05:
                continue
            if apart == 0:
                # One place: each later marker leaves it in a direction of its own
                # (golden angle), so that a city's organisations spread all around it.
                dx, dy, apart = math.cos(2.4 * j), math.sin(2.4 * j), 1
            # Both move apart along the line between them, so that neither leaves its
            # city more than the other.
            push = (distance - apart) / 2 / apart
            moves[i][0] -= dx * push
            moves[i][1] -= dy * push
            moves[j][0] += dx * push
            moves[j][1] += dy * push
        if not any(x or y for x, y in moves):
            break
        # Half of every push at once: a marker crowded on several sides settles between
        # its neighbours instead of swinging from one to the other.
        for point, (x, y) in zip(points, moves, strict=True):
            point[0] += x / 2
            point[1] += y / 2
        _keep_inside(points, boxes, radius)
    return tuple(map(tuple, points))


def _keep_inside(points, boxes, radius):
    # The dot and its white ring.
    inset = radius + 1
    for point, (left, top, width, height) in zip(points, boxes, strict=True):
        point[0] = min(max(point[0], left + inset), left + width - inset)
        point[1] = min(max(point[1], top + inset), top + height - inset)


def by_country(partners):
    """[(country name, [partners])], countries in the visitor's alphabetical order."""
    groups = {}
    for partner in partners:
        groups.setdefault(partner.country.code, []).append(partner)
    named = [(str(countries.name(code)) or code, items) for code, items in groups.items()]
    return sorted(named, key=lambda group: group[0].casefold())
