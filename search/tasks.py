from django_tasks import task

from . import indexing


@task()
def update_documents(page_ids, database_indexed=()):
    indexing.apply(page_ids, database_indexed)
