"""Build partners/data/network_map.json, the country outlines of the network map.

Run once, when the map's framing changes (the result is committed):

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python -m partners.build_network_map package/countries-50m.json

world-atlas is Natural Earth's 1:50m countries (public domain) as TopoJSON. The script
projects the outlines into the map's two panels (eastern Canada and Europe, one
scale), simplifies each shared border once (Douglas-Peucker, so neighbours still meet),
clips them to the panel and writes one SVG path per country, keyed by its ISO 3166
numeric code, in whole map units. Needs no Django and no third-party package.
"""

import argparse
import json
import math
from pathlib import Path

from partners.map_projection import laea

OUTPUT = Path(__file__).resolve().parent / "data" / "network_map.json"
KM_PER_UNIT = 4  # one viewBox unit is 4 km
TOLERANCE = 1.2  # simplification, in map units
MIN_RING_AREA = 6  # islands smaller than this (square units, ~100 km²) are dropped
GAP = 12
HEIGHT = 600
# Name, centre (lon, lat) and width in map units; both panels are HEIGHT tall.
PANELS = [("canada", (-70.5, 47.5), 330), ("europe", (5.5, 47.0), 650)]


def decode_arcs(topology):
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def simplify(points, tolerance):
    """Douglas-Peucker, iterative; the ends are kept so shared arcs still join."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        length = math.hypot(x2 - x1, y2 - y1)
        worst, worst_index = 0.0, None
        for index in range(first + 1, last):
            x0, y0 = points[index]
            if length == 0:
                distance = math.hypot(x0 - x1, y0 - y1)
            else:
                distance = abs((x2 - x1) * (y1 - y0) - (x1 - x0) * (y2 - y1)) / length
            if distance > worst:
                worst, worst_index = distance, index
        if worst_index is not None and worst > tolerance:
            keep[worst_index] = True
            stack += [(first, worst_index), (worst_index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def clip(ring, left, top, right, bottom):
    """Sutherland-Hodgman against the panel's rectangle."""
    edges = [
        (lambda p: p[0] >= left, lambda a, b: _cross_x(a, b, left)),
        (lambda p: p[0] <= right, lambda a, b: _cross_x(a, b, right)),
        (lambda p: p[1] >= top, lambda a, b: _cross_y(a, b, top)),
        (lambda p: p[1] <= bottom, lambda a, b: _cross_y(a, b, bottom)),
    ]
    for inside, cross in edges:
        if not ring:
            break
        result = []
        previous = ring[-1]
        for point in ring:
            if inside(point):
                if not inside(previous):
                    result.append(cross(previous, point))
                result.append(point)
            elif inside(previous):
                result.append(cross(previous, point))
            previous = point
        ring = result
    return ring


def _cross_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cross_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def area(ring):
    return abs(
        sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))
        / 2
    )


def path_data(rings):
    """Absolute first point, then relative whole-unit steps: the shortest SVG text."""
    parts = []
    for ring in rings:
        points = [(round(x), round(y)) for x, y in ring]
        deduplicated = [points[0]] + [p for p, q in zip(points[1:], points, strict=False) if p != q]
        if len(deduplicated) < 3:
            continue
        x0, y0 = deduplicated[0]
        steps = [f"M{x0} {y0}l"]
        previous = (x0, y0)
        for x, y in deduplicated[1:]:
            steps.append(f"{x - previous[0]} {y - previous[1]}".replace(" -", "-") + " ")
            previous = (x, y)
        parts.append("".join(steps).rstrip() + "z")
    return "".join(parts)


def build(topology):
    lonlat_arcs = decode_arcs(topology)
    geometries = topology["objects"]["countries"]["geometries"]
    panels, left = [], 0
    for name, centre, width in PANELS:
        box = (left, 0, width, HEIGHT)
        right, bottom = left + width, HEIGHT

        def project(lon, lat, centre=centre, left=left, width=width):
            x, y = laea(lon, lat, *centre)
            return (left + width / 2 + x / KM_PER_UNIT, HEIGHT / 2 + y / KM_PER_UNIT)

        cache = {}

        def arc_points(index, project=project, cache=cache):
            if index not in cache:
                points = [project(lon, lat) for lon, lat in lonlat_arcs[index]]
                cache[index] = simplify(points, TOLERANCE)
            return cache[index]

        countries = {}
        for geometry in geometries:
            if geometry["type"] == "Polygon":
                polygons = [geometry["arcs"]]
            elif geometry["type"] == "MultiPolygon":
                polygons = geometry["arcs"]
            else:
                continue
            rings = []
            for polygon in polygons:
                for ring_arcs in polygon:
                    ring = []
                    for index in ring_arcs:
                        points = arc_points(~index if index < 0 else index)
                        if index < 0:
                            points = points[::-1]
                        ring.extend(points if not ring else points[1:])
                    clipped = clip(ring, left, 0, right, bottom)
                    if len(clipped) >= 3 and area(clipped) >= MIN_RING_AREA:
                        rings.append(clipped)
            data = path_data(rings)
            if data and geometry.get("id"):
                countries[geometry["id"]] = data
        panels.append(
            {"name": name, "centre": list(centre), "box": list(box), "countries": countries}
        )
        left += width + GAP
    return {
        "source": "Natural Earth 1:50m countries (public domain), npm world-atlas 2.0.2",
        "projection": "Lambert azimuthal equal-area, one centre per panel",
        "km_per_unit": KM_PER_UNIT,
        "width": left - GAP,
        "height": HEIGHT,
        "panels": panels,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="world-atlas countries-50m.json")
    args = parser.parse_args()
    data = build(json.loads(args.topojson.read_text(encoding="utf-8")))
    OUTPUT.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n", "utf-8")
    size = OUTPUT.stat().st_size
    print(f"Wrote {OUTPUT} ({size:,} bytes)")


if __name__ == "__main__":
    main()
