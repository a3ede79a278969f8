"""Cell values as people write them (catalogue.values, catalogue.columns): no database."""

import datetime
import difflib
import random

from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

import pytest

from catalogue import columns as c
from catalogue.values import QUOTE_LIMIT, closest, country_code, parse_date, quote
from partners.choices import OrganisationType
from partners.models import PartnerPage
from practices.choices import PracticeStatus
from projects.choices import Programme
from projects.models import ProjectPage


@pytest.mark.parametrize(
    ("choices", "written", "key"),
    [
        (Programme, "Erasmus+", "erasmus_plus"),
        (Programme, "erasmus plus", "erasmus_plus"),
        (Programme, "  ERASMUS_PLUS ", "erasmus_plus"),
        (Programme, "Fonds social européen", "esf"),
        (Programme, "fonds social europeen", "esf"),
        (Programme, "European Social Fund", "esf"),
        (Programme, "Fondo Social Europeo", "esf"),
        (Programme, "Interreg", "interreg"),
        (Programme, "Programme régional", "regional"),
        (OrganisationType, "ONG", "ngo"),
        (OrganisationType, "Collectivité locale", "local_authority"),
        # A label's first word, when no other choice has it.
        (OrganisationType, "Collectivité", "local_authority"),
        (OrganisationType, "collectivite", "local_authority"),
        (OrganisationType, "Local", "local_authority"),
        (OrganisationType, "Administración", "local_authority"),
        (OrganisationType, "Centre", "research_centre"),
        (Programme, "Fonds", "esf"),
        (OrganisationType, "Centro de investigación", "research_centre"),
        (PracticeStatus, "Terminé", "completed"),
        (PracticeStatus, "terminé", "completed"),
        (PracticeStatus, "En curso", "ongoing"),
        (PracticeStatus, "discontinued", "discontinued"),
    ],
)
def test_choice_accepts_the_key_or_a_label_in_any_language(choices, written, key):
    with translation.override("en"):
        assert c.ChoiceColumn("x", choices).parse(written, None) == key


def column_of(model, name):
    return next(column for column in model.catalogue_columns() if column.name == name)


@pytest.mark.parametrize(
    ("model", "name", "written", "key"),
    [
        (PartnerPage, "organisation_type", "Association", "ngo"),
        (PartnerPage, "organisation_type", "asociacion", "ngo"),
        (PartnerPage, "organisation_type", "SCOP", "cooperative"),
        (PartnerPage, "organisation_type", "Co-op", "cooperative"),
        (PartnerPage, "organisation_type", "Autoridad local", "local_authority"),
        (PartnerPage, "organisation_type", "Ayuntamiento", "local_authority"),
        (PartnerPage, "organisation_type", "Mairie", "local_authority"),
        (PartnerPage, "organisation_type", "Établissement public", "public_body"),
        (ProjectPage, "programme", "FSE+", "esf"),
        (ProjectPage, "programme", "Interreg Sudoe", "interreg"),
    ],
)
def test_the_other_names_a_type_is_declared_with_are_read_as_that_type(model, name, written, key):
    assert column_of(model, name).parse(written, None) == key


def test_a_declared_name_that_names_another_choice_is_refused():
    column = c.ChoiceColumn("programme", Programme, other_names={"esf": ("Interreg",)})
    with pytest.raises(ImproperlyConfigured, match="'Interreg', declared for esf, already names"):
        column.parse("FSE", None)


def test_unknown_choice_lists_keys_and_labels_in_the_editors_language():
    column = c.ChoiceColumn("status", PracticeStatus)
    with translation.override("fr"), pytest.raises(ValueError) as raised:
        column.parse("en pause", None)
    assert "«\u00a0en pause\u00a0»" in str(raised.value) or "'en pause'" in str(raised.value)
    assert "completed (Terminé)" in str(raised.value)


@pytest.mark.parametrize("written", ["Programme", "programa"])
def test_a_first_word_two_choices_share_is_never_guessed(written):
    column = c.ChoiceColumn("programme", Programme)
    with translation.override("en"), pytest.raises(ValueError) as raised:
        column.parse(written, None)
    assert str(raised.value) == (
        f"ambiguous value '{written}' (it could be: regional (Regional programme), "
        "other (Other programme)); write the whole name"
    )


def test_a_word_inside_a_label_is_no_name():
    with translation.override("en"), pytest.raises(ValueError, match="unknown value 'locale'"):
        c.ChoiceColumn("organisation_type", OrganisationType).parse("locale", None)


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("FR", "FR"),
        ("fr", "FR"),
        ("FRA", "FR"),
        ("Canada", "CA"),
        ("España", "ES"),
        ("Espagne", "ES"),
        ("Spain", "ES"),
        ("Belgique", "BE"),
        ("Bélgica", "BE"),
        ("Québec", "CA"),
        ("Quebec", "CA"),
        ("  royaume-uni ", "GB"),
        ("Angleterre", "GB"),
        ("England", "GB"),
        ("Inglaterra", "GB"),
        ("Écosse", "GB"),
        ("Scotland", "GB"),
        ("Pays de Galles", "GB"),
        ("Wales", "GB"),
        # Other names people type (catalogue.values.COUNTRY_ALIASES).
        ("UK", "GB"),
        ("Grande-Bretagne", "GB"),
        ("Irlande du Nord", "GB"),
        ("Northern Ireland", "GB"),
        ("United States", "US"),
        ("USA", "US"),
        ("États-Unis", "US"),
        ("Estados Unidos", "US"),
        ("EE. UU.", "US"),
        ("Tchéquie", "CZ"),
        ("Czech Republic", "CZ"),
        ("Macédoine du Nord", "MK"),
        ("Corée du Sud", "KR"),
        ("Holanda", "NL"),
    ],
)
def test_countries_accept_codes_and_names_in_three_languages(written, code):
    assert country_code(written) == code
    assert c.CountryColumn("country").parse(written, None) == code


def test_country_lists_mix_codes_and_names():
    column = c.CountriesColumn("countries")
    assert column.parse("Canada; fr;España;Québec", None) == ["CA", "ES", "FR"]
    with translation.override("en"), pytest.raises(ValueError) as raised:
        column.parse("France;Atlantis", None)
    assert "'Atlantis' is not a country" in str(raised.value)


@pytest.mark.parametrize(
    ("written", "date"),
    [
        ("2024-02-29", datetime.date(2024, 2, 29)),
        ("31/12/2024", datetime.date(2024, 12, 31)),
        ("1/2/2024", datetime.date(2024, 2, 1)),
        ("15.03.2025", datetime.date(2025, 3, 15)),
        ("15-03-2025", datetime.date(2025, 3, 15)),
        ("15/03/25", datetime.date(2025, 3, 15)),
        # Two-digit years as spreadsheets read them: 00-29 this century, 30-99 the last.
        ("31.12.29", datetime.date(2029, 12, 31)),
        ("01/09/98", datetime.date(1998, 9, 1)),
        ("1-1-30", datetime.date(1930, 1, 1)),
        (datetime.datetime(2024, 5, 6, 0, 0), datetime.date(2024, 5, 6)),
        (datetime.date(2024, 5, 6), datetime.date(2024, 5, 6)),
    ],
)
def test_dates_as_people_write_them(written, date):
    assert c.DateColumn("d").parse(written, None) == date


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "'2024-02-31' is not a real date: February 2024 has no day 31"),
        (
            "fr",
            "«\u00a02024-02-31\u00a0» n'est pas une date réelle\u202f: "
            "février 2024 n'a pas de jour 31",
        ),
        ("es", "«2024-02-31» no es una fecha real: febrero de 2024 no tiene día 31"),
    ],
)
def test_an_impossible_date_says_so_in_the_editors_language(lang, message):
    with translation.override(lang), pytest.raises(ValueError) as raised:
        parse_date("2024-02-31")
    assert str(raised.value) == message


def test_other_impossible_dates():
    with translation.override("en"):
        with pytest.raises(ValueError, match="31/04/2023' is not a real date: April 2023"):
            parse_date("31/04/2023")
        with pytest.raises(ValueError, match="there is no month 13"):
            parse_date("2024-13-01")
        with pytest.raises(ValueError, match="30.02.25' is not a real date: February 2025"):
            parse_date("30.02.25")
        with pytest.raises(ValueError, match="is not a date"):
            parse_date("15/03-2025")  # one separator throughout
        with pytest.raises(ValueError, match=r"write YYYY-MM-DD or DD/MM/YYYY"):
            parse_date("March 2024")


@pytest.mark.parametrize("ref", ["H01", "HP1", "h-01_b.2", "A" * 80])
def test_refs_are_kept_as_written(ref):
    assert c.RefKeyColumn("ref").parse(f" {ref} ", None) == ref


@pytest.mark.parametrize("ref", ["H 01", "é1", "a/b", "A" * 81, "..."])
def test_refs_with_other_characters_are_refused(ref):
    with translation.override("en"), pytest.raises(ValueError, match="not a valid reference"):
        c.RefKeyColumn("ref").parse(ref, None)


def test_published_accepts_true_and_false_in_any_language():
    column = c.PublishedColumn()
    for written in (True, "true", "TRUE", "oui", "sí", "yes", 1):
        assert column.parse(written, None) is True
    for written in (False, "false", "Faux", "no", "non", 0):
        assert column.parse(written, None) is False
    assert column.parse("", None) is None
    with translation.override("en"), pytest.raises(ValueError):
        column.parse("maybe", None)


def test_messages_quote_at_most_80_characters():
    long_value = "x" * 5000
    assert len(quote(long_value)) == QUOTE_LIMIT + 1
    with translation.override("en"), pytest.raises(ValueError) as raised:
        c.IntColumn("year").parse(long_value, None)
    assert len(str(raised.value)) < 150
    with translation.override("en"), pytest.raises(ValueError) as raised:
        c.ChoiceColumn("status", PracticeStatus).parse(long_value, None)
    assert "x" * (QUOTE_LIMIT + 1) not in str(raised.value)


def test_a_lone_surrogate_is_refused_and_quoted_safely():
    with translation.override("en"), pytest.raises(ValueError) as raised:
        c.TextColumn("title").parse("abc\ud800", None)
    message = str(raised.value)
    assert "not valid Unicode" in message
    message.encode("utf-8")  # printable anywhere: the surrogate is escaped


def test_closest_lists_the_nearest_keys_first():
    keys = {"coop": "coop", "radici": "radici", "Radici Comuni": "radici", "lism": "lism"}
    assert closest("radicci", keys)[0] == "radici"
    assert len(closest("radicci", keys)) == 3
    assert closest("COOP", keys)[0] == "coop"


def test_closest_among_thousands_of_names_is_the_full_comparison():
    # Texts that cannot beat the third best so far are skipped: never one that would.
    def compared_in_full(value, candidates, count=3):
        ratios = {}
        for text, key in candidates.items():
            ratio = difflib.SequenceMatcher(None, text.casefold(), value.casefold()).ratio()
            ratios[key] = max(ratios.get(key, 0), ratio)
        return sorted(ratios, key=lambda key: (-ratios[key], key.casefold()))[:count]

    rng = random.Random(4)
    words = ["coopérative", "jardin", "énergie", "réseau", "Pau", "Liège", "régie"]
    names = {}
    for n in range(600):
        key = f"P{n:03}"
        names[key] = key
        names[" ".join(rng.choice(words) for _ in range(3)) + f" {n}"] = key
    for typed in ("cooperative jardin 12", "P01", "reseau", "régie de Liège", "x"):
        assert closest(typed, names) == compared_in_full(typed, names), typed
