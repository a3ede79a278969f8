"""Background work of the catalogue: the imports started in the admin, the public
downloads of the open data."""

from django.utils import timezone, translation

from django_tasks import task

from . import downloads, uploads
from .import_service import run_import
from .models import CatalogueImport


@task()
def run_catalogue_import(job_id):
    """Run one admin import (or dry run) and store its report or its problems."""
    job = CatalogueImport.objects.select_related("user").get(pk=job_id)
    CatalogueImport.objects.filter(pk=job.pk).update(status=CatalogueImport.Status.RUNNING)
    path = uploads.stored_path(job.stored_name)

    # The import holds the database's write lock: progress goes to a file beside the
    # upload, which the status page reads from any process.
    def progress(sheet, done, total):
        uploads.write_progress(job.pk, sheet, done, total)

    with translation.override(job.language):
        result = run_import(
            path,
            dry_run=job.dry_run,
            user=job.user,
            overwrite_newer=job.overwrite_newer,
            progress=progress,
            name=job.file_name,
            # The editor agreed to overwrite the newer work the check showed, no other.
            agreed_conflicts=job.checked.report["conflicts"] if job.checked else [],
        )
    uploads.progress_path(job.pk).unlink(missing_ok=True)
    if result.newer_work is not None:
        # Pages changed since the check: this run's plan is the file checked again, shown
        # with its conflicts so the editor decides without uploading the file again.
        uploads.keep(job.stored_name)
        status, report, errors = CatalogueImport.Status.REFUSED, result.newer_work, []
    else:
        if not job.dry_run or not result.ok:
            path.unlink(missing_ok=True)  # imported, or refused: nothing more to do with it
        status = CatalogueImport.Status.DONE if result.ok else CatalogueImport.Status.FAILED
        report, errors = result.report, result.errors
    CatalogueImport.objects.filter(pk=job.pk).update(
        status=status,
        report=report.as_dict() if report is not None else None,
        errors=errors,
        finished_at=timezone.now(),
    )


@task()
def build_catalogue_downloads(version):
    """The public downloads of the open data, made from the catalogue of `version`."""
    downloads.build(version)
