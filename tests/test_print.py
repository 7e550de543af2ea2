"""Printing an ordinary page from the browser (Ctrl+P): the content, the
page address and review date, and none of the site's navigation."""

from __future__ import annotations

import io

import pypdf
import pytest

from tests.conftest import SITE_URL

pytestmark = pytest.mark.browser


def test_content_page_prints_without_navigation(served, browser):
    page = browser.new_page()
    page.goto(f"{served}/calf-and-leg/", wait_until="load")
    heading = page.locator("article h1").inner_text().replace("¶", "").strip()
    pdf = page.pdf(format="A4", print_background=True)
    page.close()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert heading in text
    assert "Last reviewed:" in text and "Next review due:" in text
    assert SITE_URL.split("://")[1] + "calf-and-leg/" in text
    # Navigation, header and footer text must not print.
    for nav_only in ("About this guide", "Printable handouts", "Skip to content",
                     "Made with", "Back to top"):
        assert nav_only not in text, nav_only
    # The diagram prints.
    assert any("/XObject" in (p.get("/Resources") or {}) for p in reader.pages)
