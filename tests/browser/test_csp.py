"""The Content-Security-Policy in a real browser: pages with interactive charts, the reporting
meters and the login work with no CSP violation (issue 13: self-hosted assets, no inline script
or style)."""

from __future__ import annotations

import pytest

from tests.browser.test_portal import portal  # noqa: F401 (module fixture: DNS data imported)

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile);
});
"""


@pytest.fixture
def strict_page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="de-DE")  # CSP enforced (no bypass_csp)
    context.add_init_script(WATCH)
    page = context.new_page()
    page.zw_console = []
    page.on("console", lambda m: page.zw_console.append(m.text) if m.type == "error" else None)
    yield page
    context.close()


@pytest.mark.parametrize(
    ("path", "charts"),
    [("/indikatoren/7.2.a/", 2), ("/berichtsstand/", 0), ("/konto/anmelden/", 0), ("/", 0)],
)
def test_pages_work_under_the_csp(strict_page, portal, path, charts):  # noqa: F811
    response = strict_page.goto(portal + path)
    assert response is not None and response.status == 200
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    if charts:
        strict_page.wait_for_function(
            f"document.querySelectorAll('[data-zw-ready]').length === {charts}", timeout=15000
        )
        # Tooltips and the export menu are styled from the self-hosted stylesheet.
        position = strict_page.evaluate(
            "getComputedStyle(document.querySelector('.vega-embed')).position"
        )
        assert position == "relative"
    strict_page.wait_for_load_state("networkidle")
    assert strict_page.evaluate("window.__csp") == []
    assert not [m for m in strict_page.zw_console if "Content Security Policy" in m]
