"""Markdown slips that Python-Markdown builds without a word: each is found
in the page's HTML and traced back to its line in the page's source.

- bold left open: `**` shows as two stars on the page;
- a table swallowed by a list or paragraph: `|` rows or `|---|` show as text;
- a skipped heading level: `####` straight after `##` breaks the outline
  that screen readers and the table of contents follow.
"""

from __future__ import annotations

import html as html_lib
import re
from typing import Iterator

_CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.S)


def _text(html: str) -> str:
    """The page's visible text, without code (where stars and pipes are meant)."""
    return html_lib.unescape(_TAG.sub(" ", _CODE.sub(" ", html)))


def _line(source: str, test) -> int | None:
    """The first source line (1-based, front matter counted) that passes `test`."""
    in_fence = False
    for number, line in enumerate(source.splitlines(), 1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if not in_fence and test(line):
            return number
    return None


def slips(html: str, source: str) -> Iterator[tuple[int | None, str]]:
    """(line, message) for each slip in one page."""
    text = _text(html)
    if "**" in text:
        after = text.split("**", 1)[1].split()
        words = " ".join(after[:3])
        # The stray mark is the one right before the words readers see after it.
        line = None
        for n in range(min(3, len(after)), 0, -1):
            pattern = re.compile(r"\*\*\s*" + r"\s+".join(map(re.escape, after[:n])))
            line = _line(source, lambda l: pattern.search(l) is not None)
            if line:
                break
        yield line, ("a bold mark '**' is not closed, so readers see two stars"
                     + (f" before '{words}'" if words else "") + ". Add the closing '**' "
                     "on the same line, or remove the stray one.")
    if re.search(r"\|\s*:?-{3,}:?\s*\|", text):
        separator = _line(source, lambda l: re.search(r"\|\s*:?-{3,}", l) is not None
                          and _is_swallowed_table(source, l))
        # Named by its first row, the one above the |---| row.
        yield (separator - 1 if separator else None), (
            "a table shows as plain text with '|' marks: it is joined to the list or "
            "paragraph above it. Leave a blank line before the table, and start its rows "
            "at the left edge (or indent every row 4 spaces to put it inside a list item).")
    previous = None
    for level, title in _HEADING.findall(html):
        level = int(level)
        if previous is not None and level > previous + 1:
            name = " ".join(_text(title).replace("¶", "").split())
            marks = "#" * level
            line = _line(source, lambda l: l.lstrip().startswith(marks + " ") and name[:20] in l)
            yield line, (f"the heading '{name}' is level {level} ({marks}) straight after a "
                         f"level {previous} heading, so the outline skips a level. Use "
                         f"{'#' * (previous + 1)} instead.")
        previous = level


def _is_swallowed_table(source: str, separator: str) -> bool:
    """A table's separator row whose header row follows a non-table line
    with no blank line between (so Markdown reads them as one paragraph)."""
    lines = source.splitlines()
    i = lines.index(separator)
    if i < 2:
        return True
    header, above = lines[i - 1], lines[i - 2]
    return "|" in header and above.strip() != "" and "|" not in above
