"""Browser tests: Playwright driving Debian's Chromium against a live server of the site.

They skip with a clear reason when Chromium is missing, except in CI (CI=true), where a
missing browser is a failure. Playwright's own browser download is not used.
"""

import os
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from clinic_site.groups import ensure_all_staff_groups

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}: apt-get install chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (browser tests are required in CI)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(transactional_db, settings):
    """The sample content and the staff groups, and a live server that treats the browser
    as a person. (The live server needs real transactions, which empty every table after
    each test, so the groups the migrations made are made again.)"""
    ensure_all_staff_groups(apps)
    call_command("load_sample_content", verbosity=0)
    # People take more than a few seconds to fill in the form; the browser does not.
    settings.INQUIRY_MIN_SECONDS_TO_FILL = 0


@pytest.fixture
def new_page(browser, live_server):
    """Open pages in a fresh browser context (its own cookies) at the live server."""
    contexts = []

    def open_page(**context_options):
        context = browser.new_context(base_url=live_server.url, **context_options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()
