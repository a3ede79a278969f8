"""Test data builders, one module per app.

- `tests.factories.home`, `.practices`, `.partners`, `.projects`: factory_boy /
  wagtail-factories factories that build published pages (and themes) directly, the
  fast way most tests use. `home.build_site()` builds the page tree `setup_site` builds.
- `tests.factories.rows`: catalogue rows and `import_rows()`, for the few end-to-end
  tests that must go through the importer (import/export, demo site).
- `tests.factories.admin_forms`: what an editor's browser posts to the Wagtail admin,
  built with Wagtail's form_data helpers; `tests.factories.browser`: a page's HTML.

Import from the module that owns a helper, e.g. `from tests.factories.practices import
PracticePageFactory` or `from tests.search.search_fixtures import ...`. tests/ has no
__init__.py: pytest-django puts manage.py's folder, the repository root, on sys.path, so
`tests` is a namespace package. (pytest also puts tests/ and each test folder on the
path; importing a helper by its bare name would load a second copy of the module.)
"""
