"""End to end: the real guide builds strictly; editor mistakes fail the build
with one plain message and leave the previous site as it was."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macros.loader import load_guide
from tests.conftest import DATA, html_pages, run_build

GUIDE = load_guide(DATA)


def test_every_page_built_without_template_syntax_left(site):
    pages = html_pages(site)
    assert len(pages) >= 3
    for page in pages:
        # Material's own inline scripts use braces, and so does the routine
        # player's JSON (macros/player.py); page content must not.
        text = re.sub(r"<script.*?</script>", "", page.read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r'<div id="fn-player-data" hidden data-routines="[^"]*"></div>', "", text)
        text = re.sub(r'<div id="fn-builder-data" hidden data-json="[^"]*"></div>', "", text)
        for token in ("{{", "{%", "}}", "%}"):
            assert token not in text, f"{token} left in {page.relative_to(site)}"


def test_handout_template_and_css_are_not_published_and_fonts_only_for_the_builder(site):
    """They make the PDFs, and the handout builder's two sheets (which carry
    the CSS inline, as the PDFs' HTML does); the font is published only
    beside those sheets, with its licence."""
    assets = Path(__file__).resolve().parent.parent / "macros" / "handout"
    for asset in assets.rglob("*"):
        if not asset.is_file():
            continue
        where = sorted(str(p.relative_to(site)) for p in site.rglob(asset.name))
        if asset.parent.name == "fonts":
            assert where == [f"make-a-handout/fonts/{asset.name}"], where
            assert (site / where[0]).read_bytes() == asset.read_bytes()
        else:
            assert where == [], where
    css = (assets / "handout.css").read_text(encoding="utf-8")
    for size in ("a4", "letter"):
        assert css in (site / f"make-a-handout/sheet-{size}.html").read_text(encoding="utf-8")
    assert list((site / "handouts").glob("*.pdf")), "the PDFs themselves are published"


def test_no_script_holds_up_the_first_paint(site):
    """Every script a page loads waits until the page has been read (defer):
    on a long page Chromium would otherwise run Material's script, and
    ours, before painting anything (overrides/main.html)."""
    blocking, bundles = [], 0
    for page in html_pages(site):
        for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", page.read_text(encoding="utf-8")):
            bundles += "assets/javascripts/bundle." in tag
            if not re.search(r"\s(defer|async)[\s>=]", tag):
                blocking.append(f"{page.relative_to(site)}: {tag}")
    assert bundles == len(html_pages(site))  # Material's script, on every page
    assert blocking == []


def test_data_file_is_not_published(site):
    assert not (site / "data").exists()
    assert not list(site.rglob("*.yml"))


def test_safety_page_renders_every_note_in_full(site):
    """Each note's whole title, every sign and its action, under its anchor."""
    import html as html_lib

    page = (site / "safety" / "index.html").read_text(encoding="utf-8")
    text = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    for note in GUIDE.data.safety_notes:
        assert f'id="note-{note.id}"' in page, note.id
        assert " ".join(note.title.split()) in text, note.id
        for sign in note.signs:
            assert " ".join(sign.split()) in text, (note.id, sign)
        if note.action:
            assert " ".join(note.action.split()) in text, note.id
    assert page.count('class="admonition') >= len(GUIDE.data.safety_notes)


def test_routines_page_renders_every_routine_table_with_total(site):
    html = (site / "routines" / "index.html").read_text(encoding="utf-8")
    for routine in GUIDE.data.routines:
        assert f'id="{routine.id}"' in html
    assert len(re.findall(r"<table[ >]", html)) >= len(GUIDE.data.routines)
    total = GUIDE.total_minutes(GUIDE.routine("self-foot-10"))
    assert total == 10
    assert "<strong>Total" in html


def test_citations_become_footnotes_with_the_source(site):
    html = (site / "safety" / "index.html").read_text(encoding="utf-8")
    assert 'class="footnote"' in html
    assert 'class="footnote-ref"' in html


def write(project: Path, rel: str, text: str) -> None:
    (project / "docs" / rel).write_text(text, encoding="utf-8")


def failed_build(project: Path) -> str:
    site = project / "site"
    site.mkdir(exist_ok=True)
    (site / "previous.html").write_text("the last good build", encoding="utf-8")
    result = run_build(project, site)
    out = result.stdout + result.stderr
    assert result.returncode != 0, out
    assert "Traceback" not in out
    # Nothing lost: the previous site is untouched, no staging folder left.
    assert [p.name for p in site.iterdir()] == ["previous.html"]
    assert not [p for p in project.iterdir() if p.name.startswith(".site-")]
    return out


# Shaped like the real pages: a blank line after the front matter (MkDocs
# strips it before the macros run, so line numbers must count it back).
PAGE = ("---\ndescription: A test page.\nreviewed: 2026-11-21\nnext_review: 2027-11-21\n---\n\n"
        "# Test page\n\nSome text.\n\n")  # a macro appended to it is on line 11


def test_unknown_id_in_a_page(project):
    write(project, "test.md", PAGE + '{{ safety_note("dvtt") }}\n')
    out = failed_build(project)
    assert "docs/test.md:11: safety_note('dvtt')" in out
    assert "no safety note with the id 'dvtt'" in out and "'dvt'" in out


def test_unknown_macro_name(project):
    write(project, "test.md", PAGE + 'Line\n\n{{ safty_note("dvt") }}\n')
    out = failed_build(project)
    assert "docs/test.md:13:" in out
    assert "'safty_note' is not a macro" in out and "safety_note" in out


def test_every_real_page_starts_its_body_after_one_blank_line():
    """The line-number tests above only count if the real pages look like PAGE."""
    for page in (Path(__file__).resolve().parent.parent / "docs").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert re.match(r"---\n(.*\n)*?---\n\n[^\n]", text), page


def test_a_bad_macro_on_the_safety_page_gives_one_message_and_no_anchor_flood(project):
    """Other pages link to the notes' anchors on the safety page; when its
    macro fails, the editor still sees one message, not a warning per link."""
    safety = project / "docs" / "safety.md"
    text = safety.read_text(encoding="utf-8")
    safety.write_text(text.replace('safety_notes(level="emergency")', 'safety_notes(level="emergncy")'),
                      encoding="utf-8")
    line = text[: text.index('safety_notes(level="emergency")')].count("\n") + 1
    out = failed_build(project)
    assert "1 problem in the pages:" in out
    assert f"docs/safety.md:{line}: safety_notes(level='emergncy')" in out, out
    assert "Did you mean 'emergency'?" in out
    assert "anchor" not in out and "WARNING" not in out, out


def test_a_setting_that_does_not_exist_is_named_as_written(project):
    """End to end with MkDocs' own config object (other names: test_glue.py)."""
    write(project, "test.md", PAGE + "{{ config.nope }}\n")
    out = failed_build(project)
    assert "docs/test.md:11: 'config.nope' does not exist" in out, out
    assert "MkDocsConfig object" not in out


def test_macro_syntax_error(project):
    write(project, "test.md", PAGE + '{{ routine("self-foot-10" }}\n')
    out = failed_build(project)
    assert "docs/test.md:11: macro syntax error" in out


def test_errors_on_several_pages_reported_together(project):
    write(project, "one.md", PAGE + '{{ routine("nope") }}\n')
    write(project, "two.md", PAGE + '{{ cite("nope-source") }}\n')
    out = failed_build(project)
    assert "2 problems in the pages" in out
    assert "docs/one.md:11" in out and "docs/two.md:11" in out


def test_broken_data_file_fails_the_build_plainly(project):
    data = project / "docs" / "data" / "guide.yml"
    text = data.read_text(encoding="utf-8")
    text = re.sub(r"(\n  - id: (\S+)\n    level:)", r"\1", text, count=1)
    data.write_text(text.replace("level: do-not", "level: never", 1), encoding="utf-8")
    out = failed_build(project)
    assert re.search(r"docs/data/guide\.yml:\d+: safety_notes\[[a-z-]+\]\.level: 'never' is not allowed", out)


def test_broken_link_fails_the_build(project):
    write(project, "test.md", PAGE + "[missing](no-such-page.md)\n")
    out = failed_build(project)
    assert "no-such-page.md" in out


def test_success_replaces_the_site(project):
    site = project / "site"
    site.mkdir()
    (site / "stale.html").write_text("old", encoding="utf-8")
    result = run_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (site / "stale.html").exists()
    assert (site / "index.html").exists()


def test_missing_review_date_fails_with_page_and_fix(project):
    write(project, "test.md", "---\ndescription: A test page.\nreviewed: 2026-11-21\n---\n# Test\n")
    out = failed_build(project)
    assert "docs/test.md:1: the front matter has no 'next_review'" in out


def test_review_dates_more_than_three_years_apart():
    """In process: the front matter check on its own (MkDocs splits the page)."""
    from mkdocs.utils import meta

    from macros import frontmatter

    raw = PAGE.replace("next_review: 2027-11-21", "next_review: 2030-01-01")
    _, data = meta.get_data(raw)
    assert (4, "next_review is more than 3 years after reviewed. Review pages at least "
               "every 3 years.") in frontmatter.problems(data, raw)


def test_front_matter_that_is_not_yaml_is_not_ignored(project):
    write(project, "test.md", PAGE.replace("description: A test page.", "description: Care: a test"))
    out = failed_build(project)
    assert "docs/test.md:2: the front matter is not valid YAML" in out


def test_review_dates_shown_at_the_foot_of_each_page(site):
    for page in html_pages(site):
        html = page.read_text(encoding="utf-8")
        assert re.search(r'Last reviewed: <time datetime="\d{4}-\d\d-\d\d">', html), page
        assert "Next review due:" in html, page


def test_a_missing_date_message_suggests_dates_that_pass():
    """Following the message must fix the page, not fail again."""
    from mkdocs.utils import meta

    from macros import frontmatter

    raw = "---\ndescription: A test page.\n---\n\n# Test\n"
    _, data = meta.get_data(raw)
    found = frontmatter.problems(data, raw)
    lines = dict(re.findall(r"Add a line '(reviewed|next_review): (\d{4}-\d\d-\d\d)'",
                            " ".join(m for _, m in found)))
    assert set(lines) == {"reviewed", "next_review"}, found
    fixed = raw.replace("---\n\n", "".join(f"{k}: {v}\n" for k, v in lines.items()) + "---\n\n")
    _, data = meta.get_data(fixed)
    assert frontmatter.problems(data, fixed) == []
