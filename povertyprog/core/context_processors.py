from django.http import HttpRequest

from .menu import menu_for


def navigation(request: HttpRequest) -> dict:
    """The menu a user sees depends on their perms; templates never test roles themselves."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": menu_for(user)}
