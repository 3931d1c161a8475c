"""Imports never hang: any failure of a task, or a worker that died, ends in a failed batch
with a reason a person can read, the page stops polling, and the next import goes ahead."""

import logging
from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from households.models import Household, ImportBatch, ImportStatus

from .bmn_files import household_row, write_csv
from .uploads import confirm, upload

POLLING = 'hx-trigger="every 1s"'


@pytest.fixture
def bmn_file(tmp_path):
    return write_csv(tmp_path / "bmn.csv", [household_row(n) for n in range(1, 4)])


def poll(client, batch) -> str:
    return client.get(batch.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()


def _raise(error):
    def explode(*args, **kwargs):
        raise error

    return explode


def test_a_storage_error_while_checking_fails_the_batch_with_a_reason(
    client,
    province_admin,
    survey_round,
    bmn_file,
    monkeypatch,
    caplog,
    django_capture_on_commit_callbacks,
):
    client.force_login(province_admin)
    monkeypatch.setattr(
        "households.services.build_plan", _raise(OSError("No space left on device"))
    )
    with caplog.at_level(logging.ERROR, logger="households.services"):
        batch = upload(client, bmn_file, survey_round, django_capture_on_commit_callbacks)

    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED
    assert "OSError" in batch.message
    assert "No space" not in batch.message  # the exception's own text stays in the log
    assert batch.finished_at is not None
    record = next(r for r in caplog.records if r.name == "households.services")
    assert record.exc_info  # logged with its traceback
    assert record.exc_info[0] is OSError
    page = poll(client, batch)
    assert POLLING not in page
    assert batch.message in page


def test_a_failure_while_checking_is_told_in_thai(
    client,
    province_admin,
    survey_round,
    bmn_file,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    client.force_login(province_admin)
    monkeypatch.setattr("households.services.build_plan", _raise(RuntimeError("boom")))
    batch = upload(client, bmn_file, survey_round, django_capture_on_commit_callbacks)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED
    # The message is translatable; without a Thai catalogue entry it falls back to English.
    assert "RuntimeError" in batch.message


def test_an_integrity_error_while_writing_fails_the_batch_and_the_next_import_goes_ahead(
    client,
    province_admin,
    survey_round,
    bmn_file,
    monkeypatch,
    caplog,
    django_capture_on_commit_callbacks,
):
    client.force_login(province_admin)
    batch = upload(client, bmn_file, survey_round, django_capture_on_commit_callbacks)
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportStatus.PREVIEWED

    with monkeypatch.context() as patched, caplog.at_level(logging.ERROR):
        patched.setattr(
            "households.services.write_rows", _raise(IntegrityError("duplicate key (3500…)"))
        )
        batch = confirm(client, batch, django_capture_on_commit_callbacks)

    assert batch.status == ImportStatus.FAILED
    assert "IntegrityError" in batch.message
    assert "3500" not in batch.message
    assert not Household.objects.exists()  # nothing half-written
    assert any(r.exc_info and r.exc_info[0] is IntegrityError for r in caplog.records)
    assert POLLING not in poll(client, batch)

    # A new import of the same file starts, checks and commits.
    again = upload(client, bmn_file, survey_round, django_capture_on_commit_callbacks)
    assert ImportBatch.objects.get(pk=again.pk).status == ImportStatus.PREVIEWED
    again = confirm(client, again, django_capture_on_commit_callbacks)
    assert again.status == ImportStatus.COMMITTED
    assert Household.objects.count() == 3


@pytest.mark.parametrize("status", [ImportStatus.PREVIEWING, ImportStatus.COMMITTING])
def test_a_batch_whose_worker_died_is_failed_by_the_next_poll(
    client, province_admin, survey_round, settings, status
):
    settings.IMPORT_STALE_MINUTES = 15
    client.force_login(province_admin)
    dead = ImportBatch.objects.create(
        survey_round=survey_round,
        province_id="50",
        file_name="dead.csv",
        file_sha256="0" * 64,
        status=status,
        heartbeat_at=timezone.now() - timedelta(minutes=16),
    )
    alive = ImportBatch.objects.create(
        survey_round=survey_round,
        province_id="50",
        file_name="alive.csv",
        file_sha256="1" * 64,
        status=status,
        heartbeat_at=timezone.now() - timedelta(minutes=14),
    )

    page = poll(client, dead)
    dead.refresh_from_db()
    assert dead.status == ImportStatus.FAILED
    assert "15" in dead.message
    assert POLLING not in page
    assert dead.message in page

    assert POLLING in poll(client, alive)
    alive.refresh_from_db()
    assert alive.status == status


def test_the_import_list_fails_dead_batches_too(client, province_admin, survey_round):
    client.force_login(province_admin)
    dead = ImportBatch.objects.create(
        survey_round=survey_round,
        province_id="50",
        file_name="dead.csv",
        file_sha256="0" * 64,
        status=ImportStatus.QUEUED,
        heartbeat_at=timezone.now() - timedelta(days=1),
    )
    client.get(reverse("households:import_list"))
    dead.refresh_from_db()
    assert dead.status == ImportStatus.FAILED


def test_progress_keeps_the_heartbeat_fresh(
    client,
    province_admin,
    survey_round,
    bmn_file,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    client.force_login(province_admin)
    beats = []
    original = ImportBatch.save

    def save(self, *args, **kwargs):
        if "heartbeat_at" in (kwargs.get("update_fields") or []):
            beats.append(self.heartbeat_at)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ImportBatch, "save", save)
    upload(client, bmn_file, survey_round, django_capture_on_commit_callbacks)
    assert len(beats) >= 2  # at the start and with the progress
    assert beats == sorted(beats)


def test_a_commit_that_outlived_its_stale_mark_stays_failed(province_admin, survey_round, bmn_file):
    from households.importer.pipeline import build_plan
    from households.services import plan_commit

    plan = build_plan(
        bmn_file, file_name=bmn_file.name, survey_round=survey_round, province_code="50"
    )
    batch = ImportBatch.objects.create(
        survey_round=survey_round,
        province_id="50",
        file_name=bmn_file.name,
        file_sha256=plan.file_sha256,
        status=ImportStatus.FAILED,  # marked by a poll while the worker was still writing
    )
    from households.services import ImportRefused

    with pytest.raises(ImportRefused):
        plan_commit(plan, batch=batch, by=province_admin, skip_invalid=False)
    assert not Household.objects.exists()
