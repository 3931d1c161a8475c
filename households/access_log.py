"""PDPA: which households an activity-log entry touched, and who touched one household.

An entry that names one household (a household page showing its citizen ID) has it as its
target; an export or a search names many. Either way the link goes in HouseholdAccess,
written here with one INSERT … SELECT built from the very query that produced the export or
the search results, so that an export of half a million households sends no id through
Python and the household page reads its entries through one index.
"""

from django.db import connection
from django.db.models import QuerySet

from povertyprog.audit.labels import action_label
from povertyprog.audit.models import ActivityLog

from .models import HouseholdAccess

ENTRIES_SHOWN = 200


def household_access_record(*, entry: ActivityLog, households: QuerySet) -> None:
    """Link `entry` to every household of `households` (a queryset of household ids:
    `….values("household_id")` or `Household.objects.filter(…).values("pk")`)."""
    select_sql, params = households.order_by().query.sql_with_params()
    table = connection.ops.quote_name(HouseholdAccess._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (activity_id, household_id) "  # noqa: S608 - names from models
            f"SELECT %s, ids.* FROM ({select_sql}) ids",
            [entry.pk, *params],
        )


def household_access_link(*, entry: ActivityLog, household) -> None:
    """Link `entry` to the one household it showed."""
    HouseholdAccess.objects.create(activity=entry, household=household)


def household_access_entries(household) -> list[ActivityLog]:
    """The activity-log entries that showed or exported this household's personal data,
    newest first, each with a `label` (the caller has checked Perm.VIEW_ACCESS_LOG)."""
    entry_ids = HouseholdAccess.objects.filter(household=household).values("activity_id")
    entries = list(
        ActivityLog.objects.filter(pk__in=entry_ids).select_related("actor")[:ENTRIES_SHOWN]
    )
    for entry in entries:
        entry.label = action_label(entry.action)
    return entries
