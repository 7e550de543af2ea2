"""The topics readers ask about: heel pain, gadgets, choosing a therapist,
how long and how hard, and the practitioner's emergency plan and labels."""

from __future__ import annotations

import re

import pytest

from macros import render
from macros.loader import load_guide
from tests.conftest import DATA
from tests.test_content import _plain, page_html
from tests.test_render import guide_with, md_to_html

GUIDE = load_guide(DATA)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", _plain(html))


# --- how long and how hard: one answer per area, from the routines -----------

def _rows(guide) -> dict[str, list[str]]:
    html = md_to_html(render.dose_table(guide))
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)[1:]
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", r, re.S) for r in rows]
    return {c[0]: c[1:] for c in cells}


def test_dose_table_comes_from_the_routine_steps(tmp_path):
    # The fixture's routine: calf squeeze for 2 minutes (moderate), then
    # 1.5 minutes (light), on each leg.
    assert _rows(guide_with(tmp_path)) == {
        "Calf": ["Up to 3.5 minutes a leg", "Light to moderate, never firm"]}


def test_dose_table_follows_an_edit_to_the_data(tmp_path):
    guide = guide_with(tmp_path, **{"minutes: 1.5\n        pressure: light":
                                    "minutes: 4\n        pressure: firm"})
    assert _rows(guide) == {"Calf": ["Up to 6 minutes a leg", "Moderate to firm"]}


def test_dose_table_leaves_out_practitioner_sessions(tmp_path):
    guide = guide_with(tmp_path, **{"audience: self": "audience: practitioner"})
    assert render.dose_table(guide) == ""


def test_routines_page_answers_how_long_and_how_hard_for_every_area(site):
    text = _text(page_html(site, "routines"))
    assert "How long, how hard and how often" in text
    areas = {GUIDE.technique(s.technique).area
             for r in GUIDE.data.routines if r.audience != "practitioner" for s in r.steps}
    assert areas >= {"foot", "calf", "back"}
    for area in areas:
        pressures, minutes = GUIDE.dose(area)
        assert minutes, area
        assert re.search(rf"{render.AREA_WORDS[area]} Up to [^|]*?minute", text), area
    assert "Once a day is plenty" in text


# --- the new pages carry their warnings in full -------------------------------

@pytest.mark.parametrize("page, note_id", [
    ("heel-pain", "foot-injury"),
    ("heel-pain", "foot-see-clinician"),
    ("gadgets", "massage-gun"),
    ("gadgets", "diabetes-feet"),
    ("choosing-a-therapist", "cancer-care"),
    # A clinical read found the gadgets page named harms (a torn neck artery,
    # a swallowed oil, a burn on a numb foot) with no signs or action.
    ("gadgets", "neck-artery"),
    ("gadgets", "swallowed-oil"),
    ("gadgets", "diabetes-foot-urgent"),
    ("gadgets", "do-not-massage"),
])
def test_topic_page_shows_its_notes_in_full(site, page, note_id):
    text = _text(page_html(site, page))
    note = GUIDE.note(note_id)
    assert note.title in text, note.title
    for sign in note.signs:
        assert sign in text, sign
    if note.action:
        assert note.action in text


def test_every_note_topic_reaches_a_page(site):
    """A note whose topic no page asks for would never be read except on the
    safety page; the new topics each have a page that shows them."""
    pages = {"injury": "heel-pain", "device": "gadgets", "heat": "gadgets",
             "essential-oil": "gadgets"}
    for topic, page in pages.items():
        notes = GUIDE.notes_for(topic)
        assert notes, topic
        text = _text(page_html(site, page))
        for note in notes:
            assert note.title in text, (topic, note.id)


def test_heel_pain_page_sends_injuries_to_the_emergency_department(site):
    html = page_html(site, "heel-pain")
    text = _text(html)
    assert "2 weeks" in text
    assert "A&E" in text
    assert 'href="../foot-techniques/#roll-your-foot-over-a-ball"' in html


def test_gadgets_page_says_no_soak_with_diabetes_and_never_swallow_oils(site):
    text = _text(page_html(site, "gadgets"))
    assert "If you have diabetes, do not soak your feet" in text
    assert "Never swallow it" in text
    assert "out of reach of children" in text


def test_a_massage_gun_is_not_for_anyone_on_a_blood_thinner(site):
    text = _text(page_html(site, "gadgets"))
    assert "If you take a blood thinner or have a bleeding problem, do not use one at all" in text


# --- practitioners: emergency plan, records, insurance, labels ----------------

def test_practitioners_page_plans_for_an_emergency_and_keeps_records_safe(site):
    html = page_html(site, "practitioners")
    headings = re.findall(r"<h2[^>]*>(.*?)<", html)
    for wanted in ("Plan for an emergency before it happens",
                   "Keep records safe, and get consent to keep them",
                   "Insurance and registration"):
        assert wanted in headings, wanted
    text = _text(html)
    assert "defibrillator" in text
    # An injector if there is one, and the call straight away either way.
    assert ("use their auto-injector if they have one, and call your emergency number "
            "straight away. If they have no auto-injector, call at once.") in text
    assert "The list is not complete" in text
    assert "Say that you think it is anaphylaxis" in text
    assert "Lie a pregnant client on her left side" in text


@pytest.mark.parametrize("latin, nut", [
    ("Arachis hypogaea", "Peanut"),
    ("Prunus amygdalus dulcis", "Sweet almond"),
    ("Corylus avellana", "Hazelnut"),
    ("Juglans regia", "Walnut"),
    ("Butyrospermum parkii", "Shea"),
])
def test_practitioners_page_decodes_latin_nut_names(site, latin, nut):
    html = page_html(site, "practitioners")
    rows = [_text(r) for r in re.findall(r"<tr>(.*?)</tr>", html, re.S)]
    assert any(latin in r and nut in r for r in rows), latin


# --- pictures: each routine step shows its technique's diagram ----------------

def test_every_routine_step_on_the_web_shows_its_techniques_picture(site):
    html = page_html(site, "routines")
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    for r in GUIDE.data.routines:
        for step in r.steps:
            t = GUIDE.technique(step.technique)
            img = (f'src="../images/{t.picture.file}"', f'alt="{render.esc(t.picture.alt)}"')
            assert any(all(part in row for part in img) and step.cue in _text(row)
                       for row in rows), (r.id, step.technique)


def test_technique_diagrams_have_no_text_labels():
    """They print as small as 16 mm on handouts, where a label cannot be read
    and would need a font the sheet does not embed: words go in the alt text
    and the steps instead."""
    from tests.conftest import ROOT

    for t in GUIDE.data.techniques:
        svg = (ROOT / "docs" / "images" / t.picture.file).read_text(encoding="utf-8")
        assert "<text" not in svg, t.picture.file
