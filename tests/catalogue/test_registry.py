"""The catalogue registry: complete entries pass the system check, incomplete ones fail it,
and the apps import each other in one direction only."""

import ast
import datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.test import SimpleTestCase

from catalogue import columns, registry
from catalogue.checks import check_catalogue_types
from catalogue.dates import q_for, value_for
from projects.choices import STATUS_RULES, Programme
from projects.models import ProjectPage

ROOT = Path(settings.BASE_DIR)


class RegistryCheckTests(SimpleTestCase):
    def test_the_registered_types_are_complete(self):
        self.assertEqual(check_catalogue_types(), [])
        self.assertEqual(
            [t.sheet for t in registry.types()],
            ["themes", "partners", "projects", "practices", "glossary"],
        )

    def test_an_incomplete_type_fails_the_system_check(self):
        incomplete = registry.CatalogueType(
            name="event", sheet="events", model_path="home.ContentPage"
        )
        registry.register(incomplete)
        try:
            errors = checks.run_checks()
        finally:
            registry._types.pop("event")
        ours = [e for e in errors if e.id.startswith("catalogue.") and "'event'" in e.msg]
        self.assertTrue(ours)
        self.assertTrue(all(e.level == checks.ERROR for e in ours))
        messages = " ".join(e.msg for e in ours)
        for part in ("columns", "dependents", "parent_path", "document", "facets"):
            self.assertIn(part, messages)

    def test_an_unknown_model_fails_the_system_check(self):
        registry.register(
            registry.CatalogueType(name="ghost", sheet="ghosts", model_path="home.Nothing")
        )
        try:
            errors = check_catalogue_types()
        finally:
            registry._types.pop("ghost")
        self.assertEqual([e.id for e in errors], ["catalogue.E001"])

    def test_other_names_that_name_two_choices_fail_the_system_check(self):
        programme = columns.ChoiceColumn("programme", Programme, other_names={"esf": ("Erasmus+",)})
        registry.register(
            registry.CatalogueType(
                name="ghost",
                sheet="ghosts",
                model_path="practices.Theme",
                key="slug",
                columns=lambda: [columns.TextColumn("slug"), programme],
                dependents=lambda obj: [],
            )
        )
        try:
            errors = check_catalogue_types()
        finally:
            registry._types.pop("ghost")
        self.assertEqual([e.id for e in errors], ["catalogue.E011"])
        self.assertIn("'Erasmus+', declared for esf, already names erasmus_plus", errors[0].msg)

    def test_a_changed_at_that_is_no_date_time_fails_the_system_check(self):
        registry.register(
            registry.CatalogueType(
                name="ghost",
                sheet="ghosts",
                model_path="practices.Theme",
                key="slug",
                columns=lambda: [columns.TextColumn("slug")],
                dependents=lambda obj: [],
                changed_at="name",
            )
        )
        try:
            errors = check_catalogue_types()
        finally:
            registry._types.pop("ghost")
        self.assertEqual([e.id for e in errors], ["catalogue.E012"])


def project_apps():
    return sorted(
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(ROOT) and "/." not in config.path
    )


def imported_apps(app, known):
    """Project apps that `app` imports anywhere: module level, functions, TYPE_CHECKING."""
    found = set()
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            found.update(name.split(".")[0] for name in names)
    return (found & set(known)) - {app}


class ImportLayersTests(SimpleTestCase):
    def test_core_imports_no_app_of_the_project(self):
        known = project_apps()
        self.assertIn("core", known)
        self.assertEqual(imported_apps("core", known), set())

    def test_no_two_apps_import_each_other_directly_or_round_a_circle(self):
        known = project_apps()
        graph = {app: imported_apps(app, known) for app in known}

        def reaches(start, target, seen=()):
            return any(
                nxt == target or (nxt not in seen and reaches(nxt, target, (*seen, nxt)))
                for nxt in graph[start]
            )

        cycles = [app for app in known if reaches(app, app)]
        self.assertEqual(cycles, [], graph)

    def test_search_and_the_importer_know_no_catalogue_type(self):
        known = project_apps()
        types = {"partners", "practices", "projects", "home"}
        self.assertEqual(imported_apps("search", known) & types, set())
        self.assertEqual(
            imported_apps("catalogue", known) & (types | {"search", "glossary"}), set()
        )


class ProjectStatusRuleTests(SimpleTestCase):
    today = datetime.date(2026, 6, 15)

    def status(self, start, end):
        return value_for(STATUS_RULES, {"start_date": start, "end_date": end}, self.today)

    def test_planned_ongoing_completed(self):
        day = datetime.timedelta(days=1)
        self.assertEqual(self.status(self.today + day, None), "planned")
        self.assertEqual(self.status(self.today, self.today), "ongoing")
        self.assertEqual(self.status(self.today - day, None), "ongoing")
        self.assertEqual(self.status(self.today - 2 * day, self.today - day), "completed")

    def test_the_orm_reads_the_same_rule(self):
        condition = q_for(STATUS_RULES, ["ongoing"], self.today)
        sql = str(ProjectPage.objects.filter(condition).query)
        self.assertIn("start_date", sql)
        self.assertIn("end_date", sql)
        self.assertIn("IS NULL", sql)
