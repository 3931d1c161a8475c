"""Writes for agencies, MOUs and pledges: atomic, validated with messages a person can act
on, and audited. One module per noun; what a signed MOU allows is written in mous.py."""

from .agencies import (
    AGENCY_FIELDS,
    agency_check_rights,
    agency_ensure,
    agency_liaison_link,
    agency_save,
)
from .mous import (
    EXPIRY_WARNING_DAYS,
    MOU_DOCUMENT_MAX_BYTES,
    MOU_FIELDS,
    MOU_TERMS,
    clean_document_name,
    mou_cancel,
    mou_create,
    mou_document_attach,
    mou_sign,
    mou_signatory_add,
    mou_signatory_remove,
    mou_update,
    mous_expire,
    mous_expiring,
    validate_mou_document,
)
from .pledges import PLEDGE_FIELDS, pledge_remove, pledge_save

__all__ = [
    "AGENCY_FIELDS",
    "EXPIRY_WARNING_DAYS",
    "MOU_DOCUMENT_MAX_BYTES",
    "MOU_FIELDS",
    "MOU_TERMS",
    "PLEDGE_FIELDS",
    "agency_check_rights",
    "agency_ensure",
    "agency_liaison_link",
    "agency_save",
    "clean_document_name",
    "mou_cancel",
    "mou_create",
    "mou_document_attach",
    "mou_sign",
    "mou_signatory_add",
    "mou_signatory_remove",
    "mou_update",
    "mous_expire",
    "mous_expiring",
    "pledge_remove",
    "pledge_save",
    "validate_mou_document",
]
