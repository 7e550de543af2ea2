"""Every page states what it is and when it was last reviewed.

Checked before the macros run, so a missing date fails the build with the
page, the line and what to write, like every other editor mistake.
"""

from __future__ import annotations

import datetime as dt

import yaml
from mkdocs.utils import meta as mkdocs_meta

REQUIRED = ("description", "reviewed", "next_review")
MAX_YEARS = 3


def key_line(raw: str, key: str) -> int:
    for number, line in enumerate(raw.splitlines(), 1):
        if line.startswith(f"{key}:"):
            return number
        if number > 1 and line.strip() == "---":
            break
    return 1


def suggested(key: str, today: dt.date | None = None) -> str:
    """A date that passes the checks: today for 'reviewed', a year on for 'next_review'."""
    today = today or dt.date.today()
    if key == "next_review":
        try:
            return today.replace(year=today.year + 1).isoformat()
        except ValueError:  # 29 February
            return (today + dt.timedelta(days=365)).isoformat()
    return today.isoformat()


def problems(meta: dict, raw: str) -> list[tuple[int, str]]:
    """(line, message) for each problem in a page's front matter."""
    out: list[tuple[int, str]] = []
    block = mkdocs_meta.YAML_RE.match(raw)
    if block and not meta:
        # MkDocs silently ignores front matter it cannot parse; say why.
        try:
            yaml.safe_load(block.group(1))
        except yaml.MarkedYAMLError as err:
            line = (err.problem_mark.line + 2) if err.problem_mark else 1  # block starts on line 2
            return [(line, f"the front matter is not valid YAML ({err.problem}). "
                           "Put values that contain a colon in quotes.")]
    for key in REQUIRED:
        if key not in meta or meta[key] in (None, ""):
            example = suggested(key) if key != "description" else "one sentence on what the page covers"
            out.append((1, f"the front matter has no '{key}'. Add a line '{key}: {example}' "
                           "between the --- lines at the top."))
    if isinstance(meta.get("description"), str) and len(meta["description"]) > 160:
        out.append((key_line(raw, "description"),
                    "the description is over 160 characters; search results cut it off. Shorten it."))
    dates = {}
    for key in ("reviewed", "next_review"):
        value = meta.get(key)
        if key in meta and not isinstance(value, dt.date):
            out.append((key_line(raw, key),
                        f"'{key}' must be a date written as YYYY-MM-DD, like {suggested(key)}."))
        elif isinstance(value, dt.date):
            dates[key] = value
    if len(dates) == 2:
        reviewed, due = dates["reviewed"], dates["next_review"]
        if due <= reviewed:
            out.append((key_line(raw, "next_review"), "next_review must come after reviewed."))
        elif due > reviewed.replace(year=reviewed.year + MAX_YEARS):
            out.append((key_line(raw, "next_review"),
                        f"next_review is more than {MAX_YEARS} years after reviewed. "
                        "Review pages at least every 3 years."))
    return out
