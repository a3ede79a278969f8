"""Behaviour both catalogue backends share, written once and run against each.

The database cases run on whatever DATABASE_URL names (CI runs the suite on PostgreSQL
and on SQLite); the OpenSearch cases need OPENSEARCH_URL.
"""

from collections import Counter
from datetime import timedelta
from unittest import mock

from django.utils import timezone

import pytest

from core.cache import current_version
from glossary.models import GlossaryTerm
from practices.models import PracticePage, Theme
from search import database_index
from search.backends import database, opensearch
from search.documents import documents_for, facet_values, searchable_ids
from search.models import SearchFacet, SearchFacetCount
from search.query import CatalogueQuery
from tests.factories.practices import PracticePageFactory
from tests.search.search_fixtures import (
    ECO,
    GOV,
    VISIBLE,
    CatalogueTestCase,
    OpenSearchTestCase,
    titles,
)


class SharedBehaviour:
    backend = None

    def search(self, **kwargs):
        kwargs.setdefault("lang", "en")
        return self.backend.search(CatalogueQuery(**kwargs))

    def test_browsing_shows_every_live_public_page_with_facets(self):
        result = self.search(page_size=50)
        self.assertEqual(result.count, sum(VISIBLE.values()))
        self.assertEqual(result.facets["type"], dict(VISIBLE.items()))
        titles = {hit.title for hit in result.hits}
        self.assertNotIn("Hidden draft", titles)
        self.assertNotIn("Restricted sheet", titles)

    def test_result_shape(self):
        result = self.search(q="repair", lang="es")
        self.assertEqual(result.backend, self.backend_name)
        hit = next(h for h in result.hits if h.type == "practice")
        self.assertEqual(hit.title, "Talleres de reparación en los pueblos")
        self.assertEqual(hit.lang, "es")
        self.assertTrue(hit.url.startswith("/es/"), hit.url)
        self.assertIn("Voluntarios", hit.summary)
        payload = result.as_json()
        self.assertEqual(
            set(payload),
            {"query", "corrected_query", "lang", "backend", "count", "page", "results", "facets"},
        )
        self.assertEqual(
            set(payload["results"][0]),
            {"type", "title", "url", "lang", "summary", "highlight", "score", "languages", "match"},
        )
        self.assertEqual(
            set(payload["facets"]),
            {"type", "theme", "country", "organisation_type", "programme", "status", "year"},
        )

    def test_a_page_without_the_visitors_language_is_shown_in_its_own(self):
        result = self.search(q="coopératives agricoles", lang="es")
        hit = next(h for h in result.hits if h.type == "practice")
        self.assertEqual(hit.lang, "fr")
        self.assertEqual(hit.title, "L'économie des coopératives agricoles")
        self.assertTrue(hit.url.startswith("/es/"), "the URL stays in the visitor's language")

    def test_type_filter(self):
        result = self.search(types=("partner",), page_size=50)
        self.assertEqual({hit.type for hit in result.hits}, {"partner"})
        self.assertEqual(result.count, VISIBLE["partner"])

    def test_theme_filter_excludes_types_without_themes(self):
        result = self.search(themes=(GOV,), page_size=50)
        self.assertEqual(
            {hit.title for hit in result.hits},
            {"Repair workshops in villages", "Deciding by consent"},
        )

    def test_values_of_one_facet_combine_with_or_and_facets_with_and(self):
        either = self.search(countries=("CA", "ES"), page_size=50)
        # Practices in CA or ES, partners based there, projects with a partner there.
        self.assertEqual(either.count, 2 + 2 + 2)
        both = self.search(countries=("CA", "ES"), types=("practice",), page_size=50)
        self.assertEqual(
            {hit.title for hit in both.hits},
            {"Repair workshops in villages", "Deciding by consent"},
        )

    def test_each_facet_is_counted_without_its_own_filter(self):
        result = self.search(themes=(GOV,))
        self.assertEqual(result.facets["theme"], {ECO: 4, GOV: 2})
        self.assertEqual(result.facets["type"], {"practice": 2})
        self.assertEqual(result.facets["country"], {"CA": 1, "ES": 1, "FR": 1})

    def test_each_count_is_what_choosing_that_value_shows(self):
        filters = {
            "type": "types",
            "theme": "themes",
            "country": "countries",
            "organisation_type": "organisation_types",
            "programme": "programmes",
            "status": "statuses",
        }
        # Without a filter, and with one: the facets it leaves alone are counted together,
        # its own apart (years and the statuses projects take from their dates included).
        for active in (
            {},
            {"countries": ("CA", "ES", "FR")},
            {"year_from": 2019, "year_to": 2021},
            {"statuses": ("ongoing",)},
        ):
            facets = self.search(**active).facets
            self.assertTrue(facets["status"] and facets["year"] and facets["programme"])
            for name, counts in facets.items():
                for value, n in counts.items():
                    chosen = (
                        {"year_from": int(value), "year_to": int(value)}
                        if name == "year"
                        else {filters[name]: (value,)}
                    )
                    with self.subTest(active=active, facet=name, value=value):
                        self.assertEqual(self.search(**{**active, **chosen}).count, n)

    def test_organisation_type_and_programme_filters(self):
        partners = self.search(organisation_types=("network", "ngo"))
        self.assertEqual({h.title for h in partners.hits}, {"Réseau Boréal", "Huerta Común"})
        projects = self.search(programmes=("esf",))
        self.assertEqual([h.title for h in projects.hits], ["Project pj-now"])

    def test_project_status_is_derived_from_its_dates(self):
        planned = self.search(statuses=("planned",))
        self.assertEqual([h.title for h in planned.hits], ["Project pj-future"])
        ongoing = self.search(statuses=("ongoing",), page_size=50)
        self.assertEqual(
            {h.title for h in ongoing.hits},
            {
                "Project pj-now",
                "Repair workshops in villages",
                "Urban biodiversity on rooftops",
                "School vegetable gardens",
            },
        )
        completed = self.search(statuses=("completed",))
        self.assertEqual(
            {h.title for h in completed.hits},
            {"Project pj-past", "L'économie des coopératives agricoles"},
        )
        self.assertEqual(
            completed.facets["status"].get("discontinued"), 1, "other statuses keep their counts"
        )

    def test_year_range(self):
        result = self.search(year_from=2019, year_to=2021, page_size=50)
        # Practices started 2019 and 2021, partners that joined 2020, projects from 2020.
        self.assertEqual(
            {h.title for h in result.hits},
            {
                "Repair workshops in villages",
                "Deciding by consent",
                "Réseau Boréal",
                "Project pj-now",
            },
        )

    def test_pagination(self):
        first = self.search(page_size=4, page=1)
        second = self.search(page_size=4, page=2)
        self.assertEqual(first.count, second.count)
        self.assertEqual(len(first.hits), 4)
        self.assertFalse({h.page_id for h in first.hits} & {h.page_id for h in second.hits})

    def test_date_sort_puts_the_latest_published_first(self):
        result = self.search(types=("practice",), sort="date", page_size=50)
        dates = [hit.published_at for hit in result.hits]
        self.assertEqual(dates, sorted(dates, reverse=True))

    def test_words_find_text_in_any_language(self):
        self.assertIn(
            "Repair workshops in villages", {h.title for h in self.search(q="reparación").hits}
        )
        self.assertIn(
            "Repair workshops in villages", {h.title for h in self.search(q="réparation").hits}
        )

    def test_exclusions_alone_and_excluded_phrases(self):
        titles = {h.title for h in self.search(q="-repair", page_size=50).hits}
        self.assertNotIn("Repair workshops in villages", titles)
        self.assertIn("Deciding by consent", titles)
        sheet = "L'économie des coopératives agricoles"
        self.assertNotIn(
            sheet, {h.title for h in self.search(q='agricoles -"jardins partagés"').hits}
        )
        self.assertIn(sheet, {h.title for h in self.search(q='agricoles -"partagés jardins"').hits})

    def test_a_chosen_filter_without_results_stays_visible(self):
        result = self.search(q="repair", themes=("no-such-theme",))
        self.assertEqual(result.count, 0)
        chosen = [v for v in result.facet_lists["theme"] if v["selected"]]
        self.assertEqual([(v["value"], v["count"]) for v in chosen], [("no-such-theme", 0)])

    def test_a_renamed_theme_is_shown_by_its_new_name_at_once(self):
        def theme_label():
            facet = self.search(q="repair").facet_lists["theme"]
            return next(v["label"] for v in facet if v["value"] == ECO)

        before = theme_label()
        theme = Theme.objects.get(slug=ECO)
        theme.name_fr = "Économie solidaire, renommée"
        with self.captureOnCommitCallbacks(execute=True):
            theme.save()
        self.assertNotEqual(before, "Économie solidaire, renommée")
        self.assertEqual(theme_label(), "Économie solidaire, renommée")

    def test_the_labels_of_every_facet_cost_one_cache_read(self):
        # With Redis each read is a round trip: one per facet was seven per search.
        result = self.search(q="repair")
        with mock.patch("search.results.current_version", wraps=current_version) as read:
            self.assertTrue(result.facet_lists["theme"])
        self.assertEqual(read.call_count, 1)

    def test_nothing_found(self):
        result = self.search(q="zzzqqq")
        self.assertEqual((result.count, result.hits), (0, []))

    def test_pages_with_most_of_the_words_are_shown_marked_partial(self):
        result = self.search(q="consent assemblies bees")
        self.assertEqual(
            [(h.title, h.match) for h in result.hits], [("Deciding by consent", "partial")]
        )
        self.assertTrue(result.partial)
        self.assertEqual(result.count, 1)
        self.assertEqual(result.facets["type"], {"practice": 1})
        self.assertEqual(result.as_json()["results"][0]["match"], "partial")

    def test_complete_matches_come_first_and_stop_words_do_not_count(self):
        result = self.search(q="the biodiversity and the bees", page_size=50)
        self.assertEqual(
            [(h.title, h.match) for h in result.hits],
            [("Urban biodiversity on rooftops", "all"), ("School vegetable gardens", "partial")],
        )
        self.assertEqual(result.count, 2)

    def test_partial_matches_keep_exclusions_and_phrases(self):
        self.assertEqual(self.search(q="consent assemblies bees -quebec").count, 0)
        result = self.search(q='bees consent "town centre"')
        self.assertEqual([h.title for h in result.hits], ["Urban biodiversity on rooftops"])

    def test_partial_matches_page_on_in_the_order_of_the_first_page(self):
        q = "biodiversity bees garden parents"
        everything = self.search(q=q, page_size=50)
        self.assertEqual(
            {(h.title, h.match) for h in everything.hits},
            {
                ("School vegetable gardens", "partial"),
                ("Urban biodiversity on rooftops", "partial"),
            },
        )
        pages = [self.search(q=q, page_size=1, page=page) for page in (1, 2)]
        self.assertEqual(
            [h.title for p in pages for h in p.hits], [h.title for h in everything.hits]
        )
        self.assertEqual([p.count for p in pages], [2, 2])

    def test_enough_complete_matches_show_no_partial_ones(self):
        result = self.search(q="repair", page_size=50)
        self.assertFalse(result.partial)
        self.assertEqual({h.match for h in result.hits}, {"all"})

    def test_a_glossary_term_of_several_words_is_found_written_together(self):
        # Its words anywhere found "coopérative ... habitants" in every page about a
        # cooperative and a village's inhabitants, as if it named cohousing.
        with self.captureOnCommitCallbacks(execute=True):
            GlossaryTerm.objects.create(
                key="cohousing-test",
                term_fr="habitat participatif",
                synonyms_fr="coopérative d'habitants",
            )
            together = PracticePageFactory(
                ref="together", summary_fr="Une coopérative d'habitants rénove un immeuble."
            )
            PracticePageFactory(
                ref="apart",
                summary_fr="La coopérative agricole vend ses légumes au marché couvert "
                "du bourg, où viennent chaque samedi les habitants du village.",
            )
        # A TestCase never commits: the database backend's index is filled by hand.
        database_index.rebuild()
        hits = self.search(q="habitat participatif", lang="fr").hits
        self.assertEqual([(h.page_id, h.match) for h in hits], [(together.pk, "all")])

    def test_a_glossary_word_finds_pages_written_with_another_term(self):
        # "boîte" is nowhere in the catalogue; the glossary says it is a company
        # ("entreprise", "empresa", "company"); none of these is either, so nothing.
        self.assertEqual(self.search(q="boîte").count, 0)
        # Once saved, the concept changes the results, with no rebuild (OpenSearch tags
        # the pages naming it when the edit commits).
        with self.captureOnCommitCallbacks(execute=True):
            GlossaryTerm.objects.create(
                key="garden-test",
                term_fr="potager",
                term_en="vegetable garden",
                term_es="huerto escolar",
                synonyms_fr="lopin",
            )
        titles = [h.title for h in self.search(q="lopin").hits]
        self.assertEqual(titles, ["School vegetable gardens"])
        concept = GlossaryTerm.objects.get(key="garden-test")
        concept.synonyms_fr = ""
        with self.captureOnCommitCallbacks(execute=True):
            concept.save()
        self.assertEqual(self.search(q="lopin").count, 0)
        concept.synonyms_fr = "lopin"
        with self.captureOnCommitCallbacks(execute=True):
            concept.save()
        self.assertEqual(self.search(q="lopin").count, 1)
        with self.captureOnCommitCallbacks(execute=True):
            concept.delete()
        self.assertEqual(self.search(q="lopin").count, 0)


class DatabaseBackendTests(SharedBehaviour, CatalogueTestCase):
    backend = database
    backend_name = "database"

    def test_score_is_null_and_highlight_marks_the_words(self):
        result = self.search(q="volunteers")
        hit = result.hits[0]
        self.assertIsNone(hit.score)
        self.assertIn("<mark>Volunteers</mark>", hit.highlight)

    def test_a_few_complete_matches_are_followed_by_partial_ones(self):
        # "huerto compartido" found three pages with both words, weak ones, and not the
        # sheet about gardens, which says "huerto" but not "compartido".
        both = [
            PracticePageFactory(ref=f"both-{n}", **titles(f"Verger {n}", f"Shared orchard {n}"))
            for n in range(3)
        ]
        one = PracticePageFactory(ref="one", **titles("Vergers", "Municipal orchards"))
        database_index.rebuild()
        hits = self.search(q="shared orchard", page_size=50).hits
        self.assertEqual({h.page_id for h in hits if h.match == "all"}, {p.pk for p in both})
        self.assertEqual([h.match for h in hits[:3]], ["all"] * 3)
        self.assertIn((one.pk, "partial"), [(h.page_id, h.match) for h in hits])
        # Enough pages with every word: those alone.
        for n in range(3, 5):
            PracticePageFactory(ref=f"both-{n}", **titles(f"Verger {n}", f"Shared orchard {n}"))
        database_index.rebuild()
        result = self.search(q="shared orchard", page_size=50)
        self.assertFalse(result.partial)
        self.assertNotIn(one.pk, [h.page_id for h in result.hits])

    def test_pages_with_the_words_as_typed_come_first_then_the_others_by_relevance(self):
        GlossaryTerm.objects.create(
            key="garden-test", term_fr="potager", term_en="allotment", synonyms_fr="lopin"
        )
        moment = timezone.now()
        portugal = {"countries": ["PT"]}
        typed = PracticePageFactory(
            ref="g-typed", **titles("Un lopin partagé", "A shared plot"), **portugal
        )
        strong = PracticePageFactory(
            ref="g-strong",
            **titles("Potager, potager, potager", "Allotment allotments"),
            **portugal,
        )
        weak = PracticePageFactory(
            ref="g-weak",
            **titles("Une cour d'école", "A schoolyard"),
            summary_en="Pupils, parents, teachers, neighbours and an allotment.",
            **portugal,
        )
        # Filtered out: the pages ranked are then some of those the words find.
        for number in range(3):
            PracticePageFactory(
                ref=f"g-other-{number}", **titles(f"Potager {number}", f"Allotment {number}")
            )
        # The weaker match is the newer: relevance, not the date, puts it after.
        for sheet, days in ((typed, 2), (strong, 1), (weak, 0)):
            published = moment - timedelta(days=days)
            PracticePage.objects.filter(pk=sheet.pk).update(last_published_at=published)
        database_index.rebuild()
        result = self.search(q="lopin", lang="fr", countries=("PT",), page_size=50)
        shown = [hit.page_id for hit in result.hits]
        self.assertEqual(shown, [typed.pk, strong.pk, weak.pk])

    def test_a_title_with_the_words_ranks_above_a_short_page_mentioning_them(self):
        # A one-line sheet has little text for its words to be diluted in: ranked by its
        # length alone, it came before the sheet whose title names the subject.
        context = " ".join(["Six modules sur une année pour les entrepreneurs-salariés."] * 20)
        titled = PracticePageFactory(
            ref="t-titled",
            title_fr="Un parcours de formation à la gouvernance partagée",
            summary_fr="Un cycle de six modules sur une année.",
            context_fr=f"<p>{context}</p>",
        )
        short = PracticePageFactory(
            ref="t-short",
            title_fr="Note rapide",
            summary_fr="Sur la gouvernance partagée.",
        )
        database_index.rebuild()
        shown = [hit.page_id for hit in self.search(q="gouvernance partagée", lang="fr").hits]
        self.assertLess(shown.index(titled.pk), shown.index(short.pk))

    def test_pages_scoring_the_same_go_newest_first_then_latest_created_across_pages(self):
        # Five sheets alike but for one word score the same for "orchards": the newest
        # comes first, and of two published together the one created last. Two per
        # page, so tied sheets straddle the end of every page.
        moment = timezone.now()
        ages = {"north": 2, "south": 0, "east": 1, "west": 0, "centre": 2}
        sheets = [
            PracticePageFactory(
                ref=f"twin-{word}", **titles(f"Vergers {word}", f"Twin orchards {word}")
            )
            for word in ages
        ]
        for sheet in sheets:
            published = moment - timedelta(days=ages[sheet.title_en.split()[-1]])
            PracticePage.objects.filter(pk=sheet.pk).update(last_published_at=published)
        database_index.rebuild()
        shown = [
            hit.title
            for number in (1, 2, 3)
            for hit in self.search(q="orchards", page=number, page_size=2).hits
        ]
        self.assertEqual(
            shown,
            [
                "Twin orchards west",
                "Twin orchards south",
                "Twin orchards east",
                "Twin orchards centre",
                "Twin orchards north",
            ],
        )

    def test_a_deleted_page_leaves_the_results_before_the_index_task_runs(self):
        # The update task runs after commit (in production, in the worker): the entry
        # goes with the page, counts and facets included.
        before = self.search(q="repair", page_size=50)
        sheet = next(hit for hit in before.hits if hit.type == "practice")
        PracticePage.objects.get(pk=sheet.page_id).delete()
        after = self.search(q="repair", page_size=50)
        self.assertNotIn(sheet.page_id, [hit.page_id for hit in after.hits])
        self.assertEqual(after.count, before.count - 1)
        self.assertEqual(
            sum(self.search(page_size=50).facets["type"].values()), sum(VISIBLE.values()) - 1
        )

    def test_facets_of_a_search_matching_most_pages_follow_index_updates(self):
        # Browsing matches every page: its facets are the kept counts less the pages
        # left out, so those counts must follow each page added, changed, unpublished
        # or deleted.
        added = PracticePageFactory(
            ref="added", countries=["PT"], themes=[Theme.objects.get(slug=ECO)]
        )
        changed, unpublished, deleted = PracticePage.objects.live().exclude(pk=added.pk)[:3]
        changed.countries = ["IT"]
        changed.save_revision().publish()
        unpublished.unpublish()
        deleted_id = deleted.pk
        deleted.delete()
        database_index.update([added.pk, changed.pk, unpublished.pk, deleted_id])

        facets = self.search(page_size=50).facets
        expected = Counter(
            (name, value)
            for doc in documents_for(searchable_ids()).values()
            for name, value in facet_values(doc)
            if name in ("type", "theme", "country")
        )
        for name in ("type", "theme", "country"):
            with self.subTest(facet=name):
                self.assertEqual(
                    facets[name],
                    {value: n for (facet, value), n in expected.items() if facet == name},
                )
        self.assertEqual(facets["country"]["PT"], 1)
        kept = set(SearchFacetCount.objects.values_list("name", "value", "count"))
        rows = Counter(SearchFacet.objects.values_list("name", "value"))
        self.assertEqual(kept, {(name, value, n) for (name, value), n in rows.items()})


@pytest.mark.opensearch
class OpenSearchBackendTests(SharedBehaviour, OpenSearchTestCase):
    backend = opensearch
    backend_name = "opensearch"

    def test_score_is_a_number(self):
        hit = self.search(q="repair").hits[0]
        self.assertIsInstance(hit.score, float)

    def test_a_glossary_edit_retags_the_pages_that_name_the_concept(self):
        sheet = PracticePage.objects.get(title_en="School vegetable gardens")

        def tags():
            # The tags are searched, not stored: ask the index which ones the sheet has.
            opensearch.refresh()
            found = opensearch.get_client().search(
                index=opensearch.alias_name(),
                body={
                    "query": {"ids": {"values": [str(sheet.pk)]}},
                    "size": 0,
                    "aggs": {"tags": {"terms": {"field": "concepts", "include": ".*garden-test"}}},
                },
            )
            return {bucket["key"] for bucket in found["aggregations"]["tags"]["buckets"]}

        with self.captureOnCommitCallbacks(execute=True):
            concept = GlossaryTerm.objects.create(key="garden-test", term_fr="lopin")
        self.assertEqual(tags(), set())
        concept.term_en = "vegetable garden"
        with self.captureOnCommitCallbacks(execute=True):
            concept.save()
        self.assertIn("title.en.garden-test", tags())
        with self.captureOnCommitCallbacks(execute=True):
            concept.delete()
        self.assertEqual(tags(), set())
