"""Background work of the fair. Tasks take primary keys and call a service."""

from django.tasks import task

from .models import LetterBatch
from .services.letters import letter_batch_print


@task()
def letter_batch_print_task(batch_id: int) -> None:
    letter_batch_print(batch=LetterBatch.objects.get(pk=batch_id))
