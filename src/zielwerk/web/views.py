"""The language switch as a plain GET link target.

The header's language switch is a GET form: it carries no CSRF token, so public pages are
the same for every anonymous visitor and can be served whole from the page cache
(``portal.rendering.anonymous_page``). Choosing a language only sets the language cookie (a
display preference, no other state), then sends the visitor back to the page they came from
on this site.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def language(request: HttpRequest) -> HttpResponse:
    """``/sprache/?language=en&next=/ziele/``: remember the language, go back to ``next``."""
    chosen = request.GET.get("language", "")
    target = request.GET.get("next", "") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if chosen in {code for code, _name in settings.LANGUAGES}:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            chosen,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
