"""Issue 13, item 6, in a real Chromium on a machine with no fonts at all (an empty fontconfig): the agent console's
sign-in and offer pages at 360 px in English, Hindi and Urdu (Kashmiri and Dogri: test_kashmiri_dogri_browser.py)
and the phone simulator in all five languages render their Devanagari and Perso-Arabic script with the project's
own fonts (static/fonts), not as empty boxes. Screenshots go to test-artifacts/fonts/."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from agent_helpers import PASSWORD
from playwright.sync_api import expect
from werkzeug.serving import make_server

from core.languages import CLOSEST_LANGUAGE
from core.languages import LANGUAGES as ALL_LANGUAGES
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "fonts"
LANGUAGES = ("en", "hi", "ur")
pytestmark = pytest.mark.browser
LATIN_ONLY_FONT = "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"

# The script each language's page must draw, the project's font that draws it, and a sample of its letters.
SCRIPTS = {"hi": ("Noto Sans Devanagari", "U+900-", "अनुरोध"), "ur": ("Noto Nastaliq Urdu", "U+600-", "درخواست"),
           "ks": ("Noto Nastaliq Urdu", "U+600-", "درخاست"), "doi": ("Noto Sans Devanagari", "U+900-", "अर्जी")}

FONTS_LOADED = """async (family) => {
  await document.fonts.ready;
  return [...document.fonts].filter((f) => f.family.replace(/"/g, "") === family && f.status === "loaded")
    .map((f) => f.unicodeRange);
}"""

# The width of a sample drawn in the project's font against the same sample in a font nobody has (what a
# machine without the font shows: boxes, or nothing). Different widths: the glyphs are real.
WIDTHS = """([family, sample]) => {
  const context = document.createElement("canvas").getContext("2d");
  const width = (font) => { context.font = font; return context.measureText(sample).width; };
  return [width(`24px "${family}"`), width('24px "No Such Font 1447"')];
}"""


@pytest.fixture(scope="module")
def bare_browser(browser, tmp_path_factory):
    """Chromium whose fontconfig knows one Latin font (Liberation Sans: no Devanagari, no Arabic script; Chromium
    will not start with none at all): Hindi and Urdu can only be drawn with what the page itself serves. Launched
    by the session's Playwright (one per process), beside the session's browser."""
    folder = tmp_path_factory.mktemp("bare-fontconfig")
    (folder / "fonts").mkdir()
    latin = Path(LATIN_ONLY_FONT)
    if not latin.exists():
        pytest.fail(f"{latin} is missing (apt-get install fonts-liberation)")
    (folder / "fonts" / latin.name).symlink_to(latin)
    config = folder / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
                      f'  <dir>{folder / "fonts"}</dir>\n  <cachedir>{folder / "cache"}</cachedir>\n</fontconfig>\n')
    environment = {**os.environ, "FONTCONFIG_FILE": str(config), "FONTCONFIG_PATH": str(folder)}
    bare = browser.browser_type.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=environment)
    yield bare
    bare.close()


@pytest.fixture
def live_server(app):
    app.config.update(AGENT_POLL_SECONDS=60, IVR_SIMULATOR=True, IVR_SIMULATOR_DEMO=True)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture
def bare_phone(bare_browser, live_server):
    context = bare_browser.new_context(viewport=PHONE, base_url=live_server, locale="en-IN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def assert_drawn_with_the_projects_fonts(page, language: str) -> None:
    """The language's own script drawn by a face the page loaded from static/fonts, and not as boxes."""
    if language in SCRIPTS:
        family, first, sample = SCRIPTS[language]
        assert any(first in r.upper() for r in page.evaluate(FONTS_LOADED, family)), f"{family} not loaded"
        ours, missing = page.evaluate(WIDTHS, [family, sample])
        assert ours > 0 and abs(ours - missing) > 1, (ours, missing)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_agents_sign_in_and_offer_pages_render_in_each_language_with_only_the_projects_fonts(
        bare_phone, make_agent, offered, language):
    page = bare_phone
    make_agent()
    offered()
    page.goto("/agents/sign-in")
    page.select_option("#nav-language", language)
    page.locator("form.language-form button").click()
    page.wait_for_selector(f'html[lang="{language}"]')
    assert_drawn_with_the_projects_fonts(page, language)
    screenshot(page, f"sign-in-{language}-360")

    page.locator("#identifier").fill("agent1")
    page.locator("#password").fill(PASSWORD)
    page.locator("form.card button[type=submit]").click()
    page.wait_for_selector(".offer")
    assert page.get_attribute("html", "lang") == language  # the sign-in page's choice is kept
    assert_drawn_with_the_projects_fonts(page, language)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing sticks out at 360 px
    if language == "ur":
        line = page.evaluate("parseFloat(getComputedStyle(document.body).lineHeight) / "
                             "parseFloat(getComputedStyle(document.body).fontSize)")
        assert line >= 2.0
    screenshot(page, f"console-offer-{language}-360")


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_the_simulator_shows_the_call_in_each_language_with_only_the_projects_fonts(bare_phone, language):
    page = bare_phone
    speaker = CLOSEST_LANGUAGE.get(language, language)
    page.goto("/ivr/simulator")
    page.get_by_role("button", name="Call 1447").click()
    page.wait_for_selector("#sim-speech li")
    page.locator(f'.key[data-key="{ALL_LANGUAGES.index(language) + 1}"]').click()
    expect(page.locator("#sim-speech li")).to_have_count(1)  # the main menu alone
    if language in SCRIPTS:
        # Marked with the speaker's language (<Say language>): Kashmiri text is read by the Urdu voice, Dogri by the
        # Hindi one, and drawn with that script's font.
        assert page.locator("#sim-speech li bdi").first.get_attribute("lang") == speaker
    page.get_by_role("button", name="Hang up").click()  # the call's end keeps the language for the SMS reply
    expect(page.get_by_role("button", name="Call 1447")).to_be_enabled()
    page.locator("#sim-sms").fill("STATUS 12345678")
    page.get_by_role("button", name="Send SMS").click()
    page.wait_for_selector("#sim-outbox li")
    outbox = page.inner_text("#sim-outbox li")
    assert " IST · " in outbox and "12345678" in outbox  # the local clock, labelled
    assert {"en": "you sent 8", "hi": "आपने 8 अंक भेजे", "ur": "آپ نے 8 ہندسے بھیجے", "ks": "توہہِ سوزۍ 8",
            "doi": "तुसें 8 अंक भेजे"}[language] in outbox
    if language in SCRIPTS:
        assert page.locator("#sim-outbox li bdi").first.get_attribute("lang") == speaker  # marked by its script
        assert_drawn_with_the_projects_fonts(page, language)
    screenshot(page, f"simulator-{language}-360")
