"""Markdown slips that Markdown builds silently: an unclosed bold, a table
swallowed by a list, a skipped heading level. Each fails the strict build
with one message naming the page, the line and the fix."""

from __future__ import annotations

import markdown
import pytest

from macros.slips import slips
from tests.conftest import run_build

PAGE = """---
title: A test page
reviewed: 2026-11-22
next_review: 2027-11-22
---

# A test page

{body}
"""

EXTENSIONS = ["tables", "attr_list", "md_in_html", "toc"]


def found(body: str) -> list[tuple[int | None, str]]:
    source = PAGE.format(body=body)
    html = markdown.markdown(source.split("---\n", 2)[2], extensions=EXTENSIONS)
    return list(slips(html, source))


def test_clean_markdown_has_no_slips():
    assert found("Some **bold** text.\n\n## Part\n\n### Sub\n\n"
                 "| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nx ** y | --- |\n```\n") == []


def test_an_unclosed_bold_names_its_line():
    (line, message), = found("Intro.\n\nPress **gently on the sole.\n")
    assert line == 11 and "'**' is not closed" in message and "before 'gently on the'" in message


def test_a_table_swallowed_by_a_list_names_its_line():
    body = "1. Step one\n| Name | What |\n|---|---|\n| A | B |\n"
    (line, message), = found(body)
    assert line == 10 and "shows as plain text with '|' marks" in message
    assert "Leave a blank line before the table" in message


def test_a_skipped_heading_level_names_its_line():
    (line, message), = found("## Part\n\nText.\n\n#### Detail\n\nMore.\n")
    assert line == 13 and "'Detail' is level 4" in message and "Use ### instead" in message


def test_each_slip_fails_the_strict_build_with_file_and_line(project, tmp_path):
    page = project / "docs" / "about.md"
    text = page.read_text(encoding="utf-8")
    text = text.replace("## Who writes the guide\n", "#### Who writes the guide\n", 1)
    text = text.replace("The Footnotes editors write", "The **Footnotes editors write", 1)
    page.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    heading = lines.index("#### Who writes the guide") + 1
    bold = next(i for i, l in enumerate(lines, 1) if "**Footnotes editors" in l)
    site = tmp_path / "site"
    result = run_build(project, site)
    out = result.stdout + result.stderr
    assert result.returncode != 0 and not site.exists()
    assert "Traceback" not in out
    assert f"docs/about.md:{heading}: the heading 'Who writes the guide' is level 4" in out
    assert f"docs/about.md:{bold}: a bold mark '**' is not closed" in out
