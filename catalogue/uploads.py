"""Uploaded catalogue files waiting for their import, and the progress of a running one.

They live in settings.CATALOGUE_IMPORT_DIR (never web-served) under a random name; a file
is deleted once imported or refused, or when nobody confirmed it within MAX_AGE. An import
refused only because pages changed since the check keeps its file (`keep`): the file is
checked again and waits for the editor's decision.
"""

import contextlib
import json
import os
import re
import secrets
import time
from pathlib import Path

from django.conf import settings

EXTENSIONS = (".xlsx", ".json")
MAX_AGE = 60 * 60  # seconds an upload waits for the import to be confirmed
STORED_NAME_RE = re.compile(r"[0-9a-f]{32}\.(xlsx|json|progress)")


def import_dir():
    path = Path(settings.CATALOGUE_IMPORT_DIR)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def store_upload(upload, extension):
    """Write the upload to a new private file; return its stored name."""
    if extension not in EXTENSIONS:
        raise ValueError("invalid extension")
    name = f"{secrets.token_hex(16)}{extension}"
    fd = os.open(import_dir() / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return name


def stored_path(name):
    if not STORED_NAME_RE.fullmatch(name):
        raise ValueError("invalid stored name")
    return import_dir() / name


def keep(name):
    """The stored file waits MAX_AGE again, from now (it is gone if purged meanwhile)."""
    with contextlib.suppress(FileNotFoundError):
        os.utime(stored_path(name))


def purge_stale_files():
    """Delete the uploads nobody confirmed in time, whoever sent them."""
    cutoff = time.time() - MAX_AGE
    for path in import_dir().iterdir():
        if not STORED_NAME_RE.fullmatch(path.name):
            continue
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass  # already gone, or not ours to delete


def progress_path(job_id):
    return import_dir() / f"{job_id.hex}.progress"


def write_progress(job_id, sheet, done, total):
    path = progress_path(job_id)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"sheet": sheet, "done": done, "total": total}))
    os.replace(temporary, path)


def read_progress(job_id):
    """{sheet, done, total} of a running import, or None."""
    try:
        return json.loads(progress_path(job_id).read_text())
    except (OSError, ValueError):
        return None
