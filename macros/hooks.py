"""MkDocs hooks (mkdocs.yml `hooks:`): what the macros cannot do from a page.

- One generated page per handout: adding a routine to the data file adds
  its handout page with no other edit. Its body is a macro call.
- Every page's front matter says what it is and when it is due for review.
- Editor mistakes end the build with one message, after every page has been
  read and before MkDocs writes pages or checks anchors. MkDocs' own
  warnings about links and the navigation gain the file, line and fix
  (macros/located.py).
- Shared text is indexed once: reference lists, safety-note boxes and
  routine step tables repeat across pages, so search finds them only on the
  Sources, Safety and technique pages. The index is stored as plain text.
  (A first visit does not load it: overrides/main.html holds that request
  until the reader starts to search.)

The build's shared state is the Site of this config (macros/site.py).
"""

from __future__ import annotations

import html as html_lib
import json
import logging
import re
import sys
from pathlib import Path

import jinja2
import yaml
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

# MkDocs loads a hook by file path; make the `macros` package importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros import builder, fonts, frontmatter, headers, located, player, slips  # noqa: E402
from macros import handouts as handouts_mod  # noqa: E402
from macros.forge import Forge, report_body  # noqa: E402
from macros.site import DATA_FILE, SAFETY_PAGE, Site  # noqa: E402


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


def forge(config) -> Forge | None:
    if not config.get("repo_url"):
        return None
    return Forge(config["repo_url"], (config.get("extra") or {}).get("branch") or "main",
                 edit_path=config.get("edit_uri") or "")


def on_config(config):
    """An empty edit_uri (the default, FOOTNOTES_EDIT_URI unset) follows the
    repository's forge, so a fork on GitHub or GitLab needs one setting only."""
    located.install(config["docs_dir"], config["config_file_path"])
    f = forge(config)
    if f is not None and not config.get("edit_uri"):
        config["edit_uri"] = f.edit_uri()
    return config


def on_page_context(context, page, config, nav):
    """Links for the foot of each page (overrides/main.html), and, on a page
    whose content comes from the data file, a second edit link to that file."""
    f = forge(config)
    if f is None:
        return context
    src = page.file.src_uri
    generated = page.file.generated_by is not None
    state = Site.of(config).pages.get(src)
    context["fn_links"] = {
        "history": f.history(DATA_FILE if generated else src),
        "report": f.new_issue(f"Problem with the page: {page.title}",
                              report_body(page.canonical_url or page.abs_url or src)),
        "edit_data": f.edit(DATA_FILE) if (generated or (state and state.uses_data)) else "",
    }
    return context


def on_startup(command, dirty) -> None:
    if command == "serve":
        logging.getLogger("mkdocs.footnotes").warning(
            "Plain `mkdocs serve` keeps old macros/ code after an edit and stops answering "
            "while the build is broken. Use `make serve` (python -m macros serve) instead.")


def on_files(files: Files, config) -> Files:
    site = Site.of(config)
    info = site.guide.data.guide
    for h in site.handouts.values():
        content = handout_page_source(h, info.reviewed, info.next_review)
        files.append(File.generated(config, f"handouts/{h.id}.md", content=content))
    # The handout builder's sheets, from the handouts' own template and
    # stylesheet, and the font they use (macros/builder.py).
    printer = handouts_mod.Printer.shared()
    for size in handouts_mod.SIZES:
        files.append(File.generated(config, builder.SHEET.format(size=size),
                                    content=builder.sheet(site.guide, site.site_url, size, printer)))
    for font in sorted((handouts_mod.ASSETS / "fonts").iterdir()):
        files.append(File.generated(config, f"{builder.FOLDER}/fonts/{font.name}",
                                    abs_src_path=str(font)))
        if font.suffix == ".woff":  # and its cut-down face (macros/fonts.py)
            files.append(File.generated(config, f"{builder.FOLDER}/fonts/{fonts.basic_name(font)}",
                                        content=fonts.basic(font)))
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    site = Site.of(config)
    for line, message in frontmatter.problems(page.meta or {}, page.file.content_string):
        site.problem(page.file.src_path, line, message)
    return markdown


def on_env(env, config, files):
    Site.of(config).raise_problems()
    # The theme's templates compile to the same code every build: keep it
    # (Jinja checks each template's source, so an edit recompiles it).
    cache = Path(config["config_file_path"] or ".").resolve().parent / ".cache" / "jinja"
    cache.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache))
    return env


def on_page_content(html: str, page, config, files) -> str:
    site = Site.of(config)
    if page.file.generated_by is None:
        for line, message in slips.slips(html, page.file.content_string):
            site.problem(page.file.src_path, line, message)
    html = html.replace('<div class="footnote">', '<div class="footnote" data-search-exclude>')
    # A routine's step table repeats technique names and cues that search
    # already finds on the technique pages.
    html = re.sub(r'<table>(?=\s*<thead>\s*<tr>\s*<th[^>]*>Step<span class="fn-steps">)',
                  "<table data-search-exclude>", html)
    if page.file.src_uri != SAFETY_PAGE:
        html = html.replace('<div class="admonition ', '<div data-search-exclude class="admonition ')
    state = site.pages.get(page.file.src_uri)
    if state is None:
        return html
    href = lambda path: _href(path, page, files)  # noqa: E731
    scripts: tuple[str, ...] = ()
    if state.routines:
        # The routine player: its data, then its script, only on pages that
        # have a routine. (Material's instant navigation loads a script found
        # in a new page's content, so the player comes with the first such page.)
        html += player.element(player.page_data(site.guide, state.routines, href))
        scripts = (player.SCRIPT,)
    elif state.custom_player:
        # A routine from a handout made in the builder: every technique and note.
        data = player.page_data(site.guide, [r.id for r in site.guide.data.routines], href,
                                every=True)
        data["custom"] = builder.shared_data(site.guide, site.site_url)
        html += player.element(data)
        scripts = (*builder.PLAY_SCRIPTS, player.SCRIPT)
    elif state.builder:
        html += player.json_element(builder.ELEMENT_ID, "json",
                                    builder.builder_data(site.guide, href, site.site_url))
        scripts = builder.SCRIPTS
    return html + "".join(f'\n<script src="{href(s)}" defer></script>' for s in scripts)


def _href(path: str, page, files) -> str:
    """A file under docs/ (or a page, given as its folder) as an address from `page`."""
    if path.endswith("/"):
        target = files.get_file_from_path(path.rstrip("/") + ".md")
        path = target.url if target is not None else path
    return get_relative_url(path, page.url)


def on_post_build(config) -> None:
    """The security headers file, then the search index as plain text."""
    try:
        headers.write(Path(config["site_dir"]))
    except headers.HeadersError as err:
        raise PluginError(str(err)) from None
    _plain_search_index(config)


def _plain_search_index(config) -> None:
    """Material keeps each section's HTML and citation numbers in the search
    index, which a first search downloads for nothing: keep the text only."""
    index = Path(config["site_dir"]) / "search" / "search_index.json"
    if not index.exists():
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    for doc in data.get("docs", []):
        text = re.sub(r"<sup[^>]*>.*?</sup>", "", doc.get("text", ""), flags=re.S)
        text = html_lib.unescape(re.sub(r"<[^>]+>", " ", text))
        doc["text"] = html_lib.escape(" ".join(text.split()), quote=False)
    index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
