"""The glue between the guide and MkDocs, tested without a full build: the
macros are plain functions, mistakes are named as written, and the theme
partial we copied still matches Material's own."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import material
import pytest

from macros.errors import guarded, recording_undefined
from macros.pages import page_macros
from macros.site import PageState, Site
from tests.conftest import ROOT

SITE = Site(str(ROOT / "docs"), "https://example.org/")


def macros_for(src_uri: str, url: str):
    state = PageState(SITE.guide, src_uri, url)
    return page_macros(SITE.guide, SITE.handouts, lambda: state), state


def test_macros_are_plain_functions_over_the_guide():
    """No MkDocs build: a page state and the data file are all a macro needs."""
    macros, state = macros_for("handouts/index.md", "handouts/")
    technique = next(t for t in SITE.guide.data.techniques if t.sources)
    text = macros["technique"](technique.id)
    assert technique.purpose in text
    # Links are relative to the page asking: safety.md is one folder up.
    assert "](../safety.md#note-" in text
    assert state.ids, "a technique cites its sources"
    listing = macros["handout_list"]()
    assert "](self-foot-10.md)" in listing and 'href="self-foot-10-a4.pdf"' in listing


def test_a_cited_source_is_listed_once_at_the_foot():
    macros, state = macros_for("benefits.md", "benefits/")
    first = SITE.guide.data.sources[0].id
    macros["cite"](first)
    macros["cite"](first)
    assert state.footnotes().count(f"[^{first}]:") == 1


def render(source: str, src_uri: str = "test.md"):
    """A page rendered the way mkdocs-macros does, with our guard and undefined."""
    problems: list[tuple[int | None, str]] = []
    report = lambda line, message: problems.append((line, message))  # noqa: E731
    macros, _ = macros_for(src_uri, "test/")
    env = jinja2.Environment(undefined=recording_undefined(report, list(macros)))
    env.globals.update({name: guarded(name, f, report) for name, f in macros.items()})
    env.globals["config"] = {"site_name": "Footnotes"}
    env.globals["page"] = {"title": "Test"}
    out = env.from_string(source).render()
    return out, problems


def test_each_mistake_is_reported_once_with_its_line_and_renders_nothing():
    out, problems = render('Intro\n\n{{ safety_note("dvtt") }}\n\n{{ safty_note("dvt") }}\n'
                           '{{ technique() }}\n')
    assert out.strip() == "Intro"
    lines = [line for line, _ in problems]
    assert lines == [3, 5, 6], problems
    assert "safety_note('dvtt'): there is no safety note with the id 'dvtt'" in problems[0][1]
    assert "Did you mean 'dvt'?" in problems[0][1]
    assert "'safty_note' is not a macro or variable. Did you mean 'safety_note'" in problems[1][1]
    assert problems[2][1].startswith("technique(): wrong arguments")


def test_a_bug_inside_a_macro_is_not_blamed_on_the_page():
    """A TypeError raised inside a macro is ours: it must surface, not be
    reported as the editor calling it wrongly."""
    def broken(id):
        return len(None)  # a bug

    env = jinja2.Environment()
    env.globals["broken"] = guarded("broken", broken, lambda line, message: None)
    try:
        env.from_string("{{ broken('x') }}").render()
    except TypeError:
        return
    raise AssertionError("the bug was hidden")


def test_search_partial_is_materials_own_plus_only_the_dialog_name():
    """overrides/partials/search.html is a copy of Material's, with one change
    (an accessible name that axe requires). If Material changes its partial,
    this fails: copy it again and re-apply the change."""
    theirs = (Path(material.__file__).parent / "templates" / "partials" / "search.html"
              ).read_text(encoding="utf-8")
    ours = (ROOT / "overrides" / "partials" / "search.html").read_text(encoding="utf-8")

    def body(text: str) -> str:
        return re.sub(r"\A\{#-.*?-#\}\n", "", text, flags=re.S)

    expected = body(theirs).replace('role="dialog"',
                                    'role="dialog" aria-label="{{ lang.t(\'search\') }}"', 1)
    assert body(ours) == expected
    assert body(ours) != body(theirs)


@pytest.mark.parametrize("written, says", [
    ("{{ page.nope }}", "'dict.nope' does not exist"),
    ("{% if nope %}x{% endif %}", "'nope' is not a macro or variable"),
    ("{% for n in nope %}{{ n }}{% endfor %}", "'nope' is not a macro or variable"),
    ('{{ safety_notes(area="toes") }}', "safety_notes(area='toes'): 'toes' is not one of: all, foot"),
    ('{{ routine_links("partners") }}', "routine_links('partners'): 'partners' is not one of: self, partner, practitioner. Did you mean 'partner'?"),
])
def test_names_and_arguments_that_do_not_exist_are_named_as_written(written, says):
    out, problems = render("Intro\n\n" + written + "\n")
    assert out.strip() == "Intro"
    assert len(problems) == 1 and problems[0][0] == 3, problems
    assert problems[0][1].startswith(says), problems


def _partial_body(text: str) -> str:
    return re.sub(r"\A\{#-.*?-#\}\n", "", text, flags=re.S)


@pytest.mark.parametrize("name", ["source.html", "actions.html"])
def test_other_copied_partials_are_materials_own_plus_only_our_change(name):
    """source.html drops data-md-component="source" (no request to GitHub's
    API); actions.html adds the data-file edit link at its end. If Material
    changes either partial, this fails: copy it again and re-apply."""
    theirs = _partial_body((Path(material.__file__).parent / "templates" / "partials" / name)
                           .read_text(encoding="utf-8"))
    ours = _partial_body((ROOT / "overrides" / "partials" / name).read_text(encoding="utf-8"))
    if name == "source.html":
        assert ours == theirs.replace(' data-md-component="source"', "", 1) != theirs
    else:
        assert ours.startswith(theirs) and "fn_links.edit_data" in ours[len(theirs):]
