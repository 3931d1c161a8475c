from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from povertyprog.demo.services import DEMO_HOUSEHOLDS, demo_load, demo_sample_file


class Command(BaseCommand):
    help = "Load the Chiang Mai demo and print one login per role (passwords are reset each run)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--households", type=int, default=DEMO_HOUSEHOLDS)

    def handle(self, *args, **options) -> None:
        with translation.override("th"):
            logins = demo_load(households=options["households"])
            sample = demo_sample_file(Path(settings.BASE_DIR) / "demo-files")
            self.stdout.write(
                self.style.SUCCESS("\nDemo ready: http://127.0.0.1:8000/  (logins below)\n")
            )
            self.stdout.write(f"{'username':<10} {'password':<18} {'scope':<6} role")
            for login in logins:
                self.stdout.write(
                    f"{login.username:<10} {login.password:<18} "
                    f"{login.scope or '-':<6} {login.role}"
                )
            self.stdout.write(f"\nTry the จปฐ. import (log in as admin) with: {sample}\n")
