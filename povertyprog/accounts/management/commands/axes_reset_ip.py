from ._lockout import LockoutResetCommand


class Command(LockoutResetCommand):
    help = "Lift the login lockouts of the given addresses (audited)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("ip", nargs="+", type=str)

    def handle(self, *args, **options) -> None:
        self.report(sum(self.reset(ip=ip) for ip in options["ip"]))
