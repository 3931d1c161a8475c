"""Background work for the import. Tasks take primary keys and call a service."""

from django.tasks import task

from .models import ImportBatch
from .services import import_commit, import_preview


@task()
def import_preview_task(batch_id: int) -> None:
    import_preview(batch=ImportBatch.objects.get(pk=batch_id))


@task()
def import_commit_task(batch_id: int) -> None:
    import_commit(batch=ImportBatch.objects.get(pk=batch_id))
