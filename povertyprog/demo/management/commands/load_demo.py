from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone, translation

from events.models import Fair
from events.report_selectors import attendance_report
from households.models import Programme
from households.programme_selectors import programme_summary
from povertyprog.demo.programme import PROGRAMME_YEAR
from povertyprog.demo.services import DEMO_HOUSEHOLDS, demo_load, demo_sample_file


def site_url(address: str) -> str:
    """The URL runserver serves for `address`, given as runserver takes it."""
    if address.startswith(("http://", "https://")):
        return address.rstrip("/") + "/"
    if address.isdigit():  # runserver's default address with this port
        address = f"127.0.0.1:{address}"
    return f"http://{address}/"


class Command(BaseCommand):
    help = "Load the Chiang Mai demo and print one login per role (passwords are reset each run)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--households", type=int, default=DEMO_HOUSEHOLDS)
        parser.add_argument(
            "--address",
            default="127.0.0.1:8000",
            help="Where the server listens, as given to runserver (ADDR:PORT or PORT).",
        )

    def handle(self, *args, **options) -> None:
        with translation.override("th"):
            logins = demo_load(households=options["households"])
            sample = demo_sample_file(Path(settings.BASE_DIR) / "demo-files")
            self.stdout.write(
                self.style.SUCCESS(
                    f"\nDemo ready: {site_url(options['address'])}  (logins below)\n"
                )
            )
            self.stdout.write(f"{'username':<10} {'password':<18} {'scope':<6} role")
            for login in logins:
                self.stdout.write(
                    f"{login.username:<10} {login.password:<18} "
                    f"{login.scope or '-':<6} {login.role}"
                )
            self.stdout.write(f"\nTry the จปฐ. import (log in as admin) with: {sample}")
            programme = Programme.objects.filter(fiscal_year_be=PROGRAMME_YEAR).first()
            if programme is not None:
                figures = programme_summary(programme)
                self.stdout.write(
                    f"Programme {PROGRAMME_YEAR}: {figures['targets']} target households in "
                    f"{figures['villages']} villages, {figures['subdistricts']} subdistricts and "
                    f"{figures['districts']} districts (manage.py programme_report "
                    f"--year {PROGRAMME_YEAR} --province 50)"
                )
                stages = ", ".join(f"{n} {stage}" for stage, n in figures["stages"].items() if n)
                self.stdout.write(f"  cases by stage: {stages}")
                self._fair(programme)

    def _fair(self, programme) -> None:
        fair = Fair.objects.filter(programme=programme).first()
        if fair is None:
            return
        total = attendance_report(fair, subdistricts=False).total
        self.stdout.write(
            f"Fair (id {fair.pk}) on {timezone.localtime(fair.starts_at):%Y-%m-%d}: "
            f"{total.invited} invitations ({total.confirmed} confirmed, {total.declined} "
            f"declined, {total.no_answer} no answer yet), {fair.desks.count()} desks, "
            f"{fair.booths.count()} booths; each district's letters are printed by the "
            f"background worker (manage.py fair_report --fair {fair.pk})\n"
        )
