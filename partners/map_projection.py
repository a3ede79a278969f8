"""The projection of the network map, shared by the data script and the page.

Lambert azimuthal equal-area (spherical), the projection of the EU's own maps: areas
keep their proportions, so Quebec and Europe drawn at one scale compare honestly. Each
panel of the map is centred on its own region; x grows eastward, y southward (SVG).
"""

import math

EARTH_RADIUS_KM = 6371.0


def laea(lon, lat, lon0, lat0):
    """(x, y) in km from the centre (lon0, lat0); y grows southward."""
    lam, phi = math.radians(lon - lon0), math.radians(lat)
    phi0 = math.radians(lat0)
    denominator = (
        1 + math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam)
    )
    # The antipode of the centre has no image; nothing the map frames comes near it.
    k = math.sqrt(2 / max(denominator, 1e-9))
    x = EARTH_RADIUS_KM * k * math.cos(phi) * math.sin(lam)
    y = (
        EARTH_RADIUS_KM
        * k
        * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))
    )
    return x, -y


def to_panel(lon, lat, panel, km_per_unit):
    """Map coordinates (viewBox units) of a point in a panel, or None when outside it."""
    x, y = laea(lon, lat, *panel["centre"])
    left, top, width, height = panel["box"]
    px = left + width / 2 + x / km_per_unit
    py = top + height / 2 + y / km_per_unit
    if left <= px <= left + width and top <= py <= top + height:
        return px, py
    return None
