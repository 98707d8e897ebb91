"""Project middleware: the chosen language, refusing NUL characters in input, and the
security headers of every page (Content-Security-Policy, no-store on personal pages)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import translation


class ChosenLanguageMiddleware:
    """Activate the language from the language cookie, else German.

    Django's LocaleMiddleware would follow the browser's Accept-Language header; German municipal
    staff often use English-language browsers, and the portal is German first. The choice made
    with the switch (Django's set_language view sets the cookie) always wins.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        with translation.override(language):  # restored afterwards: no leak between requests
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response


class RejectNulMiddleware:
    """Answer 400 to requests carrying NUL characters in the path, query or form fields.

    No valid input contains them, and PostgreSQL cannot store or compare them (it raises an
    error, which would otherwise surface as a server error on any search or filter).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            return HttpResponseBadRequest(
                "Ungültige Anfrage: Steuerzeichen NUL ist nicht erlaubt.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    fields = [request.GET]
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        fields.append(request.POST)
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for query in fields
        for key, values in query.lists()
    )


CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'{eval}; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)
# Vega compiles chart expressions with ``new Function``: pages that load it (and only those)
# allow eval; still no inline script, no foreign origin.
_VEGA = b"/vendor/vega/vega.min."  # also with the hashed name of the static manifest
PERSONAL_PREFIXES = ("/konto/", "/arbeitsbereich/", "/admin/")


class SecurityHeadersMiddleware:
    """Content-Security-Policy on every HTML page (self-hosted assets only, no inline script
    or style; a view may set its own), and ``Cache-Control: no-store`` on personal pages
    (account, workspace, admin), which no browser or proxy may keep."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            charts = not response.streaming and _VEGA in response.content
            response.headers.setdefault(
                "Content-Security-Policy",
                CONTENT_SECURITY_POLICY.format(eval=" 'unsafe-eval'" if charts else ""),
            )
        if request.path.startswith(PERSONAL_PREFIXES):
            response["Cache-Control"] = "no-store"
        return response
