"""API tokens: ``Authorization: Bearer <token>`` for writing and for reading drafts.

A token belongs to one organisation and acts as the member who created it, with that
member's role at the time of use (``zielwerk.accounts.rules``). The web session is never
accepted here: a browser's cookies cannot write through the API, so no CSRF token is needed.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer

from zielwerk.accounts.models import ApiToken, Organisation
from zielwerk.accounts.services import api_token_find

from .http import rate_limit_hit


class RateLimited(HttpError):
    """Too many requests with one token in the current window."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(429, "rate_limited")
        self.retry_after = retry_after


class Public:
    """No token sent to an endpoint that is also public: ``request.auth`` is this."""

    def __bool__(self) -> bool:
        return True


PUBLIC = Public()


class ApiTokenAuth(HttpBearer):
    """Bearer token of an organisation. A missing token gives 401 (or, with ``optional``,
    public access); a wrong, revoked or expired token always gives 401."""

    def __init__(self, *, optional: bool = False) -> None:
        super().__init__()
        self.optional = optional

    def __call__(self, request: HttpRequest) -> Any:
        if not request.headers.get(self.header):
            return PUBLIC if self.optional else None
        found = super().__call__(request)
        if found is None:
            raise AuthenticationError()
        return found

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = api_token_find(token=token.strip())
        if found is None:
            return None
        # Counted per token as well as per client IP (``public_read``): a token used from
        # many machines is still limited like one client.
        retry_after = rate_limit_hit(f"token:{found.pk}")
        if retry_after:
            raise RateLimited(retry_after)
        return found


TOKEN = ApiTokenAuth()
TOKEN_OR_PUBLIC = ApiTokenAuth(optional=True)


def token_of(request: HttpRequest) -> ApiToken | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None


def token_permission(api_token: ApiToken, organisation: Organisation, permission: str) -> None:
    """403 unless the token belongs to the organisation, may write (for write permissions)
    and its creator has ``permission`` there now."""
    if api_token.organisation_id != organisation.pk:
        raise HttpError(403, "token of another organisation")
    if permission != "workspace.view" and not api_token.may_write:
        raise HttpError(403, "token may only read")
    if not api_token.created_by.has_perm(permission, organisation):
        raise HttpError(403, "the token's creator lacks the permission " + permission)
