"""JSON request bodies within the input limits (``zielwerk.core.limits.json_load``): a lone
surrogate or nesting deeper than ``MAX_JSON_DEPTH`` is a 400 with a reason, never a 500 or a
broken row."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest
from ninja.parser import Parser

from zielwerk.core.limits import MAX_JSON_DEPTH, LimitExceeded, json_load


def json_refusal(exc: LimitExceeded) -> str:
    """Why a JSON body is refused (the API's error texts are English, like its schema)."""
    if exc.limit == "unicode_surrogate":
        return f"the JSON body holds a lone surrogate {exc.found}, which is no Unicode text"
    return f"the JSON body is nested deeper than the input limit max_json_depth = {MAX_JSON_DEPTH}"


class BoundedParser(Parser):
    """django-ninja's JSON parser with the input limits; django-ninja answers its errors with
    ``400 Cannot parse request body``."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        try:
            return cast(dict[str, Any], json_load(request.body))
        except LimitExceeded as exc:
            raise ValueError(json_refusal(exc)) from exc
