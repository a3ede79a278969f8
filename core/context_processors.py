from django.conf import settings


def site_context(request):
    return {
        "LANGUAGE_CODES": [code for code, _name in settings.LANGUAGES],
        "DEFAULT_LANGUAGE": settings.LANGUAGE_CODE,
    }
