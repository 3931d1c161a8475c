"""A จปฐ. file through the import pages, as a province admin does it: post the form, let the
check run, confirm. Each step is one HTTP request; `capture` is pytest-django's
`django_capture_on_commit_callbacks`, which runs the task the request enqueued on commit."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from households.models import ImportBatch, SurveyRound


def post_import(
    client: Client, path: Path, survey_round: SurveyRound | None = None, **fields
) -> HttpResponse:
    """Post `path` to the import form for Chiang Mai with `survey_round` chosen in the list
    (none chosen, as the browser sends it, when None) and any other `fields`."""
    data = {
        "province": "50",
        "survey_round": survey_round.pk if survey_round else "",
        "file": SimpleUploadedFile(path.name, path.read_bytes()),
        **fields,
    }
    return client.post(reverse("households:import_new"), data)


def upload(client: Client, path: Path, survey_round: SurveyRound, capture) -> ImportBatch:
    """Post `path` and run the check it enqueues: the new batch."""
    with capture(execute=True):
        post_import(client, path, survey_round)
    return ImportBatch.objects.latest("pk")


def confirm(client: Client, batch: ImportBatch, capture, **fields) -> ImportBatch:
    """Confirm `batch` (with `fields`, e.g. skip_invalid="on") and run the commit it enqueues:
    the batch, read again."""
    with capture(execute=True):
        client.post(batch.get_absolute_url(), fields)
    batch.refresh_from_db()
    return batch
