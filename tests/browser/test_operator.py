"""The platform operator area in a real browser, in German and in English, axe-clean on every
page: sign in as operator, search a region by name, create its organisation, invite the
first administrator; then the first-steps page and the page for a person without organisation.

Controls are found by their ids, not their labels, so the English run does not depend on the
state of the English message catalogue; the language is checked on ``<html lang>``.
"""

from __future__ import annotations

import subprocess

import pytest

from tests.browser.conftest import BIN, axe_violations, instance_env
from tests.browser.test_pages import _summary

PASSWORD = "Betrieb-der-Plattform-2030"
# (language, search text, ARS of the region to choose, name, short name, administrator)
RUNS = [
    ("de", "Kleve", "051540000000", "Kreis Kleve", "kreis-kleve", "umwelt@kreis-kleve.example"),
    ("en", "Goch", "051540016016", "Stadt Goch", "stadt-goch", "agenda@goch.example"),
]


def _shell(env: dict[str, str], code: str) -> str:
    """The last line ``zielwerk shell -c`` prints (it may announce its auto-imports first)."""
    done = subprocess.run(
        [str(BIN / "zielwerk"), "shell", "-c", code],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


@pytest.fixture(scope="module")
def accounts(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A superuser ``betrieb`` and a person ``ohne`` who belongs to no organisation."""
    env = instance_env(tmp_path_factory)
    _shell(
        env,
        "from zielwerk.accounts.services import user_create as c; "
        f"c(username='betrieb', email='betrieb@example.org', password='{PASSWORD}', "
        "is_staff=True, is_superuser=True); "
        f"c(username='ohne', email='ohne@example.org', password='{PASSWORD}')",
    )
    return env


def _clean(page) -> None:  # type: ignore[no-untyped-def]
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{_summary(violations)}"


def _sign_in(page, server_url: str, username: str, language: str) -> None:  # type: ignore[no-untyped-def]
    page.context.add_cookies([{"name": "django_language", "value": language, "url": server_url}])
    page.goto(server_url + "/konto/anmelden/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize(("language", "query", "ars", "name", "slug", "email"), RUNS)
def test_operator_creates_an_organisation_and_invites_its_administrator(  # type: ignore[no-untyped-def]
    page, server_url, accounts, language, query, ars, name, slug, email
):
    _sign_in(page, server_url, "betrieb", language)
    # a superuser without organisation lands in the operator area
    assert page.url.endswith("/konto/betrieb/"), page.url
    assert page.locator("html").get_attribute("lang") == language
    _clean(page)

    page.locator("a[href='/konto/betrieb/organisation-anlegen/']").first.click()
    page.wait_for_load_state()
    _clean(page)

    # search by name, server-side: every region of that name is listed with its parent
    page.locator("#id_q").fill(query)
    page.locator("main form[role=search] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == language
    rows = page.locator("main table tbody tr")
    assert rows.count() >= 1
    assert ars in page.locator("main table").inner_text()
    _clean(page)

    # choose the region: name and kind come from it
    page.locator(f"main table a[href*='region={ars}']").click()
    page.wait_for_load_state()
    assert page.locator("input[name=region]").get_attribute("value") == ars
    _clean(page)
    page.locator("#id_name").fill(name)
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/konto/betrieb/organisationen/{slug}/verwaltung-einladen/"), page.url
    assert name in page.locator("h1").inner_text()
    _clean(page)

    # a bad address is marked at the field, then the invitation goes out
    page.locator("#id_email").fill("keine-adresse")
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"
    _clean(page)
    page.locator("#id_email").fill(email)
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/konto/betrieb/"), page.url
    main = page.locator("main").inner_text()
    assert email in main and name in main
    _clean(page)

    stored = _shell(
        accounts,
        "from zielwerk.accounts.models import Invitation as I; "
        f"i = I.objects.get(organisation__slug='{slug}'); "
        "print(i.email, i.role, i.invited_by.username, i.organisation.region.ars)",
    )
    assert stored == f"{email} admin betrieb {ars}"

    # the first steps of the new organisation: only the organisation itself is done
    page.goto(f"{server_url}/arbeitsbereich/{slug}/erste-schritte/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator(".kern-task-list__item").count() == 6
    assert page.locator(".kern-badge--success").count() == 1
    _clean(page)


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_person_without_organisation_learns_who_can_add_them(  # type: ignore[no-untyped-def]
    page, server_url, accounts, language
):
    _sign_in(page, server_url, "ohne", language)
    assert page.url.endswith("/arbeitsbereich/"), page.url
    assert page.locator("html").get_attribute("lang") == language
    assert "ohne@example.org" in page.locator("main").inner_text()
    _clean(page)
    assert page.goto(server_url + "/konto/betrieb/").status == 403
