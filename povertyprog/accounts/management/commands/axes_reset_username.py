from ._lockout import LockoutResetCommand


class Command(LockoutResetCommand):
    help = "Lift the login lockouts of the given usernames (audited)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username", nargs="+", type=str)

    def handle(self, *args, **options) -> None:
        self.report(sum(self.reset(username=name) for name in options["username"]))
