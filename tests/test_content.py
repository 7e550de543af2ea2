"""The guide's content: dated, described, readable, honest, sourced, and
carrying the right warnings on the right pages."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from macros.checks import BANNED, MAX_GRADE, claims, grade, prose
from mkdocs.utils.yaml import yaml_load
from macros.loader import load_guide
from macros.render import esc, note_title
from tests.conftest import DATA, ROOT, html_pages

DOCS = ROOT / "docs"
GUIDE = load_guide(DATA)
PAGES = sorted(p for p in DOCS.glob("*.md"))
NAV = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), f"{path.name} has no front matter"
    return yaml.safe_load(text.split("\n---", 1)[0][4:])


def page_html(site: Path, name: str) -> str:
    target = site / "index.html" if name == "index" else site / name / "index.html"
    return target.read_text(encoding="utf-8")


def nav_files(items) -> list[str]:
    out = []
    for item in items:
        value = list(item.values())[0] if isinstance(item, dict) else item
        out += nav_files(value) if isinstance(value, list) else [value]
    return out


# --- every page --------------------------------------------------------------

REQUIRED_PAGES = ["index", "benefits", "safety", "preparation", "foot-techniques",
                  "calf-and-leg", "back-relief", "routines", "aftercare", "practitioners",
                  "reflexology", "sources", "about", "editorial-policy", "heel-pain",
                  "gadgets", "choosing-a-therapist"]


def test_every_required_page_exists_and_is_in_the_nav():
    files = nav_files(NAV)
    for name in REQUIRED_PAGES:
        assert (DOCS / f"{name}.md").exists(), name
        assert f"{name}.md" in files, name


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_page_has_description_and_review_dates(path):
    meta = front_matter(path)
    assert isinstance(meta.get("description"), str) and 40 <= len(meta["description"]) <= 160
    reviewed, due = meta.get("reviewed"), meta.get("next_review")
    assert isinstance(reviewed, dt.date) and isinstance(due, dt.date)
    assert reviewed < due <= reviewed.replace(year=reviewed.year + 3)


@pytest.mark.parametrize("name", REQUIRED_PAGES)
def test_reading_grade_is_6_or_lower(site, name):
    text = prose(page_html(site, name))
    assert len(text.split()) > 100, "too little prose to grade"
    assert grade(text) <= MAX_GRADE, f"{name}: grade {grade(text):.1f}"


def test_prose_excludes_tables_and_footnotes():
    html = ("<article><p>Short words here.</p><table><tr><td>Extraordinarily "
            "incomprehensible multisyllabic terminology</td></tr></table>"
            '<div class="footnote"><hr /><ol><li><p>Cochrane Database of Systematic '
            'Reviews<br/></p></li></ol></div><p>More words.</p></article>')
    assert prose(html) == "Short words here. More words."


@pytest.mark.parametrize("name", REQUIRED_PAGES)
def test_no_unsupported_claims_on_any_page(site, name):
    assert claims(prose(page_html(site, name))) == []


def test_no_unsupported_claims_in_the_data_file():
    text = " ".join(str(v) for v in _strings(yaml.safe_load(DATA.read_text(encoding="utf-8"))))
    assert claims(text) == []


def _strings(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


@pytest.mark.parametrize("sentence, what", [
    ("A foot massage helps detoxify the body.", "detox"),
    ("Drink water to flush out the toxins released.", "toxins"),
    ("Massage boosts circulation in your legs.", "boosting circulation"),
    ("Regular rubs improve blood flow to tired muscles.", "boosting circulation"),
    ("This routine cures plantar fasciitis.", "curing"),
    ("Press the reflex points linked to the kidneys.", "organ-map diagnosis"),
    ("The feet are the body's second heart.", "second heart"),
    ("Try Kerassentials for healthy feet.", "product names"),
    ("Massage boosts circulation without any drugs.", "boosting circulation"),
    ("No more cold feet: this rub will improve your circulation.", "boosting circulation"),
    ("Massage does not raise blood flow in your muscles.", "absolute blood-flow claim"),
    ("Rubbing your calves can't change circulation at all.", "absolute blood-flow claim"),
    # A cleared first mention must not clear a second one in the same sentence.
    ("There is no claim that massage flushes toxins, but it flushes toxins.", "toxins"),
    ("Some say it cures nothing, yet this rub cures plantar fasciitis.", "curing"),
])
def test_claim_checker_catches_each_banned_claim(sentence, what):
    assert (what, sentence) in claims(sentence)


@pytest.mark.parametrize("sentence", [
    "Massage does not remove toxins from your body.",
    "There is no good evidence that massage boosts circulation.",
    "Foot charts cannot find illness, and massage is not a cure.",
    "Many ads claim that massage boosts circulation.",
    "In two small lab studies, massage did not raise blood flow to muscles after exercise.",
    "There is no good evidence that massage flushes out toxins or boosts circulation.",
    "Epsom salt soaks are popular, but there is little research on them.",
])
def test_claim_checker_allows_saying_what_is_not_true(sentence):
    assert claims(sentence) == []


def test_banned_list_covers_the_required_kinds():
    assert {"detox", "toxins", "boosting circulation", "curing",
            "organ-map diagnosis", "product names"} <= set(BANNED)


# --- sources -------------------------------------------------------------------

def test_every_content_page_cites_a_source(site):
    for name in REQUIRED_PAGES:
        if name in ("sources", "editorial-policy"):  # about the guide, not health
            continue
        assert 'class="footnote-ref"' in page_html(site, name), name


def test_every_source_is_cited_somewhere(site):
    cited = set()
    for page in html_pages(site):
        cited |= set(re.findall(r'id="fn:([a-z0-9-]+)"', page.read_text(encoding="utf-8")))
    assert set(GUIDE.sources) - cited == set()


def test_sources_page_lists_every_source_with_an_anchor(site):
    html = page_html(site, "sources")
    for source_id in GUIDE.sources:
        assert f'id="{source_id}"' in html


# --- warnings where they belong ----------------------------------------------

WARNINGS = {
    "foot-techniques": ["diabetes-feet", "do-not-massage", "should-not-hurt", "diabetes-foot-urgent"],
    "calf-and-leg": ["dvt", "clot-in-lung", "clot-risk", "do-not-massage", "should-not-hurt"],
    "back-relief": ["back-emergency", "back-urgent", "do-not-massage", "should-not-hurt"],
    "preparation": ["diabetes-feet", "nut-oils", "patch-test", "pregnancy"],
    "safety": list(GUIDE.notes),
}


@pytest.mark.parametrize("name", WARNINGS)
def test_each_risk_page_carries_its_warnings(site, name):
    html = page_html(site, name)
    for note_id in WARNINGS[name]:
        title = note_title(GUIDE.note(note_id))
        assert f'id="note-{note_id}"' in html, f"{name} lacks the note {note_id}"
        assert _plain(title) in _plain(html), f"{name} lacks the title of {note_id}"


def _plain(html: str) -> str:
    import html as h
    return " ".join(h.unescape(re.sub(r"<[^>]+>", " ", h.unescape(html))).split())


def test_safety_page_has_three_levels_of_help(site):
    text = _plain(page_html(site, "safety"))
    for lead in ("See a clinician:", "Get urgent help:", "Emergency:"):
        assert lead in text
    assert "local emergency number" in text


def test_every_technique_is_taught_on_a_page(site):
    everything = " ".join(_plain(p.read_text(encoding="utf-8")) for p in html_pages(site))
    for t in GUIDE.data.techniques:
        assert _plain(esc(t.steps[0])) in everything, t.id


def test_oil_advice_defaults_to_nut_free(site):
    text = _plain(page_html(site, "preparation")).lower()
    assert "nut-free" in text and "patch test" in text


def test_guide_says_it_does_not_replace_a_clinician(site):
    for name in ("index", "about"):
        assert "does not replace" in _plain(page_html(site, name)).lower(), name


# --- pictures --------------------------------------------------------------------

SVGS = sorted((DOCS / "images").rglob("*.svg"))


def test_there_are_diagrams_of_foot_calf_and_back():
    names = {p.stem for p in SVGS}
    assert {"foot-sole", "foot-top", "lower-leg", "back"} <= names


@pytest.mark.parametrize("path", SVGS, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_svg_has_title_and_description_and_no_outside_requests(path):
    root = ET.parse(path).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert (root.find(f"{ns}title").text or "").strip()
    assert (root.find(f"{ns}desc").text or "").strip()
    text = path.read_text(encoding="utf-8")
    assert "http://" not in text.replace("http://www.w3.org/", "")
    assert "https://" not in text and "<script" not in text


def test_every_diagram_is_used_with_alt_text(site):
    used = set()
    for page in html_pages(site):
        for tag in re.findall(r"<img [^>]*>", page.read_text(encoding="utf-8")):
            src = re.search(r'src="([^"]+)"', tag).group(1)
            if src.endswith(".svg"):
                alt = re.search(r'alt="([^"]*)"', tag)
                assert alt and len(alt.group(1)) > 20, f"{page}: {tag}"
                used.add(Path(src).name)
    assert {p.name for p in SVGS} <= used


def test_every_technique_has_its_own_picture_with_alt_text():
    files = [t.picture.file for t in GUIDE.data.techniques]
    assert len(set(files)) == len(files), "two techniques share a picture"
    for t in GUIDE.data.techniques:
        assert (DOCS / "images" / t.picture.file).is_file(), t.id
        assert len(t.picture.alt) >= 20, t.id


def test_each_technique_section_shows_its_picture(site):
    everything = {p: p.read_text(encoding="utf-8") for p in html_pages(site)}
    for t in GUIDE.data.techniques:
        shown = [p for p, html in everything.items()
                 if re.search(rf'<img alt="[^"]+" class="fn-picture"[^>]*src="[./]*images/{re.escape(t.picture.file)}"', html)]
        assert shown, t.id


def test_every_area_with_techniques_has_a_routine():
    taught = {t.area for t in GUIDE.data.techniques}
    in_routines = {GUIDE.technique(step.technique).area
                   for r in GUIDE.data.routines for step in r.steps}
    assert taught - in_routines == set()
