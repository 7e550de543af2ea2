"""MkDocs hook: one generated page per handout (mkdocs.yml `hooks:`).

Adding a routine to the data file adds its handout page here, with no
other edit. The page body is a macro call, so mkdocs-macros renders it
from the same Guide it loaded for this build.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.structure.files import File, Files

# MkDocs loads a hook by file path; make the `macros` package importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros.handouts import handouts  # noqa: E402

PAGE = """---
title: "{title} (printable handout)"
description: "A one-page handout to print or save as a PDF: {title}."
reviewed: {reviewed}
next_review: {next_review}
---

{{{{ handout_page("{id}") }}}}
"""


def on_files(files: Files, config) -> Files:
    guide = config.plugins["macros"].footnotes_guide
    info = guide.data.guide
    for h in handouts(guide):
        title = h.title.replace('"', "'")
        content = PAGE.format(title=title, id=h.id, reviewed=info.reviewed.isoformat(),
                              next_review=info.next_review.isoformat())
        files.append(File.generated(config, f"handouts/{h.id}.md", content=content))
    return files
