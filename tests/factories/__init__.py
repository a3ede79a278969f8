"""Test data builders, one module per app.

- `tests.factories.home`, `.practices`, `.partners`, `.projects`: factory_boy /
  wagtail-factories factories that build published pages (and themes) directly, the
  fast way most tests use.
- `tests.factories.rows`: catalogue rows and `import_rows()`, for the few end-to-end
  tests that must go through the importer (import/export, demo site).
- `tests.factories.admin`: what an editor's browser posts to the Wagtail admin.

Import from the module that owns a helper, e.g. `from tests.factories.practices import
PracticePageFactory`.
"""
