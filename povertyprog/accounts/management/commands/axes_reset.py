from ._lockout import LockoutResetCommand


class Command(LockoutResetCommand):
    help = "Lift every login lockout (audited)."

    def handle(self, *args, **options) -> None:
        self.report(self.reset())
