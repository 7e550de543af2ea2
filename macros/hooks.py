"""MkDocs hooks (mkdocs.yml `hooks:`).

- One generated page per handout: adding a routine to the data file adds
  its handout page, with no other edit. The page body is a macro call, so
  mkdocs-macros renders it from the same Guide it loaded for this build.
- Index shared text once: each page's reference list, its safety-note boxes
  and its routine step tables repeat across pages, so search finds them on
  the Sources, Safety and technique pages only. This keeps the search index
  small. (A first visit does not load it: overrides/main.html holds that
  request until the reader starts to search.)
- Drop the indentation of the theme's HTML, which gzip does not fully undo.
- Store the search index as plain text: Material keeps each section's HTML
  tags and citation numbers in it, which a first search downloads for nothing.
- Ship the diagrams and our stylesheet without the indentation and comments
  of their sources, and drop the theme's CSS rules that cannot match any
  page (macros/slim.py).
"""

from __future__ import annotations

import html as html_lib
import json
import re
import sys
from pathlib import Path

import yaml
from mkdocs.structure.files import File, Files

# MkDocs loads a hook by file path; make the `macros` package importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros import SAFETY_PAGE  # noqa: E402
from macros.slim import slim_site  # noqa: E402

def handout_page_source(h, reviewed, next_review) -> str:
    """A generated handout page: front matter written by a YAML serializer
    (so a quote or backslash in a title stays as it is), then the macro call."""
    meta = {
        "title": f"{h.title} (printable handout)",
        "description": f"A one-page handout to print or save as a PDF: {h.title}.",
        "reviewed": reviewed,
        "next_review": next_review,
        "search": {"exclude": True},
    }
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{front}---\n\n{{{{ handout_page({json.dumps(h.id)}) }}}}\n"


def on_files(files: Files, config) -> Files:
    macros = config.plugins["macros"]  # define_env has loaded the guide
    info = macros.footnotes_guide.data.guide
    for h in macros.footnotes_handouts.values():
        content = handout_page_source(h, info.reviewed, info.next_review)
        files.append(File.generated(config, f"handouts/{h.id}.md", content=content))
    return files


def on_page_content(html: str, page, config, files) -> str:
    html = html.replace('<div class="footnote">', '<div class="footnote" data-search-exclude>')
    # A routine's step table repeats technique names and cues that search
    # already finds on the technique pages.
    html = re.sub(r'<table>(?=\s*<thead>\s*<tr>\s*<th[^>]*>Step<span class="fn-steps">)',
                  "<table data-search-exclude>", html)
    if page.file.src_uri != SAFETY_PAGE:
        html = html.replace('<div class="admonition ', '<div data-search-exclude class="admonition ')
    return html


def on_post_page(output: str, page, config) -> str:
    if "<pre" in output or "<textarea" in output:  # whitespace matters there
        return output
    return re.sub(r"\n[ \t]+", "\n", output)


def on_post_build(config) -> None:
    site = Path(config["site_dir"])
    for svg in (site / "images").glob("*.svg"):
        text = re.sub(r"<!--.*?-->", "", svg.read_text(encoding="utf-8"), flags=re.S)
        svg.write_text(re.sub(r">\s+<", "><", text).strip() + "\n", encoding="utf-8")
    for css in (site / "stylesheets").glob("*.css"):
        text = re.sub(r"/\*.*?\*/", "", css.read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r"\s*([{};,>])\s*", r"\1", " ".join(text.split()))
        css.write_text(text.strip() + "\n", encoding="utf-8")
    slim_site(site)
    index = site / "search" / "search_index.json"
    if not index.exists():
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    for doc in data.get("docs", []):
        text = re.sub(r"<sup[^>]*>.*?</sup>", "", doc.get("text", ""), flags=re.S)
        text = html_lib.unescape(re.sub(r"<[^>]+>", " ", text))
        doc["text"] = html_lib.escape(" ".join(text.split()), quote=False)
    index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
