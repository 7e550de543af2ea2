"""The routine player (docs/javascripts/player.js, macros/player.py).

The data a page embeds is checked against the data file without a browser.
The player itself runs in a real browser under Playwright's controlled clock
(`page.clock`), so a 10-minute routine plays to the end in well under a second
and every duration is exact.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from macros import handouts as ho
from macros import player
from macros.guide import Guide
from macros.render import LEVEL_STYLE
from macros.site import load
from tests.conftest import ROOT, SITE_URL, html_pages, run_build

GUIDE: Guide = load(str(ROOT / "docs"))
ROUTINES = GUIDE.data.routines
PER_SIDE = next(r for r in ROUTINES if r.per_side == "foot")
ONE_SIDE = next(r for r in ROUTINES if not r.per_side)
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
DATA_BLOCK = re.compile(r'<div id="fn-player-data" hidden data-routines="([^"]*)"></div>')


# --- the data each page embeds ------------------------------------------------

def page_data(site: Path, path: str) -> list[dict]:
    return [json.loads(html_lib.unescape(m)) for m in DATA_BLOCK.findall(
        (site / path / "index.html").read_text(encoding="utf-8"))]


def expected_routine(r) -> dict:
    """What the player must get for a routine, worked out here from the data
    file itself (not from macros/player.py)."""
    applicable = GUIDE.routine_notes(r)
    return {
        "id": r.id, "title": r.title, "summary": r.summary,
        "steps": [(s.technique, s.cue, round(GUIDE.step_minutes(s) * 60),
                   GUIDE.step_pressure(s)) for s in r.steps],
        "precautions": [n.id for n in applicable if not n.get_help],
        "get_help": [n.id for n in applicable if n.get_help],
        "all": [n.id for n in applicable],
    }


def check_routine(data: dict, got: dict, r, site: Path, page_path: str) -> None:
    want = expected_routine(r)
    assert (got["id"], got["title"], got["summary"]) == (want["id"], want["title"], want["summary"])
    assert [(s["technique"], s["cue"], s["seconds"], s["pressure"]) for s in got["steps"]] \
        == want["steps"]
    assert got["sides"] == ([] if not r.per_side else [f"right {r.per_side}", f"left {r.per_side}"])
    # In full on the get-ready screen, as on the Routines page: every
    # precaution (do-not first), then every get-help note for its areas,
    # most urgent first.
    assert got["notes"] == want["all"]
    assert {"do-not-massage", *r.cautions} <= set(want["precautions"])
    for note_id in got["notes"]:
        n, shown = GUIDE.note(note_id), data["notes"][note_id]
        assert shown["title"] == f"{LEVEL_STYLE[n.level][1]}: {n.title}"
        assert (shown["text"], shown["signs"]) == (n.text, list(n.signs))
        assert n.action is None or shown["action"].startswith(n.action)
        assert shown["emergency"] == (n.emergency_if or "")
    for step in got["steps"]:
        t, shown = GUIDE.technique(step["technique"]), data["techniques"][step["technique"]]
        assert (shown["name"], shown["area"], shown["alt"]) == (t.name, t.area, t.picture.alt)
        # The diagram's address, from this page, is the technique's own file.
        address = urlparse(urljoin(f"http://x/{page_path}/", shown["picture"])).path
        assert address == f"/images/{t.picture.file}" and (site / address.lstrip("/")).exists()


def test_the_routines_page_embeds_every_routine_once_as_in_the_data_file(site):
    blocks = page_data(site, "routines")
    assert len(blocks) == 1
    data = blocks[0]
    assert [r["id"] for r in data["routines"]] == [r.id for r in ROUTINES]
    for r, got in zip(ROUTINES, data["routines"]):
        check_routine(data, got, r, site, "routines")
    assert data["switch_seconds"] == player.SWITCH_SECONDS
    assert data["stop"] == player.stop_line(GUIDE)
    assert data["stop"] == "Stop at once if anything hurts, tingles, goes numb, or feels wrong."
    # Each technique and note is written once, however many routines use it.
    page = (site / "routines" / "index.html").read_text(encoding="utf-8")
    assert page.count('id="fn-player-data"') == 1
    buttons = re.findall(r'data-fn-play="([^"]+)"', page)
    assert buttons == [r.id for r in ROUTINES]


@pytest.mark.parametrize("r", ROUTINES, ids=lambda r: r.id)
def test_each_routine_handout_page_embeds_its_routine(site, r):
    blocks = page_data(site, f"handouts/{r.id}")
    assert len(blocks) == 1 and [x["id"] for x in blocks[0]["routines"]] == [r.id]
    check_routine(blocks[0], blocks[0]["routines"][0], r, site, f"handouts/{r.id}")
    assert urljoin(f"http://x/handouts/{r.id}/", blocks[0]["aftercare"]) == "http://x/aftercare/"


def test_pages_without_a_routine_carry_no_player_data(site):
    with_data = {p.parent.relative_to(site).as_posix() for p in html_pages(site)
                 if 'id="fn-player-data"' in p.read_text(encoding="utf-8")}
    # The play page (docs/play.md) plays a routine made in the handout builder.
    assert with_data == {"routines", "play"} | {f"handouts/{r.id}" for r in ROUTINES}


def test_no_text_in_the_data_can_leave_its_attribute():
    text = '"></div><script>alert(1)</script> & <b>'
    block = player.element({"title": text})
    assert block.count('"') == 4 and block.count("<") == 2 and block.count(">") == 2
    assert json.loads(html_lib.unescape(DATA_BLOCK.fullmatch(block).group(1))) == {"title": text}


@pytest.mark.parametrize("h", [h for h in ho.handouts(GUIDE)], ids=lambda h: h.id)
def test_a_routine_sheet_prints_the_address_that_opens_its_player(site, h):
    url = ho.printed_address(SITE_URL, h)
    html = ho.Printer().html(h, GUIDE, SITE_URL, "a4")
    assert ho._qr_svg(url) in html  # the QR code encodes exactly this address
    assert html_lib.escape(url.split("://", 1)[1]) in html
    assert url.endswith("#start") == (h.kind == "routine")


# --- the player in a browser ----------------------------------------------------

# Stand-ins that record what the player asks of the device: sound (each
# chime is two tones), speech, and the screen wake lock.
DEVICE = """
window.__fn = {tones: 0, speech: [], wake: []};
const RealAudio = window.AudioContext;
window.AudioContext = class extends RealAudio {
  createOscillator() { window.__fn.tones += 1; return super.createOscillator(); }
};
speechSynthesis.speak = (words) => window.__fn.speech.push(words.text);
speechSynthesis.cancel = () => {};
Object.defineProperty(navigator, "wakeLock", {configurable: true, value: {
  request: async () => {
    window.__fn.wake.push("on");
    const lock = new EventTarget();
    lock.release = async () => { window.__fn.wake.push("off"); lock.dispatchEvent(new Event("release")); };
    return lock;
  }}});
"""


def clock_text(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


@pytest.fixture
def new_page(served, browser):
    contexts = []

    def make(path: str, viewport=DESKTOP, scheme="light", motion="no-preference", start=True,
             still=True):
        context = browser.new_context(viewport=viewport, color_scheme=scheme, reduced_motion=motion,
                                      bypass_csp=True)
        contexts.append(context)
        context.add_init_script(DEVICE)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.errors = errors
        page.clock.install()
        page.goto(served + path, wait_until="load")
        if still:  # from here the page's time moves only when the test moves it
            page.clock.pause_at(page.evaluate("Date.now()") + 1000)
        if start:
            page.locator("[data-fn-play]").first.click()
            page.get_by_role("button", name="Start the routine").click()
        return page

    yield make
    for context in contexts:
        context.close()


def state(page) -> dict:
    return page.evaluate("""() => {
        const d = document.querySelector('dialog.fn-player');
        const text = s => (d.querySelector(s) || {}).textContent || '';
        return {open: d.open, state: d.dataset.state, count: text('.fn-player__count'),
                side: text('.fn-player__side'), name: text('.fn-player__name'),
                time: text('.fn-player__time'), next: text('.fn-player__next'),
                live: text('[data-fn-live]'), focus: document.activeElement.textContent.trim(),
                progress: [d.querySelector('progress').value, d.querySelector('progress').max]};
    }""")


def expected_stages(r) -> list[tuple[str, str, str, int]]:
    """(count, side, name, seconds) for each stage, from the data file."""
    sides = [f"right {r.per_side}", f"left {r.per_side}"] if r.per_side else [""]
    whose = "your" if r.audience == "self" else "their"
    out = []
    for k, side in enumerate(sides):
        if k:
            out.append(("Switch sides", side, f"Now {whose} {side}", player.SWITCH_SECONDS))
        for i, s in enumerate(r.steps, 1):
            t = GUIDE.technique(s.technique)
            out.append((f"Step {i} of {len(r.steps)}", side,
                        f"{t.area.capitalize()}: {t.name}", round(GUIDE.step_minutes(s) * 60)))
    return out


@pytest.mark.browser
@pytest.mark.parametrize("r", [PER_SIDE, ONE_SIDE], ids=lambda r: r.id)
def test_a_whole_routine_plays_in_order_with_its_durations(new_page, r):
    page = new_page(f"/handouts/{r.id}/")
    # Count what the live region says: once per step, never the countdown.
    page.evaluate("""() => { window.__said = [];
        new MutationObserver(() => window.__said.push(document.querySelector('[data-fn-live]').textContent))
          .observe(document.querySelector('[data-fn-live]'), {childList: true, characterData: true, subtree: true}); }""")
    stages = expected_stages(r)
    total = sum(s[3] for s in stages)
    assert total == GUIDE.total_minutes(r) * 60 + (player.SWITCH_SECONDS if r.per_side else 0)
    elapsed = 0
    for i, (count, side, name, seconds) in enumerate(stages):
        now = state(page)
        assert (now["state"], now["count"], now["side"].lower(), now["name"]) \
            == ("playing", count, side, name), i
        assert now["time"] == clock_text(seconds)
        assert now["progress"] == [elapsed, total]
        if i + 1 < len(stages):
            nxt = stages[i + 1]
            assert now["next"] == (nxt[2].replace("Now", "Next:") if nxt[0] == "Switch sides"
                                   else "Next: " + nxt[2].split(": ", 1)[1])
        else:
            assert now["next"] == "Next: the end"
        page.clock.run_for(seconds * 1000 - 1000)
        now = state(page)
        assert (now["count"], now["name"], now["time"]) == (count, name, "0:01")
        page.clock.run_for(1000)
        elapsed += seconds
    done = state(page)
    assert done["state"] == "finished" and done["open"]
    assert page.get_by_role("heading", name="All done").is_visible()
    assert page.locator("dialog").get_by_role("link", name="Aftercare", exact=True).is_visible()
    # What to watch for later: the emergency and urgent notes, signs included.
    finished = " ".join(page.locator("section.fn-player__done").inner_text().split())
    for n in GUIDE.routine_notes(r):
        if n.level in ("emergency", "urgent"):
            assert n.title in finished and all(sign in finished for sign in n.signs), n.id
    said = page.evaluate("window.__said")
    assert len(said) == len(stages) and said[-1] == "That is the end of the routine."
    assert done["focus"] == "All done"
    steps_said = [s for s in said if s.startswith("Step ")]
    # Step 1 was said before the count began; the switch is not a step.
    assert len(steps_said) == len(stages) - 1 - (1 if r.per_side else 0)
    chimes = page.evaluate("window.__fn.tones") // 2
    assert chimes == len(stages) + 1  # each step, and the end
    assert page.evaluate("window.__fn.wake") == ["on", "off"]
    assert page.errors == []


@pytest.mark.browser
def test_pause_stops_time_and_resume_goes_on(new_page):
    r = PER_SIDE
    first = round(GUIDE.step_minutes(r.steps[0]) * 60)
    page = new_page(f"/handouts/{r.id}/")
    page.clock.run_for(5000)
    assert state(page)["focus"] == "Pause"
    page.keyboard.press("Space")  # the focused Pause button
    paused = state(page)
    assert paused["state"] == "paused" and paused["time"] == clock_text(first - 5)
    assert page.get_by_text("Paused", exact=True).is_visible()
    assert paused["live"] == "Paused."
    page.clock.run_for(10 * 60 * 1000)
    later = state(page)
    assert (later["state"], later["count"], later["time"]) == ("paused", "Step 1 of 7", paused["time"])
    assert page.evaluate("window.__fn.wake") == ["on", "off"]  # the screen may sleep
    page.keyboard.press("Space")
    assert state(page)["state"] == "playing" and state(page)["focus"] == "Pause"
    assert page.evaluate("window.__fn.wake") == ["on", "off", "on"]
    # Space pauses even from another button (Enter presses that one).
    page.get_by_role("button", name="Skip").focus()
    page.keyboard.press("Space")
    assert (state(page)["state"], state(page)["count"]) == ("paused", "Step 1 of 7")
    page.keyboard.press("Space")
    page.get_by_role("button", name="Pause").focus()
    page.clock.run_for((first - 5) * 1000 - 1000)
    assert state(page)["count"] == "Step 1 of 7"
    page.clock.run_for(1000)
    assert state(page)["count"] == "Step 2 of 7"


@pytest.mark.browser
def test_skip_and_back_move_one_step_and_extend_adds_time(new_page):
    r = PER_SIDE
    seconds = [round(GUIDE.step_minutes(s) * 60) for s in r.steps]
    n = len(r.steps)
    page = new_page(f"/handouts/{r.id}/")
    page.clock.run_for(10_000)
    page.keyboard.press("ArrowRight")
    assert (state(page)["count"], state(page)["time"]) == (f"Step 2 of {n}", clock_text(seconds[1]))
    page.keyboard.press("ArrowLeft")
    assert (state(page)["count"], state(page)["time"]) == (f"Step 1 of {n}", clock_text(seconds[0]))
    page.keyboard.press("ArrowLeft")  # there is nothing before step 1: it starts again
    assert (state(page)["count"], state(page)["time"]) == (f"Step 1 of {n}", clock_text(seconds[0]))
    # Add time: the step runs that much longer, and the routine's length grows with it.
    page.clock.run_for(10_000)
    before = state(page)["progress"][1]
    page.get_by_role("button", name=f"Add {player.EXTEND_SECONDS} seconds").click()
    now = state(page)
    assert now["time"] == clock_text(seconds[0] - 10 + player.EXTEND_SECONDS)
    assert now["progress"][1] == before + player.EXTEND_SECONDS
    assert now["live"] == f"Added {player.EXTEND_SECONDS} seconds to this step."
    page.keyboard.press("+")
    assert state(page)["time"] == clock_text(seconds[0] - 10 + 2 * player.EXTEND_SECONDS)
    page.clock.run_for((seconds[0] - 10 + 2 * player.EXTEND_SECONDS) * 1000 - 1000)
    assert state(page)["count"] == f"Step 1 of {n}"
    page.clock.run_for(1000)
    assert state(page)["count"] == f"Step 2 of {n}"
    # Skip to the other side: the switch comes between; back from the other
    # side's first step goes to this side's last step, not to the switch.
    for _ in range(n - 2):
        page.keyboard.press("ArrowRight")
    assert (state(page)["count"], state(page)["side"]) == (f"Step {n} of {n}", "Right foot")
    page.keyboard.press("ArrowRight")
    assert state(page)["count"] == "Switch sides"
    page.keyboard.press("ArrowRight")
    assert (state(page)["count"], state(page)["side"]) == (f"Step 1 of {n}", "Left foot")
    page.keyboard.press("ArrowLeft")
    assert (state(page)["count"], state(page)["side"]) == (f"Step {n} of {n}", "Right foot")
    # Skipping while paused moves without starting the clock.
    page.get_by_role("button", name="Pause").click()
    page.keyboard.press("ArrowRight")
    page.clock.run_for(60_000)
    assert (state(page)["state"], state(page)["count"], state(page)["time"]) \
        == ("paused", "Switch sides", clock_text(player.SWITCH_SECONDS))
    # Start again: step 1, full time, playing.
    page.get_by_role("button", name="Start again").click()
    assert (state(page)["state"], state(page)["count"], state(page)["side"]) \
        == ("playing", f"Step 1 of {n}", "Right foot")
    assert page.errors == []


@pytest.mark.browser
def test_keyboard_alone_runs_a_routine_from_the_page_to_the_end(new_page):
    r = ONE_SIDE
    page = new_page("/routines/", start=False)
    for _ in range(400):  # Tab through the page to the routine's Start button
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.fnPlay") == r.id:
            break
    else:
        pytest.fail("the Start routine button is not reachable by Tab")
    assert page.evaluate("document.activeElement.textContent") == f"Start routine: {r.title}"
    page.keyboard.press("Enter")
    assert state(page)["open"] and state(page)["state"] == "ready"
    assert state(page)["focus"] == r.title  # the dialog's title, then read down
    focus_ring = """() => { const s = getComputedStyle(document.activeElement);
        return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; }"""
    for _ in range(30):
        page.keyboard.press("Tab")
        assert page.evaluate(focus_ring), page.evaluate("document.activeElement.outerHTML")
        if page.evaluate("document.activeElement.textContent") == "Start the routine":
            break
    page.keyboard.press("Enter")
    assert state(page)["state"] == "playing"
    page.keyboard.press("Space")
    assert state(page)["state"] == "paused"
    page.keyboard.press("Space")
    assert state(page)["state"] == "playing"
    for i in range(len(r.steps)):
        assert state(page)["count"] == f"Step {i + 1} of {len(r.steps)}"
        page.keyboard.press("ArrowRight")
    assert state(page)["state"] == "finished" and state(page)["focus"] == "All done"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Aftercare"
    page.keyboard.press("Escape")
    assert not state(page)["open"]
    assert page.evaluate("document.activeElement.dataset.fnPlay") == r.id
    page.wait_for_function("window.__fn.wake.length === 4")
    assert page.evaluate("window.__fn.wake") == ["on", "off", "on", "off"]
    # Material's own keys do nothing behind an open player (n would go to the next page).
    page.keyboard.press("Enter")
    page.keyboard.press("n")
    assert page.url.endswith("/routines/") and state(page)["open"]


@pytest.mark.browser
def test_sound_and_speech_can_be_turned_off_and_the_choice_is_remembered(new_page):
    page = new_page(f"/handouts/{ONE_SIDE.id}/")
    assert page.evaluate("window.__fn.tones") == 2  # one chime for step 1
    assert page.evaluate("window.__fn.speech") == []  # speech starts off
    page.get_by_label("Read each step aloud").check()
    page.get_by_label("Play a soft chime at each new step").uncheck()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("window.__fn.tones") == 2
    spoken = page.evaluate("window.__fn.speech")
    step = ONE_SIDE.steps[1]
    assert spoken[-1].startswith("Step 2 of") and spoken[-1].endswith(step.cue)
    pressure = GUIDE.step_pressure(step)
    assert ("Light pressure." if pressure == "light" else
            f"{pressure.capitalize()} pressure or lighter.") in spoken[-1]
    assert json.loads(page.evaluate("localStorage.getItem('footnotes.player')")) \
        == {"sound": False, "speech": True}
    page.reload(wait_until="load")
    page.locator("[data-fn-play]").first.click()
    assert not page.get_by_label("Play a soft chime at each new step").is_checked()
    assert page.get_by_label("Read each step aloud").is_checked()


@pytest.mark.browser
def test_the_handout_address_opens_the_player_ready_with_its_notes_in_full(new_page):
    r = next(r for r in ROUTINES if r.id == "bedtime-legs")
    page = new_page(f"/handouts/{r.id}/#start", start=False)
    now = state(page)
    assert now["open"] and now["state"] == "ready"
    assert now["focus"] == r.title  # in the player, not left on the page behind it
    dialog = page.locator("dialog.fn-player")
    text = " ".join(dialog.inner_text().split())
    assert dialog.locator(".fn-player__stop").inner_text() == player.stop_line(GUIDE)
    assert " ".join(r.summary.split()) in text
    assert r.who in text and r.when in text
    want = expected_routine(r)
    for note_id in want["precautions"] + want["get_help"]:
        n = GUIDE.note(note_id)
        for part in [n.title, n.text, *n.signs, n.action or "", n.emergency_if or ""]:
            assert " ".join(part.split()) in text, (note_id, part)
    # The same page without #start waits for the reader: the player is not
    # even made until it is asked for (it would only slow the page down).
    page.goto(page.url.split("#")[0], wait_until="load")
    page.wait_for_selector("[data-fn-play]")
    assert page.evaluate("document.querySelector('dialog.fn-player')") is None
    page.click("[data-fn-play]")
    assert state(page)["open"] and state(page)["state"] == "ready"


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_axe_finds_nothing_in_any_state_of_the_player(new_page, scheme, viewport):
    from tests.test_browser import axe_violations

    # axe waits on the page's own timers: let time flow.
    page = new_page(f"/handouts/{PER_SIDE.id}/", viewport=viewport, scheme=scheme, start=False,
                    still=False)
    page.locator("[data-fn-play]").first.click()
    problems = {}
    stop = page.locator(".fn-player__stop")

    def check(name):
        # Away from the buttons, once their hover colours have settled.
        page.mouse.move(1, viewport["height"] - 1)
        page.wait_for_timeout(300)
        found = axe_violations(page)
        if found:
            problems[name] = found

    check("ready")
    page.get_by_role("button", name="Start the routine").click()
    page.clock.run_for(3000)
    assert stop.is_visible()
    check("playing")
    # Each button pointed at: its hover colours must read as well.
    for button in page.locator("dialog.fn-player button:visible").all():
        button.hover()
        page.wait_for_timeout(300)
        found = page.evaluate("""el => axe.run(el, {runOnly: ['color-contrast']})
            .then(r => r.violations.map(v => v.nodes.map(n => n.failureSummary).join(' ')))""",
                              button.element_handle())
        if found:
            problems["hover: " + button.inner_text()] = found
    page.keyboard.press("Space")
    assert stop.is_visible()
    check("paused")
    page.get_by_role("button", name="Warning signs").click()
    check("warning signs")
    page.get_by_role("button", name="Back to the routine").click()
    page.get_by_role("button", name="Resume").click()
    page.clock.run_for(20 * 60 * 1000)
    assert state(page)["state"] == "finished"
    check("finished")
    assert problems == {}, json.dumps(problems, indent=1)


@pytest.mark.browser
def test_no_motion_for_readers_who_ask_for_less(new_page):
    page = new_page(f"/handouts/{PER_SIDE.id}/", motion="reduce")
    moving = page.evaluate("""() => [...document.querySelectorAll('dialog.fn-player, dialog.fn-player *')]
        .map(e => getComputedStyle(e))
        .filter(s => s.animationName !== 'none' ||
                     /transform|width|left|top|opacity/.test(s.transitionProperty) &&
                     parseFloat(s.transitionDuration) > 0).length""")
    assert moving == 0


@pytest.mark.browser
def test_without_javascript_the_table_shows_and_no_dead_button(served, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served + "/routines/", wait_until="load")
    assert page.locator("article table").count() == len(ROUTINES) + 1  # and the dose table
    assert page.locator("[data-fn-play]").count() == len(ROUTINES)
    assert not any(b.is_visible() for b in page.locator("[data-fn-play]").all())
    context.close()


@pytest.mark.browser
def test_the_player_works_with_materials_instant_navigation(project, tmp_path, browser,
                                                            monkeypatch):
    """With navigation.instant on, Material swaps pages without a reload and
    announces each through document$: the player sets itself up on every
    page it arrives at, and stops when the reader moves on."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    out = tmp_path / "site"
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(out)))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    # Material navigates instantly only within site_url (its sitemap's addresses).
    monkeypatch.setenv("FOOTNOTES_SITE_URL", base + "/")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "    - navigation.sections\n", "    - navigation.sections\n    - navigation.instant\n"),
        encoding="utf-8")
    result = run_build(project, out)
    assert result.returncode == 0, result.stdout + result.stderr
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(DEVICE)
    try:
        page = context.new_page()
        scripts = []
        page.on("request", lambda r: scripts.append(r.url) if r.url.endswith("/player.js") else None)
        page.goto(base + "/", wait_until="networkidle")  # Material has read the sitemap
        assert scripts == []  # a page without a routine does not load the player
        page.evaluate("window.__firstLoad = true")
        page.locator(".md-nav--primary a[href$='routines/']").first.click()
        page.wait_for_url("**/routines/")
        # The Start buttons show from the first paint: wait for this page's player.
        page.wait_for_selector("#fn-player-data[data-ready]", state="attached")
        assert page.evaluate("window.__firstLoad") is True  # no full reload
        assert len(scripts) == 1
        page.locator("[data-fn-play]").first.click()
        page.get_by_role("button", name="Start the routine").click()
        assert state(page)["state"] == "playing"
        page.keyboard.press("Escape")
        page.locator(".md-nav--primary a[href$='aftercare/']").first.click()
        page.wait_for_url("**/aftercare/")
        assert page.evaluate("window.__firstLoad") is True
        # The last page's player goes with its page (player.js setUp on the new page).
        page.wait_for_function("() => document.querySelectorAll('dialog.fn-player').length === 0")
        # Back to a page with a routine: one player, and it still plays.
        page.go_back()
        page.wait_for_url("**/routines/")
        # The Start buttons show from the first paint: wait for this page's player.
        page.wait_for_selector("#fn-player-data[data-ready]", state="attached")
        page.locator("[data-fn-play]").nth(1).click()
        assert page.evaluate("document.querySelectorAll('dialog.fn-player').length") == 1
        page.get_by_role("button", name="Start the routine").click()
        assert state(page)["state"] == "playing"
        assert page.evaluate("window.__firstLoad") is True
        assert page.evaluate("window.__fn.wake") == ["on", "off", "on"]
    finally:
        context.close()
        server.shutdown()


@pytest.mark.browser
def test_warning_signs_are_in_reach_during_play_and_pause_it(new_page):
    r = next(r for r in ROUTINES if r.id == "bedtime-legs")
    page = new_page(f"/handouts/{r.id}/")
    page.clock.run_for(5000)
    page.get_by_role("button", name="Warning signs").click()
    now = state(page)
    assert now["state"] == "paused" and now["focus"] == "Warning signs"
    shown = " ".join(page.locator("section.fn-player__signs").inner_text().split())
    for n in GUIDE.routine_notes(r):
        if n.get_help:
            assert n.title in shown and all(sign in shown for sign in n.signs), n.id
    page.keyboard.press("ArrowRight")  # the routine's keys wait while the signs show
    page.clock.run_for(60_000)
    assert state(page)["count"] == "Step 1 of 4" and state(page)["state"] == "paused"
    page.get_by_role("button", name="Back to the routine").click()
    assert state(page)["focus"] == "Resume" and state(page)["count"] == "Step 1 of 4"
    # The spoken step says to stop if it hurts, and the pressure "or lighter".
    page.get_by_label("Read each step aloud").check()
    page.get_by_role("button", name="Resume").click()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    spoken = page.evaluate("window.__fn.speech")[-1]
    assert spoken.startswith("Step 4 of 4, right leg: Calf squeeze and glide.")
    assert "Light pressure." in spoken and spoken.endswith(player.stop_line(GUIDE))
    # The side switch shows the key message again: look at the other leg first.
    page.keyboard.press("ArrowRight")
    assert state(page)["name"] == "Now their left leg"
    assert " ".join(r.summary.split()) in page.evaluate("window.__fn.speech")[-1]
    assert " ".join(r.summary.split()) in page.locator("section.fn-player__step").inner_text()


@pytest.mark.browser
def test_closing_mid_routine_keeps_the_place_to_go_on_from(new_page):
    r = PER_SIDE
    page = new_page(f"/handouts/{r.id}/")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.clock.run_for(10_000)
    left = state(page)["time"]
    page.keyboard.press("Escape")
    assert not state(page)["open"]
    # The dialog's close event comes a moment later; then the screen may sleep.
    page.wait_for_function("window.__fn.wake.at(-1) === 'off'")
    page.clock.run_for(60_000)
    page.locator("[data-fn-play]").first.click()
    assert state(page)["state"] == "ready"
    page.get_by_role("button", name="Go on from step 3 of 7, right foot").click()
    now = state(page)
    assert (now["state"], now["count"], now["time"]) == ("playing", "Step 3 of 7", left)
    # Starting from step 1 forgets the old place.
    page.keyboard.press("Escape")
    page.locator("[data-fn-play]").first.click()
    page.get_by_role("button", name="Start the routine").click()
    page.keyboard.press("Escape")
    page.locator("[data-fn-play]").first.click()
    assert page.get_by_role("button", name="Go on from step 1 of 7, right foot").is_visible()
