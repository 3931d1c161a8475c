from django.conf import settings
from django.utils import timezone

from .roles import Perm, has_perm


def idle_minutes_for(user) -> int:
    """How long this user's session survives without a request.

    Office computers are shared: whoever may see personal data is logged out sooner.
    """
    if has_perm(user, Perm.VIEW_PERSONAL_DATA):
        return settings.SESSION_IDLE_MINUTES_PERSONAL_DATA
    return settings.SESSION_IDLE_MINUTES


# Sliding the expiry writes the session; a page that polls every second (an import's
# progress) would write it on every poll. Slide it at most once a minute: the idle limit
# holds to within that minute.
TOUCH_EVERY_SECONDS = 60
_TOUCHED = "_idle_touched"


class IdleSessionMiddleware:
    """Expire a logged-in session after a quiet spell; every request starts the spell anew
    (to within TOUCH_EVERY_SECONDS).

    The expiry is set after the view, so the request that logs a user in already gets it
    and the one that logs them out (an anonymous user by then) is left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            session, now = request.session, int(timezone.now().timestamp())
            seconds = idle_minutes_for(user) * 60
            fresh = now - session.get(_TOUCHED, 0) < TOUCH_EVERY_SECONDS
            if not (fresh and session.get("_session_expiry") == seconds):
                session[_TOUCHED] = now
                session.set_expiry(seconds)
        return response
