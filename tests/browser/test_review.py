"""The grouped review in a real browser, in German and in English: a plausibility warning at
the value, the chart preview, the members-only preview of the public page and the
confirmation before publishing, axe-clean on every page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, instance_env
from tests.browser.test_operator import PASSWORD, _shell, _sign_in
from tests.browser.test_pages import _summary

SLUG = "emmerich-pruefung"
ARS = "051540008008"


@pytest.fixture(scope="module")
def drafts(server_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """An organisation for Emmerich with published 7.2.a values and drafts with a jump."""
    env = instance_env(tmp_path_factory)
    _shell(
        env,
        "from zielwerk.accounts.services import user_create; "
        "from zielwerk.accounts.models import Organisation, Membership; "
        "from zielwerk.regions.models import Region; "
        "from zielwerk.catalogue.models import Indicator; "
        "from zielwerk.workspace import services as s; "
        f"u = user_create(username='pruefer', email='p@example.org', password='{PASSWORD}'); "
        f"r = Region.objects.get(ars='{ARS}'); "
        f"o = Organisation.objects.create(name='Stadt Emmerich', slug='{SLUG}', region=r); "
        "Membership.objects.create(organisation=o, user=u, role='admin'); "
        "i = Indicator.objects.get(code='7.2.a'); "
        "rows = lambda d: [s.DraftRow(i.pk, r.pk, '', y, v, 'percent') for y, v in d.items()]; "
        "s.staged_observations_save(organisation=o, user=u, origin='grid', "
        "rows=rows({2018: 30.0, 2019: 31.0, 2020: 32.0, 2021: 33.0})); "
        "s.drafts_publish(organisation=o, user=u); "
        "s.staged_observations_save(organisation=o, user=u, origin='grid', "
        "rows=rows({2022: 34.0, 2023: 84.0})); "
        "print('ok')",
    )
    return server_url + f"/arbeitsbereich/{SLUG}"


def _clean(page) -> None:  # type: ignore[no-untyped-def]
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{_summary(violations)}"


@pytest.mark.parametrize("language", ["de", "en"])
def test_review_preview_and_confirmation(page, server_url, drafts, language):  # type: ignore[no-untyped-def]
    _sign_in(page, server_url, "pruefer", language)
    page.goto(drafts + "/pruefen/")
    assert page.locator("html").get_attribute("lang") == language
    group = page.locator("section.zw-review-group")
    assert group.count() == 1
    assert "7.2.a" in group.locator("h2").inner_text()
    assert page.locator(".zw-warning").count() == 1  # the jump from 34 to 84
    assert page.locator("tr.zw-warn").count() == 1
    chart = group.locator("figure.zw-chart svg[role=img]")
    assert chart.count() == 1 and chart.get_attribute("aria-label")
    _clean(page)

    group.locator("a[href$='/pruefen/vorschau/7.2.a/']").click()
    assert page.locator("figure.zw-chart svg[role=img]").count() == 1
    assert page.locator("tr.zw-draft").count() == 2
    _clean(page)

    page.goto(drafts + "/pruefen/")
    page.locator("section.zw-review-group form button[type=submit]").click()
    assert "indikator=7.2.a" in page.url
    assert page.locator("main input[name=indicator]").get_attribute("value") == "7.2.a"
    assert page.locator(".kern-alert--warning li").count() == 1
    _clean(page)
