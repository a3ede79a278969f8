"""collectstatic compresses a file again only when it changed, and never serves it stale."""

import gzip
import json
import os

from django.core.management import call_command
from django.test import override_settings

import brotli
import pytest

CSS = "body { color: #1a1a1a; }\n" * 200
CHANGED_CSS = "body { color: #2b2b2b; }\n" * 200
JS = "console.log('co-actions');\n" * 200 + "//# sourceMappingURL=app.js.map\n"


@pytest.fixture
def collect(tmp_path):
    source, root = tmp_path / "source", tmp_path / "root"
    (source / "css").mkdir(parents=True)
    (source / "css" / "site.css").write_text(CSS)
    (source / "app.js").write_text(JS)
    (source / "app.js.map").write_text("{}")
    storage = {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "core.staticfiles.StaticFilesStorage"},
    }
    with override_settings(
        STORAGES=storage,
        STATIC_ROOT=root,
        STATICFILES_DIRS=[source],
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
    ):

        def run():
            call_command("collectstatic", interactive=False, verbosity=0)
            manifest = json.loads((root / "staticfiles.json").read_text())["paths"]
            return {name: root / hashed for name, hashed in manifest.items()}

        yield source, run


def compressed_times(path):
    return [os.stat(f"{path}{suffix}").st_mtime_ns for suffix in (".br", ".gz")]


def test_unchanged_files_are_not_compressed_again(collect):
    _, run = collect
    first = run()
    times = {name: compressed_times(path) for name, path in first.items() if name != "app.js.map"}
    # Django writes a hashed file that refers to others (here a source map) again at every
    # run: its name, which holds a hash of its content, says it is the same.
    second = run()
    assert {name: compressed_times(second[name]) for name in times} == times
    script = second["app.js"]
    assert (
        gzip.decompress(script.with_name(script.name + ".gz").read_bytes()) == script.read_bytes()
    )


def test_a_changed_file_is_compressed_again(collect):
    source, run = collect
    run()
    changed = source / "css" / "site.css"
    changed.write_text(CHANGED_CSS)
    # collectstatic copies a file whose modification time is later, to the second.
    later = os.stat(changed).st_mtime + 2
    os.utime(changed, (later, later))
    collected = run()
    root = collected["css/site.css"].parents[1]
    for path in (collected["css/site.css"], root / "css" / "site.css"):
        assert path.read_text() == CHANGED_CSS
        assert (
            brotli.decompress(path.with_name(path.name + ".br").read_bytes()).decode()
            == CHANGED_CSS
        )
        assert (
            gzip.decompress(path.with_name(path.name + ".gz").read_bytes()).decode() == CHANGED_CSS
        )
