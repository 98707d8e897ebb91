"""HTTP behaviour shared by the public read endpoints: CORS, conditional GET, rate limiting.

Applied per view (``public_read``) rather than as project middleware, so the web pages keep
their own headers and the API carries everything it needs in its own URLconf.

Settings (optional, with defaults): ``ZIELWERK_API_RATE_LIMIT`` — ``(requests, seconds)``
per client IP, default ``(600, 60)``; ``ZIELWERK_API_RATE_LIMIT_CACHE`` — the cache alias
the counters live in (default ``"default"``; use a shared cache with several app servers).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.middleware.http import ConditionalGetMiddleware
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import gettext as _

from zielwerk.accounts.ratelimit import counter_hit

View = Callable[..., HttpResponseBase]
DEFAULT_RATE_LIMIT = (600, 60)
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since, Accept",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Retry-After, Link",
    "Access-Control-Max-Age": "86400",
}
READ_METHODS = frozenset({"GET", "HEAD"})

# ETag for every non-streaming response from a hash of its body; streaming responses bring
# their own (a data version). Answers If-None-Match / If-Modified-Since with 304.
conditional_get = decorator_from_middleware(ConditionalGetMiddleware)


def rate_limit_setting() -> tuple[int, int]:
    limit = getattr(settings, "ZIELWERK_API_RATE_LIMIT", DEFAULT_RATE_LIMIT)
    return int(limit[0]), int(limit[1])


def client_ip(request: HttpRequest) -> str:
    """The peer address. Behind a reverse proxy, the proxy must set REMOTE_ADDR correctly
    (e.g. gunicorn ``--forwarded-allow-ips``); X-Forwarded-For is not trusted here."""
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def rate_limit_hit(ip: str, *, now: float | None = None) -> int:
    """Count one request of ``ip`` in the current fixed window; the seconds until the window
    ends when the limit is exceeded, else 0."""
    limit, window = rate_limit_setting()
    now = time.time() if now is None else now
    start = int(now // window) * window
    cache = caches[getattr(settings, "ZIELWERK_API_RATE_LIMIT_CACHE", "default")]
    key = f"zw-api-rate:{ip}:{start}"
    count = counter_hit(cache, key, window + 1)
    if count <= limit:
        return 0
    return max(1, int(start + window - now + 0.999))


def too_many_requests(retry_after: int) -> JsonResponse:
    limit, window = rate_limit_setting()
    response = JsonResponse(
        {
            "status": 429,
            "error": "rate_limited",
            "detail": _(
                "Zu viele Anfragen: höchstens %(limit)s in %(window)s Sekunden. "
                "Bitte nach %(retry)s Sekunden erneut versuchen."
            )
            % {"limit": limit, "window": window, "retry": retry_after},
            "limit": limit,
            "window_seconds": window,
            "retry_after": retry_after,
        },
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def _with_cors(response: HttpResponseBase) -> HttpResponseBase:
    for name, value in CORS_HEADERS.items():
        response.headers.setdefault(name, value)
    vary = response.headers.get("Vary", "")
    if "Accept-Language" not in vary:
        response["Vary"] = f"{vary}, Accept-Language" if vary else "Accept-Language"
    return response


def public_read(view: View) -> View:
    """Rate limit per client IP, answer CORS preflights, add CORS and caching headers."""
    conditional = conditional_get(view)

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method == "OPTIONS":
            return _with_cors(HttpResponse(status=204))
        retry_after = rate_limit_hit(client_ip(request))
        if retry_after:
            return _with_cors(too_many_requests(retry_after))
        response = conditional(request, *args, **kwargs)
        if request.method in READ_METHODS and response.status_code in (200, 304):
            response.headers.setdefault("Cache-Control", "public, max-age=60")
        return _with_cors(response)

    wrapped.csrf_exempt = True  # type: ignore[attr-defined]
    return wrapped
