"""axe-core finds no WCAG 2.0, 2.1 or 2.2 level A or AA problem on the public pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .pages import PUBLIC_PAGES

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def violations(page, impacts=None):
    """axe-core's WCAG A/AA violations on the page (only those of ``impacts``, if given)."""
    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]}
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} "
        f"({', '.join(str(n['target'][0]) for n in v['nodes'][:3])})"
        for v in results.response["violations"]
        if impacts is None or v["impact"] in impacts
    ]


SERIOUS = ("serious", "critical")


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_page_has_no_wcag_violations(site, page, url):
    page.goto(url)
    assert violations(page) == []


def test_consultation_form_with_errors_has_no_wcag_violations(site, page):
    page.goto("/consultation/")
    page.get_by_role("button", name="Send my request").click()
    page.locator("#error-summary").wait_for()
    assert violations(page) == []
