"""Cell values as people write them: labels in any language, country names, dates.

The importer accepts what a member of staff would type in a spreadsheet (a programme's
name in French, `España`, `31/12/2024`) and stores the one canonical value; the export
writes that canonical value back. Messages quote a value at most QUOTE_LIMIT characters
long, so no cell can blow up a report.
"""

import calendar
import datetime
import difflib
import heapq
import re
import unicodedata
from functools import cache

from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from django_countries import countries

from core.i18n import LANGUAGE_CODES

QUOTE_LIMIT = 80

# Other names people write for a country, besides its code and its name in French,
# English and Spanish: short and former names, and the province or nation named instead
# of the country (partners from Quebec are Canadian organisations, those from England,
# Scotland, Wales or Northern Ireland British ones). The importer reads them as the
# country; the workbook's README lists them beside its names.
COUNTRY_ALIASES = {
    "CA": ("Québec", "Quebec"),
    "CD": ("RDC", "RD Congo", "DR Congo"),
    "CI": ("Ivory Coast",),
    "CV": ("Cape Verde",),
    "CZ": ("Tchéquie", "Czech Republic", "República Checa"),
    "GB": (
        "UK",
        "U.K.",
        "Grande-Bretagne",
        "Great Britain",
        "Gran Bretaña",
        "Angleterre",
        "England",
        "Inglaterra",
        "Écosse",
        "Scotland",
        "Escocia",
        "Pays de Galles",
        "Wales",
        "Gales",
        "Irlande du Nord",
        "Northern Ireland",
        "Irlanda del Norte",
    ),
    "MK": ("Macédoine du Nord",),
    "MM": ("Burma",),
    "NL": ("Hollande", "Holland", "Holanda", "The Netherlands"),
    "SZ": ("Swaziland",),
    "TL": ("East Timor",),
    "TR": ("Turkey",),
    "US": ("États-Unis", "United States", "U.S.A.", "EE. UU.", "EEUU"),
    "VA": ("Vatican", "Vaticano"),
}


def quote(value, limit=QUOTE_LIMIT):
    """`value` as text for a message: at most `limit` characters, lone surrogates escaped."""
    text = str(value)
    if len(text) > limit:
        text = text[:limit] + "…"
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def normalize(text):
    """Compare-ready text: no accents, case or punctuation ("Erasmus+" == "erasmus plus")."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    return " ".join(re.findall(r"[^\W_]+", text.replace("+", " plus ")))


def choice_names(choices, other_names=None):
    """({normalized name: key}, {normalized word: [keys]}) for a Django `TextChoices`.

    A choice is named by its key, by its label in each language, by the other names
    declared for it (`other_names`, {key: (name, ...)}: `SCOP` for a cooperative), and
    by a label's first word when no other choice's names hold that word: people write
    `Collectivité` for "Collectivité locale". A first word that other choices' names
    hold too names none of them (`Programme`: "Programme régional" or "Other
    programme"); the second mapping lists the choices it could mean, so a message can
    say so instead of guessing. A declared name that already names another choice is a
    mistake in the declaration (ImproperlyConfigured).
    """
    aliases = {}
    names = {value: [normalize(value)] for value in choices.values}
    for value in choices.values:
        aliases.setdefault(normalize(value), value)
    for code in LANGUAGE_CODES:
        with translation.override(code):
            for value, label in choices.choices:
                aliases.setdefault(normalize(label), value)
                names[value].append(normalize(label))
    for value, declared in (other_names or {}).items():
        for name in declared:
            if aliases.setdefault(normalize(name), value) != value:
                raise ImproperlyConfigured(
                    f"{choices.__name__}: '{name}', declared for {value}, already names "
                    f"{aliases[normalize(name)]}"
                )
    holders = {}  # word: the choices whose names hold it, in the choices' order
    for value, texts in names.items():
        for word in {word for text in texts for word in text.split()}:
            holders.setdefault(word, []).append(value)
    ambiguous = {}
    for value, texts in names.items():
        for text in texts:
            words = text.split()
            if len(words) < 2 or words[0] in aliases:
                continue
            if holders[words[0]] == [value]:
                aliases[words[0]] = value
            else:
                ambiguous[words[0]] = holders[words[0]]
    return aliases, ambiguous


@cache
def _country_names():
    names = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            for country in countries:
                names.setdefault(normalize(country.name), country.code)
    names.update(
        (normalize(alias), code) for code, aliases in COUNTRY_ALIASES.items() for alias in aliases
    )
    return names


def country_code(text):
    """The ISO 3166 alpha-2 code of a code (alpha-2 or alpha-3) or name, or None."""
    text = text.strip()
    if len(text) == 2 and text.upper() in countries:
        return text.upper()
    code = _country_names().get(normalize(text))
    if code is None and len(text) == 3:
        code = countries.alpha2(text.upper()) or None
    return code


TWO_DIGIT_PIVOT = 30
DATE_FORMATS = (
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"),
    # Day first, as people write dates in French and Spanish: 15/03/2025, 15.03.2025,
    # 15-03-2025, and with a two-digit year 15/03/25.
    re.compile(r"(?P<day>\d{1,2})(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})"),
)


def parse_date(text):
    """A date from `YYYY-MM-DD` or day first (`DD/MM/YYYY`, `DD.MM.YYYY`, `DD-MM-YYYY`, a
    two-digit year read as spreadsheets read it); ValueError saying what is wrong."""
    for pattern in DATE_FORMATS:
        match = pattern.fullmatch(text)
        if match:
            break
    else:
        raise ValueError(
            _("'%(value)s' is not a date (write YYYY-MM-DD or DD/MM/YYYY)") % {"value": quote(text)}
        )
    year, month, day = (int(match[part]) for part in ("year", "month", "day"))
    if len(match["year"]) == 2:
        # As Excel and LibreOffice read it: 00-29 is 2000-2029, 30-99 is 1930-1999 (a
        # practice started in "98" is not from 2098).
        year += 2000 if year < TWO_DIGIT_PIVOT else 1900
    if not 1 <= month <= 12:
        raise ValueError(
            _("'%(value)s' is not a real date: there is no month %(month)s")
            % {"value": text, "month": month}
        )
    if year < 1 or not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(
            _("'%(value)s' is not a real date: %(month)s %(year)s has no day %(day)s")
            % {"value": text, "month": MONTHS[month], "year": year, "day": day}
        )
    return datetime.date(year, month, day)


def closest(value, candidates, count=3):
    """The `count` keys nearest to `value` (case ignored), nearest first.

    `candidates` maps each text that names an object (its key, its names) to its key.
    A text whose quick upper bounds of the ratio fall below the `count`-th best key's
    ratio so far cannot change the answer, and is not compared in full: with the names
    of thousands of pages, most are not."""
    matcher = difflib.SequenceMatcher(b=value.casefold()[:QUOTE_LIMIT])
    best = {}
    floor = 0.0  # the count-th best ratio of a key so far (0 while fewer keys are known)
    for text, key in candidates.items():
        matcher.set_seq1(text.casefold())
        if floor and (matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor):
            continue
        ratio = matcher.ratio()
        if ratio > best.get(key, 0) or key not in best:
            best[key] = ratio
            if ratio > floor:
                floor = heapq.nlargest(count, best.values())[-1] if len(best) >= count else 0.0
    return sorted(best, key=lambda key: (-best[key], key.casefold()))[:count]
