"""The safety layer: every warning at its NHS level, in full, on screen and on
paper, and no condition answered two ways."""

from __future__ import annotations

import re

import pypdf
import pytest

from macros import handouts as ho
from macros.loader import load_guide
from macros.model import GET_HELP_LEVELS, PRECAUTION_LEVELS
from macros.render import EMERGENCY_IF, esc, note_title
from tests.conftest import DATA, html_pages
from tests.test_content import _plain, page_html
from tests.test_loader import MINIMAL, SHOWN, line_of, problems_for

GUIDE = load_guide(DATA)


# --- the model enforces the levels ---------------------------------------------

def test_get_help_note_without_signs_fails_naming_the_line(tmp_path):
    text = MINIMAL.replace("    signs:\n      - Throbbing pain in one calf\n", "")
    [msg] = problems_for(tmp_path, text)
    level_line = line_of(text, "level: urgent")
    assert msg.startswith(f"{SHOWN}:{level_line}: safety_notes[dvt].level:")
    assert "must list the signs" in msg and "signs:" in msg


def test_get_help_note_without_action_fails_naming_the_line(tmp_path):
    text = MINIMAL.replace("    action: Call your local emergency number now.\n", "")
    [msg] = problems_for(tmp_path, text)
    assert msg.startswith(f"{SHOWN}:{line_of(text, 'level: emergency')}: safety_notes[clot-in-lung].level:")
    assert "must say the one thing to do" in msg and "action:" in msg


def test_an_area_without_a_get_help_level_fails_at_the_technique(tmp_path):
    start = MINIMAL.index("  - id: leg-pain\n")
    end = MINIMAL.index("techniques:\n")
    text = MINIMAL[:start] + MINIMAL[end:]
    [msg] = problems_for(tmp_path, text)
    assert msg.startswith(f"{SHOWN}:{line_of(text, 'area: calf')}: techniques[calf-squeeze].area:")
    assert "see-clinician" in msg and "applies_to: [calf]" in msg


def test_a_get_help_note_in_a_cautions_list_fails(tmp_path):
    text = MINIMAL.replace("    cautions: [no-massage]\n", "    cautions: [no-massage, dvt]\n")
    [msg] = problems_for(tmp_path, text)
    assert msg.startswith(f"{SHOWN}:{line_of(text, 'cautions: [no-massage, dvt]')}: techniques[calf-squeeze].cautions[2]:")
    assert "'dvt' is a get-help note" in msg


def test_the_same_sign_at_two_levels_fails(tmp_path):
    text = MINIMAL.replace("      - Sudden shortness of breath\n", "      - Throbbing pain in one calf\n")
    [msg] = problems_for(tmp_path, text)
    assert "safety_notes[clot-in-lung].signs[1]" in msg
    assert "also in 'dvt' at level urgent" in msg


def test_routine_notes_bring_every_get_help_note_for_its_areas():
    for r in GUIDE.data.routines:
        carried = {n.id for n in GUIDE.routine_notes(r)}
        areas = GUIDE.topics(GUIDE.routine_techniques(r))
        wanted = {n.id for n in GUIDE.get_help(areas)}
        assert wanted <= carried, (r.id, wanted - carried)
        levels = {n.level for n in GUIDE.get_help(areas)}
        assert levels == set(GET_HELP_LEVELS), r.id


# --- the levels themselves (NHS) ------------------------------------------------

def _level_of(pattern: str) -> set[tuple[str, str]]:
    """(note id, level) of each note whose signs or title match."""
    out = set()
    for n in GUIDE.data.safety_notes:
        if any(re.search(pattern, s, re.I) for s in [n.title, *n.signs]):
            out.add((n.id, n.level))
    return out


@pytest.mark.parametrize("pattern, level", [
    (r"blood clot in the lung", "emergency"),
    (r"genitals or bottom", "emergency"),
    (r"control when you pee", "emergency"),
    (r"weakness in both legs", "emergency"),
    (r"chest pain as well as back pain", "emergency"),
    (r"serious fall or accident", "emergency"),
    (r"swelling of the lips", "emergency"),
    (r"blood clot in the leg$", "urgent"),
    (r"skin infection", "urgent"),
    (r"weight loss", "urgent"),
    (r"worse at night", "urgent"),
    (r"cough, sneeze", "urgent"),
    (r"between the shoulder blades", "urgent"),
    (r"someone who has had cancer", "urgent"),
    (r"pre-eclampsia", "urgent"),
    (r"foot warning signs in someone with diabetes", "urgent"),
    (r"poor blood flow in the legs", "urgent"),
    (r"at rest, often worse at night", "urgent"),
    (r"leg pain when you walk", "see-clinician"),
    (r"back pain that needs a check$", "see-clinician"),
])
def test_warning_signs_sit_at_the_nhs_level(pattern, level):
    hits = _level_of(pattern)
    assert hits, pattern
    assert {lvl for _, lvl in hits} == {level}, hits


CONDITIONS = {
    # condition: (pattern over precaution notes' signs, the one level it may have)
    "blood thinners and bleeding problems": (r"blood thinner|thins the blood|bleeding|platelets", "ask-first"),
    "pregnancy": (r"pregnan|baby born", "ask-first"),
    "cancer care": (r"cancer now|treatment for cancer|cancer or its treatment", "ask-first"),
    "a recent operation": (r"operation", "ask-first"),
    "heart problems": (r"heart", "ask-first"),
    "a clot now": (r"clot in a deep vein", "do-not"),
    "a past clot": (r"clot in the past", "ask-first"),
}


@pytest.mark.parametrize("name", CONDITIONS)
def test_no_condition_is_listed_at_two_precaution_levels(name):
    pattern, level = CONDITIONS[name]
    levels = {n.level for n in GUIDE.data.safety_notes if not n.get_help
              for s in n.signs if re.search(pattern, s, re.I)}
    assert levels == {level}, (name, levels)


def test_no_sign_appears_at_two_get_help_levels():
    seen: dict[str, str] = {}
    for n in GUIDE.data.safety_notes:
        if n.get_help:
            for s in n.signs:
                key = " ".join(re.sub(r"[^a-z ]", " ", s.lower()).split())
                assert seen.setdefault(key, n.level) == n.level, s


@pytest.mark.parametrize("page", sorted(p for p in (DATA.parent.parent).glob("*.md")), ids=lambda p: p.name)
def test_no_page_says_do_not_massage_for_blood_thinners(page):
    for sentence in re.split(r"(?<=[.!?])\s+", page.read_text(encoding="utf-8")):
        if re.search(r"blood thinner|bleed", sentence, re.I):
            assert not re.search(r"do not massage|never massage|skip (the )?massage", sentence, re.I), sentence


# --- on screen -------------------------------------------------------------------

TECHNIQUE_PAGES = ["foot-techniques", "calf-and-leg", "back-relief", "routines", "aftercare"]


def _areas_taught(html: str) -> list[str]:
    """Areas of the techniques a page teaches: by their steps, or by their
    name in a routine's step table."""
    text = _plain(html)
    taught = [t for t in GUIDE.data.techniques
              if _plain(t.steps[0]) in text
              or re.search(rf"<td>(<img [^>]*>\s*)?{re.escape(esc(t.name))}</td>", html)]
    return GUIDE.topics(taught)


@pytest.mark.parametrize("name", TECHNIQUE_PAGES)
def test_each_page_that_teaches_moves_shows_its_areas_get_help_notes_in_full(site, name):
    html = page_html(site, name)
    text = _plain(html)
    areas = _areas_taught(html)
    assert areas, name
    notes = GUIDE.get_help(areas)
    assert {n.level for n in notes} == set(GET_HELP_LEVELS)
    for n in notes:
        assert f'id="note-{n.id}"' in html, (name, n.id)
        assert _plain(note_title(n)) in text, (name, n.id)
        for sign in n.signs:
            assert _plain(sign) in text, (name, n.id, sign)
        assert _plain(n.action) in text, (name, n.id)


def test_safety_page_leads_with_the_three_levels_most_urgent_first(site):
    text = _plain(page_html(site, "safety"))
    order = [text.index(h) for h in (
        "Emergency: call your local emergency number now",
        "Urgent: get medical help today",
        "See a clinician: book an appointment",
        "When not to massage",
        "Ask a clinician first",
    )]
    assert order == sorted(order)
    boxes = re.findall(r'<div class="admonition (\w+)"', page_html(site, "safety"))
    emergency = sum(n.level == "emergency" for n in GUIDE.data.safety_notes)
    assert boxes[:emergency] == ["danger"] * emergency
    after = text[text.index("Emergency: call your local emergency number now"):]
    for n in GUIDE.data.safety_notes:
        assert _plain(note_title(n)) in after, n.id


def test_practitioners_page_screens_for_clot_risk(site):
    text = _plain(page_html(site, "practitioners"))
    for sign in GUIDE.note("clot-risk").signs:
        assert _plain(sign) in text, sign
    assert _plain(GUIDE.note("clot-risk").action) in text


# --- on paper ----------------------------------------------------------------------

HANDOUTS = ho.handouts(GUIDE)
PDFS = [(h, size) for h in HANDOUTS for size in ho.SIZES]


def test_emergency_if_on_an_emergency_note_fails_naming_the_line(tmp_path):
    text = MINIMAL.replace("    action: Call your local emergency number now.\n",
                           "    action: Call your local emergency number now.\n"
                           "    emergency_if: it gets worse.\n")
    [msg] = problems_for(tmp_path, text)
    assert msg.startswith(f"{SHOWN}:{line_of(text, 'emergency_if: it gets worse.')}: "
                          "safety_notes[clot-in-lung].emergency_if:")
    assert "only an urgent or see-clinician note" in msg


@pytest.mark.parametrize("note_id", ["dvt", "cellulitis", "pre-eclampsia"])
def test_urgent_notes_say_when_to_call_an_emergency_number(note_id):
    assert GUIDE.note(note_id).emergency_if


def test_an_urgent_note_on_the_web_says_how_to_get_help_and_when_to_call(site):
    html = _plain(page_html(site, "safety"))
    dvt = GUIDE.note("dvt")
    assert "call a health advice line, such as 111 in England" in html
    assert f"Call your local emergency number now if {dvt.emergency_if}" in html


def test_anaphylaxis_says_to_use_the_auto_injector_first():
    action = GUIDE.note("anaphylaxis").action
    assert action.index("auto-injector") < action.index("emergency number")
    # On paper too: the person must not stand, and a second dose after 5 minutes.
    assert "must not stand or walk" in action and "5 minutes" in action
    assert "second injector" in action and "left side if pregnant" in action


def test_every_foot_and_leg_sheet_says_a_sudden_cold_pale_or_blue_leg_is_an_emergency():
    """Not only for people with diabetes: a blocked artery may not hurt, and
    rubbing or warming the leg is the wrong first aid (NHS PAD page)."""
    legs = {"foot", "calf", "thigh"}
    for h in HANDOUTS:  # aftercare too: any sheet with a foot or leg warning
        if not any(legs & set(n.applies_to) for n in h.notes if n.get_help):
            continue
        lines = [n for n in h.notes if n.emergency_if and "cold, pale, or blue" in n.emergency_if]
        assert any("diabetes" not in n.title for n in lines), h.id
        assert any("may not hurt" in n.emergency_if and "heat" in n.action for n in lines), h.id


def test_clot_risk_asks_first_only_for_the_higher_risks():
    """The pill, HRT or a long journey mean checking the legs and keeping
    strokes light, not a clinic visit (a clinical read: the old action sent
    most readers to a clinician)."""
    note = GUIDE.note("clot-risk")
    check, ask = note.action.split("Ask a clinician first")
    assert "Check both legs" in check and "light" in check
    # Every higher risk among its signs asks first: pregnancy, cancer and heart
    # failure too (a clinical read found them missing). The action names only
    # the exceptions, so no time limit is set that its source does not give.
    assert "any of these, except" in ask
    excepted = ask.split("except", 1)[1]
    for lower in ("pill", "HRT", "journey"):
        assert lower in excepted, lower
    signs = " ".join(note.signs).lower()
    for higher in ("pregnancy", "baby", "cancer", "heart failure", "clot in the past",
                   "stuck in bed", "operation", "hospital"):
        assert higher in signs and higher not in excepted.lower(), higher


def test_clot_risk_lists_the_nhs_risk_factors_that_call_for_asking_first():
    """The NHS DVT page's higher risks, each of which sends a reader to a
    clinician before a leg massage. Age, weight and smoking alone do not
    (a clinical read: they would send most adults, and every desk worker)."""
    signs = " ".join(GUIDE.note("clot-risk").signs).lower()
    for risk in ("operation", "hospital", "over 3 hours", "stuck in bed", "pregnancy",
                 "pill", "hrt", "cancer", "heart failure", "clot in the past"):
        assert risk in signs, risk
    for general in ("over 60", "overweight", "smoking", "sitting"):
        assert general not in signs, general


def _squash(text: str) -> str:
    """PDF text without spaces, line breaks or the hyphen a line broke at."""
    return re.sub(r"\s+", "", text.replace("-\n", "-"))


def printed_block(n) -> str:
    """A note as the sheet prints it, as one run: its title, every sign, its
    action and its emergency line. Under an "urgent" heading, "Call now" would
    read as "call 111", so the print names the emergency number, as the web
    page does."""
    parts = [f"{n.title}:", "; ".join(n.signs) + "." if n.signs else "",
             f"What to do: {n.action}" if n.action else "",
             f"{EMERGENCY_IF} {n.emergency_if}" if n.emergency_if else ""]
    return " ".join(parts)


@pytest.mark.parametrize("h, size", PDFS, ids=lambda v: getattr(v, "id", v))
def test_every_note_on_paper_has_its_title_signs_and_action_in_one_paragraph(site, h, size):
    """Read from the PDF itself, each note whole and in its own paragraph: a
    sign two notes share (pregnancy is a reason to ask first, and a clot risk)
    prints in both, because a reader scanning one note must not have to find
    it in another (a clinical read found one left out)."""
    reader = pypdf.PdfReader(site / "handouts" / ho.pdf_name(h.id, size))
    assert len(reader.pages) == 1
    text = _squash(reader.pages[0].extract_text())
    for n in h.notes:
        assert n == GUIDE.note(n.id), n.id  # nothing trimmed on the way to paper
        assert _squash(printed_block(n)) in text, n.id
    if {"ask-first", "clot-risk"} <= {n.id for n in h.notes}:
        shared = set(GUIDE.note("ask-first").signs) & set(GUIDE.note("clot-risk").signs)
        assert shared and all(text.count(_squash(sign)) >= 2 for sign in shared)
    for g in h.checks:
        for item in g.items:
            assert _squash(item) in text, item
        if g.action:
            assert _squash(g.action) in text, g.title


def test_each_routine_handout_carries_every_get_help_note_for_its_areas():
    """On paper, every urgent and emergency note in full; a see-clinician
    note only if the routine does not leave it to the web page."""
    by_id = {h.id: h for h in HANDOUTS}
    for r in GUIDE.data.routines:
        carried = {n.id for n in by_id[r.id].notes}
        wanted = {n.id for n in GUIDE.get_help(GUIDE.topics(GUIDE.routine_techniques(r)))}
        assert wanted - set(r.web_only) <= carried, (r.id, wanted - carried)
        assert {n.id for n in by_id[r.id].web_only} == set(r.web_only) <= wanted
        assert all(GUIDE.note(i).level == "see-clinician" for i in r.web_only)
        assert {n.id for n in GUIDE.routine_notes(r) if n.level == "do-not"} <= carried


def test_aftercare_handout_carries_clots_allergy_and_diabetic_foot():
    aftercare = next(h for h in HANDOUTS if h.id == "aftercare")
    carried = {n.id for n in aftercare.notes}
    assert {"dvt", "clot-in-lung", "anaphylaxis", "diabetes-foot-urgent"} <= carried
    assert {n.level for n in aftercare.notes} >= set(GET_HELP_LEVELS)


def test_on_paper_emergency_comes_first_and_each_heading_says_how():
    assert ho.PAPER_ORDER[:3] == ("emergency", "urgent", "see-clinician")
    assert "999" in ho.PAPER_HEADINGS["emergency"] and "111" in ho.PAPER_HEADINGS["urgent"]
    # Letter-size sheets go to US readers: each level names a US route too.
    assert "911 (US)" in ho.PAPER_HEADINGS["emergency"]
    assert "US: urgent care" in ho.PAPER_HEADINGS["urgent"]
    for h in HANDOUTS:
        levels = [s.level for s in h.note_sections]
        assert levels == sorted(levels, key=ho.PAPER_ORDER.index), h.id


def test_safety_check_asks_about_pregnancy_under_ask_a_clinician_first():
    check = next(h for h in HANDOUTS if h.id == "safety-check")
    [group] = [g for g in check.checks if any("pregnan" in i.lower() for i in g.items)]
    assert group.title.startswith("Ask a clinician first")
    assert "midwife" in group.action


def test_safety_check_handout_screens_for_clot_risk_and_says_what_a_tick_means():
    check = next(h for h in HANDOUTS if h.id == "safety-check")
    items = " ".join(i for g in check.checks for i in g.items).lower()
    for risk in ("operation", "hospital", "long journey", "pregnan", "6 weeks", "pill", "hrt",
                 "cancer", "clot in the past", "diabetes", "numb feet"):
        assert risk in items, risk
    # Every tick says what it means: diabetes too (gentle pressure, no heat).
    assert all(g.action for g in check.checks if g.title != "Also tell us")
    [feet] = [g for g in check.checks if "diabetes" in [i.lower() for i in g.items]]
    assert "gentle pressure" in feet.action and "no heat" in feet.action.lower()
    assert "do not soak" in feet.action
    # Poor blood flow: rest pain and a sore that will not heal are asked about.
    assert any("at rest" in q and "will not heal" in q for q in check.checks[-1].items)


def test_precaution_and_get_help_levels_do_not_overlap():
    assert not set(PRECAUTION_LEVELS) & set(GET_HELP_LEVELS)


def test_every_note_is_shown_somewhere_on_the_site(site):
    everything = " ".join(p.read_text(encoding="utf-8") for p in html_pages(site))
    for n in GUIDE.data.safety_notes:
        assert f'id="note-{n.id}"' in everything, n.id


def test_oil_routines_say_nut_free_on_paper():
    by_id = {h.id: h for h in HANDOUTS}
    for r in GUIDE.data.routines:
        if any(t.oil for t in GUIDE.routine_techniques(r)):
            h = by_id[r.id]
            assert ("nut-oils" in {n.id for n in h.notes}
                    or any("nut-free" in s.cue for s in h.steps)), r.id


def test_the_safety_check_says_when_a_clot_sign_needs_an_ambulance():
    check = next(h for h in HANDOUTS if h.id == "safety-check")
    dvt = GUIDE.note("dvt")
    [group] = [g for g in check.checks if g.title.endswith(dvt.title)]
    assert group.action == f"{dvt.action} {EMERGENCY_IF} {dvt.emergency_if}"


def test_aftercare_carries_every_back_get_help_note():
    """Back pain that needs same-day help must not be sent to a routine appointment."""
    aftercare = next(h for h in HANDOUTS if h.id == "aftercare")
    carried = {n.id for n in aftercare.notes}
    assert {n.id for n in GUIDE.get_help(["back"])} <= carried


def test_every_emergency_line_fits_any_reader():
    """A partner or practitioner may hold the sheet, so "Call ... now if"
    lines name the person or the sign, never "you" (a clinical read)."""
    for n in GUIDE.data.safety_notes:
        if n.emergency_if:
            assert not re.search(r"\b(you|your)\b", n.emergency_if, re.I), n.id


def test_a_leg_routine_that_does_not_say_check_both_legs_fails_at_its_summary(tmp_path):
    """A data rule, so the preview and make check say it, not only the tests
    (a new editor's trial found only pytest caught it)."""
    text = DATA.read_text(encoding="utf-8")
    old = ("      Check both legs first. If one is swollen, warm, red or darker, or sore, "
           "do not do this routine. Get medical help today.\n")
    assert old in text
    text = text.replace(old, "      Go slowly, and stop if it hurts.\n", 1)
    problems = problems_for(tmp_path, text)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{SHOWN}:{line_of(text, 'summary: >-', 3)}: routines[desk-break].summary:"), problems
    assert "Check both legs first" in problems[0]
