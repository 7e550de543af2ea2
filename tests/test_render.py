"""Renderers and macros: what they write, that data cannot inject markup,
and that a bad id names the closest valid ones."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from mkdocs.utils.yaml import yaml_load

from macros import render
from macros.guide import UnknownId
from macros.loader import load_guide
from tests.conftest import FIXTURES, ROOT

HOSTILE = ('<script>alert(1)</script> [click](javascript:alert(2)) '
           '<img src=x onerror=alert(3)> | *bold* {{ x }} {: #id } ==mark==')


def md_to_html(text: str) -> str:
    """Convert with the Markdown extensions the site itself uses."""
    config = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names, configs = [], {}
    for ext in config["markdown_extensions"]:
        if isinstance(ext, dict):
            (name, conf), = ext.items()
            names.append(name)
            configs[name] = conf
        else:
            names.append(ext)
    return markdown.markdown(text, extensions=names, extension_configs=configs)


def guide_with(tmp_path: Path, **replacements: str):
    text = (FIXTURES / "minimal.yml").read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "guide.yml"
    path.write_text(text, encoding="utf-8")
    return load_guide(path)


def no_cite(ids):
    return ""


@pytest.fixture
def guide(tmp_path):
    return guide_with(tmp_path)


def test_note_is_a_material_admonition_with_level_lead(guide):
    out = md_to_html(render.note(guide.note("no-massage"), no_cite))
    assert '<div class="admonition danger">' in out
    assert "Do not massage: A leg that may have a blood clot" in out
    assert "<li>Swelling in one leg</li>" in out


def test_get_help_note_gives_signs_then_action_then_why(guide):
    out = md_to_html(render.note(guide.note("dvt"), no_cite))
    assert '<div class="admonition warning">' in out
    assert "Get urgent help: Signs of a blood clot in the leg" in out
    signs = out.index("<li>Throbbing pain in one calf</li>")
    action = out.index("What to do:</strong> Get medical help today.")
    why = out.index("A clot in the leg needs a check today.")
    assert signs < action < why


def test_esc_keeps_text_readable():
    assert render.esc("Stop if it hurts.") == "Stop if it hurts."
    assert md_to_html(render.esc("1. Not a list")) == "<p>&#49;. Not a list</p>"


def test_unknown_id_names_closest(guide):
    with pytest.raises(UnknownId) as caught:
        guide.routine("short-calves")
    assert caught.value.closest[0] == "short-calf"
    assert "Did you mean 'short-calf'?" in str(caught.value)


def test_notes_for_an_area_most_serious_first(tmp_path):
    g = guide_with(tmp_path)
    assert [n.id for n in g.notes_for("calf")] == ["clot-in-lung", "dvt", "leg-pain", "no-massage"]
    assert g.notes_for("back") == []


def test_source_list_has_anchor_for_each_id(guide):
    out = render.source_list(list(guide.data.sources))
    assert '<span id="nccih-massage"></span>' in out
    assert 'href="https://www.nccih.nih.gov/' in out


def test_per_side_total_uses_the_right_plural(tmp_path):
    g = guide_with(tmp_path, **{"per_side: leg": "per_side: foot"})
    out = render.routine_table(g, g.routine("short-calf"))
    assert "**Total, both feet**" in out and "foots" not in out


def test_a_note_already_shown_on_the_page_is_linked_not_repeated(guide):
    r = guide.routine("short-calf")
    first = render.routine(guide, r, no_cite, shown=lambda note_id: False)
    again = render.routine(guide, r, no_cite, shown=lambda note_id: note_id == "no-massage")
    assert '!!! danger "Do not massage: A leg that may have a blood clot"' in first
    assert '"Do not massage: A leg that may have a blood clot"' not in again
    assert "[Do not massage: A leg that may have a blood clot](#note-no-massage)" in again


def test_every_area_lists_its_notes_most_serious_first_on_the_page(guide):
    """With the real data, each area with several notes renders them in
    order of level, most serious first, whatever order the file lists them."""
    from macros.model import LEVELS, NOTE_TOPICS

    checked = 0
    lists = [guide.notes_for(t) for t in NOTE_TOPICS] + [guide.get_help([t]) for t in NOTE_TOPICS]
    for topic, notes in zip([*NOTE_TOPICS, *NOTE_TOPICS], lists):
        if len(notes) < 3 or len({n.level for n in notes}) < 2:
            continue
        out = render.notes(notes, no_cite)
        shown = [n for n in notes if n.title in out]
        positions = [out.index(n.title) for n in shown]
        levels = [LEVELS.index(n.level) for n in sorted(shown, key=lambda n: out.index(n.title))]
        assert positions == sorted(positions) and levels == sorted(levels, reverse=True), topic
        checked += 1
    assert checked >= 3


def test_the_urgent_how_line_follows_only_an_action_that_says_get_help_today():
    """'Ask for an urgent appointment, or call 111' explains 'get medical help
    today'. After an action that names its own place and time ('call your
    midwife straight away', 'call 111 or go to urgent care now') it would water it down."""
    from tests.conftest import DATA

    real = load_guide(DATA)
    how = render.LEVEL_HOW["urgent"]
    urgent = [n for n in real.data.safety_notes if n.level == "urgent"]
    today = [n.id for n in urgent if "medical help today" in n.action.lower()]
    assert {"dvt", "back-urgent"} <= set(today)
    for n in urgent:
        assert render.full_action(n).endswith(how) == (n.id in today), n.id
    assert not render.full_action(real.note("diabetes-foot-urgent")).endswith(how)
    assert not render.full_action(real.note("pre-eclampsia")).endswith(how)
    # An urgent action without those words must name its own route, or the
    # reader would not know where to go.
    routes = ("111", "midwife", "maternity", "A&E", "out-of-hours", "urgent care")
    for n in urgent:
        assert n.id in today or any(r in n.action for r in routes), n.id
