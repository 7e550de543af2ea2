"""The guide's macros, registered with mkdocs-macros (mkdocs.yml: module_name: macros).

- `define_env` registers the macros of pages.py, and `changes()` for the
  What changed page (changelog.py), each guarded so that an editor's
  mistake becomes a plain message with the page and line.
- `on_pre_page_macros` points the macros at the page about to render,
  compiles it (templates.py: once, then from the cache) and finds Jinja
  syntax errors before the plugin would stop on them.
- `on_post_page_macros` appends the page's reference list.

The build's shared state (the guide, page states, problems) is the Site of
this build's config (site.py); the MkDocs hooks (hooks.py) use the same one.
"""

from __future__ import annotations

import os

import jinja2

from . import changelog, templates
from .errors import guarded, recording_undefined, syntax_problem
from .pages import page_macros
from .site import DATA_FILE, SAFETY_PAGE, Site, location  # noqa: F401 (re-exported)


def define_env(env) -> None:
    site = Site.of(env.conf)  # reads and checks docs/data/guide.yml, once per build

    def here():
        return site.page(*location(env.page))

    def report(line, message):
        src_uri, url = location(env.page)
        offset = site.page(src_uri, url).offset
        site.problem(src_uri, line + offset if line else None, message)

    macros = page_macros(site.guide, site.handouts, here)
    def uses_data():
        here().uses_data = True

    for name, func in macros.items():
        env.macro(guarded(name, func, report, None if name in CITING else uses_data), name)

    def changes() -> str:
        """The "What changed" page's notes, from CHANGELOG.md (macros/changelog.py)."""
        entries, problems = changelog.read(os.path.dirname(env.conf["config_file_path"]))
        site.problems.extend(problems)
        return changelog.markdown(entries)

    env.macro(guarded("changes", changes, report), "changes")
    site.report = report
    site.undefined = recording_undefined(report, [*macros, "changes"])


# Macros that only number a citation; every other one puts text from the
# data file on the page, and that page's "Edit" links also offer the data file.
CITING = {"cite"}


def on_pre_page_macros(env) -> None:
    site = Site.of(env.conf)
    page = env.page
    site.page(page.file.src_uri, page.url, body=env.markdown, raw=page.file.content_string)
    env.env.undefined = site.undefined  # the plugin builds its Jinja environment after define_env
    try:
        template = templates.compile_page(env.env, page.file.src_uri, env.markdown)
    except jinja2.TemplateSyntaxError as err:
        site.report(err.lineno, syntax_problem(err))
        env.markdown = ""  # nothing left for the plugin to stop on
        return
    templates.hand_over(env.env, env.markdown, template)


def on_post_page_macros(env) -> None:
    site = Site.of(env.conf)
    env.markdown += site.page(env.page.file.src_uri).footnotes()
