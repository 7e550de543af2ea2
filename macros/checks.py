"""Content checks on the built site: reading grade and unsupported claims.

Callable on its own (`python -m macros check --site-dir site`) and used by
the tests, so an editor sees the same figures the tests judge.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

MAX_GRADE = 6.0

# Whole elements whose text is not running prose: tables, code, the
# reference list and footnotes, the review-date line, heading anchors.
_SKIP_TAGS = {"table", "pre", "code", "script", "style", "svg", "nav"}
_SKIP_CLASSES = {"footnote", "fn-sources", "fn-review", "headerlink", "md-source-file",
                 "fn-handout-actions"}
_VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "figcaption",
           "blockquote", "div", "td", "th"}


class _Prose(HTMLParser):
    """Collects the text of the article, one entry per block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, skipping)
        self.in_article = 0

    def skipping(self) -> bool:
        return any(skip for _, skip in self.stack)

    def flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        if tag == "article":
            self.in_article += 1
        skip = tag in _SKIP_TAGS or bool(classes & _SKIP_CLASSES) or tag == "sup"
        if tag in _BLOCKS:
            self.flush()
        self.stack.append((tag, skip))

    def handle_startendtag(self, tag, attrs):
        if tag not in _VOID:  # <div/> and the like still open and close
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in _VOID:  # never on the stack; must not close what is
            return
        if tag == "article":
            self.in_article -= 1
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break
        if tag in _BLOCKS:
            self.flush()

    def handle_data(self, data):
        if self.in_article and not self.skipping():
            self.current.append(data)


def prose(html: str) -> str:
    """The page's running text. Blocks without end punctuation (headings,
    list items) end with a full stop, so they count as sentences of their own."""
    parser = _Prose()
    parser.feed(html)
    parser.flush()
    out = []
    for block in parser.blocks:
        block = block.replace("¶", "").strip()
        if not block:
            continue
        out.append(block if block[-1] in ".!?:" else block + ".")
    return " ".join(out)


def grade(text: str) -> float:
    import textstat  # pinned offline-capable version; see pyproject.toml

    return float(textstat.flesch_kincaid_grade(text))


# Claims the evidence does not support, and product names. A sentence may
# name a claim only to say it is not true ("Massage does not remove toxins"),
# or to report that others make it ("Some ads claim...").
BANNED = {
    "detox": r"\bdetox\w*",
    "toxins": r"\btoxin\w*",
    "boosting circulation": r"\b(boost|improv|increas|stimulat|promot|enhanc)\w* (your |the |blood )?(circulation|blood flow)",
    "curing": r"\bcur(e|es|ed|ing)\b",
    "organ-map diagnosis": r"\b(reflex(ology)? (zones?|points?) (for|linked to|connected to|that match)|(zones?|points?) (that )?(correspond|connect)\w* to (your |the )?(organs?|glands?))",
    "second heart": r"\bsecond heart\b",
    "energy flow": r"\benergy (flow|channels?|meridians?)\b|\bmeridian",
    "product names": r"\bkerassentials\b",
}
# Absolute statements about blood flow go past small lab studies either way:
# say what the studies found instead. No framing clears these.
ABSOLUTE = {
    "absolute blood-flow claim": r"\b(does not|doesn't|do not|don't|cannot|can't|will not|won't|never)\s+"
                                 r"(\w+\s+){0,2}(raise|increase|improve|boost|change|affect|move|push)\w*\s+"
                                 r"(\w+\s+){0,2}(blood flow|circulation)",
}
# A claim is cleared only when a negation or a report of someone else's
# claim governs it: in its own clause, within a few words before it.
_CLEARS = re.compile(r"\b(not|no|never|nor|isn't|doesn't|don't|cannot|can't|myths?|claims?|claimed|"
                     r"say|says|said)\b", re.I)
_WINDOW = 12  # words


def _cleared(sentence: str, start: int) -> bool:
    clause = re.split(r"[,;:(]", sentence[:start])[-1]
    return bool(_CLEARS.search(" ".join(clause.split()[-_WINDOW:])))


def claims(text: str) -> list[tuple[str, str]]:
    """(what, sentence) for each sentence that makes a banned claim."""
    found = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        for what, pattern in BANNED.items():
            # Every mention is judged on its own: "No one claims X, but it does X" fails.
            if any(what == "product names" or not _cleared(sentence, m.start())
                   for m in re.finditer(pattern, sentence, re.I)):
                found.append((what, sentence.strip()))
        for what, pattern in ABSOLUTE.items():
            if re.search(pattern, sentence, re.I):
                found.append((what, sentence.strip()))
    return found


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html")
                  if "assets" not in p.parts and "handouts" not in p.parts)


def report(site: Path) -> tuple[list[str], list[str]]:
    """(lines to print, problems) for every page of a built site."""
    lines, problems = [], []
    for page in pages(site):
        rel = page.relative_to(site).as_posix()
        html = page.read_text(encoding="utf-8")
        text = prose(html)
        g = grade(text)
        lines.append(f"{g:5.1f}  {len(text.split()):5d} words  {rel}")
        if g > MAX_GRADE:
            problems.append(f"{rel}: reading grade {g:.1f} is above {MAX_GRADE:g}. "
                            "Use shorter sentences and shorter words.")
        for what, sentence in claims(text):
            problems.append(f"{rel}: unsupported claim ({what}): \"{sentence}\"")
    return lines, problems
