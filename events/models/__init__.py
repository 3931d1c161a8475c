"""The poverty fair (มหกรรมแก้จน): the fair and its plan of work, invitations and their
RSVPs, check-ins at the desks, and the services the agencies' booths give."""

from .booth import BoothService
from .checkin import CheckIn, CheckInAttempt, CheckInKind, CheckInResult
from .fair import (
    Booth,
    Desk,
    Fair,
    FairDistrictQuota,
    FairTask,
    TaskStatus,
)
from .invitation import Invitation, RSVPChannel, RSVPStatus
from .letterhead import LetterBatch, LetterBatchStatus, Letterhead, LetterKind  # noqa: F401

__all__ = [
    "Booth",
    "BoothService",
    "CheckIn",
    "CheckInAttempt",
    "CheckInKind",
    "CheckInResult",
    "Desk",
    "Fair",
    "FairDistrictQuota",
    "FairTask",
    "Invitation",
    "RSVPChannel",
    "RSVPStatus",
    "TaskStatus",
]
