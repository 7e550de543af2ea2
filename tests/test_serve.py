"""The live preview (`python -m macros serve`, run by `make serve`): every edit
shows, a mistake is shown on the page instead of hanging the server, and the
preview recovers by itself once the mistake is fixed.

Each test waits for a condition by polling the served page (with a generous
limit, so a slow machine is not a failure); the checks are on what is served.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from macros.bench import free_port
from macros.handouts import cache_dir

LIMIT = 60  # seconds; a guard against hanging, not a speed check


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=LIMIT) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")


def until(url: str, check, what: str) -> str:
    """The page once `check(body)` is true; fails naming `what` after LIMIT seconds."""
    deadline = time.monotonic() + LIMIT
    body = ""
    while time.monotonic() < deadline:
        try:
            status, body = fetch(url)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            status = 0
        if status == 200 and check(body):
            return body
        time.sleep(0.1)
    raise AssertionError(f"the preview never showed {what}; last page:\n{body[:2000]}")


@pytest.fixture
def preview(project):
    port = free_port()
    env = dict(os.environ, FOOTNOTES_PDF_CACHE=str(cache_dir()))  # share rendered PDFs
    process = subprocess.Popen(
        [sys.executable, "-m", "macros", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        until(base, lambda body: "Footnotes" in body, "the home page")
        yield project, base
    finally:
        process.terminate()
        try:
            output = process.communicate(timeout=30)[0]
        except subprocess.TimeoutExpired:
            process.kill()
            output = process.communicate()[0]
        assert "Traceback" not in output, output


def edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def test_an_edit_to_the_macro_code_shows_not_the_old_output(preview):
    project, base = preview
    until(base + "routines/", lambda b: "Total, one" in b, "the routine totals")
    edit(project / "macros" / "render.py", "**Total, one {r.per_side}**",
         "**Sum for one {r.per_side}**")
    page = until(base + "routines/", lambda b: "Sum for one" in b, "the edited macro's output")
    assert "Total, one" not in page


def test_a_page_edit_and_a_data_edit_both_show(preview):
    project, base = preview
    edit(project / "docs" / "about.md", "# About this guide", "# About this guide, edited")
    until(base + "about/", lambda b: "About this guide, edited" in b, "the page edit")
    edit(project / "docs" / "data" / "guide.yml", "Thumb circles", "Thumb rings")
    page = until(base + "routines/", lambda b: "Thumb rings" in b, "the data-file edit")
    assert "Thumb circles" not in page


def test_a_broken_data_file_is_shown_on_the_page_and_the_preview_recovers(preview):
    project, base = preview
    data = project / "docs" / "data" / "guide.yml"
    good = edit(data, "level: do-not", "level: never")
    line = good[: good.index("level: do-not")].count("\n") + 1
    page = until(base + "safety/", lambda b: "did not build" in b, "the data-file error")
    # The last good page is still there, with the plain message on top.
    assert "Safety first" in page
    message = re.search(r'<pre[^>]*>(.*?)</pre>', page, re.S).group(1)
    assert f"docs/data/guide.yml:{line}:" in message and "&#x27;never&#x27; is not allowed" in message
    assert "Traceback" not in page
    data.write_text(good, encoding="utf-8")
    until(base + "safety/", lambda b: "did not build" not in b and "Safety first" in b,
          "the page again after the fix")


def test_a_bad_macro_in_a_page_is_shown_with_file_and_line(preview):
    project, base = preview
    page_file = project / "docs" / "aftercare.md"
    good = page_file.read_text(encoding="utf-8")
    page_file.write_text(good + '\n{{ safety_note("dvtt") }}\n', encoding="utf-8")
    line = len(good.splitlines()) + 2
    page = until(base + "aftercare/", lambda b: "did not build" in b, "the macro error")
    assert f"docs/aftercare.md:{line}: safety_note(&#x27;dvtt&#x27;)" in page
    # Every other page answers too, and says the same.
    assert "did not build" in until(base + "safety/", lambda b: "did not build" in b, "the error")
    page_file.write_text(good, encoding="utf-8")
    until(base + "aftercare/", lambda b: "did not build" not in b, "the page after the fix")


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=LIMIT) as response:
            return response.status if response.read(5) == b"%PDF-" else -1
    except urllib.error.HTTPError as err:
        return err.code


def test_handout_pdfs_arrive_after_the_page_and_survive_a_page_edit(preview):
    """PDFs are made in the background once saves stop, and kept (not re-made)
    across an edit that cannot change them."""
    from macros.handouts import SIZES, handouts, pdf_name
    from macros.loader import load_guide

    project, base = preview
    names = [pdf_name(h.id, size) for h in handouts(load_guide(project / "docs" / "data" / "guide.yml"))
             for size in SIZES]
    deadline = time.monotonic() + LIMIT
    while status(base + "handouts/" + names[-1]) != 200 and time.monotonic() < deadline:
        time.sleep(0.2)  # the last one written
    assert [n for n in names if status(base + "handouts/" + n) != 200] == []
    edit(project / "docs" / "about.md", "# About this guide", "# About this guide, again")
    until(base + "about/", lambda b: "About this guide, again" in b, "the page edit")
    assert [n for n in names if status(base + "handouts/" + n) != 200] == []


def test_an_unchanged_page_is_not_converted_again_and_a_broken_link_is_reported_each_time(
        project, tmp_path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    from macros.serve import RenderCache

    cache = RenderCache()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

    def once(n: int) -> str:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / f"s{n}"))
        with cache.installed(config):
            build(config)
        return (tmp_path / f"s{n}" / "about" / "index.html").read_text(encoding="utf-8")

    first = once(1)
    assert cache.hits == 0
    pages = len(cache.kept)
    assert once(2) == first and cache.hits == pages  # every page reused, the same HTML
    about = project / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8").replace(
        "About this guide", "About this guide, edited", 1), encoding="utf-8")
    assert "About this guide, edited" in once(3) and cache.hits == 2 * pages - 1
    about.write_text(about.read_text(encoding="utf-8") + "\n[Gone](no-such-page.md)\n",
                     encoding="utf-8")
    for n in (4, 5):  # strict: the broken link stops every build, not only the first
        with pytest.raises(Abort):
            once(n)
