"""Batches of letters printed in the background: progress, one PDF with a page a letter,
a readable failure, who may print which area, and the download logged (PDPA)."""

import io
from datetime import timedelta

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from events.models import LetterBatch, LetterBatchStatus, LetterKind
from events.services import letters as letter_services
from events.services.letters import LetterRefused, letter_batch_mark_stale, letter_batch_start
from households.models import HouseholdAccess
from povertyprog.audit.models import ActivityLog
from tests.events.factories_letters import fair_with_invitations


@pytest.fixture
def fair(db):
    # Mae Rim: 3 households in subdistrict 500701, 2 in 500702; Mueang: 2.
    return fair_with_invitations({"50070101": 3, "50070201": 2, "50010101": 2})


def pages(batch: LetterBatch) -> int:
    with batch.file.open("rb") as stream:
        return len(PdfReader(io.BytesIO(stream.read())).pages)


def test_a_district_batch_prints_one_pdf_with_a_page_per_letter_and_reports_progress(
    client, fair, province_staff, monkeypatch, django_capture_on_commit_callbacks
):
    seen = []
    progress = letter_services._progress
    monkeypatch.setattr(letter_services, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(
        letter_services, "_progress", lambda pk, done: (seen.append(done), progress(pk, done))
    )
    client.force_login(province_staff)
    url = reverse("events:letter_batches", args=[fair.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"kind": "household", "area": "5007"})

    batch = LetterBatch.objects.get()
    assert response.status_code == 302
    assert response.url == batch.get_absolute_url()
    assert seen == [2, 4, 5]
    assert batch.status == LetterBatchStatus.DONE
    assert (batch.pages_done, batch.pages_total) == (5, 5)
    assert pages(batch) == 5
    detail = client.get(batch.get_absolute_url(), headers={"HX-Request": "true"})
    assert reverse("events:letter_batch_download", args=[fair.pk, batch.pk]) in detail.text
    assert "hx-trigger" not in detail.text  # finished: the page stops polling
    assert batch.get_absolute_url() in client.get(url).text


def test_a_subdistrict_batch_prints_only_its_households(
    fair, district_officer_mae_rim, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch = letter_batch_start(
            fair=fair, kind=LetterKind.HOUSEHOLD, scope_code="500702", by=district_officer_mae_rim
        )
    batch.refresh_from_db()
    assert batch.status == LetterBatchStatus.DONE
    assert pages(batch) == 2


def test_letters_to_districts_one_per_quota(
    fair, province_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch = letter_batch_start(
            fair=fair, kind=LetterKind.DISTRICT, scope_code="", by=province_staff
        )
    batch.refresh_from_db()
    assert batch.status == LetterBatchStatus.DONE
    with batch.file.open("rb") as stream:
        reader = PdfReader(io.BytesIO(stream.read()))
    assert len(reader.pages) == 2
    text = reader.pages[0].extract_text()
    assert "นายอำเภอ" in text
    assert "๑๐" in text


def test_no_agency_at_the_fair_no_batch(fair, province_staff):
    with pytest.raises(LetterRefused):
        letter_batch_start(fair=fair, kind=LetterKind.AGENCY, scope_code="", by=province_staff)
    assert not LetterBatch.objects.exists()


def test_a_failure_ends_the_batch_failed_with_a_reason(
    client, fair, province_staff, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("WeasyPrint ran out of paper")

    monkeypatch.setattr("events.letters.letters_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        batch = letter_batch_start(
            fair=fair, kind=LetterKind.HOUSEHOLD, scope_code="5007", by=province_staff
        )
    batch.refresh_from_db()
    assert batch.status == LetterBatchStatus.FAILED
    assert "RuntimeError" in batch.error
    assert "ใหม่" in batch.error  # "try again", in the worker's language: Thai
    assert not batch.file
    client.force_login(province_staff)
    page = client.get(batch.get_absolute_url())
    assert batch.error in page.text
    download = reverse("events:letter_batch_download", args=[fair.pk, batch.pk])
    assert client.get(download).status_code == 404


def test_a_batch_whose_worker_died_is_failed_when_looked_at(fair, province_staff):
    batch = LetterBatch.objects.create(
        fair=fair, kind=LetterKind.HOUSEHOLD, scope_code="5007", requested_by=province_staff
    )
    LetterBatch.objects.filter(pk=batch.pk).update(
        status=LetterBatchStatus.RUNNING, updated_at=timezone.now() - timedelta(hours=1)
    )
    batch.refresh_from_db()
    assert letter_batch_mark_stale(batch=batch).status == LetterBatchStatus.FAILED
    batch.refresh_from_db()
    assert batch.status == LetterBatchStatus.FAILED
    assert batch.error


def test_a_batch_given_up_before_a_worker_took_it_is_not_printed(fair, province_staff):
    from events.services.letters import letter_batch_print

    batch = LetterBatch.objects.create(
        fair=fair, kind=LetterKind.HOUSEHOLD, scope_code="5007", requested_by=province_staff
    )
    LetterBatch.objects.filter(pk=batch.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    batch.refresh_from_db()
    assert letter_batch_mark_stale(batch=batch).status == LetterBatchStatus.FAILED
    late = letter_batch_print(batch=LetterBatch.objects.get(pk=batch.pk))  # the worker, late
    assert late.status == LetterBatchStatus.FAILED
    assert not late.file


def test_a_batch_that_finished_meanwhile_is_not_marked_failed(fair, province_staff):
    batch = LetterBatch.objects.create(
        fair=fair, kind=LetterKind.HOUSEHOLD, scope_code="5007", requested_by=province_staff
    )
    LetterBatch.objects.filter(pk=batch.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    seen = LetterBatch.objects.get(pk=batch.pk)  # what the page read: still queued, silent
    LetterBatch.objects.filter(pk=batch.pk).update(status=LetterBatchStatus.DONE)  # the worker
    assert letter_batch_mark_stale(batch=seen).status == LetterBatchStatus.DONE


def test_a_district_officer_prints_only_their_district(
    client, fair, district_officer_mae_rim, province_staff
):
    for scope in ("5001", "500101", "50"):
        with pytest.raises(Http404):
            letter_batch_start(
                fair=fair, kind=LetterKind.HOUSEHOLD, scope_code=scope, by=district_officer_mae_rim
            )
    with pytest.raises(Http404):
        letter_batch_start(
            fair=fair, kind=LetterKind.DISTRICT, scope_code="", by=district_officer_mae_rim
        )
    client.force_login(district_officer_mae_rim)
    url = reverse("events:letter_batches", args=[fair.pk])
    response = client.post(url, {"kind": "household", "area": "5001"})
    assert response.status_code == 200  # Mueang is not among the form's choices
    assert "5001" not in [
        value for value, _label in response.context["form"].fields["area"].choices
    ]
    assert not LetterBatch.objects.exists()
    # A batch of Mueang printed by the province is not theirs to see or download.
    theirs = LetterBatch.objects.create(
        fair=fair, kind=LetterKind.HOUSEHOLD, scope_code="5001", requested_by=province_staff
    )
    assert client.get(theirs.get_absolute_url()).status_code == 404
    download = reverse("events:letter_batch_download", args=[fair.pk, theirs.pk])
    assert client.get(download).status_code == 404
    assert theirs.get_absolute_url() not in client.get(url).text


def test_the_download_is_logged_with_the_households_it_holds(
    client, fair, district_officer_mae_rim, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch = letter_batch_start(
            fair=fair, kind=LetterKind.HOUSEHOLD, scope_code="5007", by=district_officer_mae_rim
        )
    client.force_login(district_officer_mae_rim)

    response = client.get(reverse("events:letter_batch_download", args=[fair.pk, batch.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    entry = ActivityLog.objects.get(action="events.letters.downloaded")
    assert entry.actor == district_officer_mae_rim
    assert HouseholdAccess.objects.filter(activity=entry).count() == 5
