"""``zielwerk export_openapi``: print the OpenAPI document of API v1 (the committed snapshot)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from zielwerk.api.v1 import api


class Command(BaseCommand):
    help = "Print the OpenAPI document of API v1 as JSON (docs/api/openapi.json)."

    def handle(self, *args: Any, **options: Any) -> None:
        schema = api.get_openapi_schema(path_prefix="/api/v1")
        self.stdout.write(json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False))
