"""MkDocs' own warnings about links and the navigation, with the file, the
line and the fix.

MkDocs says "Doc file 'about.md' contains a link 'safty.md', but the target
is not found" with no line, and lists pages left out of the navigation with
no word on where to add them. A logging filter on the two MkDocs loggers
rewrites each such record in place, so it keeps its level (strict mode still
fails on it) and the editor reads one line: file, line, what is wrong, what
to do.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from .hints import closest

LINK = re.compile(r"Doc file '(?P<src>[^']+)' contains (?P<kind>an unrecognized relative link|"
                  r"an absolute link|a link) '(?P<url>[^']+)'(?P<rest>.*)", re.S)
NAV = re.compile(r'The following pages exist in the docs directory, but are not included '
                 r'in the "nav" configuration:\n(?P<pages>.*)', re.S)
SUGGESTION = re.compile(r"Did you mean '([^']+)'\?")
LOGGERS = ("mkdocs.structure.pages", "mkdocs.structure.nav")


def line_of(text: str, needle: str) -> int | None:
    """The first line that holds `needle` as a link target, else anywhere."""
    for pattern in (f"]({needle})", f"]({needle} ", f"({needle}", needle):
        at = text.find(pattern)
        if at >= 0:
            return text.count("\n", 0, at) + 1
    return None


class Located(logging.Filter):
    footnotes_located = True  # found again (and replaced) on the next on_config

    def __init__(self, docs_dir: str, config_file: str) -> None:
        super().__init__()
        self.docs = Path(docs_dir)
        self.shown = os.path.basename(os.path.normpath(docs_dir))
        self.config_file = Path(config_file)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        new = self.link(message) or self.nav(message)
        if new:
            record.msg, record.args = new, ()
        return True

    def _source(self, src: str) -> str:
        try:
            return (self.docs / src).read_text(encoding="utf-8")
        except OSError:
            return ""

    def link(self, message: str) -> str | None:
        m = LINK.match(message)
        if not m:
            return None
        src, url, rest = m["src"], m["url"], m["rest"]
        line = line_of(self._source(src), url)
        where = f"{self.shown}/{src}:{line}" if line else f"{self.shown}/{src}"
        if not line:
            where += " (the link comes from a macro on this page)"
        suggestion = SUGGESTION.search(rest)
        better = f" Did you mean '{suggestion[1]}'?" if suggestion else self.nearest(src, url)
        if "does not contain an anchor" in rest or "no such anchor" in rest:
            page, _, anchor = url.partition("#")
            problem = (f"the link '{url}' goes to '#{anchor}', which is not a heading or "
                       f"note on {page or 'this page'}.")
            fix = ("Copy the address from the heading's link symbol on the built page, "
                   "or link to the page without the '#' part.")
        elif m["kind"] == "a link":
            problem = f"the link '{url}' goes to a page that does not exist.{better}"
            fix = f"Link to a file that is in {self.shown}/, written as it is named there."
        else:
            problem = f"the link '{url}' is not a link to a page of the guide.{better}"
            fix = "Link to the page's .md file, as in [Safety first](safety.md)."
        return f"{where}: {problem} {fix}"

    def nearest(self, src: str, url: str) -> str:
        """' Did you mean ...?' with the page files closest to the link, as
        the page would write them."""
        here = (self.docs / src).parent
        pages = {os.path.relpath(p, here).replace(os.sep, "/").removesuffix(".md"): p
                 for p in self.docs.rglob("*.md")}
        near = [f"{stem}.md" for stem in closest(url.partition("#")[0].removesuffix(".md"),
                                                  pages, n=2)]
        return (" Did you mean " + " or ".join(f"'{p}'" for p in near) + "?") if near else ""

    def nav(self, message: str) -> str | None:
        m = NAV.match(message)
        if not m:
            return None
        try:
            config = self.config_file.read_text(encoding="utf-8")
        except OSError:
            config = ""
        nav_line = line_of(config, "\nnav:")
        at = f" (line {nav_line + 1})" if nav_line else ""
        pages = [p.strip()[2:] for p in m["pages"].splitlines() if p.strip().startswith("- ")]
        return "\n".join(
            f"{self.shown}/{page}:1: this page is not in the navigation, so readers cannot "
            f"find it. Add it under 'nav:' in {self.config_file.name}{at}, as "
            f"'- Title: {page}', or delete the file." for page in pages)


def install(docs_dir: str, config_file: str) -> None:
    """Put the filter on MkDocs' page and navigation loggers, replacing one
    that an earlier build of the same preview put there."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        for old in [f for f in logger.filters if getattr(f, "footnotes_located", False)]:
            logger.removeFilter(old)
        logger.addFilter(Located(docs_dir, config_file))
