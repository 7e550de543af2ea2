"""Renderers and macros: what they write, that data cannot inject markup,
and that a bad id names the closest valid ones."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
import yaml

from macros import render
from macros.guide import UnknownId
from macros.loader import load_guide
from tests.conftest import FIXTURES, ROOT

HOSTILE = ('<script>alert(1)</script> [click](javascript:alert(2)) '
           '<img src=x onerror=alert(3)> | *bold* {{ x }} {: #id } ==mark==')


def md_to_html(text: str) -> str:
    """Convert with the Markdown extensions the site itself uses."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
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
    out = md_to_html(render.note(guide.note("dvt"), no_cite))
    assert '<div class="admonition danger">' in out
    assert "Do not massage: A leg that may have a blood clot" in out
    assert "<li>Swelling in one leg</li>" in out


def test_routine_table_rows_and_derived_totals(guide):
    out = md_to_html(render.routine_table(guide, guide.routine("short-calf")))
    assert "<table>" in out
    assert '>Step<span class="fn-steps"></span></th>' in out  # marks it for the phone layout
    for header in ("Area", "Technique", "Minutes", "Pressure", "What to do"):
        assert f">{header}</th>" in out
    assert out.count('<span class="fn-total"></span>') == 2
    assert "<td>Calf squeeze</td>" in out and "<td>Light</td>" in out
    assert "<strong>Total, one leg</strong>" in out
    assert "<strong>3.5</strong>" in out and "<strong>7</strong>" in out


def test_total_follows_the_steps_never_a_typed_number(tmp_path):
    g = guide_with(tmp_path, **{"minutes: 1.5": "minutes: 4"})
    assert render.total_phrase(g, g.routine("short-calf")) == "6 minutes each leg, 12 minutes in all"


def test_hostile_text_in_every_field_is_shown_not_run(tmp_path):
    bad = HOSTILE.replace('"', "'")
    g = guide_with(tmp_path, **{
        "title: A leg that may have a blood clot": f'title: "{bad}"',
        "text: Do not massage a leg that may have a clot.": f'text: "{bad}"',
        "- Swelling in one leg": f'- "{bad}"',
        "cue: Squeeze and release, slowly.": f'cue: "{bad}"',
        "name: Calf squeeze": f'name: "{bad}"',
        "title: A short calf routine": f'title: "{bad}"',
        "publisher: National Center for Complementary and Integrative Health": f'publisher: "{bad}"',
    })
    r = g.routine("short-calf")
    outputs = [
        render.note(g.note("dvt"), no_cite),
        render.routine(g, r, no_cite),
        render.technique(g, g.technique("calf-squeeze"), no_cite, lambda i: f"safety.md#note-{i}"),
        render.source_list(list(g.data.sources)),
    ]
    for text in outputs:
        html = md_to_html(text)
        assert "<script" not in html and "<img" not in html
        assert "javascript:" not in html.split('href="')[-1].split('"')[0]
        assert 'href="javascript' not in html
        assert "<strong>bold</strong>" not in html and "<mark>" not in html
        assert 'id="id"' not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # A | in a cue must not add a column: the table keeps its six cells a row.
    table = md_to_html(render.routine_table(g, r))
    first_row = table.split("<tbody>")[1].split("</tr>")[0]
    assert first_row.count("<td") == 6


def test_esc_keeps_text_readable():
    assert render.esc("Stop if it hurts.") == "Stop if it hurts."
    assert md_to_html(render.esc("1. Not a list")) == "<p>&#49;. Not a list</p>"


def test_unknown_id_names_closest(guide):
    with pytest.raises(UnknownId) as caught:
        guide.routine("short-calves")
    assert caught.value.closest[0] == "short-calf"
    assert "Closest: 'short-calf'" in str(caught.value)


def test_notes_for_an_area_most_serious_first(tmp_path):
    g = guide_with(tmp_path)
    assert [n.id for n in g.notes_for("calf")] == ["dvt"]
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
    again = render.routine(guide, r, no_cite, shown=lambda note_id: note_id == "dvt")
    assert '!!! danger "Do not massage: A leg that may have a blood clot"' in first
    assert "!!! danger" not in again
    assert "[Do not massage: A leg that may have a blood clot](#note-dvt)" in again
