"""MkDocs hooks (mkdocs.yml `hooks:`).

- One generated page per handout: adding a routine to the data file adds
  its handout page, with no other edit. The page body is a macro call, so
  mkdocs-macros renders it from the same Guide it loaded for this build.
- Index shared text once: each page's reference list and its safety-note
  boxes repeat across pages, so search finds them on the Sources and Safety
  pages only. This keeps the search index, loaded on a first visit, small.
- Drop the indentation of the theme's HTML, which gzip does not fully undo.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from mkdocs.structure.files import File, Files

# MkDocs loads a hook by file path; make the `macros` package importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros import SAFETY_PAGE  # noqa: E402

PAGE = """---
title: "{title} (printable handout)"
description: "A one-page handout to print or save as a PDF: {title}."
reviewed: {reviewed}
next_review: {next_review}
search:
  exclude: true
---

{{{{ handout_page("{id}") }}}}
"""


def on_files(files: Files, config) -> Files:
    macros = config.plugins["macros"]  # define_env has loaded the guide
    info = macros.footnotes_guide.data.guide
    for h in macros.footnotes_handouts.values():
        title = h.title.replace('"', "'")
        content = PAGE.format(title=title, id=h.id, reviewed=info.reviewed.isoformat(),
                              next_review=info.next_review.isoformat())
        files.append(File.generated(config, f"handouts/{h.id}.md", content=content))
    return files


def on_page_content(html: str, page, config, files) -> str:
    html = html.replace('<div class="footnote">', '<div class="footnote" data-search-exclude>')
    if page.file.src_uri != SAFETY_PAGE:
        html = html.replace('<div class="admonition ', '<div data-search-exclude class="admonition ')
    return html


def on_post_page(output: str, page, config) -> str:
    if "<pre" in output or "<textarea" in output:  # whitespace matters there
        return output
    return re.sub(r"\n[ \t]+", "\n", output)
