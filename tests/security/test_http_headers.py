"""HTTP hardening (issue 13): a Content-Security-Policy on every page, no inline script or
style in any template, ``no-store`` on personal pages, and German/English 404, 403 and 500
pages in the KERN look (500 without a request context or database)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from tests.accounts import fixtures
from zielwerk.web.middleware import SecurityHeadersMiddleware

pytestmark = pytest.mark.django_db
# The small world of two municipalities, fast password hashing, a clean page cache.
world = fixtures.world
_fast_passwords = fixtures._fast_passwords
_clear_cache = fixtures._clear_cache
POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)
SRC = Path(__file__).resolve().parents[2] / "src" / "zielwerk"


def test_pages_carry_the_content_security_policy(client, world):
    for path in ("/", "/konto/anmelden/", "/suche/?q=energie", "/gibt-es-nicht/"):
        assert client.get(path)["Content-Security-Policy"] == POLICY, path


def test_only_pages_with_vega_charts_allow_eval():
    def respond(body: bytes) -> HttpResponse:
        middleware = SecurityHeadersMiddleware(lambda request: HttpResponse(body))
        return middleware(RequestFactory().get("/indikatoren/7.2.a/"))

    chart = respond(b'<script src="/static/vendor/vega/vega.min.0a1b2c.js" defer></script>')
    assert "script-src 'self' 'unsafe-eval';" in chart["Content-Security-Policy"]
    assert "'unsafe-eval'" not in respond(b"<p>Text</p>")["Content-Security-Policy"]


def test_no_policy_on_data_responses(client, world):
    assert "Content-Security-Policy" not in client.get("/api/v1/goals")


def test_no_inline_script_handler_or_style_in_any_template():
    offending = []
    for template in SRC.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for pattern in (
            r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>",
            r"\son[a-z]+\s*=",
            r"\sstyle\s*=",
            r"<style\b",
            r"javascript:",
        ):
            offending += [f"{template.relative_to(SRC)}: {m}" for m in re.findall(pattern, text)]
    assert offending == []


@pytest.mark.parametrize(
    "path", ["/konto/", "/konto/anmelden/", "/arbeitsbereich/", "/admin/login/"]
)
def test_personal_pages_are_not_stored(client, world, path):
    client.force_login(world.members["admin"])
    assert client.get(path)["Cache-Control"] == "no-store"


def test_public_pages_stay_cacheable(client, world):
    assert client.get("/").get("Cache-Control") != "no-store"


def test_404_page_in_the_kern_look_in_german(client, world):
    response = client.get("/gibt-es-nicht/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Seite nicht gefunden" in page
    assert "kern.min" in page and 'class="zw-header"' in page
    assert '<html lang="de">' in page


def test_403_page_in_the_kern_look(client, world):
    client.force_login(world.members["viewer"])
    response = client.get("/konto/organisationen/bedburg-hau/mitglieder/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Zugriff nicht erlaubt" in page and "kern.min" in page


def test_500_page_renders_without_request_context_or_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert "Fehler auf dem Server" in page and "kern.min" in page


def test_error_pages_in_english(client, world):
    client.cookies["django_language"] = "en"
    page = client.get("/gibt-es-nicht/").content.decode()
    assert '<html lang="en">' in page
    assert "Page not found" in page
    with translation.override("en"):
        assert "Server error" in server_error(RequestFactory().get("/")).content.decode()
