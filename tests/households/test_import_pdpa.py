"""Personal data (PDPA) around the import and the registry: uploaded files do not outlive their
import, error lists hold no clear citizen ID, and every look at or export of personal data is
an activity-log entry that the household's page lists for those who audit it."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from households.models import HouseholdAccess, ImportBatch, ImportStatus
from povertyprog.accounts.roles import Perm, has_perm
from povertyprog.audit.models import ActivityLog
from povertyprog.thai.formats import format_citizen_id, mask_citizen_id
from tests.factories import VillageFactory

from .bmn_files import household_row, write_csv
from .factories import HouseholdFactory, HouseholdSurveyFactory, SurveyRoundFactory
from .uploads import confirm, upload

# Uploaded files -----------------------------------------------------------------------------


def test_abandoning_a_checked_file_deletes_it_and_is_audited(
    client, province_admin, survey_round, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(province_admin)
    path = write_csv(tmp_path / "a.csv", [household_row(1)])
    batch = upload(client, path, survey_round, django_capture_on_commit_callbacks)
    stored = batch.file.name
    assert default_storage.exists(stored)
    assert "abandon" in client.get(batch.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(batch.get_absolute_url(), {"abandon": "1"})

    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.ABANDONED
    assert not batch.file
    assert batch.file_deleted_at is not None
    assert not default_storage.exists(stored)
    assert (batch.file_name, batch.file_size) == ("a.csv", path.stat().st_size)
    assert len(batch.file_sha256) == 64
    entry = ActivityLog.objects.get(action="households.import.abandoned")
    assert entry.actor == province_admin
    assert entry.target_id == str(batch.pk)
    # An abandoned batch cannot be confirmed any more.
    batch = confirm(client, batch, django_capture_on_commit_callbacks)
    assert batch.status == ImportStatus.ABANDONED


def test_only_a_checked_file_can_be_abandoned(
    client, province_admin, survey_round, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(province_admin)
    batch = upload(
        client,
        write_csv(tmp_path / "a.csv", [household_row(1)]),
        survey_round,
        django_capture_on_commit_callbacks,
    )
    confirm(client, batch, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(batch.get_absolute_url(), {"abandon": "1"})
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED
    assert not ActivityLog.objects.filter(action="households.import.abandoned").exists()


def _old_batch(survey_round, status, days, name):
    batch = ImportBatch(
        survey_round=survey_round,
        province_id="50",
        file_name=name,
        file_sha256="0" * 64,
        status=status,
    )
    batch.file.save(name, ContentFile(b"3500000000016"), save=False)
    batch.save()
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - timedelta(days=days))
    return batch


def test_purge_imports_deletes_the_files_left_behind(survey_round, settings):
    settings.IMPORT_FILE_RETENTION_DAYS = 7
    failed = _old_batch(survey_round, ImportStatus.FAILED, 8, "failed.csv")
    never_confirmed = _old_batch(survey_round, ImportStatus.PREVIEWED, 30, "waiting.csv")
    recent = _old_batch(survey_round, ImportStatus.PREVIEWED, 2, "recent.csv")
    names = {b.pk: b.file.name for b in (failed, never_confirmed, recent)}

    out = StringIO()
    call_command("purge_imports", stdout=out)  # the setting's 7 days

    assert "2" in out.getvalue()
    for batch in (failed, never_confirmed, recent):
        batch.refresh_from_db()
    assert not default_storage.exists(names[failed.pk])
    assert not failed.file
    assert not default_storage.exists(names[never_confirmed.pk])
    assert never_confirmed.status == ImportStatus.ABANDONED  # can no longer be confirmed
    assert failed.status == ImportStatus.FAILED
    assert default_storage.exists(names[recent.pk])
    assert recent.status == ImportStatus.PREVIEWED
    entry = ActivityLog.objects.get(action="households.import.files_purged")
    assert sorted(entry.data["batches"]) == sorted([failed.pk, never_confirmed.pk])

    call_command("purge_imports", "--older-than", "1", stdout=StringIO())
    recent.refresh_from_db()
    assert not recent.file


# The error list ----------------------------------------------------------------------------


def test_no_clear_mistyped_citizen_id_is_stored_or_shown(
    client, province_admin, survey_round, tmp_path, django_capture_on_commit_callbacks
):
    mistyped = "3500000000017"  # the last digit should be 6
    client.force_login(province_admin)
    path = write_csv(
        tmp_path / "a.csv",
        [household_row(1, **{"เลขประจำตัวประชาชน": format_citizen_id(mistyped)})],
    )
    batch = upload(client, path, survey_round, django_capture_on_commit_callbacks)
    batch.refresh_from_db()
    page = client.get(batch.get_absolute_url()).content.decode()
    for text in (str(batch.errors), page):
        assert mistyped not in text.replace("-", "")
        assert "0017" in text.replace("-", "")  # the last digits, to find the row


# Activity log ------------------------------------------------------------------------------


@pytest.fixture
def household(db):
    return HouseholdSurveyFactory(
        household=HouseholdFactory(village=VillageFactory(code="50070101")),
        survey_round=SurveyRoundFactory(year_be=2567),
    )


def test_a_search_by_citizen_id_is_logged_with_what_it_found(client, province_staff, household):
    client.force_login(province_staff)
    cid = household.citizen_id
    client.get(reverse("households:list"), {"q": format_citizen_id(cid)})
    entry = ActivityLog.objects.get(action="households.registry.searched_citizen_id")
    assert entry.actor == province_staff
    assert entry.data["rows"] == 1
    assert cid not in str(entry.data)
    assert entry.data["filters"]["q"] == mask_citizen_id(cid)
    assert HouseholdAccess.objects.get(activity=entry).household == household.household

    client.get(reverse("households:list"), {"q": "สมชาย"})  # a name search is not
    assert ActivityLog.objects.filter(action="households.registry.searched_citizen_id").count() == 1


def test_the_household_page_lists_who_viewed_or_exported_it_to_a_province_admin(
    client, province_admin, province_staff, household
):
    other = HouseholdSurveyFactory(
        household=HouseholdFactory(village=VillageFactory(code="50010101")),
        survey_round=household.survey_round,
    )
    detail = reverse("households:detail", args=[household.household.pk])
    client.force_login(province_staff)
    client.get(detail)  # the citizen ID shown: logged
    client.get(reverse("households:export"), {"district": "5007"})  # holds this household only
    client.get(reverse("households:list"), {"q": household.citizen_id})

    staff_page = client.get(detail).content.decode()
    assert 'id="access-log"' not in staff_page  # staff do not audit

    client.force_login(province_admin)
    assert has_perm(province_admin, Perm.VIEW_ACCESS_LOG)
    page = client.get(detail).content.decode()
    assert 'id="access-log"' in page
    section = page[page.index('id="access-log"') :]
    # Staff twice, and this very view by the admin (logged before the page is drawn).
    assert section.count('data-action="households.citizen_id.viewed"') == 3
    assert section.count('data-action="households.registry.exported"') == 1
    assert section.count('data-action="households.registry.searched_citizen_id"') == 1
    assert str(province_staff) in section

    # The other household was in none of them but the views of its own page.
    other_page = client.get(reverse("households:detail", args=[other.household.pk]))
    other_section = other_page.content.decode().split('id="access-log"')[1]
    assert "households.registry.exported" not in other_section


def test_an_export_links_every_household_it_held(client, province_staff, household):
    for _number in range(5):
        HouseholdSurveyFactory(
            household=HouseholdFactory(village=household.household.village),
            survey_round=household.survey_round,
        )
    client.force_login(province_staff)
    client.get(reverse("households:export"))
    entry = ActivityLog.objects.get(action="households.registry.exported")
    assert entry.data["rows"] == 6
    assert HouseholdAccess.objects.filter(activity=entry).count() == 6
