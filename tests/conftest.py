"""Shared fixtures: one strict build of the real guide per test session, and
throw-away copies of the project for tests that break something on purpose."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from macros.handouts import cache_dir

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "docs" / "data" / "guide.yml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _site_url() -> str:
    """site_url as MkDocs reads it from mkdocs.yml (!ENV included)."""
    from macros.build import config

    return config(str(ROOT / "mkdocs.yml"))["site_url"]


SITE_URL = _site_url()


def run_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """`python -m macros build`, exactly as `make build` runs it."""
    # Copies of the project share the real PDF cache: PDFs are cached by
    # content, so a copy re-renders only the handouts its test changed.
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1",
               FOOTNOTES_PDF_CACHE=str(cache_dir()))
    return subprocess.run(
        [sys.executable, "-m", "macros", "build", "--site-dir", str(site_dir)],
        cwd=project, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real guide, built once with --strict into a temporary folder."""
    out = tmp_path_factory.mktemp("build") / "site"
    result = run_build(ROOT, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project (config, macros, overrides, docs) to break."""
    from macros.bench import copy_project

    return copy_project(tmp_path / "project")


def html_pages(site: Path) -> list[Path]:
    """The site's pages: not the 404 page, nor the handout builder's two
    sheets (make-a-handout/sheet-*.html), which are handouts, not pages."""
    return sorted(p for p in site.rglob("*.html")
                  if p.name != "404.html" and not p.name.startswith("sheet-"))


@pytest.fixture(scope="session")
def served(site):
    """The built site on 127.0.0.1 (a free port), for the browser tests,
    with the headers its _headers file sets (the security policy included),
    as a host that reads that file would send them."""
    import functools
    import http.server
    import threading

    from macros.headers import parse

    extra = parse(site / "_headers")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def end_headers(self):
            for name, value in extra.items():
                self.send_header(name, value)
            super().end_headers()

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from tests.browser import launch

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()
