def test_home_page_renders_in_the_browser(site, page):
    page.goto("/")
    assert page.locator("h1").count() == 1
    assert page.get_by_role("complementary", name="Crisis help").is_visible()
