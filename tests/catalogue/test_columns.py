"""Spreadsheet columns: each parses a cell or says, in words a person can act on, why not.

Unit tests on the column objects; the importer tests (tests/practices/) check the same
rules end to end, with the sheet, row and column named in the message."""

import datetime

from django.db import models
from django.test import SimpleTestCase
from django.utils import translation

from catalogue import columns as c
from catalogue.values import normalize


class Choices(models.TextChoices):
    ONGOING = "ongoing", "Ongoing"
    COMPLETED = "completed", "Completed"


class Context:
    """The importer's context, reduced to what columns ask: which key a ref names (any
    case, or a name {sheet: {name: [keys]}} without case or accents, when only one object
    has it), which objects a name names, and the closest known keys (none here)."""

    def __init__(self, known, names=None):
        self.known = known
        self.names = {
            sheet: {normalize(name): keys for name, keys in names.items()}
            for sheet, names in (names or {}).items()
        }

    def resolve(self, sheet, ref):
        key = next((key for key in self.known.get(sheet, ()) if key.lower() == ref.lower()), None)
        named = self.named(sheet, ref)
        return key or (named[0] if len(named) == 1 else None)

    def named(self, sheet, ref):
        return self.names.get(sheet, {}).get(normalize(ref), [])

    def suggestions(self, sheet, ref):
        return []


NO_REFS = Context({})


class ColumnTestCase(SimpleTestCase):
    def setUp(self):
        # The messages are asserted in English.
        self.enterContext(translation.override("en"))

    def assertRejects(self, column, raw, message, context=NO_REFS):
        with self.assertRaises(ValueError) as raised:
            column.parse(raw, context)
        self.assertEqual(str(raised.exception), message)


class TestTextColumn(ColumnTestCase):
    def test_text_is_stripped_and_numbers_read_as_text(self):
        column = c.TextColumn("city")
        self.assertEqual(column.parse("  Liège ", NO_REFS), "Liège")
        self.assertEqual(column.parse(2019.0, NO_REFS), "2019")  # a spreadsheet number
        self.assertEqual(column.parse(None, NO_REFS), "")

    def test_max_length(self):
        column = c.TextColumn("acronym", max_length=5)
        self.assertEqual(column.parse("ABCDE", NO_REFS), "ABCDE")
        self.assertRejects(column, "ABCDEF", "at most 5 characters (got 6)")

    def test_required(self):
        self.assertRejects(c.TextColumn("name", required=True), "  ", "a value is required")


class TestIntColumn(ColumnTestCase):
    column = c.IntColumn("year", minimum=1900, maximum=2100)

    def test_whole_numbers_in_range(self):
        self.assertEqual(self.column.parse("2019", NO_REFS), 2019)
        self.assertEqual(self.column.parse(2019.0, NO_REFS), 2019)
        self.assertIsNone(self.column.parse("", NO_REFS))

    def test_not_a_whole_number(self):
        self.assertRejects(self.column, "2019.5", "'2019.5' is not a whole number")
        self.assertRejects(self.column, "vingt", "'vingt' is not a whole number")

    def test_out_of_range(self):
        self.assertRejects(self.column, "1899", "1899 is outside 1900-2100")
        self.assertRejects(self.column, "2101", "2101 is outside 1900-2100")


class TestDateColumn(ColumnTestCase):
    column = c.DateColumn("last_reviewed")

    def test_iso_dates_and_spreadsheet_dates(self):
        day = datetime.date(2025, 3, 14)
        self.assertEqual(self.column.parse("2025-03-14", NO_REFS), day)
        self.assertEqual(self.column.parse(day, NO_REFS), day)
        self.assertEqual(self.column.parse(datetime.datetime(2025, 3, 14, 0, 0), NO_REFS), day)
        self.assertIsNone(self.column.parse("", NO_REFS))
        self.assertEqual(self.column.export(day), "2025-03-14")

    def test_day_month_year_is_read_too(self):
        self.assertEqual(self.column.parse("14/03/2025", NO_REFS), datetime.date(2025, 3, 14))

    def test_other_forms_are_rejected(self):
        self.assertRejects(
            self.column,
            "2025-02-30",
            "'2025-02-30' is not a real date: February 2025 has no day 30",
        )
        self.assertRejects(
            self.column, "demain", "'demain' is not a date (write YYYY-MM-DD or DD/MM/YYYY)"
        )


class TestChoiceColumn(ColumnTestCase):
    column = c.ChoiceColumn("status", Choices)

    def test_known_value(self):
        self.assertEqual(self.column.parse("completed", NO_REFS), "completed")

    def test_unknown_value_lists_the_expected_ones(self):
        self.assertRejects(
            self.column,
            "finished",
            "unknown value 'finished' (expected one of: ongoing (Ongoing), completed (Completed))",
        )

    def test_required_by_default(self):
        self.assertRejects(self.column, "", "a value is required")


class TestCountriesColumn(ColumnTestCase):
    column = c.CountriesColumn("countries")

    def test_codes_are_uppercased_deduplicated_and_sorted(self):
        self.assertEqual(self.column.parse("fr; ES ;FR", NO_REFS), ["ES", "FR"])
        self.assertEqual(self.column.parse(["be", "fr"], NO_REFS), ["BE", "FR"])
        self.assertEqual(self.column.parse("", NO_REFS), [])

    def test_unknown_codes_are_listed(self):
        self.assertRejects(
            self.column,
            "FR;FRA;XX",
            "'XX' is not a country (write its name or ISO 3166 code, e.g. FR or France)",
        )

    def test_a_line_break_separates_countries_too(self):
        self.assertEqual(self.column.parse("France\nEspaña\r\nBE", NO_REFS), ["BE", "ES", "FR"])

    def test_a_comma_separates_names_as_people_type_them(self):
        self.assertEqual(self.column.parse("France, Espagne", NO_REFS), ["ES", "FR"])
        self.assertEqual(self.column.parse("Belgique; France, Italie", NO_REFS), ["BE", "FR", "IT"])
        self.assertRejects(
            self.column,
            "France, Narnia",
            "'Narnia' is not a country (write its name or ISO 3166 code, e.g. FR or France)",
        )


class TestUpdatedAtColumn(ColumnTestCase):
    column = c.UpdatedAtColumn()

    def test_a_time_later_than_now_is_refused(self):
        self.assertEqual(
            self.column.parse("2025-03-01T10:20:30Z", NO_REFS),
            datetime.datetime(2025, 3, 1, 10, 20, 30, tzinfo=datetime.UTC),
        )
        self.assertRejects(
            self.column,
            datetime.datetime(2999, 1, 1, 12),
            "'2999-01-01T12:00:00Z' is later than now: it must be the time the row was "
            "exported; leave it as exported",
        )


class TestURLColumn(ColumnTestCase):
    column = c.URLColumn("website")

    def test_an_address_without_its_scheme_gets_https(self):
        for typed, stored in [
            ("www.regie.fr", "https://www.regie.fr"),
            ("regie-quartier.fr/contact?x=1", "https://regie-quartier.fr/contact?x=1"),
            ("http://regie.fr", "http://regie.fr"),
        ]:
            self.assertEqual(self.column.parse(typed, NO_REFS), stored)

    def test_other_schemes_and_non_addresses_are_refused(self):
        for typed in ("ftp://regie.fr", "javascript:alert(1)", "regie", "mailto:a@regie.fr"):
            self.assertRejects(self.column, typed, f"'{typed}' is not a valid http(s) address")


class TestRefListColumn(ColumnTestCase):
    context = Context({"partners": {"coop", "muni", "asso"}})

    def test_known_refs_sorted_unless_ordered(self):
        unordered = c.RefListColumn("partners", "partners")
        ordered = c.RefListColumn("partners", "partners", ordered=True)
        self.assertEqual(unordered.parse("muni;coop", self.context), ["coop", "muni"])
        self.assertEqual(ordered.parse("muni;coop", self.context), ["muni", "coop"])
        self.assertEqual(unordered.parse(["asso"], self.context), ["asso"])

    def test_unknown_refs_are_named(self):
        self.assertRejects(
            c.RefListColumn("partners", "partners"),
            "coop;nope;gone",
            "unknown partners reference 'nope'; unknown partners reference 'gone'",
            self.context,
        )

    def test_a_ref_listed_twice(self):
        self.assertRejects(
            c.RefListColumn("partners", "partners"),
            "coop;muni;coop",
            "a reference is listed twice",
            self.context,
        )


class TestRefListsAsPeopleTypeThem(ColumnTestCase):
    """Commas and line breaks (Alt+Enter in a cell) separate refs; names stand for refs."""

    context = Context(
        {"partners": {"H01", "HP1", "P.3"}, "themes": {"ess", "housing", "shared"}},
        names={
            "partners": {
                "Coopérative Co-actions": ["H01"],
                "Ville de Pau, service culture": ["P.3"],
                "Lieu commun": ["HP1", "P.3"],
            },
            "themes": {"Habitat, logement": ["housing"], "Économie sociale": ["ess"]},
        },
    )
    partners = c.RefListColumn("partners", "partners")
    ordered = c.RefListColumn("partners", "partners", ordered=True)
    themes = c.RefListColumn("themes", "themes", key="slug")

    def test_commas_line_breaks_and_semicolons_separate_refs(self):
        for typed in (
            "H01, hp1",
            "H01,HP1",
            "H01\nHP1",
            "H01\r\nHP1",
            "H01;\n HP1,\n",
            "  hp1 ,, h01  ",
        ):
            with self.subTest(typed=typed):
                self.assertEqual(self.partners.parse(typed, self.context), ["H01", "HP1"])
        self.assertEqual(self.ordered.parse("p.3, H01\nhp1", self.context), ["P.3", "H01", "HP1"])

    def test_a_name_stands_for_its_ref_and_may_hold_a_comma(self):
        self.assertEqual(self.partners.parse(" coopérative CO-ACTIONS ", self.context), ["H01"])
        self.assertEqual(
            self.ordered.parse(
                "Ville de Pau, service culture, hp1, Cooperative Co-actions", self.context
            ),
            ["P.3", "HP1", "H01"],
        )
        self.assertEqual(
            c.RefColumn("coordinator", "partners").parse(
                "ville de pau, SERVICE culture", self.context
            ),
            "P.3",
        )

    def test_refs_win_over_a_name_their_parts_would_make(self):
        context = Context(
            {"partners": {"coop", "mairie", "cm"}},
            names={"partners": {"Coop Mairie": ["cm"], "coop, mairie": ["cm"]}},
        )
        self.assertEqual(self.partners.parse("coop, mairie", context), ["coop", "mairie"])
        self.assertEqual(self.partners.parse("Coop Mairie", context), ["cm"])

    def test_a_name_several_objects_have_names_them_and_asks_for_the_ref(self):
        self.assertRejects(
            self.partners,
            "H01, Lieu commun",
            "'Lieu commun' names several partners: HP1, P.3; write the ref",
            self.context,
        )
        self.assertRejects(
            c.RefColumn("coordinator", "partners"),
            " lieu COMMUN ",
            "'lieu COMMUN' names several partners: HP1, P.3; write the ref",
            self.context,
        )
        self.assertRejects(
            self.themes,
            "Transition",
            "'Transition' names several themes: ess, shared; write the key",
            Context(self.context.known, {"themes": {"Transition": ["ess", "shared"]}}),
        )

    def test_names_in_a_list_of_keys_are_separated_by_semicolons_or_line_breaks_only(self):
        self.assertEqual(
            self.themes.parse("Habitat, logement\nÉconomie sociale; shared", self.context),
            ["ess", "housing", "shared"],
        )
        self.assertRejects(
            self.themes, "ess, shared", "unknown themes reference 'ess, shared'", self.context
        )

    def test_the_readme_says_what_a_list_accepts(self):
        self.assertEqual(
            self.partners.describe(),
            "Refs of rows of the partners sheet or of the site, or their names or titles in "
            "French, English or Spanish, separated by ';', ',' or line breaks (case and "
            "accents ignored).",
        )
        self.assertEqual(
            self.themes.describe(),
            "Keys or names of the themes sheet or of the site, separated by ';' or line breaks.",
        )


class TestTranslatedColumn(ColumnTestCase):
    column = c.TranslatedColumn(c.TextColumn("title", required=True, max_length=10))

    def test_one_header_per_language(self):
        self.assertEqual(self.column.headers, ["title_fr", "title_en", "title_es"])

    def test_only_french_is_required(self):
        row = {"title_fr": "Jardin", "title_en": "", "title_es": None}
        self.assertEqual(
            self.column.parse_row(row, NO_REFS),
            {"title_fr": "Jardin", "title_en": "", "title_es": ""},
        )
        with self.assertRaises(c.ColumnError) as raised:
            self.column.parse_row({"title_fr": "", "title_en": "Garden"}, NO_REFS)
        self.assertEqual(raised.exception.column, "title_fr")
        self.assertEqual(str(raised.exception), "the French text is required")

    def test_a_header_the_row_does_not_hold_is_no_value(self):
        # The importer leaves it as it is (a new row gets it as an empty cell).
        row = {"title_en": "Garden"}
        self.assertEqual(self.column.parse_row(row, NO_REFS), {"title_en": "Garden"})
        self.assertEqual(self.column.export_row(row), {"title_en": "Garden"})

    def test_errors_name_the_language_column(self):
        with self.assertRaises(c.ColumnError) as raised:
            self.column.parse_row({"title_fr": "Jardin", "title_es": "Huerto compartido"}, NO_REFS)
        self.assertEqual(raised.exception.column, "title_es")
        self.assertEqual(str(raised.exception), "at most 10 characters (got 17)")

    def test_write_mirrors_french_into_the_untranslated_attribute(self):
        class Page:
            pass

        page = Page()
        self.column.write_row(
            page, {"title_fr": "Jardin", "title_en": "Garden", "title_es": ""}, NO_REFS
        )
        self.assertEqual(
            (page.title_fr, page.title_en, page.title_es, page.title),
            ("Jardin", "Garden", "", "Jardin"),
        )
