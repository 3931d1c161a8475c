from django.db import transaction

from povertyprog.audit.services import activity_log

from .models import User


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
