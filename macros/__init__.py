"""The macros editors write in pages, for mkdocs-macros (module_name: macros).

The data file is loaded and checked once per build, in define_env. Each
macro is a thin wrapper over a function in render.py. See CONTRIBUTING.md
for how to call them.
"""

from __future__ import annotations

import logging
import os
import posixpath
from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError

from . import frontmatter, handouts, render
from .errors import BuildErrors, MacroError, guard_templates, wrap_macro
from .guide import Guide
from .loader import GuideDataError, load_guide
from .model import LEVELS, NOTE_TOPICS

LOG = logging.getLogger("mkdocs.footnotes")
DATA_FILE = os.path.join("data", "guide.yml")
SAFETY_PAGE = "safety.md"


class PageState:
    """What the page being rendered has used: sources cited (in order of
    first use) and safety notes already given an anchor."""

    def __init__(self, guide: Guide, src_uri: str = "index.md"):
        self.guide = guide
        self.src_uri = src_uri
        self.ids: list[str] = []
        self.anchored: set[str] = set()

    def anchor(self, note_id: str) -> str:
        if note_id in self.anchored:
            return ""
        self.anchored.add(note_id)
        return f'<span id="note-{note_id}"></span>'

    def md_href(self, target: str) -> str:
        """A Markdown link to another source file, relative to this page's source."""
        return posixpath.relpath(target, posixpath.dirname(self.src_uri) or ".")

    def site_href(self, name: str) -> str:
        """Raw address of a file written to site/handouts/, from this page's URL
        (with directory URLs, foo.md is served from the folder foo/)."""
        here = posixpath.dirname(self.src_uri)
        if not self.src_uri.endswith("index.md"):
            here = posixpath.join(here, posixpath.splitext(posixpath.basename(self.src_uri))[0])
        return posixpath.relpath(f"handouts/{name}", here or ".")

    def handout_href(self, handout_id: str) -> str:
        return self.md_href(f"handouts/{handout_id}.md")

    def link(self, note_id: str) -> str:
        """The note's address on the safety page."""
        return self.md_href(SAFETY_PAGE) + f"#note-{note_id}"

    def __call__(self, ids: list[str]) -> str:
        for i in ids:
            self.guide.source(i)  # raises UnknownId for a bad id
            if i not in self.ids:
                self.ids.append(i)
        return render.footnote_refs(ids)


def load(docs_dir: str) -> Guide:
    shown = os.path.join(os.path.basename(docs_dir.rstrip("/")), DATA_FILE)
    try:
        return load_guide(os.path.join(docs_dir, DATA_FILE), shown)
    except GuideDataError as err:
        count = len(err.problems)
        head = f"{count} problem{'s' if count > 1 else ''} in {shown}:"
        raise PluginError("\n".join([head, *err.problems])) from None


def _choice(call: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise MacroError(call, f"'{value}' is not one of: {', '.join(allowed)}.")
    return value


def define_env(env) -> None:
    guide = load(env.conf["docs_dir"])
    env.footnotes_guide = guide
    # Made once per build; the handout pages (hooks.py), macros and PDFs share it.
    all_handouts = {h.id: h for h in handouts.handouts(guide)}
    env.footnotes_handouts = all_handouts
    errors = BuildErrors(env.conf["docs_dir"])
    env.footnotes_errors = errors
    env.footnotes_page = PageState(guide)
    # The page state changes with each page; these always reach the current one.
    cite = lambda ids: env.footnotes_page(list(ids))  # noqa: E731
    anchor = lambda note_id: env.footnotes_page.anchor(note_id)  # noqa: E731
    link = lambda note_id: env.footnotes_page.link(note_id)  # noqa: E731
    shown = lambda note_id: note_id in env.footnotes_page.anchored  # noqa: E731

    def safety_note(id):
        """One safety note, as an admonition."""
        return render.note(guide.note(id), cite, anchor)

    def safety_notes(area=None, level=None):
        """All notes, or those for an area/topic and/or at a level, most serious first."""
        items = list(guide.data.safety_notes)
        if area is not None:
            _choice(f"safety_notes(area={area!r})", area, NOTE_TOPICS)
            items = guide.notes_for(area)
        if level is not None:
            _choice(f"safety_notes(level={level!r})", level, LEVELS)
            items = [n for n in items if n.level == level]
        if not items:
            raise MacroError(f"safety_notes(area={area!r}, level={level!r})",
                             "no safety note matches.")
        return render.notes(items, cite, anchor)

    def get_help(*topics):
        """Every get-help note for these areas or topics, most urgent first."""
        if not topics:
            raise MacroError("get_help()", "name at least one area, like get_help(\"foot\").")
        for topic in topics:
            _choice(f"get_help({topic!r})", topic, NOTE_TOPICS)
        return render.notes(guide.get_help(topics), cite, anchor)

    def routine_table(id):
        """The step table of a routine, with its total."""
        return render.routine_table(guide, guide.routine(id), env.footnotes_page.md_href)

    def routine(id):
        """A whole routine: key message, who, when, time, table and notes."""
        return render.routine(guide, guide.routine(id), cite, anchor, shown,
                              env.footnotes_page.handout_href(id), env.footnotes_page.md_href)

    def routine_total(id):
        """The routine's time in words, e.g. '4 minutes each leg, 8 minutes in all'."""
        return render.total_phrase(guide, guide.routine(id))

    def all_routines(heading_level=2):
        """Every routine in the data file, each under its own heading."""
        marks = "#" * heading_level
        return "\n\n".join(f"{marks} {render.esc(r.title)} {{ #{r.id} }}\n\n{routine(r.id)}"
                             for r in guide.data.routines)

    def technique(id):
        """What a technique is for, its numbered steps, pressure, time and cautions."""
        return render.technique(guide, guide.technique(id), cite, link,
                                env.footnotes_page.md_href)

    def technique_steps(id):
        """Only the numbered steps of a technique."""
        return render.technique_steps(guide.technique(id))

    def cite_(*ids):
        """Footnote references to sources; the list appears at the foot of the page."""
        if not ids:
            raise MacroError("cite()", "name at least one source id.")
        return cite(ids)

    def handout_page(id):
        """A handout's page: download and print actions, then its content."""
        if id not in all_handouts:
            raise MacroError(f"handout_page({id!r})", f"there is no handout '{id}'.",
                             "Handouts: " + ", ".join(all_handouts) + ".")
        return handouts.page_markdown(all_handouts[id], env.footnotes_page.site_href, cite, anchor,
                                      env.footnotes_page.md_href)

    def safety_check():
        """The intake questions from the safety-check handout, for a page."""
        # The same questions as the handout; search finds their notes on the Safety page.
        body = handouts.checks_markdown(all_handouts["safety-check"], heading="###")
        return f"<div data-search-exclude markdown>\n\n{body}\n\n</div>"

    def handout_list():
        """Every handout with links to its page and both PDF sizes."""
        return handouts.list_markdown(list(all_handouts.values()), env.footnotes_page.site_href,
                                      env.footnotes_page.handout_href)

    def source_list():
        """Every source in the data file, with an anchor for each id."""
        return render.source_list(list(guide.data.sources))

    def dose_table():
        """How long and how hard for each body area, from the routines."""
        return render.dose_table(guide)

    macros = {
        "safety_note": safety_note, "safety_notes": safety_notes, "get_help": get_help,
        "dose_table": dose_table,
        "routine_table": routine_table, "routine": routine,
        "routine_total": routine_total, "all_routines": all_routines,
        "technique": technique, "technique_steps": technique_steps,
        "cite": cite_, "source_list": source_list,
        "handout_page": handout_page, "handout_list": handout_list,
        "safety_check": safety_check,
    }
    for name, func in macros.items():
        env.macro(wrap_macro(name, func), name)
    errors.names = list(macros)


def on_pre_page_macros(env) -> None:
    # The plugin makes its Jinja environment after define_env has run.
    guard_templates(env.env, env.footnotes_errors, lambda: env.page)
    env.footnotes_page = PageState(env.footnotes_guide, env.page.file.src_uri)
    env.footnotes_errors_before = len(env.footnotes_errors.messages)
    raw = env.page.file.content_string
    for line, message in frontmatter.problems(env.page.meta or {}, raw):
        env.footnotes_errors.add(env.page, line, message)
    try:
        env.env.parse(env.markdown)
    except jinja2.TemplateSyntaxError as err:
        env.footnotes_errors.record(err, env.page)
        env.markdown = ""  # nothing left for the plugin to fail on


def on_post_page_macros(env) -> None:
    if len(env.footnotes_errors.messages) > env.footnotes_errors_before:
        return  # the page failed; its error is reported when the build ends
    cited = [env.footnotes_guide.source(i) for i in env.footnotes_page.ids]
    if cited:
        env.markdown += "\n\n" + render.footnote_defs(cited)


def on_post_build(env) -> None:
    env.footnotes_errors.raise_if_any()
    site_dir = Path(env.conf["site_dir"])
    cache = Path(env.conf["config_file_path"]).resolve().parent / ".cache" / "handouts"
    try:
        stats = handouts.build_pdfs(env.footnotes_guide, env.conf["site_url"],
                                    site_dir / "handouts", cache,
                                    list(env.footnotes_handouts.values()))
    except handouts.HandoutError as err:
        raise PluginError(str(err)) from None
    LOG.info("Handout PDFs: %d rendered, %d unchanged (reused from %s); %d with step pictures",
             len(stats.rendered), len(stats.reused), cache, len(stats.with_pictures))
