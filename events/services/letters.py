"""Writes of the fair's letters: the province's letterhead, batches of letters printed in
the background, and the log of who printed or downloaded whose letters (PDPA).

A batch is started by a view (`letter_batch_start`, scoped to the requester) and printed by
`events.tasks.letter_batch_print_task`, which calls `letter_batch_print`. Whatever goes wrong
while printing ends the batch "failed" with a reason a person can read; a batch whose
worker died is marked failed when someone looks at it (`letter_batch_mark_stale`).
"""

import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from households.access_log import household_access_record
from povertyprog.accounts.access import area_scope_for
from povertyprog.accounts.roles import Perm
from povertyprog.audit.services import activity_log

from ..models import Fair, Invitation, LetterBatch, LetterBatchStatus, Letterhead, LetterKind
from ..selectors import fair_is_managed_by

logger = logging.getLogger(__name__)

EMBLEM_MAX_BYTES = 2 * 2**20
EMBLEM_SIGNATURES = {"png": b"\x89PNG\r\n\x1a\n", "jpeg": b"\xff\xd8\xff"}
PROGRESS_EVERY = 50  # letters prepared between two progress writes
STALE_AFTER = timedelta(minutes=30)  # a batch silent this long has lost its worker
_UNEXPECTED = gettext_lazy(
    "Printing stopped on an unexpected error (%(error)s). Start the batch again; if it fails "
    "again, tell the IT group."
)


# Letterhead --------------------------------------------------------------------------------


def validate_emblem(upload) -> None:
    """The emblem is a PNG or JPEG file of at most EMBLEM_MAX_BYTES, checked by content."""
    if upload.size > EMBLEM_MAX_BYTES:
        raise ValidationError(
            _("The image is %(size)s MB; the limit is %(limit)s MB."),
            params={"size": round(upload.size / 2**20, 1), "limit": EMBLEM_MAX_BYTES // 2**20},
            code="size",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in EMBLEM_SIGNATURES.values()):
        raise ValidationError(_("The emblem must be a PNG or JPEG image."), code="type")


@transaction.atomic
def letterhead_save(*, province_id: str, data: dict, emblem=None, by) -> Letterhead:
    """Create or change the province's letterhead; `emblem`, when given, replaces the image
    (the old file is removed after commit)."""
    letterhead = Letterhead.objects.filter(province_id=province_id).first()
    letterhead = letterhead or Letterhead(province_id=province_id)
    fields = (
        "office_name",
        "address",
        "phone_line",
        "reference_prefix",
        "signer_name",
        "signer_position",
    )
    changed = [name for name in fields if getattr(letterhead, name) != data.get(name, "")]
    for name in fields:
        setattr(letterhead, name, data.get(name, ""))
    old_emblem = ""
    if emblem is not None:
        validate_emblem(emblem)
        old_emblem = letterhead.emblem.name if letterhead.emblem else ""
        letterhead.emblem.save(emblem.name, emblem, save=False)
        changed.append("emblem")
    letterhead.updated_by = by
    letterhead.save()
    activity_log("events.letterhead.saved", actor=by, target=letterhead, data={"changed": changed})
    if old_emblem:
        storage = letterhead.emblem.storage
        transaction.on_commit(lambda: storage.delete(old_emblem))
    return letterhead


# Reads of batches (scoped like the invitations they print) -----------------------------------


def letter_scope(user, fair: Fair) -> str | None:
    """The area prefix in which the user prints the fair's invitation letters: the province
    for its fair managers, their own district for a district officer; None otherwise."""
    scope = area_scope_for(user, Perm.MANAGE_FAIR)
    if scope is None:
        return None
    province = fair.programme.province_id
    if province.startswith(scope):
        return province
    return scope if scope.startswith(province) else None


def letter_batches_visible_to(user, fair: Fair) -> QuerySet[LetterBatch]:
    scope = letter_scope(user, fair)
    if scope is None:
        return LetterBatch.objects.none()
    batches = fair.letter_batches.select_related("requested_by")
    if fair_is_managed_by(user, fair):
        return batches
    return batches.filter(kind=LetterKind.HOUSEHOLD, scope_code__startswith=scope)


def get_letter_batch_for_user_or_404(user, fair: Fair, pk) -> LetterBatch:
    try:
        return letter_batches_visible_to(user, fair).get(pk=pk)
    except (LetterBatch.DoesNotExist, ValueError):
        raise Http404 from None


def batch_invitations(batch: LetterBatch) -> QuerySet[Invitation]:
    """The invitations a household batch prints, in the order a village head hands them
    out: by village, then house number."""
    return (
        Invitation.objects.filter(
            fair_id=batch.fair_id, target__household__village__code__startswith=batch.scope_code
        )
        .select_related(
            "target__survey",
            "target__household__village__subdistrict__district",
        )
        .order_by("target__household__village__code", "target__household__house_no", "pk")
    )


def running_numbers(fair: Fair) -> dict[int, int]:
    """Each invitation's running number in the ที่ line: its order in the fair."""
    pks = Invitation.objects.filter(fair=fair).order_by("pk").values_list("pk", flat=True)
    return {pk: number for number, pk in enumerate(pks, start=1)}


def running_number(invitation: Invitation) -> dict[int, int]:
    """One invitation's running number (as running_numbers gives it), in one count."""
    before = Invitation.objects.filter(fair_id=invitation.fair_id, pk__lte=invitation.pk)
    return {invitation.pk: before.count()}


# Batches -----------------------------------------------------------------------------------


class LetterRefused(Exception):
    """A batch this user may not start (or that would print nothing)."""


@transaction.atomic
def letter_batch_start(*, fair: Fair, kind: str, scope_code: str, by) -> LetterBatch:
    """Queue a batch of letters: a district's or subdistrict's invitations (its fair
    managers for any district, a district officer for their own), or the letters to the
    districts or to the agencies (fair managers). Printed after commit by a task."""
    from ..tasks import letter_batch_print_task

    scope = letter_scope(by, fair)
    if scope is None:
        raise Http404
    if kind == LetterKind.HOUSEHOLD:
        if len(scope_code) not in (4, 6) or not scope_code.startswith(scope):
            raise Http404  # another district's letters: as if it did not exist
    elif fair_is_managed_by(by, fair):
        scope_code = ""
    else:
        raise Http404
    batch = LetterBatch.objects.create(fair=fair, kind=kind, scope_code=scope_code, requested_by=by)
    total = _letters_count(batch)
    if not total:
        raise LetterRefused(_("There is no letter to print for this choice."))
    batch.pages_total = total
    batch.save(update_fields=["pages_total", "updated_at"])
    activity_log(
        "events.letters.batch_requested",
        actor=by,
        target=batch,
        data={"fair": fair.pk, "kind": kind, "area": scope_code, "pages": total},
    )
    batch_id = batch.pk
    transaction.on_commit(lambda: letter_batch_print_task.enqueue(batch_id))
    return batch


def _letters_count(batch: LetterBatch) -> int:
    if batch.kind == LetterKind.HOUSEHOLD:
        return batch_invitations(batch).count()
    if batch.kind == LetterKind.DISTRICT:
        return batch.fair.quotas.count()
    return _fair_agencies(batch.fair).count()


def _fair_agencies(fair: Fair):
    from agencies.models import Agency

    return Agency.objects.filter(booths__fair=fair).distinct().order_by("name_th", "pk")


def _progress(batch_id: int, done: int) -> None:
    LetterBatch.objects.filter(pk=batch_id).update(pages_done=done, updated_at=timezone.now())


def _batch_letters(batch: LetterBatch) -> list:
    from .. import letters

    fair = batch.fair
    if batch.kind == LetterKind.DISTRICT:
        from povertyprog.areas.models import District

        codes = fair.quotas.order_by("district_id").values_list("district_id", flat=True)
        return letters.district_letters(fair, District.objects.filter(code__in=codes))
    if batch.kind == LetterKind.AGENCY:
        return letters.agency_letters(_fair_agencies(fair))
    numbers = running_numbers(fair)
    prepared: list = []
    invitations = list(batch_invitations(batch))
    for start in range(0, len(invitations), PROGRESS_EVERY):
        prepared += letters.invitation_letters(invitations[start : start + PROGRESS_EVERY], numbers)
        _progress(batch.pk, len(prepared))
    return prepared


def letter_batch_print(*, batch: LetterBatch) -> LetterBatch:
    """Print the batch into one PDF. Progress: letters prepared (the QR codes, the names),
    then the layout of the whole document; any error ends the batch failed with a reason."""
    from .. import letters

    started = LetterBatch.objects.filter(pk=batch.pk, status=LetterBatchStatus.QUEUED).update(
        status=LetterBatchStatus.RUNNING, updated_at=timezone.now()
    )
    if not started:  # given up as stale before a worker took it, or printed already
        batch.refresh_from_db()
        return batch
    try:
        prepared = _batch_letters(batch)
        if not prepared:
            return _fail(batch, _("There was no letter left to print."))
        pdf = letters.letters_pdf(batch.fair, prepared)
        batch.refresh_from_db()
        batch.file.save(f"letters-{batch.pk}.pdf", ContentFile(pdf), save=False)
        batch.status, batch.finished_at = LetterBatchStatus.DONE, timezone.now()
        batch.pages_done = batch.pages_total = len(prepared)
        batch.save(
            update_fields=[
                "file",
                "status",
                "finished_at",
                "pages_done",
                "pages_total",
                "updated_at",
            ]
        )
        return batch
    except Exception as error:
        logger.exception("Letter batch %s failed", batch.pk)
        return _fail(batch, str(_UNEXPECTED) % {"error": type(error).__name__})


def _fail(batch: LetterBatch, reason: str) -> LetterBatch:
    batch.refresh_from_db()
    batch.status, batch.error, batch.finished_at = LetterBatchStatus.FAILED, reason, timezone.now()
    batch.save(update_fields=["status", "error", "finished_at", "updated_at"])
    return batch


def letter_batch_mark_stale(*, batch: LetterBatch) -> LetterBatch:
    """A queued or printing batch silent for STALE_AFTER has lost its worker: failed.
    Conditional, so that a worker finishing at this very moment wins."""
    limit = timezone.now() - STALE_AFTER
    if batch.is_running and batch.updated_at < limit:
        LetterBatch.objects.filter(
            pk=batch.pk,
            status__in=(LetterBatchStatus.QUEUED, LetterBatchStatus.RUNNING),
            updated_at__lt=limit,
        ).update(
            status=LetterBatchStatus.FAILED,
            error=_("The printing stopped without finishing (the worker ended). Start it again."),
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        batch.refresh_from_db()
    return batch


def letter_batch_downloaded(*, batch: LetterBatch, by) -> None:
    """PDPA: who downloaded whose letters (names, addresses and codes)."""
    entry = activity_log(
        "events.letters.downloaded",
        actor=by,
        target=batch,
        data={"fair": batch.fair_id, "kind": batch.kind, "area": batch.scope_code},
    )
    if batch.kind == LetterKind.HOUSEHOLD:
        household_access_record(
            entry=entry, households=batch_invitations(batch).values("target__household_id")
        )


def invitation_letter_printed(*, invitation: Invitation, by) -> None:
    """PDPA: who printed one household's letter."""
    entry = activity_log(
        "events.letters.printed", actor=by, target=invitation, data={"fair": invitation.fair_id}
    )
    household_access_record(
        entry=entry,
        households=Invitation.objects.filter(pk=invitation.pk).values("target__household_id"),
    )
