"""The open-data export (public pages only) as public downloads, built off the request path.

Each file says it is the open data (catalogue.io.export: a cell of its README sheet, a
first JSON key), so that the importer refuses it where importing it back would remove
links to the pages it leaves out.

A build writes every format to settings.CATALOGUE_DOWNLOAD_DIR: the file under a
temporary name renamed into place (`catalogue-<digest>.<extension>`), then its record
(`current-<extension>.json`: the file, its size, digest, build time and the catalogue
version it was made from), then older files are removed. Readers only ever see whole
files.

A request compares the record with the page cache's version (core.cache), which changes
whenever anything public does. An older file, or none, queues one build for that
version (a cache key says it is queued, so a flood queues one) and the request serves
what there is: a visitor never waits for a build, except where tasks run at once
(development and tests), which build before the answer. Where the cache cannot give a
version (it failed, or keeps nothing: `dummy://`), what exists is served and nothing is
queued, as each request would queue its own build.
"""

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from core.cache import current_version, page_cache

from .io import export_catalogue

logger = logging.getLogger(__name__)

# extension -> content type; the URL accepts only these extensions.
FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
# A build queued this long ago and still not done (a worker that lost it) is queued again.
QUEUED_SECONDS = 15 * 60


@dataclass(frozen=True)
class Download:
    extension: str
    file: str
    size: int
    digest: str
    built_at: datetime
    version: str

    @property
    def path(self):
        return download_dir() / self.file

    @property
    def content_type(self):
        return FORMATS[self.extension]

    @property
    def filename(self):
        """What the visitor's browser saves it as: named after the date of its data."""
        day = timezone.localdate(self.built_at).isoformat()
        return f"coactions-catalogue-{day}.{self.extension}"


def download_dir():
    return Path(settings.CATALOGUE_DOWNLOAD_DIR)


def record_path(extension):
    return download_dir() / f"current-{extension}.json"


def current(extension):
    """The last download built in `extension`, or None when none was."""
    try:
        record = json.loads(record_path(extension).read_text(encoding="utf-8"))
        return Download(
            extension=extension,
            file=record["file"],
            size=record["size"],
            digest=record["digest"],
            built_at=datetime.fromisoformat(record["built_at"]),
            version=record["version"],
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError):
        # Unreadable: as if none were built, so the next build writes it again.
        logger.exception("The record of the catalogue download could not be read")
        return None


def catalogue_version():
    """The page cache's version, or None when the cache cannot say (it failed)."""
    try:
        return current_version(page_cache())
    except Exception:
        logger.exception("The catalogue version could not be read")
        return None


def current_or_queued(extension):
    """The download to serve in `extension`, or None when none exists yet. When it was made
    from an older catalogue than the public one, or is missing, a build is queued first
    (and done by now where tasks run at once)."""
    download = current(extension)
    version = catalogue_version()
    if version is not None and (download is None or download.version != version):
        queue_build(version)
        download = current(extension)
    return download


def queue_build(version):
    """Queue one build for `version`: requests that find it queued add none."""
    from .tasks import build_catalogue_downloads  # tasks imports this module

    key = f"catalogue-downloads:queued:{version}"
    try:
        if not page_cache().add(key, True, QUEUED_SECONDS):
            return
    except Exception:
        logger.exception("A catalogue download build could not be queued")
        return
    try:
        build_catalogue_downloads.enqueue(version)
    except Exception:
        logger.exception("A catalogue download build could not be queued")
        with contextlib.suppress(Exception):
            page_cache().delete(key)  # the next request tries again


def made_from(version):
    """Whether every format is built and recorded as made from `version`."""
    return all(
        (download := current(extension)) is not None and download.version == version
        for extension in FORMATS
    )


def is_current():
    """Whether every format is built from the catalogue as the public sees it now."""
    return made_from(catalogue_version())


@contextmanager
def build_lock():
    # One build at a time: a second one would remove the file the first just recorded.
    download_dir().mkdir(parents=True, exist_ok=True)
    with (download_dir() / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def build(version):
    """Build every format from the catalogue as it is now, recorded as made from
    `version` (read before the build: a publish during it makes the files look older,
    the safe direction). Nothing to do when another build already made them from it."""
    with build_lock():
        if made_from(version):
            return
        built_at = timezone.now()
        for extension in FORMATS:
            build_one(extension, version, built_at)


def build_one(extension, version, built_at):
    directory = download_dir()
    fd, name = tempfile.mkstemp(dir=directory, prefix=".building-", suffix=f".{extension}")
    os.close(fd)
    temporary = Path(name)
    try:
        export_catalogue(temporary)
        # Read in chunks: the whole catalogue's file need not be held a second time.
        with temporary.open("rb") as built:
            digest = hashlib.file_digest(built, "sha256").hexdigest()[:32]
        file = f"catalogue-{digest}.{extension}"
        size = temporary.stat().st_size
        os.replace(temporary, directory / file)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    record = {
        "file": file,
        "size": size,
        "digest": digest,
        "built_at": built_at.isoformat(),
        "version": version,
    }
    write_atomically(record_path(extension), json.dumps(record))
    for old in directory.glob(f"catalogue-*.{extension}"):
        if old.name != file:
            old.unlink(missing_ok=True)


def write_atomically(path, text):
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=".building-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(name, path)


def opened(download):
    """`download` and its file opened for reading, or (None, None). A build may replace
    the file between reading its record and opening it: the record is read again."""
    for _attempt in range(3):
        try:
            return download, download.path.open("rb")
        except FileNotFoundError:
            download = current(download.extension)
            if download is None:
                break
        except OSError:
            logger.exception("The catalogue download could not be opened")
            break
    return None, None
