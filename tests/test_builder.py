"""The handout builder (docs/make-a-handout.md) and the page that plays what
it makes (docs/play.md): a practitioner's own one-page handout, printed from
the browser, and the QR code that opens its steps in the player."""

from __future__ import annotations

import hashlib
import html as html_lib
import io
import json
import re
from pathlib import Path
from urllib.parse import urlparse

import markupsafe
import pypdf
import pytest
import yaml

from macros import builder
from macros.handouts import PAPER_ORDER
from tests.conftest import DATA, ROOT, SITE_URL

RAW = yaml.safe_load(DATA.read_text(encoding="utf-8"))
NOTES = {n["id"]: n for n in RAW["safety_notes"]}
TECHNIQUES = {t["id"]: t for t in RAW["techniques"]}
ROUTINES = {r["id"]: r for r in RAW["routines"]}
GET_HELP = ("emergency", "urgent", "see-clinician")
VENDOR = ROOT / "docs" / "javascripts" / "vendor" / "lean-qr"


def must_print(technique_ids) -> list[str]:
    """Worked out here from the data file, not with the code under test: a
    technique's do-not and ask-first precautions, and every get-help note for
    its area, its oil, and all massage; in the order a printed sheet shows notes."""
    need = set()
    for tid in technique_ids:
        t = TECHNIQUES[tid]
        topics = {t["area"], "all"} | ({"oil"} if t.get("oil") else set())
        need |= {i for i in t.get("cautions", []) if NOTES[i]["level"] in ("do-not", "ask-first")}
        need |= {i for i, n in NOTES.items()
                 if n["level"] in GET_HELP and topics & set(n["applies_to"])}
    ids = list(NOTES)
    return sorted(need, key=lambda i: (PAPER_ORDER.index(NOTES[i]["level"]), ids.index(i)))


def builder_json(site: Path) -> dict:
    text = (site / "make-a-handout" / "index.html").read_text(encoding="utf-8")
    found = re.findall(r'<div id="fn-builder-data" hidden data-json="([^"]*)"></div>', text)
    assert len(found) == 1
    return json.loads(html_lib.unescape(found[0]))


# --- the build ---------------------------------------------------------------

def test_required_notes_follow_the_printed_sheets_rule():
    from macros.site import load

    guide = load(str(ROOT / "docs"))
    for tid in TECHNIQUES:
        got = builder.required(guide, tid)
        assert sorted(got) == sorted(must_print([tid])), tid
        assert any(NOTES[i]["level"] == "emergency" for i in got), tid
        assert "caution" not in {NOTES[i]["level"] for i in got}, tid
    assert "clot-risk" in builder.required(guide, "calf-pressure")
    assert "diabetes-feet" in builder.required(guide, "thumb-walking")
    # An added note brings the warning signs that go with it.
    assert "pre-eclampsia" in builder.brings(guide, "pregnancy")
    assert "anaphylaxis" in builder.brings(guide, "nut-oils")


def test_a_home_sheet_never_offers_firm_pressure():
    """The guide's dose is never firm, on any area (routines.md, "How long,
    how hard and how often"); a client's home sheet cannot say otherwise."""
    from macros.site import load

    guide = load(str(ROOT / "docs"))
    data = builder.builder_data(guide, lambda p: p, SITE_URL)
    assert {t["pressures"] == ["light", "moderate"] for t in data["techniques"].values()} == {True}
    for t in guide.data.techniques:
        assert data["techniques"][t.id]["start_pressure"] in ("light", "moderate"), t.id


def test_builder_page_carries_every_technique_and_routine_from_the_data_file(site):
    data = builder_json(site)
    assert list(data["techniques"]) == list(TECHNIQUES)
    for tid, t in TECHNIQUES.items():
        got = data["techniques"][tid]
        assert (got["name"], got["cue"], got["minutes"], got["pressure"]) == (
            t["name"], t["cue"], t["minutes"], t["pressure"])
        assert sorted(got["required"]) == sorted(must_print([tid]))
        assert (site / "make-a-handout" / got["picture"]).resolve().is_file()
    assert set(data["routines"]) == set(ROUTINES)
    for rid, r in ROUTINES.items():
        steps = data["routines"][rid]["steps"]
        assert [s["cue"] for s in steps] == [s["cue"] for s in r["steps"]]
        assert data["routines"][rid]["notes"] == r.get("cautions", [])
    assert data["words"]["leg_summary"] == RAW["handouts"]["builder"]["leg_summary"]
    assert data["play"] == SITE_URL.rstrip("/") + "/play/"
    # Every note in the order a sheet prints them, each once.
    assert sorted(data["order"]) == sorted(NOTES)
    levels = [PAPER_ORDER.index(NOTES[i]["level"]) for i in data["order"]]
    assert levels == sorted(levels)


def test_sheets_are_the_handout_template_with_every_note_and_one_step(site):
    css = (ROOT / "macros" / "handout" / "handout.css").read_text(encoding="utf-8")
    for size, page_size in (("a4", "A4"), ("letter", "Letter")):
        text = (site / "make-a-handout" / f"sheet-{size}.html").read_text(encoding="utf-8")
        assert css in text
        assert f"size: {page_size};" in text
        assert re.findall(r'data-note="([a-z0-9-]+)"', text) == builder_json(site)["order"]
        assert text.count("<li>") == 1 and "<script" not in text
        for n in NOTES.values():
            for sign in n.get("signs", []):
                assert str(markupsafe.escape(sign)) in text, sign


def test_qr_encoder_is_the_pinned_package_with_its_licence(site):
    pin = json.loads((VENDOR / "VENDOR.json").read_text(encoding="utf-8"))
    assert pin["package"] == "lean-qr" and re.fullmatch(r"\d+\.\d+\.\d+", pin["version"])
    for name, meta in pin["files"].items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == meta["sha256"]
    published = site / "javascripts" / "vendor" / "lean-qr"
    assert "MIT License" in (published / "LICENSE").read_text(encoding="utf-8")
    assert (published / "lean-qr.js").read_bytes() == (VENDOR / "lean-qr.js").read_bytes()


def test_a_leg_message_without_check_both_legs_stops_the_build(project, tmp_path):
    from tests.conftest import run_build

    data = project / "docs" / "data" / "guide.yml"
    text = data.read_text(encoding="utf-8")
    old = RAW["handouts"]["builder"]["leg_summary"]
    data.write_text(text.replace(old, "Look at the legs first."), encoding="utf-8")
    result = run_build(project, tmp_path / "out")
    assert result.returncode != 0
    out = result.stdout + result.stderr
    line = text[: text.index(old)].count("\n") + 1
    assert f"guide.yml:{line}" in out and "check both legs" in out
    assert "Traceback" not in out


# --- in a real browser ----------------------------------------------------

browser_only = pytest.mark.browser


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


def open_builder(context, served, fragment=""):
    page = context.new_page()
    page.goto(f"{served}/make-a-handout/{('#' + fragment) if fragment else ''}", wait_until="load")
    page.wait_for_function("() => document.getElementById('fn-b-fit').textContent.length > 0")
    return page


def start_from(page, routine_id: str) -> dict:
    """Choose a routine under "Start from", press "Use this", and wait for the preview."""
    page.select_option("#fn-b-from", routine_id)
    page.click('[data-fn-b="load"]')
    settle(page)
    return ROUTINES[routine_id]


def settle(page):
    """Wait until the preview shows the steps the form has."""
    page.wait_for_function(
        "() => { const d = document.getElementById('fn-b-sheet').contentDocument;"
        " const n = document.querySelectorAll('#fn-b-steps > li').length;"
        " if (!n) return true;"
        " return d && d.fonts.status === 'loaded' && d.querySelectorAll('ol.steps li').length === n"
        " && d.querySelector('footer .qr svg') !== null"
        " && !document.getElementById('fn-b-fit').textContent.startsWith('Making'); }")


def sheet_state(page) -> dict:
    return page.evaluate("""() => {
      const d = document.getElementById('fn-b-sheet').contentDocument;
      const shown = (el) => el && !el.closest('[hidden]');
      return {
        title: d.querySelector('h1').textContent,
        key: d.querySelector('.key').textContent,
        steps: [...d.querySelectorAll('ol.steps li')].map((li) => li.textContent.trim()),
        notes: [...d.querySelectorAll('.note')].filter(shown).map((n) => n.dataset.note),
        facts: [...d.querySelectorAll('.fact')].filter(shown).map((f) => f.textContent),
        own: shown(d.querySelector('.own')) ? d.querySelector('.own-text').textContent : null,
        address: d.querySelector('.address').textContent,
        repeat: shown(d.querySelector('.repeat')) ? d.querySelector('.repeat').textContent : null,
        fits: document.getElementById('fn-b-fit').dataset.fits,
      };
    }""")


@browser_only
def test_from_a_routine_the_sheet_has_its_steps_cues_and_every_note_it_needs(context, served):
    page = open_builder(context, served)
    page.fill("#fn-b-name", "Last client")
    page.fill("#fn-b-notes", "Their notes")
    r = start_from(page, "self-foot-10")
    # A new handout keeps nothing of the last client's.
    assert page.input_value("#fn-b-name") == "" and page.input_value("#fn-b-notes") == ""
    got = sheet_state(page)
    assert got["title"] == r["title"] and got["key"] == r["summary"]
    assert len(got["steps"]) == len(r["steps"])
    for text, step in zip(got["steps"], r["steps"]):
        t = TECHNIQUES[step["technique"]]
        minutes = step.get("minutes", t["minutes"])
        assert text.startswith(f"{t['name']} ({minutes:g} min, ")
        assert text.endswith(step["cue"])
    assert got["repeat"] == f"Then do steps 1 to {len(r['steps'])} again on the other foot."
    need = must_print({s["technique"] for s in r["steps"]})
    assert set(need) <= set(got["notes"])
    # The routine's own precautions come with it, and can be taken off.
    assert set(got["notes"]) == set(need) | set(r["cautions"])
    assert got["fits"] == "true"
    # The form lists the same must-print notes, with nothing to untick.
    listed = page.eval_on_selector_all("#fn-b-required [data-required]",
                                       "els => els.map((e) => e.dataset.required)")
    assert listed == [i for i in got["notes"] if i in need]
    for note_id in need:
        assert page.locator(f'input[data-note="{note_id}"]').count() == 0


@browser_only
def test_from_nothing_steps_are_added_set_moved_and_removed(context, served):
    page = open_builder(context, served)
    assert page.get_attribute("#fn-b-fit", "data-fits") == "false"  # nothing to print yet
    assert page.is_visible("#fn-b-preview-empty")
    assert page.get_attribute('[data-fn-b="print"]', "aria-disabled") == "true"
    for tid in ("thumb-walking", "calf-squeeze-glide", "ball-against-wall"):
        page.select_option("#fn-b-add", tid)
        page.click('[data-fn-b="add"]')
    settle(page)
    got = sheet_state(page)
    assert got["title"] == RAW["handouts"]["builder"]["title"]
    # A calf step adds the leg check to the key message.
    assert got["key"] == (RAW["handouts"]["builder"]["leg_summary"] + " "
                          + RAW["handouts"]["builder"]["summary"])
    assert got["notes"] == must_print(["thumb-walking", "calf-squeeze-glide", "ball-against-wall"])
    # Set the calf step: 2 minutes, right leg only; then move it first.
    page.select_option("#fn-b-step-1-minutes", "2")
    page.select_option("#fn-b-step-1-side", "right")
    page.click('[data-fn-b="up"][data-index="1"]')
    settle(page)
    got = sheet_state(page)
    cue = TECHNIQUES["calf-squeeze-glide"]["cue"]
    assert got["steps"][0] == f"Calf squeeze and glide (2 min, light, right leg only). {cue}"
    assert got["steps"][1].startswith("Thumb walking (1.5 min, moderate, each foot). ")
    assert got["steps"][2].startswith("Ball against a wall (2 min, moderate). ")
    assert got["repeat"] is None
    assert "Time: 7 minutes" in " ".join(got["facts"])  # 2 + 1.5 x 2 + 2
    # Remove the calf step: its notes go, and the leg line with them.
    page.click('[data-fn-b="remove"][data-index="0"]')
    settle(page)
    got = sheet_state(page)
    assert got["notes"] == must_print(["thumb-walking", "ball-against-wall"])
    assert got["key"] == RAW["handouts"]["builder"]["summary"]
    assert got["fits"] == "true"
    assert page.get_attribute('[data-fn-b="print"]', "aria-disabled") == "false"


@browser_only
def test_added_notes_can_be_removed_and_required_ones_cannot(context, served):
    page = open_builder(context, served, "s=calf-pressure")
    settle(page)
    need = must_print(["calf-pressure"])
    assert sheet_state(page)["notes"] == need
    page.check('input[data-note="pregnancy"]')
    settle(page)
    # Pregnancy brings the signs of pre-eclampsia, which cannot be taken off alone.
    assert {"pregnancy", "pre-eclampsia"} <= set(sheet_state(page)["notes"])
    assert page.locator('input[data-note="pre-eclampsia"]').count() == 0
    page.uncheck('input[data-note="pregnancy"]')
    assert sheet_state(page)["notes"] == need
    # A calf is never pressed firmly: no such choice, and no such address.
    options = page.eval_on_selector_all("#fn-b-step-0-pressure option", "os => os.map((o) => o.value)")
    assert options == ["light", "moderate"]
    # No control removes a required note, and an address that leaves one out still prints it.
    assert page.locator("#fn-b-required input, #fn-b-required button").count() == 0
    assert all(page.locator(f'[data-note="{i}"]').count() == 0 for i in need)
    page.goto(f"{served}/make-a-handout/#s=calf-pressure&n=", wait_until="load")
    settle(page)
    assert sheet_state(page)["notes"] == need


@browser_only
def test_typed_html_stays_text(context, served):
    page = open_builder(context, served, "s=heel-press")
    name = '<img src=x onerror="window.hacked=1">Ann'
    notes = "<b>avoid</b> the <script>window.hacked=2</script>left ankle\nsecond line"
    page.fill("#fn-b-name", name)
    page.fill("#fn-b-notes", notes)
    settle(page)
    got = sheet_state(page)
    assert f"For: {name}" in got["facts"]
    assert got["own"] == notes
    found = page.evaluate("""() => { const d = document.getElementById('fn-b-sheet').contentDocument;
      return [d.querySelectorAll('.facts img, .own b, .own script').length, window.hacked,
              d.defaultView.hacked]; }""")
    assert found == [0, None, None]


def test_the_sheet_fetches_the_full_font_only_for_a_character_the_cut_down_one_lacks(
        context, served):
    fetched = []
    context.on("request", lambda r: fetched.append(r.url.rsplit("/", 1)[1])
               if "/fonts/" in r.url else None)
    page = open_builder(context, served, "from=bedtime-legs&s=1_2_3_4")
    settle(page)
    assert sorted(fetched) == ["atkinson-hyperlegible-latin-400-normal-basic.woff2",
                               "atkinson-hyperlegible-latin-700-normal-basic.woff2"]
    page.fill("#fn-b-name", "Zoë")
    settle(page)
    page.wait_for_function("() => document.getElementById('fn-b-sheet').contentDocument"
                           ".fonts.status === 'loaded'")
    assert "atkinson-hyperlegible-latin-400-normal.woff" in fetched
    assert "For: Zoë" in sheet_state(page)["facts"]


def pdf_of_sheet(context, served, page, size) -> pypdf.PdfReader:
    """Print the preview as Chromium prints it: the sheet's own document, at its own page size."""
    html = page.evaluate("() => document.getElementById('fn-b-sheet').contentDocument"
                         ".documentElement.outerHTML")
    printer = context.new_page()
    printer.goto(f"{served}/make-a-handout/sheet-{size}.html", wait_until="load")
    printer.evaluate("h => { document.open(); document.write(h); document.close(); }",
                     "<!doctype html>" + html)
    printer.wait_for_function("() => document.fonts.status === 'loaded'")
    pdf = printer.pdf(prefer_css_page_size=True, print_background=True)
    printer.close()
    return pypdf.PdfReader(io.BytesIO(pdf))


@browser_only
@pytest.mark.parametrize("size,points", [("a4", (595, 842)), ("letter", (612, 792))])
def test_printed_pdf_is_one_page_with_name_steps_and_signs(context, served, size, points):
    # Three of the desk break's steps, with the notes they need, fit US Letter too.
    page = open_builder(context, served, "from=desk-break&s=1_3_5&n=")
    page.check(f'input[name="fn-size"][value="{size}"]')
    page.fill("#fn-b-name", "Priya")
    page.fill("#fn-b-notes", "Keep the roller off the left arch.")
    page.wait_for_function(
        f"() => document.getElementById('fn-b-sheet').contentDocument.documentElement.className === '{size}'")
    settle(page)
    got = sheet_state(page)
    assert got["fits"] == "true"
    reader = pdf_of_sheet(context, served, page, size)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == points
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Priya" in text and "Keep the roller off the left arch." in text
    for step in ROUTINES["desk-break"]["steps"][::2]:
        assert TECHNIQUES[step["technique"]]["name"] in text
    for note_id in got["notes"]:
        for sign in NOTES[note_id].get("signs", [])[:2]:
            assert " ".join(sign.split()) in text, (note_id, sign)
    assert "Play these steps:" in text


@browser_only
def test_too_much_says_what_to_drop_and_dropping_it_fits(context, served):
    steps = "_".join(["thumb-walking", "foot-kneading", "thumb-circles", "heel-press",
                      "toe-pull-rotate", "ankle-circles", "calf-squeeze-glide",
                      "calf-release-stretch", "calf-pressure", "thigh-kneading"])
    page = open_builder(context, served, f"s={steps}&n=pregnancy.clot-risk.cancer-care.ask-first")
    page.fill("#fn-b-notes", "Go gently on the left side. " * 12)
    settle(page)
    assert sheet_state(page)["fits"] == "false"
    assert page.get_attribute('[data-fn-b="print"]', "aria-disabled") == "true"
    fit = page.inner_text("#fn-b-fit")
    assert "does not fit on one A4 page" in fit
    # Take the things it names away, in turn, until it fits.
    for _ in range(12):
        if sheet_state(page)["fits"] == "true":
            break
        options = page.eval_on_selector_all("#fn-b-fit li", "els => els.map((e) => e.textContent)")
        if options:
            first = options[0]
            if first.startswith("the note"):
                label = first[len("the note “"):-1]
                page.locator("#fn-b-extra label", has_text=label).click()
            elif first.startswith("your notes"):
                page.fill("#fn-b-notes", "")
            else:
                number = int(first.split(",")[0].split()[1])
                page.click(f'[data-fn-b="remove"][data-index="{number - 1}"]')
            page.wait_for_timeout(50)
            assert sheet_state(page)["fits"] == "true", f"dropping {first} did not make it fit"
        else:
            page.click('[data-fn-b="remove"][data-index="0"]')
            page.wait_for_timeout(50)
    assert sheet_state(page)["fits"] == "true"
    assert page.get_attribute('[data-fn-b="print"]', "aria-disabled") == "false"


def decode_qr(page) -> str:
    """Read the preview's QR code from a picture of it, as a phone would."""
    import zxingcpp
    from PIL import Image

    page.evaluate("() => { const f = document.getElementById('fn-b-sheet');"
                  " f.style.transform = 'none'; f.parentElement.style.height = f.style.height; }")
    qr = page.frame_locator("#fn-b-sheet").locator("footer .qr svg")
    qr.scroll_into_view_if_needed()
    box = qr.bounding_box()
    shot = page.screenshot(clip={"x": box["x"] - 12, "y": box["y"] - 12,
                                 "width": box["width"] + 24, "height": box["height"] + 24},
                           scale="device")
    image = Image.open(io.BytesIO(shot)).convert("L")
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1, "no QR code found"
    return found[0].text


@browser_only
def test_qr_opens_the_same_routine_in_the_player_and_reopens_the_builder(browser, served):
    # A sharp picture of the 14 mm code, as a phone's camera takes it close up.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=4)
    page = open_builder(context, served, "from=desk-break&s=1_2-1-l-r_3_4_5")
    page.fill("#fn-b-name", "Priya")
    page.fill("#fn-b-notes", "Private words")
    page.check('input[data-note="pregnancy"]')
    settle(page)
    got = sheet_state(page)
    url = decode_qr(page)
    assert url.replace("https://", "").replace("http://", "") == got["address"]
    assert url.startswith(SITE_URL.rstrip("/") + "/play/#from=desk-break&")
    assert "Priya" not in url and "Private" not in url
    fragment = urlparse(url).fragment
    player = context.new_page()
    player.goto(f"{served}/play/#{fragment}", wait_until="load")
    dialog = player.locator("dialog.fn-player")
    dialog.wait_for(state="visible")
    r = ROUTINES["desk-break"]
    assert player.inner_text("#fn-player-title") == r["title"]
    # Step 2 is on the right only: 4 steps on each side, and 1.
    assert "9 steps. Time: 6 minutes." in dialog.inner_text()
    shown = player.eval_on_selector_all(".fn-player__ready .admonition-title",
                                        "els => els.map((e) => e.textContent)")
    assert len(shown) == len(got["notes"])
    assert any("pregnan" in t.lower() for t in shown)
    dialog.get_by_role("button", name="Start the routine").click()
    assert player.inner_text(".fn-player__count") == "Step 1 of 9"
    assert TECHNIQUES["foot-roller"]["name"] in player.inner_text(".fn-player__name")
    assert player.inner_text(".fn-player__cue") == r["steps"][0]["cue"]
    player.keyboard.press("ArrowRight")
    player.keyboard.press("ArrowRight")
    assert player.inner_text(".fn-player__side") == "Right foot"
    assert player.inner_text(".fn-player__name").endswith(TECHNIQUES["ankle-circles"]["name"])
    assert re.fullmatch(r"1:00|0:5\d", player.inner_text(".fn-player__time").strip())
    player.keyboard.press("ArrowRight")
    assert player.inner_text(".fn-player__name").endswith(TECHNIQUES["calf-squeeze-glide"]["name"])
    player.keyboard.press("Escape")
    # The same address opens the builder with the same steps and notes.
    edit = player.locator(".fn-play-edit a")
    assert edit.is_visible()
    edit.click()
    player.wait_for_url(re.compile(r"/make-a-handout/#"))
    settle(player)
    again = sheet_state(player)
    assert again["steps"] == got["steps"] and again["notes"] == got["notes"]
    assert not any("Priya" in f for f in again["facts"])
    context.close()


@browser_only
@pytest.mark.parametrize("fragment", ["s=no-such-move", "s=calf-pressure-1-f-b",
                                      "from=desk-break&s=9", "s=heel-press-1-m-n",
                                      "s=thumb-walking&n=no-such-note"])
def test_play_page_with_a_broken_address_says_so(context, served, fragment):
    page = context.new_page()
    page.goto(f"{served}/play/#{fragment}", wait_until="load")
    page.wait_for_selector(".fn-play-missing", state="visible")
    assert page.locator("dialog[open]").count() == 0


@browser_only
def test_recent_handouts_are_kept_only_when_asked_and_forgotten(context, served):
    page = open_builder(context, served, "s=heel-press")
    page.fill("#fn-b-name", "Sam")
    settle(page)
    # Printing opens the browser's own dialog: count the calls instead.
    page.evaluate("() => { const w = document.getElementById('fn-b-sheet').contentWindow;"
                  " window.printed = 0; w.print = () => { window.printed += 1; }; }")
    page.click('[data-fn-b="print"]')
    assert page.evaluate("window.printed") == 1
    assert page.evaluate("localStorage.getItem('footnotes.builder')") is None
    page.check("#fn-b-keep")
    page.click('[data-fn-b="print"]')
    kept = json.loads(page.evaluate("localStorage.getItem('footnotes.builder')"))
    assert kept["keep"] is True and kept["recent"][0]["name"] == "Sam"
    page.reload(wait_until="load")
    page.wait_for_selector("#fn-b-recent li")
    page.fill("#fn-b-name", "")
    page.click('#fn-b-recent [data-fn-b="open"]')
    assert page.input_value("#fn-b-name") == "Sam"
    page.click('[data-fn-b="forget"]')
    assert page.evaluate("localStorage.getItem('footnotes.builder')") is None
    assert page.locator("#fn-b-recent li").count() == 0
    assert not page.is_checked("#fn-b-keep")


@browser_only
def test_nothing_is_sent_anywhere(browser, served):
    ctx = browser.new_context()
    requests = []
    ctx.on("request", lambda r: requests.append((r.url, r.method, r.post_data)))
    page = open_builder(ctx, served, "from=bedtime-legs&s=1_2_3_4")
    page.fill("#fn-b-name", "Zanzibarella")
    page.fill("#fn-b-notes", "Quixotic ankle")
    page.select_option("#fn-b-add", "heel-press")
    page.click('[data-fn-b="add"]')
    page.check("#fn-b-keep")
    settle(page)
    page.goto(f"{served}/play/#from=bedtime-legs&s=1_2", wait_until="load")
    page.wait_for_selector("dialog[open]")
    ctx.close()
    host = urlparse(served).netloc
    assert requests
    for url, method, body in requests:
        assert urlparse(url).netloc == host or url.startswith("data:"), url
        assert method == "GET", url
        assert "Zanzibarella" not in url and "Quixotic" not in url and not body


@browser_only
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [{"width": 768, "height": 1024}, {"width": 1400, "height": 900}],
                         ids=["tablet", "desktop"])
def test_axe_finds_nothing_in_every_state(browser, served, scheme, viewport):
    from tests.test_browser import AXE, WCAG, axe_violations

    def in_sheet(page) -> list[str]:
        frame = page.frames[1]
        frame.add_script_tag(content=AXE)
        result = frame.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                                WCAG)
        return [f"sheet: {v['id']}: {v['help']}" for v in result["violations"]]

    ctx = browser.new_context(color_scheme=scheme, viewport=viewport, bypass_csp=True)
    page = ctx.new_page()
    problems = {}
    states = {
        "empty": "",
        "steps": "from=self-foot-10&s=1_2_3_4_5_6_7",
        "too long": "s=" + "_".join(["thumb-walking"] * 12) + "&n=pregnancy.clot-risk",
    }
    for state, fragment in states.items():
        page.goto(f"{served}/make-a-handout/#{fragment}", wait_until="load")
        page.wait_for_function("() => document.getElementById('fn-b-fit').textContent.length > 0")
        if state == "steps":
            page.check("#fn-b-keep")
            page.fill("#fn-b-open", "not an address")
            page.click('[data-fn-b="address"]')
        found = axe_violations(page) + (in_sheet(page) if state == "steps" else [])
        if found:
            problems[state] = found
    page.goto(f"{served}/play/#from=self-foot-10&s=1_2", wait_until="load")
    page.wait_for_selector("dialog[open]")
    found = axe_violations(page)
    if found:
        problems["player"] = found
    ctx.close()
    assert problems == {}, json.dumps(problems, indent=1)


@browser_only
def test_keyboard_alone_makes_and_prints_a_handout(context, served):
    page = open_builder(context, served)
    page.focus("#fn-b-from")
    page.keyboard.press("ArrowDown")  # the first routine
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.fnB") == "load"
    page.keyboard.press("Enter")
    settle(page)
    assert len(sheet_state(page)["steps"]) == len(RAW["routines"][0]["steps"])
    # Move step 2 up with the keyboard; focus stays with it.
    page.focus('[data-fn-b="up"][data-index="1"]')
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.dataset.index") == "0"
    first = RAW["routines"][0]["steps"][1]["technique"]
    settle(page)
    assert sheet_state(page)["steps"][0].startswith(TECHNIQUES[first]["name"])


@browser_only
def test_a_routine_too_full_for_the_page_leaves_out_its_own_notes_and_says_so(context, served):
    page = open_builder(context, served)
    r = start_from(page, "bedtime-legs")
    need = must_print({s["technique"] for s in r["steps"]})
    got = sheet_state(page)
    assert got["fits"] == "true"
    # Every note the steps need prints; only the routine's own extra notes may go.
    assert set(need) <= set(got["notes"])
    left = [i for i in r["cautions"] if i not in got["notes"]]
    assert left and not set(left) & set(need)
    fit = page.inner_text("#fn-b-fit")
    for note_id in left:
        assert NOTES[note_id]["title"] in fit
    # Adding one back is the practitioner's choice: then it says what to drop.
    page.check(f'input[data-note="{left[0]}"]')
    settle(page)
    assert sheet_state(page)["fits"] == "false"
    page.click('[data-fn-b="print"]', force=True)  # marked aria-disabled, still pressable
    assert page.evaluate("document.activeElement.id") == "fn-b-fit"
    # Taking a step away makes room: the routine's note comes back by itself.
    page.uncheck(f'input[data-note="{left[0]}"]')
    page.click('[data-fn-b="remove"][data-index="1"]')
    settle(page)
    got = sheet_state(page)
    assert got["fits"] == "true" and set(r["cautions"]) <= set(got["notes"])
