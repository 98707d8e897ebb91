"""Resolving the organisation of a request and checking a permission on it, for views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from .models import Organisation

View = Callable[..., HttpResponse]


def organisation_required(permission: str) -> Callable[[View], View]:
    """Decorate a view taking ``org`` (slug): anonymous users go to the login page, users
    without ``permission`` on the organisation get 403; the view receives the organisation."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, org: str, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            organisation = get_object_or_404(
                Organisation.objects.select_related("region"), slug=org
            )
            if not request.user.has_perm(permission, organisation):
                raise PermissionDenied
            return view(request, organisation, *args, **kwargs)

        return wrapped

    return decorate


def signed_in(request: HttpRequest) -> User:
    """The signed-in user of a view behind ``login_required`` (typed as a real user)."""
    user = request.user
    if not isinstance(user, User):  # AnonymousUser
        raise PermissionDenied
    return user
