"""What a catalogue search asks for, validated once for the page and the API."""

import re
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from django_countries import countries

from catalogue import registry

PAGE_SIZE = 20
MAX_PAGE = 50
MAX_QUERY_LENGTH = 200

SORTS = {"relevance": _("Relevance"), "date": _("Last published")}
FACETS = ("type", "theme", "country", "organisation_type", "programme", "status", "year")
FACET_LABELS = {
    "type": _("Type"),
    "theme": _("Theme"),
    "country": _("Country"),
    "organisation_type": _("Organisation type"),
    "programme": _("Funding programme"),
    "status": _("Status"),
    "year": _("Year"),
}
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class CatalogueQuery:
    q: str = ""
    lang: str = "fr"
    types: tuple = ()
    themes: tuple = ()
    countries: tuple = ()
    organisation_types: tuple = ()
    programmes: tuple = ()
    statuses: tuple = ()
    year_from: int | None = None
    year_to: int | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE
    # The words as typed, never replaced by a spelling correction.
    literal: bool = False

    @property
    def filters(self):
        """Active filters by facet name: {facet: values}; year is a (from, to) range."""
        active = {
            "type": self.types,
            "theme": self.themes,
            "country": self.countries,
            "organisation_type": self.organisation_types,
            "programme": self.programmes,
            "status": self.statuses,
        }
        active = {name: values for name, values in active.items() if values}
        if self.year_from is not None or self.year_to is not None:
            active["year"] = (self.year_from, self.year_to)
        return active

    @property
    def effective_sort(self):
        # Without words there is nothing to rank: browse newest first.
        return self.sort if self.q else "date"

    @property
    def offset(self):
        return (self.page - 1) * self.page_size


@dataclass
class ParsedQuery:
    """The user's words with simple_query_string semantics: terms, "phrases", -exclusions."""

    # Words, or hyphenated words (co-op): read them through word_forms.
    terms: list = field(default_factory=list)
    phrases: list = field(default_factory=list)
    excluded: list = field(default_factory=list)  # as terms
    excluded_phrases: list = field(default_factory=list)

    @property
    def positive_words(self):
        words = [word for term in self.terms for form in word_forms(term) for word in form]
        for phrase in self.phrases:
            words.extend(phrase.split())
        return words


TOKEN = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')
# The quotation marks keyboards and phones type for a phrase: French guillemets (with or
# without their spaces), curly and low quotes. Each is read as a straight quote.
QUOTES = re.compile("[«»“”„‟″]")
# Letters and digits. Everything else separates words, so quotes, and the operators of
# FTS5, PostgreSQL's tsquery and OpenSearch's query syntax, never reach a search engine.
WORD = re.compile(r"[^\W_]+")
# Letters joined by hyphens (co-op, e-commerce, peer-to-peer), punctuation around it aside.
HYPHENATED = re.compile(r"\W*([^\W\d_]+(?:-[^\W\d_]+)+)\W*")
# What is left out of the words typed, as the engines' analysis leaves it out of pages: an
# article or pronoun elided before a word in French, Catalan or Italian (l'économie,
# d'habitants, qu'elle, dell'economia), and the English possessive (women's). Read as a
# phrase with its word, "économie d'énergie" found no page saying "économies d'énergie".
APOSTROPHE = "['\u2019\u02bc]"
ELIDED = re.compile(
    rf"\b(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu|un|dell|all|dall|nell|sull){APOSTROPHE}"
    r"(?=[^\W\d_])",
    re.IGNORECASE,
)
POSSESSIVE = re.compile(rf"(?<=[^\W\d_]){APOSTROPHE}s\b", re.IGNORECASE)


def word_forms(term):
    """The ways a term of ParsedQuery.terms may be written, each a tuple of words: a
    word itself; a hyphenated word its parts joined ("coop", "ecommerce") or the phrase
    of its parts ("co op"). A page with either form matches the term."""
    parts = tuple(term.split("-"))
    if len(parts) == 1:
        return [parts]
    return [("".join(parts),), parts]


def parse_words(q):
    """Terms are single words and phrases are words joined by spaces, whatever was typed.

    A hyphenated word (co-op, co-operative) is one term, kept with its hyphens: the same
    word is written "co-op", "coop" or "co op", and pages saying "cooperative" must be
    found for "co-operative" (word_forms gives what the engines search, letters only).
    Another term made of several words (a"b, aujourd'hui, covid-19) is searched as a
    phrase, which is how the engines' own tokenizers would read it. Inside quotes, a
    hyphenated word is a phrase of its parts, as written. Elided articles and English
    possessives are left out (ELIDED, POSSESSIVE).
    """
    parsed = ParsedQuery()
    q = POSSESSIVE.sub("", ELIDED.sub("", QUOTES.sub('"', q or "")))
    for excluded_phrase, phrase, excluded_word, term in TOKEN.findall(q):
        words = WORD.findall(phrase or term)
        if not words:
            # Operators and punctuation alone are not words.
            continue
        excluded = bool(excluded_phrase or excluded_word)
        hyphenated = None if phrase else HYPHENATED.fullmatch(term)
        if hyphenated:
            (parsed.excluded if excluded else parsed.terms).append(hyphenated.group(1))
        elif len(words) == 1 and not phrase:
            (parsed.excluded if excluded else parsed.terms).append(words[0])
        else:
            (parsed.excluded_phrases if excluded else parsed.phrases).append(" ".join(words))
    return parsed


class MultipleValuesField(forms.MultipleChoiceField):
    widget = forms.MultipleHiddenInput


# Choices read from the catalogue registry when a value is checked, not set on every
# form: copying and normalising them for each search cost more than reading them.
def type_choices():
    return [(t.name, t.label) for t in registry.page_types()]


def facet_choices(name):
    return lambda: [(value, value) for value in registry.facet_values(name)]


class SharedFields(dict):
    """A form's fields, shared by its instances: Django deep-copies them for each form so
    that one can change its own, which this form never does (it checks parameters and
    is never rendered). Copying its 13 fields was a twentieth of an API search's time."""

    def __deepcopy__(self, memo):
        return dict(self)


class SearchForm(forms.Form):
    """Validates query parameters; errors name the parameter and the reason."""

    q = forms.CharField(required=False, strip=True)
    lang = forms.CharField(required=False)
    type = MultipleValuesField(required=False, choices=type_choices)
    # Read with getlist in clean_theme / clean_country: they are validated by shape.
    theme = forms.Field(required=False)
    country = forms.Field(required=False)
    organisation_type = forms.MultipleChoiceField(
        required=False, choices=facet_choices("organisation_type")
    )
    programme = forms.MultipleChoiceField(required=False, choices=facet_choices("programme"))
    status = forms.MultipleChoiceField(required=False, choices=facet_choices("status"))
    year_from = forms.CharField(required=False)
    year_to = forms.CharField(required=False)
    sort = forms.CharField(required=False)
    page = forms.CharField(required=False)
    literal = forms.BooleanField(required=False)

    def __init__(self, data, *, default_lang):
        super().__init__(data)
        self.default_lang = default_lang

    def clean_q(self):
        q = self.cleaned_data["q"]
        if len(q) > MAX_QUERY_LENGTH:
            raise forms.ValidationError(
                _("The query is too long (at most %(max)d characters).") % {"max": MAX_QUERY_LENGTH}
            )
        if CONTROL_CHARACTERS.search(q):
            raise forms.ValidationError(_("The query contains control characters."))
        return " ".join(q.split())

    def clean_lang(self):
        # Language codes are case-insensitive (BCP 47): "EN" is English.
        lang = self.cleaned_data["lang"].strip().lower() or self.default_lang
        if lang not in dict(settings.LANGUAGES):
            raise forms.ValidationError(_("Unknown language: use fr, en or es."))
        return lang

    def clean_theme(self):
        values = self.data.getlist("theme") if hasattr(self.data, "getlist") else []
        for value in values:
            if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,79}", value):
                raise forms.ValidationError(
                    _("%(value)s is not a theme identifier.") % {"value": value}
                )
        return list(dict.fromkeys(values))

    def clean_country(self):
        values = self.data.getlist("country") if hasattr(self.data, "getlist") else []
        cleaned = []
        for value in values:
            code = value.upper()
            if code not in countries:
                raise forms.ValidationError(
                    _("%(value)s is not an ISO 3166 alpha-2 country code.") % {"value": value}
                )
            cleaned.append(code)
        return list(dict.fromkeys(cleaned))

    def _clean_year(self, name):
        value = self.cleaned_data[name].strip()
        if not value:
            return None
        if not re.fullmatch(r"\d{4}", value) or not 1900 <= int(value) <= 2100:
            raise forms.ValidationError(_("The year must be a number between 1900 and 2100."))
        return int(value)

    def clean_year_from(self):
        return self._clean_year("year_from")

    def clean_year_to(self):
        return self._clean_year("year_to")

    def clean_sort(self):
        sort = self.cleaned_data["sort"] or "relevance"
        if sort not in SORTS:
            raise forms.ValidationError(_("Unknown sort: use relevance or date."))
        return sort

    def clean_page(self):
        value = self.cleaned_data["page"].strip() or "1"
        if not re.fullmatch(r"\d{1,3}", value) or not 1 <= int(value) <= MAX_PAGE:
            raise forms.ValidationError(
                _("The page must be a number between 1 and %(max)d.") % {"max": MAX_PAGE}
            )
        return int(value)

    def clean(self):
        data = super().clean()
        year_from, year_to = data.get("year_from"), data.get("year_to")
        if year_from and year_to and year_from > year_to:
            self.add_error("year_to", _("The end year is before the start year."))
        return data

    def to_query(self):
        data = self.cleaned_data
        return CatalogueQuery(
            q=data["q"],
            lang=data["lang"],
            types=tuple(data["type"]),
            themes=tuple(data["theme"]),
            countries=tuple(data["country"]),
            organisation_types=tuple(data["organisation_type"]),
            programmes=tuple(data["programme"]),
            statuses=tuple(data["status"]),
            year_from=data["year_from"],
            year_to=data["year_to"],
            sort=data["sort"],
            page=data["page"],
            literal=data["literal"],
        )

    def error_reasons(self):
        """{parameter: reason} for a 400 answer."""
        return {
            name: " ".join(str(message) for message in messages)
            for name, messages in self.errors.items()
        }


SearchForm.base_fields = SharedFields(SearchForm.base_fields)
