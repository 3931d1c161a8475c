"""Delete the uploaded จปฐ. files that an import left behind (PDPA): run it daily from cron."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ...services import imports_purge


class Command(BaseCommand):
    help = (
        "Delete the uploaded files of imports older than --older-than days (default: the "
        "IMPORT_FILE_RETENTION_DAYS setting) that still have one: failed, refused or never "
        "confirmed. Committed and abandoned imports delete their file at once. The name, size "
        "and SHA-256 of each file are kept."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            metavar="DAYS",
            default=None,
            help="age in days (default: settings.IMPORT_FILE_RETENTION_DAYS)",
        )

    def handle(self, *args, **options) -> None:
        days = options["older_than"]
        if days is None:
            days = settings.IMPORT_FILE_RETENTION_DAYS
        if days < 0:
            raise CommandError("--older-than must be 0 or more days.")
        purged = imports_purge(older_than_days=days)
        self.stdout.write(f"Deleted the files of {len(purged)} imports older than {days} days.")
