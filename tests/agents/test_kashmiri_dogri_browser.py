"""The agents' console in Kashmiri (right to left, Nastaliq) and Dogri (Devanagari) in a real Chromium at 360 px,
on a machine with one Latin font only: drawn with the project's own fonts, no sideways scroll. Screenshots go to
test-artifacts/fonts/console-offer-ks-360.png and console-offer-doi-360.png."""

from __future__ import annotations

import pytest
from agent_helpers import PASSWORD

from tests.agents.test_own_fonts_browser import (  # noqa: F401  (fixtures)
    FONTS_LOADED,
    WIDTHS,
    bare_browser,
    bare_phone,
    live_server,
    screenshot,
)
from tests.conftest import PHONE

pytestmark = pytest.mark.browser
SCRIPTS = {"ks": ("Noto Nastaliq Urdu", "U+600-", "درخاست", "rtl", "کنسول"),
           "doi": ("Noto Sans Devanagari", "U+900-", "अर्जी", "ltr", "कंसोल")}


@pytest.mark.parametrize("language", ["ks", "doi"])
def test_the_console_renders_in_kashmiri_and_dogri_at_360_px_with_only_the_projects_fonts(
        bare_phone, make_agent, offered, language):  # noqa: F811  (the imported fixture)
    family, first, sample, direction, console = SCRIPTS[language]
    page = bare_phone
    make_agent()
    offered()
    page.goto("/agents/sign-in")
    page.select_option("#nav-language", language)
    page.locator("form.language-form button").click()
    page.wait_for_selector(f'html[lang="{language}"]')
    page.locator("#identifier").fill("agent1")
    page.locator("#password").fill(PASSWORD)
    page.locator("form.card button[type=submit]").click()
    page.wait_for_selector(".offer")
    assert page.get_attribute("html", "lang") == language and page.get_attribute("html", "dir") == direction
    assert console in page.content()
    assert any(first in r.upper() for r in page.evaluate(FONTS_LOADED, family)), f"{family} not loaded"
    ours, missing = page.evaluate(WIDTHS, [family, sample])
    assert ours > 0 and abs(ours - missing) > 1, (ours, missing)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    if language == "ks":  # Nastaliq's tall lines, as for Urdu
        line = page.evaluate("parseFloat(getComputedStyle(document.body).lineHeight) / "
                             "parseFloat(getComputedStyle(document.body).fontSize)")
        assert line >= 2.0
    screenshot(page, f"console-offer-{language}-360")
