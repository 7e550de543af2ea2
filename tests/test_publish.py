"""Publishing: the addresses are settings a fork overrides from the
environment, every page links to its history and to a problem report, and
the built site asks no other host for anything."""

from __future__ import annotations

import os
import re
from urllib.parse import parse_qs, urlsplit

import pypdf
import pytest

from macros.forge import Forge
from macros import handouts as ho
from tests.conftest import ROOT, html_pages, run_build

FORK = {
    "FOOTNOTES_SITE_URL": "https://someone.github.io/footnotes-fork/",
    "FOOTNOTES_REPO_URL": "https://github.com/someone/footnotes-fork",
    "FOOTNOTES_REPO_NAME": "someone/footnotes-fork",
}


@pytest.mark.parametrize("repo, edit, history, issue", [
    ("https://github.com/a/b", "https://github.com/a/b/edit/main/docs/x.md",
     "https://github.com/a/b/commits/main/docs/x.md", "https://github.com/a/b/issues/new?title="),
    ("https://gitlab.com/a/b", "https://gitlab.com/a/b/-/edit/main/docs/x.md",
     "https://gitlab.com/a/b/-/commits/main/docs/x.md", "https://gitlab.com/a/b/-/issues/new?issue%5Btitle%5D="),
    ("https://codeberg.org/a/b/", "https://codeberg.org/a/b/_edit/main/docs/x.md",
     "https://codeberg.org/a/b/commits/branch/main/docs/x.md", "https://codeberg.org/a/b/issues/new?title="),
])
def test_each_forge_gets_its_own_addresses(repo, edit, history, issue):
    f = Forge(repo)
    assert f.edit("x.md") == edit
    assert f.history("x.md") == history
    assert f.new_issue("T", "B").startswith(issue)


def test_a_set_edit_uri_is_used_for_the_data_file_link_too():
    """FOOTNOTES_EDIT_URI moves MkDocs' own edit link; the data-file link
    (macros/hooks.py) is made from the same setting."""
    f = Forge("https://github.com/a/b", edit_path="edit/dev/site/docs/")
    assert f.edit("data/guide.yml") == "https://github.com/a/b/edit/dev/site/docs/data/guide.yml"


@pytest.fixture(scope="module")
def fork_site(tmp_path_factory):
    """The real guide built as a fork on GitHub would build it."""
    out = tmp_path_factory.mktemp("fork") / "site"
    old = {k: os.environ.get(k) for k in FORK}
    os.environ.update(FORK)
    try:
        result = run_build(ROOT, out)
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_a_fork_sets_its_addresses_from_the_environment(fork_site):
    page = (fork_site / "routines" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://someone.github.io/footnotes-fork/routines/">' in page
    assert 'href="https://github.com/someone/footnotes-fork/edit/main/docs/routines.md"' in page
    assert 'href="https://github.com/someone/footnotes-fork/edit/main/docs/data/guide.yml"' in page
    assert 'href="https://github.com/someone/footnotes-fork/commits/main/docs/routines.md">Page history' in page
    assert "someone/footnotes-fork" in page and "codeberg" not in page
    # The handouts' printed address and QR code follow site_url.
    pdf = pypdf.PdfReader(fork_site / "handouts" / ho.pdf_name("desk-break", "a4"))
    text = " ".join(pdf.pages[0].extract_text().split())
    assert "someone.github.io/footnotes-fork/handouts/desk-break/" in text
    sitemap = (fork_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://someone.github.io/footnotes-fork/" in sitemap and "codeberg" not in sitemap


def test_a_repository_on_github_is_never_asked_for_its_stars(fork_site):
    """Material's script asks GitHub's API for stars and forks when it finds
    data-md-component="source"; overrides/partials/source.html leaves it out."""
    for path in html_pages(fork_site):
        html = path.read_text(encoding="utf-8")
        assert 'data-md-component="source"' not in html, path
        assert 'class="md-source"' in html, path  # the repository link itself stays
    assert "api.github.com" not in (fork_site / "index.html").read_text(encoding="utf-8")


def _links(html: str) -> dict[str, str]:
    block = re.search(r'<p class="fn-page-links">(.*?)</p>', html, re.S)
    assert block, "no page links"
    return {text: href.replace("&amp;", "&")
            for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', block.group(1))}


def test_every_page_links_to_its_history_and_to_a_problem_report(site):
    for path in html_pages(site):
        html = path.read_text(encoding="utf-8")
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)
        links = _links(html)
        src = path.relative_to(site).parent.as_posix()
        history = links["Page history"]
        if src.startswith("handouts/") and src != "handouts":
            assert history.endswith("/docs/data/guide.yml"), path  # made from the data file
        else:
            assert re.search(r"/docs/(" + re.escape(src) + r"(\.md|/index\.md)|index\.md)$", history), (path, history)
        report = urlsplit(links["Report a problem with this page"])
        query = parse_qs(report.query)
        assert report.path.endswith("/issues/new")
        assert query["title"][0].startswith("Problem with the page: ")
        assert f"Page: {canonical}" in query["body"][0]
        assert "do not share details about your own health" in query["body"][0]


def test_data_pages_offer_the_data_file_and_plain_pages_do_not(site):
    data_link = 'href="https://codeberg.org/footnotes/guide/_edit/main/docs/data/guide.yml"'
    for name in ("routines", "safety", "foot-techniques", "handouts/desk-break"):
        assert data_link in (site / name / "index.html").read_text(encoding="utf-8"), name
    for name in ("about", "editorial-policy"):
        assert data_link not in (site / name / "index.html").read_text(encoding="utf-8"), name


def test_home_page_lists_every_routine_from_the_data_file(site):
    from macros.loader import load_guide
    from macros.render import number_words
    from tests.conftest import DATA

    guide = load_guide(DATA)
    home = (site / "index.html").read_text(encoding="utf-8")
    for r in guide.data.routines:
        assert f'href="routines/#{r.id}">{r.title}</a>' in home, r.id
    assert f"has {number_words(len(guide.data.routines))} " in home


def test_the_policy_lists_each_inline_script_and_refuses_inline_handlers(tmp_path):
    import base64
    import hashlib

    from macros import headers

    (tmp_path / "a.html").write_text('<script>var a=1</script><script src="x.js"></script>'
                                     '<script type="application/json">{}</script>'
                                     '<td style="text-align: right;">1</td>'
                                     '<p data-style="z"\nstyle="color: red">', encoding="utf-8")
    policy = headers.policy(tmp_path)
    style_src = next(d for d in policy.split("; ") if d.startswith("style-src"))
    hashes = {base64.b64encode(hashlib.sha256(s.encode()).digest()).decode(): s
              for s in ("text-align: right;", "color: red", "z")}
    assert sorted(s for h, s in hashes.items() if h in style_src) == ["color: red", "text-align: right;"]
    digest = base64.b64encode(hashlib.sha256(b"var a=1").digest()).decode()
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src"))
    assert script_src == f"script-src 'self' 'sha256-{digest}'"  # JSON data is not a script
    assert "'unsafe-hashes'" in policy and "'unsafe-inline'" not in policy
    (tmp_path / "b.html").write_text('<button onclick="print()">x</button>', encoding="utf-8")
    with pytest.raises(headers.HeadersError, match="b.html has an inline event handler"):
        headers.policy(tmp_path)


def test_the_built_site_has_its_headers_file(site):
    from macros.headers import parse

    got = parse(site / "_headers")
    assert got["Referrer-Policy"] == "no-referrer"
    assert got["Content-Security-Policy"].startswith("default-src 'none'; script-src 'self' 'sha256-")
