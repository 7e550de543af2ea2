"""What one build shares: the guide, its handouts, each page's state, and
the editor mistakes found so far.

The macros (mkdocs-macros, `define_env`) and the hooks (mkdocs.yml `hooks:`)
both receive the same MkDocs config object; `Site.of(config)` gives both the
same Site for it, so the data file is read and checked once per build.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from . import handouts as handouts_mod
from . import render
from .guide import Guide
from .loader import GuideDataError, load_guide

DATA_FILE = "data/guide.yml"
SAFETY_PAGE = "safety.md"
# Checked guides, by a digest of the data file and the code that checks it.
GUIDE_CACHE = Path(__file__).resolve().parent.parent / ".cache" / "guide"


def load(docs_dir: str) -> Guide:
    """The checked guide, or a PluginError listing every problem in the file."""
    shown = f"{os.path.basename(os.path.normpath(docs_dir))}/{DATA_FILE}"
    try:
        return load_guide(os.path.join(docs_dir, DATA_FILE), shown, cache=GUIDE_CACHE)
    except GuideDataError as err:
        count = len(err.problems)
        head = f"{count} problem{'s' if count > 1 else ''} in {shown}:"
        raise PluginError("\n".join([head, *err.problems])) from None


def location(page) -> tuple[str, str]:
    """(path under docs/, URL) of the page being rendered: a MkDocs page has
    a File; a Zensical page has only a path."""
    file = getattr(page, "file", None)
    return (file.src_uri if file is not None else page.path), (page.url or "")


class PageState:
    """One page as the macros see it: where it is (for relative links), which
    sources it cites (in order of first use) and which notes have an anchor."""

    def __init__(self, guide: Guide, src_uri: str, url: str, offset: int = 0):
        self.guide, self.src_uri, self.url = guide, src_uri, url
        self.offset = offset  # lines above the body: front matter and blank lines
        self.ids: list[str] = []
        self.anchored: set[str] = set()
        self.uses_data = False  # a macro put data-file content on the page
        self.routines: list[str] = []  # routines the page's player can play (macros/player.py)
        self.builder = False  # the handout builder's page (macros/builder.py)
        self.custom_player = False  # plays a routine from its address (docs/play.md)

    def md_href(self, target: str) -> str:
        """A Markdown link to another source file (MkDocs turns it into a URL)."""
        return get_relative_url(target, self.src_uri)

    def site_href(self, name: str) -> str:
        """The address of a file the build writes to site/handouts/, from this page."""
        return get_relative_url(f"handouts/{name}", self.url or "./")

    def handout_href(self, handout_id: str) -> str:
        return self.md_href(f"handouts/{handout_id}.md")

    def link(self, note_id: str) -> str:
        """The note's address on the safety page."""
        return self.md_href(SAFETY_PAGE) + f"#note-{note_id}"

    def anchor(self, note_id: str) -> str:
        """An anchor for the note, the first time it appears on this page."""
        if note_id in self.anchored:
            return ""
        self.anchored.add(note_id)
        return f'<span id="note-{note_id}"></span>'

    def shown(self, note_id: str) -> bool:
        return note_id in self.anchored

    def cite(self, ids) -> str:
        for i in ids:
            self.guide.source(i)  # raises UnknownId for a bad id
            if i not in self.ids:
                self.ids.append(i)
        return render.footnote_refs(list(ids))

    def footnotes(self) -> str:
        """The reference list for the sources this page cited."""
        cited = [self.guide.source(i) for i in self.ids]
        return "\n\n" + render.footnote_defs(cited) if cited else ""


class Site:
    _current: tuple[object, Site] | None = None

    def __init__(self, docs_dir: str, site_url: str):
        self.docs_dir = docs_dir
        self.site_url = site_url
        self.guide = load(docs_dir)
        self.handouts = {h.id: h for h in handouts_mod.handouts(self.guide)}
        self.problems: list[str] = []
        self.pages: dict[str, PageState] = {}
        # Set by define_env: how a macro reports a mistake, and the Jinja
        # `undefined` type that reports a name or setting that does not exist.
        self.report = lambda line, message: None
        self.undefined: type | None = None

    @classmethod
    def of(cls, config) -> Site:
        """The Site of this build: made on first use, then shared."""
        if cls._current is None or cls._current[0] is not config:
            docs_dir = os.path.join(config.get("root_dir") or "", config["docs_dir"])
            cls._current = (config, cls(docs_dir, config.get("site_url") or ""))
        return cls._current[1]

    def page(self, src_uri: str, url: str = "", body: str | None = None,
             raw: str | None = None) -> PageState:
        """The state of a page; made when its macros are about to run."""
        if src_uri not in self.pages or body is not None:
            offset = 0
            if body is not None and raw is not None and raw.endswith(body):
                # MkDocs strips the front matter and the blank lines after it.
                offset = raw[: len(raw) - len(body)].count("\n")
            self.pages[src_uri] = PageState(self.guide, src_uri, url, offset)
        return self.pages[src_uri]

    def where(self, src_path: str, line: int | None) -> str:
        path = f"{os.path.basename(os.path.normpath(self.docs_dir))}/{src_path}"
        return f"{path}:{line}" if line else path

    def problem(self, src_path: str, line: int | None, message: str) -> None:
        self.problems.append(f"{self.where(src_path, line)}: {message}")

    def raise_problems(self) -> None:
        """One message for every mistake in the pages, before MkDocs writes
        any page or checks any anchor (so a failed page floods nothing)."""
        if self.problems:
            count = len(self.problems)
            head = f"{count} problem{'s' if count > 1 else ''} in the pages:"
            raise PluginError("\n".join([head, *self.problems]))
