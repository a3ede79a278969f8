from django.conf import settings


def site_context(request):
    return {"DEFAULT_LANGUAGE": settings.LANGUAGE_CODE}
