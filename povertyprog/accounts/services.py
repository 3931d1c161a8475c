from django.core.exceptions import PermissionDenied
from django.db import transaction

from povertyprog.audit.services import activity_log

from .access import area_scope_of
from .models import User
from .roles import Perm, has_perm


@transaction.atomic
def user_set_up(
    *,
    username: str,
    role: str,
    area_scope: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    agency=None,
    by=None,
) -> tuple[User, bool]:
    """Create a user, or bring an existing one to this role, scope and password."""
    user, created = User.objects.get_or_create(username=username)
    user.role, user.area_scope, user.agency = role, area_scope, agency
    user.first_name, user.last_name = first_name, last_name
    user.is_active = True
    user.set_password(password)
    user.full_clean()
    user.save()
    activity_log(
        "accounts.user.created" if created else "accounts.user.reset",
        actor=by,
        target=user,
        data={"role": role, "area_scope": area_scope},
    )
    return user, created


def _may_lift_lockout(by, username: str | None) -> bool:
    """The server's operator (no acting user) and national admins lift any lockout; a
    province admin only a named user's inside their own area."""
    if by is None:
        return True
    if not has_perm(by, Perm.MANAGE_USERS):
        return False
    scope = area_scope_of(by)
    if scope == "":
        return True
    return (
        bool(username)
        and User.objects.filter(username=username, area_scope__startswith=scope).exists()
    )


@transaction.atomic
def login_lockout_reset(*, username: str | None = None, ip: str | None = None, by=None) -> int:
    """Lift a login lockout: forget the failed logins of `username` from `ip`.

    Either may be left out to widen the reset (both out: every lockout, the operator's
    `manage.py axes_reset`). Returns how many lockout records were removed; one audit entry
    either way. `by` is the acting admin, None for a management command.
    """
    from axes.utils import reset  # axes' models load with the app registry

    if not _may_lift_lockout(by, username):
        raise PermissionDenied
    removed = reset(ip=ip or None, username=username or None)
    activity_log(
        "accounts.login_lockout.reset",
        actor=by,
        target=User.objects.filter(username=username).first() if username else None,
        data={"username": username or "", "ip": ip or "", "removed": removed},
    )
    return removed
