"""axes' own reset commands bypass the audit log: these take their names (the accounts app
comes before axes in INSTALLED_APPS) and lift lockouts through `login_lockout_reset`."""

from django.core.management.base import BaseCommand

from povertyprog.accounts.services import login_lockout_reset


class LockoutResetCommand(BaseCommand):
    def reset(self, *, username: str | None = None, ip: str | None = None) -> int:
        return login_lockout_reset(username=username, ip=ip, by=None)

    def report(self, removed: int) -> None:
        self.stdout.write(f"{removed} attempts removed." if removed else "No attempts found.")
