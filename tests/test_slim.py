"""The theme's CSS loses only rules that cannot match anything on the site."""

from __future__ import annotations

import pytest

from macros.slim import slim_css, slim_site

CSS = (
    "@font-face{font-family:x;src:url(x.woff)}"
    ".md-header{color:red}"
    ".md-consent__controls{display:flex}"
    ".md-header,.md-banner{margin:0}"
    ".md-typeset :not(.md-unused)>p{margin:1em}"
    "@media screen and (min-width:60em){.md-banner{top:0}.md-header{top:1px}}"
    "@media print{.md-unused{display:none}}"
    "[data-md-color-scheme=slate]{color-scheme:dark}"
)


def test_drops_selectors_whose_class_is_used_nowhere():
    out = slim_css(CSS, {"md-header", "md-typeset"})
    assert ".md-consent__controls" not in out and ".md-banner" not in out
    assert ".md-header{color:red}" in out
    assert ".md-header{margin:0}" in out  # the used half of a selector list stays
    assert "@media screen and (min-width:60em){.md-header{top:1px}}" in out
    assert "@media print" not in out  # a block left empty goes too


def test_keeps_at_rules_attribute_selectors_and_classes_it_only_excludes():
    out = slim_css(CSS, {"md-typeset"})
    assert "@font-face{font-family:x;src:url(x.woff)}" in out
    assert "[data-md-color-scheme=slate]{color-scheme:dark}" in out
    assert ".md-typeset :not(.md-unused)>p{margin:1em}" in out


def test_a_class_the_theme_script_adds_keeps_its_rules(tmp_path):
    (tmp_path / "assets" / "stylesheets").mkdir(parents=True)
    (tmp_path / "assets" / "javascripts").mkdir(parents=True)
    (tmp_path / "index.html").write_text('<div class="md-header">', encoding="utf-8")
    (tmp_path / "assets" / "javascripts" / "bundle.js").write_text(
        'e.classList.add("md-banner")', encoding="utf-8")
    css = tmp_path / "assets" / "stylesheets" / "main.css"
    css.write_text(CSS, encoding="utf-8")
    (tmp_path / "assets" / "stylesheets" / "main.css.map").write_text("{}", encoding="utf-8")
    [(name, new_name, before, after)] = slim_site(tmp_path)
    out = css.read_text(encoding="utf-8")
    assert name == new_name == "main.css" and after < before  # no hash in the name: kept
    assert ".md-header,.md-banner{margin:0}" in out and ".md-consent" not in out
    assert not (tmp_path / "assets" / "stylesheets" / "main.css.map").exists()


def test_the_built_site_keeps_every_class_its_pages_use(site):
    import re

    css = "".join(p.read_text(encoding="utf-8")
                  for p in (site / "assets" / "stylesheets").glob("*.css"))
    for cls in ("md-header", "md-search-result__meta", "md-nav__link--active", "admonition",
                "md-typeset", "md-sidebar--secondary"):
        assert re.search(rf"\.{re.escape(cls)}\b", css), cls
    assert ".md-consent" not in css and ".tabbed-set" not in css


def _site_with_script_class(tmp_path, features: list[str]):
    (tmp_path / "assets" / "stylesheets").mkdir(parents=True)
    (tmp_path / "assets" / "javascripts").mkdir(parents=True)
    config = '{"features": %s}' % str(features).replace("'", '"')
    (tmp_path / "index.html").write_text(
        f'<div class="md-header"></div><script id="__config" type="application/json">{config}'
        "</script>", encoding="utf-8")
    (tmp_path / "assets" / "javascripts" / "bundle.js").write_text(
        'e.classList.add("md-tooltip2--active")', encoding="utf-8")
    css = tmp_path / "assets" / "stylesheets" / "main.css"
    css.write_text(".md-header{color:red}.md-tooltip2--active{opacity:1}", encoding="utf-8")
    return css


def test_a_class_the_script_adds_only_for_a_feature_that_is_off_goes(tmp_path):
    off = _site_with_script_class(tmp_path / "off", ["navigation.top"])
    slim_site(tmp_path / "off", cache=None)
    assert off.read_text(encoding="utf-8") == ".md-header{color:red}"
    on = _site_with_script_class(tmp_path / "on", ["content.tooltips"])
    slim_site(tmp_path / "on", cache=None)
    assert ".md-tooltip2--active{opacity:1}" in on.read_text(encoding="utf-8")


def test_a_second_run_takes_the_slimmed_css_from_the_cache(tmp_path, monkeypatch):
    import macros.slim as slim

    first = _site_with_script_class(tmp_path / "a", [])
    slim_site(tmp_path / "a", cache=tmp_path / "cache")
    monkeypatch.setattr(slim, "slim_css", lambda css, tokens: pytest.fail("parsed again"))
    again = _site_with_script_class(tmp_path / "b", [])
    slim_site(tmp_path / "b", cache=tmp_path / "cache")
    assert again.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")
    changed = _site_with_script_class(tmp_path / "c", [])
    changed.write_text(".md-header{color:blue}", encoding="utf-8")
    with pytest.raises(pytest.fail.Exception):
        slim_site(tmp_path / "c", cache=tmp_path / "cache")  # new CSS: parsed, not reused


def test_a_slimmed_stylesheet_is_named_by_its_new_content_and_pages_follow(tmp_path):
    """Material names its CSS by content (main.<hash>.min.css). Slimmed in
    place, the old name would promise the old content to any cache that
    keeps hashed files for a year: the file is renamed, and every link."""
    import hashlib

    sheets = tmp_path / "assets" / "stylesheets"
    sheets.mkdir(parents=True)
    (tmp_path / "assets" / "javascripts").mkdir(parents=True)
    (tmp_path / "assets" / "javascripts" / "bundle.js").write_text("", encoding="utf-8")
    (sheets / "main.0123abcd.min.css").write_text(CSS, encoding="utf-8")
    (sheets / "main.0123abcd.min.css.map").write_text("{}", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    for page, prefix in ((tmp_path / "index.html", ""), (tmp_path / "sub" / "index.html", "../")):
        page.write_text(f'<link rel="stylesheet" href="{prefix}assets/stylesheets/main.0123abcd.min.css">'
                        '<div class="md-header">', encoding="utf-8")
    [(name, new_name, _, _)] = slim_site(tmp_path, cache=None)
    out = (sheets / new_name).read_text(encoding="utf-8")
    assert name == "main.0123abcd.min.css"
    assert new_name == f"main.{hashlib.sha256(out.encode()).hexdigest()[:8]}.min.css" != name
    assert sorted(p.name for p in sheets.iterdir()) == [new_name]  # the old file and map are gone
    assert f'href="assets/stylesheets/{new_name}"' in (tmp_path / "index.html").read_text(encoding="utf-8")
    assert f'href="../assets/stylesheets/{new_name}"' in (tmp_path / "sub" / "index.html").read_text(
        encoding="utf-8")
    # Again on the slimmed site: nothing left to drop, so the same name.
    [(again, again_new, _, _)] = slim_site(tmp_path, cache=None)
    assert again == again_new == new_name


def test_the_built_site_links_only_stylesheets_it_has_named_by_their_content(site):
    import hashlib
    import re

    linked = set()
    for page in site.rglob("*.html"):
        linked |= set(re.findall(r'assets/stylesheets/([^"?#]+\.css)', page.read_text(encoding="utf-8")))
    sheets = {p.name: p for p in (site / "assets" / "stylesheets").glob("*.css")}
    assert linked and linked <= set(sheets)
    for name, path in sheets.items():
        digest = re.match(r".+\.([0-9a-f]{8})\.min\.css$", name)[1]
        assert digest == hashlib.sha256(path.read_bytes()).hexdigest()[:8], name
