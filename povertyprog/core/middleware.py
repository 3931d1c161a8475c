from django.conf import settings
from django.utils import translation


class ThaiFirstLocaleMiddleware:
    """Thai unless the user chose English with the language switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, and many office
    computers run an English browser; the programme's working language is Thai, so only the
    user's own choice (the language cookie set by the switch) changes it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
