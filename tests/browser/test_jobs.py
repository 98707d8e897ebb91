"""A background job in a real browser: an operator starts the static export, the job page
follows its progress without reloading (JavaScript polls status.json) until "fertig", and the
archive can be downloaded; axe-clean while running and when done.

The shared test server runs a task worker (``zielwerk db_worker``) beside gunicorn, as
``make run`` does.
"""

from __future__ import annotations

import time

import pytest

from tests.browser.conftest import axe_violations, instance_env
from tests.browser.test_operator import _shell
from tests.browser.test_pages import _summary

PASSWORD = "Aufgaben-im-Hintergrund-2030"


@pytest.fixture(scope="module")
def worker(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    env = {**instance_env(tmp_path_factory), "ZIELWERK_SSL_REDIRECT": "0"}
    _shell(
        env,
        "from zielwerk.accounts.services import user_create as c; "
        f"c(username='aufgaben', email='aufgaben@example.org', password='{PASSWORD}', "
        "is_staff=True)",
    )
    # the shared server runs a task worker (tests/browser/conftest.py)


def _clean(page) -> None:  # type: ignore[no-untyped-def]
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{_summary(violations)}"


def test_job_page_follows_the_static_export_to_done(page, server_url, worker):  # type: ignore[no-untyped-def]
    page.goto(server_url + "/konto/anmelden/")
    page.locator("#id_username").fill("aufgaben")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()

    page.goto(server_url + "/aufgaben/website/")
    _clean(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/aufgaben/" in page.url and page.url.rstrip("/").split("/")[-1].isdigit(), page.url
    job_url = page.url
    _clean(page)

    state = page.locator('[data-job="state_label"]')
    steps: set[str] = set()
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and state.inner_text() not in ("fertig", "fehlgeschlagen"):
        steps.add(page.locator('[data-job="step"]').inner_text())
        time.sleep(0.2)
    assert page.url == job_url  # followed by polling, not by reloading
    assert state.inner_text() == "fertig", page.locator("main").inner_text()
    assert any(step.startswith("Seite /") for step in steps), steps  # progress shown on the way
    assert page.locator("progress").get_attribute("value") == "100"
    link = page.locator('[data-job="result"]')
    assert link.is_visible() and "ZIP" in link.inner_text()
    _clean(page)

    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "zielwerk-website.zip"

    page.goto(server_url + "/aufgaben/")
    assert "Statische Website exportieren" in page.locator("main table").inner_text()
    _clean(page)
