"""Sharing cards: the 1200×630 PNG a link preview shows (og:image, twitter:image).

A card is drawn with Pillow from what the page says in one language (title, type,
themes or other labels) under the Co-actions wordmark, in Source Sans 3 (SIL OFL,
from the npm package @fontsource/source-sans-3, in core/fonts/). Its file name carries a
digest of what is drawn, so a published change gives a new URL that link previews fetch
again; publishing removes the page's older cards, and the new one is drawn on its first
request, then served from the default storage.
"""

import hashlib
import io
import json
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
FONTS = Path(__file__).resolve().parent / "fonts"
# Changing the drawing changes every digest, so old cards are never served as new.
DESIGN_VERSION = "1"
INK, PAPER, BRAND, ACCENT, WHITE = "#1d2327", "#f3f6f4", "#1f6b4f", "#8a3b12", "#ffffff"
FOLDER = "og"


def _font(weight, size):
    return ImageFont.truetype(str(FONTS / f"source-sans-3-latin-{weight}-normal.woff"), size)


def page_card(page, language):
    """What the card of `page` shows in `language`."""
    with translation.override(language):
        specific = page.specific
        return {
            "title": str(specific.seo_title or specific.title),
            "kind": str(capfirst(specific.og_kind())),
            "labels": [str(label) for label in specific.og_labels()],
            "tagline": gettext("Cooperative practices across borders"),
        }


def site_card(language):
    """The card of pages that are not Wagtail pages (search, open data)."""
    with translation.override(language):
        return {
            "title": gettext("Practices, partners and projects of a cooperative network"),
            "kind": "",
            "labels": [],
            "tagline": gettext("Cooperative practices across borders"),
        }


def digest(card):
    data = json.dumps([DESIGN_VERSION, card], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:16]


def storage_name(key, language, card_digest):
    return f"{FOLDER}/{key}/{language}-{card_digest}.png"


def card_url(request, key, language, card):
    path = reverse("og_image", kwargs={"key": key, "language": language, "digest": digest(card)})
    return request.build_absolute_uri(path)


def ensure_card(key, language, card):
    """The storage name of the card, drawing and saving it when it is not there yet."""
    name = storage_name(key, language, digest(card))
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(render(card)))
    return name


def forget_cards(key):
    """Remove every stored card of `key` (a page published anew, unpublished, deleted)."""
    folder = f"{FOLDER}/{key}"
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        default_storage.delete(f"{folder}/{name}")


def _wrap(draw, text, font, width, max_lines):
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and draw.textlength(last + "…", font=font) > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        lines[-1] = last + "…"
    return lines


def render(card):
    """The card as PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    # Wordmark band.
    draw.rectangle((0, 0, WIDTH, 112), fill=BRAND)
    draw.text((MARGIN, 56), "Co-actions", font=_font(700, 52), fill=WHITE, anchor="lm")
    tagline_font = _font(400, 28)
    draw.text((WIDTH - MARGIN, 58), card["tagline"], font=tagline_font, fill=WHITE, anchor="rm")
    y = 168
    if card["kind"]:
        draw.text((MARGIN, y), card["kind"].upper(), font=_font(700, 30), fill=ACCENT, anchor="lm")
        y += 48
    # The title: as large as four lines allow.
    for size, max_lines in ((72, 3), (62, 4), (54, 4)):
        title_font = _font(700, size)
        lines = _wrap(draw, card["title"], title_font, WIDTH - 2 * MARGIN, max_lines)
        if not lines[-1].endswith("…"):
            break
    for line in lines:
        draw.text((MARGIN, y), line, font=title_font, fill=INK, anchor="la")
        y += int(size * 1.15)
    # Labels (themes, country, programme) as outlined tags along the bottom.
    label_font = _font(400, 28)
    x, label_y = MARGIN, HEIGHT - 100
    for label in card["labels"]:
        width = draw.textlength(label, font=label_font) + 32
        if x + width > WIDTH - MARGIN:
            break
        draw.rounded_rectangle(
            (x, label_y, x + width, label_y + 48), radius=24, outline=BRAND, width=3, fill=WHITE
        )
        draw.text((x + 16, label_y + 24), label, font=label_font, fill=BRAND, anchor="lm")
        x += width + 16
    draw.rectangle((0, HEIGHT - 16, WIDTH, HEIGHT), fill=BRAND)
    output = io.BytesIO()
    # Pillow's default compression: `optimize` saves 5 % of the bytes for three times the time.
    image.save(output, format="PNG")
    return output.getvalue()
