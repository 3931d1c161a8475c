from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

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
    by=None,
) -> tuple[User, bool]:
    """Create a user, or bring an existing one to this role, scope and password."""
    user, created = User.objects.get_or_create(username=username)
    user.role, user.area_scope = role, area_scope
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


@transaction.atomic
def user_save(*, user: User, by, fields: Iterable[str], creating: bool) -> User:
    """Save a user as a form (the admin's) left it: within the acting user's own scope,
    validated, and one audit entry naming the changed fields (never the password)."""
    own_scope = area_scope_of(by)
    if own_scope is None or not user.area_scope.startswith(own_scope):
        message = _("The scope must lie inside your own (%(scope)s).")
        raise ValidationError(
            {"area_scope": ValidationError(message, params={"scope": own_scope or ""})}
        )
    user.full_clean(exclude=["password"])
    user.save()
    activity_log(
        "accounts.user.created" if creating else "accounts.user.changed",
        actor=by,
        target=user,
        data={"fields": sorted(set(fields) - {"password", "password1", "password2"})},
    )
    return user


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
