from ._lockout import LockoutResetCommand


class Command(LockoutResetCommand):
    help = "Lift the login lockout of one username from one address (audited)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("ip", type=str)
        parser.add_argument("username", type=str)

    def handle(self, *args, **options) -> None:
        self.report(self.reset(ip=options["ip"], username=options["username"]))
