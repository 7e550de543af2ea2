"""The reading experience in a real browser: accessible (axe-core, WCAG 2.x
A and AA), private, searchable, usable on phones, by keyboard and without
JavaScript, and light enough to load fast."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from urllib.parse import urlparse

import axe_playwright_python
import pytest

from tests.conftest import html_pages

pytestmark = pytest.mark.browser

AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
BUDGET = 110_000  # bytes, gzip-equivalent, first visit
INDEX_BUDGET = 40_000  # bytes, gzip-equivalent, the search index a first search adds


def urls(site: Path) -> list[str]:
    return ["/" + p.relative_to(site).parent.as_posix().strip(".") for p in html_pages(site)]


@pytest.fixture(scope="module")
def all_pages(site):
    pages = [u if u.endswith("/") else u + "/" for u in urls(site)]
    assert len(pages) >= 20
    return pages


def settled(page_or_frame) -> None:
    """Wait for running transitions and animations (Material fades the back-to-top
    button in as the page scrolls): axe measures colours as they are now."""
    page_or_frame.evaluate("""() => Promise.race([
        Promise.all(document.getAnimations().map(a => a.finished.catch(() => null))),
        new Promise(done => setTimeout(done, 3000))])""")


def lay_out_everything(page) -> None:
    """Blocks well below the screen are laid out only as the reader scrolls
    near them (content-visibility in extra.css): until then axe cannot
    measure their colours, nor a page its width. Lay out every block now,
    as the reader will see it. Needs a context with bypass_csp=True."""
    page.add_style_tag(content="* { content-visibility: visible !important; }")


def axe_violations(page) -> list[str]:
    settled(page)
    lay_out_everything(page)
    page.add_script_tag(content=AXE)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
    return [f"{v['id']} ({v['impact']}): {v['help']} -> "
            + "; ".join(n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
                        for n in v["nodes"][:3])
            for v in result["violations"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_axe_finds_no_wcag_a_or_aa_violations(served, browser, all_pages, scheme, viewport):
    # axe is injected as a script, which the site's own policy would block.
    context = browser.new_context(color_scheme=scheme, viewport=viewport, bypass_csp=True)
    page = context.new_page()
    problems = {}
    for path in all_pages:
        page.goto(served + path, wait_until="load")
        expected = "slate" if scheme == "dark" else "default"
        assert page.get_attribute("body", "data-md-color-scheme") == expected
        found = axe_violations(page)
        if found:
            problems[path] = found
    context.close()
    assert problems == {}, json.dumps(problems, indent=1)


def test_no_request_leaves_the_site(served, browser, all_pages):
    context = browser.new_context()
    outside = []
    context.on("request", lambda r: outside.append(r.url)
               if urlparse(r.url).scheme in ("http", "https", "ws", "wss")
               and not r.url.startswith(served) else None)
    page = context.new_page()
    for path in all_pages:
        page.goto(served + path, wait_until="networkidle")
    # Search loads its worker and index: include them.
    page.keyboard.press("/")
    page.keyboard.type("calf")
    page.wait_for_selector(".md-search-result__item")
    context.close()
    assert outside == []


def test_search_finds_a_page_by_a_word_in_it(served, browser):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(served + "/", wait_until="load")
    page.click(".md-search__input")
    page.keyboard.type("calf")
    page.wait_for_selector(".md-search-result__item")
    links = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")
    page.close()
    assert any(link.rstrip("/").endswith("/calf-and-leg") or "/calf-and-leg/" in link for link in links)


def test_no_sideways_scrolling_on_a_phone(served, browser, all_pages):
    page = browser.new_page(viewport=PHONE, bypass_csp=True)
    wide = {}
    for path in all_pages:
        page.goto(served + path, wait_until="load")
        lay_out_everything(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide[path] = width
    page.close()
    assert wide == {}


# Blocks on the page whose content is not drawn yet (not those hidden outright).
SKIPPED = """() => [...document.querySelectorAll('.md-content__inner > * > :first-child')]
    .filter(e => e.checkVisibility() && !e.checkVisibility({contentVisibilityAuto: true})).length"""


def test_long_pages_lay_out_lower_blocks_only_near_the_screen(served, browser):
    """The routines page leaves blocks far below the screen unrendered at
    first (content-visibility in extra.css); each is drawn as it nears the
    screen, a link to a late heading still lands on it and marks it in the
    contents, and paper gets every block."""
    page = browser.new_page(viewport=PHONE)
    page.goto(served + "/routines/", wait_until="load")
    assert page.evaluate(SKIPPED) >= 10
    last = page.locator(".md-content__inner > :is(.md-typeset__scrollwrap, .admonition)").last
    inside = last.locator(":scope > :first-child")
    assert not inside.evaluate("e => e.checkVisibility({contentVisibilityAuto: true})")
    last.scroll_into_view_if_needed()
    page.wait_for_function("e => e.checkVisibility({contentVisibilityAuto: true})",
                           arg=inside.element_handle())
    page.emulate_media(media="print")
    assert page.evaluate(SKIPPED) == 0
    page.close()

    page = browser.new_page(viewport=DESKTOP)
    page.goto(served + "/routines/", wait_until="load")
    late = page.eval_on_selector_all(".md-content__inner > h2[id]", "hs => hs.map(h => h.id)")[-1]
    page.goto(served + f"/routines/#{late}", wait_until="load")
    heading = page.locator(f"#{late}")
    page.wait_for_function("h => { const top = h.getBoundingClientRect().top; return top > 0 && top < 120; }",
                           arg=heading.element_handle())
    active = page.locator(".md-sidebar--secondary .md-nav__link--active")
    assert active.last.get_attribute("href") == f"#{late}"
    page.close()


def test_keyboard_skip_link_focus_palette_and_search(served, browser):
    context = browser.new_context(viewport=DESKTOP, color_scheme="light")
    page = context.new_page()
    page.goto(served + "/foot-techniques/", wait_until="load")
    page.keyboard.press("Tab")
    skip = page.evaluate("""() => { const e = document.activeElement;
        const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
        return {cls: e.className, href: e.getAttribute('href'), visible: r.width > 0 && r.height > 0,
                outline: s.outlineStyle + ' ' + s.outlineWidth, shadow: s.boxShadow}; }""")
    assert "md-skip" in skip["cls"] and skip["href"].startswith("#") and skip["visible"]
    # Focus is visible on ordinary links too.
    found_toggle = False
    for _ in range(40):
        page.keyboard.press("Tab")
        # Material's palette toggle is a hidden radio input: its visible
        # label (the next element) must show the focus.
        info = page.evaluate("""() => { const a = document.activeElement;
            const e = a.classList.contains('md-option') ? a.nextElementSibling : a;
            const s = getComputedStyle(e);
            return {tag: e.tagName, label: e.getAttribute('aria-label') || e.getAttribute('title') || '',
                    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
                    shadow: s.boxShadow !== 'none', forAttr: e.getAttribute('for') || ''}; }""")
        assert info["outline"] or info["shadow"], info
        if "dark mode" in info["label"].lower():
            found_toggle = True
            break
    assert found_toggle, "the palette toggle is not reachable by Tab"
    page.keyboard.press("Enter")
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    # Search opens from the keyboard and takes typing.
    page.keyboard.press("/")
    page.keyboard.type("ankle")
    page.wait_for_selector(".md-search-result__item")
    context.close()


def test_every_page_has_a_title_and_description(served, browser, all_pages):
    page = browser.new_page()
    seen_titles = set()
    for path in all_pages:
        page.goto(served + path, wait_until="domcontentloaded")
        title = page.title()
        description = page.get_attribute('meta[name="description"]', "content") or ""
        assert len(title) > len("Footnotes") + 5, (path, title)
        assert len(description) >= 40, (path, description)
        seen_titles.add(title)
    page.close()
    assert len(seen_titles) == len(all_pages)


def _gzip_bytes(responses, served) -> int:
    total = 0
    for response in responses:
        if response.request.url.startswith(served):
            try:
                total += len(gzip.compress(response.body(), 6))
            except Exception:  # noqa: BLE001 - redirects and the like have no body
                pass
    return total


def test_first_visit_weight_is_within_budget(served, browser, all_pages):
    """A first visit to any page stays within budget, and does not fetch the
    search index or start the search worker (overrides/main.html holds
    both until the reader searches)."""
    heaviest, fetched_index = {}, []
    for path in all_pages:
        context = browser.new_context(viewport=DESKTOP)
        # Record what the page asks for, so the test waits for Material to
        # ask for the index (and the hold to keep it) instead of a fixed time.
        context.add_init_script("""(() => {
            const open = XMLHttpRequest.prototype.open; window.fnOpened = [];
            XMLHttpRequest.prototype.open = function (m, url) {
                window.fnOpened.push(String(url)); return open.apply(this, arguments); };
        })()""")
        page = context.new_page()
        responses = []
        page.on("response", lambda r: responses.append(r))
        page.goto(served + path, wait_until="networkidle")
        page.wait_for_function("() => window.fnOpened.some(u => /search_index\\.json$/.test(u))")
        if any("search_index.json" in r.url or "/workers/search." in r.url for r in responses):
            fetched_index.append(path)
        heaviest[path] = _gzip_bytes(responses, served)
        context.close()
    assert fetched_index == []
    assert max(heaviest.values()) <= BUDGET, sorted(heaviest.items(), key=lambda kv: -kv[1])[:5]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_first_search_loads_the_index_and_finds_results(served, browser, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    responses = []
    page.on("response", lambda r: responses.append(r))
    page.goto(served + "/routines/", wait_until="networkidle")
    if viewport is PHONE:
        page.click("label.md-header__button[for=__search]")
    else:
        page.click(".md-search__input")
    page.keyboard.type("heel")
    page.wait_for_selector(".md-search-result__item")
    index = [r for r in responses if r.url.endswith("/search/search_index.json")]
    assert len(index) == 1
    assert any("/workers/search." in r.url for r in responses)
    assert _gzip_bytes(index, served) <= INDEX_BUDGET
    links = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")
    context.close()
    assert any("/heel-pain/" in link for link in links), links


def test_a_shared_search_address_opens_with_results(served, browser):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(served + "/?q=calf", wait_until="load")
    page.wait_for_selector(".md-search-result__item")
    page.close()


def test_pages_read_well_without_javascript(served, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served + "/routines/", wait_until="load")
    assert page.locator("article h1").is_visible()
    assert page.locator("article table").count() >= 4
    assert page.locator("article .admonition").first.is_visible()
    page.goto(served + "/calf-and-leg/", wait_until="load")
    assert page.locator("article #note-dvt").count() == 1
    assert page.locator("article figure img").first.is_visible()
    context.close()


# --- security headers ---------------------------------------------------------

WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", e =>
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber));
window.__printed = 0;
window.print = () => { window.__printed += 1; };
"""


def test_the_security_policy_blocks_nothing_the_site_does(served, browser, site):
    """Every page under the policy of _headers: no violation while it loads,
    searches, switches colour scheme, and prints a handout page."""
    from macros.headers import parse

    policy = parse(site / "_headers")["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "'unsafe-inline'" not in policy
    context = browser.new_context()
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    try:
        for url in urls(site):
            response = page.goto(served + url)
            assert response.headers["content-security-policy"] == policy
            assert response.headers["referrer-policy"] == "no-referrer"
            page.wait_for_load_state("load")
            assert page.evaluate("window.__csp") == [], url
        page.goto(served + "/")
        page.keyboard.press("/")
        page.keyboard.type("calf")
        page.wait_for_selector(".md-search-result__item", timeout=10000)
        page.keyboard.press("Escape")
        page.locator("form[data-md-component=palette] label:visible").first.click()
        page.goto(served + "/handouts/desk-break/")
        page.get_by_role("button", name="Print this page").click()
        assert page.evaluate("window.__printed") == 1
        assert page.evaluate("window.__csp") == []
    finally:
        context.close()
